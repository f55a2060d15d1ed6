"""Does an utterance ask for a change to the order? Used on every answer to a read-back: a
"yes, and a large coke" is a change request, never a yes."""

from __future__ import annotations

from agent.core.menu import Menu
from agent.understanding.acts import PLACE_CUES
from agent.understanding.entities import EntityLinker, Kind
from agent.understanding.lexicon import MenuLexicon
from agent.understanding.text import without_phrases

CHANGE_WORDS = frozenset(
    "add remove change swap switch replace instead without extra make another more less "
    "drop delete cancel take minus hold larger smaller bigger".split()
)


class ChangeDetector:
    def __init__(self, menu: Menu, lexicon: MenuLexicon | None = None) -> None:
        self._lexicon = lexicon or MenuLexicon.of(menu)
        self._linker = EntityLinker(self._lexicon)

    def mentions_change(self, text: str) -> bool:
        # "ring it up", "send it through": asking to place is no change ("ring" is no item)
        words, _ = without_phrases(self._lexicon.words_of(text), PLACE_CUES)
        if CHANGE_WORDS & set(words):
            return True
        for mention in self._linker.link(words):
            if mention.kind in (Kind.ITEM, Kind.SIZE, Kind.MODIFIER):
                return True
            if mention.kind is Kind.QUANTITY and words[mention.start].isdigit():
                return True
        return False
