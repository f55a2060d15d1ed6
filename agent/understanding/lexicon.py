"""What a menu gives the understanding: the words of every item, size, modifier and category,
normalized like customer speech, with sound-alike keys for recognition slips. Built once per
menu; nothing here knows any particular menu."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache

from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from agent.core.menu import Category, Menu, MenuItem, Modifier, Size
from agent.understanding.matching import phonetic_key
from agent.understanding.shorthands import Shorthand, described
from agent.understanding.text import BOUNDARY, CONVERSATION_WORDS, phrase_tokens, tokens


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
        ("take off the", Polarity.NO), ("do not do", Polarity.NO), ("do not want", Polarity.NO),
        ("do not put", Polarity.NO), ("do not add", Polarity.NO),
        ("with extra", Polarity.EXTRA), ("extra", Polarity.EXTRA), ("double", Polarity.EXTRA),
        ("a lot of", Polarity.EXTRA), ("lots of", Polarity.EXTRA), ("more", Polarity.EXTRA),
        ("heavy", Polarity.EXTRA), ("plenty of", Polarity.EXTRA),
        ("with less", Polarity.LESS), ("less", Polarity.LESS), ("light", Polarity.LESS),
        ("lite", Polarity.LESS), ("easy on the", Polarity.LESS), ("easy on", Polarity.LESS),
        ("light on the", Polarity.LESS), ("light on", Polarity.LESS),
        ("heavy on the", Polarity.EXTRA), ("heavy on", Polarity.EXTRA),
        ("a little", Polarity.LESS), ("little", Polarity.LESS), ("not too", Polarity.LESS),
        ("not so", Polarity.LESS), ("not that", Polarity.LESS),
        ("add", Polarity.ADD), ("with a side of", Polarity.ADD), ("with", Polarity.ADD),
        ("plus", Polarity.ADD), ("put", Polarity.ADD), ("throw in", Polarity.ADD),
        ("make it", Polarity.PLAIN), ("make that", Polarity.PLAIN), ("on", Polarity.PLAIN),
        ("in", Polarity.PLAIN),
    )
)  # fmt: skip
POLARITY_CUES = tuple(sorted(POLARITY_CUES, key=lambda pair: -len(pair[0])))
BODY_FILLERS = frozenset({"the", "a", "an", "some", "of", "please", "it", "them", "any", "my"})
GENERIC_SIZES = ("small", "medium", "large")
"""Size words customers use whatever a menu calls its sizes."""
SIZE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "big": ("large",), "bigger": ("large",), "biggest": ("large",), "huge": ("large",),
    "largest": ("large",), "lg": ("large",), "lrg": ("large",), "lge": ("large",),
    "sml": ("small",), "reg": ("regular", "medium"), "little": ("small",), "smaller": ("small",),
    "smallest": ("small",), "sm": ("small",), "kid": ("small", "kids"), "child": ("small",),
    "regular": ("medium", "regular"), "normal": ("medium", "regular"), "med": ("medium",),
    "mid": ("medium",), "middle": ("medium",), "pc": ("piece",), "ounce": ("oz",),
    "litre": ("liter",), "l": ("liter",), "sized": (), "doz": ("dozen",),
    # said in French or German ("une petite poutine", "format régulier", "pommes klein")
    "petit": ("small",), "petite": ("small",), "moyen": ("medium",), "moyenne": ("medium",),
    "regulier": ("regular", "medium"),
    "reguliere": ("regular", "medium"), "klein": ("small",), "kleine": ("small",),
    "gross": ("large",), "grosse": ("large",),
}  # fmt: skip


SCALES: dict[str, frozenset[str]] = {
    "heat": frozenset("spicy spice spiciness mild hot heat medium".split()),
    "sweetness": frozenset("sweet sugar sweetness unsweetened sweetened sweetener".split()),
    "temperature": frozenset("iced hot warm cold".split()),
    "doneness": frozenset("rare done medium".split()),
    "fat": frozenset("lean fatty medium".split()),  # smoked meat, brisket: lean, medium, fatty
}  # fmt: skip
"""Options that name a point on one scale: an item is "mild" or "extra spicy", never both.
Found by the option's last word ("medium spicy", "Thai hot", "50 percent sweet")."""
PLACES = frozenset({("on",), ("in",)})
"""Options said as where the item goes ("on a croissant", "in a cup"): one of them at a time."""


def split_cue(words: tuple[str, ...]) -> tuple[tuple[str, ...], Polarity, tuple[str, ...]]:
    """ "without onions" → (without, NO, (onion,)); "on a bagel" → (on, PLAIN, (bagel,))."""
    for cue, polarity in POLARITY_CUES:
        if words[: len(cue)] == cue and len(words) > len(cue):
            body = tuple(w for w in words[len(cue) :] if w not in BODY_FILLERS)
            return cue, polarity, body or words[len(cue) :]
    return (), Polarity.PLAIN, tuple(w for w in words if w not in BODY_FILLERS) or words


def split_polarity(words: tuple[str, ...]) -> tuple[Polarity, tuple[str, ...]]:
    """ "without onions" → (NO, (onion,)); "25 percent sugar" → (PLAIN, (25, percent, sugar))."""
    _, polarity, body = split_cue(words)
    return polarity, body


@dataclass(frozen=True)
class ModifierEntry:
    modifier: Modifier
    polarity: Polarity
    body: tuple[str, ...]
    key: str
    families: frozenset[tuple[str, ...]] = frozenset()
    replaces: tuple[str, ...] = ()
    """What the item comes with that this option replaces ("barbecue sauce instead of
    buffalo" → buffalo): asking for that again takes the option off."""
    """What the option is a choice of: its body ("no onions" and "extra onions"), its scale
    ("mild", "extra spicy") or its place ("on a bagel"). Two options of one family exclude
    each other."""
    core: tuple[str, ...] = ()
    """The body without what brackets explain: "open" of "open (to eat now)"."""
    choice: bool = False
    """A plain option of its own kind on its item ("buffalo" beside "lemon pepper" and "BBQ"
    on wings; "lean" beside "moist"), not one of several of a kind ("spicy BBQ sauce") or a
    place ("ranch on the side"): a customer who asks for one such option instead takes
    another such one off."""

    aside: tuple[str, ...] = ()
    """What brackets in the option's name call it too: "boba" of "tapioca pearls (boba)"."""

    named_head: str = ""
    """The last word of what the option is called, before a comma or brackets explain it
    ("sauce" of "fire sauce, very spicy gochujang" and of "yangnyeom (sweet and spicy) sauce")."""

    @property
    def head(self) -> str:
        """The option's last word: "oat milk" and "almond milk" are both milk."""
        return self.named_head or (self.body[-1] if self.body else "")

    def excludes(
        self, other: ModifierEntry, *, loosely: bool = False, swapping: bool = False
    ) -> bool:
        """Whether an item can have this option and `other` together. `loosely` also counts
        options of the same kind of thing ("oat milk", "almond milk"), for a customer who
        says they want one instead of the other; "caramel syrup" and "vanilla syrup" on one
        drink only exclude each other then. `swapping` (the customer asks for this option
        instead, "change the wings to buffalo") also counts two choices of their own kind."""
        if other.modifier.id == self.modifier.id:
            return False
        if self.families & other.families:
            return True
        if swapping and self.choice and other.choice:
            return True
        return loosely and bool(self.head) and self.head == other.head


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

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(w for phrase in self.phrases for w in phrase)

    def option(self, modifier_id: str) -> ModifierEntry | None:
        return next((m for m in self.modifiers if m.modifier.id == modifier_id), None)

    def pushed_out(
        self,
        chosen: list[str],
        kept: tuple[str, ...] | list[str],
        *,
        loosely: bool = False,
        swapping: bool = False,
    ) -> list[str]:
        """The options of `kept` that the `chosen` ones replace ("mild" pushes out "medium
        spicy"; "oat milk" pushes out "almond milk" when said as a change)."""
        new = [m for m in (self.option(i) for i in chosen) if m is not None]
        choices = [o for o in (self.option(i) for i in kept) if o is not None and o.choice]
        if len(choices) > 1:
            swapping = False  # "make it a meal" of a sub built with cheddar, lettuce, tomato
        out = []
        for modifier_id in kept:
            old = self.option(modifier_id)
            if modifier_id in chosen or old is None:
                continue
            if any(n.excludes(old, loosely=loosely, swapping=swapping) for n in new):
                out.append(modifier_id)
        return out


MULTIPLES = {"single": "1", "double": "2", "triple": "3", "quadruple": "4", "quad": "4"}
"""A size named by how many of a unit ("double scoop", "triple shot") is also said as a count
("two scoops", "3 shots"), and the other way round."""


def _size_entry(size: Size) -> SizeEntry:
    phrases = {phrase_tokens(size.name), phrase_tokens(size.id.replace("_", " "))}
    phrases.add(phrase_tokens(re.sub(r"\(.*?\)", " ", size.name)))  # "Half Chicken (8 pieces)"
    # "Small (12 oz)": a measure in brackets is how the size is said too ("a 12 ounce")
    # "Iced (peng)": a word in brackets is the size's other name ("a kopi peng")
    # "Large (grande, 40 cl)": each part of the brackets on its own
    asides = [part.strip() for a in re.findall(r"\((.*?)\)", size.name) for part in a.split(",")]
    phrases |= {
        phrase_tokens(aside)
        for aside in asides
        if any(c.isdigit() for c in aside)
        and len(aside.split()) <= 3
        or len(aside.split()) == 1
        and aside.isalpha()
        and len(aside) >= 3
    }
    if {("footlong",), ("foot", "long")} & phrases:
        phrases |= {("12", "inch"), ("foot", "long"), ("footlong",)}  # "a twelve-inch"
    counted = {v: k for k, v in MULTIPLES.items() if k != "quad"}
    for phrase in list(phrases):
        if len(phrase) >= 2 and phrase[0] in MULTIPLES:
            phrases.add((MULTIPLES[phrase[0]], *phrase[1:]))
        elif len(phrase) >= 2 and phrase[0] in counted:
            phrases.add((counted[phrase[0]], *phrase[1:]))
    return SizeEntry(size, tuple(sorted(p for p in phrases if p)))


NOT_ASIDE = re.compile(r"\(\s*(?:not|instead of)\s+([^()]*)\)", re.IGNORECASE)
"""An option's brackets saying what it is not: "soup (not dry)"."""


def _modifier_entry(modifier: Modifier) -> ModifierEntry:
    # "50% sugar, half sweet": the option's first phrase says what it is
    words = phrase_tokens(modifier.name.split(",")[0]) or phrase_tokens(modifier.name)
    cue, polarity, body = split_cue(words)
    if polarity is Polarity.PLAIN and body[:1] == ("make",):
        body = body[1:] or body
    families: set[tuple[str, ...]] = {("body", *body)}
    head = body[-1] if body else ""
    families |= {("scale", name) for name, scale in SCALES.items() if head in scale}
    if cue in PLACES:
        families.add(("place", *cue))
    # "soup (not dry)": what the brackets say it is not is no word of it, but what it replaces
    unsaid = NOT_ASIDE.findall(modifier.name)
    name = NOT_ASIDE.sub(" ", modifier.name).strip() or modifier.name
    full_polarity, full_body = split_polarity(phrase_tokens(name))
    replaces: tuple[str, ...] = tuple(w for part in unsaid for w in phrase_tokens(part))
    named = phrase_tokens(name)
    instead_at = None
    for marker in (("instead", "of"), ("rather", "than"), ("in", "place", "of")):
        for i in range(len(named) - len(marker) + 1):
            if named[i : i + len(marker)] == marker:
                replaces = tuple(w for w in named[i + len(marker) :] if w not in BODY_FILLERS)
                instead_at = i
    _core_polarity, core = split_polarity(phrase_tokens(re.sub(r"\(.*?\)", " ", modifier.name)))
    if instead_at:
        # "plain rice instead of rice and peas": said "plain rice", it is the whole option
        _core_polarity, core = split_polarity(named[:instead_at])
    _, called = split_polarity(
        phrase_tokens(re.sub(r"\(.*?\)", " ", modifier.name.split(",")[0])) or named
    )
    return ModifierEntry(
        modifier,
        full_polarity,
        full_body,
        phonetic_key(" ".join(full_body)),
        frozenset(families),
        replaces,
        core or full_body,
        aside=tuple(w for w in phrase_tokens(" ".join(re.findall(r"\((.*?)\)", name)))),
        named_head=called[-1] if called else "",
    )


def _shared_leads_dropped(entries: tuple[ModifierEntry, ...]) -> tuple[ModifierEntry, ...]:
    """ "topped with toasted pine nuts", "topped with chicken shawarma": where several of an
    item's options begin "<something>ed with", that lead says how, not which; the option is
    what follows it ("pine nuts"), asked for like an addition."""
    leads = Counter(
        e.body[:2]
        for e in entries
        if len(e.body) > 2 and e.body[1] == "with" and e.body[0].endswith("ed")
    )
    shared = {lead for lead, count in leads.items() if count >= 2}
    return tuple(
        dataclasses.replace(
            e,
            polarity=Polarity.ADD,
            body=e.body[2:],
            core=e.core[2:] if e.core[:2] == e.body[:2] else e.core,
            families=(e.families - {("body", *e.body)}) | {("body", *e.body[2:])},
        )
        if e.body[:2] in shared
        else e
        for e in entries
    )


ONE_OF_A_KIND = re.compile(
    r"(?:\bone ([a-z ]{2,30}?) of your choice|\b(?:pick|choose) (?:one|a|your) ([a-z ]{2,30}?))"
    r"\s*:\s*([^.;]+)",
    re.IGNORECASE,
)
"""How a description says its item takes one of a list ("plus one curry of your choice:
paneer butter masala, channa masala or aloo gobi", "Pick one base: apple juice, …")."""
EITHER_OR = re.compile(r"\b(?:choose|pick|choice of)\s+()()([^.;:]+?\bor\b[^.;]+)", re.IGNORECASE)
"""A list to choose from that ends in "or" ("Choose lamb, chicken or mixed"): one of them."""
MANY_WORDS = frozenset("any up to as many all two three toppings".split())


def _described_choices(
    description: str, entries: tuple[ModifierEntry, ...]
) -> tuple[ModifierEntry, ...]:
    """The options a description says are one of a list, made one family: asking for one of
    them ("change the curry to paneer butter masala") takes the other off."""
    text = re.sub(r"\(.*?\)", " ", description)
    for match in [*ONE_OF_A_KIND.finditer(text), *EITHER_OR.finditer(text)]:
        if match.re is EITHER_OR and set(phrase_tokens(match.group(3))) & MANY_WORDS:
            continue  # "choose any two: …, … or …": not one of them
        kind = phrase_tokens(match.group(1) or match.group(2) or "choice")
        listed = {phrase_tokens(part) for part in re.split(r",|\bor\b|\band\b", match.group(3))} - {
            ()
        }
        members = [
            e
            for e in entries
            if e.polarity is Polarity.PLAIN
            and any(e.body[: len(said)] == said or e.core == said for said in listed)
        ]
        if len(members) < 2:
            continue
        family = ("described", *kind)
        entries = tuple(
            dataclasses.replace(e, families=e.families | {family}) if e in members else e
            for e in entries
        )
    return entries


def _choices(entries: tuple[ModifierEntry, ...]) -> tuple[ModifierEntry, ...]:
    """The item's options with `choice` marked: plain, not a place, and the only one of the
    item's plain options with its last word."""
    entries = _shared_leads_dropped(entries)
    # "medium" beside "mild" and "hot": the middle of the heat scale its sisters are on
    scales = Counter(f for e in entries for f in e.families if f[0] == "scale")
    entries = tuple(
        dataclasses.replace(e, families=e.families | {f for f, n in scales.items() if n >= 2})
        if e.body in (("medium",), ("middle",)) and e.polarity is Polarity.PLAIN
        else e
        for e in entries
    )
    plain = [e for e in entries if e.polarity is Polarity.PLAIN and e.body]
    heads = Counter(e.head for e in plain)
    return tuple(
        dataclasses.replace(
            entry,
            choice=entry in plain
            and heads[entry.head] == 1
            and not set(entry.body) & {"on", "in", "side"}
            and not entry.replaces
            and not any(f[0] == "place" for f in entry.families),
        )
        for entry in entries
    )


_HOW_LITTLE = [["a", w] for w in ("little", "bit", "touch", "splash", "dash", "drop", "pinch")]
_DONE_TO = frozenset("it them that those this these both the my our".split())
"""What a verb is said of, between it and its particle ("warm it up")."""
NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
}
"""Counts in words, for slips in them ("eigth", "twelv"); said right, text2num already turned
them into digits."""
SLIP_MIN = 5
"""Shorter slips are left alone: one letter off "tea" or "cod" is another word."""
SLIP_MAX_ZIPF = 2.5
"""A word more frequent than this in English is meant as typed ("late" is no "latte")."""


FUNCTION_WORDS = frozenset(
    "the a an and or of with on in it to for is i me my you no not yes".split()
)
"""Words no item's name is made of alone."""


def _numbered(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """A menu number as an item's alias ("#12", "12", "number twelve") is "number 12": a
    count said bare ("two egg rolls") never names item 2."""
    if len(phrase) == 2 and phrase[0] == "number" and phrase[1] in NUMBER_WORDS:
        return ("number", NUMBER_WORDS[phrase[1]])
    if phrase and all(w.isdigit() for w in phrase):
        return ("number", *phrase)
    return phrase


class MenuLexicon:
    def __init__(self, menu: Menu) -> None:
        self.menu = menu
        self.items: list[ItemEntry] = []
        for category in menu.categories:
            for item in category.items:
                raw = (item.name, *item.aliases, item.id.replace("_", " "))
                phrases = tuple(
                    dict.fromkeys(
                        p
                        for p in (_numbered(phrase_tokens(r)) for r in raw)
                        # "Thé" folds to "the": a name of function words only is no name
                        if p and not set(p) <= FUNCTION_WORDS
                    )
                ) or (phrase_tokens(item.id.replace("_", " ")),)
                self.items.append(
                    ItemEntry(
                        item=item,
                        category=category,
                        phrases=phrases,
                        compact=tuple("".join(p) for p in phrases),
                        keys=tuple(phonetic_key(" ".join(p)) for p in phrases),
                        sizes=tuple(_size_entry(s) for s in item.sizes),
                        modifiers=_described_choices(
                            item.description or "",
                            _choices(tuple(_modifier_entry(m) for m in item.modifiers)),
                        ),
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
        if any(entry.sizes for entry in self.items):
            # "jollof, the small one" where the sizes are regular and large: a size word all
            # the same, matched to this item's smallest (entities._relative_size)
            self.size_phrases |= {(word,) for word in GENERIC_SIZES}
        self.size_words = {
            w for p in self.size_phrases for w in p if not w.isdigit() and len(w) > 1
        } - {w for e in self.items for p in e.phrases[:1] for w in p}
        """Words only sizes use ("pound" of "half pound"; not a word of any item's name)."""
        self.modifier_words = {
            w
            for entry in self.items
            for m in entry.modifiers
            for w in (*m.body, *m.replaces)  # "dry" of "soup (not dry)": option talk too
            if len(w) > 2 or w.isdigit()  # "25" of "25% sweet" too
        }
        self.option_bodies = {m.body for entry in self.items for m in entry.modifiers if m.body}
        self.option_names = {
            phrase_tokens(name)
            for entry in self.items
            for m in entry.modifiers
            for name in (m.modifier.name, re.sub(r"\(.*?\)", " ", m.modifier.name))
        }
        self.joined_phrases = {
            phrase
            for phrase in self.option_bodies | self.size_phrases
            if len(phrase) > 2 and {"and", "or"} & set(phrase[1:-1])
        }
        """Choices whose names join words ("salt and vinegar"): one phrase, never two clauses."""
        self.categories = [
            (category, {phrase_tokens(category.name), phrase_tokens(category.id.replace("_", " "))})
            for category in menu.categories
        ]
        self.numbered_names = tuple(
            phrase
            for phrase in {
                phrase_tokens(menu.restaurant.name),
                *(phrase_tokens(c.name) for c in menu.categories),
            }
            if any(w.isdigit() for w in phrase[1:]) and len(phrase) >= 3
        )
        """The restaurant's and sections' names with a number inside ("Mabel's Meat & Three"):
        "a meat and three" says the name, not three of something."""
        self.diet_words = _diet_words(menu)
        self.vocabulary = (
            set(self.items_with_word)
            | self.modifier_words
            | {w for p in self.size_phrases for w in p}
            | {w for _, phrases in self.categories for p in phrases for w in p}
        )

        self.abbreviations = _abbreviations(self.vocabulary)
        self.spelling_vocabulary = frozenset(
            w
            for w in self.vocabulary | CONVERSATION_WORDS | set(NUMBER_WORDS)
            if w.isalpha() and len(w) >= SLIP_MIN
        )
        self._spelling: dict[str, str] = {}
        self.shorthands = sorted(described(menu), key=lambda s: -len(s.phrase))

    @staticmethod
    def of(menu: Menu) -> MenuLexicon:
        """The menu's lexicon, built once per menu (a session's desk and understanding share
        it; the lexicon is never changed after it is built)."""
        return _lexicon_of(menu)

    def entry(self, item_id: str) -> ItemEntry:
        return self.by_id[item_id]

    def words_of(self, text: str) -> list[str]:
        """The customer's tokens with short forms of the menu's long words written out
        ("guac" → "guacamole", "mozz" → "mozzarella") and typing slips that are no English
        word corrected to the one menu or conversation word a letter away ("hzaelnut",
        "everythign")."""
        # "untoasted", "unsliced": the option said with "un" is that option not wanted
        said = [
            # "two OJs", "3 BLTs": a short menu word said plural (tokens keep short words whole)
            w[:-1] if len(w) <= 4 and w.endswith("s") and w not in self.vocabulary
            and w[:-1] in self.vocabulary and len(w) > 2 else w
            for w in tokens(text)
        ]  # fmt: skip
        # "toasties" made singular as "toasty" where the menu says "toastie"
        said = [
            w[:-1] + "ie"
            if w.endswith("y")
            and w not in self.items_with_word
            and w[:-1] + "ie" in self.items_with_word
            else w
            for w in said
        ]
        said = [
            part
            for w in said
            for part in (
                ["not", w[2:]]
                if w.startswith("un") and w not in self.vocabulary and w[2:] in self.modifier_words
                else [w]
            )
        ]
        if "just" not in self.modifier_words:
            # "with just a little piri-piri": how much, "just" no part of it (unless the menu
            # names an option so: "just a little chilli")
            said = [
                w
                for i, w in enumerate(said)
                if not (w == "just" and said[i + 1 : i + 3] in _HOW_LITTLE)
            ]
        # "snowcap", "rootbeer": two words of a menu name typed as one
        said = [part for w in said for part in self._compound_split(w)]
        if len(said) > 2 and said[0] in ("no", "nah", "nope") and said[1] in ANSWER_THEN_VERBS:
            said = said[1:]  # "no add cheese pls": "no" answered, then what to do
        if len(said) > 2 and said[0] in INTERJECTIONS and said[1] in (",", "!", "."):
            said = said[2:]  # "Sweet, the haloumi wrap then": glad, not the Sweets
        words = self._by_neighbours([self._spelled(self.abbreviations.get(w, w)) for w in said])
        # "eigth spring rolls": a number word typed with a slip is that number
        words = [
            NUMBER_WORDS.get(w, w) if w != typed else self._short_number_slip(w)
            for w, typed in zip(words, said, strict=True)
        ]
        for i, word in enumerate(words[:-1]):
            formal = COLLOQUIAL.get(word)
            if formal is None:
                continue
            if (formal, words[i + 1]) in self.bigrams and (word, words[i + 1]) not in self.bigrams:
                words[i] = formal  # "veggie cream cheese" on a menu of "vegetable cream cheese"
        return self._shorthands_written_out(self._everyday_options(words))

    def _done_form(self, word: str, after: list[str]) -> tuple[tuple[str, str], int] | None:
        """ "warm it up", "heat the pies up": a verb, what it is done to, and its particle,
        where the menu's option is named by what is done and that particle ("warmed up"); the
        option's words and where the particle was said."""
        if not after or after[0] not in _DONE_TO:
            return None
        for at in range(1, len(after)):
            if after[at] in BOUNDARY:
                return None
            for done in (word + "ed", word + "d", word + word[-1:] + "ed"):
                if (done, after[at]) in self.option_names:
                    return (done, after[at]), at
        return None

    def _short_number_slip(self, word: str) -> str:
        """ "thre natas", "fiv": a number word typed a letter short, too short for the slips
        of menu words, and no English or menu word, is that number."""
        if not 3 <= len(word) < SLIP_MIN or not word.isalpha() or word in self.vocabulary:
            return word
        if word in CONVERSATION_WORDS or zipf_frequency(word, "en") >= SLIP_MAX_ZIPF:
            return word
        near = [n for n in NUMBER_WORDS if len(n) > len(word) and OSA.distance(n, word) == 1]
        return NUMBER_WORDS[near[0]] if len(near) == 1 else word

    def _compound_split(self, word: str) -> list[str]:
        """A word no menu or English word that is two words said side by side in a menu name,
        typed as one ("snowcap" for "snow cap"); otherwise the word itself."""
        if len(word) < 6 or not word.isalpha() or word in self.vocabulary:
            return [word]
        for cut in range(3, len(word) - 2):
            if (word[:cut], word[cut:]) in self.bigrams:
                return [word[:cut], word[cut:]]
        return [word]

    def _everyday_options(self, words: list[str]) -> list[str]:
        """ "skinny" → "skimmed milk", "black" → "no milk", where the menu has that option and
        the word is not said as part of a name ("black coffee", "black forest")."""
        halves = {p for p in self.option_names if p.count("half") >= 2}
        if len(halves) == 1 and ("half", "and", "half") not in self.option_names:
            # "half and half" where the menu says "half rice, half chips"
            [whole] = halves
            for i in range(len(words) - 2):
                if words[i : i + 3] == ["half", "and", "half"]:
                    words = [*words[:i], *whole, *words[i + 3 :]]
                    break
        out: list[str] = []
        skip: set[int] = set()
        for i, word in enumerate(words):
            if i in skip:
                continue
            skipping: set[int] = set()
            meant = next(
                (p for p in EVERYDAY_OPTIONS.get(word, ()) if p in self.option_names), None
            )
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i else ""
            if (
                word in ("grand", "grande")
                and (word,) not in self.size_phrases  # a "grande" burrito, grande its size
                and after.isalpha()
                and (before in ("un", "une", "a", "le", "la", "mon", "ma") or before.isdigit())
            ):
                meant = ("large",)  # "un grand café au lait"; not "that's grand"
            if word == "everything" and after in ("on", "but", "except", "minus"):
                # "everything on it except onions", "everything but olives": the works
                meant = next((p for p in EVERYTHING_OPTIONS if p in self.option_names), None)
                named = sorted((p for p in self.option_names if "everything" in p), key=len)
                if meant is None and named and all(p[: len(named[0])] == named[0] for p in named):
                    # "salad, everything on": the option that says so, its name said whole
                    out += named[0][: named[0].index("everything")]
                    out.append(word)
                    continue
            recent = " ".join(out[-4:])
            if word in ("but", "except") and ("the work" in recent or "everything" in recent):
                meant = ("no",)  # "the works but olives": no olives
            if meant is None and word.isalpha() and word not in self.vocabulary:
                # "toast it", "warm it up": the option "toasted", "warmed"
                meant = next(
                    (p for p in ((word + "ed",), (word + "d",)) if p in self.option_names), None
                )
                done = self._done_form(word, words[i + 1 : i + 5])
                if meant is None and done is not None:
                    # "warm it up", "warm the croissants up": "warmed up", then what it is of
                    meant, particle = done
                    skipping = {i + 1 + particle}
            beside = {
                (words[i - 1], word) if i else (),
                (word, words[i + 1]) if i + 1 < len(words) else (),
            }
            if meant is None or beside & self.bigrams:
                out.append(word)
            else:
                out += meant
                skip |= skipping
        return out

    def _shorthands_written_out(self, words: list[str]) -> list[str]:
        """ "a medium double double" → "a medium coffee with 2 cream and 2 sugar", where the
        coffee's description calls those options so; "a large tea, double double" → "a large
        tea, with 2 cream and 2 sugar"."""
        out: list[str] = []
        index = 0
        while index < len(words):
            shorthand = next(
                (s for s in self.shorthands if self._says_shorthand(words, index, s)), None
            )
            if shorthand is None:
                out.append(words[index])
                index += 1
                continue
            options = ["with"]
            for number, option in enumerate(shorthand.options):
                options += [*(["and"] if number else []), *option]
            end = index + len(shorthand.phrase)
            named = self._item_beside(words, index, end, shorthand)
            out += options if named else [*self.entry(shorthand.item_id).phrases[0], *options]
            index = end
        return out

    def _says_shorthand(self, words: list[str], index: int, shorthand: Shorthand) -> bool:
        end = index + len(shorthand.phrase)
        if tuple(words[index:end]) != shorthand.phrase:
            return False
        if any(
            tuple(words[index : index + len(p)]) == p and len(p) > len(shorthand.phrase)
            for e in self.items
            for p in e.phrases
        ):
            return False  # "regular tea", a name of its own
        if shorthand.phrase in self.size_phrases:
            # "a small regular" is the shorthand; "a regular" is a size
            return index > 0 and (words[index - 1],) in self.size_phrases
        return True

    def _item_beside(self, words: list[str], start: int, end: int, shorthand: Shorthand) -> bool:
        """Whether an item that takes the shorthand's options is named just before it (past
        its size and a comma: "a large steeped tea, double double") or just after it, or is the
        one of several being split ("three coffees: one black, one double double")."""
        owners = [
            e
            for e in self.items
            if all(any(m.modifier.name and phrase_tokens(m.modifier.name) == o for m in e.modifiers)
                   for o in shorthand.options)
        ]  # fmt: skip
        phrases = [p for e in owners for p in e.phrases]
        before = start
        while before > 0 and (
            (words[before - 1],) in self.size_phrases or words[before - 1] in (",", "the")
        ):
            before -= 1  # "a small mint tea, the usual"
        if any(before >= len(p) and tuple(words[before - len(p) : before]) == p for p in phrases):
            return True
        if any(tuple(words[end : end + len(p)]) == p for p in phrases):
            return True
        return (
            before > 0
            and words[before - 1] in ("1", "one")
            and any(tuple(words[i : i + len(p)]) == p for p in phrases for i in range(before))
        )

    @cached_property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        """Pairs of words next to each other in the menu's names, options and sizes."""
        phrases = [p for e in self.items for p in e.phrases]
        phrases += [*self.option_bodies, *self.size_phrases]
        return frozenset(pair for p in phrases for pair in zip(p, p[1:], strict=False))

    def _spelled(self, word: str) -> str:
        if word in self._spelling:
            return self._spelling[word]
        meant = word
        if (
            len(word) == SLIP_MIN - 1
            and word.isalpha()
            and word not in self.spelling_vocabulary
            and word not in self.vocabulary
            and zipf_frequency(word, "en") < SLIP_MAX_ZIPF
        ):
            # "wigns" (already made singular, "wign"): two letters swapped only
            swapped = [
                v
                for v in self.spelling_vocabulary | self.vocabulary
                if len(v) == len(word) and sorted(v) == sorted(word) and OSA.distance(v, word) == 1
            ]
            if len(swapped) == 1:
                meant = swapped[0]
        nearest = self._nearest(word)
        if len(nearest) == 1:
            meant = nearest[0]
        self._spelling[word] = meant
        return meant

    @lru_cache(maxsize=4096)  # noqa: B019 - one lexicon per menu, kept for the process
    def _nearest(self, word: str) -> tuple[str, ...]:
        """The menu or conversation words nearest a typing slip that is no English word
        (all of them, when several are as near)."""
        if len(word) < SLIP_MIN or not word.isalpha() or word in self.spelling_vocabulary:
            return ()
        if zipf_frequency(word, "en") >= SLIP_MAX_ZIPF:
            return ()
        allowed = 1 if len(word) < 9 else 2
        near = [
            (OSA.distance(word, v), v)
            for v in self.spelling_vocabulary
            if abs(len(v) - len(word)) <= allowed
        ]
        near = sorted(c for c in near if c[0] <= allowed)
        return tuple(v for d, v in near if d == near[0][0]) if near else ()

    def _by_neighbours(self, words: list[str]) -> list[str]:
        """ "dubble scoop" where "double" and "bubble" are both a letter away: the one the menu
        says next to the word after (or before) it."""
        out = list(words)
        for i, word in enumerate(words):
            nearest = self._nearest(word)
            if len(nearest) < 2:
                continue
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            fitting = [
                v for v in nearest if (v, after) in self.bigrams or (before, v) in self.bigrams
            ]
            if len(fitting) == 1:
                out[i] = fitting[0]
        return out

    def size_words_of(self, entry: ItemEntry) -> set[str]:
        return {w for s in entry.sizes for p in s.phrases for w in p}


@lru_cache(maxsize=16)
def _lexicon_of(menu: Menu) -> MenuLexicon:
    return MenuLexicon(menu)


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


EVERYDAY_OPTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "skinny": (
        ("skimmed", "milk"), ("skim", "milk"), ("nonfat", "milk"), ("fat", "free", "milk"),
        ("skimmed",), ("skim",), ("nonfat",),
    ),
    "black": (("no", "milk"), ("without", "milk"), ("no", "milk", "or", "cream")),
    "white": (("with", "milk"), ("add", "milk"), ("milk",)),
}  # fmt: skip
"""How coffee-shop customers say common options, taken as the option the menu names so."""
INTERJECTIONS = frozenset(
    "sweet cool nice awesome great perfect lovely brilliant excellent fab fantastic wonderful "
    "cheers alright right ace".split()
)
"""A word of gladness said first and set off ("Sweet, …", "Lovely!"): no order in it."""
ANSWER_THEN_VERBS = frozenset("add put make take change swap switch remove".split())
"""Verbs that start a request: after "no" at the start of a turn, "no" answered the question
("no add cheese", never "no cheese")."""
EVERYTHING_OPTIONS = (("the", "work"), ("everything",), ("all", "the", "topping"), ("loaded",))
"""What a menu may call "everything on it"."""
COLLOQUIAL = {"veggie": "vegetable", "sarnie": "sandwich", "spud": "potato", "taty": "potato"}
"""Everyday words for what menus name formally, taken as the formal word only right before a
word the menu has next to it ("veggie cream cheese"); alone, "veggie" stays a diet word."""

ABBREVIATION_MIN = 4
COMMON_ZIPF = 3.0


def _abbreviations(vocabulary: set[str]) -> dict[str, str]:
    """Clipped forms people say for long menu words: a prefix of at least four letters, three
    or more letters short of the word, that no other menu word starts with and that is no
    common English word itself ("guac", "mozz", "parm"; never "pine" for "pineapple")."""
    owners: dict[str, set[str]] = defaultdict(set)
    for word in vocabulary:
        if not word.isalpha() or len(word) < ABBREVIATION_MIN + 3:
            continue
        for end in range(ABBREVIATION_MIN, len(word) - 2):
            owners[word[:end]].add(word)
    return {
        prefix: next(iter(words))
        for prefix, words in owners.items()
        if len(words) == 1
        and prefix not in vocabulary
        and zipf_frequency(prefix, "en") < COMMON_ZIPF
    }
