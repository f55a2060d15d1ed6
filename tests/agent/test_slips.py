"""The typing slips `kiosk-agent eval --slips SEED` puts into a corpus: seeded, one per turn,
in a word that names something on the menu, one letter changed."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from agent.evaluation.corpus import load_conversation_file
from agent.evaluation.slips import menu_words, with_slips
from tests.menus import ROOT

CORPUS = ROOT / "tests" / "conversations" / "dev5" / "fish_and_chips.yaml"


def test_one_slip_per_turn_in_a_menu_word_and_the_same_for_one_seed() -> None:
    original = load_conversation_file(CORPUS)
    slipped = with_slips(original, seed=7)
    assert slipped == with_slips(original, seed=7)
    assert slipped != with_slips(original, seed=8)
    words = menu_words(original.menu)
    changed = 0
    for before, after in zip(original.conversations, slipped.conversations, strict=True):
        assert before.expect == after.expect
        for said, typed in zip(before.turns, after.turns, strict=True):
            a, b = re.findall(r"[A-Za-z]+", said), re.findall(r"[A-Za-z]+", typed)
            assert len(a) == len(b)
            diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
            assert len(diffs) <= 1
            for x, y in diffs:
                changed += 1
                assert x.lower() in words and OSA.distance(x, y) == 1
    assert changed > len(original.conversations)  # most turns name something
