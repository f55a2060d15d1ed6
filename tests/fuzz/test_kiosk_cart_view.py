"""Any snapshot the protocol lets through shows on the cart panel without an exception.

The decoder checks shapes, not sense: a snapshot may carry huge or negative amounts, 10,000
character names, control characters and right-to-left text. The cart model and panel render
it as sent (a wrong agent is shown, not crashed on).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from agent.core.protocol import CartSnapshot, WireLine, decode_message, encode
from kiosk.ui.models import CartModel
from kiosk.ui.widgets import CartPanel
from tests.fuzz.conftest import FUZZ
from tests.fuzz.strategies import JUNK_TEXT

AMOUNTS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63), 10**40]),
)
QUANTITIES = st.one_of(
    st.integers(min_value=-5, max_value=25), st.sampled_from([0, 2**31 - 1, -(2**31)])
)
TEXT = JUNK_TEXT.map(lambda text: text.encode("utf-8", "replace").decode("utf-8"))
LINES = st.builds(
    WireLine,
    line_id=TEXT,
    item_id=TEXT,
    name=TEXT,
    size=st.none() | TEXT,
    modifiers=st.lists(TEXT, max_size=3).map(tuple),
    notes=TEXT,
    qty=QUANTITIES,
    unit_cents=AMOUNTS,
    line_cents=AMOUNTS,
)
SNAPSHOTS = st.builds(
    CartSnapshot,
    seq=st.integers(min_value=0, max_value=2**63),
    lines=st.lists(LINES, max_size=4).map(tuple),
    subtotal_cents=AMOUNTS,
    tax_cents=AMOUNTS,
    total_cents=AMOUNTS,
    status=st.sampled_from(["open", "placed"]),
    order_number=st.none() | AMOUNTS,
)


def test_any_decodable_snapshot_renders(qtbot: QtBot) -> None:
    model = CartModel()
    panel = CartPanel(model)
    qtbot.addWidget(panel)
    panel.resize(480, 900)
    panel.show()

    @FUZZ
    @given(snapshot=SNAPSHOTS, currency=st.sampled_from(["USD", "GBP", "CHF", "JPY"]))
    def check(snapshot: CartSnapshot, currency: str) -> None:
        decoded = decode_message(encode(snapshot))  # what the kiosk would have received
        assert decoded == snapshot
        model.clear()
        model.currency = currency
        assert model.apply(snapshot)
        assert len(panel.rows) == len(snapshot.lines)
        assert [row.line_id for row in panel.rows] == [line.line_id for line in snapshot.lines]
        assert panel.total.text() == model.total_text()
        assert panel.place_button.isEnabled() == bool(snapshot.lines)
        panel.grab()  # paints every row: long, RTL and control-character text included

    check()
