"""Words from what a customer typed or what speech recognition heard: lowercase tokens with
contractions expanded, numbers in digits (text2num), plurals reduced (inflect), and the marks
that separate clauses kept as tokens. Pure, no menu knowledge."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import inflect
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
    "here's": "here is", "who's": "who is", "where's": "where is", "they're": "they are",
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
    "ounce": "oz", "ounces": "oz",
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
WORD_QUANTITIES = {"a": 1, "an": 1, "another": 1, "single": 1, "couple": 2, "pair": 2}
_INFLECT = inflect.engine()
_KEEP_AS_IS = ("ss", "us", "is")
_PLURALS_WITHOUT_S = frozenset("men women children people feet teeth geese mice".split())


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """ "fries" → "fry", "tacos" → "taco", "glass" stays; the same rule for menu and speech."""
    if len(word) <= 3 or not word.isalpha() or word.endswith(_KEEP_AS_IS):
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
    t = t.replace("…", "...").replace(":", ",")
    t = re.sub(r"([a-z])\1{2,}", r"\1", t)  # "yesss", "pleeease": no English word has three
    t = t.replace("&", " and ").replace("%", " percent ").replace("w/o", " without ")
    t = re.sub(r"\bw/", " with ", t)
    t = re.sub(r"(\d)(?!(?:st|nd|rd|th)\b)([a-z])", r"\1 \2", t)  # "2pc", not "1st"
    t = re.sub(r"[-_/]", " ", t)
    raw = re.findall(r"[a-z0-9']+|[,.?!;]", t)
    words: list[str] = []
    for word in raw:
        expanded = CONTRACTIONS.get(word)
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
