"""Campaign: its GraphQL type with stories, artworks, events and partners; queries; mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import artworks as artwork_rules
from hub.content import campaigns as rules
from hub.content import events as event_rules
from hub.content import lookups
from hub.content import stories as story_rules
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.artworks import Artwork, ArtworkFilter, ArtworkOrder, artwork_filter
from hub.schema.connections import Connection, child_page, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import CampaignTheme, Locale, Status
from hub.schema.errors import FieldError
from hub.schema.events import Event, EventFilter, EventOrder, event_filter
from hub.schema.fields import computed, rich_text, stored, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.partners import Partner
from hub.schema.relations import by_id, prefetch, related
from hub.schema.stories import Story, StoryFilter, StoryOrder, story_filter

CampaignOrder = strawberry.enum(rules.CampaignOrder, description="Orders of a campaign list.")

COVER = by_id(tables.Image, "cover_image")
PARTNERS = related(rules.PARTNERS)
# By GraphQL field name: the relations a list of campaigns loads for all its rows at once.
REFS = {"coverImage": COVER, "partners": PARTNERS}


@strawberry.type(description="A campaign: storytelling, art and events around one theme.")
class Campaign(Entry):
    TABLE: ClassVar = tables.Campaign

    title: str = translated("title", description="The title in the served locale.")

    summary: str = translated("summary", description="A short summary for cards.")

    body: RichText = rich_text("body", description="The campaign's full text.")

    theme: CampaignTheme = computed(
        lambda self: CampaignTheme(self.row["theme"]),
        description="What the campaign stands against or for.",
    )

    starts_at: datetime | None = stored("starts_at", description="When it starts.")

    ends_at: datetime | None = stored("ends_at", description="When it ends.")

    def _cover_image(self) -> Image | None:
        return COVER.get(self.context, self.row, lambda row: Image.from_row(row, self.chain))

    cover_image: Image | None = computed(_cover_image, description="The cover picture.")

    @strawberry.field(description="Stories of the campaign.")
    async def stories(
        self,
        info: Info,
        filter: Annotated[
            StoryFilter | None, strawberry.argument(description="Conditions the stories must meet.")
        ] = None,
        order_by: Annotated[
            StoryOrder, strawberry.argument(description="The order of the list.")
        ] = story_rules.StoryOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
    ) -> Connection[Story]:
        result = await child_page(
            info,
            "campaign.stories",
            self.row["id"],
            story_rules.stories_by_campaign,
            story_filter(filter),
            order_by,
            first,
            after,
        )
        return Connection.build(result, Story.from_rows(result.rows, self.chain))

    @strawberry.field(description="Artworks of the campaign.")
    async def artworks(
        self,
        info: Info,
        filter: Annotated[
            ArtworkFilter | None,
            strawberry.argument(description="Conditions the artworks must meet."),
        ] = None,
        order_by: Annotated[
            ArtworkOrder, strawberry.argument(description="The order of the list.")
        ] = artwork_rules.ArtworkOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
    ) -> Connection[Artwork]:
        result = await child_page(
            info,
            "campaign.artworks",
            self.row["id"],
            artwork_rules.artworks_by_campaign,
            artwork_filter(filter),
            order_by,
            first,
            after,
        )
        return Connection.build(result, Artwork.from_rows(result.rows, self.chain))

    @strawberry.field(description="Events of the campaign, soonest first by default.")
    async def events(
        self,
        info: Info,
        filter: Annotated[
            EventFilter | None, strawberry.argument(description="Conditions the events must meet.")
        ] = None,
        order_by: Annotated[
            EventOrder, strawberry.argument(description="The order of the list.")
        ] = event_rules.EventOrder.STARTS_AT,
        first: FirstArg = None,
        after: AfterArg = None,
    ) -> Connection[Event]:
        result = await child_page(
            info,
            "campaign.events",
            self.row["id"],
            event_rules.events_by_campaign,
            event_filter(filter),
            order_by,
            first,
            after,
        )
        return Connection.build(result, Event.from_rows(result.rows, self.chain))

    def _partners(self) -> list[Partner]:
        return PARTNERS.get(
            self.context, self.row, lambda rows: Partner.from_rows(rows, self.chain)
        )

    partners: list[Partner] = computed(_partners, description="Organisations behind the campaign.")


@strawberry.input(description="Narrows a campaign list.")
class CampaignFilter:
    theme: CampaignTheme | None = strawberry.field(
        default=None, description="Only campaigns with this theme."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class CampaignQuery:
    @strawberry.field(description="One campaign by slug.")
    async def campaign(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The campaign's slug.")],
        locale: LocaleArg = None,
    ) -> Campaign | None:
        row = await lookups.row_by_slug(tables.Campaign, info.context.viewer, slug)
        return Campaign.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Campaigns, newest first by default.")
    async def campaigns(
        self,
        info: Info,
        filter: Annotated[
            CampaignFilter | None,
            strawberry.argument(description="Conditions the campaigns must meet."),
        ] = None,
        order_by: Annotated[
            CampaignOrder, strawberry.argument(description="The order of the list.")
        ] = rules.CampaignOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Campaign]:
        flt = rules.CampaignFilter(**vars(filter)) if filter else rules.CampaignFilter()
        result = await rules.list_campaigns(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Campaign.from_rows(result.rows, info.context.chain(locale)))


CAMPAIGN_IDS = {"cover_image_id": "Image", "partner_ids": "Partner"}


@strawberry.input(description="A new campaign; text fields are in `locale` (default TG).")
class CreateCampaignInput:
    title: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields (default TG)."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    summary: str | None = strawberry.field(
        default=strawberry.UNSET, description="A short summary for cards, in `locale`."
    )
    body: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    theme: CampaignTheme | None = strawberry.field(
        default=strawberry.UNSET, description="What the campaign stands against or for."
    )
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it starts."
    )
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it ends; not before the start."
    )
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image."
    )
    partner_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Ids of the Partners behind it; replaces the current list.",
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a campaign: only the given fields change.")
class UpdateCampaignInput:
    id: relay.GlobalID = strawberry.field(description="The entry's global id.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields (default TG)."
    )
    title: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="The title in `locale`; adds or changes that translation.",
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    summary: str | None = strawberry.field(
        default=strawberry.UNSET, description="A short summary for cards, in `locale`."
    )
    body: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML in `locale`, sanitised on save."
    )
    theme: CampaignTheme | None = strawberry.field(
        default=strawberry.UNSET, description="What the campaign stands against or for."
    )
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it starts."
    )
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When it ends; not before the start."
    )
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image."
    )
    partner_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Ids of the Partners behind it; replaces the current list.",
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="Workflow state."
    )


@strawberry.type(description="The campaign as saved, or why it was not.")
class CampaignPayload:
    campaign: Campaign | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls, info: Info, result: mutations.Result, locale: Locale | None = None
    ) -> CampaignPayload:
        row, errors = result
        return cls(campaign=Campaign.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class CampaignMutation:
    @strawberry.mutation(description="Create a campaign (editors).")
    async def create_campaign(
        self,
        info: Info,
        input: Annotated[CreateCampaignInput, strawberry.argument(description="The new entry.")],
    ) -> CampaignPayload:
        result = await mutations.create(info, rules.SPEC, input, CAMPAIGN_IDS)
        return CampaignPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change a campaign (editors).")
    async def update_campaign(
        self,
        info: Info,
        input: Annotated[UpdateCampaignInput, strawberry.argument(description="What to change.")],
    ) -> CampaignPayload:
        result = await mutations.update(info, rules.SPEC, "Campaign", input, CAMPAIGN_IDS)
        return CampaignPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a campaign (editors).")
    async def delete_campaign(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> CampaignPayload:
        return CampaignPayload.of(
            info, await mutations.delete(info, rules.SPEC, "Campaign", input.id)
        )
