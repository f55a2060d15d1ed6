"""Qt models over the wire protocol's cart: the view shows exactly what the agent sent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from agent.core.money import format_cents
from agent.core.protocol import CartSnapshot, WireLine

Index = QModelIndex | QPersistentModelIndex


def line_name(line: WireLine) -> str:
    """A line as the customer reads it: "Large Coke"."""
    return f"{line.size} {line.name}" if line.size else line.name


def line_detail(line: WireLine) -> str:
    """Its options and notes: "no ice, extra lemon"."""
    return ", ".join([*line.modifiers, *([line.notes] if line.notes else [])])


class CartModel(QAbstractListModel):
    """The cart lines of the newest snapshot; totals come only from the snapshot."""

    LineIdRole = Qt.ItemDataRole.UserRole + 1
    NameRole = Qt.ItemDataRole.UserRole + 2
    DetailRole = Qt.ItemDataRole.UserRole + 3
    QuantityRole = Qt.ItemDataRole.UserRole + 4
    PriceRole = Qt.ItemDataRole.UserRole + 5

    totalsChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._snapshot: CartSnapshot | None = None
        self._newest_seq = -1
        self.currency = "USD"
        """The menu's currency (ISO 4217), for the prices shown."""

    @property
    def snapshot(self) -> CartSnapshot | None:
        return self._snapshot

    @property
    def seq(self) -> int:
        return self._newest_seq

    def apply(self, snapshot: CartSnapshot) -> bool:
        """Shows `snapshot` unless an equal or newer one from the same agent session was shown;
        True if it was applied."""
        if snapshot.seq <= self._newest_seq:
            return False
        self._newest_seq = snapshot.seq
        self.beginResetModel()
        self._snapshot = snapshot
        self.endResetModel()
        self.totalsChanged.emit()
        return True

    def new_source(self) -> None:
        """A new agent session (a new room) numbers its snapshots from the start: keep showing
        the lines, but take its first snapshot whatever its seq."""
        self._newest_seq = -1

    def clear(self) -> None:
        self.beginResetModel()
        self._snapshot = None
        self._newest_seq = -1
        self.endResetModel()
        self.totalsChanged.emit()

    def lines(self) -> tuple[WireLine, ...]:
        return self._snapshot.lines if self._snapshot else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        lines = self.lines()
        if not index.isValid() or not 0 <= index.row() < len(lines):
            return None
        line = lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, self.NameRole):
            return line_name(line)
        if role == self.LineIdRole:
            return line.line_id
        if role == self.DetailRole:
            return line_detail(line)
        if role == self.QuantityRole:
            return line.qty
        if role == self.PriceRole:
            return format_cents(line.line_cents, self.currency)
        return None

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        names = {
            self.LineIdRole: b"lineId",
            self.NameRole: b"name",
            self.DetailRole: b"detail",
            self.QuantityRole: b"quantity",
            self.PriceRole: b"price",
        }
        return {role: QByteArray(name) for role, name in names.items()}

    def subtotal_text(self) -> str:
        return format_cents(self._snapshot.subtotal_cents if self._snapshot else 0, self.currency)

    def tax_text(self) -> str:
        return format_cents(self._snapshot.tax_cents if self._snapshot else 0, self.currency)

    def total_text(self) -> str:
        return format_cents(self._snapshot.total_cents if self._snapshot else 0, self.currency)

    def item_count(self) -> int:
        return sum(line.qty for line in self.lines())
