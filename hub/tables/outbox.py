"""OutboxEntry: a change to apply to the search index, written in the change's own transaction."""

from __future__ import annotations

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxEntry(Table, tablename="outbox", help_text="Pending index updates (addresses only)."):
    # An address, not a payload: the worker re-reads the current row, so replays are harmless.
    entity = Varchar(length=30, help_text="The content type's label: story, artist, tag, ...")
    entity_id = Integer()
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    claimed_until = Timestamptz(null=True, default=None, help_text="A worker's lease on the row.")
    attempts = Integer(default=0)
    last_error = Text(default="")
