"""Database engines: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, dict_factory
from piccolo.table import Table

from hub.settings import Settings
from hub.tables import ALL_TABLES

# SQLite in WAL mode runs readers side by side; its C code releases the GIL while it works.
SQLITE_POOL_SIZE = 4
# Read the file through the OS page cache, shared by every connection, instead of copying each
# page into a 2 MB private cache: with 10,000 stories (75 MB) the newest-first page took 10 ms
# instead of 4, and its count 7 ms instead of 1.6.
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
POSTGRES_POOL_SIZE = 10
# Statements run on the event loop's read-only connection (piccolo marks only inserts).
_READ_SQL = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)


class PooledSQLiteEngine(SQLiteEngine):
    """SQLiteEngine that keeps connections open between statements once the pool runs.

    Piccolo's SQLiteEngine opens a connection (and its aiosqlite thread) for every statement:
    a read of a few rows then costs a thread start, a connect, a PRAGMA and about seven hops
    between threads. With the pool started (`open_engine`):
    - a read outside a transaction (a select, a count, a raw SELECT) runs at once on the event
      loop's thread, through one read-only connection. In WAL mode a reader never waits for a
      lock, and the hub's reads are indexed pages and batches of a millisecond or less, so this
      costs less than handing the statement to a thread: with 16 concurrent kiosk queries, the
      hops between threads (and their fight for the GIL) took ~35% of the server's CPU;
    - any other statement outside a transaction takes an idle aiosqlite connection (one hop);
    - transactions get a connection of their own, as in piccolo, so a writer waiting for the
      lock never holds up the event loop.
    """

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(path=path, **kwargs)
        self._idle: list[aiosqlite.Connection] | None = None
        self._slots: asyncio.Semaphore | None = None
        self._readers = threading.local()  # per thread: sqlite3 objects stay in theirs
        self._all_readers: list[sqlite3.Connection] = []

    async def get_connection(self) -> aiosqlite.Connection:
        connection = await super().get_connection()
        await connection.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        return connection

    async def start_connection_pool(self, max_size: int = SQLITE_POOL_SIZE) -> None:
        if self._idle is not None:
            return
        self._idle = []
        self._slots = asyncio.Semaphore(max_size)

    async def close_connection_pool(self) -> None:
        idle, self._idle, self._slots = self._idle or [], None, None
        for connection in idle:
            await connection.close()
        readers, self._all_readers = self._all_readers, []
        self._readers = threading.local()
        for reader in readers:
            reader.close()

    def _read(self, query: str, args: list[Any]) -> list[dict[str, Any]]:
        reader: sqlite3.Connection | None = getattr(self._readers, "connection", None)
        if reader is None:
            # query_only: a statement that would write fails at once instead of waiting for
            # the write lock on the event loop. check_same_thread off only so that
            # close_connection_pool may close it from wherever it runs.
            kwargs = {**self.connection_kwargs, "timeout": 1.0, "check_same_thread": False}
            reader = sqlite3.connect(**kwargs)
            reader.row_factory = dict_factory
            reader.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            reader.execute("PRAGMA query_only=1")
            self._readers.connection = reader
            self._all_readers.append(reader)
        return reader.execute(query, args).fetchall()

    @asynccontextmanager
    async def _pooled(self) -> AsyncIterator[aiosqlite.Connection]:
        slots = self._slots
        assert slots is not None
        async with slots:
            connection = self._idle.pop() if self._idle else await self.get_connection()
            try:
                yield connection
            finally:
                if connection.in_transaction:
                    # A raw BEGIN must not leak into the next borrower's statements.
                    await connection.rollback()
                if self._idle is None:  # the pool closed meanwhile
                    await connection.close()
                else:
                    self._idle.append(connection)

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        # Before SQLite 3.35 an insert needs a second statement for its key: piccolo's way.
        if self._idle is None or (query_type == "insert" and self.get_version_sync() < 3.35):
            return await super()._run_in_new_connection(query, args, query_type, table)
        if _READ_SQL.match(query):
            try:
                return self._read(query, args or [])
            except sqlite3.OperationalError as error:
                if "readonly" not in str(error):  # a WITH ... that writes: a writer's path
                    raise
        async with self._pooled() as connection:
            # isolation_level=None: each statement commits by itself, as piccolo's own path.
            return await connection.execute_fetchall(query, args or [])


def make_engine(settings: Settings) -> Engine:
    if settings.is_postgres:
        return PostgresEngine(config=settings.postgres_config(), log_queries=settings.sql_echo)
    path = settings.sqlite_path
    path.parent.mkdir(parents=True, exist_ok=True)
    # timeout: writers wait for the lock instead of failing at once under concurrent requests.
    return PooledSQLiteEngine(path=str(path), timeout=30, log_queries=settings.sql_echo)


def bind(engine: Engine) -> None:
    """Point every table at `engine`, so that create_app(settings) decides, not piccolo_conf."""
    for table in ALL_TABLES:
        table._meta.db = engine


async def _keep_session(connection: Any) -> None:
    """No RESET ALL when a connection goes back to the pool: it costs a round trip per statement,
    and the hub changes no session state (no SET, LISTEN or session advisory lock: the worker's
    locks are transaction-scoped). asyncpg still rolls back a transaction left open."""


async def open_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(
            min_size=1, max_size=POSTGRES_POOL_SIZE, reset=_keep_session
        )
    elif isinstance(engine, SQLiteEngine):
        # WAL lets kiosks read while an editor writes; the mode is stored in the file itself.
        await engine.run_ddl("PRAGMA journal_mode=WAL")
        await _analyze(engine)
        if isinstance(engine, PooledSQLiteEngine):
            await engine.start_connection_pool()


async def _analyze(engine: SQLiteEngine) -> None:
    """Refresh SQLite's planner statistics, which nothing else does (PostgreSQL's autovacuum
    does it there). Without them SQLite guesses: it read a story's tags through every story
    of each published tag (3.6 ms) instead of through the story (0.08 ms, 10,000 stories).
    analysis_limit samples each index, so this takes milliseconds at any size."""
    connection = await engine.get_connection()
    try:
        await connection.execute("PRAGMA analysis_limit=400")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def close_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine | PooledSQLiteEngine):
        await engine.close_connection_pool()


async def migrate() -> None:
    """Apply Piccolo migrations to the database that PICCOLO_CONF (hub.piccolo_conf) names."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards("hub")
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}")
