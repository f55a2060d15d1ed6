"""Menu versions: a manager uploads a menu (checked by the same loader as a menu file, so an
error names the item and the field), activates it, and rolls back to an earlier one. New order
sessions sell the active version; a cart already open keeps the prices it was built with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update

from agent.core.menu import Menu, MenuError, load_menu_text
from agent.store.models import MenuVersionRow
from agent.store.store import OrderStore

MAX_MENU_BYTES = 512 * 1024


@dataclass(frozen=True)
class MenuVersion:
    id: int
    source_name: str
    yaml_text: str
    created_at: dt.datetime
    created_by: str
    active: bool
    activated_at: dt.datetime | None

    def menu(self) -> Menu:
        return load_menu_text(self.yaml_text, f"menu version {self.id}")


def _version(row: MenuVersionRow) -> MenuVersion:
    return MenuVersion(
        id=row.id,
        source_name=row.source_name,
        yaml_text=row.yaml_text,
        created_at=row.created_at,
        created_by=row.created_by,
        active=row.active,
        activated_at=row.activated_at,
    )


class MenuVersionStore:
    def __init__(self, store: OrderStore) -> None:
        self._store = store

    async def add(self, yaml_text: str, source_name: str, *, actor: str) -> MenuVersion:
        """Stores a menu after checking it (MenuError, with what is wrong where); not active yet."""
        if len(yaml_text.encode()) > MAX_MENU_BYTES:
            raise MenuError(f"{source_name}: a menu file is at most {MAX_MENU_BYTES // 1024} KiB")
        load_menu_text(yaml_text, source_name)
        row = MenuVersionRow(
            source_name=source_name[:200],
            yaml_text=yaml_text,
            created_at=self._store.now(),
            created_by=actor[:64],
            active=False,
        )
        async with self._store.sessions.begin() as session:
            session.add(row)
            await session.flush()
            return _version(row)

    async def activate(self, version_id: int) -> MenuVersion:
        """Makes `version_id` what new sessions sell (a roll back activates an older one)."""
        async with self._store.sessions.begin() as session:
            row = await session.get(MenuVersionRow, version_id)
            if row is None:
                raise LookupError(f"there is no menu version {version_id}")
            await session.execute(
                update(MenuVersionRow).where(MenuVersionRow.active.is_(True)).values(active=False)
            )
            row.active = True
            row.activated_at = self._store.now()
            return _version(row)

    async def deactivate(self) -> None:
        """Back to the menu file the services were started with."""
        async with self._store.sessions.begin() as session:
            await session.execute(
                update(MenuVersionRow).where(MenuVersionRow.active.is_(True)).values(active=False)
            )

    async def active(self) -> MenuVersion | None:
        async with self._store.sessions() as session:
            row = await session.scalar(
                select(MenuVersionRow).where(MenuVersionRow.active.is_(True))
            )
            return _version(row) if row else None

    async def versions(self) -> list[MenuVersion]:
        async with self._store.sessions() as session:
            rows = await session.scalars(select(MenuVersionRow).order_by(MenuVersionRow.id.desc()))
            return [_version(row) for row in rows]
