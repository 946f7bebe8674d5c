"""The Entry interface: id, slug, status, timestamps and locales of every content entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Self

import strawberry
from piccolo.table import Table
from strawberry import relay

from hub.content.entries import Row
from hub.content.richtext import plain_text
from hub.i18n import available, pick
from hub.schema.context import Info
from hub.schema.enums import Locale, Status


@strawberry.type(description="Formatted text: sanitised HTML and its plain-text form.")
class RichText:
    html: str = strawberry.field(description="Sanitised HTML, safe to insert into a page.")

    @strawberry.field(description="The text without markup, e.g. for previews and screen readers.")
    def text(self) -> str:
        return plain_text(self.html)


@strawberry.interface(
    description="What every content entry has: slug, workflow state, dates, locales."
)
class Entry(relay.Node):
    row: strawberry.Private[Row]
    chain: strawberry.Private[tuple[Locale, ...]]
    TABLE: ClassVar[type[Table]]
    TITLE: ClassVar[str] = "title"

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
    def from_row(cls, row: Row | None, chain: tuple[Locale, ...]) -> Self | None:
        return cls(row=row, chain=chain) if row else None

    @classmethod
    def from_rows(cls, rows: Iterable[Row], chain: tuple[Locale, ...]) -> list[Self]:
        return [cls(row=row, chain=chain) for row in rows]

    def text(self, name: str) -> str:
        return pick(self.row, name, self.chain)[0]

    def rich(self, name: str) -> RichText:
        return RichText(html=self.text(name))

    def ref(self, name: str) -> Any:
        return self.row.get(name)

    @strawberry.field(description="URL-safe name, unique per type and stable once published.")
    def slug(self) -> str:
        return str(self.row["slug"])

    @strawberry.field(description="Workflow state; the public only ever sees PUBLISHED.")
    def status(self) -> Status:
        return Status(self.row["status"])

    @strawberry.field(description="When the entry was first published.")
    def published_at(self) -> datetime | None:
        return self.row["published_at"]  # type: ignore[no-any-return]

    @strawberry.field(description="When the entry was created.")
    def created_at(self) -> datetime:
        return self.row["created_at"]  # type: ignore[no-any-return]

    @strawberry.field(description="When the entry last changed.")
    def updated_at(self) -> datetime:
        return self.row["updated_at"]  # type: ignore[no-any-return]

    @strawberry.field(description="The locale the entry was served in, after fallback.")
    def locale(self) -> Locale:
        return pick(self.row, self.TITLE, self.chain)[1] or self.chain[0]

    @strawberry.field(description="Locales this entry is translated into.")
    def available_locales(self) -> list[Locale]:
        return available(self.row, self.TITLE)
