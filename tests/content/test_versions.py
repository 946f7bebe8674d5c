"""The content version moves with every committed change to content, whoever made it."""

from __future__ import annotations

import uuid
from typing import Any

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
