"""The durable outbox: changes recorded in their own transaction, claimed by workers with a lease.

Rows are addresses (`story`, 12), never payloads: whoever applies one re-reads the current row, so
a duplicate, a retry or a reordering within one entry cannot leave a stale index behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import TransactionType

from hub.tables import OutboxEntry

LEASE = timedelta(seconds=60)  # a worker that dies mid-batch frees its rows after this


@dataclass(frozen=True)
class Change:
    id: int
    entity: str
    entity_id: int
    attempts: int


def _now() -> datetime:
    return datetime.now(UTC)


async def record(entity: str, entity_id: int) -> None:
    """Note a change; call it inside the transaction that makes the change."""
    await OutboxEntry.insert(OutboxEntry(entity=entity, entity_id=entity_id))


async def claim(limit: int) -> list[Change]:
    """Lease up to `limit` pending rows, oldest first; rows another worker holds are skipped."""
    engine = OutboxEntry._meta.db
    now = _now()
    ready = OutboxEntry.claimed_until.is_null() | (OutboxEntry.claimed_until < now)
    query = OutboxEntry.select().where(ready).order_by(OutboxEntry.id).limit(limit)
    if isinstance(engine, PostgresEngine):
        transaction = engine.transaction()
        query = query.lock_rows("UPDATE", skip_locked=True)
    else:
        # SQLite has one writer at a time: an IMMEDIATE transaction makes claiming atomic.
        transaction = engine.transaction(transaction_type=TransactionType.immediate)
    async with transaction:
        rows = await query
        if rows:
            await OutboxEntry.update(
                {
                    OutboxEntry.claimed_until: now + LEASE,
                    OutboxEntry.attempts: OutboxEntry.attempts + 1,
                }
            ).where(OutboxEntry.id.is_in([r["id"] for r in rows]))
    return [Change(r["id"], r["entity"], r["entity_id"], r["attempts"] + 1) for r in rows]


async def done(changes: list[Change]) -> None:
    if changes:
        await OutboxEntry.delete().where(OutboxEntry.id.is_in([c.id for c in changes]))


async def retry_later(changes: list[Change], error: str) -> None:
    """Release rows after a failure, with a back-off that grows with the attempts (max 5 min)."""
    now = _now()
    for change in changes:
        delay = timedelta(seconds=min(300, 2 ** min(change.attempts, 9)))
        await OutboxEntry.update(
            {OutboxEntry.claimed_until: now + delay, OutboxEntry.last_error: error[:2000]}
        ).where(OutboxEntry.id == change.id)


@dataclass(frozen=True)
class Lag:
    pending: int
    oldest: datetime | None
    failing: int  # rows that failed at least once and wait for a retry


async def lag() -> Lag:
    pending = await OutboxEntry.count()
    oldest = await OutboxEntry.select(OutboxEntry.created_at).order_by(OutboxEntry.id).first()
    failing = await OutboxEntry.count().where(OutboxEntry.last_error != "")
    return Lag(pending, oldest["created_at"] if oldest else None, failing)
