"""The order in natural spoken English for read-backs: "two Cheeseburgers, one without onions,
and a large Coke". Pure; works from cart lines and the words of any menu's modifiers."""

from __future__ import annotations

import re
from itertools import groupby

from agent.core.cart import CartLine, pluralize
from agent.core.money import number_words

_NEGATIVE = ("no ", "without ", "hold the ")
_ADDITIVE = ("add ", "with ", "plus ")
_INSTRUCTIONS = ("swap ", "sub ", "substitute ", "switch ", "upgrade ", "change ", "replace ")


def speakable(text: str) -> str:
    """Menu text as it should be heard: brackets become commas ("no sugar (0%)" → "no sugar,
    0 percent"), symbols become words, spacing and punctuation tidied."""
    t = text.replace("%", " percent").replace("&", " and ").replace("*", "").replace("_", " ")
    t = re.sub(r"\s*[(\[]\s*", ", ", t)
    t = re.sub(r"\s*[)\]]", "", t)
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\s+([,.;:!?])", r"\1", t)
    t = re.sub(r",\s*([,.;:!?])", r"\1", t)
    return t.strip(" ,")


def unbracketed(name: str) -> str:
    """A name without what its brackets explain: "Regular (12 oz)" → "Regular"."""
    return re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", name).strip() or name


def modifier_phrase(name: str) -> str:
    """A modifier as it follows an item: "no onions" → "without onions", "add bacon" →
    "with bacon", "extra cheese" → "with extra cheese", "oat milk" → "with oat milk". What
    brackets explain is not said: "tapioca pearls (boba)" → "with tapioca pearls"."""
    name = speakable(unbracketed(name))
    lowered = name.lower().strip()
    for lead in _NEGATIVE:
        if lowered.startswith(lead):
            return "without " + name.strip()[len(lead) :]
    for lead in _ADDITIVE:
        if lowered.startswith(lead):
            return "with " + name.strip()[len(lead) :]
    if lowered.startswith("make it "):
        return name.strip()[len("make it ") :]  # "make it malted" → "malted"
    if lowered.startswith(("on ", "in ", "as ", *_INSTRUCTIONS)):
        # "swap the coleslaw for peas": an instruction, said as it is
        return name.strip()
    if re.fullmatch(r"[a-z]+ed", lowered) or re.match(r"[a-z]+ed (with|in|on) ", lowered):
        return name.strip()  # "toasted", "topped with pine nuts": not "with toasted"
    return "with " + name.strip()


def count_words(quantity: int, following: str) -> str:
    if quantity == 1:
        return "an" if _vowel_sound(following) else "a"
    return number_words(quantity)


def _vowel_sound(text: str) -> bool:
    """Whether "an" goes before it: "an apple", "an 8 piece", "an 11 inch", "an 18 ounce"."""
    number = re.match(r"\d+", text)
    if number:
        digits = number.group()
        return digits[0] == "8" or (len(digits) in (2, 5) and digits[:2] in ("11", "18"))
    return text[:1].lower() in "aeiou"


def _extras(line: CartLine) -> str:
    parts = [modifier_phrase(m) for m in line.modifier_names]
    if line.notes:
        parts.append(line.notes)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def size_before(size_name: str | None, item_name: str) -> str:
    """A size as said before its item's name: without what brackets explain ("Regular (12
    oz)" → "regular"), a measure's unit singular ("8 pieces" → "8 piece"), and without the
    word the name says anyway ("Half Chicken" of a Bone-In Chicken → "half")."""
    if not size_name:
        return ""
    size = unbracketed(size_name)
    words = speakable(size).lower().split()
    named = {w.lower() for w in re.findall(r"[A-Za-z]+", item_name)}
    if len(words) >= 2 and words[-1] in named:
        words = words[:-1]
    if len(words) >= 2 and words[0].isdigit() and words[1].endswith("s") and len(words[1]) > 3:
        words[1] = {"inches": "inch"}.get(words[1], words[1][:-1])  # "an 8 piece …"
    return " ".join(words) + " "


def _counted_head(quantity: int, size: str, name: str) -> str | None:
    """A size that is only a count of the item's own pieces ("2 Rolls" of Tofu Rice Paper
    Rolls) is said as the count: "2 Tofu Rice Paper Rolls", "two orders of 4 Spring Rolls",
    never "a 2 Tofu Rice Paper Rolls"."""
    if not size.strip().isdigit():
        return None
    if quantity == 1:
        return f"{size}{name}"
    return f"{number_words(quantity)} orders of {size}{name}"


def spoken_line(line: CartLine) -> str:
    """One line as said: "a large Coke without ice", "two 8 piece Drumsticks with fire sauce"."""
    size = size_before(line.size_name, line.name)
    name = speakable(line.name) if line.quantity == 1 else speakable(pluralize(line.name))
    head = _counted_head(line.quantity, size, speakable(line.name)) or (
        f"{count_words(line.quantity, size or name)} {size}{name}"
    )
    extras = _extras(line)
    if not extras:
        return head
    # "a large Latte, iced": a bare word after the name reads as a new thought without a comma
    joint = " " if extras.startswith(("with", "on ", "in ", "as ")) else ", "
    return f"{head}{joint}{extras}"


def _group(lines: list[CartLine]) -> str:
    """Lines of one item and size: "two Cheeseburgers, one without onions"."""
    if len(lines) == 1:
        return spoken_line(lines[0])
    first = lines[0]
    total = sum(line.quantity for line in lines)
    size = size_before(first.size_name, first.name)
    head = _counted_head(total, size, speakable(first.name)) or (
        f"{number_words(total)} {size}{speakable(pluralize(first.name))}"
    )
    variants = [f"{number_words(line.quantity)} {_extras(line)}" for line in lines if _extras(line)]
    if not variants:
        return head  # lines alike, kept apart (one added later): "three Festivals"
    if len(variants) == len(lines):
        return f"{head}, " + ", ".join(variants[:-1]) + " and " + variants[-1]
    return f"{head}, " + " and ".join(variants)


def spoken_order(lines: tuple[CartLine, ...] | list[CartLine]) -> str:
    def key(line: CartLine) -> tuple[str, str]:
        return (line.item_id, line.size_id or "")

    first_seen = list(dict.fromkeys(key(line) for line in lines))
    ordered = sorted(lines, key=lambda line: first_seen.index(key(line)))
    groups = [_group(list(group)) for _, group in groupby(ordered, key=key)]
    if len(groups) <= 1:
        return "".join(groups)
    if len(groups) == 2 and not any("," in g for g in groups):
        return f"{groups[0]} and {groups[1]}"
    return ", ".join(groups[:-1]) + ", and " + groups[-1]


def join_words(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
