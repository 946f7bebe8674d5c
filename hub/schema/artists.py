"""Artist: her GraphQL type with the portfolio connections, queries and mutations."""

from __future__ import annotations

import json
from typing import Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import artists as rules
from hub.content import artworks as artwork_rules
from hub.content import lookups
from hub.content import stories as story_rules
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.artworks import Artwork, ArtworkFilter, ArtworkOrder, artwork_filter
from hub.schema.connections import Connection, child_page, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import Discipline, Locale, Region, Status
from hub.schema.errors import FieldError
from hub.schema.fields import computed, rich_text, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.relations import by_id, prefetch
from hub.schema.stories import Story, StoryFilter, StoryOrder, story_filter

ArtistOrder = strawberry.enum(rules.ArtistOrder, description="Orders of an artist list.")

PORTRAIT = by_id(tables.Image, "portrait")
# By GraphQL field name: the relations a list of artists loads for all its rows at once.
REFS = {"portrait": PORTRAIT}


@strawberry.type(description="A link on an artist's profile.")
class Link:
    label: str = strawberry.field(description="What the link is, e.g. Instagram.")
    url: str = strawberry.field(description="An http(s) URL.")


@strawberry.input(description="A link on an artist's profile.")
class LinkInput:
    label: str = strawberry.field(description="What the link is, e.g. Instagram.")
    url: str = strawberry.field(description="An http(s) URL.")


@strawberry.type(description="An artist, her biography and her portfolio.")
class Artist(Entry):
    TABLE: ClassVar = tables.Artist
    TITLE: ClassVar[str] = "name"

    name: str = translated("name", description="Her name in the served locale's script.")

    bio: RichText = rich_text("bio", description="Her biography.")

    def _portrait(self) -> Image | None:
        return PORTRAIT.get(self.context, self.row, lambda row: Image.from_row(row, self.chain))

    portrait: Image | None = computed(_portrait, description="Her portrait.")

    region: Region | None = computed(
        lambda self: Region(self.row["region"]) if self.row["region"] else None,
        description="The region she works in.",
    )

    city: str = translated("city", description="The city she works in.")

    disciplines: list[Discipline] = computed(
        lambda self: [Discipline(d) for d in self.row["disciplines"] or []],
        description="What she practises.",
    )

    @strawberry.field(description="Her pages elsewhere.")
    def links(self) -> list[Link]:
        links = self.row["links"]
        if isinstance(links, str):
            links = json.loads(links)
        return [Link(label=link["label"], url=link["url"]) for link in links or []]

    is_ambassador: bool = computed(
        lambda self: bool(self.row["is_ambassador"]),
        description="True for the initiative's ambassadors.",
    )

    @strawberry.field(description="Her stories; anonymous ones are never listed here.")
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
            "artist.stories",
            self.row["id"],
            story_rules.stories_by_author,
            story_filter(filter),
            order_by,
            first,
            after,
        )
        return Connection.build(result, Story.from_rows(result.rows, self.chain))

    @strawberry.field(description="Her artworks: the portfolio.")
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
            "artist.artworks",
            self.row["id"],
            artwork_rules.artworks_by_artist,
            artwork_filter(filter),
            order_by,
            first,
            after,
        )
        return Connection.build(result, Artwork.from_rows(result.rows, self.chain))


@strawberry.input(description="Narrows an artist list; all given conditions must hold.")
class ArtistFilter:
    region: Region | None = strawberry.field(
        default=None, description="Only artists of this region."
    )
    discipline: Discipline | None = strawberry.field(
        default=None, description="Only artists practising this discipline."
    )
    is_ambassador: bool | None = strawberry.field(
        default=None, description="Only ambassadors (true) or only the others (false)."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class ArtistQuery:
    @strawberry.field(description="One artist by slug.")
    async def artist(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The artist's slug.")],
        locale: LocaleArg = None,
    ) -> Artist | None:
        row = await lookups.row_by_slug(tables.Artist, info.context.viewer, slug)
        return Artist.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Artists, newest first by default.")
    async def artists(
        self,
        info: Info,
        filter: Annotated[
            ArtistFilter | None,
            strawberry.argument(description="Conditions the artists must meet."),
        ] = None,
        order_by: Annotated[
            ArtistOrder, strawberry.argument(description="The order of the list.")
        ] = rules.ArtistOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Artist]:
        flt = rules.ArtistFilter(**vars(filter)) if filter else rules.ArtistFilter()
        result = await rules.list_artists(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Artist.from_rows(result.rows, info.context.chain(locale)))


ARTIST_IDS = {"portrait_id": "Image"}


@strawberry.input(description="A new artist; text fields are in `locale` (default TG).")
class CreateArtistInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields (default TG)."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    bio: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    portrait_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image: her portrait."
    )
    region: Region | None = strawberry.field(
        default=strawberry.UNSET, description="The region she works in."
    )
    city: str | None = strawberry.field(
        default=strawberry.UNSET, description="The city she works in, in `locale`."
    )
    disciplines: list[Discipline] | None = strawberry.field(
        default=strawberry.UNSET, description="What she practises; replaces the current list."
    )
    links: list[LinkInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Her pages elsewhere; replaces the current list."
    )
    is_ambassador: bool | None = strawberry.field(
        default=strawberry.UNSET, description="True for the initiative's ambassadors."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to an artist: only the given fields change.")
class UpdateArtistInput:
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
    bio: str | None = strawberry.field(
        default=strawberry.UNSET, description="Her biography in `locale`: HTML, sanitised on save."
    )
    portrait_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image: her portrait."
    )
    region: Region | None = strawberry.field(
        default=strawberry.UNSET, description="The region she works in."
    )
    city: str | None = strawberry.field(
        default=strawberry.UNSET, description="The city she works in, in `locale`."
    )
    disciplines: list[Discipline] | None = strawberry.field(
        default=strawberry.UNSET, description="What she practises; replaces the current list."
    )
    links: list[LinkInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Her pages elsewhere; replaces the current list."
    )
    is_ambassador: bool | None = strawberry.field(
        default=strawberry.UNSET, description="True for the initiative's ambassadors."
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="Workflow state."
    )


@strawberry.type(description="The artist as saved, or why it was not.")
class ArtistPayload:
    artist: Artist | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls, info: Info, result: mutations.Result, locale: Locale | None = None
    ) -> ArtistPayload:
        row, errors = result
        return cls(artist=Artist.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class ArtistMutation:
    @strawberry.mutation(description="Create an artist (editors).")
    async def create_artist(
        self,
        info: Info,
        input: Annotated[CreateArtistInput, strawberry.argument(description="The new entry.")],
    ) -> ArtistPayload:
        result = await mutations.create(info, rules.SPEC, input, ARTIST_IDS)
        return ArtistPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change an artist (editors).")
    async def update_artist(
        self,
        info: Info,
        input: Annotated[UpdateArtistInput, strawberry.argument(description="What to change.")],
    ) -> ArtistPayload:
        result = await mutations.update(info, rules.SPEC, "Artist", input, ARTIST_IDS)
        return ArtistPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete an artist (editors).")
    async def delete_artist(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> ArtistPayload:
        return ArtistPayload.of(info, await mutations.delete(info, rules.SPEC, "Artist", input.id))
