"""Partner: its GraphQL type, queries and mutations."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import entries
from hub.content import partners as rules
from hub.schema import mutations
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry
from hub.schema.enums import Locale, PartnerKind, Status
from hub.schema.errors import FieldError
from hub.schema.images import Image
from hub.schema.inputs import IdInput

PartnerOrder = strawberry.enum(rules.PartnerOrder, description="Orders of a partner list.")


@strawberry.type(description="An organisation we work with.")
class Partner(Entry):
    TABLE: ClassVar = tables.Partner
    TITLE: ClassVar[str] = "name"

    @strawberry.field(description="The organisation's name in the served locale.")
    def name(self) -> str:
        return self.text("name")

    @strawberry.field(description="What kind of organisation it is.")
    def kind(self) -> PartnerKind:
        return PartnerKind(self.row["kind"])

    @strawberry.field(description="Its website.")
    def url(self) -> str | None:
        return self.row["url"] or None

    @strawberry.field(description="Its logo.")
    async def logo(self, info: Info) -> Image | None:
        image_id = self.ref("logo")
        if image_id is None:
            return None
        return Image.from_row(
            await info.context.loaders.by_id(tables.Image).load(image_id), self.chain
        )


@strawberry.input(description="Narrows a partner list.")
class PartnerFilter:
    kind: PartnerKind | None = None
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class PartnerQuery:
    @strawberry.field(description="One partner by slug.")
    async def partner(self, info: Info, slug: str, locale: Locale | None = None) -> Partner | None:
        row = await entries.row_by_slug(tables.Partner, info.context.viewer, slug)
        return Partner.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Partners, by slug by default.")
    async def partners(
        self,
        info: Info,
        filter: PartnerFilter | None = None,
        order_by: PartnerOrder = rules.PartnerOrder.SLUG,
        first: int | None = None,
        after: str | None = None,
        locale: Locale | None = None,
    ) -> Connection[Partner]:
        flt = rules.PartnerFilter(**vars(filter)) if filter else rules.PartnerFilter()
        result = await rules.list_partners(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        return Connection.build(result, Partner.from_rows(result.rows, info.context.chain(locale)))


PARTNER_IDS = {"logo_id": "Image"}


@strawberry.input(description="A new partner; `name` is in `locale` (default TG).")
class CreatePartnerInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = None
    slug: str | None = strawberry.UNSET
    kind: PartnerKind | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    logo_id: relay.GlobalID | None = strawberry.UNSET
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a partner: only the given fields change.")
class UpdatePartnerInput:
    id: relay.GlobalID
    locale: Locale | None = None
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    kind: PartnerKind | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    logo_id: relay.GlobalID | None = strawberry.UNSET
    status: Status | None = strawberry.UNSET


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
    async def create_partner(self, info: Info, input: CreatePartnerInput) -> PartnerPayload:
        result = await mutations.create(info, rules.SPEC, input, PARTNER_IDS)
        return PartnerPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change a partner (editors).")
    async def update_partner(self, info: Info, input: UpdatePartnerInput) -> PartnerPayload:
        result = await mutations.update(info, rules.SPEC, "Partner", input, PARTNER_IDS)
        return PartnerPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a partner (editors).")
    async def delete_partner(self, info: Info, input: IdInput) -> PartnerPayload:
        return PartnerPayload.of(
            info, await mutations.delete(info, rules.SPEC, "Partner", input.id)
        )
