"""Partner: media, schools, NGOs, coalitions, authorities and businesses we work with."""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import PartnerKind
from hub.tables._entry import EntryColumns
from hub.tables.images import Image


class Partner(EntryColumns, Table, help_text="Organisations behind campaigns and events."):
    name_tg = Varchar(length=200, default="")
    name_ru = Varchar(length=200, default="")
    name_en = Varchar(length=200, default="")
    kind = Varchar(length=30, choices=PartnerKind, default=PartnerKind.NGO.value)
    url = Varchar(length=500, default="")
    logo = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])
