"""Which cart line a customer means: "it", "that", "the last one" (the line changed last), "the
drink" (a line of the drinks category), "the burgers" (lines whose item has that word), "one of
the muffins" (one of that line), or an item named outright."""

from __future__ import annotations

from dataclasses import dataclass

from agent.understanding.entities import Kind, Mention, match_size
from agent.understanding.lexicon import ItemEntry, MenuLexicon, Polarity, split_polarity
from agent.understanding.text import BOUNDARY

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


ONE_WORDS = frozenset({"one", "ones", "1"})
_ARTICLES = frozenset({"the", "a", "an", "some", "any"})


_POINTERS = frozenset({"the", "that", "this"})


def option_named_one(words: list[str]) -> tuple[int, int] | None:
    """Where "the strawberry one" says which line by its option: the span of "strawberry"."""
    for index, word in enumerate(words):
        if word not in ONE_WORDS or index < 2:
            continue
        start = index - 1
        while start > 0 and words[start - 1] not in _POINTERS | BOUNDARY:
            start -= 1
        if start > 0 and words[start - 1] in _POINTERS and index - start <= 3:
            return start, index
    return None


def lines_by_option_named(cart: CartView, lexicon: MenuLexicon, words: list[str]) -> list[LineView]:
    """ "the strawberry one" of two milkshakes: the lines that have an option of that name
    (only when that picks some of the lines, not all)."""
    span = option_named_one(words)
    if span is None:
        return []
    said = {w for w in words[span[0] : span[1]] if len(w) > 2}
    if said and any(said <= lexicon.entry(line.item_id).words for line in cart.lines):
        return []  # "the strawberry one" with a Strawberry Slush ordered: that slush
    found = [
        line
        for line in cart.lines
        if said
        and any(
            said <= set(option.body)
            for modifier_id in line.modifier_ids
            if (option := lexicon.entry(line.item_id).option(modifier_id)) is not None
            and option.polarity is not Polarity.NO
        )
    ]
    return found if len(found) < len(cart.lines) else []


def lines_by_option_words(cart: CartView, lexicon: MenuLexicon, words: list[str]) -> list[LineView]:
    """ "one less sprite" of sodas with Coke and sodas with Sprite: the lines that have an
    option whose own words were all said (only when that picks some of the lines, not all)."""
    said = set(words)
    found = [
        line
        for line in cart.lines
        if any(
            (body := {w for w in option.body if len(w) > 2 and w not in _ARTICLES}) and body <= said
            for modifier_id in line.modifier_ids
            if (option := lexicon.entry(line.item_id).option(modifier_id)) is not None
            and option.polarity is not Polarity.NO
        )
    ]
    return found if len(found) < len(cart.lines) else []


def lines_by_option(cart: CartView, lexicon: MenuLexicon, words: list[str]) -> list[LineView]:
    """ "the one without tahini", "the ones with hot sauce": lines that have that option;
    "the plain one": the line of several like it that has none."""
    named = lines_by_option_named(cart, lexicon, words)
    if named:
        return named
    for index, word in enumerate(words):
        if word not in ONE_WORDS:
            continue
        if index > 0 and words[index - 1] in ("plain", "normal"):
            plain = [line for line in cart.lines if not line.modifier_ids]
            if plain and len(plain) < len(cart.lines):
                return plain
        end = next((i for i in range(index + 1, len(words)) if words[i] in BOUNDARY), len(words))
        span = tuple(words[index + 1 : end])
        if not span or span[0] not in ("with", "without", "no"):
            continue
        polarity, body = split_polarity(span)
        said = {w for w in body if w not in _ARTICLES and len(w) > 2}
        found = []
        for line in cart.lines:
            entry = lexicon.entry(line.item_id)
            for modifier_id in line.modifier_ids:
                option = entry.option(modifier_id)
                if option is None or not said & set(option.body):
                    continue
                if (option.polarity is Polarity.NO) == (polarity is Polarity.NO):
                    found.append(line)
                    break
        if found:
            return found
    return []


def size_pointer(mentions: list[Mention], words: list[str]) -> Mention | None:
    """The size that says which line in "the large one", "that big one", "the small pho": a
    size said between a pointer word and "one" or an item, not a size asked for."""
    for mention in mentions:
        if mention.kind is not Kind.SIZE or mention.start == 0 or mention.end >= len(words):
            continue
        if words[mention.start - 1] not in _POINTERS:
            continue
        if words[mention.end] in ONE_WORDS or any(
            m.kind is Kind.ITEM and m.start == mention.end for m in mentions
        ):
            return mention
    return None


def lines_by_size(
    cart: CartView, lexicon: MenuLexicon, mentions: list[Mention], words: list[str]
) -> list[LineView]:
    """ "add an egg yolk to the big one" of a large and a small bowl: the lines in that size
    (only when that picks some of the lines, not all)."""
    pointer = size_pointer(mentions, words)
    if pointer is None:
        return []
    named = [m for m in mentions if m.kind is Kind.ITEM and m.start == pointer.end]
    found = [
        line
        for line in cart.lines
        if line.size_id is not None
        and (not named or line.item_id in named[0].items)
        and (size := match_size(lexicon.entry(line.item_id), pointer.words)) is not None
        and size.size.id == line.size_id
    ]
    return found if 0 < len(found) < len(cart.lines) else []


ORDINALS = {
    **{w: i for i, w in enumerate(("first", "second", "third", "fourth", "fifth"))},
    **{w: i for i, w in enumerate(("1st", "2nd", "3rd", "4th", "5th"))},
}  # the customer's words have "1st" for "first"


def line_by_ordinal(cart: CartView, lexicon: MenuLexicon, words: list[str]) -> LineView | None:
    """ "the first one", "the second sandwich": that line in the order the cart has them, of
    the lines the noun after it names (all of them after "one")."""
    for index, word in enumerate(words):
        if word not in ORDINALS or index == 0 or words[index - 1] != "the":
            continue
        noun = words[index + 1 : index + 2]
        if not noun or noun[0] in BOUNDARY:
            return None  # "the first": not a line ("for the first time")
        if noun[0] in ONE_WORDS:
            lines = list(cart.lines)
        else:  # "the second wrap": of the lines whose names say "wrap" (else their section)
            named = [ln for ln in cart.lines if noun[0] in lexicon.entry(ln.item_id).words]
            lines = named or lines_by_word(cart, lexicon, noun)
        position = ORDINALS[word]
        return lines[position] if position < len(lines) and len(lines) > 1 else None
    return None


def mention_words(lexicon: MenuLexicon, mention: Mention) -> tuple[str, ...]:
    """The words of the section a CATEGORY mention names ("chicken" of "Chicken")."""
    phrases = _phrases_of(lexicon, mention.words[0])
    return min(phrases, key=len) if phrases else ()


def _category_phrases(lexicon: MenuLexicon, entry: ItemEntry) -> set[tuple[str, ...]]:
    return _phrases_of(lexicon, entry.category.id)


def _phrases_of(lexicon: MenuLexicon, category_id: str) -> set[tuple[str, ...]]:
    for category, phrases in lexicon.categories:
        if category.id == category_id:
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
    by_position = line_by_ordinal(cart, lexicon, words)
    if by_position is not None:
        return [by_position]
    by_option = lines_by_option(cart, lexicon, words)
    if by_option:
        return by_option
    by_size = lines_by_size(cart, lexicon, mentions, words)
    if by_size:
        return by_size
    options = {m.modifier.modifier.id for m in mentions if m.kind is Kind.MODIFIER and m.modifier}
    for mention in mentions:
        if mention.kind is Kind.ITEM:
            named = lines_named(cart, mention)
            with_options = [line for line in named if options <= set(line.modifier_ids)]
            if options and len(named) > 1 and with_options:
                return with_options  # "the ham melt with pickles" of two melts
            if named:
                return named
    for mention in mentions:
        if mention.kind is Kind.CATEGORY:
            in_category = [
                line
                for line in cart.lines
                if lexicon.entry(line.item_id).category.id == mention.words[0]
            ]
            said = set(mention_words(lexicon, mention))
            named = [
                line for line in in_category
                if said <= set(lexicon.entry(line.item_id).phrases[0])
            ]  # fmt: skip
            if named and len(named) < len(in_category):
                return named  # "remove the chicken": the Bone-In Chicken, not the drumsticks too
            if in_category:
                return in_category
    by_word = lines_by_word(cart, lexicon, [w for w in words if w not in _REFERENCE_NOISE])
    if by_word:
        return by_word
    by_option_words = lines_by_option_words(cart, lexicon, words)
    if by_option_words:
        return by_option_words
    if reference or not mentions:
        last = cart.last
        others = [ln for ln in cart.lines if last is not None and ln.item_id == last.item_id]
        if "other" in words and last is not None and len(others) == 2:
            # "the other one needs hazelnut" of two lattes, one just talked about
            return [ln for ln in others if ln.line_id != last.line_id]
        return [last] if last is not None else []
    return []


_REFERENCE_NOISE = frozenset(
    "it that this one the last thing item them those these first second other make change "
    "take off remove want".split()
)
