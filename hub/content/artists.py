"""Artist rules: filters by region, discipline and ambassadorship; links; disciplines."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from hub import tables
from hub.access import Viewer
from hub.content import lookups
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Row
from hub.content.pages import Page, PageResult
from hub.enums import Discipline, Region, Status
from hub.errors import ErrorCode, Problem

Artist = tables.Artist


class ArtistOrder(enum.Enum):
    NEWEST = "newest"
    SLUG = "slug"
    RECENTLY_UPDATED = "recently_updated"


ORDERS: dict[ArtistOrder, lookups.Order] = {
    ArtistOrder.NEWEST: [(Artist.published_at, False), (Artist.created_at, False)],
    ArtistOrder.SLUG: [(Artist.slug, True)],
    ArtistOrder.RECENTLY_UPDATED: [(Artist.updated_at, False)],
}


@dataclass(frozen=True)
class ArtistFilter:
    region: Region | None = None
    discipline: Discipline | None = None
    is_ambassador: bool | None = None
    status: Status | None = None


def _where(flt: ArtistFilter) -> list[Any]:
    where: list[Any] = []
    if flt.region is not None:
        where.append(Artist.region == flt.region.value)
    if flt.discipline is not None:
        # Arrays are JSON text on SQLite and native on PostgreSQL: `any` works on both.
        where.append(Artist.disciplines.any(flt.discipline.value))
    if flt.is_ambassador is not None:
        where.append(Artist.is_ambassador == flt.is_ambassador)
    if flt.status is not None:
        where.append(Artist.status == flt.status.value)
    return where


async def list_artists(
    viewer: Viewer, flt: ArtistFilter, order: ArtistOrder, page: Page
) -> PageResult:
    return await lookups.fetch_page(Artist, viewer, _where(flt), ORDERS[order], page)


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    problems: list[Problem] = []
    links = data.pop("links", None)
    if links is not None:
        for link in links:
            url = urlparse(link["url"])
            if url.scheme not in ("http", "https") or not url.netloc:
                problems.append(Problem(ErrorCode.INVALID, "Links must be http(s) URLs.", "links"))
                break
        values["links"] = [{"label": link["label"], "url": link["url"]} for link in links]
    return problems


SPEC = EntrySpec(
    table=Artist,
    label="artist",
    title="name",
    translated=("name", "bio", "city"),
    rich=("bio",),
    references={"portrait_id": Reference("portrait", tables.Image, "image")},
    prepare=_prepare,
)
