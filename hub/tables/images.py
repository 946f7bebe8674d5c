"""Image: a stored picture with its alt text, focal point and placeholders."""

from __future__ import annotations

from piccolo.columns import Boolean, Float, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.readable import Readable
from piccolo.table import Table


class Image(Table, help_text="Pictures; metadata is stripped before anything is stored."):
    storage_key = Varchar(length=255, unique=True, help_text="Path of the file in storage.")
    content_type = Varchar(length=50, default="image/jpeg")
    width = Integer()
    height = Integer()
    alt_tg = Varchar(length=500, default="")
    alt_ru = Varchar(length=500, default="")
    alt_en = Varchar(length=500, default="")
    decorative = Boolean(default=False, help_text="Decorative images need no alt text.")
    credit = Varchar(length=200, default="", help_text="Never the author of an anonymous story.")
    blurhash = Varchar(length=100, default="")
    dominant_color = Varchar(length=7, default="#000000")
    focal_x = Float(default=0.5)
    focal_y = Float(default=0.5)
    created_at = Timestamptz(default=TimestamptzNow())

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.storage_key])
