"""The wire protocol between the agent and the kiosk (versioned pydantic models).

Agent → kiosk: reliable data packets on topic `kiosk.cart` carrying a full `CartSnapshot` on every
change (`seq` only grows; stale ones are dropped) and one `OrderPlaced` per order.
Agent → kiosk, once per session before the first snapshot: the menu this session sells, as the
menu file's YAML text in a text stream on topic `kiosk.menu` (it may be larger than one data
packet), so the kiosk shows the version a manager put on sale rather than its own file.
Kiosk → agent: RPCs named below; each reply is an `RpcReply` with the new snapshot or an error.
Unknown message types are ignored; malformed ones raise ProtocolError (log it, drop it).
Pure module: the kiosk imports it without the agents framework.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from agent.core.cart import MAX_QUANTITY, MIN_QUANTITY, Cart, CartLine
from agent.core.errors import KioskAgentError

PROTOCOL_VERSION = 1
CART_TOPIC = "kiosk.cart"
METRICS_TOPIC = "kiosk.metrics"
MENU_TOPIC = "kiosk.menu"
ALIVE_TOPIC = "kiosk.alive"
"""The agent's heartbeat to its kiosk: a one-byte packet every ALIVE_INTERVAL_SECONDS. A
dead job process goes quiet at once, while LiveKit takes about 20 s to drop it from the room."""
ALIVE_INTERVAL_SECONDS = 1.0
AGENT_SILENT_SECONDS = 3.5
"""A kiosk that heard the heartbeat and then nothing for this long treats its agent as gone."""
MENU_VERSION_ATTRIBUTE = "menu_version"
"""On the menu stream: which menu it is ("file", or the stored version's number)."""

RPC_GET_CART = "cart.get"
"""Read-only: the current snapshot, for a kiosk that joined (or reconnected) after it was sent."""
RPC_ADD_ITEM = "cart.add_item"
RPC_SET_QUANTITY = "cart.set_quantity"
RPC_REMOVE_LINE = "cart.remove_line"
RPC_PLACE_ORDER = "order.place"
RPC_END_SESSION = "session.end"
RPC_TURN_START = "turn.start"
RPC_TURN_END = "turn.end"
RPC_TURN_CANCEL = "turn.cancel"


class TurnMode(StrEnum):
    """How the customer's turns are taken, chosen per session by the kiosk (dispatch metadata)."""

    PUSH_TO_TALK = "push_to_talk"
    HANDS_FREE = "hands_free"


Quantity = Annotated[StrictInt, Field(ge=MIN_QUANTITY, le=MAX_QUANTITY)]
ShortText = Annotated[StrictStr, Field(min_length=1, max_length=64)]


class ProtocolError(KioskAgentError):
    """A message or RPC payload that does not follow the protocol."""


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class WireLine(_Message):
    line_id: str
    item_id: str
    name: str
    size: str | None = None
    modifiers: tuple[str, ...] = ()
    notes: str = ""
    qty: int
    unit_cents: int
    line_cents: int


class CartSnapshot(_Message):
    type: Literal["cart"] = "cart"
    v: int = PROTOCOL_VERSION
    seq: int = Field(ge=0)
    lines: tuple[WireLine, ...] = ()
    subtotal_cents: int = 0
    tax_cents: int = 0
    total_cents: int = 0
    status: Literal["open", "placed"] = "open"
    order_number: int | None = None


class OrderPlaced(_Message):
    type: Literal["order_placed"] = "order_placed"
    v: int = PROTOCOL_VERSION
    order_number: int
    total_cents: int
    subtotal_cents: int
    tax_cents: int
    lines: tuple[WireLine, ...]
    customer_name: str | None = None
    business_date: str | None = None
    """The order's day (YYYY-MM-DD): with the number, how the store service names it."""


class TurnMetrics(_Message):
    """Per-turn latency breakdown, milliseconds from the end of the customer's speech."""

    type: Literal["turn_metrics"] = "turn_metrics"
    v: int = PROTOCOL_VERSION
    turn: int
    mode: str
    transcript: str = ""
    transcript_ms: float | None = None
    llm_first_token_ms: float | None = None
    tts_first_audio_ms: float | None = None
    first_frame_published_ms: float | None = None
    end_of_speech_t: float | None = None


class MenuAvailability(_Message):
    """What is sold out right now (staff's switches over the menu file): sent when a session
    starts and whenever it changes, so the kiosk greys those items out."""

    type: Literal["menu_availability"] = "menu_availability"
    v: int = PROTOCOL_VERSION
    sold_out: tuple[str, ...] = ()


AgentMessage = CartSnapshot | OrderPlaced | TurnMetrics | MenuAvailability
_MESSAGE_TYPES: dict[str, type[AgentMessage]] = {
    "cart": CartSnapshot,
    "order_placed": OrderPlaced,
    "turn_metrics": TurnMetrics,
    "menu_availability": MenuAvailability,
}


def wire_lines(lines: Sequence[CartLine]) -> tuple[WireLine, ...]:
    return tuple(
        WireLine(
            line_id=line.line_id,
            item_id=line.item_id,
            name=line.name,
            size=line.size_name,
            modifiers=line.modifier_names,
            notes=line.notes,
            qty=line.quantity,
            unit_cents=line.unit_cents,
            line_cents=line.line_cents,
        )
        for line in lines
    )


def snapshot_of(
    cart: Cart,
    *,
    seq: int,
    status: Literal["open", "placed"] = "open",
    order_number: int | None = None,
) -> CartSnapshot:
    return CartSnapshot(
        seq=seq,
        lines=wire_lines(cart.lines),
        subtotal_cents=cart.subtotal_cents,
        tax_cents=cart.tax_cents,
        total_cents=cart.total_cents,
        status=status,
        order_number=order_number,
    )


def encode(message: BaseModel) -> bytes:
    return message.model_dump_json().encode()


def decode_message(payload: bytes | str) -> AgentMessage | None:
    """The message in `payload`; None for an unknown type; ProtocolError when malformed."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # also too deep, or an integer too long
        raise ProtocolError("not JSON") from exc
    if not isinstance(data, dict):
        raise ProtocolError("not a JSON object")
    model = _MESSAGE_TYPES.get(str(data.get("type")))
    if model is None:
        return None
    if data.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(f"unsupported {data.get('type')} version {data.get('v')!r}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = exc.error_count()
        raise ProtocolError(f"malformed {data.get('type')}: {problems} problem(s)") from exc


# -- RPC payloads (kiosk → agent) ------------------------------------------------------------------
class _Request(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AddItemRequest(_Request):
    item_id: ShortText
    qty: Quantity = 1
    size: ShortText | None = None
    modifiers: tuple[ShortText, ...] = Field(default=(), max_length=16)


class SetQuantityRequest(_Request):
    line_id: ShortText
    qty: Quantity


class RemoveLineRequest(_Request):
    line_id: ShortText


class PlaceOrderRequest(_Request):
    seq: Annotated[StrictInt, Field(ge=0)]


class EmptyRequest(_Request):
    pass


MAX_FIELD_NAME = 64
"""A refusal names the offending field in at most this many characters, on one line."""


class RpcReply(_Message):
    ok: bool
    snapshot: CartSnapshot | None = None
    error: str | None = None
    order_number: int | None = None


def parse_request(model: type[_Request], payload: str) -> _Request:
    """Validates an RPC payload; ProtocolError says what is wrong in one line."""
    try:
        data = json.loads(payload) if payload.strip() else {}
    except (ValueError, RecursionError) as exc:  # also too deep, or an integer too long
        raise ProtocolError("the payload is not JSON") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        if len(where) > MAX_FIELD_NAME or not where.isprintable():  # an unknown field, echoed
            where = f"{where[:MAX_FIELD_NAME]!r}"[: MAX_FIELD_NAME + 2]
        raise ProtocolError(f"{where}: {first['msg']}") from exc
