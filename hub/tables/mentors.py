"""Mentor: a professional who teaches courses and takes mentees."""

from __future__ import annotations

from piccolo.columns import Array, Boolean, ForeignKey, OnDelete, Text, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.tables._entry import EntryColumns
from hub.tables.images import Image


class Mentor(EntryColumns, Table, help_text="Mentors; their contact data is never public."):
    name_tg = Varchar(length=200, default="")
    name_ru = Varchar(length=200, default="")
    name_en = Varchar(length=200, default="")
    headline_tg = Varchar(length=300, default="")
    headline_ru = Varchar(length=300, default="")
    headline_en = Varchar(length=300, default="")
    bio_tg = Text(default="", help_text="HTML, sanitised on save.")
    bio_ru = Text(default="")
    bio_en = Text(default="")
    photo = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)
    expertise = Array(Varchar(length=100))
    organisation = Varchar(length=200, default="")
    languages = Array(Varchar(length=2), help_text="Locale values: tg, ru, en.")
    accepting_mentees = Boolean(default=True)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])
