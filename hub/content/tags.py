"""Tag rules: a slug and a translated name."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from hub import tables
from hub.access import Viewer
from hub.content import lookups
from hub.content.entries import EntrySpec
from hub.content.pages import Page, PageResult
from hub.enums import Status

Tag = tables.Tag


class TagOrder(enum.Enum):
    SLUG = "slug"
    NEWEST = "newest"


ORDERS: dict[TagOrder, lookups.Order] = {
    TagOrder.SLUG: [(Tag.slug, True)],
    TagOrder.NEWEST: [(Tag.created_at, False)],
}

SPEC = EntrySpec(table=Tag, label="tag", title="name", translated=("name",), title_max=100)


@dataclass(frozen=True)
class TagFilter:
    status: Status | None = None


async def list_tags(
    viewer: Viewer, order: TagOrder, page: Page, flt: TagFilter | None = None
) -> PageResult:
    where: list[Any] = []
    if flt is not None and flt.status is not None:
        where.append(Tag.status == flt.status.value)
    return await lookups.fetch_page(Tag, viewer, where, ORDERS[order], page)
