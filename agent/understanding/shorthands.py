"""Names a menu's own descriptions give to a set of an item's options: 'take it "double double"
(2 cream 2 sugar)', "rot-weiß means ketchup and mayo". A customer who says the name means those
options; said with no item beside it, it means the item whose description gives it. Found in
the text of any menu; nothing here knows one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.core.menu import Menu, MenuItem
from agent.understanding.text import phrase_tokens

QUOTED = re.compile(r"[\"“”]([^\"“”()]{2,40})[\"“”]\s*\(([^()]{2,100})\)")
"""'"regular" (1 cream 1 sugar)': a quoted name, its options in brackets."""
MEANS = re.compile(
    r"(?:^|[.;:!?(])\s*([^.;:!?,()\"“”]{2,40}?)\s+"
    r"(?:means|is short for|stands for)\s+([^.;()]{2,100})",
    re.IGNORECASE,
)
"""'rot-weiß means ketchup and mayo': a name of at most a few words, then what it means."""
MOST_WORDS = 3
JOINERS = frozenset({"and", "with", "plus", "or"})


@dataclass(frozen=True)
class Shorthand:
    phrase: tuple[str, ...]
    item_id: str
    options: tuple[tuple[str, ...], ...]
    """The words of each option's name, as the item lists them."""


def described(menu: Menu) -> tuple[Shorthand, ...]:
    """Every shorthand the menu's descriptions give; a name given for two items with other
    options is left out (it would say neither for sure)."""
    found: dict[tuple[str, ...], set[Shorthand]] = {}
    for category in menu.categories:
        for item in category.items:
            for shorthand in _of_item(item):
                found.setdefault(shorthand.phrase, set()).add(shorthand)
    return tuple(
        next(iter(named))
        for named in found.values()
        if len({s.options for s in named}) == 1 and len({s.item_id for s in named}) == 1
    )


def _of_item(item: MenuItem) -> list[Shorthand]:
    text = item.description or ""
    out = []
    for pattern in (QUOTED, MEANS):
        for match in pattern.finditer(text):
            phrase = phrase_tokens(match.group(1))
            while phrase[:1] in (("the",), ("a",), ("an",)):
                phrase = phrase[1:]  # "the usual", said "a large usual"
            options = _options_in(phrase_tokens(match.group(2)), item)
            named = _names_an_option(phrase, item)
            if phrase and len(phrase) <= MOST_WORDS and options and not named:
                out.append(Shorthand(phrase, item.id, options))
    return out


def _names_an_option(phrase: tuple[str, ...], item: MenuItem) -> bool:
    return any(phrase_tokens(m.name) == phrase for m in item.modifiers)


def _options_in(words: tuple[str, ...], item: MenuItem) -> tuple[tuple[str, ...], ...] | None:
    """The item's options that the words name, every word of them ("1 cream 1 sugar",
    "ketchup and mayo"); None when a word is of no option."""
    names = sorted({phrase_tokens(m.name) for m in item.modifiers} - {()}, key=len, reverse=True)
    found: list[tuple[str, ...]] = []
    index = 0
    while index < len(words):
        if words[index] in JOINERS:
            index += 1
            continue
        name = next((n for n in names if words[index : index + len(n)] == n), None)
        if name is None:
            return None
        found.append(name)
        index += len(name)
    return tuple(dict.fromkeys(found)) or None
