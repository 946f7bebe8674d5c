"""The content version: a number that every committed change to content moves forward.

Database triggers bump it in the writer's own transaction (see the migration "Content version
triggers"), so it moves whichever path wrote: the API, the admin panel, the worker, plain SQL.
A reader that reads it BEFORE reading content knows that what it reads next is at least that
new: the response cache tags what it stores with the version read first.
"""

from __future__ import annotations

from hub import tables
from hub.content.statements import PAGES


async def current() -> int | None:
    """The version now, or None where the row is missing (then nothing may be cached)."""
    table = tables.ContentVersion
    query = PAGES.get(
        ("content_version", table._meta.db.engine_type),
        lambda: table.select(table.version).where(table.id == 1),
    )
    rows = await query.run()
    return rows[0]["version"] if rows else None
