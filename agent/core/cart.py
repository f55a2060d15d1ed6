"""The cart: lines, merging, limits and totals in integer cents. Pure domain, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from agent.core.errors import KioskAgentError
from agent.core.menu import MenuItem
from agent.core.money import tax_cents

MIN_QUANTITY = 1
MAX_QUANTITY = 20
MAX_LINES = 30
MAX_NOTES_LENGTH = 140


class CartError(KioskAgentError):
    """A change the cart refuses; the message can be said to the customer as is."""


@dataclass(frozen=True)
class CartLine:
    line_id: str
    item_id: str
    name: str
    size_id: str | None
    size_name: str | None
    modifier_ids: tuple[str, ...]
    modifier_names: tuple[str, ...]
    notes: str
    quantity: int
    unit_cents: int

    @property
    def line_cents(self) -> int:
        return self.unit_cents * self.quantity

    def same_choice(self, other: CartLine) -> bool:
        return (self.item_id, self.size_id, self.modifier_ids, self.notes) == (
            other.item_id,
            other.size_id,
            other.modifier_ids,
            other.notes,
        )

    def describe(self) -> str:
        """ "2 large Cokes, no ice" style text for speech and read-backs."""
        words = [str(self.quantity)]
        size = re.sub(r"\s*\(.*?\)", "", self.size_name or "").strip().lower()
        measured = size[:1].isdigit()  # "1 Pulled Pork (1 pound)", never "1 1 pound …"
        if size and not measured:
            words.append(size)
        words.append(self.name if self.quantity == 1 else pluralize(self.name))
        text = " ".join(words)
        extras = [*([size] if measured else []), *self.modifier_names]
        extras += [self.notes] if self.notes else []
        return f"{text} ({', '.join(extras)})" if extras else text


def pluralize(name: str) -> str:
    """ "Taco" → "Tacos"; a name that ends in brackets is plural before them: "Classic Pork
    Roll (Banh Mi Thit)" → "Classic Pork Rolls (Banh Mi Thit)", "Coke (can)" → "Cokes (can)";
    one of a measure is plural in the measure: "Can of Pop" → "Cans of Pop"."""
    bracketed = re.match(r"^(.*?\S)(\s*\([^()]*\))$", name)
    if bracketed:
        return pluralize(bracketed.group(1)) + bracketed.group(2)
    measured = re.match(r"^(\S+)( of .+)$", name)  # "Can of Pop" → "Cans of Pop"
    if measured:
        return pluralize(measured.group(1)) + measured.group(2)
    if name.lower().endswith(("s", "sh", "ch", "x")):
        return name if name.lower().endswith("s") else f"{name}es"
    if name.lower().endswith("y") and name[-2:-1].lower() not in "aeiou":
        return f"{name[:-1]}ies"
    return f"{name}s"


def agreeing(name: str, singular: str, plural: str) -> str:
    """The verb that agrees with a name: plural after one that reads as plural ("the Wings
    come", "the Mozzarella Sticks are"), else singular."""
    word = re.sub(r"\s*\([^()]*\)$", "", name).lower()
    return plural if word.endswith("s") and not word.endswith(("ss", "us")) else singular


def _be(name: str) -> str:
    return agreeing(name, "is", "are")


MEASURE_WORDS = frozenset(
    """small medium large regular kid kids mini single double triple cup bowl pint quart piece
    pc oz ounce dozen half slice whole short tall grande venti full stack liter litre ml scoop
    jumbo junior personal family xl lunch dinner size sized""".split()
)
SIZE_QUESTION = "What size would you like for the "
CHOICE_QUESTION = "Which would you like for the "


def size_question(item: MenuItem) -> str:
    """ "What size would you like for the Latte: small, medium or large?"; where the "sizes"
    are no sizes (a burrito priced by its protein) "Which would you like for the Burrito:
    chicken, steak or veggie?"."""
    names = [s.name.lower() for s in item.sizes]
    measured = any(
        word.strip("()") in MEASURE_WORDS or any(c.isdigit() for c in word)
        for name in names
        for word in name.split()
    )
    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return f"{SIZE_QUESTION if measured else CHOICE_QUESTION}{item.name}: {listed}?"


def asks_for_size(text: str) -> bool:
    """Whether a tool's error is the size question of `size_question`."""
    lowered = text.lower()
    return SIZE_QUESTION.lower() in lowered or CHOICE_QUESTION.lower() in lowered


def check_quantity(quantity: int) -> None:
    if not MIN_QUANTITY <= quantity <= MAX_QUANTITY:
        raise CartError(f"The quantity must be between {MIN_QUANTITY} and {MAX_QUANTITY}.")


class Cart:
    def __init__(self, tax_rate: Decimal) -> None:
        self._tax_rate = tax_rate
        self._lines: list[CartLine] = []
        self._next_line_number = 1
        self.version = 0

    # -- reading -------------------------------------------------------------------------------
    @property
    def lines(self) -> tuple[CartLine, ...]:
        return tuple(self._lines)

    @property
    def is_empty(self) -> bool:
        return not self._lines

    @property
    def tax_rate(self) -> Decimal:
        return self._tax_rate

    @property
    def subtotal_cents(self) -> int:
        return sum(line.line_cents for line in self._lines)

    @property
    def tax_cents(self) -> int:
        return tax_cents(self.subtotal_cents, self._tax_rate)

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents + self.tax_cents

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self._lines)

    def line(self, line_id: str) -> CartLine:
        for line in self._lines:
            if line.line_id == line_id:
                return line
        raise CartError("That line is not in the order.")

    def lines_for(self, item_id: str) -> list[CartLine]:
        return [line for line in self._lines if line.item_id == item_id]

    # -- changing ------------------------------------------------------------------------------
    def add(
        self,
        item: MenuItem,
        *,
        quantity: int = 1,
        size_id: str | None = None,
        modifier_ids: tuple[str, ...] | list[str] = (),
        notes: str = "",
    ) -> CartLine:
        """Adds an item, merging with an identical line; returns the line as it now is."""
        candidate = self._build_line(item, quantity, size_id, modifier_ids, notes)
        for index, line in enumerate(self._lines):
            if line.same_choice(candidate):
                merged = line.quantity + quantity
                if merged > MAX_QUANTITY:
                    raise CartError(
                        f"That would make {merged} {pluralize(item.name)}; "
                        f"the most per line is {MAX_QUANTITY}."
                    )
                self._lines[index] = replace(line, quantity=merged)
                self.version += 1
                return self._lines[index]
        if len(self._lines) >= MAX_LINES:
            raise CartError(f"An order can have at most {MAX_LINES} different lines.")
        line = replace(candidate, line_id=f"L{self._next_line_number}")
        self._next_line_number += 1
        self._lines.append(line)
        self.version += 1
        return line

    @staticmethod
    def _build_line(
        item: MenuItem,
        quantity: int,
        size_id: str | None,
        modifier_ids: tuple[str, ...] | list[str],
        notes: str,
    ) -> CartLine:
        """A line for `item` as chosen, checked against the menu (line id still empty)."""
        check_quantity(quantity)
        if not item.available:
            raise CartError(f"Sorry, the {item.name} {_be(item.name)} sold out today.")
        size = None
        if item.sizes:
            if size_id is None:
                raise CartError(size_question(item))
            size = item.size(size_id)
            if size is None:
                names = ", ".join(s.name.lower() for s in item.sizes)
                comes = agreeing(item.name, "comes", "come")
                raise CartError(f"The {item.name} {comes} in {names}.")
        elif size_id is not None:
            comes = agreeing(item.name, "comes", "come")
            raise CartError(f"The {item.name} {comes} in one size only.")
        modifiers = []
        for modifier_id in dict.fromkeys(modifier_ids):
            modifier = item.modifier(modifier_id)
            if modifier is None:
                raise CartError(f"The {item.name} can't be made {modifier_id.replace('_', ' ')}.")
            modifiers.append(modifier)
        modifiers.sort(key=lambda m: m.id)
        notes = " ".join(notes.split())[:MAX_NOTES_LENGTH]
        candidate = CartLine(
            line_id="",
            item_id=item.id,
            name=item.name,
            size_id=size.id if size else None,
            size_name=size.name if size else None,
            modifier_ids=tuple(m.id for m in modifiers),
            modifier_names=tuple(m.name for m in modifiers),
            notes=notes,
            quantity=quantity,
            unit_cents=item.unit_price_cents(
                size.id if size else None, tuple(m.id for m in modifiers)
            ),
        )
        return candidate

    def replace_line(
        self,
        line_id: str,
        item: MenuItem,
        *,
        quantity: int,
        size_id: str | None,
        modifier_ids: tuple[str, ...] | list[str],
        notes: str = "",
    ) -> CartLine:
        """Changes a line in place (another item, size or modifiers) keeping its id and place."""
        line = self.line(line_id)
        changed = replace(
            self._build_line(item, quantity, size_id, modifier_ids, notes), line_id=line.line_id
        )
        index = self._lines.index(line)
        self._lines[index] = changed
        self.version += 1
        return changed

    def remove(self, line_id: str) -> CartLine:
        line = self.line(line_id)
        self._lines.remove(line)
        self.version += 1
        return line

    def set_quantity(self, line_id: str, quantity: int) -> CartLine:
        check_quantity(quantity)
        line = self.line(line_id)
        index = self._lines.index(line)
        self._lines[index] = replace(line, quantity=quantity)
        self.version += 1
        return self._lines[index]

    def clear(self) -> None:
        if self._lines:
            self._lines.clear()
            self.version += 1

    # -- persistence -----------------------------------------------------------------------------
    def restore(self, lines: list[CartLine], version: int) -> None:
        """Replaces the content with saved lines (used when a restarted agent resumes a cart)."""
        self._lines = list(lines)
        self.version = version
        numbers = [int(line.line_id[1:]) for line in lines if line.line_id[1:].isdigit()]
        self._next_line_number = max(numbers, default=0) + 1
