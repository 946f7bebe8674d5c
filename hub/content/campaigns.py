"""Campaign rules: themes, dates and partners."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from hub import tables
from hub.access import Viewer
from hub.content import lookups
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Relation, Row
from hub.content.pages import Page, PageResult
from hub.enums import CampaignTheme, Status
from hub.errors import ErrorCode, Problem

Campaign = tables.Campaign


class CampaignOrder(enum.Enum):
    NEWEST = "newest"
    STARTS_AT = "starts_at"
    SLUG = "slug"


ORDERS: dict[CampaignOrder, lookups.Order] = {
    CampaignOrder.NEWEST: [(Campaign.published_at, False), (Campaign.created_at, False)],
    CampaignOrder.STARTS_AT: [(Campaign.starts_at, False)],
    CampaignOrder.SLUG: [(Campaign.slug, True)],
}


@dataclass(frozen=True)
class CampaignFilter:
    theme: CampaignTheme | None = None
    status: Status | None = None


async def list_campaigns(
    viewer: Viewer, flt: CampaignFilter, order: CampaignOrder, page: Page
) -> PageResult:
    where: list[Any] = []
    if flt.theme is not None:
        where.append(Campaign.theme == flt.theme.value)
    if flt.status is not None:
        where.append(Campaign.status == flt.status.value)
    return await lookups.fetch_page(Campaign, viewer, where, ORDERS[order], page)


def check_dates(data: dict[str, Any], existing: Row | None) -> list[Problem]:
    """Shared by dated types: an end never before the start."""
    starts = data.get("starts_at", (existing or {}).get("starts_at"))
    ends = data.get("ends_at", (existing or {}).get("ends_at"))
    if starts and ends and ends < starts:
        return [Problem(ErrorCode.INVALID, "The end cannot be before the start.", "ends_at")]
    return []


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    return check_dates(data, existing)


SPEC = EntrySpec(
    table=Campaign,
    label="campaign",
    title="title",
    translated=("title", "summary", "body"),
    rich=("body",),
    references={"cover_image_id": Reference("cover_image", tables.Image, "image")},
    relations={
        "partner_ids": Relation(tables.CampaignPartner, "campaign", "partner", tables.Partner)
    },
    prepare=_prepare,
)
PARTNERS = SPEC.relations["partner_ids"]
