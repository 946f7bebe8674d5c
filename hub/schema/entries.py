"""The Entry interface: id, slug, status, timestamps and locales of every content entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar, Self

import strawberry
from piccolo.table import Table
from strawberry import relay

from hub.content.lookups import Row
from hub.content.richtext import plain_text
from hub.i18n import available, pick
from hub.schema.context import Chain, Context, Info
from hub.schema.enums import Locale, Status
from hub.schema.fields import computed, stored


@strawberry.type(description="Formatted text: sanitised HTML and its plain-text form.")
class RichText:
    html: str = strawberry.field(description="Sanitised HTML, safe to insert into a page.")

    text: str = computed(
        lambda self: plain_text(self.html),
        description="The text without markup, e.g. for previews and screen readers.",
    )


@strawberry.interface(
    description="What every content entry has: slug, workflow state, dates, locales."
)
class Entry(relay.Node):
    row: strawberry.Private[Row]
    chain: strawberry.Private[Chain]
    TABLE: ClassVar[type[Table]]
    TITLE: ClassVar[str] = "title"

    @property
    def context(self) -> Context:
        """The request this entry is read for (its viewer and loaders)."""
        return self.chain.context

    @classmethod
    def resolve_id(cls, root: Self, *, info: Info) -> str:  # type: ignore[override]
        return str(root.row["id"])

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        ids = [int(i) if i.isdigit() else -1 for i in node_ids]
        rows = await info.context.loaders.by_id(cls.TABLE).load_many(ids)
        chain = info.context.chain(None)
        return [cls(row=row, chain=chain) if row else None for row in rows]

    @classmethod
    def from_row(cls, row: Row | None, chain: Chain) -> Self | None:
        return cls(row=row, chain=chain) if row else None

    @classmethod
    def from_rows(cls, rows: Iterable[Row], chain: Chain) -> list[Self]:
        return [cls(row=row, chain=chain) for row in rows]

    def text(self, name: str) -> str:
        return pick(self.row, name, self.chain)[0]

    def rich(self, name: str) -> RichText:
        return RichText(html=self.text(name))

    slug: str = stored(
        "slug", description="URL-safe name, unique per type and stable once published."
    )

    status: Status = computed(
        lambda self: Status(self.row["status"]),
        description="Workflow state; the public only ever sees PUBLISHED.",
    )

    published_at: datetime | None = stored(
        "published_at", description="When the entry was first published."
    )

    created_at: datetime = stored("created_at", description="When the entry was created.")

    updated_at: datetime = stored("updated_at", description="When the entry last changed.")

    locale: Locale = computed(
        lambda self: pick(self.row, self.TITLE, self.chain)[1] or self.chain[0],
        description="The locale the entry was served in, after fallback.",
    )

    available_locales: list[Locale] = computed(
        lambda self: available(self.row, self.TITLE),
        description="Locales this entry is translated into.",
    )

    @strawberry.field(
        description=(
            "When the worker will publish this entry (see `schedulePublish`); null when nothing "
            "is scheduled, and always null for callers who are not editors."
        )
    )
    def scheduled_publish_at(self, info: Info) -> datetime | None:
        if not info.context.viewer.is_editor:
            return None
        return self.row.get("scheduled_at")
