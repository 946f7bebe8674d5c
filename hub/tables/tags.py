"""Tag: a label shared by stories and artworks."""

from __future__ import annotations

from piccolo.columns import Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.tables._entry import EntryColumns


class Tag(EntryColumns, Table, help_text="Topics that group stories and artworks."):
    name_tg = Varchar(length=100, default="")
    name_ru = Varchar(length=100, default="")
    name_en = Varchar(length=100, default="")

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])
