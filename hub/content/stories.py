"""Story rules: filters, order, content warnings, reading time, anonymous authors."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from piccolo.columns import Column

from hub import tables
from hub.access import Viewer
from hub.content import lookups, richtext
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Relation, Row
from hub.content.pages import Page, PageResult
from hub.enums import ContentWarning, Locale, Status, StoryFormat
from hub.errors import Problem
from hub.i18n import LOCALES, column

Story = tables.Story


def warning_column(warning: ContentWarning) -> Column:
    return Story._meta.get_column_by_name(f"warns_{warning.value}")


def content_warnings(row: Row) -> list[ContentWarning]:
    return [w for w in ContentWarning if row.get(f"warns_{w.value}")]


class StoryOrder(enum.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    RECENTLY_UPDATED = "recently_updated"
    LONGEST_READ = "longest_read"


ORDERS: dict[StoryOrder, lookups.Order] = {
    StoryOrder.NEWEST: [(Story.published_at, False), (Story.created_at, False)],
    StoryOrder.OLDEST: [(Story.published_at, True), (Story.created_at, True)],
    StoryOrder.RECENTLY_UPDATED: [(Story.updated_at, False)],
    StoryOrder.LONGEST_READ: [(Story.reading_time_minutes, False)],
}


@dataclass(frozen=True)
class StoryFilter:
    tags: list[str] | None = None
    author_slug: str | None = None
    campaign_slug: str | None = None
    format: StoryFormat | None = None
    exclude_content_warnings: list[ContentWarning] = field(default_factory=list)
    status: Status | None = None


def _where(viewer: Viewer, flt: StoryFilter) -> list[Any]:
    where: list[Any] = []
    published = Status.PUBLISHED.value
    if flt.tags:
        tagged = tables.StoryTag.select(tables.StoryTag.story).where(
            tables.StoryTag.tag.slug.is_in(flt.tags)
        )
        if not viewer.is_editor:
            tagged = tagged.where(tables.StoryTag.tag.status == published)
        where.append(Story.id.is_in(tagged))
    if flt.author_slug is not None:
        # An anonymous story is never findable through its author, whoever asks.
        where += [Story.author.slug == flt.author_slug, Story.is_anonymous == False]  # noqa: E712
        if not viewer.is_editor:
            where.append(Story.author.status == published)
    if flt.campaign_slug is not None:
        where.append(Story.campaign.slug == flt.campaign_slug)
        if not viewer.is_editor:
            where.append(Story.campaign.status == published)
    if flt.format is not None:
        where.append(Story.format == flt.format.value)
    for warning in flt.exclude_content_warnings:
        where.append(warning_column(warning) == False)  # noqa: E712
    if flt.status is not None:
        where.append(Story.status == flt.status.value)
    return where


async def list_stories(
    viewer: Viewer, flt: StoryFilter, order: StoryOrder, page: Page
) -> PageResult:
    return await lookups.fetch_page(Story, viewer, _where(viewer, flt), ORDERS[order], page)


async def stories_by_author(
    viewer: Viewer, artist_ids: list[int], flt: StoryFilter, order: StoryOrder, page: Page
) -> list[PageResult]:
    # Anonymous stories stay out of every author's portfolio, whoever asks.
    where = [*_where(viewer, flt), Story.is_anonymous == False]  # noqa: E712
    return await lookups.children_pages(
        Story, viewer, "author", artist_ids, where, ORDERS[order], page
    )


async def stories_by_campaign(
    viewer: Viewer, campaign_ids: list[int], flt: StoryFilter, order: StoryOrder, page: Page
) -> list[PageResult]:
    where = _where(viewer, flt)
    return await lookups.children_pages(
        Story, viewer, "campaign", campaign_ids, where, ORDERS[order], page
    )


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    warnings = data.pop("content_warnings", None)
    if warnings is not None:
        for warning in ContentWarning:
            values[f"warns_{warning.value}"] = warning in warnings
    if "pseudonym" in data:
        data["pseudonym"] = (data["pseudonym"] or "").strip()
    merged = {**(existing or {}), **values}
    bodies = [merged.get(column("body", locale)) or "" for locale in LOCALES]
    values["reading_time_minutes"] = richtext.reading_minutes(max(bodies, key=len))
    return []


SPEC = EntrySpec(
    table=Story,
    label="story",
    title="title",
    translated=("title", "excerpt", "body"),
    rich=("body",),
    references={
        "author_id": Reference("author", tables.Artist, "artist"),
        "campaign_id": Reference("campaign", tables.Campaign, "campaign"),
        "cover_image_id": Reference("cover_image", tables.Image, "image"),
    },
    relations={
        "tag_slugs": Relation(tables.StoryTag, "story", "tag", tables.Tag, key="slug"),
        "gallery_ids": Relation(tables.StoryImage, "story", "image", tables.Image, ordered=True),
    },
    prepare=_prepare,
)

TAGS = SPEC.relations["tag_slugs"]
GALLERY = SPEC.relations["gallery_ids"]

ANONYMOUS_NAME = {Locale.TG: "Беном", Locale.RU: "Аноним", Locale.EN: "Anonymous"}


def author_name(
    story: Row, author: Row | None, locale_chain: list[Locale], show_author: bool
) -> str:
    """The name shown for a story: the artist's, or a pseudonym that never leads to her."""
    if story["is_anonymous"] or not show_author or author is None:
        return story["pseudonym"] or ANONYMOUS_NAME[locale_chain[0]]
    for locale in locale_chain:
        name = author.get(column("name", locale))
        if name:
            return str(name)
    return story["pseudonym"] or ""
