"""The deterministic order parser behind the offline LLM: one customer utterance (plus what
was said and done before) → the tool calls a real model would make, or a direct reply.

Pure module, no framework types: `Turn` carries the history the offline LLM extracts from the
chat context. Works with any valid menu; nothing here names an item of the bundled one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.matching import SIZE_SYNONYMS, MenuMatcher, normalize
from agent.menu import Menu, MenuItem

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "a": 1, "an": 1, "another": 1, "single": 1, "couple": 2, "pair": 2, "both": 2,
    "to": 2, "too": 2, "for": 4, "won": 1, "free": 3, "tree": 3,
}  # fmt: skip
"""Quantity words; "to", "too", "for", "won", "free" and "tree" are what speech recognition
writes for two, four, one and three — they only count as quantities directly before an item."""
HOMOPHONE_NUMBERS = frozenset({"to", "too", "for", "won", "free", "tree"})

CONTRACTIONS = {
    "i'd": "i would", "i'll": "i will", "i'm": "i am", "what's": "what is", "that's": "that is",
    "it's": "it is", "don't": "do not", "doesn't": "does not", "let's": "let us",
    "there's": "there is", "can't": "can not", "we'd": "we would", "we'll": "we will",
    "name's": "name is", "how's": "how is", "that'll": "that will", "gonna": "going to",
    "wanna": "want to", "gimme": "give me", "lemme": "let me",
}  # fmt: skip

ADD_PREFIXES = (
    "i would like to order", "i would like to get", "i would like to have", "i would like",
    "i would love", "i would also like", "we would like", "i like", "i also like",
    "i want to order", "i want to get", "i want", "i will have", "i will take", "i will get",
    "i will do", "i will also have",
    "we will have", "we will take", "can i get", "can i have", "can i order", "could i get",
    "could i have", "may i have", "may i get", "can we get", "can we have", "could we get",
    "can you add", "could you add", "can you get me", "please add", "add", "give me", "get me",
    "let me get", "let me have", "let me do", "i need", "i am going to have", "i am going to get",
    "i will go with", "i think i will have", "how about", "and then", "also", "plus", "and",
    "i will", "i would", "order", "get", "have",
)  # fmt: skip
LEAD_FILLERS = (
    "um", "uh", "uhm", "er", "oh", "so", "ok", "okay", "yeah", "yes", "yep", "well", "hi", "hello",
    "hey", "alright", "all right", "right", "great", "cool", "please", "actually", "hmm", "now",
)  # fmt: skip
TRAIL_FILLERS = (
    "to my order", "to the order", "to that", "on my order", "in my order", "please", "thanks",
    "thank you", "as well", "too", "also", "for me", "for here", "to go", "if you can",
    "if possible", "right now", "now",
)  # fmt: skip
YES_WORDS = frozenset(
    "yes yeah yep yup sure correct right ok okay affirmative absolutely definitely perfect".split()
)
YES_PHRASES = (
    "go ahead", "place it", "sounds good", "that is right", "that is correct", "looks good",
    "do it", "please do", "confirm", "that is it", "yes please", "of course", "place the order",
    "place my order",
)  # fmt: skip
NO_WORDS = frozenset("no nope nah negative wait".split())
NO_PHRASES = ("not yet", "hold on", "not quite", "change something", "i want to change")
DONE_PHRASES = (
    "that is all", "that is it", "that will be all", "that will be it", "that should be it",
    "that should do it", "i am done", "i am finished", "we are done", "nothing else",
    "no thanks", "no thank you", "i am good", "i think that is it", "that is everything",
    "check out", "checkout", "place the order", "place my order", "place order", "finish",
    "complete my order", "complete the order", "ready to pay", "ready to order", "done",
    "that is all for me", "i am all set", "all set", "submit",
)  # fmt: skip
CANCEL_ORDER = re.compile(
    r"\b(cancel|scrap|forget|clear|delete|start over|never mind)\b.*"
    r"\b(order|everything|all of it|it all|whole thing|all)\b|^(start over|never mind everything)"
)
VIEW_ORDER = re.compile(
    r"what is in my (order|cart)|what do i have|what have i (got|ordered)|"
    r"read (back |me )?my order|repeat (back )?my order|(my )?order so far|"
    r"what is my (total|order)|how much (do i owe|will that be|does that come to|is that|"
    r"is it all|is it$|is my order|is everything|is the total)|what does my order|"
    r"what did i order|order summary|what is the total|what is in the cart|review my order|my total"
)
NAME = re.compile(
    r"(?:my name is|name is|it is for|this is for|under the name|under|call me|the name is|"
    r"put it under|i am)\s+([a-z][a-z' -]{0,30})$"
)
REMOVE = re.compile(
    r"^(?:please )?(?:remove|take off|take away|delete|drop|scratch|get rid of|cancel|lose|"
    r"i do not want|i do not need|we do not want|no more|forget)\s+(?P<what>.+?)"
    r"(?:\s+(?:off|from my order|from the order|anymore|any more|after all|please))*$"
)
REMOVE_TRAILING = re.compile(r"^take (?:the |my )?(?P<what>.+?) off(?: my order| the order)?$")
SET_QUANTITY = re.compile(
    r"^(?:can you |could you |please )?(?:make|change|update|set)\s+(?:that|it|those|this)\s+"
    r"(?:to\s+)?(?P<qty>\w+)(?:\s+(?P<what>.+))?$"
)
CHANGE_QUANTITY = re.compile(
    r"^(?:can you |could you |please )?(?:change|update|set|make)\s+(?:the |my )?(?P<what>.+?)\s+"
    r"(?:to|into)\s+(?P<qty>\w+)$"
)
CHANGE_SIZE = re.compile(
    r"^(?:can you |could you |please )?(?:make|change|switch)\s+(?:the |my |that |it )?"
    r"(?P<what>.*?)\s*(?:to |into )?(?:a |an )?(?P<size>\w+)(?: one| size)?$"
)
INSTEAD_QUANTITY = re.compile(
    r"^(?:actually|instead|only|just|make it)\s+(?P<qty>\w+)\s+(?P<what>.+)$"
)
MENU_QUESTION = re.compile(
    r"\b(menu|what do you (have|sell|serve|got)|what can i (get|order)|what are (my|the|your) "
    r"options|what (kind|kinds|type|types|sort) of|what .* do you have|do you have any|"
    r"what are your|what else do you have|options|choices|what is good|what do you recommend|"
    r"recommend|suggest)\b"
)
DETAIL_QUESTION = re.compile(
    r"^(?:what is|what are|what comes|what goes|tell me about|how much (?:is|are|does|for)|"
    r"how big is|is|are|does|do|what is in|what is on|describe|can you tell me about|"
    r"how much do|what size|what sizes)\s+(?:in |on |with )?(?:the |a |an |your )?(?P<what>.+?)"
    r"(?:\s+(?:cost|come with|have in it|contain|made of|made with|vegetarian|vegan|spicy|"
    r"gluten free|cost|come in))?$"
)
DIETARY_WORDS = {
    "vegetarian": "vegetarian", "veggie": "vegetarian", "vegan": "vegan", "plant based": "vegan",
    "gluten": "gluten free", "celiac": "gluten free", "dairy": "dairy free",
    "lactose": "dairy free", "spicy": "spicy", "hot": "spicy", "nut": "nut free",
    "peanut": "nut free", "shellfish": "shellfish free", "fish": "fish free", "egg": "egg free",
    "soy": "soy free", "sesame": "sesame free", "allergy": "", "allergic": "", "halal": "halal",
    "kosher": "kosher",
}  # fmt: skip
THANKS = re.compile(r"\b(thank you|thanks|thank u|appreciate it)\b")
GREETING = re.compile(r"^(hi|hello|hey|good (morning|afternoon|evening)|howdy|yo)( there)?$")
MODIFIER_LEADS = ("without", "with no", "with extra", "with", "no", "extra", "hold the", "hold",
                  "add", "light", "easy on", "plus", "but no", "but with")  # fmt: skip


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class PastCall:
    """A tool call from earlier in the conversation and what it returned."""

    name: str
    arguments: dict[str, Any]
    output: str
    is_error: bool


@dataclass(frozen=True)
class Turn:
    """What the parser knows: the customer's words and the conversation so far."""

    text: str
    last_agent_text: str = ""
    past_calls: tuple[PastCall, ...] = ()


@dataclass(frozen=True)
class Decision:
    calls: tuple[ToolCall, ...] = ()
    reply: str | None = None


@dataclass
class ItemRequest:
    phrase: str
    quantity: int = 1
    quantity_said: bool = False
    size: str | None = None
    modifiers: list[str] = field(default_factory=list)
    item: MenuItem | None = None
    ambiguous: bool = False


def clean(text: str) -> str:
    """Lowercase, contractions expanded, punctuation reduced to commas, spaces collapsed."""
    t = text.lower().replace("’", "'").replace("&", " and ")
    t = re.sub(r"[.!?;:]+", ",", t)
    words = []
    for word in re.findall(r"[a-z0-9']+|,", t):
        words.append(CONTRACTIONS.get(word, word.replace("'", "")))
    t = " ".join(words).replace(" ,", ",")
    return re.sub(r"\s+", " ", t).strip(" ,")


def _strip_leading(text: str, phrases: tuple[str, ...]) -> tuple[str, bool]:
    """Removes any of `phrases` from the start, repeatedly; True if one was removed."""
    removed = False
    changed = True
    while changed:
        changed = False
        for phrase in sorted(phrases, key=len, reverse=True):
            if text == phrase or text.startswith(phrase + " ") or text.startswith(phrase + ","):
                text = text[len(phrase) :].lstrip(" ,")
                removed = changed = True
                break
    return text, removed


def _strip_trailing(text: str, phrases: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for phrase in sorted(phrases, key=len, reverse=True):
            if text.endswith(" " + phrase) or text.endswith("," + phrase) or text == phrase:
                text = text[: -len(phrase)].rstrip(" ,")
                changed = True
                break
    return text


def parse_quantity(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {text.replace(',', ' ')} "
    return any(f" {p} " in padded for p in phrases)


def _options_in(question: str) -> list[str]:
    """ "Did you mean the A, B or C?" → ["A", "B", "C"]."""
    body = re.sub(r"^.*?did you mean (the )?", "", question, flags=re.IGNORECASE).rstrip("?. ")
    return [o.strip() for o in re.split(r", | or ", body) if o.strip()]


def is_yes(text: str) -> bool:
    words = set(text.replace(",", " ").split())
    return bool(words & YES_WORDS) or _has_phrase(text, YES_PHRASES)


def is_no(text: str) -> bool:
    words = text.replace(",", " ").split()
    return bool(words and words[0] in NO_WORDS) or _has_phrase(text, NO_PHRASES)


class OrderParser:
    def __init__(self, menu: Menu, matcher: MenuMatcher | None = None) -> None:
        self.menu = menu
        self.matcher = matcher or MenuMatcher(menu)
        phrases = {normalize(p) for i in menu.items() for p in (i.name, *i.aliases)}
        phrases |= {normalize(c.name) for c in menu.categories}
        phrases |= {clean(p) for i in menu.items() for p in (i.name, *i.aliases)}
        # menu phrases with separator words inside ("fish and chips") are kept whole
        self._protected = sorted(
            (p for p in phrases if re.search(r"\b(and|with|no|plus)\b", p)), key=len, reverse=True
        )
        self._size_words = set(SIZE_SYNONYMS) | {
            w for i in menu.items() for s in i.sizes for w in normalize(s.name).split()
        }
        self._category_words = {
            c.id: {normalize(c.name), normalize(c.id.replace("_", " ")), *normalize(c.name).split()}
            for c in menu.categories
        }

    # -- entry point -----------------------------------------------------------------------------
    def decide(self, turn: Turn) -> Decision:
        text = clean(turn.text)
        if not text:
            return Decision(reply="Sorry, I didn't catch that. What would you like?")
        last_agent = turn.last_agent_text.lower()

        for handler in (
            self._answer_to_question,
            self._cancel_order,
            self._view_order,
            self._customer_name,
            self._remove,
            self._change_quantity,
            self._change_size,
            self._finish,
            self._dietary_question,
            self._menu_question,
            self._detail_question,
            self._add_items,
        ):
            decision = handler(text, turn, last_agent)
            if decision is not None:
                return decision
        return self._small_talk(text)

    # -- context: the agent asked something ------------------------------------------------------
    def _answer_to_question(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        last_call = turn.past_calls[-1] if turn.past_calls else None
        if "place the order?" in last_agent or "place your order?" in last_agent:
            if is_yes(text) and not is_no(text):
                return Decision(calls=(ToolCall("place_order", {}),))
            if is_no(text) and not self._mentions_item(text):
                return Decision(reply="No problem. What would you like to change?")
        if last_call and last_call.is_error and last_call.name == "add_item_to_order":
            args = dict(last_call.arguments)
            if "what size" in last_call.output.lower():
                item = self.menu_item_named(str(args.get("item_name", "")))
                size = self._size_in(text, item) if item else None
                if size and not self._mentions_other_item(text, item):
                    args["size"] = size
                    return Decision(calls=(ToolCall("add_item_to_order", args),))
            if "did you mean" in last_call.output.lower():
                options = _options_in(last_call.output)
                named = self._item_mentions(text)
                choice = named[0].name if len(named) == 1 else self._pick_option(text, options)
                if choice is None and len(options) == 1 and is_yes(text):
                    choice = options[0]
                if choice:
                    args["item_name"] = choice
                    return Decision(calls=(ToolCall("add_item_to_order", args),))
        if (
            last_call
            and last_call.is_error
            and last_call.name in ("remove_item", "update_quantity")
        ):
            if "which one" in last_call.output.lower():
                options = re.findall(r"(?:: |, | or )\d+ ([^,?]+?)(?=,| or |\?)", last_call.output)
                choice = self._pick_option(text, options)
                if choice:
                    args = dict(last_call.arguments)
                    args["item_name"] = choice
                    return Decision(calls=(ToolCall(last_call.name, args),))
        if (
            last_agent.rstrip().endswith("anything else?")
            and (is_no(text) or _has_phrase(text, DONE_PHRASES))
            and not self._mentions_item(text)
        ):
            return Decision(calls=(ToolCall("place_order", {}),))
        return None

    def _pick_option(self, text: str, options: list[str]) -> str | None:
        said = normalize(text)
        if not options or not said:
            return None
        scored = []
        for option in options:
            words = set(normalize(option).split())
            overlap = len(words & set(said.split()))
            scored.append((overlap, option))
        scored.sort(key=lambda pair: -pair[0])
        if scored[0][0] and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        for option in options:
            if normalize(option) == said:
                return option
        return None

    # -- whole-order intents ---------------------------------------------------------------------
    def _cancel_order(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        if CANCEL_ORDER.search(text) and not self._item_mentions(text, exclude_generic=True):
            return Decision(calls=(ToolCall("cancel_order", {}),))
        return None

    def _view_order(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        if VIEW_ORDER.search(text):
            return Decision(calls=(ToolCall("view_current_order", {}),))
        return None

    def _customer_name(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        match = NAME.search(text.replace(",", ""))
        if not match:
            return None
        name = match.group(1).strip()
        name = re.split(r"\b(and|please|thanks|thank)\b", name)[0].strip()
        if not name or name in ("done", "finished", "good", "ready", "all set", "hungry"):
            return None
        if self._mentions_item(name):
            return None
        return Decision(calls=(ToolCall("set_customer_name", {"name": name.title()}),))

    def _finish(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        stripped, _ = _strip_leading(text, LEAD_FILLERS)
        if _has_phrase(stripped, DONE_PHRASES) and not self._mentions_item(stripped):
            return Decision(calls=(ToolCall("place_order", {}),))
        return None

    # -- editing lines ---------------------------------------------------------------------------
    def _remove(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        stripped, _ = _strip_leading(text, LEAD_FILLERS)
        match = REMOVE.match(stripped) or REMOVE_TRAILING.match(stripped)
        if not match:
            return None
        what = match.group("what")
        if re.fullmatch(r"(the )?(whole |entire )?(order|everything|all of it|it all)", what):
            return Decision(calls=(ToolCall("cancel_order", {}),))
        if what in ("that", "it", "the last one", "the last thing", "that one", "last item"):
            last = self._last_item_name(turn)
            return Decision(calls=(ToolCall("remove_item", {"item_name": last}),)) if last else None
        calls = []
        for part in self._split_parts(what):
            request = self._parse_part(part)
            if request is None or not request.phrase:
                continue
            name = request.item.name if request.item else request.phrase
            if request.size and request.item and request.item.sizes:
                name = f"{request.size} {name}"
            if request.modifiers:
                name = f"{name} {' '.join(request.modifiers)}"
            calls.append(ToolCall("remove_item", {"item_name": name}))
        return Decision(calls=tuple(calls)) if calls else None

    def _change_quantity(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        stripped, _ = _strip_leading(text, LEAD_FILLERS)
        stripped = _strip_trailing(stripped, TRAIL_FILLERS)
        for pattern in (SET_QUANTITY, CHANGE_QUANTITY, INSTEAD_QUANTITY):
            match = pattern.match(stripped)
            if not match:
                continue
            quantity = parse_quantity(match.group("qty"))
            if quantity is None:
                continue
            what = (match.group("what") or "").strip()
            if what in ("", "of those", "of them", "of that", "of these", "instead"):
                name = self._last_item_name(turn)
            else:
                request = self._parse_part(what)
                name = request.item.name if request and request.item else None
                if pattern is INSTEAD_QUANTITY and name and not self._was_added(turn, name):
                    return None
            if name is None:
                continue
            return Decision(
                calls=(ToolCall("update_quantity", {"item_name": name, "quantity": quantity}),)
            )
        return None

    def _change_size(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        stripped, _ = _strip_leading(text, LEAD_FILLERS)
        match = CHANGE_SIZE.match(stripped)
        if not match or match.group("size") not in self._size_words:
            return None
        what = match.group("what").strip() or "that"
        name = self._last_item_name(turn) if what in ("that", "it", "this") else None
        if name is None:
            request = self._parse_part(what)
            name = request.item.name if request and request.item else None
        item = self.menu_item_named(name) if name else None
        if item is None or not item.sizes:
            return None
        previous = self._last_add_of(turn, item.name)
        quantity = int(previous.get("quantity", 1)) if previous else 1
        add_args: dict[str, Any] = {
            "item_name": item.name,
            "quantity": quantity,
            "size": match.group("size"),
        }
        if previous and previous.get("modifiers"):
            add_args["modifiers"] = previous["modifiers"]
        return Decision(
            calls=(
                ToolCall("remove_item", {"item_name": item.name}),
                ToolCall("add_item_to_order", add_args),
            )
        )

    # -- questions -------------------------------------------------------------------------------
    def _dietary_question(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        words = f" {text.replace(',', ' ')} "
        needs = []
        for word, need in DIETARY_WORDS.items():
            if re.search(rf"\b{word}", words):
                if need == "":
                    continue
                if need.endswith(" free") and not re.search(
                    rf"\b({word}\w* free|no {word}|without {word}|{word}\w* allerg|allergic to "
                    rf"{word}|free of {word}|{word}-free)",
                    words,
                ):
                    if need in ("gluten free", "dairy free"):
                        pass
                    else:
                        continue
                needs.append(need)
        question = "?" in turn.text or re.search(
            r"\b(what|which|do you|any|anything|options|have|is there|got|allerg)\b", text
        )
        if not needs or not question:
            return None
        request_items = self._item_mentions(text, exclude_generic=True)
        if request_items and len(needs) == 1 and needs[0] in ("spicy", "vegetarian", "vegan"):
            return Decision(
                calls=(ToolCall("get_item_details", {"item_name": request_items[0].name}),)
            )
        return Decision(
            calls=(ToolCall("find_items", {"need": " and ".join(dict.fromkeys(needs))}),)
        )

    def _menu_question(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        if not MENU_QUESTION.search(text):
            return None
        category = self._category_in(text)
        if category is None:
            items = self._item_mentions(text, exclude_generic=True)
            if len(items) == 1 and re.search(r"\bdo you have\b", text):
                return Decision(calls=(ToolCall("get_item_details", {"item_name": items[0].name}),))
        return Decision(calls=(ToolCall("get_menu_items", {"category": category or "all"}),))

    def _detail_question(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        stripped, _ = _strip_leading(text, LEAD_FILLERS)
        match = DETAIL_QUESTION.match(stripped)
        if not match:
            return None
        what = match.group("what")
        category = self._category_in(what)
        request = self._parse_part(what)
        if request and request.item:
            return Decision(calls=(ToolCall("get_item_details", {"item_name": request.item.name}),))
        if category:
            return Decision(calls=(ToolCall("get_menu_items", {"category": category}),))
        if "?" in turn.text and what:
            return Decision(calls=(ToolCall("get_item_details", {"item_name": what}),))
        return None

    # -- adding ----------------------------------------------------------------------------------
    def _add_items(self, text: str, turn: Turn, last_agent: str) -> Decision | None:
        body, _ = _strip_leading(text, LEAD_FILLERS)
        body, asked = _strip_leading(body, ADD_PREFIXES + LEAD_FILLERS)
        body = _strip_trailing(body, TRAIL_FILLERS)
        if not body:
            return None
        first_word = body.split()[0]
        if parse_quantity(first_word) is not None and first_word not in HOMOPHONE_NUMBERS:
            asked = True  # "a cheeseburger", "two tacos": an order even without "I'd like"
        requests = self._parse_items(body)
        if not requests:
            return None
        if not asked and not any(r.item or r.ambiguous for r in requests):
            return None
        calls = []
        for request in requests:
            args: dict[str, Any] = {
                "item_name": request.item.name if request.item else request.phrase,
                "quantity": request.quantity,
            }
            if request.size:
                args["size"] = request.size
            if request.modifiers:
                args["modifiers"] = request.modifiers
            calls.append(ToolCall("add_item_to_order", args))
        return Decision(calls=tuple(calls))

    def _protect(self, text: str) -> str:
        """Joins menu phrases that contain separator words, tolerating plurals."""
        for phrase in self._protected:
            pattern = r"\s+".join(rf"{re.escape(w)}(?:s|es)?" for w in phrase.split())
            text = re.sub(rf"\b{pattern}\b", lambda m: m.group(0).replace(" ", "_"), text)
        return text

    def _split_parts(self, text: str) -> list[str]:
        """ "two burgers, one without onions and a coke" → ["two burgers", "one without onions",
        "a coke"]: splits at commas, "and", "plus", "also" and before a new quantity."""
        text = self._protect(text)
        parts = []
        for chunk in re.split(r"\s*(?:,|\band\b|\bplus\b|\balso\b|\bthen\b)\s*", text):
            words = chunk.split()
            start = 0
            for index in range(1, len(words)):
                word = words[index]
                is_number = word.isdigit() or (
                    word in NUMBER_WORDS
                    and word not in ("a", "an", "both")
                    and word not in HOMOPHONE_NUMBERS
                )
                if is_number and words[index - 1] not in ("with", "no", "extra", "of"):
                    parts.append(" ".join(words[start:index]))
                    start = index
            parts.append(" ".join(words[start:]))
        return [p.replace("_", " ").strip() for p in parts if p.strip()]

    def _parse_items(self, text: str) -> list[ItemRequest]:
        requests: list[ItemRequest] = []
        for part in self._split_parts(text):
            request = self._parse_part(part)
            if request is None:
                continue
            previous = requests[-1] if requests else None
            if request.phrase == "" and previous is not None:
                # "one without onions", "a large one", "with no ice": about the item before
                if (
                    request.quantity_said
                    and previous.quantity > request.quantity
                    and (request.modifiers or request.size)
                ):
                    previous.quantity -= request.quantity
                    requests.append(
                        ItemRequest(
                            phrase=previous.phrase,
                            quantity=request.quantity,
                            quantity_said=True,
                            size=request.size or previous.size,
                            modifiers=[*previous.modifiers, *request.modifiers],
                            item=previous.item,
                        )
                    )
                else:
                    previous.modifiers.extend(request.modifiers)
                    previous.size = request.size or previous.size
                continue
            if request.phrase == "":
                continue
            if request.item is None and previous is not None and previous.item is not None:
                # "with extra cheese and bacon": "bacon" is another modifier, not an item
                said = " ".join([*request.modifiers, request.phrase])
                if self.matcher.match_modifier(previous.item, said) is not None:
                    previous.modifiers.append(said)
                    continue
            requests.append(request)
        return requests

    def _parse_part(self, part: str) -> ItemRequest | None:
        words = part.replace(",", " ").split()
        if not words:
            return None
        quantity, quantity_said = 1, False
        first = parse_quantity(words[0])
        if first is not None and not (words[0] in HOMOPHONE_NUMBERS and len(words) == 1):
            rest = " ".join(words[1:])
            keep_number = self._number_is_part_of_name(words[0], rest)
            if not keep_number:
                quantity, quantity_said = max(1, min(first, 99)), words[0] not in ("a", "an")
                words = words[1:]
                if words and words[0] == "of":
                    words = words[1:]
        text = " ".join(w for w in words if w not in ("more", "order", "orders", "of"))
        item_text, modifiers = self._split_modifiers(text)
        item_words = item_text.split()
        size = None
        kept = []
        for word in item_words:
            if word in self._size_words and size is None:
                size = word
            else:
                kept.append(word)
        phrase = " ".join(w for w in kept if w not in ("one", "ones", "size", "sized", "please"))
        item = None
        ambiguous = False
        if phrase:
            match = self.matcher.match(phrase)
            if match.item is None and size:
                match = self.matcher.match(f"{size} {phrase}")
                if match.item is not None and size in normalize(match.item.name).split():
                    size = None
            item = match.item
            ambiguous = match.ambiguous
            if item is not None and size and not item.sizes:
                # "large" was part of how they said it, not a size of this item
                size = None
        return ItemRequest(
            phrase=phrase,
            quantity=quantity,
            quantity_said=quantity_said,
            size=size,
            modifiers=modifiers,
            item=item,
            ambiguous=ambiguous,
        )

    def _split_modifiers(self, text: str) -> tuple[str, list[str]]:
        """ "cheeseburger without onions with extra cheese" → ("cheeseburger",
        ["without onions", "with extra cheese"])."""
        pattern = r"\b(" + "|".join(re.escape(lead) for lead in MODIFIER_LEADS) + r")\b"
        pieces = re.split(pattern, text)
        head = pieces[0].strip()
        modifiers = []
        for index in range(1, len(pieces) - 1, 2):
            lead, body = pieces[index], pieces[index + 1].strip()
            if not body:
                continue
            modifiers.append(f"{lead} {body}")
        return head, modifiers

    # -- helpers ---------------------------------------------------------------------------------
    def _number_is_part_of_name(self, number: str, rest: str) -> bool:
        """True for "seven up": the number word belongs to an item's name or alias."""
        if not rest:
            return False
        whole = self.matcher.match(f"{number} {rest}")
        top = whole.candidates[0] if whole.candidates else None
        return bool(whole.item and top and top.score >= 97 and number in top.matched.split())

    def menu_item_named(self, name: str) -> MenuItem | None:
        return self.matcher.match(name).item if name else None

    def _size_in(self, text: str, item: MenuItem) -> str | None:
        size = self.matcher.match_size(item, text)
        return size.name.lower() if size else None

    def _category_in(self, text: str) -> str | None:
        said = set(normalize(text).split())
        best: tuple[int, str] | None = None
        for category in self.menu.categories:
            words = self._category_words[category.id]
            overlap = len(said & {w for w in words if len(w) > 3})
            if normalize(category.name) in normalize(text):
                overlap += 5
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, category.id)
        return best[1] if best else None

    def _item_mentions(self, text: str, *, exclude_generic: bool = False) -> list[MenuItem]:
        found = []
        for part in self._split_parts(text):
            request = self._parse_part(part)
            if request and request.item and request.item not in found:
                found.append(request.item)
        return found

    def _mentions_item(self, text: str) -> bool:
        return bool(self._item_mentions(text))

    def _mentions_other_item(self, text: str, item: MenuItem | None) -> bool:
        return any(found != item for found in self._item_mentions(text))

    @staticmethod
    def _last_item_name(turn: Turn) -> str | None:
        """The item "that" refers to: the last one added or changed and not removed since."""
        removed: set[str] = set()
        for call in reversed(turn.past_calls):
            if call.is_error:
                continue
            name = str(call.arguments.get("item_name", ""))
            if call.name == "remove_item":
                removed.add(normalize(name))
            elif call.name in ("add_item_to_order", "update_quantity"):
                if normalize(name) not in removed:
                    return name
        return None

    @staticmethod
    def _last_add_of(turn: Turn, name: str) -> dict[str, Any] | None:
        for call in reversed(turn.past_calls):
            if call.name == "add_item_to_order" and not call.is_error:
                if normalize(str(call.arguments.get("item_name"))) == normalize(name):
                    return call.arguments
        return None

    def _was_added(self, turn: Turn, name: str) -> bool:
        return self._last_add_of(turn, name) is not None

    def _small_talk(self, text: str) -> Decision:
        if THANKS.search(text):
            return Decision(reply="You're welcome! Is there anything else I can get you?")
        if GREETING.match(text):
            return Decision(reply="Hi there! What can I get for you today?")
        if is_yes(text):
            return Decision(reply="Great! What would you like to order?")
        if is_no(text):
            return Decision(reply="Okay. Let me know when you're ready to order.")
        example = next(iter(self.menu.items())).name
        return Decision(
            reply=(
                "Sorry, I didn't catch that. You can order something like "
                f"the {example}, or ask me what's on the menu."
            )
        )
