"""The menu: loading and validating a menu file (YAML) into typed, read-only domain objects.

Pure module (no Qt, no LiveKit): the kiosk imports it for branding and the touch menu.
A file that breaks the schema fails with a message naming the file, the item and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from agent.core.errors import KioskAgentError
from agent.core.money import check_currency, format_cents, parse_cents

ID_PATTERN = r"^[a-z0-9_]+$"
TAG_PATTERN = r"^[a-z][a-z0-9_]*$"

MAX_TAX_RATE = Decimal("0.5")
SHOWN_VALUE_CHARS = 40
"""A refused value is quoted in the message up to this length (a menu line, not a dump)."""

T = TypeVar("T")


def _naming_the_value(check: Callable[[object], T]) -> Callable[[object], T]:
    """`check`, whose refusal also quotes the value as written: "…, not '-1.50'"."""

    def checked(value: object) -> T:
        try:
            return check(value)
        except ValueError as exc:
            shown = repr(value)
            if len(shown) > SHOWN_VALUE_CHARS:
                shown = shown[: SHOWN_VALUE_CHARS - 1] + "…"
            raise ValueError(f"{exc}, not {shown}") from None

    return checked


def tax_rate(value: object) -> Decimal:
    """A tax rate from 0 to MAX_TAX_RATE as an exact decimal: "0.0875", 0.0875 or 0."""
    problem = f"must be a rate from 0 to {MAX_TAX_RATE} like 0.0875 (for 8.75%)"
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(problem)
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(problem) from None
    if not rate.is_finite() or not 0 <= rate <= MAX_TAX_RATE:
        raise ValueError(problem)
    return rate


Cents = Annotated[int, BeforeValidator(_naming_the_value(parse_cents))]
CurrencyCode = Annotated[str, BeforeValidator(_naming_the_value(check_currency))]
TaxRate = Annotated[Decimal, BeforeValidator(_naming_the_value(tax_rate))]
Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]
Tag = Annotated[str, Field(pattern=TAG_PATTERN, max_length=32)]
Name = Annotated[str, Field(min_length=1, max_length=80)]


class MenuError(KioskAgentError):
    """The menu file is missing, unreadable or breaks the schema. `problems` lists what is wrong
    one by one (where, then what), for a page that shows them as a list."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Size(_Frozen):
    id: Identifier
    name: Name
    price_cents: Cents = Field(validation_alias="price")


class Modifier(_Frozen):
    id: Identifier
    name: Name
    price_cents: Cents = Field(default=0, validation_alias="price")


class MenuItem(_Frozen):
    id: Identifier
    name: Name
    description: str = ""
    price_cents: Cents | None = Field(default=None, validation_alias="price")
    aliases: tuple[Name, ...] = ()
    dietary: tuple[Tag, ...] = ()
    allergens: tuple[Tag, ...] = ()
    available: bool = True
    sizes: tuple[Size, ...] = ()
    modifiers: tuple[Modifier, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> MenuItem:
        if self.price_cents is None and not self.sizes:
            raise ValueError("price: an item needs a price or sizes with prices")
        for label, ids in (
            ("sizes", [s.id for s in self.sizes]),
            ("modifiers", [m.id for m in self.modifiers]),
        ):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{label}: duplicate id {', '.join(duplicates)}")
        return self

    @property
    def requires_size(self) -> bool:
        return bool(self.sizes)

    def size(self, size_id: str) -> Size | None:
        return next((s for s in self.sizes if s.id == size_id), None)

    def modifier(self, modifier_id: str) -> Modifier | None:
        return next((m for m in self.modifiers if m.id == modifier_id), None)

    @property
    def base_price_cents(self) -> int:
        """The price without size: the item price, or the cheapest size's."""
        if self.price_cents is not None and not self.sizes:
            return self.price_cents
        return min(s.price_cents for s in self.sizes)

    def unit_price_cents(self, size_id: str | None, modifier_ids: tuple[str, ...]) -> int:
        size = self.size(size_id) if size_id else None
        base = size.price_cents if size else self.base_price_cents
        return base + sum(m.price_cents for m in self.modifiers if m.id in modifier_ids)


class Category(_Frozen):
    id: Identifier
    name: Name
    items: tuple[MenuItem, ...] = Field(min_length=1)


Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class Branding(_Frozen):
    """How the kiosk looks for this restaurant (colors as #RRGGBB)."""

    primary: Color = "#0B4F6C"
    accent: Color = "#F2A900"


class Restaurant(_Frozen):
    name: Name
    currency: CurrencyCode = "USD"
    tax_rate: TaxRate = Decimal(0)
    tagline: str = ""
    branding: Branding = Branding()

    def price(self, cents: int) -> str:
        """An amount in this restaurant's currency: "$12.34", "£12.34"."""
        return format_cents(cents, self.currency)


class Menu(_Frozen):
    restaurant: Restaurant
    categories: tuple[Category, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Menu:
        seen: set[str] = set()
        for category in self.categories:
            for item in category.items:
                if item.id in seen:
                    raise ValueError(f"item id {item.id!r} is used twice")
                seen.add(item.id)
        category_ids = [c.id for c in self.categories]
        if len(set(category_ids)) != len(category_ids):
            raise ValueError("category ids must be unique")
        return self

    def items(self) -> Iterator[MenuItem]:
        for category in self.categories:
            yield from category.items

    def item(self, item_id: str) -> MenuItem | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def category_of(self, item_id: str) -> Category | None:
        return next((c for c in self.categories if any(i.id == item_id for i in c.items)), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def dietary_tags(self) -> set[str]:
        return {tag for item in self.items() for tag in item.dietary}

    def with_availability(self, available: Mapping[str, bool]) -> Menu:
        """This menu with staff's sold-out switches applied (item id → available; the file's
        `available` for items not in `available`, and ids this menu lacks are ignored)."""
        changed = {
            i.id for i in self.items() if i.id in available and available[i.id] != i.available
        }
        if not changed:
            return self
        return self.model_copy(
            update={
                "categories": tuple(
                    category.model_copy(
                        update={
                            "items": tuple(
                                item.model_copy(update={"available": available[item.id]})
                                if item.id in changed
                                else item
                                for item in category.items
                            )
                        }
                    )
                    for category in self.categories
                )
            }
        )

    def sold_out(self) -> frozenset[str]:
        return frozenset(item.id for item in self.items() if not item.available)

    def allergens(self) -> set[str]:
        return {tag for item in self.items() for tag in item.allergens}


_CONTAINER_LABELS = {
    "categories": "category",
    "items": "item",
    "sizes": "size",
    "modifiers": "modifier",
}


def _describe_location(data: Any, loc: tuple[int | str, ...]) -> str:
    """Error location in words, e.g. `category 'burgers', item 'cheeseburger', field price`."""
    parts: list[str] = []
    fields: list[str] = []
    node, container = data, ""
    for key in loc:
        if isinstance(node, dict) and key in node:
            node = node[key]
            if key in _CONTAINER_LABELS:
                container = _CONTAINER_LABELS[str(key)]
            else:
                fields.append(str(key))
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            label = container or "entry"
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                parts.append(f"{label} {node['id']!r}")
            else:
                parts.append(f"{label} #{key + 1}")
        else:
            fields.append(str(key))
    if fields:
        shown = ".".join(fields)
        if not all(f.isprintable() and f.strip() == f and f for f in fields):
            shown = repr(shown)  # a field named with a line break or spaces, quoted
        parts.append(f"field {shown[:SHOWN_VALUE_CHARS]}")
    return ", ".join(parts) or "top level"


def parse_menu(data: Any, source: str) -> Menu:
    if not isinstance(data, dict):
        problem = "the menu must be a mapping with restaurant and categories"
        raise MenuError(f"{source}: {problem}", (problem,))
    try:
        return Menu.model_validate(data)
    except ValidationError as exc:
        problems = []
        details = exc.errors()
        if any(d["type"] != "too_short" for d in details):
            # an invalid item also empties its category: report the item, not the echo
            details = [d for d in details if d["type"] != "too_short"]
        for detail in details:
            message = str(detail["msg"]).removeprefix("Value error, ")
            problems.append(f"{_describe_location(data, tuple(detail['loc']))}: {message}")
        raise MenuError(f"{source}: " + "; ".join(problems), tuple(problems)) from exc


def load_menu(path: Path) -> Menu:
    """Reads and validates a menu file; MenuError names the file, item and field on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MenuError(f"{path}: cannot read the menu file ({exc.strerror})") from exc
    return load_menu_text(text, str(path))


def load_menu_text(text: str, source: str) -> Menu:
    """A menu from YAML text (an uploaded file, a stored version), checked like a menu file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())  # one line: the parser's message spans several
        raise MenuError(
            f"{source}: not valid YAML ({reason})", (f"not valid YAML ({reason})",)
        ) from exc
    except RecursionError as exc:  # "[[[[…": nested deeper than any menu
        raise MenuError(f"{source}: nested too deeply", ("nested too deeply",)) from exc
    except ValueError as exc:  # a date that does not exist, a number too long to read
        reason = " ".join(str(exc).split())[: SHOWN_VALUE_CHARS * 2]
        raise MenuError(
            f"{source}: not valid YAML ({reason})", (f"not valid YAML ({reason})",)
        ) from exc
    return parse_menu(data, source)
