"""Event: exhibitions, murals, performances, screenings, workshops, camps and dialogues."""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import EventKind, Region
from hub.tables._entry import EntryColumns
from hub.tables.artworks import Artwork
from hub.tables.campaigns import Campaign
from hub.tables.images import Image
from hub.tables.partners import Partner


class Event(EntryColumns, Table, help_text="Things that happen at a place and time."):
    title_tg = Varchar(length=200, default="")
    title_ru = Varchar(length=200, default="")
    title_en = Varchar(length=200, default="")
    description_tg = Text(default="", help_text="HTML, sanitised on save.")
    description_ru = Text(default="")
    description_en = Text(default="")
    kind = Varchar(length=30, choices=EventKind, default=EventKind.EXHIBITION.value, index=True)
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz(null=True, default=None)
    venue_tg = Varchar(length=200, default="")
    venue_ru = Varchar(length=200, default="")
    venue_en = Varchar(length=200, default="")
    city_tg = Varchar(length=100, default="")
    city_ru = Varchar(length=100, default="")
    city_en = Varchar(length=100, default="")
    region = Varchar(length=20, choices=Region, null=True, default=None, index=True)
    cover_image = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)
    campaign = ForeignKey(Campaign, null=True, on_delete=OnDelete.set_null, index=True)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])


class EventArtwork(Table):
    event = ForeignKey(Event, on_delete=OnDelete.cascade, index=True)
    artwork = ForeignKey(Artwork, on_delete=OnDelete.cascade, index=True)


class EventPartner(Table):
    event = ForeignKey(Event, on_delete=OnDelete.cascade, index=True)
    partner = ForeignKey(Partner, on_delete=OnDelete.cascade, index=True)
