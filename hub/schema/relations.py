"""Relations of an entry row, loaded through the request's dataloaders, prefetched for lists.

A relation field resolved by an `async def` costs graphql-core a coroutine per row, and every
object holding one becomes awaitable too: a kiosk page of 20 stories ran ~100 tasks for four
relations. Here a relation is a computed field (`hub.schema.fields`) that reaches the request
through its entry's chain (`Entry.context`) and returns the value when the loader already has it,
the loader's future otherwise (graphql-core awaits what a field returns, and the rows of one page
still share one batch). A list resolver calls `prefetch` with its rows: it
starts the loads of the relations the query selects under `nodes` or `edges { node }` and waits
for them, so the page's fields then resolve without a single coroutine. Same statements as
before, one per relation for the whole page, only without the per-row scheduling.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from piccolo.table import Table
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from hub.access import Viewer
from hub.content.lookups import Relation, Row
from hub.schema.context import Context, Info
from hub.schema.loaders import Loaders

V = TypeVar("V")
Load = Callable[[Loaders, Viewer, Row], "asyncio.Future[Any] | None"]


@dataclass(frozen=True)
class Ref:
    """How one relation of a row is loaded; `load` returns None when there is nothing to load
    (no foreign key, or an author the viewer may not see)."""

    load: Load

    def get(self, context: Context, row: Row, convert: Callable[[Any], V]) -> V:
        """`convert` of the loaded value, now if it is loaded, else when it is (an awaitable)."""
        future = self.load(context.loaders, context.viewer, row)
        if future is None:
            return convert(None)
        if future.done():
            return convert(future.result())
        return _later(future, convert)  # type: ignore[return-value]


def by_id(table: type[Table], column: str) -> Ref:
    """The row of `table` that the foreign key `column` points at, if the viewer may see it."""

    def load(loaders: Loaders, viewer: Viewer, row: Row) -> asyncio.Future[Any] | None:
        key = row[column]
        return None if key is None else loaders.by_id(table).load(key)  # type: ignore[return-value]

    return Ref(load)


def related(relation: Relation) -> Ref:
    """The visible rows linked to the row through a join table."""

    def load(loaders: Loaders, viewer: Viewer, row: Row) -> asyncio.Future[Any] | None:
        return loaders.related(relation).load(row["id"])  # type: ignore[return-value]

    return Ref(load)


async def _later(future: asyncio.Future[Any], convert: Callable[[Any], V]) -> V:
    return convert(await future)


async def prefetch(info: Info, rows: Iterable[Row], refs: Mapping[str, Ref]) -> None:
    """Load, for all `rows` at once, the relations in `refs` (by GraphQL field name) that the
    query selects on the list's entries."""
    # One load per relation, however many fields show it (author and authorName).
    wanted = list(
        {id(refs[name]): refs[name] for name in node_fields(info) if name in refs}.values()
    )
    if not wanted:
        return
    loaders, viewer = info.context.loaders, info.context.viewer
    futures = [
        future
        for row in rows
        for ref in wanted
        if (future := ref.load(loaders, viewer, row)) is not None and not future.done()
    ]
    if futures:
        await asyncio.gather(*futures)


def node_fields(info: Info) -> set[str]:
    """Names of the fields selected on a connection's entries (`nodes`, `edges { node }`),
    through fragments; directives are not evaluated, so a skipped field may be loaded."""
    names: set[str] = set()
    for field in _fields(info.selected_fields):
        for child in _fields(field.selections):
            if child.name == "nodes":
                names.update(f.name for f in _fields(child.selections))
            elif child.name == "edges":
                for edge_field in _fields(child.selections):
                    if edge_field.name == "node":
                        names.update(f.name for f in _fields(edge_field.selections))
    return names


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)
