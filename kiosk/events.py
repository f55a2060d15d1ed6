"""What an order session reports to its shell (the Qt controller or kiosk-sim), as plain data."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from agent.core.menu import Menu
from agent.core.protocol import CartSnapshot, OrderPlaced, TurnMetrics

Speaker = Literal["agent", "customer"]


@dataclass(frozen=True, kw_only=True)
class SessionEvent:
    name: ClassVar[str] = "event"
    t: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.name, **asdict(self)}


@dataclass(frozen=True, kw_only=True)
class Joined(SessionEvent):
    name: ClassVar[str] = "joined"
    room: str
    identity: str


@dataclass(frozen=True, kw_only=True)
class AgentJoined(SessionEvent):
    name: ClassVar[str] = "agent_joined"
    identity: str


@dataclass(frozen=True, kw_only=True)
class AgentLeft(SessionEvent):
    name: ClassVar[str] = "agent_left"
    identity: str


@dataclass(frozen=True, kw_only=True)
class AgentStateChanged(SessionEvent):
    name: ClassVar[str] = "agent_state"
    state: str


@dataclass(frozen=True, kw_only=True)
class AgentAudioSubscribed(SessionEvent):
    """The agent's voice track is subscribed; `first_frame_t` is when its first frame arrived."""

    name: ClassVar[str] = "agent_audio_subscribed"
    first_frame_t: float


@dataclass(frozen=True, kw_only=True)
class AgentAudio(SessionEvent):
    """The agent's voice became audible again after a silence (the start of an utterance)."""

    name: ClassVar[str] = "agent_audio"
    level_dbfs: float


@dataclass(frozen=True, kw_only=True)
class Caption(SessionEvent):
    name: ClassVar[str] = "caption"
    speaker: Speaker
    segment_id: str
    text: str
    final: bool


@dataclass(frozen=True, kw_only=True)
class Disconnected(SessionEvent):
    name: ClassVar[str] = "disconnected"
    reason: str


@dataclass(frozen=True, kw_only=True)
class CartUpdated(SessionEvent):
    """A newer cart snapshot arrived (stale ones never become events)."""

    name: ClassVar[str] = "cart"
    snapshot: CartSnapshot

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.name, "t": self.t, **self.snapshot.model_dump(mode="json")}


@dataclass(frozen=True, kw_only=True)
class MenuReceived(SessionEvent):
    """The menu this session sells (a version a manager put on sale, or the agent's file)."""

    name: ClassVar[str] = "menu"
    menu: Menu
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.name,
            "t": self.t,
            "version": self.version,
            "restaurant": self.menu.restaurant.name,
            "items": {item.id: item.base_price_cents for item in self.menu.items()},
        }


@dataclass(frozen=True, kw_only=True)
class SoldOutChanged(SessionEvent):
    name: ClassVar[str] = "sold_out"
    sold_out: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.name, "t": self.t, "sold_out": list(self.sold_out)}


@dataclass(frozen=True, kw_only=True)
class OrderConfirmed(SessionEvent):
    name: ClassVar[str] = "order_placed"
    order: OrderPlaced

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.name, "t": self.t, **self.order.model_dump(mode="json")}


@dataclass(frozen=True, kw_only=True)
class TurnTimed(SessionEvent):
    """The agent's latency breakdown for one customer turn."""

    name: ClassVar[str] = "turn_metrics"
    metrics: TurnMetrics

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.name, "t": self.t, **self.metrics.model_dump(mode="json")}
