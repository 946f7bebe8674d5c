"""Campaign: storytelling and art against early marriage, violence and discrimination."""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import CampaignTheme
from hub.tables._entry import EntryColumns
from hub.tables.images import Image
from hub.tables.partners import Partner


class Campaign(EntryColumns, Table, help_text="Campaigns gather stories, artworks and events."):
    title_tg = Varchar(length=200, default="")
    title_ru = Varchar(length=200, default="")
    title_en = Varchar(length=200, default="")
    summary_tg = Text(default="")
    summary_ru = Text(default="")
    summary_en = Text(default="")
    body_tg = Text(default="", help_text="HTML, sanitised on save.")
    body_ru = Text(default="")
    body_en = Text(default="")
    theme = Varchar(length=30, choices=CampaignTheme, default=CampaignTheme.EDUCATION_ACCESS.value)
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    cover_image = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])


class CampaignPartner(Table):
    campaign = ForeignKey(Campaign, on_delete=OnDelete.cascade, index=True)
    partner = ForeignKey(Partner, on_delete=OnDelete.cascade, index=True)
