"""What a menu gives the understanding: the words of every item, size, modifier and category,
normalized like customer speech, with sound-alike keys for recognition slips. Built once per
menu; nothing here knows any particular menu."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from agent.matching import phonetic_key
from agent.menu import Category, Menu, MenuItem, Modifier, Size
from agent.understanding.text import phrase_tokens


class Polarity(Enum):
    """How a modifier changes an item: take something off, put it on, more of it, less of it,
    or a plain choice ("oat milk", "decaf", "25% sugar")."""

    NO = "no"
    ADD = "add"
    EXTRA = "extra"
    LESS = "less"
    PLAIN = "plain"


POLARITY_CUES: tuple[tuple[tuple[str, ...], Polarity], ...] = tuple(
    (tuple(cue.split()), polarity)
    for cue, polarity in (
        ("with no", Polarity.NO), ("without any", Polarity.NO), ("without", Polarity.NO),
        ("hold the", Polarity.NO), ("hold", Polarity.NO), ("no more", Polarity.NO),
        ("minus the", Polarity.NO), ("minus", Polarity.NO), ("skip the", Polarity.NO),
        ("leave off the", Polarity.NO), ("leave out the", Polarity.NO), ("no", Polarity.NO),
        ("not", Polarity.NO), ("none", Polarity.NO), ("remove the", Polarity.NO),
        ("take off the", Polarity.NO),
        ("with extra", Polarity.EXTRA), ("extra", Polarity.EXTRA), ("double", Polarity.EXTRA),
        ("a lot of", Polarity.EXTRA), ("lots of", Polarity.EXTRA), ("more", Polarity.EXTRA),
        ("heavy", Polarity.EXTRA), ("plenty of", Polarity.EXTRA),
        ("with less", Polarity.LESS), ("less", Polarity.LESS), ("light", Polarity.LESS),
        ("lite", Polarity.LESS), ("easy on the", Polarity.LESS), ("easy on", Polarity.LESS),
        ("a little", Polarity.LESS), ("little", Polarity.LESS),
        ("add", Polarity.ADD), ("with a side of", Polarity.ADD), ("with", Polarity.ADD),
        ("plus", Polarity.ADD), ("put", Polarity.ADD), ("throw in", Polarity.ADD),
        ("make it", Polarity.PLAIN), ("make that", Polarity.PLAIN), ("on", Polarity.PLAIN),
        ("in", Polarity.PLAIN),
    )
)  # fmt: skip
POLARITY_CUES = tuple(sorted(POLARITY_CUES, key=lambda pair: -len(pair[0])))
BODY_FILLERS = frozenset({"the", "a", "an", "some", "of", "please", "it", "them", "any", "my"})
SIZE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "big": ("large",), "bigger": ("large",), "biggest": ("large",), "huge": ("large",),
    "largest": ("large",), "lg": ("large",), "little": ("small",), "smaller": ("small",),
    "smallest": ("small",), "sm": ("small",), "kid": ("small", "kids"), "child": ("small",),
    "regular": ("medium", "regular"), "normal": ("medium", "regular"), "med": ("medium",),
    "mid": ("medium",), "middle": ("medium",), "pc": ("piece",), "ounce": ("oz",),
    "litre": ("liter",), "l": ("liter",), "sized": (),
}  # fmt: skip


def split_polarity(words: tuple[str, ...]) -> tuple[Polarity, tuple[str, ...]]:
    """ "without onions" → (NO, (onion,)); "25 percent sugar" → (PLAIN, (25, percent, sugar))."""
    for cue, polarity in POLARITY_CUES:
        if words[: len(cue)] == cue and len(words) > len(cue):
            body = tuple(w for w in words[len(cue) :] if w not in BODY_FILLERS)
            return polarity, body or words[len(cue) :]
    return Polarity.PLAIN, tuple(w for w in words if w not in BODY_FILLERS) or words


@dataclass(frozen=True)
class ModifierEntry:
    modifier: Modifier
    polarity: Polarity
    body: tuple[str, ...]
    key: str


@dataclass(frozen=True)
class SizeEntry:
    size: Size
    phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ItemEntry:
    item: MenuItem
    category: Category
    phrases: tuple[tuple[str, ...], ...]
    compact: tuple[str, ...]
    keys: tuple[str, ...]
    sizes: tuple[SizeEntry, ...]
    modifiers: tuple[ModifierEntry, ...]

    @property
    def words(self) -> set[str]:
        return {w for phrase in self.phrases for w in phrase}


def _size_entry(size: Size) -> SizeEntry:
    phrases = {phrase_tokens(size.name), phrase_tokens(size.id.replace("_", " "))}
    return SizeEntry(size, tuple(sorted(p for p in phrases if p)))


def _modifier_entry(modifier: Modifier) -> ModifierEntry:
    polarity, body = split_polarity(phrase_tokens(modifier.name))
    if polarity is Polarity.PLAIN and body[:1] == ("make",):
        body = body[1:] or body
    return ModifierEntry(modifier, polarity, body, phonetic_key(" ".join(body)))


class MenuLexicon:
    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        self.items: list[ItemEntry] = []
        for category in menu.categories:
            for item in category.items:
                raw = (item.name, *item.aliases, item.id.replace("_", " "))
                phrases = tuple(dict.fromkeys(p for p in (phrase_tokens(r) for r in raw) if p))
                self.items.append(
                    ItemEntry(
                        item=item,
                        category=category,
                        phrases=phrases,
                        compact=tuple("".join(p) for p in phrases),
                        keys=tuple(phonetic_key(" ".join(p)) for p in phrases),
                        sizes=tuple(_size_entry(s) for s in item.sizes),
                        modifiers=tuple(_modifier_entry(m) for m in item.modifiers),
                    )
                )
        self.by_id = {entry.item.id: entry for entry in self.items}
        items_with: defaultdict[str, set[str]] = defaultdict(set)
        for entry in self.items:
            for word in entry.words:
                items_with[word].add(entry.item.id)
        self.items_with_word: dict[str, set[str]] = dict(items_with)
        self.size_phrases: set[tuple[str, ...]] = {
            p for entry in self.items for s in entry.sizes for p in s.phrases
        }
        self.size_phrases |= {(word,) for word in SIZE_SYNONYMS}
        self.modifier_words = {
            w
            for entry in self.items
            for m in entry.modifiers
            for w in m.body
            if len(w) > 2 or w.isdigit()  # "25" of "25% sweet" too
        }
        self.categories = [
            (category, {phrase_tokens(category.name), phrase_tokens(category.id.replace("_", " "))})
            for category in menu.categories
        ]
        self.diet_words = _diet_words(menu)
        self.vocabulary = (
            set(self.items_with_word)
            | self.modifier_words
            | {w for p in self.size_phrases for w in p}
            | {w for _, phrases in self.categories for p in phrases for w in p}
        )

    def entry(self, item_id: str) -> ItemEntry:
        return self.by_id[item_id]

    def size_words_of(self, entry: ItemEntry) -> set[str]:
        return {w for s in entry.sizes for p in s.phrases for w in p}


DIET_SYNONYMS = {
    "veggie": "vegetarian", "vegetarian": "vegetarian", "meatless": "vegetarian",
    "vegan": "vegan", "plant": "vegan", "gluten": "gluten_free", "celiac": "gluten_free",
    "coeliac": "gluten_free", "dairy": "dairy", "lactose": "dairy", "milk": "dairy",
    "nut": "nuts", "peanut": "peanuts", "tree": "tree_nuts", "shellfish": "shellfish",
    "egg": "egg", "soy": "soy", "sesame": "sesame", "spicy": "spicy", "halal": "halal",
    "kosher": "kosher", "keto": "keto", "fish": "fish", "wheat": "gluten",
}  # fmt: skip


def _diet_words(menu: Menu) -> dict[str, str]:
    """Words that name a diet or allergen → the menu's tag word, from the menu's own tags and
    common ways of saying them."""
    words = dict(DIET_SYNONYMS)
    for tag in menu.dietary_tags() | menu.allergens():
        for word in tag.split("_"):
            if word not in ("free", "friendly", "option"):
                words.setdefault(word, tag)
    return words
