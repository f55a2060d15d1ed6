"""Entity linking: which words of a clause name a menu item, a size, a modifier, a category, a
diet word or a quantity. Exact names and aliases first (longest wins), then modifiers led by a
cue ("without onions"), then partial names ("the pepperoni") and spelling or sound-alike slips
("keychup"); fuzzy matching never touches ordinary English words, so "that's it" is never an
item. Pure; works from the MenuLexicon of any menu."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz.distance import OSA  # spelling distance: transposed letters are one slip
from wordfreq import zipf_frequency

from agent.core.cart import MEASURE_WORDS
from agent.core.menu import Category
from agent.understanding.lexicon import (
    BODY_FILLERS,
    POLARITY_CUES,
    SCALES,
    SIZE_SYNONYMS,
    ItemEntry,
    MenuLexicon,
    ModifierEntry,
    Polarity,
    SizeEntry,
    split_cue,
    split_polarity,
)
from agent.understanding.matching import phonetic_key, similarity
from agent.understanding.text import BOUNDARY, number_of, phrase_tokens

MAX_SPAN = 5
FUZZY_ACCEPT = 84.0
FUZZY_EDGES_ACCEPT = 76.0
"""Between these a slip must also begin and end like the name ("cope" → coke, "wine" ≠ wings)."""
AMBIGUOUS_MARGIN = 4.0
HOMOPHONE_COUNTS = {"to": 2, "too": 2, "for": 4}
MIN_SPELLING = 0.55
"""A slip keeps much of its word's spelling: "keychup" 0.71, "lemonaid" 0.75, "cope" 0.75."""
MODIFIER_ACCEPT = 80.0

FUNCTION_WORDS = frozenset(
    """a an the this that these those it its it's them they their there here is are was were be
    been am do does did done have has had having i me my mine we us our you your he she him her
    of to for from in on at by with without about into onto off up down out over under again
    and or but so if then than too also just only very really quite actually maybe please thanks
    thank yes yeah yep yup no nope nah not okay ok sure right well oh um uh hmm er ah like love
    would will can could may might shall should must want need get got give take make made let
    go going gonna order ordering what which who whom whose when where why how all any some
    each every both either neither none one ones other another more most much many few lot
    little bit same such own now today tonight later soon still already ever never always
    everything anything something nothing else instead rather actually wait hold change swap
    switch replace remove drop add put keep think guess mean said say tell know see look sound
    good great fine perfect cool nice awesome done finish finished ready set all that's
    wrong correct correctly mistake sorry excuse hi hello hey bye goodbye welcome as well
    kind sort type way thing stuff time day thing guy guys folk""".split()
)


class Kind(Enum):
    ITEM = "item"
    SIZE = "size"
    MODIFIER = "modifier"
    QUANTITY = "quantity"
    CATEGORY = "category"
    DIET = "diet"


@dataclass
class Mention:
    kind: Kind
    start: int
    end: int
    score: float = 100.0
    items: tuple[str, ...] = ()
    """ITEM: the item ids it may name (one: linked; several: ambiguous)."""
    words: tuple[str, ...] = ()
    """SIZE / MODIFIER / DIET: the words said (a modifier's body); CATEGORY: its id."""
    polarity: Polarity = Polarity.PLAIN
    value: int = 0
    modifier: ModifierEntry | None = None
    exact: bool = True
    anchors: list[int] = field(default_factory=list)

    @property
    def item_id(self) -> str | None:
        return self.items[0] if len(self.items) == 1 else None

    def covers(self, index: int) -> bool:
        return self.start <= index < self.end


TIMES = ("times",)
"""QUANTITY said after the item ("twice", "x2"): a count of the one before it."""


BOTH = ("both",)
"""QUANTITY said after the item as who it is for ("for both of us"): two, unless counted."""
_FOR_BOTH = tuple(
    tuple(p.split())
    for p in (
        "for both of us", "for both of them", "for both of you", "for us both", "for them both",
        "for the 2 of us", "for the 2 of them", "for each of us 2", "1 each for both of us",
    )
)  # fmt: skip


def _for_both(words: list[str], index: int) -> int:
    """The length of "for both of us" (and the like) said at `index`, else 0."""
    for phrase in _FOR_BOTH:
        if tuple(words[index : index + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _times_said(words: list[str], index: int) -> tuple[int, int] | None:
    """A count said after what it counts: "twice", "thrice", "x2", "x 2", "times two";
    (count, words it takes)."""
    word = words[index]
    if word in ("twice", "thrice"):
        return (2 if word == "twice" else 3), 1
    if len(word) > 1 and word[0] == "x" and word[1:].isdigit():
        return int(word[1:]), 1
    if word in ("x", "time") and index + 1 < len(words):
        count = number_of(words[index + 1])
        if count is not None and count > 1 and (index == 0 or number_of(words[index - 1]) is None):
            return count, 2
    return None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    scores: dict[str, float]
    tier: int
    whole_slip: bool = False
    """Every word of an item's name said, one of them with a one-letter slip ("chicken rings")."""


COMMON_WORD_ZIPF = 4.3
"""Words at least this frequent in English (wordfreq's Zipf scale: "send" 5.1, "sound" 5.2)
are never fuzzy-matched to a menu name unless the menu uses them; slips like "keychup" (0.0),
"lemonaid" (0.0) or "peperoni" (1.4) are."""


def _is_content(word: str, lexicon: MenuLexicon) -> bool:
    return word not in FUNCTION_WORDS and word not in BOUNDARY and not word.isdigit()


def _container_of_next(
    words: list[str], candidate: _Candidate, candidates: list[_Candidate], lexicon: MenuLexicon
) -> bool:
    """ "a cup of toum", "two extra cups of radish": a measure said before an item is that
    item's, not a partial name of every item with it in a name or alias ("cup of tahini")."""
    span = words[candidate.start : candidate.end]
    measure = all(w in MEASURE_WORDS or w in FUNCTION_WORDS or w in SERVING_WORDS for w in span)
    # "a tub of scallion cream cheese": the word is in the name of what follows "of"
    holder = len(span) == 1 and words[candidate.end : candidate.end + 1] == ["of"]
    if not measure and not holder:
        return False
    after = candidate.end
    while after < len(words) and words[after] in FUNCTION_WORDS:
        after += 1
    following = [other for other in candidates if other.start == after]
    if measure:
        return bool(following)
    return any(
        other.tier >= 2 and any(span[0] in lexicon.by_id[i].phrases[0] for i in other.scores)
        for other in following
    )


def _fuzzy_eligible(word: str, lexicon: MenuLexicon) -> bool:
    if not _is_content(word, lexicon):
        return False
    return word in lexicon.vocabulary or zipf_frequency(word, "en") < COMMON_WORD_ZIPF


SENTENCE_ENDS = frozenset({"?", "!"})
"""Where a choice said bare stops belonging to the item before (a pause "..." does not)."""
QUANTIFIERS = frozenset("all both each every any some".split())
"""How many of an order a choice is for ("all mild"): never, alone, part of an option's name
("all white meat")."""
SERVING_WORDS = frozenset(
    "serve serves serving servings portion portions order orders side sides".split()
)
"""Words that count what follows: "two serves of the spring rolls" is two of them."""
POINTING_WORDS = frozenset("on in to for it them those these that this".split())
"""Words that point or place rather than name: an option is never found by how they sound."""


SIZE_WORDS = frozenset(
    "small medium large regular big bigger biggest huge largest little smaller smallest normal "
    "mid middle".split()
)
"""Words that say a size on any menu ("small", "big", "regular")."""
SCALE_WORDS = frozenset(w for scale in SCALES.values() for w in scale)
NOTE_WORDS = frozenset("only included each per charge when".split())
"""Words of a note in brackets ("10 inch only", "included"), not another name of an option
("cheesy chips", "boba")."""


PLAIN_ASIDES = frozenset("plain normal original regular classic nothing".split())
"""Asides that say "as it comes" ("half left original (plain)"): "just plain" is not them."""


def modifier_score(polarity: Polarity, body: tuple[str, ...], entry: ModifierEntry) -> float:
    """How well "(polarity) body" as said fits one of the item's modifiers (0–100)."""
    if not body or not entry.body:
        return 0.0
    if polarity is Polarity.NO and entry.aside == ("no", *body):
        return 100.0  # "no sugar" for "0% sugar (no sugar)": its other name, in brackets
    if (
        polarity is Polarity.NO
        and len(entry.body) > len(body) + 1
        and entry.body[-len(body) - 1 :] in (("no", *body), ("without", *body))
    ):
        return 95.0  # "hold the onions" for "salad, no onions": what it holds back
    if (
        polarity in (Polarity.PLAIN, Polarity.ADD)
        and body == entry.aside
        and len("".join(body)) >= 4  # not "O" or "C": those are said with the item's name
        and not set(body) & PLAIN_ASIDES
    ):
        return 100.0  # "siu dai" for "less sweet (siu dai)": its other name says it all
    wanted = entry.polarity
    if polarity is Polarity.NO and wanted is not Polarity.NO:
        return 0.0
    if wanted is Polarity.NO and polarity is not Polarity.NO:
        return 0.0
    if (polarity is Polarity.LESS) != (wanted is Polarity.LESS):
        return 0.0
    # "guac" for "guacamole", "jalap" for "jalapeno": a clipped word of the option's own
    body = tuple(_option_word(w, entry.body) for w in body)
    # "the green onion topping", "the soy garlic flavour": what kind of option it is
    body = tuple(w for w in body if w in entry.body or w not in OPTION_KIND_WORDS) or body
    if entry.replaces and set(body) <= set(entry.replaces):
        return 0.0  # "buffalo" is what "barbecue sauce instead of buffalo" takes away
    said_numbers = {w for w in body if w.isdigit()}
    option_numbers = {w for w in entry.body if w.isdigit()}
    if said_numbers and option_numbers and said_numbers != option_numbers:
        return 0.0  # "50% sweet" is not "25% sweet", however alike they look
    said, name = " ".join(body), " ".join(entry.body)
    if (
        body == entry.body
        or body == entry.core
        or (body == entry.aside and len(body[0]) > 2 and entry.body[0] not in PORTION_WORDS)
    ):
        score = 100.0  # "boba" for "tapioca pearls (boba)": its other name, in brackets
    elif all(w in FUNCTION_WORDS for w in body):
        return 0.0  # "just" alone is no part of "just a little chilli"
    elif len(body) == 1 and len(entry.body) >= 3 and body[0] in MEASURE_WORDS:
        return 0.0  # "half yangnyeom, half soy garlic": "half" alone is not "half left plain"
    elif all(w.isdigit() for w in body):
        return 0.0  # "no milk in that one": a number alone is not the "one sugar" option
    elif all(w in QUANTIFIERS for w in body) and body != entry.body:
        return 0.0  # "all mild": "all" is not the "all white meat" option
    elif (
        entry.body[0] in PORTION_WORDS
        and entry.body[0] not in body
        and not any(family[0] == "scale" for family in entry.families)
        and not any(w.isdigit() for w in body)  # "50 percent sweet" is the "half sweet (50%)"
    ):
        return 0.0  # "six wings original" is not the "half left original" of half-and-half
    elif (
        set(body) <= set(entry.body)
        and not set(body) & set(entry.core)
        and any(w.isdigit() or w in NOTE_WORDS for w in entry.aside)
    ):
        return 0.0  # "16 inch" is no part of "gluten-free base (10 inch only)": a note
    elif set(body) <= set(entry.body) and any(len(w) > 2 for w in body):
        # what brackets explain is no part of the name to say ("broth separately" of "broth
        # packed separately (takeaway)")
        whole = entry.core if set(body) <= set(entry.core) else entry.body
        score = 88.0 + 6.0 * len(body) / len(whole)
    elif set(entry.body) <= set(body) and len(body) <= len(entry.body) + 2:
        extra = set(body) - set(entry.body) - {"some", "little", "bit"}
        score = 92.0 - 5.0 * len(extra)  # words said that the option does not explain
    elif any(w in POINTING_WORDS and w not in entry.body for w in body):
        return 0.0  # "heat on" only sounds like "hot honey" with the "on" in it
    else:
        score = similarity(said, name)
        if phonetic_key(said) == entry.key and len(entry.key) >= 3:
            score = max(score, 90.0)
    if polarity is not wanted and {polarity, wanted} != {Polarity.ADD, Polarity.PLAIN}:
        # "extra bacon" for "add bacon" is close; "sweet" for "extra sweet" is not
        score -= 10.0 if wanted in (Polarity.EXTRA, Polarity.LESS) else 4.0
    return score


def _option_word(word: str, option: tuple[str, ...]) -> str:
    """The option's word that `word` is a clipped form ("guac" → guacamole) or an uncommon
    slip ("chese" → cheese) of; else `word`."""
    if word in option or len(word) < 4 or not word.isalpha():
        return word
    for target in option:
        if len(target) > len(word) and target.startswith(word):
            return target
    if zipf_frequency(word, "en") >= COMMON_WORD_ZIPF:
        return word
    for target in option:
        if len(target) >= 4 and OSA.normalized_similarity(word, target) >= SLIP_SIMILARITY:
            return target
    return word


KINDS = {
    "cheese": frozenset(
        """cheddar mozzarella mozz swiss american provolone parmesan parm feta gouda brie
        halloumi paneer colby monterey jack pepperjack asiago gruyere havarti queso""".split()
    ),
}
"""Everyday words for a kind of thing, and the kinds menus name instead ("cheese" for
"shredded cheddar")."""


def _kind_named(word: str, option: tuple[str, ...]) -> str:
    """The one word of the option that is a kind of `word` ("cheddar" for "cheese"), when the
    option does not say `word` itself; else `word`."""
    kinds = KINDS.get(word)
    if kinds is None or word in option:
        return word
    named = [w for w in option if w in kinds]
    return named[0] if len(named) == 1 else word


PORTION_WORDS = frozenset({"half", "left", "right", "quarter"})
"""An option that is for part of the item only ("half left original")."""
OPTION_KIND_WORDS = frozenset({"topping", "option", "choice", "flavour", "flavor", "addon"})
"""Words a customer names an option's kind with, not its content."""
SLIP_SIMILARITY = 0.8
LEVELS = {
    ("three", "quarter"): ("75", "percent"), ("quarter",): ("25", "percent"),
    ("half",): ("50", "percent"), ("full",): ("100", "percent"),
}  # fmt: skip
"""Levels said in words ("quarter sweet", "half sweet") and in numbers ("25% sweet")."""


def level_variants(body: tuple[str, ...]) -> list[tuple[str, ...]]:
    variants = [body]
    for words, number in LEVELS.items():
        for start in range(len(body) - len(words) + 1):
            if body[start : start + len(words)] == words:
                variants.append(body[:start] + number + body[start + len(words) :])
                break
    return variants


def best_modifier(
    entry: ItemEntry, polarity: Polarity, body: tuple[str, ...]
) -> tuple[float, ModifierEntry | None]:
    best: tuple[float, ModifierEntry | None] = (0.0, None)
    if body and set(body) <= PLACE_WORDS:
        return best  # "on top" alone is no "gummy bears on top"
    if polarity is Polarity.NO and body:
        zero = _zero_level(entry, body)
        if zero is not None:
            return (95.0, zero)
    # "swiss cheese": the kind named, without the everyday word for all of them
    body = (
        tuple(w for w in body if not (w in KINDS and any(k in KINDS[w] for k in body if k != w)))
        or body
    )
    for variant in level_variants(body):
        for modifier in entry.modifiers:
            score = modifier_score(polarity, variant, modifier)
            kinds = tuple(_kind_named(w, modifier.body) for w in variant)
            if (
                kinds != variant
                and not any(
                    w in other.body for other in entry.modifiers for w in variant if w in KINDS
                )
                and sum(  # one option of that kind only: with two cheeses, "cheese" says neither
                    1
                    for other in entry.modifiers
                    if any(w in KINDS[k] for k in variant if k in KINDS for w in other.body)
                )
                == 1
            ):
                # "with cheese" for "add shredded cheddar", where no option says "cheese"
                score = max(score, modifier_score(polarity, kinds, modifier))
            if score < 93.0:
                score = max(score, _all_but_the_items_name(entry, modifier, variant, polarity))
            if (
                score < 94.0
                and _all_but_a_kind_word(entry, modifier, variant)
                and modifier_score(polarity, modifier.body, modifier) > 0.0  # not "no caramel"
            ):
                score = 94.0  # "almond" for "almond milk" beside "oat milk" and "soy milk"
            if score > best[0] or (
                # "unsweetened" beside "sweetened": the one whose name it is, on a tie
                score == best[0] > 0.0
                and len(variant) == 1
                and modifier.body == variant
                and modifier.polarity is polarity
                and best[1] is not None
                and best[1].body != variant
            ):
                best = (score, modifier)
    if (
        len(body) == 1
        and best[1] is not None
        and best[1].body != body
        and best[0] < 100.0
        and sum(
            1
            for m in entry.modifiers
            if m.head == body[0]
            and m.body != body
            and m.polarity in (Polarity.PLAIN, Polarity.ADD)
            and not (set(m.body) - set(body)) & SCALE_WORDS  # "spicy tuna" beside "ahi tuna"
        )
        >= 2
    ):
        whole = [
            m
            for m in entry.modifiers
            if m.head == body[0]
            and m.polarity in (Polarity.PLAIN, Polarity.ADD)
            and not set(m.body) & PARTIAL_WORDS
        ]
        if len(whole) > 1:
            # "salad" beside "salad, everything on" and "salad, no onions": the one that
            # holds nothing back
            whole = [m for m in whole if not set(m.body) & RESTRICTING_WORDS]
            if len(whole) == 1 and polarity in (Polarity.PLAIN, Polarity.ADD):
                return (92.0, whole[0])
        if len(whole) == 1 and polarity in (Polarity.PLAIN, Polarity.ADD):
            return (90.0, whole[0])  # "an egg" beside "half egg": the whole one
        plain = [m for m in whole if set(m.core or m.body) - set(body) <= HOUSE_QUALIFIERS]
        if len(plain) == 1 and polarity in (Polarity.PLAIN, Polarity.ADD):
            return (90.0, plain[0])  # "mayo" for "vegan mayo" beside "speciaal: mayo, …"
        return (0.0, None)  # "the dressing" of caesar, ranch and balsamic dressing: none of them
    return best


def _zero_level(entry: ItemEntry, body: tuple[str, ...]) -> ModifierEntry | None:
    """ "no sugar" of a tea whose sugar levels run from "0% sugar": that level, when no option
    says "no sugar" itself."""
    if any(m.polarity is Polarity.NO and m.body == body for m in entry.modifiers):
        return None
    for modifier in entry.modifiers:
        core = modifier.core or modifier.body
        if modifier.polarity is not Polarity.NO and core in (("0", "percent", *body), ("0", *body)):
            return modifier
    return None


_OPTION_LEADS = frozenset("with without of no extra add".split())
"""Words after which a name said is more likely an option of the item before than an item."""
HOUSE_QUALIFIERS = frozenset("vegan vegetarian veggie plant based house homemade".split())
"""Words a menu puts before what customers name plainly: "vegan mayo" is the mayo on a menu
where everything is vegan, "house ketchup" the ketchup."""
PARTIAL_WORDS = frozenset("half extra double mini small side light less quarter".split())
"""Words that make an option a part or more of another ("half ajitama egg")."""
RESTRICTING_WORDS = frozenset("no without just only hold minus except".split())
"""Words that make an option a version of another with something held back ("salad, no
onions", "just lettuce")."""


def _all_but_a_kind_word(entry: ItemEntry, modifier: ModifierEntry, body: tuple[str, ...]) -> bool:
    """The option said without the words its sisters share ("almond" for "almond milk" where
    "oat milk" and "soy milk" are options too; "spicy sauce" for "spicy BBQ sauce"): what is
    said tells it from the rest."""
    said, name = set(body), set(modifier.body)
    if not said or not said < name or any(len(w) <= 2 or w.isdigit() for w in said):
        return False
    others = [set(m.body) for m in entry.modifiers if m is not modifier]
    # shared with two sisters, or with the only other one ("strawberry" of "strawberry
    # flavor" beside "melon flavor")
    shared = {w for w in name if sum(w in other for other in others) >= min(2, len(others))}
    own = said - shared - FUNCTION_WORDS
    return name - said <= shared and bool(own) and not any(own & other for other in others)


def _all_but_the_items_name(
    entry: ItemEntry, modifier: ModifierEntry, body: tuple[str, ...], polarity: Polarity
) -> float:
    """ "a veggie bagel on everything": a word ("everything", even a common one) is the option
    ("on an everything bagel") when it is all the option says beyond the item's own name and
    the word its kind of option shares ("bagel" of "on a plain bagel", "on a sesame bagel");
    said with the option's place word ("on") it is as good as the whole name."""
    placed = len(body) == 2 and ("place", body[0]) in modifier.families
    word = body[1:] if placed else body
    if len(word) != 1 or polarity is not modifier.polarity or word[0] not in modifier.body:
        return 0.0
    if number_of(word[0]) is not None or word[0] in POINTING_WORDS or len(word[0]) < 3:
        return 0.0  # "no milk in that one" is no "one sugar"
    shared = {
        modifier.head
        for other in entry.modifiers
        if other is not modifier and other.head == modifier.head
    }
    rest = set(modifier.body) - set(entry.phrases[0]) - shared
    if rest != {word[0]}:
        return 0.0
    return 93.0 if placed else 90.0


def match_size(entry: ItemEntry, words: tuple[str, ...]) -> SizeEntry | None:
    """The item's size that `words` name ("large", "big", "half dozen", "6 piece")."""
    if not entry.sizes or not words:
        return None
    for size in entry.sizes:
        if words in size.phrases:
            return size
    expanded = tuple(
        alternative for w in words for alternative in (SIZE_SYNONYMS.get(w) or (w,)) if w != "sized"
    )
    for size in entry.sizes:
        for phrase in size.phrases:
            if phrase and set(phrase) <= set(words) | set(expanded):
                return size
    for size in entry.sizes:
        for phrase in size.phrases:
            if set(words) & set(phrase) - {"size", "piece"} and len(phrase) > 1:
                if (set(words) - set(phrase)) & UNIT_WORDS:
                    continue  # "half pound" is no "half dozen"
                return size
    for size in entry.sizes:
        for phrase in size.phrases:
            if len(phrase) == 1 and any(
                len(w) >= 4 and similarity(w, phrase[0]) >= 85 for w in words
            ):
                return size
    return _relative_size(entry, set(words))


def _relative_size(entry: ItemEntry, said: set[str]) -> SizeEntry | None:
    """ "the big one" of a 6-inch and a footlong, "a small" of a pint and a quart: the
    largest or smallest, where no size is called large or small."""
    named = {w for size in entry.sizes for p in size.phrases for w in p}
    if len(entry.sizes) < 2:
        return None
    by_price = sorted(entry.sizes, key=lambda s: s.size.price_cents)
    if named & {"small", "medium", "large", "regular"}:
        # "jollof, the small one" of a regular and a large; "the middle size" of three: the
        # word of a size this item lacks, said of its own sizes in order
        if said & {"small", "smaller", "smallest"} and "small" not in named:
            return by_price[0]
        if said & {"large", "big", "bigger", "biggest", "largest"} and "large" not in named:
            return by_price[-1]
        if said & {"middle", "medium"} and len(by_price) == 3 and not named & {"medium", "middle"}:
            return by_price[1]
        return None
    # "big", "biggest", never "large" or "small" alone, which other menus' sizes are called
    if said & {"big", "bigger", "biggest", "largest"}:
        return by_price[-1]
    if said & {"smaller", "smallest"}:  # not "a little salt"
        return by_price[0]
    return None


PLACE_WORDS = frozenset("on top at the bottom under over".split())
"""Words that say where an option goes, which alone name none ("on top", "at the bottom")."""
UNIT_WORDS = frozenset(
    """dozen pound lb kilo kg gram oz ounce pint quart gallon liter litre ml inch piece""".split()
)
"""What a size measures in: two sizes in different units are never the same size."""
CUE_WORDS = frozenset(
    cue[0] for cue, _ in POLARITY_CUES if len(cue) == 1 and cue[0] not in ("on", "in")
)
"""Words that say how an option is wanted ("extra", "no", "light"): never an item by
themselves, even where an item's name has them ("extra sauce")."""


SPAN_SCORES_KEPT = 4096
"""Spans whose scores one linker remembers before it starts afresh."""


class EntityLinker:
    def __init__(self, lexicon: MenuLexicon) -> None:
        self.lexicon = lexicon
        self._generic = {
            word for word, ids in lexicon.items_with_word.items() if len(ids) > 1
        }  # "burger" on a menu of burgers: it narrows, it does not pick
        self._span_scores: dict[tuple[str, ...], list[tuple[dict[str, float], int, bool]]] = {}
        """How each span of words scored against the menu (a span's score depends on its
        words alone; an utterance is linked several times, and customers repeat themselves)."""

    # -- items -----------------------------------------------------------------------------------
    def _item_candidates(self, words: list[str], taken: set[int]) -> list[_Candidate]:
        found: list[_Candidate] = []
        n = len(words)
        for start in range(n):
            for end in range(start + 1, min(n, start + MAX_SPAN) + 1):
                span = words[start:end]
                if any(w in BOUNDARY for w in span) or any(i in taken for i in range(start, end)):
                    break
                found.extend(self._score_span(tuple(span), start, end))
        return found

    def _score_span(self, span: tuple[str, ...], start: int, end: int) -> list[_Candidate]:
        scored = self._span_scores.get(span)
        if scored is None:
            if len(self._span_scores) >= SPAN_SCORES_KEPT:
                self._span_scores.clear()
            scored = self._span_scores[span] = self._scores_of_span(span)
        return [
            _Candidate(start, end, dict(scores), tier, whole_slip=slip)
            for scores, tier, slip in scored
        ]

    def _scores_of_span(self, span: tuple[str, ...]) -> list[tuple[dict[str, float], int, bool]]:
        """The items `span` may name, as (scores, tier, whole slip): exact names (tier 3), parts
        of names (2), and names said with a slip (1)."""
        lexicon = self.lexicon
        compact = "".join(span)
        exact: dict[str, float] = {}
        partial: dict[str, float] = {}
        fuzzy: dict[str, float] = {}
        slipped: set[str] = set()
        content = [w for w in span if _is_content(w, lexicon)]
        fuzzy_ok = (
            all(_fuzzy_eligible(w, lexicon) for w in span)
            and len(span) <= 3
            and len(compact) >= 3
            and not any(w in lexicon.diet_words for w in span)
            and not any((w,) in lexicon.size_phrases or w in SIZE_WORDS for w in span)
            # "ramen" said on a menu of ramens is those, never the "ramune" it looks like
            and not all(w in lexicon.items_with_word for w in span)
        )
        for entry in lexicon.items:
            item_id = entry.item.id
            for phrase, joined in zip(entry.phrases, entry.compact, strict=True):
                if span == phrase:
                    exact[item_id] = 100.0
                elif compact == joined and len(span) != len(phrase):
                    exact[item_id] = max(exact.get(item_id, 0), 99.0)
                elif (
                    len(span) < len(phrase)
                    and _in_order(span, phrase)
                    and content
                    # "a side of sausage and a …": no part of "sausage egg and cheese"
                    and span[-1] not in ("and", "or")
                    and span[0] not in ("and", "or")
                ):
                    # a word of one or two letters ("e" of "Maçã e Gengibre") names nothing alone
                    distinct = [
                        w
                        for w in content
                        if w not in lexicon.diet_words
                        and w not in CUE_WORDS
                        and (len(w) > 2 or w.isdigit())
                    ]
                    if distinct and not all(
                        (w,) in lexicon.size_phrases or w in SIZE_WORDS for w in distinct
                    ):  # "small" alone is no "small salad", whatever the menu's sizes
                        score = 86.0 + 8.0 * len(span) / len(phrase)
                        partial[item_id] = max(partial.get(item_id, 0), score)
            if (
                item_id not in exact
                and len(content) >= 2
                and set(span) <= entry.words
                and span[-1] not in ("and", "or")  # "hot dogs and …" of "hot dog and a drink"
                and span[0] not in ("and", "or")
            ):
                # "sausage links" where one sausage is an "original sausage link" and the
                # other a "jalapeño link": words of two names of one item fit it as well
                score = 86.0 + 8.0 * len(span) / (len(span) + 1)
                partial[item_id] = max(partial.get(item_id, 0), score)
            if fuzzy_ok and item_id not in exact and item_id not in partial:
                said = " ".join(span)
                best = 0.0
                for phrase in entry.phrases:
                    if abs(len(phrase) - len(span)) > 2:
                        continue
                    target = " ".join(phrase)
                    score = similarity(said, target)
                    spelling = OSA.normalized_similarity(compact, "".join(phrase))
                    if spelling < MIN_SPELLING:
                        continue  # sounds alike but spelled nothing alike ("peperoni", brownie)
                    if score < FUZZY_ACCEPT and not (
                        score >= FUZZY_EDGES_ACCEPT and _same_edges(compact, "".join(phrase))
                    ):
                        continue
                    best = max(best, score)
                if best:
                    fuzzy[item_id] = best
            elif len(span) >= 2 and item_id not in exact and item_id not in partial:
                # "sweet tee": a slip in a common word, next to a word of the name said right
                for phrase, joined in zip(entry.phrases, entry.compact, strict=True):
                    if len(phrase) == len(span) and _one_slip(span, phrase, compact, joined):
                        fuzzy[item_id] = max(fuzzy.get(item_id, 0), 86.0)
                        slipped.add(item_id)
        out: list[tuple[dict[str, float], int, bool]] = []
        if exact:
            out.append((exact, 3, False))
        if partial:
            out.append((partial, 2, False))
        if fuzzy:
            likeliest = max(fuzzy, key=fuzzy.__getitem__)
            out.append((fuzzy, 1, likeliest in slipped))
        return out

    def _claim_whole_slips(
        self, words: list[str], candidates: list[_Candidate], taken: set[int], claim: ClaimFn
    ) -> None:
        """ "two chicken rings" on a menu of chicken wings and onion rings ("rings"): a whole
        name said with one letter wrong outweighs a shorter word inside it that happens to name
        another item exactly, unless a name is said exactly across its edge."""
        exact = [c for c in candidates if c.tier == 3]
        for candidate in candidates:
            start, end = candidate.start, candidate.end
            if any(i in taken for i in range(start, end)):
                continue
            if not (candidate.whole_slip or self._long_run_of_names(words, candidate)):
                continue
            overlapping = [e for e in exact if e.start < end and start < e.end]
            inside = [e for e in overlapping if start <= e.start and e.end <= end]
            if not inside or len(inside) != len(overlapping):
                continue
            if any(e.end - e.start >= end - start for e in inside):
                continue
            if _modal_verb(words, start, end):
                continue
            if words[start] == "of" and self._inside_modifier(words, candidate, [], exact):
                continue  # "… instead of garlic rice": what an option of the item before replaces
            claim(self._item_mention(candidate, exact=False))

    def _size_slip_beside(
        self, words: list[str], candidate: _Candidate, candidates: list[_Candidate]
    ) -> bool:
        """ "a capucino smal": one word with a slip that is a size of the item named beside it
        ("small"), not the other item it also resembles (the Semla)."""
        if candidate.end - candidate.start != 1 or candidate.tier == 3:
            return False
        said = words[candidate.start]
        if len(said) < 4 or said in self.lexicon.vocabulary:
            return False
        for other in candidates:
            if (
                other.end <= candidate.start - 3
                or other.start >= candidate.end + 3
                or other.start < candidate.end
                and candidate.start < other.end
            ):
                continue
            entry = self.lexicon.entry(max(other.scores, key=lambda i: other.scores[i]))
            for phrase in (p for size in entry.sizes for p in size.phrases if len(p) == 1):
                if OSA.normalized_similarity(said, phrase[0]) >= SLIP_SIMILARITY:
                    return True
        return False

    def _section_word_of_aliases(self, words: list[str], candidate: _Candidate) -> bool:
        """ "I forgot drinks" on a menu with a Drinks section: one word that names a section
        and fits items only through a word of their other names ("lemon soft drink") is the
        section, not those items."""
        if candidate.end - candidate.start != 1:
            return False
        word = words[candidate.start]
        if not any((word,) in phrases for _, phrases in self.lexicon.categories):
            return False
        return not any(
            word in self.lexicon.by_id[item_id].phrases[0] for item_id in candidate.scores
        )

    def _long_run_of_names(self, words: list[str], candidate: _Candidate) -> bool:
        """ "2 rice paper rolls": three words or more said in a row as each item it may be has
        them in its name, which outweighs "rice" alone naming the steamed rice."""
        said = tuple(words[candidate.start : candidate.end])
        if candidate.tier != 2 or len(said) < 3 or said[0] in ("with", "on", "in"):
            return False  # "with sticky rice" of "mango with sticky rice": an option's cue
        return all(
            any(_contiguous(said, phrase) for phrase in self.lexicon.entry(item_id).phrases)
            for item_id in candidate.scores
        )

    # -- the whole clause ------------------------------------------------------------------------
    def link(self, words: list[str]) -> list[Mention]:
        mentions: list[Mention] = []
        taken: set[int] = set()

        def claim(mention: Mention) -> None:
            mentions.append(mention)
            taken.update(range(mention.start, mention.end))

        candidates = self._item_candidates(words, taken)
        cue_words = {
            index + k
            for index in range(len(words))
            for cue, _ in POLARITY_CUES
            if len(cue) >= 3 and tuple(words[index : index + len(cue)]) == cue
            for k in range(len(cue))
        }
        self._claim_whole_categories(words, candidates, taken, claim, mentions)
        joined_sizes = self._joined_sizes_said(words)
        candidates = [
            c for c in candidates if not any(i in joined_sizes for i in range(c.start, c.end))
        ]
        self._claim_whole_slips(words, candidates, taken, claim)
        # exact names first, longest first; cue-led modifiers of those items next
        exact = [c for c in candidates if c.tier == 3]
        for candidate in sorted(exact, key=lambda c: (-(c.end - c.start), c.start)):
            if words[candidate.start] in ("the", "a", "an") and any(
                c.start == candidate.start + 1
                and c.end - c.start == candidate.end - candidate.start
                for c in exact
            ):
                continue  # "the classic breakfast": the name in full, not an alias "the classic"
            if not any(i in taken for i in range(candidate.start, candidate.end)):
                if _modal_verb(words, candidate.start, candidate.end):
                    continue
                if self._inside_modifier(words, candidate, mentions, exact):
                    continue
                if self._modifier_of_another(words, candidate, candidates, whole=True):
                    continue
                claim(self._item_mention(candidate, exact=True))
        self._claim_modifiers(words, mentions, taken, claim)
        self._claim_bare_modifiers(words, mentions, taken, claim)
        # partial names and slips compete: a longer span that fits well wins ("peperoni pizza"
        # is the pepperoni pizza, not "pizza" plus a slip)
        ranked = sorted(
            (c for c in candidates if c.tier in (1, 2)),
            key=lambda c: (-(max(c.scores.values()) + 4.0 * (c.end - c.start)), c.start),
        )
        in_sizes = self._size_phrase_words(words)
        for _tier in (1,):
            for candidate in ranked:
                if any(i in taken for i in range(candidate.start, candidate.end)):
                    continue
                if any(i in in_sizes for i in range(candidate.start, candidate.end)):
                    continue  # "the 3 piece tenders": "piece" belongs to the size said
                if all(
                    w in self.lexicon.size_words for w in words[candidate.start : candidate.end]
                ):
                    continue  # "a full pound": a size's word, not "brisket by the pound"

                if self._cue_led_modifier_word(words, candidate):
                    continue
                if self._size_slip_beside(words, candidate, candidates):
                    continue
                if self._section_word_of_aliases(words, candidate):
                    continue
                if _on_the_side(words, candidate.start, candidate.end):
                    continue
                if _modal_verb(words, candidate.start, candidate.end):
                    continue
                if _container_of_next(words, candidate, candidates, self.lexicon):
                    continue
                if any(i in cue_words for i in range(candidate.start, candidate.end)):
                    continue  # "with a side of onion rings": "side" is the cue's
                if self._modifier_of_another(words, candidate, candidates):
                    continue
                if self._what_its_option_replaces(words, candidate, mentions):
                    continue
                if _describes_the_next(candidate, exact):
                    continue
                if _verb_after_to(words, candidate.start, candidate.end):
                    continue
                claim(self._item_mention(candidate, exact=False))
        mentions[:] = _said_again(words, self._joined_names(words, mentions))
        self._claim_modifiers(words, mentions, taken, claim)
        self._claim_sizes(words, taken, claim, mentions)
        self._claim_size_slips(words, mentions, taken, claim)
        self._claim_bare_modifiers(words, mentions, taken, claim)
        item_starts = {m.start for m in mentions if m.kind is Kind.ITEM}
        described = {
            i
            for m in mentions
            if m.kind in (Kind.SIZE, Kind.MODIFIER)
            for i in range(m.start, m.end)
        }
        self._claim_quantities(words, taken, claim, item_starts, described)
        self._claim_categories(words, taken, claim, mentions)
        self._claim_diet(words, taken, claim)
        mentions = _appositions_dropped(words, _option_words_kept(words, mentions))
        mentions = _option_said_on(words, mentions)
        return self._choices_named_as_items(words, sorted(mentions, key=lambda m: m.start))

    def _joined_names(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "a kimchi poutin": an item ("kimchi") said right before another's short name
        ("poutin", the Kimchi Poutine) whose full name begins with it is that one item."""
        items = sorted((m for m in mentions if m.kind is Kind.ITEM), key=lambda m: m.start)
        merged: dict[int, Mention] = {}
        for first, second in zip(items, items[1:], strict=False):
            if first.end != second.start or first.start in merged:
                continue
            together = tuple(words[first.start : second.end])
            if (
                first.item_id is not None
                and second.item_id is None
                and first.item_id in second.items
                and any(_in_order(together, p) for p in self.lexicon.entry(first.item_id).phrases)
            ):
                # "ponzu salmon bowl": the Citrus Ponzu Salmon Bowl, not it and "which bowl?"
                merged[first.start] = merged[second.start] = dataclasses.replace(
                    first, end=second.end
                )
                continue
            if second.item_id is None:
                continue
            name = self.lexicon.entry(second.item_id).phrases[0]
            before = tuple(words[first.start : first.end])
            if len(name) > len(before) and name[: len(before)] == before:
                merged[first.start] = merged[second.start] = dataclasses.replace(
                    second, start=first.start
                )
        if not merged:
            return mentions
        out = [m for m in mentions if not (m.kind is Kind.ITEM and m.start in merged)]
        return out + list({id(m): m for m in merged.values()}.values())

    def _joined_sizes_said(self, words: list[str]) -> set[int]:
        """Where a size whose name joins words ("chicken & falafel" of a mixed plate) is said
        with its item named too: those words are the size, not a chicken and a falafel."""
        inside: set[int] = set()
        said = set(words)
        for phrase in self.lexicon.joined_phrases & self.lexicon.size_phrases:
            owners = [e for e in self.lexicon.items if any(phrase in s.phrases for s in e.sizes)]
            if not any(set(e.phrases[0]) - set(phrase) <= said for e in owners):
                continue
            for start in range(len(words) - len(phrase) + 1):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    inside.update(range(start, start + len(phrase)))
        return inside

    def _choices_named_as_items(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "a two meat plate, brisket and ribs, with mac and slaw": where an item's choices
        are other items' names (the plate's meats and sides, a one meat plate's meat as its
        size), the items said right after it, without a count or size of their own, are its
        choices. Only for items with at least two such choices, so "a burger and fries" stays
        two items."""
        mentions = self._choices_named_before(words, mentions)
        out: list[Mention] = []
        owner: tuple[Mention, ItemEntry] | None = None
        for index, mention in enumerate(mentions):
            if mention.kind is not Kind.ITEM:
                out.append(mention)
                continue
            before = mentions[index - 1] if index > 0 else None
            own_count = (
                before is not None
                and before.kind in (Kind.QUANTITY, Kind.SIZE)
                and (set(words[before.end : mention.start]) <= {"of", "the"})
            )
            choice = None
            if owner is not None and not own_count:
                choice = self._choice_of(owner[0], owner[1], mention, words)
            if choice is not None:
                out.append(choice)
                continue
            out.append(mention)
            entry = self.lexicon.entry(mention.items[0]) if mention.item_id else None
            owner = (mention, entry) if entry is not None and self._chooses_items(entry) else None
        return out

    def _choices_named_before(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "two brisket plates", "a pulled pork plate": an item's name said right before an
        item whose sizes are such choices (a one meat plate priced by its meat) is that
        item's size, not an item of its own."""
        out = list(mentions)
        for index, (first, second) in enumerate(zip(mentions, mentions[1:], strict=False)):
            if first.kind is not Kind.ITEM or second.kind is not Kind.ITEM:
                continue
            if first.end != second.start or second.item_id is None:
                continue
            entry = self.lexicon.entry(second.item_id)
            if not self._chooses_items(entry):
                continue
            said = tuple(w for w in words[first.start : first.end] if w not in ("the", "a"))
            sized = [s for s in entry.sizes if said in s.phrases]
            if len(sized) == 1:
                out[index] = Mention(
                    Kind.SIZE, first.start, first.end, words=sized[0].phrases[0],
                    anchors=[second.start],
                )  # fmt: skip
        return out

    def _chooses_items(self, entry: ItemEntry) -> bool:
        named = [
            m for m in entry.modifiers if m.polarity is Polarity.PLAIN and self._items_in(m.body)
        ]
        sized = [s for s in entry.sizes if any(self._items_in(p) for p in s.phrases)]
        return len(named) >= 2 or len(sized) >= 2

    def _items_in(self, phrase: tuple[str, ...]) -> bool:
        """Whether some other item's name is said in `phrase` ("mac and cheese side")."""
        return any(
            len(p) < len(phrase) + 1 and _in_order(phrase, p)
            for e in self.lexicon.items
            for p in e.phrases[:1]
        )

    def _choice_of(
        self, owner: Mention, entry: ItemEntry, mention: Mention, words: list[str]
    ) -> Mention | None:
        said = tuple(w for w in words[mention.start : mention.end] if w not in ("the", "a"))
        names = [said, *(p for i in mention.items[:1] for p in self.lexicon.entry(i).phrases)]
        for size in entry.sizes:
            if any(set(name) <= set(p) for name in names[:1] for p in size.phrases):
                return Mention(
                    Kind.SIZE, mention.start, mention.end, words=size.phrases[0],
                    anchors=[owner.start],
                )  # fmt: skip
        fitting = [
            m
            for m in entry.modifiers
            if m.polarity is Polarity.PLAIN and m.body and any(set(n) <= set(m.body) for n in names)
        ]
        if len(fitting) > 1:  # "beans": the choice whose name holds the item's own name
            fitting = [m for m in fitting if any(set(n) <= set(m.body) for n in names[1:])]
        if not fitting:
            return None
        return Mention(
            Kind.MODIFIER,
            mention.start,
            mention.end,
            items=(entry.item.id,),
            words=said,
            modifier=fitting[0],
            anchors=[owner.start],
        )

    def _size_phrase_words(self, words: list[str]) -> set[int]:
        """Positions of the words of sizes of more than one word said in full ("8 piece",
        "half dozen"): a part of an item's name there is the size's word, not the item."""
        covered: set[int] = set()
        for phrase in self.lexicon.size_phrases:
            if len(phrase) < 2:
                continue
            for start in range(len(words) - len(phrase) + 1):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    covered.update(range(start, start + len(phrase)))
        return covered

    def _item_mention(self, candidate: _Candidate, *, exact: bool) -> Mention:
        top = max(candidate.scores.values())
        close = sorted(
            (i for i, s in candidate.scores.items() if top - s < AMBIGUOUS_MARGIN),
            key=lambda i: -candidate.scores[i],
        )
        return Mention(
            Kind.ITEM, candidate.start, candidate.end, top, items=tuple(close), exact=exact
        )

    def _inside_modifier(
        self,
        words: list[str],
        candidate: _Candidate,
        mentions: list[Mention],
        said_names: Sequence[_Candidate] = (),
    ) -> bool:
        """ "a salad with chicken": "chicken" after a cue is the salad's modifier if it has one.
        `said_names`: the exact names said, which longer ones before them may not have claimed
        yet ("three longsilogs, one with plain rice instead of garlic rice")."""
        previous = [m for m in mentions if m.kind is Kind.ITEM and m.end <= candidate.start]
        if not previous:
            earlier = [
                c
                for c in said_names
                if c.end <= candidate.start
                and len(c.scores) == 1
                and (c.start == 0 or words[c.start - 1] not in _OPTION_LEADS)
                and self.lexicon.by_id[next(iter(c.scores))].modifiers
                and not any(  # "rice" inside "plain rice"
                    o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start
                    for o in said_names
                )
            ]
            if earlier:
                previous = [self._item_mention(max(earlier, key=lambda c: c.end), exact=True)]
        if not previous:
            return False
        if self._item_not_item(words, candidate, previous[-1]):
            return False
        if self._cue_led_modifier_word(words, candidate):
            return True
        start = candidate.start
        if start > 1 and words[start - 1] in ("a", "an") and words[start - 2] == "with":
            start -= 1  # "green juice with a ginger shot in it": its "ginger shot added"
        bare = start - 1 if start > 0 and words[start - 1] in ("the", "my", "a") else start
        owner = previous[-1].item_id
        if owner is not None and (
            tuple(words[max(0, bare - 2) : bare]) == ("instead", "of")
            or words[max(0, bare - 1) : bare + 1] == ["instead", "of"]  # "of" in its span
        ):
            # "kalua pig plate with greens instead of the mac": what its "tossed greens
            # instead of mac" replaces, not a Mac Salad
            said = set(words[candidate.start : candidate.end])
            if any(
                o.replaces and set(o.replaces) <= said | {"of", "the"}
                for o in self.lexicon.entry(owner).modifiers
            ):
                return True
        lead = next(
            (i for i in range(candidate.start - 1, max(0, candidate.start - 5), -1)
             if words[i - 1 : i + 1] == ["instead", "of"]),
            None,
        )  # fmt: skip
        if owner is not None and lead is not None:
            # "plain rice instead of garlic rice": the last "rice" is what the option replaces
            replaced = set(words[lead + 1 : candidate.end]) - {"the", "a", "my"}
            said = set(words[candidate.start : candidate.end])
            if any(
                o.replaces and set(o.replaces) <= replaced and said <= set(o.replaces)
                for o in self.lexicon.entry(owner).modifiers
            ):
                return True
        if owner is not None and words[candidate.end : candidate.end + 2] == ["instead", "of"]:
            # "one with plain rice instead of garlic rice": the silog's "plain steamed rice
            # instead of garlic rice", not a side of steamed rice
            said = set(words[candidate.start : candidate.end])
            taken_out = set(words[candidate.end + 2 : candidate.end + 6]) - {"the", "a", "my"}
            if any(
                o.replaces and set(o.replaces) <= taken_out and said & set(o.body)
                for o in self.lexicon.entry(owner).modifiers
            ):
                return True
        before = tuple(words[max(0, start - 3) : start])
        if not any(before[-len(c) :] == c for c, p in POLARITY_CUES if p is not Polarity.PLAIN):
            # "a combo plate with galbi and spicy pork": the second of a "with" list, when it
            # is one of the plate's options by name
            if owner is None or not self._second_of_with_list(words, previous[-1], start):
                return False
            entry = self.lexicon.entry(owner)
            if self._chooses_items(entry):
                return False  # a plate of sides named like items: its own rule takes them
            said_words = tuple(words[candidate.start : candidate.end])
            return best_modifier(entry, Polarity.PLAIN, said_words)[0] >= 90
        owner = previous[-1].item_id
        if owner is None:
            return False
        # "a burrito with guac": the guacamole the burrito can have, not a side of it; "a
        # plate with fries": the plate's fries, not a side of fries (the words said count)
        said = set(words[candidate.start : candidate.end]) - {"the", "a", "an", "some"}
        names = [said] + [set(self.lexicon.entry(i).phrases[0]) for i in candidate.scores]
        return any(
            named & set(m.body) and len(named & set(m.body)) * 2 >= len(named)
            for m in self.lexicon.entry(owner).modifiers
            for named in names
        )

    def _what_its_option_replaces(
        self, words: list[str], candidate: _Candidate, mentions: list[Mention]
    ) -> bool:
        """ "wanton mee, dry": "dry" is what the noodles' "soup (not dry)" is not (they come
        so), not a word of another item's alias ("bak chor mee dry")."""
        span = set(words[candidate.start : candidate.end])
        for mention in mentions:
            if mention.kind is not Kind.ITEM or mention.end > candidate.start:
                continue
            if mention.item_id is None or mention.item_id in candidate.scores:
                continue
            options = self.lexicon.entry(mention.item_id).modifiers
            if any(span <= set(option.replaces) for option in options):
                return True
        return False

    def _item_not_item(self, words: list[str], candidate: _Candidate, item: Mention) -> bool:
        """ "I wanted the korma not the tikka masala": a whole item's name right after "not"
        (and "the") that follows another item, which has no option of that name, is the item
        it is set against, not an option taken off the first one."""
        start = candidate.start
        while start > 0 and words[start - 1] in ("the", "a", "an"):
            start -= 1
        if candidate.tier != 3 or start == 0 or words[start - 1] != "not":
            return False
        if item.end != start - 1 or item.item_id is None:
            return False
        said = set(words[candidate.start : candidate.end])
        return not any(said & set(m.body) for m in self.lexicon.entry(item.item_id).modifiers)

    def _second_of_with_list(self, words: list[str], item: Mention, start: int) -> bool:
        """ "a combo plate with galbi and spicy pork": the phrase after "and" follows one of
        the item's options said after "with", so it is one of them too, not another item."""
        if start < 1 or words[start - 1] not in ("and", "or") or item.item_id is None:
            return False
        between = words[item.end : start - 1]
        if "with" not in between:
            return False
        listed = between[len(between) - between[::-1].index("with") :]
        listed = [w for w in listed if w not in ("a", "an", "the", "some")]
        if not listed or any(w in BOUNDARY for w in listed):
            return False
        score, option = best_modifier(
            self.lexicon.entry(item.item_id), Polarity.PLAIN, tuple(listed)
        )
        return option is not None and score >= 90

    def _modifier_of_another(
        self,
        words: list[str],
        candidate: _Candidate,
        candidates: list[_Candidate],
        *,
        whole: bool = False,
    ) -> bool:
        """ "an oat milk latte": "oat" is the latte's milk, not the oatmeal. With `whole`, only
        when the rest of that modifier's words are said right there too."""
        span = words[candidate.start : candidate.end]
        if not all(w in self.lexicon.modifier_words for w in span if len(w) > 2):
            return False
        mine = max(candidate.scores.values())
        for other in candidates:
            if other.start < candidate.end and other.end > candidate.start:
                continue
            surer = max(other.scores.values())
            if other.tier == 2 and surer <= mine:
                # only a surer item claims this word as its option, or one as sure when the
                # word is that option's whole name ("2 piece chicken, hot": its heat)
                near = set(words[max(0, candidate.start - 2) : candidate.end + 3])
                whole_name = any(
                    (surer == mine and set(span) == set(modifier.body))
                    # "a platter, lemon and herb": all of the option's name said right there
                    or (
                        candidate.tier < 3  # never an item's whole name ("a large garlic bread")
                        and len(modifier.core) > len(span)
                        and set(modifier.core) <= near
                    )
                    for item_id in other.scores
                    for modifier in self.lexicon.entry(item_id).modifiers
                )
                if not whole_name:
                    continue
            slip = other.tier < 2  # "chiken burito with … corn salsa": more of the option said
            for item_id in other.scores:
                entry = self.lexicon.entry(item_id)
                for modifier in entry.modifiers:
                    if not set(span) <= set(modifier.body):
                        continue
                    if not whole and not slip:
                        return True
                    if other.end <= candidate.start and _cue_said_before(
                        words, candidate.start, span, modifier
                    ):
                        return True
                    near = set(words[max(0, candidate.start - 2) : candidate.end + 3])
                    if len(modifier.body) > len(span) and set(modifier.body) <= near:
                        return True
                    if slip and not whole and len(set(modifier.body) & near) >= 2:
                        return True
        return False

    def _cue_led_modifier_word(self, words: list[str], candidate: _Candidate) -> bool:
        """ "with (scallion) cream cheese": option words after a cue, maybe after other
        option words, are an option, not an item."""
        span = tuple(words[candidate.start : candidate.end])
        if not all(w in self.lexicon.modifier_words for w in span if len(w) > 2):
            return False
        if candidate.start > 0 and any(
            match_size(self.lexicon.entry(i), (words[candidate.start - 1],)) is not None
            for i in candidate.scores
        ):
            return False  # "…extra hot and large chips": the chips in their own size
        start = candidate.start
        while start > 0 and words[start - 1] in self.lexicon.modifier_words:
            start -= 1
        if _after_no_cue(words, start):
            return True  # "the falafel bowl, without the hummus": its "no hummus"
        before = tuple(words[max(0, start - 3) : start])
        return any(
            before[-len(cue) :] == cue
            and not any(
                match_size(self.lexicon.entry(i), cue) is not None for i in candidate.scores
            )  # "a double chocolate cone": the cone's double scoop, not double chocolate
            for cue, p in POLARITY_CUES
            if p is not Polarity.PLAIN
        )

    def _claim_modifiers(
        self, words: list[str], mentions: list[Mention], taken: set[int], claim: ClaimFn
    ) -> None:
        """Cue-led modifier phrases after an item: "without onions or pickles", "with extra
        cheese and bacon"; a phrase continues across "and", "or" and commas with the same cue."""
        items = sorted((m for m in mentions if m.kind is Kind.ITEM), key=lambda m: m.start)
        for index, item in enumerate(items):
            entry_ids = item.items
            if not entry_ids:
                continue
            entry = self.lexicon.entry(entry_ids[0])
            if not entry.modifiers:
                continue
            following = items[index + 1] if index + 1 < len(items) else None
            limit = following.start if following is not None else len(words)
            self._modifiers_after(words, item, entry, limit, taken, claim, following)
        # modifiers said before their item ("extra cheese on the burger") or with no item
        # ("no onions on that") are left for the clause to attach

    def _modifiers_after(
        self,
        words: list[str],
        item: Mention,
        entry: ItemEntry,
        limit: int,
        taken: set[int],
        claim: ClaimFn,
        following: Mention | None = None,
    ) -> None:
        position = item.end
        polarity: Polarity | None = None
        sized = [self.lexicon.entry(i) for i in following.items] if following else []
        while position < limit:
            if words[position] == "," and polarity is Polarity.EXTRA:
                polarity = Polarity.ADD  # "buffalo mild, extra crispy, ranch": not extra ranch
            if position in taken or words[position] in (",", "and", "or", "but"):
                position += 1
                continue
            if words[position] in BOUNDARY:
                break
            if number_of(words[position]) is not None or words[position] in ("other", "rest"):
                polarity = None  # a new count starts: its modifiers are its own
                position += 1
                continue
            cue_polarity, cue_length = _cue_at(words, position)
            cue = tuple(words[position : position + cue_length])
            if cue_length and any(match_size(e, cue) is not None for e in sized):
                break  # "…, a double chocolate cone": the next item's size, not extra chocolate
            if cue_length:
                polarity = cue_polarity
                body_start = position + cue_length
            elif polarity is not None:
                body_start = position
            else:
                position += 1
                continue
            best = self._best_body(words, body_start, limit, taken, entry, polarity)
            if best is None:
                if cue_length:
                    position += cue_length
                    continue
                break
            end, score, modifier = best
            claim(
                Mention(
                    Kind.MODIFIER,
                    position,
                    end,
                    score,
                    items=(entry.item.id,),
                    words=tuple(words[body_start:end]),
                    polarity=polarity,
                    modifier=modifier,
                    anchors=[item.start],
                )
            )
            position = end

    def _best_body(
        self,
        words: list[str],
        start: int,
        limit: int,
        taken: set[int],
        entry: ItemEntry,
        polarity: Polarity | None,
    ) -> tuple[int, float, ModifierEntry] | None:
        best: tuple[int, float, ModifierEntry] | None = None
        for option in entry.modifiers:  # a name with a conjunction said whole: "salt and vinegar"
            end = start + len(option.body)
            if set(option.body) & {"and", "or"} and tuple(words[start:end]) == option.body:
                if end <= limit and not any(i in taken for i in range(start, end)):
                    score, modifier = best_modifier(entry, polarity or Polarity.PLAIN, option.body)
                    if modifier is not None and score >= MODIFIER_ACCEPT:
                        return end, score, modifier
        for end in range(start + 1, min(limit, start + 5) + 1):
            span = words[start:end]
            if any(w in BOUNDARY or w in ("and", "or") for w in span):
                break
            if any(i in taken for i in range(start, end)):
                break
            body = tuple(w for w in span if w not in ("the", "a", "some", "of", "any"))
            score, modifier = best_modifier(entry, polarity or Polarity.PLAIN, body)
            for named in self._items_named(body):  # "with guac": the guacamole option
                alias_score, alias_modifier = best_modifier(
                    entry, polarity or Polarity.PLAIN, self.lexicon.entry(named).phrases[0]
                )
                if alias_modifier is not None and alias_score > score:
                    score, modifier = alias_score - 2.0, alias_modifier
            if modifier is not None and score >= MODIFIER_ACCEPT:
                if best is None or score >= best[1]:
                    best = (end, score, modifier)
        return best

    def _items_named(self, words: tuple[str, ...]) -> list[str]:
        return [e.item.id for e in self.lexicon.items if words in e.phrases]

    def _claim_bare_modifiers(
        self, words: list[str], mentions: list[Mention], taken: set[int], claim: ClaimFn
    ) -> None:
        """Choices said without a cue next to their item: "an oat milk latte", "a decaf, iced"."""
        items = sorted(
            (m for m in mentions if m.kind is Kind.ITEM and m.items), key=lambda m: m.start
        )
        for index, item in enumerate(items):
            low = items[index - 1].end if index > 0 else 0
            high = items[index + 1].start if index + 1 < len(items) else len(words)
            if index + 1 < len(items):  # "…, a double chocolate cone": the cone's chocolate
                high = self._phrase_start(words, item.end, high)
            # a sentence ends the item's reach: "…in a waffle cone? and a chocolate kids cone"
            ends = [i for i in range(low, high) if words[i] in SENTENCE_ENDS]
            low = max([low, *(i + 1 for i in ends if i < item.start)])
            high = min([high, *(i for i in ends if i >= item.end)])
            # "2 piece chicken, hot": of the items "chicken" may be, those that can be hot
            for item_id in item.items:
                before = len(taken)
                self._claim_bare_modifiers_of(words, item, item_id, low, high, taken, claim)
                if len(taken) > before:
                    break

    def _phrase_start(self, words: list[str], low: int, start: int) -> int:
        """Where the words before an item that begin with a count start ("a double chocolate
        cone", "2 iced oat lattes"): the count and what follows it up to the item, when they
        are only size and option words, are that item's own."""
        for index in range(start - 1, low - 1, -1):
            word = words[index]
            if number_of(word) is not None and index + 1 < start:
                return index
            if word not in self.lexicon.modifier_words and word not in self.lexicon.size_words:
                return start
        return start

    def _claim_bare_modifiers_of(
        self,
        words: list[str],
        item: Mention,
        item_id: str,
        low: int,
        high: int,
        taken: set[int],
        claim: ClaimFn,
    ) -> None:
        entry = self.lexicon.entry(item_id)
        for start in range(low, high):
            refused = _after_no_cue(words, start)
            best: Mention | None = None
            for end in range(min(high, start + 6), start, -1):
                if any(i in taken for i in range(start, end)):
                    continue
                span = tuple(words[start:end])
                # "on a crossaint": a slip in a choice said with where it goes
                placed = (
                    len(span) >= 2
                    and span[0] in ("on", "in")
                    and not any(w in self.lexicon.modifier_words for w in span)
                    and all(
                        _fuzzy_eligible(w, self.lexicon)
                        for w in span[1:]
                        if w not in ("a", "an", "the")
                    )
                )
                if any(w in BOUNDARY for w in span) or not (
                    placed or any(w in self.lexicon.modifier_words for w in span)
                ):
                    continue
                if (
                    not placed
                    and span[0] not in self.lexicon.modifier_words
                    and _cue_at(words, start)[1] == 0
                ):
                    continue  # a choice said bare starts with its own word
                if any((w,) in self.lexicon.size_phrases for w in span) and not any(
                    (w,) in self.lexicon.size_phrases for m in entry.modifiers for w in m.body
                ):
                    continue
                bare = tuple(w for w in span if w not in ("of", "a", "an", "the"))
                if any(span in s.phrases or bare in s.phrases for s in entry.sizes):
                    # "a veggie bowl": the bowl's veggie size, not "fajita veggies"; "a bowl
                    # of żurek": its bowl size, not "in a bread bowl"
                    continue
                polarity, body = split_polarity(span)
                score, modifier = best_modifier(entry, polarity, body)
                if modifier is not None and _small_word_aside(body, modifier):
                    continue  # "com mostarda": not the "fried egg (com ovo)" by its "com"
                known = any(w in self.lexicon.modifier_words for w in span)
                if modifier is not None and score >= (88.0 if known else 90.0):
                    # the best fit from here, the longer one on a tie: "chocolate in a cone"
                    # is the chocolate flavour, not "cone dipped in chocolate"
                    if best is None or score > best.score:
                        best = Mention(
                            Kind.MODIFIER,
                            start,
                            end,
                            score,
                            items=self._owners(item, entry, modifier),
                            words=body,
                            polarity=polarity,
                            modifier=modifier,
                            anchors=[item.start],
                        )
            if best is not None:
                if refused and best.modifier is not None:
                    # "without cheese": the words are the "with cheese" option's, not wanted
                    best = dataclasses.replace(best, polarity=Polarity.NO)
                claim(best)

    def _owners(self, item: Mention, entry: ItemEntry, modifier: ModifierEntry) -> tuple[str, ...]:
        """The items an option said next to `item` may belong to: its own first, then the other
        items that mention may be that have the same option."""
        others = (
            other
            for other in item.items
            if other != entry.item.id
            and any(
                m.modifier.id == modifier.modifier.id for m in self.lexicon.entry(other).modifiers
            )
        )
        return (entry.item.id, *others)

    def _claim_size_slips(
        self, words: list[str], mentions: list[Mention], taken: set[int], claim: ClaimFn
    ) -> None:
        """ "a chiken burito", "the roll, 8 pice": a slip in a size said next to its item."""
        for item in [m for m in mentions if m.kind is Kind.ITEM and m.item_id]:
            assert item.item_id is not None
            entry = self.lexicon.entry(item.item_id)
            phrases = {p for s in entry.sizes for p in s.phrases}
            around = [*range(max(0, item.start - 3), item.start), *range(item.end, item.end + 3)]
            for start in around:
                for phrase in phrases:
                    end = start + len(phrase)
                    span = words[start:end]
                    if len(span) != len(phrase) or any(i in taken for i in range(start, end)):
                        continue
                    if tuple(span) != phrase and all(
                        said == wanted
                        or len(said) >= 4
                        and _fuzzy_eligible(said, self.lexicon)
                        and said not in self.lexicon.vocabulary
                        and OSA.normalized_similarity(said, wanted) >= SLIP_SIMILARITY
                        for said, wanted in zip(span, phrase, strict=True)
                    ):
                        claim(Mention(Kind.SIZE, start, end, words=phrase))
                        break

    def _ends_option(self, words: list[str], start: int, end: int) -> bool:
        """Whether words[start:end] finish the name of an option said just before them."""
        for body in self.lexicon.option_bodies:
            begin = end - len(body)
            if len(body) > end - start and begin >= 0 and tuple(words[begin:end]) == body:
                return True
        return False

    def _claim_sizes(
        self, words: list[str], taken: set[int], claim: ClaimFn, mentions: list[Mention]
    ) -> None:
        phrases = sorted(self.lexicon.size_phrases, key=len, reverse=True)
        index = 0
        while index < len(words):
            if index in taken:
                index += 1
                continue
            one = self._one_measure(words, index, taken)
            if one is not None:  # "a pound", "a full pound": the size "1 pound"
                end, phrase = one
                claim(Mention(Kind.SIZE, index, end, words=phrase))
                index = end
                continue
            unit = words[index + 1] if index + 1 < len(words) else ""
            if (
                words[index].isdigit()
                and int(words[index]) >= 2
                and index + 1 not in taken
                and ("1", unit) in self.lexicon.size_phrases
                and (words[index], unit) not in self.lexicon.size_phrases
            ):
                # "two pounds of boneless": two of the "1 lb" size (the count is claimed later)
                claim(Mention(Kind.SIZE, index + 1, index + 2, words=("1", unit)))
                index += 2
                continue
            for phrase in phrases:
                end = index + len(phrase)
                if tuple(words[index:end]) == phrase and not any(
                    i in taken for i in range(index, end)
                ):
                    if phrase == ("l",) or (phrase == ("little",) and _followed_by_bit(words, end)):
                        continue
                    if self._ends_option(words, index, end):
                        continue  # "put fajita veggies in it": the option, not the veggie size
                    if self._half_and_half(words, index, end):
                        continue  # "half yangnyeom half soy garlic": two flavours, no size
                    if self._count_of_next_item(words, phrase, end, mentions):
                        continue  # "3 ayrans": a count, though the falafel side comes in "3"
                    if self._option_of_item_before(words, phrase, index, mentions):
                        continue  # "ten boneless medium": the medium sauce, wings have no medium
                    if end < len(words) and words[end] in ("size", "sized", "one"):
                        end += 1 if words[end] != "one" else 0
                    claim(Mention(Kind.SIZE, index, end, words=phrase, items=self._named(phrase)))
                    index = end - 1
                    break
            index += 1

    def _option_of_item_before(
        self, words: list[str], phrase: tuple[str, ...], index: int, mentions: list[Mention]
    ) -> bool:
        """A size word said right after an item that has no such size but an option of that
        word ("ten boneless medium", with a "medium buffalo sauce"): that option."""
        before = [m for m in mentions if m.kind is Kind.ITEM and m.end == index and m.items]
        if not before:
            return False
        entries = [self.lexicon.entry(i) for i in before[0].items]
        return all(
            match_size(e, phrase) is None and any(set(phrase) <= set(m.body) for m in e.modifiers)
            for e in entries
        )

    def _half_and_half(self, words: list[str], index: int, end: int) -> bool:
        """ "half yangnyeom half soy garlic", "half pepperoni and half mushroom": an item
        split between two options, where "half" is also a size."""
        return (
            words[index] == "half"
            and end == index + 1
            and end < len(words)
            and words[end] in self.lexicon.modifier_words
            and words.count("half") >= 2
        )

    def _count_of_next_item(
        self, words: list[str], phrase: tuple[str, ...], end: int, mentions: list[Mention]
    ) -> bool:
        """A size that is a bare number before an item that does not come in it counts it, and
        so does one before another size or a serving word ("2 small phos", "two serves of the
        four piece spring rolls")."""
        if not all(w.isdigit() for w in phrase) or end >= len(words):
            return False
        if words[end] in SERVING_WORDS:
            return True
        size_said = words[end] in self.lexicon.size_words or (
            len(words[end]) >= 4
            and any(similarity(words[end], w) >= 88 for w in self.lexicon.size_words if len(w) > 3)
        )
        if size_said and (*phrase, words[end]) not in self.lexicon.size_phrases:
            return True  # not "2 piece": that is a size of its own
        # the item named right there, else any item with that word
        following = {i for m in mentions if m.kind is Kind.ITEM and m.start == end for i in m.items}
        following = following or set(self.lexicon.items_with_word.get(words[end], set()))
        return bool(following) and not any(
            phrase in size.phrases
            for item_id in following
            for size in self.lexicon.entry(item_id).sizes
        )

    def _named(self, phrase: tuple[str, ...]) -> tuple[str, ...]:
        """The items whose name has a size's one word ("sausage": the kids' meal's size, and a
        word of "battered sausage"), for the planner to choose by what is ordered."""
        if len(phrase) != 1:
            return ()
        return tuple(
            e.item.id
            for e in self.lexicon.items
            if phrase[0] in e.phrases[0] and not any(phrase in s.phrases for s in e.sizes)
        )

    def _one_measure(
        self, words: list[str], index: int, taken: set[int]
    ) -> tuple[int, tuple[str, ...]] | None:
        if words[index] not in ("a", "an", "one", "1"):
            return None
        after = index + 1
        if after < len(words) and words[after] in ("full", "whole", "single"):
            after += 1
        if after >= len(words) or after in taken:
            return None
        phrase = ("1", words[after])
        return (after + 1, phrase) if phrase in self.lexicon.size_phrases else None

    def _level_of_an_option(self, words: list[str], index: int) -> bool:
        """ "and zero sugar", "0 ice": a level some option names ("0% sugar"), no count."""
        if words[index] not in ("0", "zero") or index + 1 >= len(words):
            return False
        following = words[index + 1]
        return any(
            body[:1] == ("0",) and following in body[1:] for body in self.lexicon.option_bodies
        )

    def _claim_quantities(
        self,
        words: list[str],
        taken: set[int],
        claim: ClaimFn,
        item_starts: set[int],
        described: frozenset[int] | set[int] = frozenset(),
    ) -> None:
        """Counts; `described`: words of sizes and options, after which "one" is the item
        ("the four piece ones", "a large one"), no count."""
        for index, word in enumerate(words):
            # speech recognition writes "to cheeseburgers and for sprites" for two and four
            opens = index == 0 or words[index - 1] in BOUNDARY or words[index - 1] == "and"
            if word in HOMOPHONE_COUNTS and index + 1 in item_starts and opens:
                claim(Mention(Kind.QUANTITY, index, index + 1, value=HOMOPHONE_COUNTS[word]))
        index = 0
        while index < len(words):
            word = words[index]
            if index in taken or self._level_of_an_option(words, index):
                index += 1
                continue
            nxt = words[index + 1] if index + 1 < len(words) else ""
            if word == "half" and (
                words[index + 1 : index + 2] == ["dozen"]
                or words[index + 1 : index + 3] == ["a", "dozen"]
            ):
                length = 3 if nxt == "a" else 2
                claim(Mention(Kind.QUANTITY, index, index + length, value=6))
                index += length
                continue
            if word == "dozen":
                count = 12
                claim(Mention(Kind.QUANTITY, index, index + 1, value=count))
                index += 1
                continue
            both = _for_both(words, index)
            if both and index > 0 and index - 1 in taken and index - 1 not in described:
                # "and cinnamon rolls for both of us": two of the item just named
                claim(Mention(Kind.QUANTITY, index, index + both, value=2, words=BOTH))
                index += both
                continue
            times = _times_said(words, index)
            if times is not None and index > 0 and index - 1 in taken:
                # "fish and chips twice", "coke x2", "chips times two": that many of the
                # item just named
                count, length = times
                claim(Mention(Kind.QUANTITY, index, index + length, value=count, words=TIMES))
                index += length
                continue
            value = number_of(word)
            if value is not None and (
                self._in_numbered_name(words, index)
                # "a medium coke zero": the end of an option's name, no count
                or (word == "0" and index > 0 and self._ends_option(words, index, index + 1))
            ):
                index += 1
                continue
            if (
                value == 1
                and index - 1 in described
                and index + 1 not in described
                and index + 1 not in item_starts
            ):  # "one hot one mild" counts; "the four piece one(s)" names
                index += 1
                continue
            if value is not None and nxt not in ("percent",):
                if word in ("couple", "pair") and nxt == "of":
                    claim(Mention(Kind.QUANTITY, index, index + 2, value=value))
                    index += 2
                    continue
                if nxt == "dozen" and index + 1 not in taken:
                    claim(Mention(Kind.QUANTITY, index, index + 2, value=12 * value))
                    index += 2
                    continue
                claim(Mention(Kind.QUANTITY, index, index + 1, value=value, words=(word,)))
            index += 1

    def _in_numbered_name(self, words: list[str], index: int) -> bool:
        """The number at `index` is said inside the restaurant's or a section's name, with at
        least two of its words before it ("a meat and three": Mabel's Meat & Three)."""
        for name in self.lexicon.numbered_names:
            for at, word in enumerate(name):
                if word != words[index] or at < 2 or index < 2:
                    continue
                if tuple(words[index - 2 : index]) == name[at - 2 : at]:
                    return True
        return False

    def _claim_whole_categories(
        self,
        words: list[str],
        candidates: list[_Candidate],
        taken: set[int],
        claim: ClaimFn,
        mentions: list[Mention],
    ) -> None:
        """A section's name of several words said in full ("a fish and chips" where the section
        Fish & Chips holds the cod and the haddock meals) is the section, not the item of one
        of its words ("chips"); an item named at least as long keeps its name."""
        for category, phrases in self.lexicon.categories:
            for phrase in sorted(phrases, key=len, reverse=True):
                if len(phrase) < 2:
                    continue
                for start in range(len(words) - len(phrase) + 1):
                    end = start + len(phrase)
                    if tuple(words[start:end]) != phrase or any(
                        i in taken for i in range(start, end)
                    ):
                        continue
                    if any(
                        c.tier == 3
                        and c.end - c.start >= len(phrase)
                        and c.start < end
                        and c.end > start
                        for c in candidates
                    ):
                        continue
                    claim(_section_mention(category, words, start, end, mentions))

    def _claim_categories(
        self, words: list[str], taken: set[int], claim: ClaimFn, mentions: list[Mention]
    ) -> None:
        for category, phrases in self.lexicon.categories:
            for phrase in sorted(phrases, key=len, reverse=True):
                for start in range(len(words) - len(phrase) + 1):
                    end = start + len(phrase)
                    if tuple(words[start:end]) != phrase or any(
                        i in taken for i in range(start, end)
                    ):
                        continue
                    if _on_the_side(words, start, end):
                        continue
                    if self._holder_of_next(words, start, end, mentions):
                        continue
                    claim(_section_mention(category, words, start, end, mentions))

    def _holder_of_next(
        self, words: list[str], start: int, end: int, mentions: list[Mention]
    ) -> bool:
        """ "a tub of scallion cream cheese" with a section of Tubs: the tub is the Scallion
        Cream Cheese Tub's own word, not the section."""
        if end - start != 1 or words[end : end + 1] != ["of"]:
            return False
        return any(
            m.kind is Kind.ITEM
            and m.start in (end + 1, end + 2)
            and (
                words[start] in SERVING_WORDS  # "a side of hash browns"
                or any(words[start] in self.lexicon.by_id[i].phrases[0] for i in m.items)
            )
            for m in mentions
        )

    def _claim_diet(self, words: list[str], taken: set[int], claim: ClaimFn) -> None:
        for index, word in enumerate(words):
            if index not in taken and word in self.lexicon.diet_words:
                claim(Mention(Kind.DIET, index, index + 1, words=(self.lexicon.diet_words[word],)))


from collections.abc import Callable  # noqa: E402

ClaimFn = Callable[[Mention], None]


MODALS = frozenset({"can", "could", "may", "might", "will", "would", "shall", "should", "must"})
PRONOUNS = frozenset({"i", "we", "you", "u", "he", "she", "they", "it"})


def _option_said_on(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "with tofu instead of chicken": the rest of the tofu option's own name ("tofu instead
    of chicken"), not a second option that also ends so ("beef instead of chicken")."""
    options = sorted(
        (m for m in mentions if m.kind is Kind.MODIFIER and m.modifier is not None),
        key=lambda m: m.start,
    )
    dropped: list[Mention] = []
    for first, second in zip(options, options[1:], strict=False):
        assert first.modifier is not None and second.modifier is not None
        said = [w for w in words[second.start : second.end] if w not in ("of", "the", "a")]
        if (
            first.end == second.start
            and first.modifier.modifier.id != second.modifier.modifier.id
            and first.items == second.items
            and set(said) <= set(first.modifier.body)
            and not set(said) >= set(second.modifier.body)
            and first not in dropped
        ):
            dropped.append(second)
    if not dropped:
        return mentions
    return [m for m in mentions if not any(m is d for d in dropped)]


_DESCRIBING = frozenset({"for", "with", "to", "of"})


def _said_again(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "a chocolate for dipping" of the Dipping Chocolate: two words of one item's name, joined
    by "for" or "with" and not both the whole name, are one mention of it, not two items."""
    items = sorted((m for m in mentions if m.kind is Kind.ITEM), key=lambda m: m.start)
    dropped: set[int] = set()
    for first, second in zip(items, items[1:], strict=False):
        gap = words[first.end : second.start]
        if (
            first.item_id is not None
            and second.items == (first.item_id,)
            and not (first.exact and second.exact)
            and 1 <= len(gap) <= 2
            and gap[0] in _DESCRIBING
            and all(w in _DESCRIBING or w in ("the", "a") for w in gap)
            and id(first) not in dropped
        ):
            dropped.add(id(second))
    if not dropped:
        return mentions
    return [m for m in mentions if id(m) not in dropped]


def _appositions_dropped(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "one of those coconut buns, the pão de deus": the item named again right after, by
    another of its names, is the same one, not a second."""
    items = sorted((m for m in mentions if m.kind is Kind.ITEM), key=lambda m: m.start)
    again = {
        id(second)
        for first, second in zip(items, items[1:], strict=False)
        if len(first.items) == 1
        and second.items == first.items
        and words[first.end : second.start] in ([","], [",", "the"], ["the"], ["of", "the"])
    }  # "a bag of the li hing gummies": the bag is the gummies' own word
    return [m for m in mentions if id(m) not in again]


def _option_words_kept(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "on saj bread": a partly named item right after an option whose name has its words
    ("saj bread instead of pita") is the rest of the option, not a pita bread as well."""
    by_start = {m.start: m for m in mentions if m.kind is Kind.ITEM and not m.exact}
    dropped: list[Mention] = []
    for mention in mentions:
        after = by_start.get(mention.end)
        if mention.kind is not Kind.MODIFIER or mention.modifier is None or after is None:
            continue
        option = mention.modifier
        rest = set(option.body) - set(option.replaces) - set(mention.words)
        span = tuple(words[after.start : after.end])
        if span and set(span) <= rest:
            mention.end = after.end
            mention.words = (*mention.words, *span)
            dropped.append(after)
    return [m for m in mentions if all(m is not d for d in dropped)]


def _verb_after_to(words: list[str], start: int, end: int) -> bool:
    """ "a ranch and a honey mustard to dip", "something to drink": a word of an item's name
    used as the verb after "to" at the end of what is said, not the item ("change it to
    fries" names one)."""
    return (
        end - start == 1
        and start >= 2
        and words[start - 1] == "to"
        and (end == len(words) or words[end] in BOUNDARY or words[end] in ("with", "please"))
        and words[start - 2] not in _POINTED
    )


_POINTED = frozenset("it that this them those these one 1 order mine both all".split())


def _on_the_side(words: list[str], start: int, end: int) -> bool:
    """ "a cup of chili on the side": how it is served, not the "Side of Cheese Sauce"."""
    return words[start:end] == ["side"] and words[max(0, start - 2) : start] == ["on", "the"]


def _modal_verb(words: list[str], start: int, end: int) -> bool:
    """ "can I get …", "we can share": the verb, not an item called "can" (a "can of pop")."""
    if end - start != 1 or words[start] not in MODALS:
        return False
    after = words[end] if end < len(words) else ""
    before = words[start - 1] if start > 0 else ""
    return after in PRONOUNS or before in PRONOUNS


def _section_mention(
    category: Category, words: list[str], start: int, end: int, mentions: list[Mention]
) -> Mention:
    """A section of the menu said by name; where one item of it carries the section's name in
    its own, that item ("build your own": the Build Your Own Bowl, not the section's burrito),
    unless that item is named in the clause already ("a deep fried mars bar for afters")."""
    said = set(words[start:end])
    named = [item.id for item in category.items if said <= set(phrase_tokens(item.name))]
    if len(category.items) == 1:
        named = [category.items[0].id]
    already = {i for m in mentions if m.kind is Kind.ITEM for i in m.items}
    if len(named) == 1 and named[0] not in already:
        return Mention(Kind.ITEM, start, end, items=(named[0],), exact=False)
    return Mention(Kind.CATEGORY, start, end, words=(category.id,))


def _cue_said_before(
    words: list[str], start: int, span: list[str], modifier: ModifierEntry
) -> bool:
    """ "a turkey club on a whole wheat bagel": the option's whole name, its cue ("on a") said
    right before words that would otherwise name the whole wheat bagel itself."""
    if set(span) != set(modifier.body):
        return False
    cue = split_cue(phrase_tokens(modifier.modifier.name.split(",")[0]))[0]
    if not cue:
        return False
    end = start
    while end > 0 and words[end - 1] in BODY_FILLERS:
        end -= 1
    return tuple(words[max(0, end - len(cue)) : end]) == cue


def _one_slip(span: tuple[str, ...], phrase: tuple[str, ...], compact: str, joined: str) -> bool:
    """All words but one said as the name has them, the other a close slip of its word."""
    differing = [(s, p) for s, p in zip(span, phrase, strict=True) if s != p]
    if len(differing) != 1 or len(differing[0][1]) < 3:
        return False
    said, meant = differing[0]
    return OSA.distance(said, meant) == 1 and OSA.normalized_similarity(compact, joined) >= 0.85


def _contiguous(span: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(phrase[i : i + len(span)] == span for i in range(len(phrase) - len(span) + 1))


def _in_order(span: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Every word of `span` appears in `phrase`, in the same order."""
    position = 0
    for word in span:
        try:
            position = phrase.index(word, position) + 1
        except ValueError:
            return False
    return True


def _same_edges(query: str, target: str) -> bool:
    return bool(query and target) and query[0] == target[0] and query[-1] == target[-1]


def _cue_at(words: list[str], position: int) -> tuple[Polarity, int]:
    for cue, polarity in POLARITY_CUES:
        if polarity is Polarity.PLAIN:
            continue
        if tuple(words[position : position + len(cue)]) == cue:
            return polarity, len(cue)
    return Polarity.PLAIN, 0


def _describes_the_next(candidate: _Candidate, exact: list[_Candidate]) -> bool:
    """ "a hot milk tea": one word of another item's name ("Hot Lemon Coke") said right before
    an item named in full describes that item; it is not the other one."""
    return candidate.end - candidate.start == 1 and any(
        c.start == candidate.end and not set(c.scores) & set(candidate.scores) for c in exact
    )


def _small_word_aside(body: tuple[str, ...], option: ModifierEntry) -> bool:
    """One short word that only the option's brackets say ("com" of "(com ovo)"): a word of
    the language it is glossed in, not the option."""
    return (
        len(body) == 1
        and len(body[0]) <= 3
        and body[0] in option.aside
        and (body[0] not in option.core)
    )


def _after_no_cue(words: list[str], position: int) -> bool:
    """Whether a "no" cue ends right before `position` ("without the | cheese")."""
    while position > 0 and words[position - 1] in ("the", "a", "any", "some"):
        position -= 1
    for length in range(1, min(3, position) + 1):
        start = position - length
        if _cue_at(words, start) != (Polarity.NO, length):
            continue
        # "no" or "not" opening what is said answers us ("no, bacon on it"); mid-sentence
        # it is the cue ("a garlic bread no cheese")
        opening = start == 0 or words[start - 1] in BOUNDARY
        if words[start] == "hold" and length == 1:
            return False  # "hold on": no cue ("hold the onions" is)
        return not (opening and words[start] == "no")
    return False


def _followed_by_bit(words: list[str], end: int) -> bool:
    return end < len(words) and words[end] in ("bit", "more", "less")
