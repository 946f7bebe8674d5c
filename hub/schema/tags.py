"""Tag: its GraphQL type, queries and mutations."""

from __future__ import annotations

from typing import ClassVar

import strawberry

from hub import tables
from hub.content import entries
from hub.content import tags as rules
from hub.schema import mutations
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry
from hub.schema.enums import Locale, Status
from hub.schema.errors import FieldError
from hub.schema.inputs import IdInput

TagOrder = strawberry.enum(rules.TagOrder, description="Orders of a tag list.")


@strawberry.type(description="A topic that groups stories and artworks.")
class Tag(Entry):
    TABLE: ClassVar = tables.Tag
    TITLE: ClassVar[str] = "name"

    @strawberry.field(description="The tag's name in the served locale.")
    def name(self) -> str:
        return self.text("name")


@strawberry.type
class TagQuery:
    @strawberry.field(description="One tag by slug.")
    async def tag(self, info: Info, slug: str, locale: Locale | None = None) -> Tag | None:
        row = await entries.row_by_slug(tables.Tag, info.context.viewer, slug)
        return Tag.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Tags, by slug by default.")
    async def tags(
        self,
        info: Info,
        order_by: TagOrder = rules.TagOrder.SLUG,
        first: int | None = None,
        after: str | None = None,
        locale: Locale | None = None,
    ) -> Connection[Tag]:
        result = await rules.list_tags(info.context.viewer, order_by, page_from(first, after))
        return Connection.build(result, Tag.from_rows(result.rows, info.context.chain(locale)))


@strawberry.input(description="A new tag; `name` is in `locale` (default TG).")
class CreateTagInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = None
    slug: str | None = strawberry.UNSET
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a tag: only the given fields change.")
class UpdateTagInput:
    id: strawberry.relay.GlobalID
    locale: Locale | None = None
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    status: Status | None = strawberry.UNSET


@strawberry.type(description="The tag as saved, or why it was not.")
class TagPayload:
    tag: Tag | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, info: Info, result: mutations.Result, locale: Locale | None = None) -> TagPayload:
        row, errors = result
        return cls(tag=Tag.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class TagMutation:
    @strawberry.mutation(description="Create a tag (editors).")
    async def create_tag(self, info: Info, input: CreateTagInput) -> TagPayload:
        return TagPayload.of(
            info, await mutations.create(info, rules.SPEC, input, {}), input.locale
        )

    @strawberry.mutation(description="Change a tag (editors).")
    async def update_tag(self, info: Info, input: UpdateTagInput) -> TagPayload:
        result = await mutations.update(info, rules.SPEC, "Tag", input, {})
        return TagPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a tag (editors).")
    async def delete_tag(self, info: Info, input: IdInput) -> TagPayload:
        return TagPayload.of(info, await mutations.delete(info, rules.SPEC, "Tag", input.id))
