"""Columns every content entry shares: slug, workflow status, schedule and timestamps."""

from __future__ import annotations

from piccolo.columns import Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from hub.enums import Status


class EntryColumns:
    """Mixin: Piccolo copies these columns into every table that inherits them."""

    slug = Varchar(
        length=120,
        unique=True,
        index=True,
        help_text="URL name, unique per type; generated from the title when left empty.",
    )
    status = Varchar(
        length=20,
        choices=Status,
        default=Status.DRAFT.value,
        index=True,
        help_text="Only PUBLISHED entries are visible to the public and kiosks.",
    )
    published_at = Timestamptz(null=True, default=None, index=True)
    scheduled_at = Timestamptz(
        null=True,
        default=None,
        index=True,
        help_text="When the worker publishes this entry; set with schedulePublish, not by hand.",
    )
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
