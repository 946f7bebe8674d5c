"""Event: its GraphQL type, filter, order, queries and mutations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import events as rules
from hub.content import lookups
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.artworks import Artwork
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import EventKind, Locale, Region, Status
from hub.schema.errors import FieldError
from hub.schema.fields import computed, rich_text, stored, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.partners import Partner
from hub.schema.relations import by_id, prefetch, related

if TYPE_CHECKING:
    from hub.schema.campaigns import Campaign

EventOrder = strawberry.enum(rules.EventOrder, description="Orders of an event list.")
CampaignRef = Annotated["Campaign", strawberry.lazy("hub.schema.campaigns")]

COVER = by_id(tables.Image, "cover_image")
CAMPAIGN = by_id(tables.Campaign, "campaign")
ARTWORKS = related(rules.ARTWORKS)
PARTNERS = related(rules.PARTNERS)
# By GraphQL field name: the relations a list of events loads for all its rows at once.
REFS = {"coverImage": COVER, "campaign": CAMPAIGN, "artworks": ARTWORKS, "partners": PARTNERS}


@strawberry.type(description="An exhibition, mural, performance, screening, workshop, camp...")
class Event(Entry):
    TABLE: ClassVar = tables.Event

    title: str = translated("title", description="The title, in the served locale.")

    description: RichText = rich_text("description", description="What happens there.")

    kind: EventKind = computed(
        lambda self: EventKind(self.row["kind"]),
        description="What kind of event it is.",
    )

    starts_at: datetime = stored("starts_at", description="When it starts.")

    ends_at: datetime | None = stored(
        "ends_at", description="When it ends; null for a one-off moment."
    )

    venue: str = translated("venue", description="Where it takes place, in the served locale.")

    city: str = translated("city", description="The city, in the served locale.")

    region: Region | None = computed(
        lambda self: Region(self.row["region"]) if self.row["region"] else None,
        description="The region of Tajikistan.",
    )

    def _cover_image(self) -> Image | None:
        return COVER.get(self.context, self.row, lambda row: Image.from_row(row, self.chain))

    cover_image: Image | None = computed(_cover_image, description="The cover picture.")

    def _campaign(self) -> CampaignRef | None:
        from hub.schema.campaigns import Campaign

        return CAMPAIGN.get(self.context, self.row, lambda row: Campaign.from_row(row, self.chain))

    campaign: CampaignRef | None = computed(_campaign, description="The campaign it belongs to.")

    def _artworks(self) -> list[Artwork]:
        return ARTWORKS.get(
            self.context, self.row, lambda rows: Artwork.from_rows(rows, self.chain)
        )

    artworks: list[Artwork] = computed(
        _artworks, description="Artworks shown there, in the editors' order."
    )

    def _partners(self) -> list[Partner]:
        return PARTNERS.get(
            self.context, self.row, lambda rows: Partner.from_rows(rows, self.chain)
        )

    partners: list[Partner] = computed(_partners, description="Organisations behind the event.")


@strawberry.input(description="Narrows an event list; all given conditions must hold.")
class EventFilter:
    kind: list[EventKind] | None = strawberry.field(
        default=None, description="Any of these kinds (a single value is accepted too)."
    )
    region: list[Region] | None = strawberry.field(
        default=None, description="Any of these regions (a single value is accepted too)."
    )
    upcoming: bool | None = strawberry.field(
        default=None,
        description=(
            "true: not over yet (starting from now, or running until at least now); false: over."
        ),
    )
    campaign_slug: str | None = strawberry.field(
        default=None, description="Events of this campaign."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")

    def to_rules(self) -> rules.EventFilter:
        return rules.EventFilter(
            kinds=tuple(self.kind or ()),
            regions=tuple(self.region or ()),
            upcoming=self.upcoming,
            campaign_slug=self.campaign_slug,
            status=self.status,
        )


def event_filter(flt: EventFilter | None) -> rules.EventFilter:
    return flt.to_rules() if flt else rules.EventFilter()


@strawberry.type
class EventQuery:
    @strawberry.field(description="One event by slug.")
    async def event(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The event's slug.")],
        locale: LocaleArg = None,
    ) -> Event | None:
        row = await lookups.row_by_slug(tables.Event, info.context.viewer, slug)
        return Event.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Events, soonest first by default.")
    async def events(
        self,
        info: Info,
        filter: Annotated[
            EventFilter | None, strawberry.argument(description="Conditions the events must meet.")
        ] = None,
        order_by: Annotated[
            EventOrder, strawberry.argument(description="The order of the list.")
        ] = rules.EventOrder.STARTS_AT,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Event]:
        page = page_from(first, after)
        result = await rules.list_events(info.context.viewer, event_filter(filter), order_by, page)
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Event.from_rows(result.rows, info.context.chain(locale)))


EVENT_IDS = {
    "cover_image_id": "Image",
    "campaign_id": "Campaign",
    "artwork_ids": "Artwork",
    "partner_ids": "Partner",
}


@strawberry.input(description="A new event; text fields are in `locale` (default TG).")
class CreateEventInput:
    title: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Generated from the title when left out."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    kind: EventKind | None = strawberry.field(
        default=strawberry.UNSET, description="Default EXHIBITION."
    )
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Required: when it starts."
    )
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it ends; not before the start."
    )
    venue: str | None = strawberry.field(default=strawberry.UNSET, description="Where it is.")
    city: str | None = strawberry.field(default=strawberry.UNSET, description="The city.")
    region: Region | None = strawberry.field(default=strawberry.UNSET, description="The region.")
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="An uploaded image."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The campaign it belongs to."
    )
    artwork_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Artworks shown there, in order."
    )
    partner_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Organisations behind it."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to an event: only the given fields change.")
class UpdateEventInput:
    id: relay.GlobalID = strawberry.field(description="The event to change.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="The title.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Cannot change once published."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    kind: EventKind | None = strawberry.field(default=strawberry.UNSET, description="The kind.")
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it starts; cannot be null."
    )
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it ends; not before the start."
    )
    venue: str | None = strawberry.field(default=strawberry.UNSET, description="Where it is.")
    city: str | None = strawberry.field(default=strawberry.UNSET, description="The city.")
    region: Region | None = strawberry.field(default=strawberry.UNSET, description="The region.")
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="An uploaded image; null removes it."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The campaign; null detaches it."
    )
    artwork_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the artworks shown, in order."
    )
    partner_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the partners."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="New state.")


@strawberry.type(description="The event as saved, or why it was not.")
class EventPayload:
    event: Event | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, info: Info, result: mutations.Result, locale: Locale | None = None) -> EventPayload:
        row, errors = result
        return cls(event=Event.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class EventMutation:
    @strawberry.mutation(description="Create an event (editors).")
    async def create_event(
        self,
        info: Info,
        input: Annotated[CreateEventInput, strawberry.argument(description="The new entry.")],
    ) -> EventPayload:
        result = await mutations.create(info, rules.SPEC, input, EVENT_IDS)
        return EventPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change an event; text fields in `locale` (editors).")
    async def update_event(
        self,
        info: Info,
        input: Annotated[UpdateEventInput, strawberry.argument(description="What to change.")],
    ) -> EventPayload:
        result = await mutations.update(info, rules.SPEC, "Event", input, EVENT_IDS)
        return EventPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete an event (editors).")
    async def delete_event(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> EventPayload:
        return EventPayload.of(info, await mutations.delete(info, rules.SPEC, "Event", input.id))
