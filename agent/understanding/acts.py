"""Dialogue acts: an utterance split into clauses, each classified (add, remove, replace,
change a size or modifier, set a quantity, question, done, place, cancel, view, name, greeting,
thanks, yes, no, injection, off-topic) from generic English cues and the entities linked in it.
No phrase of any menu appears here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from wordfreq import zipf_frequency

from agent.core.cart import MAX_QUANTITY
from agent.understanding.entities import EntityLinker, Kind, Mention
from agent.understanding.text import (
    BOUNDARY,
    GROUPS,
    PER_PERSON,
    PERSONS,
    number_of,
    people_counted,
    tokens,
)


class Act(Enum):
    ADD = "add"
    REMOVE = "remove"
    REPLACE = "replace"
    MODIFY = "modify"
    SET_QUANTITY = "set_quantity"
    QUESTION = "question"
    DONE = "done"
    PLACE = "place"
    CANCEL = "cancel"
    VIEW = "view"
    NAME = "name"
    GREETING = "greeting"
    THANKS = "thanks"
    AFFIRM = "affirm"
    DECLINE = "decline"
    INJECTION = "injection"
    OTHER = "other"


def _cues(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(c.split()) for c in text.replace("\n", " ").split("|") if c.strip())


CHATTER_ZIPF = 5.0
"""A word this frequent in English ("long", "day") alone is no item's name."""
FILLERS = frozenset(
    "um uh uhm er erm oh ah hmm so okay well hi hello hey alright right great cool please "
    "actually now also then and just yeah yes yep sure".split()
)
REMOVE_CUES = _cues(
    """remove|take off|take away|take out|drop|delete|scratch|get rid of|no more|do not want|
    do not need|dont want|not want|will not need|cancel|forget|lose|skip|ditch|minus|
    scrap the|scrap that|scrap my|without the|nix|leave off|leave out|hold off on|not have|
    not get|not having|not getting"""
)
NOT_EATEN_CUES = _cues("not eat|not drink|never eat|never drink|can not have|no longer eat")
STAY_CUES = _cues("stay|stays|remain|remains|as it is|as is|unchanged|still the same")
COMES_WITH_CUES = _cues(
    """come with|comes with|came with|already has|already have|there is already|
    there are already|there is plenty|there is enough"""
)
REPLACE_CUES = _cues("instead|swap|switch|replace|rather than|change|trade|exchange|substitute")
MAKE_CUES = _cues(
    """make it|make that|make them|make those|make this|make the|make my|make mine|make 1 of|
    make 2 of|make 3 of|should be|
    needs to be|need it|has to be|have it|supposed to be|meant to be|wanted it|want it"""
)
DONE_CUES = _cues(
    """that is all|that is it|that will be all|that will be it|that will do|that should be it|
    that should do it|that should be all|that is everything|that would be all|that would be it|
    i am done|i am finished|we are done|i am good|we are good|i am all set|all set|
    nothing else|nothing more|no thanks|no thank you|that is about it|i think that is it|
    i think that is all|that does it|that is enough|done|i am ready|finished|that is the lot|
    just that|only that|no more|nope|nah|that will be everything|nothing|good for now|
    that is it for now|that is all for now|we are all set|i am set|that covers it|that is me|
    that is us|that will do me|that will do us|that is me done|that is us done|this is all|
    this is everything|that is grand|that is all grand|that is the lot now|it is all|
    all good|we are set|we are all good|i am all good|all done|we are sorted|i am sorted|
    das war|das ist alles|cest tout|eso es todo|es todo|listo|nowt else|nowt more|nowt|
    das it|das all|dats it|dats all|thas it|thas all|finish|finish up|finish my order|
    finish the order|complete my order|complete the order|check out|checkout|enough|
    that is plenty|that will do it|reckon that is it|reckon that is everything|that is my lot"""
)
PLACE_CUES = _cues(
    """place the order|place my order|place order|place it|send it|send the order|submit|
    check out|checkout|ring it up|ring me up|finalize|complete the order|complete my order|
    ready to pay|finish the order|finish my order|pay now|i will pay"""
)
CANCEL_CUES = _cues(
    """cancel the order|cancel my order|cancel the whole|cancel everything|cancel it all|
    cancel all|start over|start again|forget everything|forget the whole|forget the order|
    forget my order|forget it all|scrap the|scrap everything|clear the order|clear everything|
    clear my order|clear the cart|delete everything|remove everything|i changed my mind|
    never mind everything|nevermind everything|forget about it|i am not hungry|we are not hungry|
    not hungry anymore|not hungry any more|come back later|
    i will come back|i have to go|i got to go|i need to go|gotta go|do not want anything|
    i will pass|maybe next time|leave it|never mind the order|forget it"""
)
VIEW_CUES = _cues(
    """what do i have|what is in my order|what is on my order|what did i order|what have i got|
    read it back|read my order|read back|repeat my order|repeat the order|my order so far|
    what is my total|what is the total|how much is it|how much is that|how much is everything|
    how much do i owe|how much will that be|how much is my order|how much does that come|
    what does that come to|what is the damage|the total|order summary|review my order|
    what is in the cart|where am i at|how much altogether|how much all together|
    how much in total|what is my order"""
)
POSSESSION_CUES = _cues(
    """i have got|i have already got|i already have|i already got|we have got|we already have|
    i brought|we brought|i have my own|i have one already"""
)
GREETING_CUES = _cues("hi|hello|hey|good morning|good afternoon|good evening|howdy|hiya|yo")
THANKS_CUES = _cues("thank you|thanks|thank u|appreciate it|cheers|much appreciated|ty")
INJECTION_CUES = _cues(
    """ignore|instruction|instructions|system prompt|prompt|pretend|jailbreak|for free|
    free of charge|developer mode|you are now|disregard|override|admin|discount|no charge|
    zero dollar|0 dollar|free food|free meal|everything free|make it free|your rules|
    act as|roleplay|secret|hack|sudo|100 percent off|give me everything|all of the food|
    whole menu|every item|simon says|new rule|from the manager|manager said|manager says|
    total is 0|total to 0|total 0|cost nothing|costs nothing|free today"""
)
QUESTION_STARTS = _cues(
    """what|which|how|is|are|does|do you|do they|do the|does the|can you tell|tell me|
    anything|any|got any|is there|are there|what is|whats|where|when|why|who|describe"""
)
REQUEST_STARTS = _cues(
    """can i|could i|may i|can we|could we|can you|could you|would you|will you|i would like|
    i want|i will|i need|give me|get me|let me|let us|i am going to|i think i will|we will|
    we would|i would|how about|what about|i could|i will take|i will have|i will get|
    i would love|do you mind|i wish|i need|grab me|add|and"""
)
NAME_CUES = _cues(
    """my name is|name is|the name is|it is for|this is for|that is for|its for|under the name|
    put it under|under|call me|i am|for|it is|this is|me llamo|mi nombre es|soy"""
)
PROPER_NAME_CUES = frozenset({("it", "is"), ("this", "is"), ("soy",)})
"""Cues that name someone only when a capitalized word follows ("hey, it's Jordan"; never
"it's spicy"; "Soy Diego", never "soy latte")."""
NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday weekend christmas
    me my mine you your him her them us our the a an here there now today later now
    kid kids child son daughter wife husband friend friends mom dad mother father brother
    sister baby boss family table team office work everyone everybody someone myself
    allergic done good fine ready all set sure going just not still looking starving hungry
    new back sorry okay ok in out on off at to go here dine take eat pickup pick later
    thinking wondering curious vegan vegetarian gluten lactose celiac diabetic thirsty full
    real serious seriously sure certain
    good great happy tired what which who how why where when that this it and or so
    kind only also really very pretty bit little big small large medium regular one two
    lunch dinner breakfast now takeout takeaway delivery togo yes no please thanks thank
    sick allergy intolerant pregnant paying cash card waiting in a hurry rush late early
    both each either neither every any some none rest other others same later""".split()
)
REFERENCE_WORDS = _cues(
    """it|that|this|that one|this one|the last one|the last thing|the last item|last one|
    them|those|these|both|all of them|the first one|the second one|the other one|
    the same|same thing|one of those|one of them|the previous one|the last 1|last 1|that 1|
    this 1|the first 1|the second 1|the other 1|the previous 1|1 of those|1 of them|
    the 1st 1|the 2nd 1|the 3rd 1|the 4th 1|the 5th 1|on her|on his|on mine|in her|in his|
    in mine|on their|in their"""
)
"""(With "one" as the digit the words may have made of it: "the last 1".)"""


POLITE_REQUESTS = _cues(
    """can i get|can i have|could i get|could i have|may i have|
    can i order|could i grab|can i grab|can i add|can you add|could you add|
    can you make|could you make|can i do|can i try|could i do|can you do|
    could i try|can we get|can we have|could we get|can i also"""
)
CHANGE_IT_CUES = _cues(
    """change it|change that|switch it|can it be|can that be|i want it|i would like it|have it|
    get it|on it|on that|in it|in that|on them|to it|to that|for it|for that|with it|with that|
    on the|in the|to the|put"""
)
DECLINE_WORDS = _cues("not yet|hold on|wait|nein|hang on|hold up")
WAIT_WORDS = _cues("hold on|hang on|hold up|wait|one sec|one second")
"""Said to stop the kiosk a moment: never "that's all", even after "nah"."""
AFFIRM_WORDS = _cues(
    """yes|yeah|yep|yup|sure|correct|right|okay|perfect|sounds good|absolutely|please do|
    go ahead|ja|jawohl|genau|passt|oui|claro|vale|correcto|perfecto|exacto|exactly"""
)


def find(words: list[str], cues: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """The first (start, length) of any cue in `words` (longest cue first at a position)."""
    for index in range(len(words)):
        best = 0
        for cue in cues:
            if len(cue) > best and tuple(words[index : index + len(cue)]) == cue:
                best = len(cue)
        if best:
            return index, best
    return None


def has(words: list[str], cues: tuple[tuple[str, ...], ...]) -> bool:
    return find(words, cues) is not None


def starts_with(words: list[str], cues: tuple[tuple[str, ...], ...]) -> bool:
    index = 0
    while index < len(words) and words[index] in FILLERS:
        index += 1
    rest = words[index:]
    return any(tuple(rest[: len(c)]) == c for c in cues) or any(
        tuple(words[: len(c)]) == c for c in cues
    )


@dataclass
class Clause:
    words: list[str]
    mentions: list[Mention]
    act: Act = Act.OTHER
    question: bool = False
    name: str | None = None
    reference: bool = False
    original: str = ""
    acts: list[Act] = field(default_factory=list)
    corrects: bool = False
    """Said right after "no", "sorry", "I mean": what it names replaces what came before."""
    topic: str | None = None
    """The cart line an earlier clause of the utterance named for it ("the dragon roll's
    pricey, drop that")."""
    start: int = 0
    """Where the clause starts in the utterance's words."""

    def of(self, kind: Kind) -> list[Mention]:
        return [m for m in self.mentions if m.kind is kind]

    @property
    def items(self) -> list[Mention]:
        return self.of(Kind.ITEM)

    @property
    def content(self) -> bool:
        return any(m.kind in (Kind.ITEM, Kind.SIZE, Kind.MODIFIER) for m in self.mentions)


SPLIT_WORDS = frozenset({"then", "also", "plus", "but"})
SUBJECTS = frozenset({"i", "we", "you", "can", "could", "would", "will", "may"})
CORRECTION_CUES = _cues("no wait|wait no|no sorry|sorry|i mean|no no|wait|no")


def split_clauses(
    words: list[str], mentions: list[Mention], joined: set[int] | frozenset[int] = frozenset()
) -> list[Clause]:
    """Clauses at sentence marks, commas, "and", "then", "also", "plus", "but", and before a
    new count after an item ("two cheeseburgers one without onions", as speech recognition
    writes it) — never inside a linked entity — keeping each clause's entities and whether
    its sentence ends with a question mark. `joined`: positions inside a choice's name that
    joins words ("salt and vinegar")."""
    inside = {i for m in mentions for i in range(m.start + 1, m.end)} | set(joined)
    # "a plate with mac and slaw instead": two options of one item, said as one list
    options = [m for m in mentions if m.kind is Kind.MODIFIER]
    inside |= {
        a.end
        for a in options
        for b in options
        if b.start == a.end + 1
        and a.end < len(words)
        and words[a.end] == "and"
        and a.items == b.items
        and words[a.start] in ("with", "without", "no", "extra", "add")
    }
    new_counts = {
        m.start
        for m in mentions
        if m.kind is Kind.QUANTITY
        and words[m.start].isdigit()
        and any(o.kind in (Kind.ITEM, Kind.MODIFIER) and o.end == m.start for o in mentions)
        and m.end < len(words)
        and words[m.end] not in BOUNDARY | {"instead", "please", "too", "then", "thanks"}
    }  # right after an item or its modifier, not "change it to 2" nor "an original one"
    # "two laksa, one large one small": a count right after a counted size starts the next
    new_counts |= {
        m.start
        for m in mentions
        if m.kind is Kind.QUANTITY
        and words[m.start].isdigit()
        and any(
            o.kind is Kind.SIZE
            and o.end == m.start
            and any(q.kind is Kind.QUANTITY and q.end == o.start for q in mentions)
            for o in mentions
        )
    }
    # "the lychee one should be no ice": "one" after "the <name>", with what it should be
    # said next, points; it counts nothing
    new_counts -= {
        m.start
        for m in mentions
        if words[m.start] == "1"
        and any(
            o.kind is Kind.ITEM
            and o.end == m.start
            and o.start > 0
            and words[o.start - 1] in ("the", "that", "this")
            for o in mentions
        )
        and (
            any(
                o.kind in (Kind.MODIFIER, Kind.SIZE)
                and o.start > m.start
                and not any(w in BOUNDARY for w in words[m.end : o.start])
                for o in mentions
            )
            # "swap the mushroom one for a three cheese": what it becomes follows
            or words[m.end : m.end + 1] in (["for"], ["to"], ["into"], ["instead"])
            # "make the salmon one a spicy tuna": so does the item it becomes
            or words[m.end : m.end + 1] in (["a"], ["an"])
            and any(o.kind is Kind.ITEM and o.start == m.end + 1 for o in mentions)
        )
    }
    inside = inside | _people_listed(words)  # "one each for me and my two kids"
    spans: list[tuple[int, int]] = []
    start = 0
    for index, word in enumerate(words):
        if index in inside:
            continue
        if word == "also" and index > 0 and words[index - 1] in SUBJECTS:
            continue  # "could I also get a lemonade": one request
        if word in BOUNDARY or word == "and" or word in SPLIT_WORDS:
            spans.append((start, index))
            start = index + 1
        elif index in new_counts and index > start:
            spans.append((start, index))
            start = index
    spans.append((start, len(words)))
    spans = _size_before_its_item(words, mentions, spans)
    clauses: list[Clause] = []
    for begin, finish in spans:
        chunk = words[begin:finish]
        if not any(w not in BOUNDARY for w in chunk):
            continue
        local = [_shift(m, begin) for m in mentions if m.start >= begin and m.end <= finish]
        mark = next((w for w in words[finish:] if w in (".", "?", "!", ";")), "")
        clauses.append(Clause(chunk, local, question=mark == "?", start=begin))
    return clauses


def _people_listed(words: list[str]) -> set[int]:
    """The "and"s of a list of people an order is each for ("one each for me and my wife"):
    one list, no new request."""
    ands: set[int] = set()
    for index, word in enumerate(words):
        if word not in PER_PERSON or words[index + 1 : index + 2] != ["for"]:
            continue
        for at in range(index + 2, len(words)):
            if words[at] in BOUNDARY:
                break
            if words[at] == "and":
                if words[at + 1 : at + 2] and words[at + 1] in PERSONS:
                    ands.add(at)
                else:
                    break
    return ands


def _size_before_its_item(
    words: list[str], mentions: list[Mention], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """ "a small, uh, chicken pho": a count and size cut off from the item they are for by a
    comma and a hesitation belong to it; "and" between them still makes two requests."""

    def content(span: tuple[int, int]) -> list[int]:
        return [i for i in range(*span) if words[i] not in BOUNDARY and words[i] not in FILLERS]

    def covered(index: int, kinds: tuple[Kind, ...]) -> bool:
        return any(m.kind in kinds and m.start <= index < m.end for m in mentions)

    out: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        said = content(span)
        sized = said and all(covered(i, (Kind.QUANTITY, Kind.SIZE)) for i in said)
        if sized and any(covered(i, (Kind.SIZE,)) for i in said):
            following = index + 1
            while following < len(spans) and not content(spans[following]):
                following += 1
            between = range(span[1], spans[following][0]) if following < len(spans) else range(0)
            if (
                following < len(spans)
                and "and" not in [words[i] for i in between]
                and any(
                    m.kind is Kind.ITEM and m.start == content(spans[following])[0]
                    for m in mentions
                )
            ):
                out.append((span[0], spans[following][1]))
                index = following + 1
                continue
        out.append(span)
        index += 1
    return out


def _shift(mention: Mention, offset: int) -> Mention:
    from dataclasses import replace

    return replace(mention, start=mention.start - offset, end=mention.end - offset)


def name_in(words: list[str], original: str, lexicon_words: set[str]) -> str | None:
    """ "my name is Maya", "it's for Leo", "under Sam" → the name; "it's for my kid", "I'm
    allergic to peanuts", "for here" → None."""
    found = find(words, NAME_CUES)
    while found is not None:
        index, length = found
        rest = [w for w in words[index + length :] if w not in BOUNDARY]
        cue = tuple(words[index : index + length])
        if (
            rest
            and cue not in (("for",), ("i", "am"), ("under",))
            or (rest and len(rest) <= 2 and index + length + len(rest) == len(words))
        ):
            candidate = rest[:2] if cue in (("my", "name", "is"), ("name", "is")) else rest[:1]
            if len(candidate) == 1 and _surname(words, index + length, original):
                candidate = rest[:2]  # "I'm Wei Ling": both names said capitalized
            candidate = [w for w in candidate if w.isalpha()]
            if cue in PROPER_NAME_CUES and not (
                candidate and _said_capitalized(_original_case(candidate[0], original), original)
            ):
                candidate = []
            if (
                candidate
                and all(w not in NOT_NAMES and w not in lexicon_words for w in candidate)
                and len(rest) <= 3
            ):
                return _hyphenated(" ".join(_original_case(w, original) for w in candidate),
                                   original)  # fmt: skip
        found = find(words[index + length :], NAME_CUES)
        if found is not None:
            found = (found[0] + index + length, found[1])
    plain = [w for w in words if w not in BOUNDARY and w not in GREETINGS]
    if len(plain) == 2 and plain[1] == "here" and plain[0].isalpha():
        # "Hey, Marcus here": a name said capitalized, no menu word
        name = _original_case(plain[0], original)
        if (
            plain[0] not in NOT_NAMES
            and plain[0] not in lexicon_words
            and _said_capitalized(name, original)
        ):
            return name
    return None


GREETINGS = frozenset({"hey", "hi", "hello", "hiya", "oh", "um", "so", "okay"})


NARRATORS = frozenset({"he", "she", "they", "my", "his", "her", "their", "our", "we", "i"})
MY_PAST = frozenset({"had", "ate", "skipped", "loved", "liked", "tried", "used"})
"""What the customer tells of their own day ("I had a big lunch", "I skipped breakfast")."""
PAST_ORDERS = frozenset(
    {
        "had",
        "got",
        "ordered",
        "used",
        "tried",
        "loved",
        "liked",
        "ate",
        "brought",
        "brings",
        "skipped",
    }
)
STORY_ENDS = frozenset({".", "!", "?", ";", "so", "but", "now", "today", "i", "we"})


def _narrated(words: list[str]) -> set[int]:
    """Where the customer tells what someone else had ("my colleague had the curry with the
    fried chicken on top", "he always had a bulette with mustard and a beer"): from the
    person to the end of the sentence or to "so", "but", "I" that turn back to this order.
    Not "my wife would have the salad", which orders."""
    out: set[int] = set()
    index = 0
    while index < len(words):
        word = words[index]
        person_end = index + (2 if word in ("my", "his", "her", "their", "our") else 1)
        verb = next(
            (j for j in range(person_end, min(person_end + 2, len(words)))
             if words[j] in PAST_ORDERS),
            None,
        )  # fmt: skip
        if word == "i" and verb is not None and words[verb] not in MY_PAST:
            verb = None  # "I ordered a coke but meant a sprite" is about this order
        if word not in NARRATORS or verb is None or index > 0 and words[index - 1] == "for":
            index += 1
            continue
        end = next((j for j in range(verb + 1, len(words)) if words[j] in STORY_ENDS), len(words))
        out.update(range(index, end))
        index = end
    return out


def _surname(words: list[str], start: int, original: str) -> bool:
    """Whether the name said at `start` is followed right away by a second capitalized name
    that is no common word ("Wei Ling", not "Sam Thanks")."""
    second = words[start + 1 : start + 2]
    if not second or not second[0].isalpha() or second[0] in NOT_NAMES:
        return False
    said = _original_case(second[0], original)
    return (
        said[:1].isupper()
        and _said_capitalized(said, original)
        and zipf_frequency(second[0], "en") < SURNAME_MAX_ZIPF
    )


SURNAME_MAX_ZIPF = 4.8
"""A second name as common as "please" or "could" is the next word, not a surname."""


def _hyphenated(name: str, original: str) -> str:
    """ "it's for Jean-Luc": the whole name, not its first part."""
    said = re.search(rf"\b{re.escape(name)}((?:-[^\W\d_]+)+)", original, re.IGNORECASE)
    return name + said.group(1) if said else name


def _said_capitalized(name: str, original: str) -> bool:
    return any(raw.strip(",.!?") == name for raw in original.split())


def _original_case(word: str, original: str) -> str:
    for raw in original.replace(",", " ").replace(".", " ").replace("!", " ").split():
        # "Jonas", made singular among the tokens as "jona"
        if raw.lower().strip("'\"?") in (word, word + "s", word + "es"):
            cleaned = raw.strip("'\"?")
            return cleaned if not cleaned.islower() else cleaned.title()
    return word.title()


def first_not_instead(clause: Clause) -> tuple[int, int] | None:
    """ "red not green", "the latte not the mocha": where "not" comes right after one item
    and right before another, the one after it is the one to replace."""
    items = clause.items
    for i, word in enumerate(clause.words):
        if word != "not" or not any(m.end == i for m in items):
            continue
        after = i + 1
        while after < len(clause.words) and clause.words[after] in ("the", "a", "an"):
            after += 1
        if any(m.start == after for m in items):
            return (i, 1)
    return None


class ActClassifier:
    def __init__(self, linker: EntityLinker) -> None:
        self.linker = linker
        self._menu_words = linker.lexicon.vocabulary

    def clauses(
        self, words: list[str], original: str, ordered: frozenset[str] = frozenset()
    ) -> list[Clause]:
        """`ordered`: the items in the cart ("take one of the sausages off" with battered
        sausages ordered is about them, where "sausage" is also a kids' meal's size)."""
        mentions = [m for m in self.linker.link(words) if not _asking_word(m, words)]
        mentions = self._as_ordered(words, mentions, ordered)
        mentions = self._counts_that_are_sizes(words, mentions, ordered)
        mentions = self._ones_by_option(words, mentions, ordered)
        clauses = split_clauses(words, mentions, self._joined(words))
        narrated = _narrated(words)
        for clause in clauses:
            clause.original = original
            clause.act = self.classify(clause)
            if clause.act is Act.ADD and clause.start in narrated:
                clause.act = Act.OTHER  # "he always had a bulette and a beer": a story
            if clause.act is Act.ADD and _someone_of_mine(clause, ordered):
                clause.act = Act.OTHER  # "one of my mates just left": no club-mate
            if clause.act is Act.ADD and _no_to_ordered(clause, ordered):
                clause.act = Act.REMOVE
            elif clause.act is Act.ADD and self._chatter(clause):
                clause.act = Act.OTHER  # "make that a large, long day": no long black
            elif clause.act is Act.ADD and _no_to_item(clause) and not _after_add(clause, clauses):
                clause.act = Act.OTHER  # "ok, no rangoon then": not wanted, never ordered
            if clause.act is Act.ADD and _put_ordered_on(clause, ordered):
                clause.act = Act.MODIFY  # "put the bean and cheese on a corn tortilla"
            if clause.act is Act.REPLACE and not ordered and _ordered_with_a_swap(clause):
                clause.act = Act.ADD  # "macaroni soup with luncheon meat instead of ham"
            if clause.act is Act.REMOVE and not ordered and clause.of(Kind.SIZE):
                clause.act = Act.ADD  # "a bowl of it without the chouriço": nothing to take off
            if clause.act is Act.QUESTION and _asks_for_change(clause, ordered):
                clause.act = Act.REPLACE if has(clause.words, REPLACE_CUES) else Act.MODIFY
            if clause.act in (Act.ADD, Act.REPLACE) and self._part_of_it(clause, ordered):
                # "swap the rice on that to brown": the curry's "brown rice", no side of rice
                clause.words, clause.mentions = _part_said_with_option(clause)
                clause.act, clause.reference = Act.MODIFY, True
        for before, clause in zip(clauses, clauses[1:], strict=False):
            if (
                before.act is Act.REMOVE
                and clause.act is Act.ADD
                and _only_ordered(clause, ordered)
            ):
                clause.act = Act.REMOVE  # "take off the cokes, and the dodo": the dodo too
            if (
                before.act is Act.QUESTION
                and clause.act is Act.ADD
                and before.items
                and {"between", "versus", "vs"} & set(before.words[-4:])
            ):
                clause.act = Act.QUESTION  # "the difference between a galão and a meia"
        return clauses

    def _counts_that_are_sizes(
        self, words: list[str], mentions: list[Mention], ordered: frozenset[str]
    ) -> list[Mention]:
        """ "make the gyoza a ten", "make the smoothie 24": "a" and a number, or a number said
        last right after the item, that is one of the item's sizes (10 pieces) is that size,
        not ten of them."""
        named = {i for m in mentions if m.kind is Kind.ITEM for i in m.items} | set(ordered)
        entries = [self.linker.lexicon.entry(i) for i in named if i in self.linker.lexicon.by_id]
        out: list[Mention] = []
        skip: set[int] = set()
        for index, mention in enumerate(mentions):
            if index in skip:
                continue
            said = words[mention.start]
            before = out[-1] if out else None
            after = mentions[index + 1] if index + 1 < len(mentions) else None
            if (
                mention.kind is Kind.QUANTITY
                and said.isdigit()
                and after is not None
                and after.kind is Kind.ITEM
                and after.start == mention.end
                and any(
                    (said, *words[after.start : after.end]) in size.phrases
                    for m in mentions[index + 2 :]
                    if m.kind is Kind.ITEM
                    and m.start >= after.end
                    and not set(words[after.end : m.start]) & (BOUNDARY | {"and"})
                    for item_id in m.items
                    for size in self.linker.lexicon.entry(item_id).sizes
                )
            ):  # "two of the 2 stick pork skewers": "2 stick" is a size, not the Sticks
                skip.add(index + 1)
                span = tuple(words[mention.start : after.end])
                out.append(Mention(Kind.SIZE, mention.start, after.end, words=span))
                continue
            after_item = (
                before is not None
                and before.kind is Kind.ITEM
                and before.end == mention.start
                and mention.end == len(words)
            )
            if (
                mention.kind is Kind.QUANTITY
                and said.isdigit()
                and mention.end - mention.start == 1
                and mention.start > 0
                and (
                    words[mention.start - 1] in ("a", "an")
                    or after_item
                    or int(said) > MAX_QUANTITY  # "16 oz, no sorry, 24": no count is that high
                )
                and any(
                    (said,) in {p[:1] for p in size.phrases if len(p) == 2}
                    for entry in (
                        entries
                        if not after_item or before is None
                        else [self.linker.lexicon.entry(i) for i in before.items]
                    )
                    for size in entry.sizes
                )
            ):  # "make the smoothie 24": the item's 24 oz, said last
                if out and out[-1].kind is Kind.QUANTITY and out[-1].end == mention.start:
                    out.pop()  # the "a" of "a ten"
                out.append(Mention(Kind.SIZE, mention.start, mention.end, words=(said,)))
                continue
            out.append(mention)
        return out

    def _chatter(self, clause: Clause) -> bool:
        """Everyday words around one everyday word of a longer name, with no count, article or
        request ("long day" where an Americano is also a "long black"): talk, not an order."""
        if len(clause.mentions) != 1 or len(clause.items) != 1 or clause.items[0].exact:
            return False
        item = clause.items[0]
        said = [w for w in clause.words if w not in BOUNDARY and w not in FILLERS]
        named = clause.words[item.start : item.end]
        vocabulary = self.linker.lexicon.vocabulary
        rest = [w for i, w in enumerate(clause.words) if not item.covers(i) and w in said]
        return (
            len(named) == 1
            and zipf_frequency(named[0], "en") >= CHATTER_ZIPF
            and bool(rest)
            and all(w not in vocabulary and w.isalpha() for w in rest)
            and not starts_with(said, REQUEST_STARTS)
        )

    def _part_of_it(self, clause: Clause, ordered: frozenset[str]) -> bool:
        """ "the rice on that", "the bread in it": an item named as the part of an ordered one
        that one of its options changes ("brown rice instead of white"); not "can I get a
        rice with that", another item."""
        items = clause.items
        if len(items) != 1 or not ordered or set(items[0].items) & ordered:
            return False
        item = items[0]
        words = clause.words
        part = set(words[item.start : item.end])
        return (
            item.start > 0
            and words[item.start - 1] in ("the", "my")
            and words[item.end : item.end + 1] in (["on"], ["in"], ["of"])
            and words[item.end + 1 : item.end + 2] in (["that"], ["it"], ["this"], ["mine"])
            and item.end + 2 < len(words)
            and any(
                part <= set(m.body)
                for item_id in ordered
                for m in self.linker.lexicon.entry(item_id).modifiers
            )
        )

    def _as_ordered(
        self, words: list[str], mentions: list[Mention], ordered: frozenset[str]
    ) -> list[Mention]:
        lexicon = self.linker.lexicon
        sized = {
            p
            for item_id in ordered | {i for m in mentions if m.kind is Kind.ITEM for i in m.items}
            for s in lexicon.entry(item_id).sizes
            for p in s.phrases
        }
        out = []
        for mention in mentions:
            named = set(mention.items) & ordered
            if mention.kind is Kind.SIZE and named and mention.words not in sized:
                mention = Mention(Kind.ITEM, mention.start, mention.end, 90.0, tuple(named))
            if mention.kind is Kind.DIET and 0 < mention.start and mention.end < len(words):
                # "make the fish one a pork plate": the Fish Plate ordered, not a diet
                word = words[mention.start]
                named = {i for i in ordered if word in lexicon.entry(i).phrases[0]}
                if (
                    len(named) == 1
                    and words[mention.start - 1] in ("the", "that", "this")
                    and words[mention.end] in ("1", "one", "ones")
                ):
                    mention = Mention(Kind.ITEM, mention.start, mention.end, 90.0, tuple(named))
            if mention.kind is Kind.ITEM and not mention.exact and not named and ordered:
                mention = self._ordered_beside_option_talk(words, mention, ordered)
            out.append(mention)
        return out

    def _ordered_beside_option_talk(
        self, words: list[str], mention: Mention, ordered: frozenset[str]
    ) -> Mention:
        """ "make the noodles dry": with fishball noodles ordered, "the noodles" is them;
        "dry", option talk, only made it look like another noodle dish's alias."""
        lexicon = self.linker.lexicon
        if mention.start == 0 or words[mention.start - 1] not in ("the", "that", "my", "this"):
            return mention
        names = {w for i in mention.items for w in lexicon.entry(i).phrases[0]}
        for end in range(mention.end - 1, mention.start, -1):
            if any(w not in lexicon.modifier_words or w in names for w in words[end : mention.end]):
                break  # "make one of the wraps beef": the beef wrap by its own name
            said = set(words[mention.start : end])
            named = [i for i in ordered if any(said <= set(p) for p in lexicon.entry(i).phrases)]
            if len(named) == 1:
                return Mention(Kind.ITEM, mention.start, end, 90.0, (named[0],))
        return mention

    def _ones_by_option(
        self, words: list[str], mentions: list[Mention], ordered: frozenset[str]
    ) -> list[Mention]:
        """ "whipped cream on the strawberry one": with milkshakes ordered, one of them in
        strawberry, "the strawberry one" points at that line; it is not the strawberry sundae."""
        lexicon = self.linker.lexicon
        out = []
        for mention in mentions:
            said = words[mention.start : mention.end]
            if (
                mention.kind is Kind.ITEM
                and not set(mention.items) & ordered
                and mention.start > 0
                and words[mention.start - 1] in ("the", "that", "this")
                and mention.end < len(words)
                and words[mention.end] in ("1", "one", "ones")
                and any(
                    set(said) <= set(m.body)
                    for item_id in ordered
                    for m in lexicon.entry(item_id).modifiers
                )
            ):
                continue
            out.append(mention)
        return out

    def _joined(self, words: list[str]) -> set[int]:
        inside: set[int] = set()
        for phrase in self.linker.lexicon.joined_phrases:
            for start in range(len(words) - len(phrase) + 1):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    inside.update(range(start + 1, start + len(phrase)))
        return inside

    @staticmethod
    def _ordering(clause: Clause) -> bool:
        """A "?" clause that still orders: the utterance asks for something ("can I get … and a
        medium coke?") or the clause starts with a count ("a medium coke?"); "and the drunken
        noodles?" after a question stays a question."""
        # "could I please have …": the please inside the request does not hide it
        spoken = [w for w in tokens(clause.original) if w not in BOUNDARY and w != "please"]
        if has(spoken, POLITE_REQUESTS) or starts_with(spoken, REQUEST_STARTS):
            return True
        own = [w for w in clause.words if w not in BOUNDARY and w != "please"]
        if starts_with(own, REQUEST_STARTS) and own[:1] != ["and"]:
            return True  # "hi, first time here... could I please get a chicken bowl?"
        first = next((w for w in clause.words if w not in FILLERS and w not in BOUNDARY), "")
        return first.isdigit() or first in ("a", "an", "another")

    @staticmethod
    def _said_done(words: list[str]) -> bool:
        """The clause is a way of saying "that's all" and nothing more."""
        plain = [w for w in words if w not in FILLERS]
        return any(
            tuple(plain[i : i + len(cue)]) == cue and len(plain) - len(cue) <= 1
            for cue in DONE_CUES
            for i in range(len(plain) - len(cue) + 1)
        )

    def _modifier_words(self, words: list[str]) -> bool:
        return any(w in self.linker.lexicon.modifier_words for w in words)

    def classify(self, clause: Clause) -> Act:
        words = _without_dining_mode([w for w in clause.words if w not in BOUNDARY])
        clause.reference = has(words, REFERENCE_WORDS)
        plain = [w for w in words if w not in FILLERS]
        if has(words, INJECTION_CUES) and not clause.items:
            return Act.INJECTION
        if has(words, INJECTION_CUES) and has(words, _cues("ignore|instruction|prompt|free")):
            return Act.INJECTION
        if has(words, CANCEL_CUES) and not (
            clause.items and not has(words, _cues("order|everything|all"))
        ):
            return Act.CANCEL
        if has(words, VIEW_CUES) and not clause.items:
            return Act.VIEW
        if has(words, PLACE_CUES):
            return Act.PLACE
        if (
            plain[1:3] == ["is", "for"]
            and plain[:1] in (["it"], ["this"], ["that"])
            and plain[3:4] in (["a"], ["an"], ["the"], ["my"], ["our"])
            and not any(m.exact for m in clause.items)
        ):
            return Act.OTHER  # "it's for a party": what the order is for, no party platter
        name = name_in(words, clause.original, self._menu_words)
        if name is not None and not clause.items:
            clause.name = name
            return Act.NAME
        if name is not None and name[:1].isupper() and _said_capitalized(name, clause.original):
            clause.name = name  # "a large hawaiian for Marcus": an order and a name
        if [w for w in words if w not in FILLERS] in (["is", "all"], ["is", "everything"]):
            if not clause.question:
                return Act.DONE  # "Is all, thank you": "that's all" said short
        asks = starts_with(words, QUESTION_STARTS) and not starts_with(words, REQUEST_STARTS)
        # a "?" alone does not make an order a question: speech recognition ends "can I get a
        # cheeseburger and a medium coke?" with one, and "a medium coke?" is still an order
        question = asks or (clause.question and not (clause.content and self._ordering(clause)))
        asked_of_it = (
            starts_with(words, _cues("can you|could you|would you|will you"))
            and bool(set(words) & POINTERS)
            and self._modifier_words(words)
            and not clause.items
        )
        if question and asked_of_it:
            return Act.MODIFY  # "can you toast it?": a change asked for, no question
        if question and not has(words, POLITE_REQUESTS):
            return Act.QUESTION
        if _judgement(words) and not starts_with(words, REQUEST_STARTS):
            return Act.OTHER  # "hot's too much for me": why, not what
        # cue words inside a name are no cue ("egg drop soup", "swap shop")
        unnamed = _without_dining_mode(
            [
                w
                for i, w in enumerate(clause.words)
                if w not in BOUNDARY and not any(m.covers(i) for m in clause.items)
            ]
        )
        if (
            plain[:2] in (["i", "am"], ["we", "are"], ["she", "is"], ["he", "is"])
            and len(plain) == 3
            and not clause.of(Kind.QUANTITY)
            and clause.items
            and not has(words, DONE_CUES)
        ):
            return Act.OTHER  # "I'm vegan": who the customer is, no vegan ramen
        if has(words, NOT_EATEN_CUES) and not starts_with(words, REQUEST_STARTS):
            return Act.OTHER  # "my wife doesn't eat meat": what she eats, no meat plate
        if has(words, STAY_CUES) and not starts_with(words, REQUEST_STARTS):
            return Act.OTHER  # "the other one stays medium": nothing changes
        if (
            has(words, COMES_WITH_CUES)
            and not starts_with(words, REQUEST_STARTS)
            and not {"that", "which", "what", "does", "do", "if"} & set(words)
        ):
            return Act.OTHER  # "the plate comes with chips anyway": why, not what
        if has(unnamed, REPLACE_CUES) and (clause.items or clause.reference):
            return Act.REPLACE
        # "take one off"; "one less sprite", "two fewer teas"
        counted_off = (_take_off(words) or _counted_less(words)) and bool(clause.of(Kind.QUANTITY))
        removing = has(unnamed, REMOVE_CUES) or _take_off(words) or counted_off
        if removing and (
            clause.items or clause.reference or clause.of(Kind.CATEGORY) or counted_off
        ):
            if not clause.of(Kind.MODIFIER) or clause.items and not has(words, _cues("without")):
                return Act.REMOVE
        if starts_with(words, POSSESSION_CUES):
            return Act.OTHER  # "I've got a drink": what the customer has, not an order
        # words of the items named are no loose option words ("a waffle cone", where a cone
        # can also be "dipped in chocolate")
        named = {i for m in clause.items for i in range(m.start, m.end)}
        modifier_words = self._modifier_words(
            [w for i, w in enumerate(clause.words) if i not in named and w not in BOUNDARY]
        )
        exact_items = [m for m in clause.items if m.exact]
        if not clause.items and _bare_count(clause) and set(words) & PORTIONS:
            return Act.SET_QUANTITY  # "placki, three orders": that many of them
        making = has(words, MAKE_CUES)
        if making and len(clause.items) >= 2:
            return Act.REPLACE  # "make one of those teas a regular lemonade"
        if making or (has(words, CHANGE_IT_CUES) and not exact_items):
            if clause.of(Kind.SIZE) or clause.of(Kind.MODIFIER) or _loose_modifier(words):
                return Act.MODIFY
            counted = [m for m in clause.of(Kind.QUANTITY) if clause.words[m.start].isdigit()]
            if counted and clause.items:
                return Act.REPLACE  # "make it two of the hummus": that item, another count
            if modifier_words:
                return Act.MODIFY
            if clause.of(Kind.QUANTITY) and not clause.items:
                return Act.SET_QUANTITY
            if (
                clause.items
                and not making
                and not exact_items
                and all(
                    set(clause.words[m.start : m.end]) & self.linker.lexicon.modifier_words
                    for m in clause.items
                )
            ):
                return Act.MODIFY  # "and yuzu on that": an option's word, not the Yuzu Bowl
            if clause.items:
                return Act.REPLACE
        if clause.items and not exact_items and self._said_done(words):
            return Act.DONE  # "that's everything" where a bagel is called "everything"
        if (
            words[:1] == ["same"]
            and clause.items
            and not clause.of(Kind.QUANTITY)
            and not {"again", "for", "as", "one", "1"} & set(words)
        ):
            return Act.OTHER  # "red not green. Same rice": the rice stays as it is
        if len(clause.items) >= 2 and first_not_instead(clause) is not None:
            return Act.REPLACE  # "red not green"
        if (
            clause.items
            and not exact_items
            and [w for w in words if w not in FILLERS][:1] == ["without"]
        ):
            # "a sugar bun, but without sugar": how it is wanted, no item partly called so
            return Act.MODIFY
        if clause.items:
            return Act.ADD
        if _bare_count(clause):
            if _said_count(clause) == 0:
                # "0" or "zero" alone takes nothing off: which line, and was it even meant?
                # ("make it zero", "no fries" and "remove it" say so)
                return Act.OTHER
            return Act.SET_QUANTITY  # "ok, I'll take two" of what was just talked about
        if words[:1] and words[0].isdigit() and people_counted(words) is not None:
            return Act.SET_QUANTITY  # "…, one each for the three of us"
        if clause.of(Kind.CATEGORY) and (
            starts_with(words, REQUEST_STARTS) or _only_mentioned(clause, (Kind.CATEGORY,))
        ):
            # "can I get one of the wellness shots", "two fish and chips please": one of that
            # section
            return Act.ADD
        if (
            clause.of(Kind.SIZE)
            or clause.of(Kind.MODIFIER)
            or (clause.of(Kind.QUANTITY) and _loose_modifier(words))
        ):
            return Act.MODIFY if not clause.of(Kind.QUANTITY) else Act.ADD
        if modifier_words and not has(words, DONE_CUES):
            return Act.MODIFY
        if has(words, DONE_CUES) and not has(words, WAIT_WORDS):
            return Act.DONE
        if has(words, THANKS_CUES) and len(plain) <= 4:
            return Act.THANKS
        if starts_with(words, GREETING_CUES) and len(plain) <= 3:
            return Act.GREETING
        if clause.of(Kind.QUANTITY) and _of_those(words) and not has(words, REMOVE_CUES):
            return Act.ADD  # "ok, one of those too" of the item just talked about
        if plain and plain[0] in ("no", "nope", "nah") or has(words, DECLINE_WORDS):
            return Act.DECLINE
        if has(words, AFFIRM_WORDS):
            return Act.AFFIRM
        digits = [m for m in clause.of(Kind.QUANTITY) if words and clause.words[m.start].isdigit()]
        if digits and set(words) & PLAIN_WORDS and not clause.reference:
            return Act.ADD  # "… two with hot sauce, one plain": that many with nothing changed
        if digits and (words[0].isdigit() or clause.reference):
            return Act.SET_QUANTITY
        if digits and recount(words):
            return Act.SET_QUANTITY  # "actually four", "one person doesn't want one, so four"
        return Act.OTHER


RECOUNT_LEADS = frozenset({"so", "sorry", "wait", "no", "only", "just", "make", "it", "that"})
"""Words before a bare count that re-counts the last item ("sorry, four", "…so four")."""


def recount(words: list[str]) -> bool:
    """A bare count that re-counts what was ordered last: the clause ends with the count, and
    before it are only fillers or a word that leads one ("actually four", "sorry, 3", "one
    person doesn't want one, so four"); "one of us bailed" is no count of anything."""
    plain = [w for w in words if w not in BOUNDARY and (w in RECOUNT_LEADS or w not in FILLERS)]
    if not plain or not plain[-1].isdigit():
        return False
    before = plain[:-1]
    return all(w in RECOUNT_LEADS for w in before) or before[-1] in RECOUNT_LEADS


PLAIN_WORDS = frozenset({"plain", "normal", "nothing"})
"""An item "with nothing changed" in a split ("four burgers, two without onions, one plain")."""


JUDGED = frozenset(
    "much many spicy hot sweet big strong salty heavy rich sour bitter greasy filling "
    "expensive pricey small large cold warm plain bland".split()
)
"""What a customer finds something too much of ("hot's too much for me", "that's too big")."""


def _judgement(words: list[str]) -> bool:
    """ "the hot is too much for me", "that's too spicy": a reason for a change said beside it,
    not a request ("not too sweet" asks for less, and "the fries too" for the fries as well)."""
    return any(
        w == "too" and i + 1 < len(words) and words[i + 1] in JUDGED
        and (i == 0 or words[i - 1] != "not")
        for i, w in enumerate(words)
    )  # fmt: skip


def _someone_of_mine(clause: Clause, ordered: frozenset[str]) -> bool:
    """ "one of my mates just left": "my" before an item that is not ordered, with nothing
    asked for, is someone or something of the customer's own."""
    words = clause.words
    return (
        len(clause.items) == 1
        and not set(clause.items[0].items) & ordered
        and clause.items[0].start > 0
        and words[clause.items[0].start - 1] in ("my", "our")
        and not starts_with([w for w in words if w not in FILLERS], REQUEST_STARTS)
        and not clause.of(Kind.SIZE)
        and not clause.of(Kind.MODIFIER)
    )


def _part_said_with_option(clause: Clause) -> tuple[list[str], list[Mention]]:
    """ "swap the rice on that to brown" read as "swap the on that to brown rice": the part's
    words after the option said for it, the mentions of the other item gone."""
    item = clause.items[0]
    options = [m.end for m in clause.mentions if m.kind is Kind.MODIFIER]
    option = max(options) if options else len(clause.words)
    part = clause.words[item.start : item.end]
    words = clause.words[: item.start] + clause.words[item.end : option] + part
    words += clause.words[option:]
    kept = [
        m
        for m in clause.mentions
        if m.kind not in (Kind.ITEM, Kind.MODIFIER) and m.end <= item.start
    ]  # what follows the part has moved
    return words, kept


def _no_to_ordered(clause: Clause, ordered: frozenset[str]) -> bool:
    """ "no — no miso soup": "no" said right before an item already in the cart, with no
    option said and no count, takes it off; it never orders another."""
    if len(clause.items) != 1 or clause.of(Kind.MODIFIER) or clause.of(Kind.QUANTITY):
        return False
    item = clause.items[0]
    before = [w for w in clause.words[: item.start] if w not in BOUNDARY and w != "the"]
    return before[-1:] == ["no"] and bool(set(item.items) & ordered)


def _asking_word(mention: Mention, words: list[str]) -> bool:
    """ "can" of "can I …" taken for an option's word ("can of Coke"): a way of asking."""
    return (
        mention.end - mention.start == 1
        and words[mention.start] in ("can", "could", "will", "may")
        and words[mention.end : mention.end + 1] in (["i"], ["we"], ["you"])
    )


def _no_to_item(clause: Clause) -> bool:
    """ "no" said right before an item, with no count or option: "no rangoon then"."""
    if len(clause.items) != 1 or clause.of(Kind.MODIFIER) or clause.of(Kind.QUANTITY):
        return False
    item = clause.items[0]
    before = [w for w in clause.words[: item.start] if w not in BOUNDARY and w != "the"]
    after = [w for w in clause.words[item.end :] if w not in BOUNDARY]
    if after[:1] == ["for"]:  # "no kimchi for her", "no fries for my son"
        after = [w for w in after[1:] if w not in PERSONS and w not in GROUPS and w != "the"]
    return before[-1:] == ["no"] and set(after) <= {"then", "thanks", "please", "anymore"}


def _after_add(clause: Clause, clauses: list[Clause]) -> bool:
    """The clause follows an order in the same breath ("a hot dog, no chili"): it may say how
    that one comes."""
    index = clauses.index(clause)
    return index > 0 and clauses[index - 1].act is Act.ADD


def _asks_for_change(clause: Clause, ordered: frozenset[str]) -> bool:
    """ "can the bungeoppang be custard instead?", "could it come without onions?": of an
    ordered item, a way to ask for the change (of one not ordered, a question about it)."""
    words = [w for w in clause.words if w not in BOUNDARY]
    while words[-1:] and words[-1] in ("ah", "lah", "or", "not", "please"):
        words = words[:-1]
    if words[-1:] == ["can"] and set(words) & CHANGE_VERBS and clause.mentions:
        # "the wanton mee add char siew, can?": the change, and whether it can be done
        return bool(ordered) and all(set(m.items) & ordered for m in clause.items)
    if words[:1] not in (["can"], ["could"]) or not set(words[1:2]) & POINTERS:
        return False
    if not set(words) & {"be", "have", "come", "get", "go", "do"}:
        return False
    if not (clause.of(Kind.MODIFIER) or clause.of(Kind.SIZE) or has(words, REPLACE_CUES)):
        return False
    items = clause.items
    return bool(ordered) and all(set(m.items) & ordered for m in items)


POINTERS = frozenset({"the", "it", "that", "my", "those", "these", "them", "this", "both"})
CHANGE_VERBS = frozenset("add make put change swap switch take remove".split())


PUTTING_ON_WORDS = frozenset(
    "with add extra plus put more instead swap switch change replace rather".split()
)


def only_taking_off(words: list[str]) -> bool:
    """ "take the egg off", "I don't need the egg", "lose the pickles": the clause asks for
    something to come off and names nothing to go on (no "with", "add", "instead" …), so an
    option it names is one to remove, never one to add."""
    return (has(words, REMOVE_CUES) or _take_off(words)) and not set(words) & PUTTING_ON_WORDS


def _of_those(words: list[str]) -> bool:
    """ "one of those too": a count of the thing pointed at (not "two of them", the count
    of an item just named, nor "another one of those", the same line again)."""
    return not {"another", "more", "same"} & set(words) and any(
        w == "of" and words[i + 1 : i + 2] in (["those"], ["these"]) for i, w in enumerate(words)
    )


_NOUN_PHRASE_WORDS = frozenset(
    "the my our that those these this both all of one ones and also too".split()
)


def _only_ordered(clause: Clause, ordered: frozenset[str]) -> bool:
    """The clause only names items already ordered, with no verb of its own ("the dodo",
    "one of the jollofs"): it goes on with what the clause before it asked."""
    items = clause.items
    if not items or not all(set(m.items) & ordered for m in items):
        return False
    said = {i for m in clause.mentions for i in range(m.start, m.end)}
    return all(
        w in _NOUN_PHRASE_WORDS or w in BOUNDARY
        for i, w in enumerate(clause.words)
        if i not in said
    )


def _take_off(words: list[str]) -> bool:
    """ "take one of the muffins off", "take the fries out", "knock two off"."""
    verb = next((w for w in words if w in ("take", "knock")), None)
    if verb is None:
        return False
    after = words[words.index(verb) + 1 :]
    return "off" in after or "out" in after or "away" in after


def _without_dining_mode(words: list[str]) -> list[str]:
    """The words without "to take away", "for take out" (how the order is eaten, not what is
    taken off it)."""
    kept: list[str] = []
    for word in words:
        kept.append(word)
        if kept[-3:-1] in (["to", "take"], ["for", "take"]) and word in ("away", "out"):
            del kept[-3:]
    return kept


def _ordered_with_a_swap(clause: Clause) -> bool:
    """ "macaroni soup with luncheon meat instead of ham", "can I get it with kaya instead of
    peanut butter": an order of an item with one of its "X instead of Y" options, said with
    "with" and no word of a swap or a correction of something else ("no, make it a combo",
    "swap the coleslaw for peas on it")."""
    words = clause.words
    if "instead" not in words or "with" not in words[: words.index("instead")]:
        return False
    if set(words) & {"swap", "switch", "replace", "change", "make", "trade", "no", "sorry"}:
        return False
    if find(words, (("of", "those"), ("of", "them"), ("of", "these"))) is not None:
        return False  # "three schnitzel, one of those with potato salad instead of fries"
    at = words.index("instead")
    before = [m for m in clause.items if m.start < at]
    return len(before) <= 1 and all(len(m.items) == 1 for m in before)


def _put_ordered_on(clause: Clause, ordered: frozenset[str]) -> bool:
    """ "put the bean and cheese on a corn tortilla": "the" item ordered, put on or in one of
    its own options; a change of it, not another."""
    words, items = clause.words, clause.items
    if len(items) != 1 or not set(items[0].items) & ordered or "put" not in words:
        return False
    item = items[0]
    if item.start == 0 or words[item.start - 1] not in ("the", "my", "that"):
        return False
    return any(
        m.kind is Kind.MODIFIER and m.start > item.end and set(m.items) & set(item.items)
        for m in clause.mentions
    ) and words[item.end : item.end + 1] in (["on"], ["in"], ["with"])


def can_it_be(clause: Clause) -> bool:
    """ "can the japchae be made without beef?", "could the bowl come with rice": asked of
    the item, whether it can be had so (not "can I get the japchae without beef")."""
    words, items = clause.words, clause.items
    if len(items) != 1 or items[0].start == 0:
        return False
    lead = [w for w in words[: items[0].start] if w not in FILLERS]
    if not lead or lead[0] not in ("can", "could") or len(lead) > 2:
        return False
    if lead[1:] and lead[1] not in ("the", "a", "an", "your", "this", "that"):
        return False
    return words[items[0].end : items[0].end + 1] in (["be"], ["come"])


def _counted_less(words: list[str]) -> bool:
    """ "one less sprite", "two fewer teas", "one nata less": that many fewer of what is
    named (not "one latte less sweet", an option)."""
    for i, w in enumerate(words):
        if w not in ("less", "fewer") or i == 0:
            continue
        if number_of(words[i - 1]) is not None:
            return True
        ends = i + 1 == len(words) or words[i + 1] in BOUNDARY or words[i + 1] in _LESS_ENDS
        before = words[max(0, i - 4) : i - 1]
        if ends and any(number_of(x) is not None for x in before) and not set(before) & BOUNDARY:
            return True
    return False


_LESS_ENDS = frozenset({"please", "then", "now", "for", "thanks"})


def _loose_modifier(words: list[str]) -> bool:
    """A modifier-shaped phrase ("no ice", "extra boba") whatever its words."""
    return has(words, _cues("no|without|extra|less|light|more|add|with|hold the|double|easy on"))


def _only_mentioned(clause: Clause, kinds: tuple[Kind, ...]) -> bool:
    """Every word of the clause is a count, a filler or a mention of those kinds (and at least
    one such mention): "two fish and chips please"."""
    said = [m for m in clause.mentions if m.kind in kinds]
    covered = [m for m in clause.mentions if m.kind in (*kinds, Kind.QUANTITY)]
    return bool(said) and all(
        w in BOUNDARY
        or w in FILLERS
        or w in ("a", "an", "the")
        or any(m.covers(i) for m in covered)
        for i, w in enumerate(clause.words)
    )


_TAKING = frozenset("i we will would have take get like let me us give go on then ok okay".split())
PORTIONS = frozenset("order portion serving lot".split())
"""What a count of an item is said in ("three orders", "two portions"): the count alone."""


def _said_count(clause: Clause) -> int | None:
    """The count a clause says (its first quantity), if any."""
    counts = clause.of(Kind.QUANTITY)
    return counts[0].value if counts else None


def _bare_count(clause: Clause) -> bool:
    """Only a count, with words of taking ("ok, I'll take two", "go on then, one please")."""
    said = [
        w
        for w in clause.words
        if w not in BOUNDARY and w not in FILLERS and w not in _TAKING and w not in PORTIONS
    ]
    return (
        len(said) == 1
        and said[0].isdigit()
        and len(clause.mentions) == 1
        and clause.mentions[0].kind is Kind.QUANTITY
    )
