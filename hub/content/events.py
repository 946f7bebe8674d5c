"""Event rules: kinds, regions, what is upcoming, dates, artworks shown and partners."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from hub import tables
from hub.access import Viewer
from hub.content import entries, lookups
from hub.content.campaigns import check_dates
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Relation, Row
from hub.content.pages import Page, PageResult
from hub.enums import EventKind, Region, Status
from hub.errors import ErrorCode, Problem

Event = tables.Event
PUBLISHED = Status.PUBLISHED.value


class EventOrder(enum.Enum):
    STARTS_AT = "starts_at"
    STARTS_AT_DESC = "starts_at_desc"
    NEWEST = "newest"
    RECENTLY_UPDATED = "recently_updated"


ORDERS: dict[EventOrder, lookups.Order] = {
    EventOrder.STARTS_AT: [(Event.starts_at, True)],
    EventOrder.STARTS_AT_DESC: [(Event.starts_at, False)],
    EventOrder.NEWEST: [(Event.published_at, False), (Event.created_at, False)],
    EventOrder.RECENTLY_UPDATED: [(Event.updated_at, False)],
}


@dataclass(frozen=True)
class EventFilter:
    kinds: tuple[EventKind, ...] = ()
    regions: tuple[Region, ...] = ()
    upcoming: bool | None = None
    campaign_slug: str | None = None
    status: Status | None = None


def _where(viewer: Viewer, flt: EventFilter) -> list[Any]:
    where: list[Any] = []
    if flt.kinds:
        where.append(Event.kind.is_in([k.value for k in flt.kinds]))
    if flt.regions:
        where.append(Event.region.is_in([r.value for r in flt.regions]))
    if flt.upcoming is not None:
        # Upcoming: not started yet, or started and not over (an event without an end is over
        # once it has started).
        now = entries.now()
        ahead = (Event.starts_at >= now) | (Event.ends_at >= now)
        if flt.upcoming:
            where.append(ahead)
        else:
            where += [Event.starts_at < now, (Event.ends_at.is_null()) | (Event.ends_at < now)]
    if flt.campaign_slug is not None:
        where.append(Event.campaign.slug == flt.campaign_slug)
        if not viewer.is_editor:
            where.append(Event.campaign.status == PUBLISHED)
    if flt.status is not None:
        where.append(Event.status == flt.status.value)
    return where


async def list_events(
    viewer: Viewer, flt: EventFilter, order: EventOrder, page: Page
) -> PageResult:
    return await lookups.fetch_page(Event, viewer, _where(viewer, flt), ORDERS[order], page)


async def events_by_campaign(
    viewer: Viewer, campaign_ids: list[int], flt: EventFilter, order: EventOrder, page: Page
) -> list[PageResult]:
    where = _where(viewer, flt)
    return await lookups.children_pages(
        Event, viewer, "campaign", campaign_ids, where, ORDERS[order], page
    )


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    problems: list[Problem] = []
    if (existing is None or "starts_at" in data) and data.get("starts_at") is None:
        problems.append(Problem(ErrorCode.REQUIRED, "An event needs its start.", "starts_at"))
        data.pop("starts_at", None)
    for name in ("starts_at", "ends_at"):
        moment = data.get(name)
        if moment is not None and moment.utcoffset() is None:
            # A time without a zone is ambiguous, and `upcoming` compares against UTC.
            problems.append(Problem(ErrorCode.INVALID, "Give the time with its zone.", name))
            del data[name]
    problems += check_dates(data, existing)
    if "kind" in data and data["kind"] is None:
        del data["kind"]  # every event has a kind: null leaves it as it is
    return problems


SPEC = EntrySpec(
    table=Event,
    label="event",
    title="title",
    translated=("title", "description", "venue", "city"),
    rich=("description",),
    references={
        "cover_image_id": Reference("cover_image", tables.Image, "image"),
        "campaign_id": Reference("campaign", tables.Campaign, "campaign"),
    },
    relations={
        "artwork_ids": Relation(tables.EventArtwork, "event", "artwork", tables.Artwork),
        "partner_ids": Relation(tables.EventPartner, "event", "partner", tables.Partner),
    },
    prepare=_prepare,
)

ARTWORKS = SPEC.relations["artwork_ids"]
PARTNERS = SPEC.relations["partner_ids"]
