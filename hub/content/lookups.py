"""Reads every content type shares: paged lists, lookups by id and slug, related rows.

Each applies the viewer's visibility (`hub.access`) and runs one statement per call or batch, so
dataloaders and lists never read per row.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from piccolo.columns import Column
from piccolo.columns.combination import Combinable
from piccolo.query.methods.count import Count
from piccolo.query.methods.select import Select
from piccolo.table import Table

from hub.access import Viewer, rule_key, visible, visible_via
from hub.content.pages import Page, PageResult
from hub.content.statements import PAGES, STATEMENTS

Row = dict[str, Any]
Order = Sequence[tuple[Column, bool]]


def _conditions(table: type[Table], viewer: Viewer, where: Sequence[Combinable]) -> list[Any]:
    rule = visible(table, viewer)
    return [*where] if rule is None else [rule, *where]


async def fetch_page(
    table: type[Table], viewer: Viewer, where: Sequence[Combinable], order: Order, page: Page
) -> PageResult:
    """One page of visible rows and the total count: two statements, run side by side."""
    conditions = _conditions(table, viewer, where)
    order = [*order, (table._meta.primary_key, False)]
    # The SQL of the conditions, values included, names the statements: whoever asks, whatever
    # filter produced them, equal keys are equal SQL.
    shape = (
        table,
        tuple(str(condition) for condition in conditions),
        tuple((_sql_name(col), ascending) for col, ascending in order),
    )

    def select() -> Select:
        query = table.select().limit(page.first).offset(page.offset)
        if conditions:
            query = query.where(*conditions)
        for col, ascending in order:
            query = query.order_by(col, ascending=ascending)
        return query

    def count() -> Count:
        return table.count().where(*conditions) if conditions else table.count()

    total = PAGES.get(("count", shape), count)
    if page.first == 0:
        return PageResult(rows=[], total=await total.run(), offset=page.offset)
    rows, total = await asyncio.gather(PAGES.get(("page", shape, page), select).run(), total.run())
    return PageResult(rows=rows, total=total, offset=page.offset)


def _sql_name(expression: Any) -> str:
    if isinstance(expression, Column):
        return expression._meta.get_full_name(with_alias=False)
    return str(expression)


async def rows_by_ids(table: type[Table], viewer: Viewer, ids: Sequence[int]) -> list[Row | None]:
    """Rows in the order of `ids`, None where missing or not visible (a dataloader batch)."""
    if not ids:
        return []
    rule = visible(table, viewer)

    def build(keys: list[int]) -> Select:
        query = table.select().where(table._meta.primary_key.is_in(keys))
        return query if rule is None else query.where(rule)

    rows = await STATEMENTS.run(table, ("by_id", table, rule_key(viewer)), build, list(set(ids)))
    found = {row["id"]: row for row in rows}
    return [found.get(i) for i in ids]


async def row_by_slug(table: type[Table], viewer: Viewer, slug: str) -> Row | None:
    conditions = _conditions(table, viewer, [table._meta.get_column_by_name("slug") == slug])
    return await table.select().where(*conditions).first()


@dataclass(frozen=True)
class Relation:
    """A many-to-many link through a join table, e.g. StoryTag(story, tag)."""

    join: type[Table]
    owner: str
    target: str
    table: type[Table]
    key: Literal["id", "slug"] = "id"
    ordered: bool = False


@functools.cache
def _relation_columns(relation: Relation) -> tuple[Column, list[Column]]:
    """The owner column and the target's columns through the join table: built once, as
    piccolo's join columns cost about 0.15 ms per request to look up."""
    join = relation.join
    return join._meta.get_column_by_name(relation.owner), [
        join._meta.get_column_by_name(f"{relation.target}.{col._meta.name}")
        for col in relation.table._meta.columns
    ]


async def related_rows(
    relation: Relation, viewer: Viewer, owner_ids: Sequence[int]
) -> list[list[Row]]:
    """For each owner id, its visible related rows (one statement for the whole batch)."""
    join = relation.join
    owner, target_columns = _relation_columns(relation)
    rule = visible_via(join, relation.target, relation.table, viewer)

    def build(keys: list[int]) -> Select:
        query = join.select(owner, *target_columns).where(owner.is_in(keys))
        if rule is not None:
            query = query.where(rule)
        if relation.ordered:
            query = query.order_by(join._meta.get_column_by_name("position"))
        return query.order_by(join._meta.primary_key).output(nested=False)

    name = ("related", relation, rule_key(viewer))
    rows = await STATEMENTS.run(join, name, build, list(set(owner_ids)))
    grouped: dict[int, list[Row]] = {i: [] for i in owner_ids}
    prefix = f"{relation.target}."
    for row in rows:
        target = {k.removeprefix(prefix): v for k, v in row.items() if k.startswith(prefix)}
        grouped[row[relation.owner]].append(target)
    return [grouped[i] for i in owner_ids]


async def children_pages(
    table: type[Table],
    viewer: Viewer,
    parent: str,
    parent_ids: Sequence[int],
    where: Sequence[Combinable],
    order: Order,
    page: Page,
) -> list[PageResult]:
    """A page of children per parent (an artist's artworks): one statement for the batch."""
    parent_col = table._meta.get_column_by_name(parent)
    conditions = [*_conditions(table, viewer, where), parent_col.is_in(list(set(parent_ids)))]
    query = table.select().where(*conditions)
    for col, ascending in [*order, (table._meta.primary_key, False)]:
        query = query.order_by(col, ascending=ascending)
    grouped: dict[int, list[Row]] = {i: [] for i in parent_ids}
    for row in await query:
        grouped[row[parent]].append(row)
    end = page.offset + page.first
    return [
        PageResult(rows=grouped[i][page.offset : end], total=len(grouped[i]), offset=page.offset)
        for i in parent_ids
    ]
