"""The wire protocol: snapshots, order_placed, unknown and malformed messages, RPC payloads."""

from __future__ import annotations

import json

import pytest

from agent.core.cart import Cart
from agent.core.protocol import (
    AddItemRequest,
    CartSnapshot,
    OrderPlaced,
    PlaceOrderRequest,
    ProtocolError,
    RemoveLineRequest,
    SetQuantityRequest,
    decode_message,
    encode,
    parse_request,
    snapshot_of,
)
from tests.menus import bundled


def _cart() -> Cart:
    menu = bundled()
    cart = Cart(menu.restaurant.tax_rate)
    burger, coke = menu.item("cheeseburger"), menu.item("coke")
    assert burger is not None and coke is not None
    cart.add(burger, quantity=2, modifier_ids=["no_onions"])
    cart.add(coke, size_id="large")
    return cart


def test_snapshot_round_trip_matches_the_documented_shape() -> None:
    snapshot = snapshot_of(_cart(), seq=7)
    data = json.loads(encode(snapshot))
    assert set(data) == {
        "type", "v", "seq", "lines", "subtotal_cents", "tax_cents", "total_cents", "status",
        "order_number",
    }  # fmt: skip
    assert data["type"] == "cart" and data["v"] == 1 and data["status"] == "open"
    assert set(data["lines"][0]) == {
        "line_id", "item_id", "name", "size", "modifiers", "notes", "qty", "unit_cents",
        "line_cents",
    }  # fmt: skip
    assert data["lines"][0]["modifiers"] == ["no onions"]
    assert data["lines"][1]["size"] == "Large"
    assert data["total_cents"] == data["subtotal_cents"] + data["tax_cents"]
    assert decode_message(encode(snapshot)) == snapshot


def test_order_placed_decodes() -> None:
    placed = OrderPlaced(order_number=4, total_cents=100, subtotal_cents=92, tax_cents=8, lines=())
    assert decode_message(encode(placed)) == placed


def test_unknown_types_are_ignored() -> None:
    assert decode_message(b'{"type": "hologram", "v": 1}') is None
    assert decode_message(b'{"no_type": true}') is None


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[1, 2]",
        b'{"type": "cart", "v": 2, "seq": 1}',
        b'{"type": "cart", "v": 1, "seq": -1}',
        b'{"type": "cart", "v": 1, "seq": 1, "lines": [{"line_id": 5}]}',
        b"\xff\xfe",
    ],
)
def test_malformed_messages_raise(payload: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_message(payload)


def test_rpc_payloads_validate_types_and_ranges() -> None:
    request = parse_request(AddItemRequest, '{"item_id": "coke", "qty": 2, "size": "large"}')
    assert request == AddItemRequest(item_id="coke", qty=2, size="large")
    assert parse_request(SetQuantityRequest, '{"line_id": "L1", "qty": 20}')
    assert parse_request(PlaceOrderRequest, '{"seq": 0}')
    bad: list[
        tuple[
            type[AddItemRequest | SetQuantityRequest | RemoveLineRequest | PlaceOrderRequest],
            str,
            str,
        ]
    ] = [
        (AddItemRequest, '{"item_id": "coke", "qty": "2"}', "qty"),
        (AddItemRequest, '{"item_id": "coke", "qty": 0}', "qty"),
        (AddItemRequest, '{"item_id": 5}', "item_id"),
        (AddItemRequest, '{"item_id": "coke", "price_cents": 1}', "price_cents"),
        (SetQuantityRequest, '{"line_id": "L1", "qty": 21}', "qty"),
        (SetQuantityRequest, '{"line_id": "L1", "qty": 2.0}', "qty"),
        (RemoveLineRequest, "{}", "line_id"),
        (PlaceOrderRequest, '{"seq": true}', "seq"),
        (RemoveLineRequest, "{oops", "payload"),
    ]
    for model, payload, where in bad:
        with pytest.raises(ProtocolError, match=where):
            parse_request(model, payload)


def test_snapshot_model_rejects_negative_seq() -> None:
    with pytest.raises(ValueError):
        CartSnapshot(seq=-1)
