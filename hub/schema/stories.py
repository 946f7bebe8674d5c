"""Story: its GraphQL type, filter, order, queries and mutations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.access import author_visible
from hub.content import entries
from hub.content import stories as rules
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import ContentWarning, Locale, Status, StoryFormat
from hub.schema.errors import FieldError
from hub.schema.images import Image
from hub.schema.inputs import IdInput

if TYPE_CHECKING:
    from hub.schema.artists import Artist
    from hub.schema.campaigns import Campaign
    from hub.schema.tags import Tag

StoryOrder = strawberry.enum(rules.StoryOrder, description="Orders of a story list.")
ArtistRef = Annotated["Artist", strawberry.lazy("hub.schema.artists")]
CampaignRef = Annotated["Campaign", strawberry.lazy("hub.schema.campaigns")]
TagRef = Annotated["Tag", strawberry.lazy("hub.schema.tags")]


@strawberry.type(description="A story told in text, photos, video or sound.")
class Story(Entry):
    TABLE: ClassVar = tables.Story

    @strawberry.field(description="The title, in the served locale.")
    def title(self) -> str:
        return self.text("title")

    @strawberry.field(description="A short teaser for lists and cards.")
    def excerpt(self) -> str:
        return self.text("excerpt")

    @strawberry.field(description="The story itself.")
    def body(self) -> RichText:
        return self.rich("body")

    @strawberry.field(description="How the story is told.")
    def format(self) -> StoryFormat:
        return StoryFormat(self.row["format"])

    @strawberry.field(description="The cover picture.")
    async def cover_image(self, info: Info) -> Image | None:
        image_id = self.ref("cover_image")
        if image_id is None:
            return None
        row = await info.context.loaders.by_id(tables.Image).load(image_id)
        return Image.from_row(row, self.chain, self._credit_as(info))

    @strawberry.field(description="Further pictures, in order.")
    async def gallery(self, info: Info) -> list[Image]:
        rows = await info.context.loaders.related(rules.GALLERY).load(self.row["id"])
        credit_as = self._credit_as(info)
        return [Image(row=row, chain=self.chain, credit_as=credit_as) for row in rows]

    def _credit_as(self, info: Info) -> str | None:
        """The credit its pictures show when the author is hidden: a credit may name her."""
        if author_visible(self.row, info.context.viewer):
            return None
        return str(self.row["pseudonym"] or "")

    @strawberry.field(description="Link to the video of a VIDEO story.")
    def video_url(self) -> str | None:
        return self.row["video_url"] or None

    @strawberry.field(description="The artist who told it; always null for an anonymous story.")
    async def author(self, info: Info) -> ArtistRef | None:
        from hub.schema.artists import Artist

        return Artist.from_row(await self._author_row(info), self.chain)

    @strawberry.field(description="The artist's name, or the pseudonym of an anonymous story.")
    async def author_name(self, info: Info) -> str:
        author = await self._author_row(info)
        show = author_visible(self.row, info.context.viewer)
        return rules.author_name(self.row, author, list(self.chain), show)

    async def _author_row(self, info: Info) -> entries.Row | None:
        if self.row["author"] is None or not author_visible(self.row, info.context.viewer):
            return None
        return await info.context.loaders.by_id(tables.Artist).load(self.row["author"])

    @strawberry.field(description="True when the author asked not to be named.")
    def is_anonymous(self) -> bool:
        return bool(self.row["is_anonymous"])

    @strawberry.field(description="Topics of the story.")
    async def tags(self, info: Info) -> list[TagRef]:
        from hub.schema.tags import Tag

        rows = await info.context.loaders.related(rules.TAGS).load(self.row["id"])
        return Tag.from_rows(rows, self.chain)

    @strawberry.field(description="The campaign the story belongs to.")
    async def campaign(self, info: Info) -> CampaignRef | None:
        from hub.schema.campaigns import Campaign

        campaign_id = self.ref("campaign")
        if campaign_id is None:
            return None
        row = await info.context.loaders.by_id(tables.Campaign).load(campaign_id)
        return Campaign.from_row(row, self.chain)

    @strawberry.field(
        description="Sensitive topics the story touches; front ends can filter on them."
    )
    def content_warnings(self) -> list[ContentWarning]:
        return rules.content_warnings(self.row)

    @strawberry.field(description="Estimated minutes to read the body.")
    def reading_time_minutes(self) -> int:
        return int(self.row["reading_time_minutes"])


@strawberry.input(description="Narrows a story list; all given conditions must hold.")
class StoryFilter:
    tags: list[str] | None = strawberry.field(default=None, description="Any of these tag slugs.")
    author_slug: str | None = strawberry.field(default=None, description="Stories by this artist.")
    campaign_slug: str | None = strawberry.field(
        default=None, description="Stories of this campaign."
    )
    format: StoryFormat | None = strawberry.field(default=None, description="Only this format.")
    exclude_content_warnings: list[ContentWarning] | None = strawberry.field(
        default=None, description="Leave out stories carrying any of these warnings."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")

    def to_rules(self) -> rules.StoryFilter:
        return rules.StoryFilter(
            tags=self.tags,
            author_slug=self.author_slug,
            campaign_slug=self.campaign_slug,
            format=self.format,
            exclude_content_warnings=list(self.exclude_content_warnings or []),
            status=self.status,
        )


def story_filter(flt: StoryFilter | None) -> rules.StoryFilter:
    return flt.to_rules() if flt else rules.StoryFilter()


@strawberry.type
class StoryQuery:
    @strawberry.field(description="One story by slug.")
    async def story(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The story's slug.")],
        locale: LocaleArg = None,
    ) -> Story | None:
        row = await entries.row_by_slug(tables.Story, info.context.viewer, slug)
        return Story.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Stories, newest first by default.")
    async def stories(
        self,
        info: Info,
        filter: Annotated[
            StoryFilter | None, strawberry.argument(description="Conditions the stories must meet.")
        ] = None,
        order_by: Annotated[
            StoryOrder, strawberry.argument(description="The order of the list.")
        ] = rules.StoryOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Story]:
        page = page_from(first, after)
        result = await rules.list_stories(info.context.viewer, story_filter(filter), order_by, page)
        return Connection.build(result, Story.from_rows(result.rows, info.context.chain(locale)))


STORY_IDS = {
    "author_id": "Artist",
    "campaign_id": "Campaign",
    "cover_image_id": "Image",
    "gallery_ids": "Image",
}


@strawberry.input(description="A new story; text fields are in `locale` (default TG).")
class CreateStoryInput:
    title: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    excerpt: str | None = strawberry.field(
        default=strawberry.UNSET, description="A short teaser for lists and cards, in `locale`."
    )
    body: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    format: StoryFormat | None = strawberry.field(
        default=strawberry.UNSET, description="How the story is told."
    )
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image."
    )
    gallery_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Ids of uploaded Images, in order; replaces the gallery.",
    )
    video_url: str | None = strawberry.field(
        default=strawberry.UNSET, description="Link to the video of a VIDEO story."
    )
    author_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The Artist who told it."
    )
    is_anonymous: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Hide the author everywhere and show the pseudonym instead.",
    )
    pseudonym: str | None = strawberry.field(
        default=strawberry.UNSET, description="The name shown instead of an anonymous author."
    )
    tag_slugs: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Slugs of existing tags; replaces the current tags."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The Campaign it belongs to."
    )
    content_warnings: list[ContentWarning] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Sensitive topics it touches; replaces the current list.",
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a story: only the given fields change.")
class UpdateStoryInput:
    id: relay.GlobalID = strawberry.field(description="The entry's global id.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    title: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="The title in `locale`; adds or changes that translation.",
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="URL name; made from the title or name when left out, fixed once published.",
    )
    excerpt: str | None = strawberry.field(
        default=strawberry.UNSET, description="A short teaser for lists and cards, in `locale`."
    )
    body: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    format: StoryFormat | None = strawberry.field(
        default=strawberry.UNSET, description="How the story is told."
    )
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The id of an uploaded Image."
    )
    gallery_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Ids of uploaded Images, in order; replaces the gallery.",
    )
    video_url: str | None = strawberry.field(
        default=strawberry.UNSET, description="Link to the video of a VIDEO story."
    )
    author_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The Artist who told it."
    )
    is_anonymous: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Hide the author everywhere and show the pseudonym instead.",
    )
    pseudonym: str | None = strawberry.field(
        default=strawberry.UNSET, description="The name shown instead of an anonymous author."
    )
    tag_slugs: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Slugs of existing tags; replaces the current tags."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The Campaign it belongs to."
    )
    content_warnings: list[ContentWarning] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Sensitive topics it touches; replaces the current list.",
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="Workflow state."
    )


@strawberry.type(description="The story as saved, or why it was not.")
class StoryPayload:
    story: Story | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(cls, info: Info, result: mutations.Result, locale: Locale | None = None) -> StoryPayload:
        row, errors = result
        return cls(story=Story.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class StoryMutation:
    @strawberry.mutation(description="Create a story (editors).")
    async def create_story(
        self,
        info: Info,
        input: Annotated[CreateStoryInput, strawberry.argument(description="The new entry.")],
    ) -> StoryPayload:
        result = await mutations.create(info, rules.SPEC, input, STORY_IDS)
        return StoryPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change a story; text fields in `locale` (editors).")
    async def update_story(
        self,
        info: Info,
        input: Annotated[UpdateStoryInput, strawberry.argument(description="What to change.")],
    ) -> StoryPayload:
        result = await mutations.update(info, rules.SPEC, "Story", input, STORY_IDS)
        return StoryPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a story (editors).")
    async def delete_story(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to delete.")],
    ) -> StoryPayload:
        return StoryPayload.of(info, await mutations.delete(info, rules.SPEC, "Story", input.id))
