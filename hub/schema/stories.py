"""Story: its GraphQL type, filter, order, queries and mutations."""

from __future__ import annotations

from asyncio import Future
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.access import Viewer, author_visible
from hub.content import lookups
from hub.content import stories as rules
from hub.content.lookups import Row
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import ContentWarning, Locale, Status, StoryFormat
from hub.schema.errors import FieldError
from hub.schema.fields import computed, rich_text, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.loaders import Loaders
from hub.schema.relations import Ref, by_id, prefetch, related

if TYPE_CHECKING:
    from hub.schema.artists import Artist
    from hub.schema.campaigns import Campaign
    from hub.schema.tags import Tag

StoryOrder = strawberry.enum(rules.StoryOrder, description="Orders of a story list.")
ArtistRef = Annotated["Artist", strawberry.lazy("hub.schema.artists")]
CampaignRef = Annotated["Campaign", strawberry.lazy("hub.schema.campaigns")]
TagRef = Annotated["Tag", strawberry.lazy("hub.schema.tags")]


def _author(loaders: Loaders, viewer: Viewer, row: Row) -> Future[Row | None] | None:
    if row["author"] is None or not author_visible(row, viewer):
        return None
    return loaders.by_id(tables.Artist).load(row["author"])  # type: ignore[return-value]


COVER = by_id(tables.Image, "cover_image")
GALLERY = related(rules.GALLERY)
AUTHOR = Ref(_author)
TAGS = related(rules.TAGS)
CAMPAIGN = by_id(tables.Campaign, "campaign")
# By GraphQL field name: the relations a list of stories loads for all its rows at once.
REFS = {
    "coverImage": COVER,
    "gallery": GALLERY,
    "author": AUTHOR,
    "authorName": AUTHOR,
    "tags": TAGS,
    "campaign": CAMPAIGN,
}


@strawberry.type(description="A story told in text, photos, video or sound.")
class Story(Entry):
    TABLE: ClassVar = tables.Story

    title: str = translated("title", description="The title, in the served locale.")
    excerpt: str = translated("excerpt", description="A short teaser for lists and cards.")

    body: RichText = rich_text("body", description="The story itself.")

    format: StoryFormat = computed(
        lambda self: StoryFormat(self.row["format"]),
        description="How the story is told.",
    )

    def _cover_image(self) -> Image | None:
        credit_as = self._credit_as()
        return COVER.get(
            self.context, self.row, lambda row: Image.from_row(row, self.chain, credit_as)
        )

    def _gallery(self) -> list[Image]:
        credit_as = self._credit_as()
        return GALLERY.get(
            self.context,
            self.row,
            lambda rows: [Image(row=r, chain=self.chain, credit_as=credit_as) for r in rows],
        )

    def _credit_as(self) -> str | None:
        """The credit its pictures show when the author is hidden: a credit may name her."""
        if author_visible(self.row, self.context.viewer):
            return None
        return str(self.row["pseudonym"] or "")

    cover_image: Image | None = computed(_cover_image, description="The cover picture.")
    gallery: list[Image] = computed(_gallery, description="Further pictures, in order.")

    video_url: str | None = computed(
        lambda self: self.row["video_url"] or None,
        description="Link to the video of a VIDEO story.",
    )

    def _author(self) -> Artist | None:
        from hub.schema.artists import Artist

        return AUTHOR.get(self.context, self.row, lambda row: Artist.from_row(row, self.chain))

    def _author_name(self) -> str:
        show = author_visible(self.row, self.context.viewer)
        chain = list(self.chain)
        return AUTHOR.get(
            self.context, self.row, lambda author: rules.author_name(self.row, author, chain, show)
        )

    author: ArtistRef | None = computed(
        _author, description="The artist who told it; always null for an anonymous story."
    )
    author_name: str = computed(
        _author_name, description="The artist's name, or the pseudonym of an anonymous story."
    )

    is_anonymous: bool = computed(
        lambda self: bool(self.row["is_anonymous"]),
        description="True when the author asked not to be named.",
    )

    def _tags(self) -> list[Tag]:
        from hub.schema.tags import Tag

        return TAGS.get(self.context, self.row, lambda rows: Tag.from_rows(rows, self.chain))

    def _campaign(self) -> Campaign | None:
        from hub.schema.campaigns import Campaign

        return CAMPAIGN.get(self.context, self.row, lambda row: Campaign.from_row(row, self.chain))

    tags: list[TagRef] = computed(_tags, description="Topics of the story.")
    campaign: CampaignRef | None = computed(
        _campaign, description="The campaign the story belongs to."
    )

    content_warnings: list[ContentWarning] = computed(
        lambda self: rules.content_warnings(self.row),
        description="Sensitive topics the story touches; front ends can filter on them.",
    )

    reading_time_minutes: int = computed(
        lambda self: int(self.row["reading_time_minutes"]),
        description="Estimated minutes to read the body.",
    )


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
        row = await lookups.row_by_slug(tables.Story, info.context.viewer, slug)
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
        await prefetch(info, result.rows, REFS)
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
