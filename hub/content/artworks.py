"""Artwork rules: hidden with their artist; filters by artist, availability, tags, price."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from piccolo.columns import Column
from piccolo.querystring import QueryString

from hub import tables
from hub.access import Viewer
from hub.content import lookups, money
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Relation, Row
from hub.content.pages import Page, PageResult
from hub.enums import Availability, Currency, Status
from hub.errors import ErrorCode, Problem

Artwork = tables.Artwork
PUBLISHED = Status.PUBLISHED.value
# Numeric(12, 2): ten digits before the point.

# Unpriced artworks (not for sale) go after priced ones in either price order, on both engines
# (PostgreSQL and SQLite disagree on where NULLs sort). A raw expression where lookups.Order
# expects a column: piccolo's order_by takes both.
_UNPRICED_LAST = cast(Column, QueryString(f'"{Artwork._meta.tablename}"."price_amount" IS NULL'))


class ArtworkOrder(enum.Enum):
    NEWEST = "newest"
    RECENTLY_UPDATED = "recently_updated"
    PRICE_LOW_TO_HIGH = "price_low_to_high"
    PRICE_HIGH_TO_LOW = "price_high_to_low"
    SLUG = "slug"


ORDERS: dict[ArtworkOrder, lookups.Order] = {
    ArtworkOrder.NEWEST: [(Artwork.published_at, False), (Artwork.created_at, False)],
    ArtworkOrder.RECENTLY_UPDATED: [(Artwork.updated_at, False)],
    ArtworkOrder.PRICE_LOW_TO_HIGH: [(_UNPRICED_LAST, True), (Artwork.price_amount, True)],
    ArtworkOrder.PRICE_HIGH_TO_LOW: [(_UNPRICED_LAST, True), (Artwork.price_amount, False)],
    ArtworkOrder.SLUG: [(Artwork.slug, True)],
}


@dataclass(frozen=True)
class ArtworkFilter:
    artist_slug: str | None = None
    campaign_slug: str | None = None
    availability: tuple[Availability, ...] = ()
    tags: tuple[str, ...] = ()
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    # Amounts are never converted between currencies: a price range, or a currency alone, keeps
    # to artworks priced in this one (TJS unless given).
    currency: Currency | None = None
    status: Status | None = None


def _where(viewer: Viewer, flt: ArtworkFilter) -> list[Any]:
    where: list[Any] = []
    if flt.artist_slug is not None:
        where.append(Artwork.artist.slug == flt.artist_slug)
    if flt.campaign_slug is not None:
        where.append(Artwork.campaign.slug == flt.campaign_slug)
        if not viewer.is_editor:
            where.append(Artwork.campaign.status == PUBLISHED)
    if flt.availability:
        where.append(Artwork.availability.is_in([a.value for a in flt.availability]))
    if flt.tags:
        tagged = tables.ArtworkTag.select(tables.ArtworkTag.artwork).where(
            tables.ArtworkTag.tag.slug.is_in(list(flt.tags))
        )
        if not viewer.is_editor:
            tagged = tagged.where(tables.ArtworkTag.tag.status == PUBLISHED)
        where.append(Artwork._meta.primary_key.is_in(tagged))
    ranged = flt.min_price is not None or flt.max_price is not None
    if ranged or flt.currency is not None:
        currency = flt.currency or Currency.TJS
        where += [Artwork.price_currency == currency.value, Artwork.price_amount.is_not_null()]
    if flt.min_price is not None:
        where.append(Artwork.price_amount >= flt.min_price)
    if flt.max_price is not None:
        where.append(Artwork.price_amount <= flt.max_price)
    if flt.status is not None:
        where.append(Artwork.status == flt.status.value)
    return where


async def list_artworks(
    viewer: Viewer, flt: ArtworkFilter, order: ArtworkOrder, page: Page
) -> PageResult:
    return await lookups.fetch_page(Artwork, viewer, _where(viewer, flt), ORDERS[order], page)


async def artworks_by_artist(
    viewer: Viewer, artist_ids: list[int], flt: ArtworkFilter, order: ArtworkOrder, page: Page
) -> list[PageResult]:
    where = _where(viewer, flt)
    return await lookups.children_pages(
        Artwork, viewer, "artist", artist_ids, where, ORDERS[order], page
    )


async def artworks_by_campaign(
    viewer: Viewer, campaign_ids: list[int], flt: ArtworkFilter, order: ArtworkOrder, page: Page
) -> list[PageResult]:
    where = _where(viewer, flt)
    return await lookups.children_pages(
        Artwork, viewer, "campaign", campaign_ids, where, ORDERS[order], page
    )


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    problems: list[Problem] = []
    # References are resolved before `prepare`: `artist` is set if and only if it was given.
    if values.get("artist", existing and existing["artist"]) is None:
        problems.append(Problem(ErrorCode.REQUIRED, "An artwork needs its artist.", "artist_id"))
    if "price" in data:
        problems += money.check_price(data, values)
    if data.get("year") is not None and not 1 <= data["year"] <= datetime.now(UTC).year + 1:
        problems.append(Problem(ErrorCode.INVALID, "The year is not plausible.", "year"))
    if "dimensions" in data:
        data["dimensions"] = (data["dimensions"] or "").strip()
    if "availability" in data and data["availability"] is None:
        del data["availability"]  # the column has no "unknown": null leaves it as it is
    return problems


SPEC = EntrySpec(
    table=Artwork,
    label="artwork",
    title="title",
    translated=("title", "description", "medium"),
    rich=("description",),
    references={
        "artist_id": Reference("artist", tables.Artist, "artist"),
        "campaign_id": Reference("campaign", tables.Campaign, "campaign"),
    },
    relations={
        "image_ids": Relation(tables.ArtworkImage, "artwork", "image", tables.Image, ordered=True),
        "tag_slugs": Relation(tables.ArtworkTag, "artwork", "tag", tables.Tag, key="slug"),
    },
    prepare=_prepare,
)

IMAGES = SPEC.relations["image_ids"]
TAGS = SPEC.relations["tag_slugs"]
# The reverse of the events' `artwork_ids`: read only, events own the link.
EVENTS = Relation(tables.EventArtwork, "artwork", "event", tables.Event)
