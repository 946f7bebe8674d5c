"""Per-request dataloaders, built on first use, scoped to the viewer: one query per relation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

from piccolo.table import Table
from strawberry.dataloader import DataLoader

from hub.access import Viewer
from hub.content import lookups
from hub.content.lookups import Relation, Row
from hub.content.pages import PageResult

PageBatch = Callable[[list[int]], Awaitable[Sequence[PageResult]]]


class Loaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self._by_id: dict[type[Table], DataLoader[int, Row | None]] = {}
        self._related: dict[Relation, DataLoader[int, list[Row]]] = {}
        self._pages: dict[Hashable, DataLoader[int, PageResult]] = {}

    def by_id(self, table: type[Table]) -> DataLoader[int, Row | None]:
        """Visible rows of `table` by primary key."""
        if table not in self._by_id:

            async def load(ids: list[int]) -> list[Row | None]:
                return await lookups.rows_by_ids(table, self.viewer, ids)

            self._by_id[table] = DataLoader(load_fn=load)
        return self._by_id[table]

    def related(self, relation: Relation) -> DataLoader[int, list[Row]]:
        """Visible rows linked through a join table, per owner id."""
        if relation not in self._related:

            async def load(ids: list[int]) -> list[list[Row]]:
                return await lookups.related_rows(relation, self.viewer, ids)

            self._related[relation] = DataLoader(load_fn=load)
        return self._related[relation]

    def pages(self, key: Hashable, batch: PageBatch) -> DataLoader[int, PageResult]:
        """Pages of children per parent id; `key` names the field and its arguments."""
        if key not in self._pages:

            async def load(ids: list[int]) -> Sequence[PageResult]:
                return await batch(ids)

            self._pages[key] = DataLoader(load_fn=load)
        return self._pages[key]


def page_key(name: str, *args: Any) -> str:
    """A hashable key for a connection field and its arguments (filters hold lists)."""
    return f"{name}:{args!r}"
