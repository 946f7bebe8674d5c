"""The content version moves with every committed change to content, whoever made it."""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

import asyncpg
import pytest

from hub import tables
from hub.content import versions

# Tables whose changes never change what a cached response holds (see the triggers' migration).
UNWATCHED = {"api_token", "outbox", "content_version"}
TRIGGERS_SQL = {
    "sqlite": "SELECT tbl_name AS tablename, name FROM sqlite_master"
    " WHERE type = 'trigger' AND name LIKE 'content_version_%'",
    "postgres": "SELECT c.relname AS tablename, t.tgname AS name FROM pg_trigger t"
    " JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'content_version_%'",
}


def test_every_content_table_has_version_triggers(run, database):
    async def triggers() -> list[dict[str, Any]]:
        return await tables.Story.raw(TRIGGERS_SQL[database])  # type: ignore[no-any-return]

    found: dict[str, set[str]] = {}
    for row in run(triggers):
        found.setdefault(row["tablename"], set()).add(row["name"])
    watched = {table._meta.tablename for table in tables.ALL_TABLES} - UNWATCHED
    missing = sorted(watched - set(found))
    assert not missing, (
        f"tables without content version triggers: {missing}. Add a migration that creates them "
        "like `migrations/hub_2026_11_30t09_57_17_000000.py`, or the response cache would serve "
        "their old content."
    )
    assert not set(found) & UNWATCHED
    per_table = 3 if database == "sqlite" else 2  # insert/update/delete; row + truncate
    assert {len(names) for names in found.values()} == {per_table}


async def _tag_changes(rollback: bool = False) -> tuple[int, int, int, int]:
    """Versions before, after an insert, after an update, after a delete of a tag (plain SQL,
    as the admin panel or a script would write)."""
    slug = f"v-{uuid.uuid4().hex[:8]}"
    seen = [await versions.current()]
    await tables.Tag.raw("INSERT INTO tag (slug, name_tg) VALUES ({}, 'Санҷиш')", slug)
    seen.append(await versions.current())
    await tables.Tag.raw("UPDATE tag SET name_tg = 'Нав' WHERE slug = {}", slug)
    seen.append(await versions.current())
    await tables.Tag.raw("DELETE FROM tag WHERE slug = {}", slug)
    seen.append(await versions.current())
    return tuple(seen)  # type: ignore[return-value]


def test_insert_update_and_delete_each_move_the_version(run):
    before, inserted, updated, deleted = run(_tag_changes)
    assert before is not None
    assert before < inserted < updated < deleted


def test_a_transaction_moves_the_version_when_it_commits_and_not_when_it_rolls_back(run, database):
    class Rollback(Exception):
        pass

    async def change(commit: bool) -> tuple[int | None, int | None, int | None]:
        before = await versions.current()
        inside = None
        try:
            async with tables.Tag._meta.db.transaction():
                for _ in range(3):
                    slug = f"t-{uuid.uuid4().hex[:8]}"
                    await tables.Tag.raw("INSERT INTO tag (slug) VALUES ({})", slug)
                inside = await versions.current()
                if not commit:
                    raise Rollback
        except Rollback:
            pass
        return before, inside, await versions.current()

    before, inside, after = run(change, False)
    assert after == before
    before, inside, after = run(change, True)
    assert after is not None and before is not None and after > before
    if database == "postgres":
        # Deferred to the commit, once per transaction: other writers only ever queue for the
        # version row at the very end, never while holding it.
        assert inside == before
        assert after == before + 1


@pytest.mark.parametrize("table", ["story", "story_tag", "artwork_inquiry"])
def test_watched_tables_include_links_and_editor_only_tables(run, database, table):
    rows = run(tables.Story.raw, TRIGGERS_SQL[database])
    assert table in {row["tablename"] for row in rows}


def test_writers_crossing_rows_never_deadlock_over_the_version(run, database):
    """A takes tag 1, B tag 2, A then waits for tag 2. Had the version row been bumped at each
    statement, B would wait for A's version lock and A for B's tag: a deadlock, and one of two
    editors' saves failing. Bumped at commit, B commits, then A."""
    if database != "postgres":
        pytest.skip("SQLite has one writer at a time: there is nothing to cross")
    url = os.environ["DATABASE_URL"]

    async def cross() -> tuple[int | None, int | None]:
        one, two = (f"x-{uuid.uuid4().hex[:8]}" for _ in range(2))
        await tables.Tag.raw("INSERT INTO tag (slug) VALUES ({}), ({})", one, two)
        before = await versions.current()
        a, b = await asyncpg.connect(url), await asyncpg.connect(url)
        try:
            update = "UPDATE tag SET name_tg = $1 WHERE slug = $2"
            a_tx, b_tx = a.transaction(), b.transaction()
            await a_tx.start()
            await b_tx.start()
            await asyncio.wait_for(a.execute(update, "A", one), 5)
            await asyncio.wait_for(b.execute(update, "B", two), 5)
            waiting = asyncio.ensure_future(a.execute(update, "A", two))
            await asyncio.sleep(0.2)
            assert not waiting.done(), "A waits for B's row"
            await asyncio.wait_for(b_tx.commit(), 5)
            await asyncio.wait_for(waiting, 5)
            await asyncio.wait_for(a_tx.commit(), 5)
        finally:
            await a.close()
            await b.close()
        return before, await versions.current()

    before, after = run(cross)
    assert before is not None and after == before + 2
