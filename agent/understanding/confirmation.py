"""What an answer to a yes/no question means: a plain yes, a no or a hedge, or a change request
(which is never a yes). The ordering desk uses it to open its confirmation gate only on a clear
yes to the read-back; the offline understanding uses it for every question it asks. The
commonest yes and no of the languages customers fall back into ("ja", "oui", "nein") count."""

from __future__ import annotations

from enum import Enum

from agent.understanding.text import BOUNDARY, tokens, without_phrases

AFFIRM_CUES = tuple(
    tuple(c.split())
    for c in """yes|yeah|yep|yup|yah|yess|yes please|sure|sure thing|correct|that is correct|right|
    that is right|all right|alright|okay|perfect|great|good|sounds good|sounds great|
    looks good|looks great|looks right|go ahead|go for it|do it|place it|place the order|
    place my order|send it|send it through|send it in|confirm|confirmed|absolutely|definitely|
    of course|please do|exactly|uh huh|mhm|mm hmm|affirmative|you got it|ring it up|fine|
    all good|lovely|awesome|cool|yes sir|
    yes maam|please|that works|works for me|spot on|100 percent|certainly|indeed|ya|si|ye|
    yeh|yea|aye|yass|
    submit it|put it in|put it through|finish the order|ready to pay|all set|go on|
    let us do it|ship it|that is perfect|you bet|you betcha|bet|for sure|yes indeed|
    that is it yes|right on|roger|
    ja|jawohl|genau|passt|oui|claro|vale|tak|sim|da|correcto|perfecto|exacto|listo|dale|
    andale|de acuerdo""".replace("\n", "").split("|")
)
DECLINE_CUES = tuple(
    tuple(c.split())
    for c in """no|nope|nah|not yet|wait|hold on|hang on|hold up|one sec|one second|
    just a second|just a moment|actually|hmm|not quite|not right|that is wrong|wrong|
    change|i want to change|let me think|not really|i do not think so|scratch that|
    not exactly|almost|never mind|stop|not sure|i am not sure|maybe|missing|forgot|
    i forgot|mistake|incorrect|do not|dont|not|but|except|instead|rather|
    nein|non|nie""".replace("\n", "").split("|")
)


class Answer(Enum):
    AFFIRM = "affirm"
    DECLINE = "decline"
    CHANGE = "change"
    UNCLEAR = "unclear"


def _has(words: list[str], cues: tuple[tuple[str, ...], ...]) -> bool:
    for cue in cues:
        n = len(cue)
        if any(tuple(words[i : i + n]) == cue for i in range(len(words) - n + 1)):
            return True
    return False


ASSENT_SOUNDS = tuple(tuple(c.split()) for c in ("mm hmm", "mhm", "uh huh", "mm hm", "uh hum"))
"""Sounds of assent that contain a hesitation's letters ("hmm"): taken out before the hedges."""


def classify_answer(text: str, *, mentions_change: bool = False) -> Answer:
    """A yes/no answer: AFFIRM only for a clear yes with no hedge and no change in it.
    `mentions_change`: the caller found a change request (an item, size, modifier or count)."""
    alone = text.strip(" .!").lower()
    if alone in ("ya", "yah", "ya ya", "y", "yy", "k", "kk", "jo", "jep", "jup"):
        # typed "ya", "y" or "k" alone is a yes (elsewhere "ya" is "you", "Jo" a name)
        return Answer.AFFIRM
    if alone in ("n", "nn"):
        return Answer.DECLINE
    words = [w for w in tokens(text.replace("-", " ")) if w not in BOUNDARY]
    words, assent = without_phrases(words, ASSENT_SOUNDS)
    if not words and not assent:
        return Answer.UNCLEAR
    declined = _has(words, DECLINE_CUES)
    if mentions_change:
        return Answer.CHANGE
    if declined:
        return Answer.DECLINE
    if assent or _has(words, AFFIRM_CUES):
        return Answer.AFFIRM
    return Answer.UNCLEAR
