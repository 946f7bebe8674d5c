"""Partner: its GraphQL type, queries and mutations."""

from __future__ import annotations

from typing import Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import lookups
from hub.content import partners as rules
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry
from hub.schema.enums import Locale, PartnerKind, Status
from hub.schema.errors import FieldError
from hub.schema.fields import computed, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.relations import by_id, prefetch

PartnerOrder = strawberry.enum(rules.PartnerOrder, description="Orders of a partner list.")

LOGO = by_id(tables.Image, "logo")
# By GraphQL field name: the relations a list of partners loads for all its rows at once.
REFS = {"logo": LOGO}


@strawberry.type(description="An organisation we work with.")
class Partner(Entry):
    TABLE: ClassVar = tables.Partner
    TITLE: ClassVar[str] = "name"

    name: str = translated("name", description="The organisation's name in the served locale.")

    kind: PartnerKind = computed(
        lambda self: PartnerKind(self.row["kind"]),
        description="What kind of organisation it is.",
    )

    url: str | None = computed(
        lambda self: self.row["url"] or None,
        description="Its website.",
    )

    def _logo(self) -> Image | None:
        return LOGO.get(self.context, self.row, lambda row: Image.from_row(row, self.chain))

    logo: Image | None = computed(_logo, description="Its logo.")


@strawberry.input(description="Narrows a partner list.")
class PartnerFilter:
    kind: PartnerKind | None = strawberry.field(
        default=None, description="Only partners of this kind."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class PartnerQuery:
    @strawberry.field(description="One partner by slug.")
    async def partner(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The partner's slug.")],
        locale: LocaleArg = None,
    ) -> Partner | None:
        row = await lookups.row_by_slug(tables.Partner, info.context.viewer, slug)
        return Partner.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Partners, by slug by default.")
    async def partners(
        self,
        info: Info,
        filter: Annotated[
            PartnerFilter | None,
            strawberry.argument(description="Conditions the partners must meet."),
        ] = None,
        order_by: Annotated[
            PartnerOrder, strawberry.argument(description="The order of the list.")
        ] = rules.PartnerOrder.SLUG,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Partner]:
        flt = rules.PartnerFilter(**vars(filter)) if filter else rules.PartnerFilter()
        result = await rules.list_partners(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Partner.from_rows(result.rows, info.context.chain(locale)))


PARTNER_IDS = {"logo_id": "Image"}


@strawberry.input(description="A new partner; `name` is in `locale` (default TG).")
class CreatePartnerInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields (default TG)."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    kind: PartnerKind | None = strawberry.field(
        default=strawberry.UNSET, description="What kind of organisation it is."
    )
    url: str | None = strawberry.field(
        default=strawberry.UNSET, description="Its website: an http(s) URL."
    )
    logo_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image: its logo."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a partner: only the given fields change.")
class UpdatePartnerInput:
    id: relay.GlobalID = strawberry.field(description="The entry's global id.")
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
    kind: PartnerKind | None = strawberry.field(
        default=strawberry.UNSET, description="What kind of organisation it is."
    )
    url: str | None = strawberry.field(
        default=strawberry.UNSET, description="Its website: an http(s) URL."
    )
    logo_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image: its logo."
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="Workflow state."
    )


@strawberry.type(description="The partner as saved, or why it was not.")
class PartnerPayload:
    partner: Partner | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls, info: Info, result: mutations.Result, locale: Locale | None = None
    ) -> PartnerPayload:
        row, errors = result
        return cls(partner=Partner.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class PartnerMutation:
    @strawberry.mutation(description="Create a partner (editors).")
    async def create_partner(
        self,
        info: Info,
        input: Annotated[CreatePartnerInput, strawberry.argument(description="The new entry.")],
    ) -> PartnerPayload:
        result = await mutations.create(info, rules.SPEC, input, PARTNER_IDS)
        return PartnerPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change a partner (editors).")
    async def update_partner(
        self,
        info: Info,
        input: Annotated[UpdatePartnerInput, strawberry.argument(description="What to change.")],
    ) -> PartnerPayload:
        result = await mutations.update(info, rules.SPEC, "Partner", input, PARTNER_IDS)
        return PartnerPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a partner (editors).")
    async def delete_partner(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> PartnerPayload:
        return PartnerPayload.of(
            info, await mutations.delete(info, rules.SPEC, "Partner", input.id)
        )
