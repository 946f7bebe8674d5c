"""Partner rules: kind, website and logo."""

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
from hub.enums import PartnerKind, Status
from hub.errors import ErrorCode, Problem

Partner = tables.Partner


class PartnerOrder(enum.Enum):
    SLUG = "slug"
    NEWEST = "newest"


ORDERS: dict[PartnerOrder, lookups.Order] = {
    PartnerOrder.SLUG: [(Partner.slug, True)],
    PartnerOrder.NEWEST: [(Partner.created_at, False)],
}


@dataclass(frozen=True)
class PartnerFilter:
    kind: PartnerKind | None = None
    status: Status | None = None


async def list_partners(
    viewer: Viewer, flt: PartnerFilter, order: PartnerOrder, page: Page
) -> PageResult:
    where: list[Any] = []
    if flt.kind is not None:
        where.append(Partner.kind == flt.kind.value)
    if flt.status is not None:
        where.append(Partner.status == flt.status.value)
    return await lookups.fetch_page(Partner, viewer, where, ORDERS[order], page)


def check_url(data: dict[str, Any], field: str) -> list[Problem]:
    url = data.get(field)
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            return [Problem(ErrorCode.INVALID, "Use an http(s) URL.", field)]
    return []


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    return check_url(data, "url")


SPEC = EntrySpec(
    table=Partner,
    label="partner",
    title="name",
    translated=("name",),
    references={"logo_id": Reference("logo", tables.Image, "image")},
    prepare=_prepare,
)
