"""Artist: a woman artist, her biography and where she works."""

from __future__ import annotations

from piccolo.columns import JSON, Array, Boolean, ForeignKey, OnDelete, Text, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import Region
from hub.tables._entry import EntryColumns
from hub.tables.images import Image


class Artist(EntryColumns, Table, help_text="Artists and their portfolios."):
    name_tg = Varchar(length=200, default="")
    name_ru = Varchar(length=200, default="")
    name_en = Varchar(length=200, default="")
    bio_tg = Text(default="", help_text="HTML, sanitised on save.")
    bio_ru = Text(default="")
    bio_en = Text(default="")
    portrait = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)
    region = Varchar(length=20, choices=Region, null=True, default=None)
    city_tg = Varchar(length=100, default="")
    city_ru = Varchar(length=100, default="")
    city_en = Varchar(length=100, default="")
    disciplines = Array(Varchar(length=30), help_text="Values of the Discipline enum.")
    links = JSON(default="[]", help_text='[{"label": "...", "url": "https://..."}]')
    is_ambassador = Boolean(default=False)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])
