"""Conversation files (tests/conversations/FORMAT.md): loading and checking them against their
menu, so that a typo in an expectation fails loudly instead of counting as a wrong order."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from agent.core.errors import KioskAgentError
from agent.core.menu import Menu, MenuError, load_menu

REPO_ROOT = Path(__file__).resolve().parents[2]
NAMED_MENUS = {
    "bundled": REPO_ROOT / "assets" / "menu.yaml",
    "second": REPO_ROOT / "assets" / "examples" / "sunrise_taqueria.yaml",
}
LINE = re.compile(
    r"^(?P<item>[a-z0-9_]+) x(?P<qty>\d+)(?: (?P<size>[a-z0-9_]+))?(?P<mods>( \+[a-z0-9_]+)*)$"
)


class CorpusError(KioskAgentError):
    """A conversation file is malformed or names what its menu lacks."""


@dataclass(frozen=True)
class ExpectedLine:
    item_id: str
    quantity: int
    size_id: str | None
    modifier_ids: tuple[str, ...]

    def key(self) -> tuple[str, str | None, tuple[str, ...]]:
        return (self.item_id, self.size_id, tuple(sorted(self.modifier_ids)))

    def text(self) -> str:
        size = f" {self.size_id}" if self.size_id else ""
        mods = "".join(f" +{m}" for m in sorted(self.modifier_ids))
        return f"{self.item_id} x{self.quantity}{size}{mods}"


def order_counts(lines: list[ExpectedLine]) -> Counter[tuple[str, str | None, tuple[str, ...]]]:
    """Lines that differ only in quantity count as one: two `coke x1 large` = `coke x2 large`."""
    counts: Counter[tuple[str, str | None, tuple[str, ...]]] = Counter()
    for line in lines:
        counts[line.key()] += line.quantity
    return counts


@dataclass(frozen=True)
class Conversation:
    name: str
    turns: tuple[str, ...]
    expect: tuple[ExpectedLine, ...]
    tags: tuple[str, ...] = ()
    customer_name: str | None = None

    @property
    def expects_order(self) -> bool:
        return bool(self.expect)


@dataclass(frozen=True)
class ConversationFile:
    path: Path
    menu_path: Path
    menu: Menu
    conversations: tuple[Conversation, ...]


def parse_line(menu: Menu, text: str, where: str) -> ExpectedLine:
    match = LINE.match(text.strip())
    if not match:
        raise CorpusError(f"{where}: {text!r} is not 'item_id xQTY [size_id] [+modifier_id ...]'")
    item = menu.item(match["item"])
    if item is None:
        raise CorpusError(f"{where}: the menu has no item {match['item']!r}")
    size_id = match["size"]
    if size_id is not None and item.size(size_id) is None:
        raise CorpusError(f"{where}: item {item.id!r} has no size {size_id!r}")
    if size_id is None and item.sizes:
        raise CorpusError(f"{where}: item {item.id!r} needs a size")
    modifiers = tuple(m.strip("+ ") for m in match["mods"].split() if m)
    for modifier_id in modifiers:
        if item.modifier(modifier_id) is None:
            raise CorpusError(f"{where}: item {item.id!r} has no modifier {modifier_id!r}")
    quantity = int(match["qty"])
    if quantity < 1:
        raise CorpusError(f"{where}: quantity must be at least 1")
    return ExpectedLine(item.id, quantity, size_id, modifiers)


def _conversation(menu: Menu, raw: Any, where: str) -> Conversation:
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: a conversation must be a mapping")
    unknown = set(raw) - {"name", "turns", "expect", "tags", "customer_name"}
    if unknown:
        raise CorpusError(f"{where}: unknown fields {sorted(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CorpusError(f"{where}: needs a name")
    where = f"{where} ({name})"
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
        raise CorpusError(f"{where}: turns must be a non-empty list of strings")
    expect = raw.get("expect")
    if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
        raise CorpusError(f"{where}: expect must be a list of lines ([] for no order)")
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise CorpusError(f"{where}: tags must be a list of words")
    customer_name = raw.get("customer_name")
    if customer_name is not None and not isinstance(customer_name, str):
        raise CorpusError(f"{where}: customer_name must be text")
    return Conversation(
        name=name,
        turns=tuple(turns),
        expect=tuple(parse_line(menu, e, where) for e in expect),
        tags=tuple(tags),
        customer_name=customer_name,
    )


def resolve_menu_path(spec: str, conversation_file: Path) -> Path:
    if spec in NAMED_MENUS:
        return NAMED_MENUS[spec]
    path = Path(spec)
    return path if path.is_absolute() else (conversation_file.parent / path).resolve()


def load_conversation_file(path: Path, menu_override: Path | None = None) -> ConversationFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("conversations"), list):
        raise CorpusError(f"{path}: needs 'menu' and a list of 'conversations'")
    menu_spec = data.get("menu")
    if menu_override is None and not isinstance(menu_spec, str):
        raise CorpusError(f"{path}: needs 'menu' (bundled, second or a path)")
    menu_path = menu_override or resolve_menu_path(str(menu_spec), path)
    try:
        menu = load_menu(menu_path)
    except MenuError as exc:
        raise CorpusError(str(exc)) from exc
    conversations = tuple(
        _conversation(menu, raw, f"{path}: conversation #{index + 1}")
        for index, raw in enumerate(data["conversations"])
    )
    names = [c.name for c in conversations]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CorpusError(f"{path}: conversation names used twice: {', '.join(duplicates)}")
    return ConversationFile(path, menu_path, menu, conversations)


def main(argv: list[str]) -> int:
    """`python -m agent.evaluation.corpus FILE...`: checks files, prints a count per file."""
    status = 0
    for name in argv:
        try:
            loaded = load_conversation_file(Path(name))
        except CorpusError as exc:
            print(f"error: {exc}")
            status = 1
            continue
        print(f"ok: {name}: {len(loaded.conversations)} conversations on {loaded.menu_path.name}")
    return status


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
