"""The pooled SQLite engine: reads on the event loop's read-only connection, writes elsewhere."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from hub.db import PooledSQLiteEngine


def _engine(tmp_path: Path) -> PooledSQLiteEngine:
    return PooledSQLiteEngine(path=str(tmp_path / "t.db"), timeout=5)


async def _started(engine: PooledSQLiteEngine) -> None:
    await engine.run_ddl("PRAGMA journal_mode=WAL")
    await engine.run_ddl("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    await engine.start_connection_pool()


def test_reads_run_on_the_loop_thread_and_see_every_committed_write(tmp_path):
    engine = _engine(tmp_path)
    readers: list[int] = []

    async def scenario() -> Any:
        await _started(engine)
        try:
            for i in range(3):
                await engine._run_in_new_connection("INSERT INTO note (body) VALUES (?)", [f"n{i}"])
                rows = await engine._run_in_new_connection("SELECT body FROM note ORDER BY id")
                readers.extend(id(r) for r in engine._all_readers)
                assert [row["body"] for row in rows] == [f"n{j}" for j in range(i + 1)]
            with_rows = await engine._run_in_new_connection(
                "WITH b(x) AS (SELECT 'via with') SELECT x FROM b"
            )
            return with_rows
        finally:
            await engine.close_connection_pool()

    with_rows = asyncio.run(scenario())
    assert with_rows == [{"x": "via with"}]
    assert len(set(readers)) == 1, "one reader connection for the loop's thread"
    assert engine._all_readers == []  # closed with the pool


def test_the_reader_refuses_writes_and_a_writing_with_statement_takes_the_writers_path(tmp_path):
    engine = _engine(tmp_path)

    async def scenario() -> list[dict[str, Any]]:
        await _started(engine)
        try:
            with pytest.raises(Exception, match="readonly"):
                engine._read("INSERT INTO note (body) VALUES ('no')", [])
            await engine._run_in_new_connection(
                "WITH b(x) AS (SELECT 'kept') INSERT INTO note (body) SELECT x FROM b"
            )
            return await engine._run_in_new_connection("SELECT body FROM note")  # type: ignore[no-any-return]
        finally:
            await engine.close_connection_pool()

    assert asyncio.run(scenario()) == [{"body": "kept"}]


def test_a_read_never_waits_for_a_writer_holding_the_lock(tmp_path):
    """WAL: the loop's reads go on while a transaction holds the write lock."""
    engine = _engine(tmp_path)

    async def scenario() -> list[dict[str, Any]]:
        await _started(engine)
        try:
            await engine._run_in_new_connection("INSERT INTO note (body) VALUES ('old')")
            async with engine.transaction() as transaction:
                await transaction.connection.execute("UPDATE note SET body = 'new'")
                # The write is not committed: the reader sees the old row, at once.
                return await engine._run_in_new_connection("SELECT body FROM note")  # type: ignore[no-any-return]
        finally:
            await engine.close_connection_pool()

    assert asyncio.run(scenario()) == [{"body": "old"}]
