"""Artist: her GraphQL type with the portfolio connections, queries and mutations."""

from __future__ import annotations

import json
from typing import ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import artists as rules
from hub.content import entries
from hub.content import stories as story_rules
from hub.content.pages import PageResult
from hub.schema import mutations
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import Discipline, Locale, Region, Status
from hub.schema.errors import FieldError
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.loaders import page_key
from hub.schema.stories import Story, StoryFilter, StoryOrder, story_filter

ArtistOrder = strawberry.enum(rules.ArtistOrder, description="Orders of an artist list.")


@strawberry.type(description="A link on an artist's profile.")
class Link:
    label: str = strawberry.field(description="What the link is, e.g. Instagram.")
    url: str = strawberry.field(description="An http(s) URL.")


@strawberry.input(description="A link on an artist's profile.")
class LinkInput:
    label: str
    url: str


@strawberry.type(description="An artist, her biography and her portfolio.")
class Artist(Entry):
    TABLE: ClassVar = tables.Artist
    TITLE: ClassVar[str] = "name"

    @strawberry.field(description="Her name in the served locale's script.")
    def name(self) -> str:
        return self.text("name")

    @strawberry.field(description="Her biography.")
    def bio(self) -> RichText:
        return self.rich("bio")

    @strawberry.field(description="Her portrait.")
    async def portrait(self, info: Info) -> Image | None:
        image_id = self.ref("portrait")
        if image_id is None:
            return None
        return Image.from_row(
            await info.context.loaders.by_id(tables.Image).load(image_id), self.chain
        )

    @strawberry.field(description="The region she works in.")
    def region(self) -> Region | None:
        return Region(self.row["region"]) if self.row["region"] else None

    @strawberry.field(description="The city she works in.")
    def city(self) -> str:
        return self.text("city")

    @strawberry.field(description="What she practises.")
    def disciplines(self) -> list[Discipline]:
        return [Discipline(d) for d in self.row["disciplines"] or []]

    @strawberry.field(description="Her pages elsewhere.")
    def links(self) -> list[Link]:
        links = self.row["links"]
        if isinstance(links, str):
            links = json.loads(links)
        return [Link(label=link["label"], url=link["url"]) for link in links or []]

    @strawberry.field(description="True for the initiative's ambassadors.")
    def is_ambassador(self) -> bool:
        return bool(self.row["is_ambassador"])

    @strawberry.field(description="Her stories; anonymous ones are never listed here.")
    async def stories(
        self,
        info: Info,
        filter: StoryFilter | None = None,
        order_by: StoryOrder = story_rules.StoryOrder.NEWEST,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Story]:
        page = page_from(first, after)
        flt = story_filter(filter)
        viewer = info.context.viewer

        async def batch(ids: list[int]) -> list[PageResult]:
            return await story_rules.stories_by_author(viewer, ids, flt, order_by, page)

        key = page_key("artist.stories", flt, order_by, page)
        result = await info.context.loaders.pages(key, batch).load(self.row["id"])
        return Connection.build(result, Story.from_rows(result.rows, self.chain))


@strawberry.input(description="Narrows an artist list; all given conditions must hold.")
class ArtistFilter:
    region: Region | None = None
    discipline: Discipline | None = None
    is_ambassador: bool | None = None
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class ArtistQuery:
    @strawberry.field(description="One artist by slug.")
    async def artist(self, info: Info, slug: str, locale: Locale | None = None) -> Artist | None:
        row = await entries.row_by_slug(tables.Artist, info.context.viewer, slug)
        return Artist.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Artists, newest first by default.")
    async def artists(
        self,
        info: Info,
        filter: ArtistFilter | None = None,
        order_by: ArtistOrder = rules.ArtistOrder.NEWEST,
        first: int | None = None,
        after: str | None = None,
        locale: Locale | None = None,
    ) -> Connection[Artist]:
        flt = rules.ArtistFilter(**vars(filter)) if filter else rules.ArtistFilter()
        result = await rules.list_artists(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        return Connection.build(result, Artist.from_rows(result.rows, info.context.chain(locale)))


ARTIST_IDS = {"portrait_id": "Image"}


@strawberry.input(description="A new artist; text fields are in `locale` (default TG).")
class CreateArtistInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = None
    slug: str | None = strawberry.UNSET
    bio: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    portrait_id: relay.GlobalID | None = strawberry.UNSET
    region: Region | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    disciplines: list[Discipline] | None = strawberry.UNSET
    links: list[LinkInput] | None = strawberry.UNSET
    is_ambassador: bool | None = strawberry.UNSET
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to an artist: only the given fields change.")
class UpdateArtistInput:
    id: relay.GlobalID
    locale: Locale | None = None
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    portrait_id: relay.GlobalID | None = strawberry.UNSET
    region: Region | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    disciplines: list[Discipline] | None = strawberry.UNSET
    links: list[LinkInput] | None = strawberry.UNSET
    is_ambassador: bool | None = strawberry.UNSET
    status: Status | None = strawberry.UNSET


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
    async def create_artist(self, info: Info, input: CreateArtistInput) -> ArtistPayload:
        result = await mutations.create(info, rules.SPEC, input, ARTIST_IDS)
        return ArtistPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change an artist (editors).")
    async def update_artist(self, info: Info, input: UpdateArtistInput) -> ArtistPayload:
        result = await mutations.update(info, rules.SPEC, "Artist", input, ARTIST_IDS)
        return ArtistPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete an artist (editors).")
    async def delete_artist(self, info: Info, input: IdInput) -> ArtistPayload:
        return ArtistPayload.of(info, await mutations.delete(info, rules.SPEC, "Artist", input.id))
