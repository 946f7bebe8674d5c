"""Artwork: its GraphQL type, filter, order, queries and mutations."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import artworks as rules
from hub.content import lookups
from hub.content.lookups import Row
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import Availability, Currency, Locale, Status
from hub.schema.errors import FieldError
from hub.schema.fields import computed, rich_text, stored, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.money import Money, MoneyInput
from hub.schema.relations import by_id, prefetch, related

if TYPE_CHECKING:
    from hub.schema.artists import Artist
    from hub.schema.campaigns import Campaign
    from hub.schema.events import Event
    from hub.schema.tags import Tag

ArtworkOrder = strawberry.enum(rules.ArtworkOrder, description="Orders of an artwork list.")
ArtistRef = Annotated["Artist", strawberry.lazy("hub.schema.artists")]
CampaignRef = Annotated["Campaign", strawberry.lazy("hub.schema.campaigns")]
EventRef = Annotated["Event", strawberry.lazy("hub.schema.events")]
TagRef = Annotated["Tag", strawberry.lazy("hub.schema.tags")]

ARTIST = by_id(tables.Artist, "artist")
IMAGES = related(rules.IMAGES)
TAGS = related(rules.TAGS)
CAMPAIGN = by_id(tables.Campaign, "campaign")
EVENTS = related(rules.EVENTS)
# By GraphQL field name: the relations a list of artworks loads for all its rows at once.
REFS = {
    "artist": ARTIST,
    "images": IMAGES,
    "tags": TAGS,
    "campaign": CAMPAIGN,
    "events": EVENTS,
}


@strawberry.type(description="A piece in the gallery, possibly for sale.")
class Artwork(Entry):
    TABLE: ClassVar = tables.Artwork

    title: str = translated("title", description="The title, in the served locale.")

    description: RichText = rich_text(
        "description", description="What the piece is about, in the served locale."
    )

    def _artist(self) -> ArtistRef:
        return ARTIST.get(self.context, self.row, self._artist_of)

    artist: ArtistRef = computed(_artist, description="The artist who made it.")

    def _artist_of(self, row: Row | None) -> ArtistRef:
        from hub.schema.artists import Artist

        if row is None:
            # Every read path drops artworks whose artist the viewer cannot see
            # (hub.content.artworks.visibility): one that did not is a bug, not a null.
            raise LookupError(f"artwork {self.row['id']} was served without its artist")
        return Artist(row=row, chain=self.chain)

    def _images(self) -> list[Image]:
        return IMAGES.get(
            self.context, self.row, lambda rows: [Image(row=row, chain=self.chain) for row in rows]
        )

    images: list[Image] = computed(
        _images, description="Photos of the piece, in order; the first is the main one."
    )

    medium: str = translated("medium", description="Materials and technique, in the served locale.")

    year: int | None = stored("year", description="The year it was made.")

    dimensions: str | None = computed(
        lambda self: self.row["dimensions"] or None,
        description="Its size, as the artist gives it (e.g. 60 × 80 cm).",
    )

    price: Money | None = computed(
        lambda self: Money.from_row(self.row),
        description="The asking price; null when it has none (not for sale).",
    )

    availability: Availability = computed(
        lambda self: Availability(self.row["availability"]),
        description="Whether it can be bought.",
    )

    def _tags(self) -> list[TagRef]:
        from hub.schema.tags import Tag

        return TAGS.get(self.context, self.row, lambda rows: Tag.from_rows(rows, self.chain))

    tags: list[TagRef] = computed(_tags, description="Topics of the piece.")

    def _campaign(self) -> CampaignRef | None:
        from hub.schema.campaigns import Campaign

        return CAMPAIGN.get(self.context, self.row, lambda row: Campaign.from_row(row, self.chain))

    campaign: CampaignRef | None = computed(_campaign, description="The campaign it was made for.")

    def _events(self) -> list[EventRef]:
        from hub.schema.events import Event

        return EVENTS.get(self.context, self.row, lambda rows: Event.from_rows(rows, self.chain))

    events: list[EventRef] = computed(_events, description="Events where it is shown.")


@strawberry.input(description="Narrows an artwork list; all given conditions must hold.")
class ArtworkFilter:
    artist_slug: str | None = strawberry.field(default=None, description="Works of this artist.")
    campaign_slug: str | None = strawberry.field(
        default=None, description="Works of this campaign."
    )
    availability: list[Availability] | None = strawberry.field(
        default=None, description="Any of these (a single value is accepted too)."
    )
    tags: list[str] | None = strawberry.field(default=None, description="Any of these tag slugs.")
    min_price: Decimal | None = strawberry.field(
        default=None, description="At least this price, in `currency`."
    )
    max_price: Decimal | None = strawberry.field(
        default=None, description="At most this price, in `currency`."
    )
    currency: Currency | None = strawberry.field(
        default=None,
        description=(
            "Only works priced in this currency; the currency of `minPrice`/`maxPrice` "
            "(default TJS). Prices are never converted between currencies."
        ),
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")

    def to_rules(self) -> rules.ArtworkFilter:
        return rules.ArtworkFilter(
            artist_slug=self.artist_slug,
            campaign_slug=self.campaign_slug,
            availability=tuple(self.availability or ()),
            tags=tuple(self.tags or ()),
            min_price=self.min_price,
            max_price=self.max_price,
            currency=self.currency,
            status=self.status,
        )


def artwork_filter(flt: ArtworkFilter | None) -> rules.ArtworkFilter:
    return flt.to_rules() if flt else rules.ArtworkFilter()


@strawberry.type
class ArtworkQuery:
    @strawberry.field(description="One artwork by slug.")
    async def artwork(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The artwork's slug.")],
        locale: LocaleArg = None,
    ) -> Artwork | None:
        row = await lookups.row_by_slug(tables.Artwork, info.context.viewer, slug)
        return Artwork.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Artworks, newest first by default.")
    async def artworks(
        self,
        info: Info,
        filter: Annotated[
            ArtworkFilter | None,
            strawberry.argument(description="Conditions the artworks must meet."),
        ] = None,
        order_by: Annotated[
            ArtworkOrder, strawberry.argument(description="The order of the list.")
        ] = rules.ArtworkOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Artwork]:
        page = page_from(first, after)
        flt = artwork_filter(filter)
        result = await rules.list_artworks(info.context.viewer, flt, order_by, page)
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Artwork.from_rows(result.rows, info.context.chain(locale)))


ARTWORK_IDS = {"artist_id": "Artist", "image_ids": "Image", "campaign_id": "Campaign"}


@strawberry.input(description="A new artwork; text fields are in `locale` (default TG).")
class CreateArtworkInput:
    title: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Generated from the title when left out."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What the piece is about: HTML, sanitised on save."
    )
    artist_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="Required: the artist who made it."
    )
    image_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Uploaded images, in order; the first is the main."
    )
    medium: str | None = strawberry.field(
        default=strawberry.UNSET, description="Materials and technique."
    )
    year: int | None = strawberry.field(default=strawberry.UNSET, description="Year it was made.")
    dimensions: str | None = strawberry.field(default=strawberry.UNSET, description="Its size.")
    price: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="The asking price; null for none."
    )
    availability: Availability | None = strawberry.field(
        default=strawberry.UNSET, description="Default AVAILABLE."
    )
    tag_slugs: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Topics, by tag slug."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The campaign it was made for."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to an artwork: only the given fields change.")
class UpdateArtworkInput:
    id: relay.GlobalID = strawberry.field(description="The artwork to change.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="The title.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Cannot change once published."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What the piece is about: HTML, sanitised on save."
    )
    artist_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The artist who made it; cannot be null."
    )
    image_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the images, in this order."
    )
    medium: str | None = strawberry.field(
        default=strawberry.UNSET, description="Materials and technique."
    )
    year: int | None = strawberry.field(default=strawberry.UNSET, description="Year it was made.")
    dimensions: str | None = strawberry.field(default=strawberry.UNSET, description="Its size.")
    price: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="The asking price; null removes it."
    )
    availability: Availability | None = strawberry.field(
        default=strawberry.UNSET, description="Whether it can be bought."
    )
    tag_slugs: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the topics, by tag slug."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The campaign it was made for; null detaches it."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="New state.")


@strawberry.type(description="The artwork as saved, or why it was not.")
class ArtworkPayload:
    artwork: Artwork | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls, info: Info, result: mutations.Result, locale: Locale | None = None
    ) -> ArtworkPayload:
        row, errors = result
        return cls(artwork=Artwork.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class ArtworkMutation:
    @strawberry.mutation(description="Create an artwork (editors).")
    async def create_artwork(
        self,
        info: Info,
        input: Annotated[CreateArtworkInput, strawberry.argument(description="The new entry.")],
    ) -> ArtworkPayload:
        result = await mutations.create(info, rules.SPEC, input, ARTWORK_IDS)
        return ArtworkPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change an artwork; text fields in `locale` (editors).")
    async def update_artwork(
        self,
        info: Info,
        input: Annotated[UpdateArtworkInput, strawberry.argument(description="What to change.")],
    ) -> ArtworkPayload:
        result = await mutations.update(info, rules.SPEC, "Artwork", input, ARTWORK_IDS)
        return ArtworkPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete an artwork (editors).")
    async def delete_artwork(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> ArtworkPayload:
        return ArtworkPayload.of(
            info, await mutations.delete(info, rules.SPEC, "Artwork", input.id)
        )
