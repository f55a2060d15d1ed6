"""Words from what a customer typed or what speech recognition heard: lowercase tokens with
contractions expanded, numbers in digits (text2num), plurals reduced (inflect), and the marks
that separate clauses kept as tokens. Pure, no menu knowledge."""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from functools import lru_cache
from types import ModuleType

from text_to_num import alpha2digit  # type: ignore[import-untyped]

BOUNDARY = frozenset({",", ".", "?", "!", ";"})
CONTRACTIONS = {
    "i'd": "i would", "i'll": "i will", "i'm": "i am", "i've": "i have", "what's": "what is",
    "that's": "that is", "it's": "it is", "don't": "do not", "doesn't": "does not",
    "didn't": "did not", "let's": "let us", "there's": "there is", "can't": "can not",
    "cannot": "can not", "won't": "will not", "isn't": "is not", "aren't": "are not",
    "we'd": "we would", "we'll": "we will", "we're": "we are", "you're": "you are",
    "name's": "name is", "how's": "how is", "that'll": "that will", "gonna": "going to",
    "wanna": "want to", "gimme": "give me", "lemme": "let me", "y'all": "you all",
    "that'd": "that would", "it'd": "it would", "here's": "here is", "who's": "who is",
    "where's": "where is", "they're": "they are",
    "shouldn't": "should not", "wouldn't": "would not", "couldn't": "could not",
    "haven't": "have not", "wasn't": "was not", "ya": "you", "yea": "yeah", "ok": "okay",
    "pls": "please", "plz": "please", "thx": "thanks", "nvm": "never mind",
    # typed without the apostrophe
    "thats": "that is", "whats": "what is", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "im": "i am", "ive": "i have", "isnt": "is not", "arent": "are not",
    "youre": "you are", "theyre": "they are", "wasnt": "was not", "cant": "can not",
    "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not",
    "theres": "there is", "heres": "here is", "itll": "it will", "thatll": "that will",
    # typed the way people text
    "n": "and", "w": "with", "wiv": "with", "wif": "with", "cn": "can", "u": "you",
    "ur": "your", "thnx": "thanks", "thanx": "thanks", "ty": "thanks", "lb": "pound",
    "lbs": "pound", "pt": "pint", "qt": "quart", "abt": "about", "bc": "because",
    "thts": "that is", "tht": "that", "pc": "piece", "pcs": "piece", "yessir": "yes sir",
    "xtra": "extra", "lrg": "large", "lg": "large", "sml": "small", "med": "medium",
    "ounce": "oz", "ounces": "oz", "lvl": "level", "lvls": "level",
    "centilitre": "cl", "centilitres": "cl", "centiliter": "cl", "centiliters": "cl",
    "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml",
    "thatd": "that would",
}  # fmt: skip
CONVERSATION_WORDS = frozenset(
    """about absolutely actually affirmative again ahead almost alright altogether anything
    appreciate awesome cancel certainly change cheers complete confirm correct definitely
    delete double enough everything exactly except exchange extra finish finished forget
    forgot great hello instead later little lovely maybe missing mistake moment nothing
    order other perfect place please plenty rather ready really remove repeat replace review
    right scratch second should sorry sounds start submit substitute switch thank thanks
    there these thing think those through together total wanted where which whole without
    would wrong""".split()
)
"""Longer words of the conversation itself (not of any menu) that a slip may hit
("that's everythign"): spelling is corrected toward them and toward the menu's words."""
LETTERS_WRITTEN_OUT = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
"""Letters no accent folding takes apart, as they are typed on an English keyboard."""
WORD_QUANTITIES = {
    "a": 1, "an": 1, "another": 1, "single": 1, "couple": 2, "pair": 2,
    "une": 1, "un": 1, "deux": 2, "trois": 3,  # "une poutine", "deux cafés"
    "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,  # "dos de carne"
    "uma": 1, "dois": 2, "duas": 2,  # "duas bicas" ("um" is a hesitation, never one)
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4,  # "dua teh tarik"
}  # fmt: skip


def _import_inflect() -> ModuleType:
    """inflect without its run-time argument checks. inflect 7 wraps its ~60 methods in
    typeguard's `@typechecked`, which parses and compiles inflect's 4,000-line source once per
    method at import: 3 to 5 s in every process that understands (the worker, each job process
    it warms, each CLI run), for checks of argument types our calls never get wrong
    (jaraco/inflect#212, agronholm/typeguard#468, both open). The decorator is a no-op while
    inflect's module body runs, and typeguard is left as it was."""
    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    try:
        import typeguard
    except ImportError:  # an inflect without typeguard
        return importlib.import_module("inflect")
    checked = typeguard.typechecked
    typeguard.typechecked = lambda target=None, **_: target or (lambda f: f)  # type: ignore[assignment]
    try:
        return importlib.import_module("inflect")
    finally:
        typeguard.typechecked = checked


inflect = _import_inflect()
_INFLECT = inflect.engine()
_KEEP_AS_IS = ("ss", "us", "is")
_VERBS_IN_S = frozenset("does always perhaps".split())  # "doesn't" is no "doe not"
_PLURALS_WITHOUT_S = frozenset("men women children people feet teeth geese mice".split())


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """ "fries" → "fry", "tacos" → "taco", "glass" stays; the same rule for menu and speech."""
    if len(word) <= 3 or not word.isalpha() or word.endswith(_KEEP_AS_IS) or word in _VERBS_IN_S:
        return word
    if not word.endswith("s") and word not in _PLURALS_WITHOUT_S:
        return word  # "ramen" is no plural of "raman"
    result = _INFLECT.singular_noun(word)
    return result if isinstance(result, str) and result else word


def _digits(text: str) -> str:
    # "twenty five" → "25", "one" → "1"; text2num keeps "a" and "dozen" as words
    return str(alpha2digit(text, "en", threshold=0))


def tokens(text: str) -> list[str]:
    """ "I'd like 2 Cheese-Burgers, one w/o onions!" → [i, would, like, 2, cheese, burger, ,,
    1, without, onion, !] (plurals reduced; boundary marks kept)."""
    t = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    t = t.replace("½", " half ").replace("¼", " quarter ").replace("¾", " three quarter ")
    t = re.sub(
        r"\b1/2\b",
        " half ",
        re.sub(r"\b1/4\b", " quarter ", re.sub(r"\b3/4\b", " three quarter ", t)),
    )
    # accents folded ("jalapeño", "café", "crème brûlée" as typed without them)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.translate(LETTERS_WRITTEN_OUT)  # "weiß" as "weiss", "smørrebrød" as "smorrebrod"
    t = t.replace("…", "...").replace(":", ",")
    t = re.sub(r"([a-z])\1{2,}", r"\1", t)  # "yesss", "pleeease": no English word has three
    t = t.replace("&", " and ").replace("%", " percent ").replace("w/o", " without ")
    t = t.replace("+", " plus ")  # "+ rice"
    t = re.sub(r"\bft\.?\s*long\b", "footlong", t)  # "ftlong", "ft long" typed short
    # "#12", "no. 12", "nr 12": a menu number, never a count
    t = re.sub(r"(?:#|\b(?:no|nr|num)\.)\s*(\d+)\b", r" number \1 ", t)
    t = re.sub(r"\bw/", " with ", t)
    t = re.sub(r"(\d)(?!(?:st|nd|rd|th)\b)([a-z])", r"\1 \2", t)  # "2pc", not "1st"
    t = re.sub(r"[-_/]", " ", t)
    # "and one more thing, the dumplings": also, not one more of what came before
    t = re.sub(r"\b(?:one|1) (?:more|last|other) thing\b|\banother thing\b", " also ", t)
    for phrase, meant in COURTESIES:  # "s'il vous plaît": please, not a "plate"
        t = re.sub(rf"\b{phrase}\b", f" {meant} ", t)
    raw = re.findall(r"[a-z0-9']+|[,.?!;]", t)
    words: list[str] = []
    for index, word in enumerate(raw):
        expanded = CONTRACTIONS.get(word)
        if word == "ill" and raw[index + 1 : index + 2] and raw[index + 1] in _WILL_VERBS:
            expanded = "i will"  # "ill take three": "I'll" typed without its apostrophe
        if expanded is None:
            expanded = word.replace("'s", "").replace("'", "")
        words.extend(expanded.split())
    # "an a large tea", "an 2 sausages": "and" typed short
    words = ["and" if w == "an" and i + 1 < len(words) and (words[i + 1] in ("a", "an", "the")
             or words[i + 1].isdigit()) else w for i, w in enumerate(words)]  # fmt: skip
    # "the chocolate chip ones": a pronoun, never a count that starts a new request
    words = [PRONOUN_ONES if w == "ones" else w for w in words]
    joined = re.sub(r"\bhalf an? (?=[a-z])", "half ", _digits(" ".join(w for w in words if w)))
    out = []
    for word in joined.split():
        if word == PRONOUN_ONES:
            out.append("ones")
            continue
        out.append(word if word in BOUNDARY else singular(word))
    return out


PRONOUN_ONES = "onesq"
_WILL_VERBS = frozenset("take have get do go try grab need want be".split())


def phrase_tokens(text: str) -> tuple[str, ...]:
    """The tokens of a menu phrase (name, alias, size, modifier) without boundary marks."""
    return tuple(t for t in tokens(text) if t not in BOUNDARY)


def number_of(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return WORD_QUANTITIES.get(token)


def without_phrases(
    words: list[str], phrases: tuple[tuple[str, ...], ...]
) -> tuple[list[str], bool]:
    """`words` with every occurrence of `phrases` taken out, and whether any was."""
    out: list[str] = []
    found = False
    index = 0
    while index < len(words):
        phrase = next((p for p in phrases if tuple(words[index : index + len(p)]) == p), None)
        if phrase is None:
            out.append(words[index])
            index += 1
        else:
            found = True
            index += len(phrase)
    return out, found


COURTESIES = (
    ("s'?il vous pla[i]t", "please"), ("s'?il te pla[i]t", "please"), ("svp", "please"),
    ("por favor", "please"), ("bitte schon", "please"), ("bitte", "please"),
    ("merci beaucoup", "thanks"), ("merci", "thanks"), ("muchas gracias", "thanks"),
    ("gracias", "thanks"), ("danke schon", "thanks"), ("danke", "thanks"),
    ("c'?est tout", "that is all"), ("c'?est pour", "it is for"), ("c'?est", "it is"),
    ("je voudrais", "i would like"), ("j'?aimerais", "i would like"), ("quiero", "i want"),
    ("ich hatte gern", "i would like"), ("ich mochte", "i would like"),
    # Portuguese (accents folded): "é tudo, obrigado", "só isso", "sim", "não"
    ("e tudo", "that is all"), ("so isso", "that is all"), ("obrigad[oa]", "thanks"),
    ("muito obrigad[oa]", "thanks"), ("bom dia", "hello"), ("boa tarde", "hello"),
    ("sim", "yes"), ("nao", "no"),
    # Spanish: "media docena", "eso es todo", "nada mas"
    ("media docena", "half dozen"), ("docena", "dozen"), ("eso es todo", "that is all"),
    ("es todo", "that is all"), ("nada mas", "nothing else"),
)  # fmt: skip
"""Courtesies customers say in French, Spanish or German, as their English words (accents
already folded)."""
PER_PERSON = frozenset({"each", "apiece"})
PERSONS = frozenset("me myself i my him her his you your us them we they mum mom dad".split())
"""Words that start a person said in a list of who an order is for ("me and my wife")."""
GROUPS = frozenset(
    "us them you people kids children guys friends kid child guy friend boys girls boy girl "
    "son daughter sons daughters mates mate".split()
)  # tokens says "kids" as "kid"


def people_counted(words: list[str]) -> int | None:
    """How many people "each" is for: "a pollo saltado each for me and my husband" (2), "a
    ramune each for the two of them" (2), "one for each of us three" (3); None where the
    words do not say ("one each for the kids")."""
    for index, word in enumerate(words):
        if word not in PER_PERSON:
            continue
        rest = words[index + 1 :]
        if rest[:1] == ["for"]:
            phrase = rest[1:]
        elif rest[:1] == ["of"] and words[index - 1 : index] == ["for"]:
            phrase = rest[1:]  # "one for each of us"
        else:
            continue
        end = next((i for i, w in enumerate(phrase) if w in BOUNDARY), len(phrase))
        phrase = phrase[:end]
        # "… and my husband and a small salad": the list of people ends before the next order
        ordering = (
            i
            for i in range(len(phrase) - 2)
            if phrase[i] == "and"
            and (phrase[i + 1] in ("a", "an") or phrase[i + 1].isdigit())
            and phrase[i + 2] not in GROUPS | {"of"}
        )
        phrase = phrase[: next(ordering, len(phrase))]
        counted = _people_in([w for w in phrase if w not in ("the", "all")])
        if counted is not None:
            return counted
    return None


def _people_in(phrase: list[str]) -> int | None:
    if not phrase:
        return None
    if "both" in phrase:
        return 2
    parts: list[list[str]] = [[]]
    for w in phrase:
        if w in ("and", "plus"):
            parts.append([])
        else:
            parts[-1].append(w)
    digits = [int(w) for w in phrase if w.isdigit()]
    if len(parts) == 1 and digits and set(phrase) & GROUPS:
        return digits[0]  # "the two of us", "us 3"
    if len(parts) >= 2 and all(1 <= len(p) <= 4 and p[0] in PERSONS for p in parts):
        # "me and my wife", "me, my wife and my son" (commas cut above); "me and my two kids"
        return sum(_group_size(p) for p in parts)
    return None


def _group_size(part: list[str]) -> int:
    """ "my two kids": 2; "my wife": 1."""
    digits = [int(w) for w in part if w.isdigit()]
    return digits[0] if digits and set(part) & GROUPS else 1
