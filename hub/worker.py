"""The worker: drains the outbox into the search index, after the commit, off the request path,
and publishes scheduled entries when their time comes.

It runs inside the app by default (HUB_WORKER=inprocess) or as `hub worker` processes. Several
workers against one PostgreSQL apply each change once: rows are claimed with FOR UPDATE SKIP
LOCKED, and every entry is indexed under a transaction-scoped advisory lock on its key, reading the
row as it is then, so the last writer to the index always holds the newest state. Scheduled
entries are claimed one by one with a conditional UPDATE, so each is published once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import TransactionType

from hub import outbox, tables
from hub.content import entries, schedule
from hub.enums import ContentType
from hub.search import documents
from hub.search.backend import Document, SearchBackend
from hub.settings import Settings

log = logging.getLogger("hub.worker")


class Worker:
    def __init__(
        self,
        backend: SearchBackend,
        settings: Settings,
        batch: int = 200,
        clock: Callable[[], datetime] = entries.now,
    ) -> None:
        self.backend = backend
        self.settings = settings
        self.batch = batch
        self.clock = clock  # when scheduled entries are due; tests move it instead of sleeping
        self._open = False

    async def open_backend(self) -> bool:
        """Open the search backend once; a search server that is down is retried later."""
        if not self._open:
            try:
                await self.backend.open()
            except Exception as error:
                if self.backend.name == "embedded":
                    raise  # a local file that cannot be opened is a configuration error
                log.warning(
                    "search backend %s unavailable, will retry: %r", self.backend.name, error
                )
                return False
            self._open = True
        return True

    async def run_once(self) -> int:
        """Apply one batch of changes; returns how many outbox rows it took (0: nothing to do)."""
        if not await self.open_backend():
            return 0
        changes = await outbox.claim(self.batch)
        if not changes:
            return 0
        try:
            await self.apply(changes)
        except Exception as error:
            # The search engine may be down: the change stays in the outbox and is retried with a
            # back-off, so the index catches up once the engine is back. Writes never wait on it.
            log.warning("search index update failed, will retry: %r", error)
            await outbox.retry_later(changes, repr(error))
            raise
        await outbox.done(changes)
        return len(changes)

    async def apply(self, changes: list[outbox.Change]) -> None:
        by_entity: dict[str, set[int]] = {}
        for change in changes:
            by_entity.setdefault(change.entity, set()).add(change.entity_id)
        targets: dict[ContentType, set[int]] = {}
        for entity, ids in by_entity.items():
            for content_type, found in (await documents.affected(entity, sorted(ids))).items():
                targets.setdefault(content_type, set()).update(found)
        keys = sorted(f"{t.value}:{i}" for t, ids in targets.items() for i in ids)
        async with self._locked(keys):
            docs = {}
            for content_type, ids in targets.items():
                fallback = self.settings.locale_fallback
                docs.update(await documents.build(content_type, sorted(ids), fallback))
            await self.backend.replace(docs)

    @contextlib.asynccontextmanager
    async def _locked(self, keys: list[str]) -> AsyncIterator[None]:
        """Hold every entry's lock while reading rows and writing the index."""
        engine = tables.OutboxEntry._meta.db
        if isinstance(engine, PostgresEngine):
            async with engine.transaction():
                for key in keys:  # sorted: two workers never wait on each other in a cycle
                    await tables.OutboxEntry.raw(
                        "SELECT pg_advisory_xact_lock({})", zlib.crc32(key.encode())
                    )
                yield
        else:
            # SQLite has one writer at a time: an IMMEDIATE transaction serialises the workers.
            async with engine.transaction(transaction_type=TransactionType.immediate):
                yield

    async def drain(self, max_rounds: int = 10_000) -> int:
        """Apply everything pending (tests, `hub reindex`); returns the rows applied."""
        total = 0
        for _ in range(max_rounds):
            applied = await self.run_once()
            if not applied:
                break
            total += applied
        return total

    async def publish_due(self) -> int:
        """Publish the scheduled entries whose time has come by `clock`; returns how many."""
        published = await schedule.publish_due(self.clock(), self.batch)
        for label, entry_id in published:
            log.info("published %s %s on schedule", label, entry_id)
        return len(published)

    async def run_forever(self, stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
        loop = asyncio.get_running_loop()
        next_schedule_check = loop.time()
        while not stop.is_set():
            if loop.time() >= next_schedule_check:
                next_schedule_check = loop.time() + self.settings.schedule_interval_seconds
                # Before the outbox, and whether or not the search engine is up: publishing must
                # not wait on the index, and what it writes to the outbox is applied right after.
                try:
                    await self.publish_due()
                except Exception:
                    log.exception("scheduled publishing failed, will retry")
            await self.rebuild_if_empty()
            try:
                applied = await self.run_once()
            except Exception:  # already logged and released for a retry
                applied = 0
            if not applied:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), poll_seconds)

    async def rebuild_if_empty(self) -> int | None:
        """Fill an index that started empty (new, or of an older layout) from the database;
        without it, search would miss every entry that does not change until someone ran
        `hub reindex`. Changes written meanwhile wait in the outbox and are applied after.
        Returns the entries read, None when there was nothing to rebuild or it failed."""
        if not (await self.open_backend() and self.backend.emptied):
            return None
        log.warning("search index (%s) starts empty: rebuilding it", self.backend.name)
        try:
            count = await self.reindex()
        except Exception:
            self.backend.emptied = True  # the next round tries again
            log.exception("rebuilding the search index failed, will retry")
            return None
        log.warning("search index rebuilt: %s entries", count)
        return count

    async def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index from the database; returns the entries read (published or
        not: documents.build leaves out what the public may not see)."""
        await self.backend.clear()
        work = []
        for content_type, table in documents.TABLES.items():
            ids = [row["id"] for row in await table.select(table._meta.primary_key)]
            work += [
                (content_type, ids[i : i + self.batch]) for i in range(0, len(ids), self.batch)
            ]
        total = sum(len(ids) for _, ids in work)
        done, pending = 0, 0
        changes: dict[str, list[Document]] = {}
        for number, (content_type, ids) in enumerate(work, start=1):
            changes.update(await documents.build(content_type, ids, self.settings.locale_fallback))
            pending += len(ids)
            # Read in small batches, written in the backend's own: FTS5 indexes faster in
            # large transactions (fewer segments to merge).
            if pending >= self.backend.rebuild_batch or number == len(work):
                await self.backend.replace(changes)
                done, pending, changes = done + pending, 0, {}
                if progress is not None:
                    progress(done, total)
        return total
