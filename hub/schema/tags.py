"""Tag: its GraphQL type, queries and mutations."""

from __future__ import annotations

from typing import Annotated, ClassVar

import strawberry

from hub import tables
from hub.content import lookups
from hub.content import tags as rules
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry
from hub.schema.enums import Locale, Status
from hub.schema.errors import FieldError
from hub.schema.fields import translated
from hub.schema.inputs import IdInput

TagOrder = strawberry.enum(rules.TagOrder, description="Orders of a tag list.")


@strawberry.type(description="A topic that groups stories and artworks.")
class Tag(Entry):
    TABLE: ClassVar = tables.Tag
    TITLE: ClassVar[str] = "name"

    name: str = translated("name", description="The tag's name in the served locale.")


@strawberry.input(description="Narrows a tag list.")
class TagFilter:
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class TagQuery:
    @strawberry.field(description="One tag by slug.")
    async def tag(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The tag's slug.")],
        locale: LocaleArg = None,
    ) -> Tag | None:
        row = await lookups.row_by_slug(tables.Tag, info.context.viewer, slug)
        return Tag.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Tags, by slug by default.")
    async def tags(
        self,
        info: Info,
        filter: Annotated[
            TagFilter | None, strawberry.argument(description="Conditions the tags must meet.")
        ] = None,
        order_by: Annotated[
            TagOrder, strawberry.argument(description="The order of the list.")
        ] = rules.TagOrder.SLUG,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Tag]:
        flt = rules.TagFilter(**vars(filter)) if filter else rules.TagFilter()
        result = await rules.list_tags(info.context.viewer, order_by, page_from(first, after), flt)
        return Connection.build(result, Tag.from_rows(result.rows, info.context.chain(locale)))


@strawberry.input(description="A new tag; `name` is in `locale` (default TG).")
class CreateTagInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields (default TG)."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a tag: only the given fields change.")
class UpdateTagInput:
    id: strawberry.relay.GlobalID = strawberry.field(description="The entry's global id.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields (default TG)."
    )
    name: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="The name in `locale`; adds or changes that translation.",
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="Workflow state."
    )


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
    async def create_tag(
        self,
        info: Info,
        input: Annotated[CreateTagInput, strawberry.argument(description="The new entry.")],
    ) -> TagPayload:
        return TagPayload.of(
            info, await mutations.create(info, rules.SPEC, input, {}), input.locale
        )

    @strawberry.mutation(description="Change a tag (editors).")
    async def update_tag(
        self,
        info: Info,
        input: Annotated[UpdateTagInput, strawberry.argument(description="What to change.")],
    ) -> TagPayload:
        result = await mutations.update(info, rules.SPEC, "Tag", input, {})
        return TagPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a tag (editors).")
    async def delete_tag(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> TagPayload:
        return TagPayload.of(info, await mutations.delete(info, rules.SPEC, "Tag", input.id))
