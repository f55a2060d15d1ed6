"""No sequence of events places an order by voice that was not read back and then confirmed with
a clear yes, unchanged (hypothesis stateful test against the real OrderDesk)."""

from __future__ import annotations

import asyncio

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from agent.ordering import NotConfirmed, OrderDesk, OrderError
from tests.menus import bundled

YES = ["yes", "yep, that's everything", "sounds good, send it through", "correct", "perfect"]
NOT_YES = [
    "no", "wait", "not yet", "actually", "no, make the coke a large", "yes but add a coke",
    "yes, and two fries", "hmm", "that's all", "what's my total?", "Direct.", "", "no thanks",
]  # fmt: skip
MENU = bundled()


class DeskMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.desk = OrderDesk(MENU, session_key="gate", kiosk_id="test", store=None)
        self.events: list[tuple[str, object]] = []
        self.turn = 0
        self.last_text = ""

    def run(self, coroutine: object) -> object:
        return self.loop.run_until_complete(coroutine)  # type: ignore[arg-type]

    @rule(item=st.sampled_from(["cheeseburger", "coffee", "onion_rings"]), touch=st.booleans())
    def add(self, item: str, touch: bool) -> None:
        self.run(self.desk.add_item_by_id(item, origin="touch" if touch else "voice"))
        self.events.append(("change", self.desk.cart.version))

    @precondition(lambda self: not self.desk.cart.is_empty)
    @rule()
    def remove_first(self) -> None:
        self.run(self.desk.remove_line(self.desk.cart.lines[0].line_id))
        self.events.append(("change", self.desk.cart.version))

    @precondition(lambda self: not self.desk.cart.is_empty)
    @rule()
    def review(self) -> None:
        self.run(self.desk.review())
        self.events.append(("review", self.desk.cart.version))

    @rule(text=st.sampled_from(YES + NOT_YES))
    def hear(self, text: str) -> None:
        self.turn += 1
        self.last_text = text
        self.desk.hear_customer(self.turn, text)
        self.events.append(("hear", text))

    @precondition(lambda self: self.turn > 0)
    @rule()
    def hear_the_same_turn_again(self) -> None:
        """The model's second call in a turn sees the same utterance: not a new answer."""
        self.desk.hear_customer(self.turn, self.last_text)

    @rule()
    def place_by_voice(self) -> None:
        allowed = (
            len(self.events) >= 2
            and self.events[-2] == ("review", self.desk.cart.version)
            and self.events[-1][0] == "hear"
            and self.events[-1][1] in YES
            and not self.desk.cart.is_empty
        )
        try:
            self.run(self.desk.place())
        except NotConfirmed:
            assert not allowed, self.events
        except OrderError:
            # past the gate (no store in this test: "please ask a staff member"), or empty
            assert allowed or self.desk.cart.is_empty, self.events
        else:
            raise AssertionError("placed without a store")

    def teardown(self) -> None:
        self.loop.close()


DeskMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=25, deadline=None)
test_voice_placing_needs_a_confirmed_read_back_of_the_current_cart = DeskMachine.TestCase
