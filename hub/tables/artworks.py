"""Artwork: a piece in the online gallery, possibly for sale."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Numeric, OnDelete, Text, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import Availability, Currency
from hub.tables._entry import EntryColumns
from hub.tables.artists import Artist
from hub.tables.campaigns import Campaign
from hub.tables.images import Image
from hub.tables.tags import Tag


class Artwork(EntryColumns, Table, help_text="The gallery and marketplace."):
    title_tg = Varchar(length=200, default="")
    title_ru = Varchar(length=200, default="")
    title_en = Varchar(length=200, default="")
    description_tg = Text(default="")
    description_ru = Text(default="")
    description_en = Text(default="")
    artist = ForeignKey(Artist, null=False, on_delete=OnDelete.restrict, index=True)
    medium_tg = Varchar(length=200, default="")
    medium_ru = Varchar(length=200, default="")
    medium_en = Varchar(length=200, default="")
    year = Integer(null=True, default=None)
    dimensions = Varchar(length=100, default="")
    price_amount = Numeric(digits=(12, 2), null=True, default=None, index=True)
    price_currency = Varchar(length=3, choices=Currency, default=Currency.TJS.value)
    availability = Varchar(length=20, choices=Availability, default=Availability.AVAILABLE.value)
    campaign = ForeignKey(Campaign, null=True, on_delete=OnDelete.set_null, index=True)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])


class ArtworkTag(Table):
    artwork = ForeignKey(Artwork, on_delete=OnDelete.cascade, index=True)
    tag = ForeignKey(Tag, on_delete=OnDelete.cascade, index=True)


class ArtworkImage(Table, help_text="An artwork's photos, in order."):
    artwork = ForeignKey(Artwork, on_delete=OnDelete.cascade, index=True)
    image = ForeignKey(Image, on_delete=OnDelete.restrict)
    position = Integer(default=0)
