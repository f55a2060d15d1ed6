"""Which cart line a customer means: "it", "that", "the last one" (the line changed last), "the
drink" (a line of the drinks category), "the burgers" (lines whose item has that word), "one of
the muffins" (one of that line), or an item named outright."""

from __future__ import annotations

from dataclasses import dataclass

from agent.understanding.entities import Kind, Mention
from agent.understanding.lexicon import ItemEntry, MenuLexicon

DRINK_WORDS = frozenset({"drink", "beverage", "soda", "pop", "soft"})


@dataclass(frozen=True)
class LineView:
    line_id: str
    item_id: str
    name: str
    size_id: str | None
    modifier_ids: tuple[str, ...]
    quantity: int


@dataclass(frozen=True)
class CartView:
    """What the understanding may know of the desk: the open cart and the last line touched."""

    lines: tuple[LineView, ...] = ()
    last_line_id: str | None = None

    def line(self, line_id: str | None) -> LineView | None:
        return next((line for line in self.lines if line.line_id == line_id), None)

    @property
    def last(self) -> LineView | None:
        return self.line(self.last_line_id) or (self.lines[-1] if self.lines else None)


def lines_named(cart: CartView, mention: Mention) -> list[LineView]:
    """Cart lines of the item(s) a mention may name (ambiguous mentions narrow to the cart)."""
    return [line for line in cart.lines if line.item_id in mention.items]


def lines_by_word(cart: CartView, lexicon: MenuLexicon, words: list[str]) -> list[LineView]:
    """ "the drink", "the burger", "the soup": lines whose category or item has that word."""
    wanted = {w for w in words if len(w) > 2}
    found = []
    for line in cart.lines:
        entry: ItemEntry = lexicon.entry(line.item_id)
        category_words = {w for p in _category_phrases(lexicon, entry) for w in p}
        drinkish = bool(DRINK_WORDS & wanted) and _is_drink(entry)
        if wanted & (entry.words | category_words) or drinkish:
            found.append(line)
    return found


def _category_phrases(lexicon: MenuLexicon, entry: ItemEntry) -> set[tuple[str, ...]]:
    for category, phrases in lexicon.categories:
        if category.id == entry.category.id:
            return phrases
    return set()


def _is_drink(entry: ItemEntry) -> bool:
    words = {w for p in (entry.category.name.lower(), entry.category.id) for w in p.split()}
    return bool(
        words & {"drinks", "drink", "beverages", "beverage", "sodas", "coffee", "tea", "teas",
                 "juices", "smoothies", "shakes", "espresso", "refreshers"}
    )  # fmt: skip


def resolve(
    cart: CartView,
    lexicon: MenuLexicon,
    mentions: list[Mention],
    words: list[str],
    *,
    reference: bool,
) -> list[LineView]:
    """The lines a clause is about, best guess first; [] when nothing in the cart fits."""
    for mention in mentions:
        if mention.kind is Kind.ITEM:
            named = lines_named(cart, mention)
            if named:
                return named
    for mention in mentions:
        if mention.kind is Kind.CATEGORY:
            in_category = [
                line
                for line in cart.lines
                if lexicon.entry(line.item_id).category.id == mention.words[0]
            ]
            if in_category:
                return in_category
    by_word = lines_by_word(cart, lexicon, [w for w in words if w not in _REFERENCE_NOISE])
    if by_word:
        return by_word
    if reference or not mentions:
        last = cart.last
        return [last] if last is not None else []
    return []


_REFERENCE_NOISE = frozenset(
    "it that this one the last thing item them those these first second other make change "
    "take off remove want".split()
)
