"""Matching what customers say (or what speech recognition heard) to menu items, sizes and
modifiers: names, aliases, plurals, light misspellings and sound-alike slips, with rapidfuzz.

An ambiguous request returns candidates instead of guessing. Pure module, works with any menu.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA  # spelling distance: transposed letters are one slip

from agent.core.menu import Menu, MenuItem, Modifier, Size

ACCEPT_SCORE = 72.0
"""Below this nothing is taken as a match (only offered as a suggestion)."""
CONFIDENT_SCORE = 80.0
"""Between ACCEPT_SCORE and this, a match must also begin and end like the name ("cope" → coke,
but not "wine" → wings): speech-recognition slips keep a word's edges more often than not."""
CLEAR_MARGIN = 8.0
"""A best match must beat the next different item by this much, or the request is ambiguous."""
CERTAIN_SCORE = 97.0
SUGGEST_SCORE = 50.0
MODIFIER_SCORE = 80.0

FILLER_WORDS = frozenset(
    "a an the some of order orders please piece pieces serving servings one my".split()
)
SIZE_SYNONYMS = {
    "big": "large",
    "huge": "large",
    "biggest": "large",
    "little": "small",
    "smallest": "small",
    "kid": "small",
    "kids": "small",
    "regular": "medium",
    "normal": "medium",
    "mid": "medium",
    "lg": "large",
    "sm": "small",
    "med": "medium",
}
_NEGATIONS = (
    "with no", "without", "hold the", "hold", "no more", "minus", "skip the", "skip", "none", "no",
)  # fmt: skip
_ADDITIONS = ("with extra", "extra", "add", "with", "plus", "and", "more")


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "oes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalize(text: str, *, singularize: bool = True) -> str:
    """Bare words, no fillers or plurals: "2 Cheese-Burgers!" → "cheese burger"."""
    text = text.lower().replace("&", " and ").replace("-", " ").replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    kept = [w for w in words if w not in FILLER_WORDS and not w.isdigit()]
    if singularize:
        kept = [singular(w) for w in kept]
    return " ".join(kept)


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked again and again
def phonetic_key(text: str) -> str:
    """A rough sound key, so "keychup" ~ "ketchup" and "cease her salad" ~ "caesar salad".

    Voiced and unvoiced consonants collapse (d/t, b/p, g/k, v/f, z/s) and vowels after the
    first letter are dropped: both are frequent speech-recognition slips.
    """
    s = re.sub(r"[^a-z]", "", text.lower())
    if not s:
        return ""
    for old, new in (
        ("ae", "e"),
        ("tch", "ch"),
        ("ph", "f"),
        ("ck", "k"),
        ("sh", "x"),
        ("ch", "x"),
        ("qu", "k"),
    ):
        s = s.replace(old, new)
    s = re.sub(r"c(?=[eiy])", "s", s)
    s = s.translate(str.maketrans("cqzdbgvj", "ksstpkfx"))
    first, rest = s[0], s[1:]
    rest = re.sub(r"h(?![aeiou])", "", rest)
    rest = re.sub(r"[aeiouyhw]", "", rest)
    key = first + rest
    return re.sub(r"(.)\1+", r"\1", key)


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked again and again
def _token_score(query_token: str, target_token: str) -> float:
    if query_token == target_token:
        return 100.0
    spelling = OSA.normalized_similarity(query_token, target_token) * 100
    # compounds: "burger" in "cheeseburger" (but not "tea" inside "steak")
    if (
        len(query_token) >= 4
        and target_token.endswith(query_token)
        or (len(query_token) >= 5 and target_token.startswith(query_token))
    ):
        spelling = max(spelling, 90.0)
    return spelling


def word_similarity(query: str, target: str) -> float:
    """Every word said must match a word of the name; names with more words score a bit less."""
    query_tokens, target_tokens = query.split(), target.split()
    if not query_tokens or not target_tokens:
        return 0.0
    per_word = [max(_token_score(q, t) for t in target_tokens) for q in query_tokens]
    covered = sum(1 for t in target_tokens if max(_token_score(q, t) for q in query_tokens) >= 80)
    coverage = covered / len(target_tokens)
    return sum(per_word) / len(per_word) * (0.85 + 0.15 * coverage)


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked again and again
def similarity(query: str, target: str) -> float:
    """0–100: the best of word-level, spelling-level and sound-level similarity."""
    if not query or not target:
        return 0.0
    if query == target:
        return 100.0
    compact_q, compact_t = query.replace(" ", ""), target.replace(" ", "")
    if compact_q == compact_t:
        return 99.0
    words = word_similarity(query, target)
    spelling = OSA.normalized_similarity(compact_q, compact_t) * 100
    key_q, key_t = phonetic_key(query), phonetic_key(target)
    sound = OSA.normalized_similarity(key_q, key_t) * 100 - 6 if len(key_t) >= 3 else 0
    return max(words, spelling, sound)


@dataclass(frozen=True)
class Candidate:
    item: MenuItem
    score: float
    matched: str


@dataclass(frozen=True)
class MatchResult:
    """`item` when one item is clearly meant; else `candidates`: the close ones when
    `ambiguous`, otherwise suggestions for something the menu does not have."""

    query: str
    item: MenuItem | None
    candidates: tuple[Candidate, ...]
    ambiguous: bool = False

    @property
    def found(self) -> bool:
        return self.item is not None


class MenuMatcher:
    """Finds menu items from spoken names; build once per menu."""

    def __init__(self, menu: Menu) -> None:
        self._menu = menu
        self._entries: list[tuple[str, MenuItem]] = []
        for item in menu.items():
            for phrase in (item.name, *item.aliases, item.id.replace("_", " ")):
                # both the singular form and the words as written ("fries" and "fry")
                for form in (normalize(phrase), normalize(phrase, singularize=False)):
                    if form and (form, item) not in self._entries:
                        self._entries.append((form, item))
        self._name_words = {w for phrase, _ in self._entries for w in phrase.split()}
        self._size_words = set(SIZE_SYNONYMS) | {
            w
            for item in menu.items()
            for size in item.sizes
            for w in normalize(f"{size.name} {size.id.replace('_', ' ')}").split()
        }

    @property
    def menu(self) -> Menu:
        return self._menu

    def item_query(self, text: str, *, singularize: bool = True) -> str:
        """The words of `text` that can name an item: size words are dropped ("large coke")."""
        words = normalize(text, singularize=singularize).split()
        kept = [w for w in words if w not in self._size_words or w in self._name_words]
        return " ".join(kept or words)

    def rank(self, text: str) -> list[Candidate]:
        """Every item with its best score, best first."""
        queries = {self.item_query(text), self.item_query(text, singularize=False)}
        best: dict[str, Candidate] = {}
        for phrase, item in self._entries:
            score = max(similarity(query, phrase) for query in queries)
            current = best.get(item.id)
            if current is None or score > current.score:
                best[item.id] = Candidate(item, score, phrase)
        return sorted(best.values(), key=lambda c: (-c.score, c.item.name))

    def match(self, text: str) -> MatchResult:
        ranked = self.rank(text)
        if not ranked:
            return MatchResult(text, None, ())
        top = ranked[0]
        runner_up = ranked[1] if len(ranked) > 1 else None
        if top.score < ACCEPT_SCORE or (
            top.score < CONFIDENT_SCORE and not _same_edges(self.item_query(text), top.matched)
        ):
            suggestions = tuple(c for c in ranked[:3] if c.score >= SUGGEST_SCORE)
            return MatchResult(text, None, suggestions)
        clear = runner_up is None or top.score - runner_up.score >= CLEAR_MARGIN
        if top.score >= CERTAIN_SCORE and (runner_up is None or runner_up.score < CERTAIN_SCORE):
            clear = True
        if clear:
            return MatchResult(text, top.item, (top,))
        close = tuple(c for c in ranked if top.score - c.score < CLEAR_MARGIN)
        return MatchResult(text, None, close[:4], ambiguous=True)

    @staticmethod
    def match_size(item: MenuItem, text: str) -> Size | None:
        """The size named in `text` ("large", "a big one", "bowl"), if the item has it."""
        if not item.sizes:
            return None
        said = re.findall(r"[a-z]+", text.lower())
        # the size's own name first ("regular"), then common synonyms ("regular" → medium)
        for words in (said, [SIZE_SYNONYMS.get(w, w) for w in said]):
            for size in item.sizes:
                names = {size.id.replace("_", " "), size.name.lower()}
                if any(word in names for word in words):
                    return size
        for size in item.sizes:
            for word in words:
                if len(word) >= 4 and fuzz.ratio(word, size.name.lower()) >= 85:
                    return size
        return None

    @staticmethod
    def match_modifier(item: MenuItem, text: str) -> Modifier | None:
        """The modifier a phrase means ("without onions" → no onions), or None."""
        phrase = _canonical_modifier_phrase(text)
        if not phrase or not item.modifiers:
            return None
        best: tuple[float, Modifier] | None = None
        for modifier in item.modifiers:
            for option in {
                _canonical_modifier_phrase(modifier.name),
                _canonical_modifier_phrase(modifier.id),
            }:
                score = _modifier_similarity(phrase, option)
                if best is None or score > best[0]:
                    best = (score, modifier)
        if best is not None and best[0] >= MODIFIER_SCORE:
            return best[1]
        return None


def _same_edges(query: str, phrase: str) -> bool:
    q, p = query.replace(" ", ""), phrase.replace(" ", "")
    return bool(q and p) and q[0] == p[0] and q[-1] == p[-1]


def _canonical_modifier_phrase(text: str) -> str:
    """ "without onions" / "hold the onion" → "no onion"; "with extra cheese" → "extra cheese"."""
    t = " " + text.lower().replace("_", " ").replace("-", " ") + " "
    t = re.sub(r"[^a-z ]", " ", t)
    for negation in _NEGATIONS:
        t = re.sub(rf"\s{negation}\s", " no ", t)
    t = re.sub(r"\s(with extra|extra)\s", " extra ", t)
    t = re.sub(r"\s(with|plus|and)\s", " add ", t)
    words = [
        singular(w) for w in t.split() if w not in ("the", "a", "some", "please", "it", "make")
    ]
    # "add extra cheese" reads as "extra cheese"
    if words[:2] == ["add", "extra"]:
        words = words[1:]
    return " ".join(words)


def _modifier_similarity(phrase: str, option: str) -> float:
    """Like `similarity`, but the leading no/add/extra must agree ("no cheese" ≠ "add cheese")."""
    head_p, _, body_p = phrase.partition(" ")
    head_o, _, body_o = option.partition(" ")
    polar = {"no", "add", "extra"}
    if head_p in polar and head_o in polar:
        if head_p != head_o and {head_p, head_o} != {"add", "extra"}:
            return 0.0
        return similarity(body_p, body_o)
    if head_p in polar and head_o not in polar:
        return similarity(body_p, option) - (0 if head_p == "add" else 25)
    return similarity(phrase, option)
