"""Deterministic demo content (`hub seed`), written through hub.content like an editor's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hub import tables
from hub.access import SYSTEM
from hub.content import (
    artists,
    artworks,
    campaigns,
    courses,
    entries,
    events,
    images,
    mentors,
    partners,
    stories,
    tags,
)
from hub.content.entries import EntrySpec
from hub.enums import Status
from hub.i18n import LOCALES
from hub.media.storage import Storage, make_storage
from hub.seed import art, plan
from hub.seed.plan import Art, Draft, Ref
from hub.settings import Settings

SPECS: dict[str, EntrySpec] = {
    "tag": tags.SPEC,
    "partner": partners.SPEC,
    "artist": artists.SPEC,
    "campaign": campaigns.SPEC,
    "story": stories.SPEC,
    "artwork": artworks.SPEC,
    "mentor": mentors.SPEC,
    "course": courses.SPEC,
    "event": events.SPEC,
}


@dataclass(frozen=True)
class Summary:
    """What the demo holds, read from its plan (for tests and tools, no database needed)."""

    slugs: dict[str, list[str]]
    published: dict[str, list[str]]
    anonymous_stories: list[str]
    pictures: int


def summary(drafts: list[Draft] | None = None) -> Summary:
    drafts = plan.build() if drafts is None else drafts
    slugs: dict[str, list[str]] = {kind: [] for kind in plan.KINDS}
    published: dict[str, list[str]] = {kind: [] for kind in plan.KINDS}
    for draft in drafts:
        slugs[draft.kind].append(draft.slug)
        if draft.status is Status.PUBLISHED:
            published[draft.kind].append(draft.slug)
    anonymous = [d.slug for d in drafts if d.kind == "story" and d.values["is_anonymous"]]
    return Summary(slugs, published, anonymous, len(pictures(drafts)))


def pictures(drafts: list[Draft]) -> list[Art]:
    """Every picture of the plan, once, in the order they are drawn."""
    found: dict[str, Art] = {}

    def visit(value: Any) -> None:
        if isinstance(value, Art):
            found.setdefault(value.key, value)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)

    for draft in drafts:
        for value in draft.values.values():
            visit(value)
    return list(found.values())


async def seed(settings: Settings, console: Console) -> bool:
    """Write the demo in one transaction; False, writing nothing, when it is already there.

    Entries whose slug is taken (an editor made a tag "family" first) are kept as they are and
    linked to, so the demo never fails half-way on a clash.
    """
    drafts = plan.build()
    # The plan's last entry exists only if a whole earlier run was committed.
    if await _exists(drafts[-1]) is not None:
        return False
    writer = _Writer(make_storage(settings))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    # One transaction: the demo is all there or not at all, and SQLite reuses one connection
    # instead of opening one per statement (ten times faster). Files of a rolled-back run stay,
    # harmless: storage keys are content hashes, so the next run finds and reuses them.
    transaction = tables.Artist._meta.db.transaction()
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Demo content", total=len(drafts))
        async with transaction:
            for draft in drafts:
                progress.update(task, description=f"Demo content: {draft.kind} {draft.slug}")
                await writer.write(draft)
                progress.advance(task)
    return True


async def _exists(draft: Draft) -> int | None:
    table = SPECS[draft.kind].table
    row = (
        await table.select(table._meta.primary_key)
        .where(table._meta.get_column_by_name("slug") == draft.slug)
        .first()
    )
    return None if row is None else int(row["id"])


class _Writer:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.ids: dict[tuple[str, str], int] = {}
        self.images: dict[str, int] = {}

    async def write(self, draft: Draft) -> None:
        spec = SPECS[draft.kind]
        entry_id = await _exists(draft)
        if entry_id is None:
            values = {name: await self.resolve(value) for name, value in draft.values.items()}
            first, *others = LOCALES
            data = {**draft.text[first], **values, "slug": draft.slug, "status": draft.status}
            entry_id = (await entries.create(spec, SYSTEM, data, first))["id"]
            for locale in others:
                await entries.update(spec, SYSTEM, entry_id, draft.text[locale], locale)
        self.ids[(draft.kind, draft.slug)] = entry_id

    async def resolve(self, value: Any) -> Any:
        if isinstance(value, Ref):
            return self.ids[(value.kind, value.slug)]
        if isinstance(value, Art):
            return await self.picture(value)
        if isinstance(value, list):
            return [await self.resolve(item) for item in value]
        return value

    async def picture(self, picture: Art) -> int:
        if picture.key not in self.images:
            data = art.draw(picture)
            alt = dict(zip(LOCALES, picture.alt, strict=True))
            stored = await images.store(SYSTEM, self.storage, data, alt=alt, credit=picture.credit)
            self.images[picture.key] = stored["id"]
        return self.images[picture.key]
