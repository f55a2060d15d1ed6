"""Typing slips put into a corpus to measure how the understanding copes with them on any set,
held-out ones included, without anyone writing (or tuning on) a typo by hand: in every
customer turn, one word that names something on the menu gets one slip (a letter dropped,
doubled, swapped with its neighbour or replaced by the key next to it), seeded so that a run
can be repeated."""

from __future__ import annotations

import dataclasses
import random
import re

from agent.core.menu import Menu
from agent.evaluation.corpus import Conversation, ConversationFile

MIN_LETTERS = 5
"""Shorter words are left alone: a slip in "tea" or "cod" makes another word, not a typo."""
NEIGHBOURS = {
    row[i]: row[i - 1 : i] + row[i + 1 : i + 2]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i in range(len(row))
}


def menu_words(menu: Menu) -> set[str]:
    names = [item.name for item in menu.items()]
    names += [alias for item in menu.items() for alias in item.aliases]
    names += [m.name for item in menu.items() for m in item.modifiers]
    return {
        w for name in names for w in re.findall(r"[a-z]+", name.lower()) if len(w) >= MIN_LETTERS
    }


def slip(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)  # first and last letters kept, as people mostly do
    kind = rng.choice(("drop", "double", "swap", "neighbour"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    near = NEIGHBOURS.get(word[i], word[i])
    return word[:i] + rng.choice(near) + word[i + 1 :]


def with_slips(conversation_file: ConversationFile, seed: int) -> ConversationFile:
    words = menu_words(conversation_file.menu)
    rng = random.Random(seed)

    def turn(text: str) -> str:
        found = [m for m in re.finditer(r"[A-Za-z]+", text) if m.group().lower() in words]
        if not found:
            return text
        chosen = rng.choice(found)
        return text[: chosen.start()] + slip(chosen.group(), rng) + text[chosen.end() :]

    def conversation(c: Conversation) -> Conversation:
        return dataclasses.replace(c, turns=tuple(turn(t) for t in c.turns))

    return dataclasses.replace(
        conversation_file,
        conversations=tuple(conversation(c) for c in conversation_file.conversations),
    )
