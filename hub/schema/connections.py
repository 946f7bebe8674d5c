"""Relay cursor connections: edges, nodes, pageInfo and totalCount for every list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry import relay

from hub.access import Viewer
from hub.content.pages import Page, PageResult, encode_cursor
from hub.errors import HubError
from hub.schema.context import Info
from hub.schema.errors import query_error
from hub.schema.loaders import page_key

T = TypeVar("T")


@strawberry.type(description="One entry of a page and the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` to continue after this entry.")
    node: T = strawberry.field(description="The entry.")


@strawberry.type(description="A page of entries: `first` (default 20, at most 100) after a cursor.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="Entries with their cursors.")
    nodes: list[T] = strawberry.field(description="Entries without cursors.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page is in the list.")
    total_count: int = strawberry.field(description="Entries in the whole list, for this viewer.")

    @classmethod
    def build(cls, result: PageResult, nodes: list[T]) -> Connection[T]:
        edges = [Edge(cursor=result.cursor(i), node=node) for i, node in enumerate(nodes)]
        return cls(
            edges=edges,
            nodes=nodes,
            page_info=page_info(result.offset, len(result.rows), result.total),
            total_count=result.total,
        )


def page_info(offset: int, returned: int, total: int) -> relay.PageInfo:
    """Where a page of `returned` entries starting at `offset` stands in a list of `total`."""
    return relay.PageInfo(
        has_next_page=offset + returned < total,
        has_previous_page=offset > 0,
        start_cursor=encode_cursor(offset) if returned else None,
        end_cursor=encode_cursor(offset + returned - 1) if returned else None,
    )


def page_from(first: int | None, after: str | None) -> Page:
    try:
        return Page.parse(first, after)
    except HubError as error:
        raise query_error(error) from None


FilterT = TypeVar("FilterT")
OrderT = TypeVar("OrderT")
ChildPages = Callable[[Viewer, list[int], FilterT, OrderT, Page], Awaitable[Sequence[PageResult]]]


async def child_page(
    info: Info,
    name: str,
    parent_id: int,
    fetch: ChildPages[FilterT, OrderT],
    flt: FilterT,
    order: OrderT,
    first: int | None,
    after: str | None,
) -> PageResult:
    """One parent's page of children (an artist's artworks), batched with its siblings' pages:
    every parent in the response asking with the same arguments shares one statement."""
    page = page_from(first, after)
    viewer = info.context.viewer

    async def batch(ids: list[int]) -> Sequence[PageResult]:
        return await fetch(viewer, ids, flt, order, page)

    loader = info.context.loaders.pages(page_key(name, flt, order, page), batch)
    return await loader.load(parent_id)
