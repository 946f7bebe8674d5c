"""Story: a text, photo essay, video or audio story, possibly told anonymously."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import StoryFormat
from hub.tables._entry import EntryColumns
from hub.tables.artists import Artist
from hub.tables.campaigns import Campaign
from hub.tables.images import Image
from hub.tables.tags import Tag


class Story(EntryColumns, Table, help_text="Stories; anonymous ones never show their author."):
    title_tg = Varchar(length=200, default="")
    title_ru = Varchar(length=200, default="")
    title_en = Varchar(length=200, default="")
    excerpt_tg = Text(default="")
    excerpt_ru = Text(default="")
    excerpt_en = Text(default="")
    body_tg = Text(default="", help_text="HTML, sanitised on save.")
    body_ru = Text(default="")
    body_en = Text(default="")
    format = Varchar(length=20, choices=StoryFormat, default=StoryFormat.TEXT.value)
    cover_image = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)
    video_url = Varchar(length=500, default="")
    author = ForeignKey(Artist, null=True, on_delete=OnDelete.set_null, index=True)
    is_anonymous = Boolean(default=False, help_text="Hide the author everywhere; show pseudonym.")
    pseudonym = Varchar(length=100, default="", help_text="Shown instead of an anonymous author.")
    campaign = ForeignKey(Campaign, null=True, on_delete=OnDelete.set_null, index=True)
    reading_time_minutes = Integer(default=1)
    # One column per ContentWarning member: front ends filter on them, so they must be indexable
    # and plain on every engine (arrays are JSON text on SQLite).
    warns_early_marriage = Boolean(default=False)
    warns_domestic_violence = Boolean(default=False)
    warns_sexual_violence = Boolean(default=False)
    warns_self_harm = Boolean(default=False)
    warns_discrimination = Boolean(default=False)
    warns_graphic_imagery = Boolean(default=False)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])


class StoryTag(Table):
    story = ForeignKey(Story, on_delete=OnDelete.cascade, index=True)
    tag = ForeignKey(Tag, on_delete=OnDelete.cascade, index=True)


class StoryImage(Table, help_text="A story's gallery, in order."):
    story = ForeignKey(Story, on_delete=OnDelete.cascade, index=True)
    image = ForeignKey(Image, on_delete=OnDelete.restrict)
    position = Integer(default=0)
