"""Connects one OrderDesk to its LiveKit room.

- Publishes a full CartSnapshot on every change (coalesced: only the latest is sent, in
  order, never a lower seq) and one OrderPlaced per order, reliably on topic `kiosk.cart`.
- Serves the kiosk's RPCs (`cart.*`, `order.place`, `session.end`): the caller must be this
  session's kiosk and the payload must validate; a refused request leaves the order unchanged.
- Tells the LLM about touch edits through a callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from livekit import rtc

from agent.core.protocol import (
    ALIVE_INTERVAL_SECONDS,
    ALIVE_TOPIC,
    CART_TOPIC,
    MENU_TOPIC,
    MENU_VERSION_ATTRIBUTE,
    METRICS_TOPIC,
    RPC_ADD_ITEM,
    RPC_END_SESSION,
    RPC_GET_CART,
    RPC_PLACE_ORDER,
    RPC_REMOVE_LINE,
    RPC_SET_QUANTITY,
    AddItemRequest,
    EmptyRequest,
    MenuAvailability,
    OrderPlaced,
    PlaceOrderRequest,
    ProtocolError,
    RemoveLineRequest,
    RpcReply,
    SetQuantityRequest,
    TurnMetrics,
    encode,
    parse_request,
)
from agent.ordering import CartChange, OrderDesk, OrderError
from agent.store import PlacedOrder

logger = logging.getLogger("kiosk.room_link")

TouchNote = Callable[[str], Awaitable[None]]
RpcHandler = Callable[[rtc.RpcInvocationData], Awaitable[str]]
RequestHandler = Callable[[str], Awaitable[RpcReply]]


class RoomLink:
    def __init__(
        self,
        room: rtc.Room,
        desk: OrderDesk,
        *,
        kiosk_identity: str,
        on_touch_change: TouchNote | None = None,
        on_session_end: Callable[[], None] | None = None,
    ) -> None:
        self._room = room
        self._desk = desk
        self._kiosk_identity = kiosk_identity
        self._on_touch_change = on_touch_change
        self._on_session_end = on_session_end
        self._sent_seq = -1
        self._placed_queue: list[OrderPlaced] = []
        self._wake = asyncio.Event()
        self._placed_by_seq: dict[int, PlacedOrder] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._publisher = asyncio.create_task(self._publish_loop(), name="cart-publisher")
        self._heartbeat = asyncio.create_task(self._beat(), name="heartbeat")
        desk.add_listener(self._on_change)

    @property
    def kiosk_identity(self) -> str:
        return self._kiosk_identity

    # -- publishing ------------------------------------------------------------------------------
    def publish_current(self) -> None:
        """Sends the current snapshot even if unchanged (e.g. when the kiosk (re)joins)."""
        self._sent_seq = min(self._sent_seq, self._desk.seq - 1)
        self._wake.set()

    async def _on_change(self, change: CartChange) -> None:
        if change.placed is not None:
            self._placed_queue.append(self._desk.placed_message(change.placed))
        self._wake.set()
        if change.origin == "touch" and self._on_touch_change is not None:
            total = self._desk.cart_snapshot().total_cents
            note = f"{change.summary}; the order total is now {total / 100:.2f}"
            self._spawn(self._on_touch_change(note), name="touch-note")

    async def _publish_loop(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            snapshot = self._desk.snapshot()
            try:
                if snapshot.seq > self._sent_seq:
                    await self._publish(encode(snapshot))
                    self._sent_seq = snapshot.seq
                while self._placed_queue:
                    await self._publish(encode(self._placed_queue[0]))
                    self._placed_queue.pop(0)
            except Exception:
                logger.exception("could not publish the cart", extra={"seq": snapshot.seq})

    async def _beat(self) -> None:
        """Tells the kiosk this agent is alive, every ALIVE_INTERVAL_SECONDS (see ALIVE_TOPIC)."""
        while True:
            with contextlib.suppress(Exception):  # a missed beat is what the kiosk watches for
                await self._room.local_participant.publish_data(
                    b"1",
                    # the lossy channel opens late (seconds after the join); the reliable one
                    # already carries the cart
                    reliable=True,
                    topic=ALIVE_TOPIC,
                    destination_identities=[self._kiosk_identity],
                )
            await asyncio.sleep(ALIVE_INTERVAL_SECONDS)

    async def _publish(self, payload: bytes) -> None:
        await self._room.local_participant.publish_data(
            payload,
            reliable=True,
            topic=CART_TOPIC,
            destination_identities=[self._kiosk_identity],
        )

    def _spawn(self, coro: Awaitable[None], name: str) -> None:
        async def run() -> None:
            await coro

        task = asyncio.create_task(run(), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def send_menu(self, yaml_text: str, version: str) -> None:
        """Tells the kiosk what this session sells (sent before the first snapshot); a kiosk
        that misses it keeps showing its own menu file."""
        try:
            await self._room.local_participant.send_text(
                yaml_text,
                topic=MENU_TOPIC,
                destination_identities=[self._kiosk_identity],
                attributes={MENU_VERSION_ATTRIBUTE: version},
            )
        except Exception:
            logger.exception("could not send the session's menu", extra={"menu_version": version})

    def publish_availability(self, sold_out: frozenset[str]) -> None:
        """Tells the kiosk what is sold out now (it greys those items out)."""
        message = MenuAvailability(sold_out=tuple(sorted(sold_out)))

        async def send() -> None:
            try:
                await self._publish(encode(message))
            except Exception:
                logger.exception("could not publish what is sold out")

        self._spawn(send(), name="menu-availability")

    # -- RPCs ------------------------------------------------------------------------------------
    def publish_metrics(self, metrics: TurnMetrics) -> None:
        async def send() -> None:
            try:
                await self._room.local_participant.publish_data(
                    encode(metrics),
                    reliable=True,
                    topic=METRICS_TOPIC,
                    destination_identities=[self._kiosk_identity],
                )
            except Exception:
                logger.exception("could not publish turn metrics")

        self._spawn(send(), name="turn-metrics")

    def register_rpcs(self, extra: dict[str, RequestHandler] | None = None) -> None:
        """Serves the cart RPCs, plus `extra` ones (method → handler of the payload)."""
        handlers: dict[str, RpcHandler] = {
            RPC_GET_CART: self._guarded(self._get_cart),
            RPC_ADD_ITEM: self._guarded(self._add_item),
            RPC_SET_QUANTITY: self._guarded(self._set_quantity),
            RPC_REMOVE_LINE: self._guarded(self._remove_line),
            RPC_PLACE_ORDER: self._guarded(self._place_order),
            RPC_END_SESSION: self._guarded(self._end_session),
        }
        for method, request_handler in (extra or {}).items():
            handlers[method] = self._guarded(request_handler)
        for method, rpc_handler in handlers.items():
            self._room.local_participant.register_rpc_method(method, rpc_handler)

    def _guarded(self, handler: RequestHandler) -> RpcHandler:
        async def serve(data: rtc.RpcInvocationData) -> str:
            if data.caller_identity != self._kiosk_identity:
                logger.warning(
                    "rpc from a participant that is not this session's kiosk",
                    extra={"method": data.method, "caller": data.caller_identity},
                )
                reply = RpcReply(ok=False, error="only this session's kiosk may change the order")
                return reply.model_dump_json()
            try:
                reply = await handler(data.payload)
            except (ProtocolError, OrderError) as exc:
                logger.info("rpc refused", extra={"method": data.method, "reason": str(exc)})
                reply = RpcReply(ok=False, error=str(exc), snapshot=self._desk.snapshot())
            return reply.model_dump_json()

        return serve

    def _ok(self, order_number: int | None = None) -> RpcReply:
        return RpcReply(ok=True, snapshot=self._desk.snapshot(), order_number=order_number)

    async def _get_cart(self, payload: str) -> RpcReply:
        parse_request(EmptyRequest, payload)
        return self._ok()

    async def _add_item(self, payload: str) -> RpcReply:
        request = parse_request(AddItemRequest, payload)
        assert isinstance(request, AddItemRequest)
        await self._desk.add_item_by_id(
            request.item_id,
            quantity=request.qty,
            size_id=request.size,
            modifier_ids=request.modifiers,
            origin="touch",
        )
        return self._ok()

    async def _set_quantity(self, payload: str) -> RpcReply:
        request = parse_request(SetQuantityRequest, payload)
        assert isinstance(request, SetQuantityRequest)
        await self._desk.set_line_quantity(request.line_id, request.qty, origin="touch")
        return self._ok()

    async def _remove_line(self, payload: str) -> RpcReply:
        request = parse_request(RemoveLineRequest, payload)
        assert isinstance(request, RemoveLineRequest)
        await self._desk.remove_line(request.line_id, origin="touch")
        return self._ok()

    async def _place_order(self, payload: str) -> RpcReply:
        """Placing from the screen: the customer saw snapshot `seq` and tapped confirm.
        Repeating the same `seq` returns the same order."""
        request = parse_request(PlaceOrderRequest, payload)
        assert isinstance(request, PlaceOrderRequest)
        earlier = self._placed_by_seq.get(request.seq)
        if earlier is not None:
            return self._ok(order_number=earlier.order_number)
        if request.seq != self._desk.seq:
            raise OrderError("The order changed; please check it and confirm again.")
        placed = await self._desk.place(origin="touch")
        self._placed_by_seq[request.seq] = placed
        return self._ok(order_number=placed.order_number)

    async def _end_session(self, payload: str) -> RpcReply:
        parse_request(EmptyRequest, payload)
        await self._desk.discard()
        if self._on_session_end is not None:
            self._on_session_end()
        return RpcReply(ok=True)

    async def aclose(self) -> None:
        self._publisher.cancel()
        self._heartbeat.cancel()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(self._publisher, self._heartbeat, *self._tasks, return_exceptions=True)
