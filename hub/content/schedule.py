"""Scheduled publishing: set or cancel when an entry goes public, and publish what is due.

Visibility stays status-based: a scheduled entry is a draft (or in review) until the worker
publishes it through the ordinary publish step, so reads never compare against the clock and stay
cacheable. An entry is scheduled when its `scheduled_at` is set; publishing it, unpublishing it or
deleting it ends the schedule.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from piccolo.columns import Column
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import TransactionType

from hub import outbox
from hub.access import SYSTEM, Viewer
from hub.content import entries
from hub.content.entries import EntrySpec
from hub.content.lookups import Row
from hub.content.registry import SPECS
from hub.enums import Status
from hub.errors import ErrorCode, HubError

log = logging.getLogger("hub.schedule")


def _scheduled_at(spec: EntrySpec) -> Column:
    return spec.table._meta.get_column_by_name("scheduled_at")


def _checked(at: datetime, now: datetime) -> datetime:
    if at.utcoffset() is None:
        # A time without a zone is ambiguous: Dushanbe is UTC+5, the servers run on UTC.
        raise HubError.one(
            ErrorCode.INVALID,
            "Give the time with its zone, e.g. 2030-03-21T09:00:00+05:00.",
            "at",
        )
    if at <= now:
        raise HubError.one(
            ErrorCode.INVALID,
            "The time must be in the future; to publish now, use `publish`.",
            "at",
        )
    return at.astimezone(UTC)


def _already_published(spec: EntrySpec) -> HubError:
    return HubError.one(
        ErrorCode.INVALID,
        f"This {spec.label} is already published: unpublish it first to schedule it again.",
        "id",
    )


async def schedule(spec: EntrySpec, viewer: Viewer, entry_id: int, at: datetime | None) -> Row:
    """Have the worker publish an entry at `at` (timezone-aware, in the future); None cancels.

    Cancelling is allowed in any state and writes nothing when there is no schedule.
    """
    existing = await entries.get_for_edit(spec, viewer, entry_id)
    now = entries.now()
    table = spec.table
    key = table._meta.primary_key
    conditions = [key == entry_id]
    if at is not None:
        at = _checked(at, now)
        if existing["status"] == Status.PUBLISHED.value:
            raise _already_published(spec)
        # Re-checked by the write itself: a publish between the read above and this write wins.
        conditions.append(table._meta.get_column_by_name("status") != Status.PUBLISHED.value)
    elif existing["scheduled_at"] is None:
        return existing
    async with table._meta.db.transaction():
        changed = (
            await table.update({"scheduled_at": at, "updated_at": now})
            .where(*conditions)
            .returning(key)
        )
        if not changed:
            await entries.get_for_edit(spec, viewer, entry_id)  # NOT_FOUND if deleted meanwhile
            raise _already_published(spec)
        await outbox.record(spec.label, entry_id)
    return await entries.get_for_edit(spec, viewer, entry_id)


async def publish_due(now: datetime, limit: int = 200) -> list[tuple[str, int]]:
    """Publish up to `limit` entries per type whose time is `now` or earlier, oldest first.

    Returns the (label, id) of the entries this call published. Any number of workers may run it
    at once: each entry is claimed by a conditional UPDATE, so exactly one of them publishes it.
    """
    published: list[tuple[str, int]] = []
    for spec in SPECS.values():
        scheduled_at = _scheduled_at(spec)
        rows = (
            await spec.table.select(spec.table._meta.primary_key)
            .where(scheduled_at <= now)
            .order_by(scheduled_at)
            .limit(limit)
        )
        for row in rows:
            if await _publish_claimed(spec, row["id"], now):
                published.append((spec.label, row["id"]))
    return published


async def _publish_claimed(spec: EntrySpec, entry_id: int, now: datetime) -> bool:
    """Claim one due entry and publish it in the same transaction; False if it was not ours."""
    table = spec.table
    scheduled_at = _scheduled_at(spec)
    engine = table._meta.db
    if isinstance(engine, PostgresEngine):
        transaction = engine.transaction()
    else:
        # SQLite has one writer at a time: taking the write lock first avoids a busy upgrade.
        transaction = engine.transaction(transaction_type=TransactionType.immediate)
    try:
        async with transaction:
            # On PostgreSQL a second worker waits on the row lock, then finds scheduled_at NULL.
            claimed = (
                await table.update({scheduled_at: None})
                .where(
                    table._meta.primary_key == entry_id,
                    scheduled_at.is_not_null(),
                    scheduled_at <= now,
                )
                .returning(table._meta.primary_key)
            )
            if not claimed:
                return False  # published by another worker, cancelled or deleted meanwhile
            # The ordinary publish step, joined to this transaction: published_at, updated_at and
            # the outbox row commit together with the claim, or not at all.
            await entries.set_status(spec, SYSTEM, entry_id, Status.PUBLISHED)
    except HubError as error:
        # A content rule refused the publication: the schedule stays, so editors see an entry
        # still waiting after its time, and the next round tries again once it is fixed.
        log.warning("scheduled publication of %s %s refused: %s", spec.label, entry_id, error)
        return False
    return True
