"""The order in natural spoken English for read-backs: "two Cheeseburgers, one without onions,
and a large Coke". Pure; works from cart lines and the words of any menu's modifiers."""

from __future__ import annotations

import re
from itertools import groupby

from agent.core.cart import CartLine, pluralize
from agent.core.money import number_words

_NEGATIVE = ("no ", "without ", "hold the ")
_ADDITIVE = ("add ", "with ", "plus ")


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


def modifier_phrase(name: str) -> str:
    """A modifier as it follows an item: "no onions" → "without onions", "add bacon" →
    "with bacon", "extra cheese" → "with extra cheese", "oat milk" → "with oat milk"."""
    name = speakable(name)
    lowered = name.lower().strip()
    for lead in _NEGATIVE:
        if lowered.startswith(lead):
            return "without " + name.strip()[len(lead) :]
    for lead in _ADDITIVE:
        if lowered.startswith(lead):
            return "with " + name.strip()[len(lead) :]
    if lowered.startswith(("make it ", "on ", "in ", "as ")):
        return name.strip()
    return "with " + name.strip()


def count_words(quantity: int, following: str) -> str:
    if quantity == 1:
        return "an" if following[:1].lower() in "aeiou" else "a"
    return number_words(quantity)


def _extras(line: CartLine) -> str:
    parts = [modifier_phrase(m) for m in line.modifier_names]
    if line.notes:
        parts.append(line.notes)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _one_line(line: CartLine) -> str:
    size = f"{speakable(line.size_name).lower()} " if line.size_name else ""
    name = speakable(line.name) if line.quantity == 1 else pluralize(speakable(line.name))
    head = f"{count_words(line.quantity, size or name)} {size}{name}"
    extras = _extras(line)
    return f"{head} {extras}" if extras else head


def _group(lines: list[CartLine]) -> str:
    """Lines of one item and size: "two Cheeseburgers, one without onions"."""
    if len(lines) == 1:
        return _one_line(lines[0])
    first = lines[0]
    total = sum(line.quantity for line in lines)
    size = f"{speakable(first.size_name).lower()} " if first.size_name else ""
    head = f"{number_words(total)} {size}{pluralize(speakable(first.name))}"
    variants = [f"{number_words(line.quantity)} {_extras(line)}" for line in lines if _extras(line)]
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
