"""What an answer to a yes/no question means (the read-back gate opens only on a clear yes)."""

from __future__ import annotations

import pytest

from agent.understanding.confirmation import Answer, classify_answer


@pytest.mark.parametrize("said", ["yes", "y", "Y.", "k", "yep, send it through", "ya"])
def test_a_clear_yes_typed_or_said(said: str) -> None:
    assert classify_answer(said) is Answer.AFFIRM


@pytest.mark.parametrize("said", ["n", "no", "not yet", "wait", "yes but no pickles", "yes, y, no"])
def test_a_no_or_a_hedge_is_never_a_yes(said: str) -> None:
    assert classify_answer(said) is Answer.DECLINE


def test_a_change_request_is_never_a_yes() -> None:
    assert classify_answer("yes, make the drink a large", mentions_change=True) is Answer.CHANGE
