"""The outbox and the worker: no write is ever lost by the index, whatever happens to the worker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Any

import pytest

from hub import outbox, tables
from hub.access import ANONYMOUS, SYSTEM, visible
from hub.content import entries, stories
from hub.enums import ContentType, Locale, Status
from hub.search import documents
from hub.search.backend import Document, SearchQuery
from hub.search.embedded import EmbeddedSearch
from hub.worker import Worker

CREATE_STORY = """
mutation($input: CreateStoryInput!) { createStory(input: $input) { story { id } errors { code } } }
"""


async def _published_keys() -> set[str]:
    keys = set()
    for content_type, table in documents.TABLES.items():
        rule = visible(table, ANONYMOUS)
        query = table.select(table._meta.primary_key)
        rows = await (query.where(rule) if rule is not None else query)
        keys |= {f"{content_type.value}:{row['id']}" for row in rows}
    return keys


async def _pending_for(entity: str, entity_id: int) -> int:
    return await tables.OutboxEntry.count().where(
        (tables.OutboxEntry.entity == entity) & (tables.OutboxEntry.entity_id == entity_id)
    )


def _story(status: Status = Status.PUBLISHED, **extra: Any) -> dict[str, Any]:
    return {"title": f"Қиссаи санҷишӣ {uuid.uuid4().hex[:8]}", "status": status, **extra}


def test_every_write_leaves_an_outbox_entry_in_its_own_transaction(run, indexed):
    row = run(entries.create, stories.SPEC, SYSTEM, _story(), Locale.TG)
    assert run(_pending_for, "story", row["id"]) == 1
    run(entries.update, stories.SPEC, SYSTEM, row["id"], {"excerpt": "Нав"}, Locale.TG)
    run(entries.delete, stories.SPEC, SYSTEM, row["id"])
    assert run(_pending_for, "story", row["id"]) == 3


def test_a_refused_write_leaves_no_outbox_entry(gql, run, indexed):
    before = run(tables.OutboxEntry.count().run)
    payload = gql(CREATE_STORY, {"input": {"title": "  "}}, as_="editor")["createStory"]
    assert payload["errors"] == [{"code": "REQUIRED"}]
    assert run(tables.OutboxEntry.count().run) == before


def test_stopped_worker_catches_up_and_the_index_equals_the_database(run, worker, indexed):
    assert run(worker.backend.entry_keys) == run(_published_keys)

    # The worker is stopped (nothing drains): publish, unpublish, change and delete.
    new = run(entries.create, stories.SPEC, SYSTEM, _story(), Locale.TG)
    hidden = run(entries.create, stories.SPEC, SYSTEM, _story(), Locale.TG)
    gone = run(entries.create, stories.SPEC, SYSTEM, _story(), Locale.TG)
    run(entries.set_status, stories.SPEC, SYSTEM, hidden["id"], Status.DRAFT)
    run(entries.delete, stories.SPEC, SYSTEM, gone["id"])
    assert f"story:{new['id']}" not in run(worker.backend.entry_keys)

    assert run(worker.drain) > 0  # the worker comes back
    keys = run(worker.backend.entry_keys)
    assert keys == run(_published_keys)
    assert f"story:{new['id']}" in keys
    assert f"story:{hidden['id']}" not in keys
    assert f"story:{gone['id']}" not in keys
    assert run(outbox.lag).pending == 0


class DownBackend:
    """A search engine that is down: every write fails."""

    name = "meilisearch"
    emptied = False

    async def open(self) -> None:
        return None

    async def replace(self, changes: Mapping[str, list[Document]]) -> None:
        raise ConnectionError("search engine is down")


def test_writes_succeed_while_the_search_engine_is_down_and_the_index_catches_up(
    gql, run, worker, indexed
):
    title = f"Ҳунари кӯҳистон {uuid.uuid4().hex[:6]}"
    down = Worker(DownBackend(), worker.settings)  # type: ignore[arg-type]
    payload = gql(CREATE_STORY, {"input": {"title": title, "status": "PUBLISHED"}}, as_="editor")
    assert payload["createStory"]["errors"] == []

    with pytest.raises(ConnectionError):
        run(down.run_once)
    lag = run(outbox.lag)
    assert lag.pending >= 1 and lag.failing >= 1

    # Time passes (the back-off ends) and the engine is back.
    run(tables.OutboxEntry.update({tables.OutboxEntry.claimed_until: None}, force=True).run)
    run(worker.drain)
    result = run(worker.backend.search, SearchQuery(text=title, locale=Locale.TG))
    assert [hit.type for hit in result.hits][:1] == [ContentType.STORY]
    assert run(outbox.lag).pending == 0


def test_concurrent_workers_apply_each_change_once(run, worker, indexed):
    created = [run(entries.create, stories.SPEC, SYSTEM, _story(), Locale.TG) for _ in range(30)]
    pending = run(outbox.lag).pending
    assert pending >= 30
    applied: list[int] = []

    class Counting(Worker):
        async def apply(self, changes: list[outbox.Change]) -> None:
            applied.extend(change.id for change in changes)
            await super().apply(changes)

    async def two_workers() -> None:
        first = Counting(worker.backend, worker.settings, batch=7)
        second = Counting(worker.backend, worker.settings, batch=5)
        await asyncio.gather(first.drain(), second.drain())

    run(two_workers)
    assert len(applied) == len(set(applied)) == pending
    keys = run(worker.backend.entry_keys)
    assert {f"story:{row['id']}" for row in created} <= keys
    assert keys == run(_published_keys)


def test_anonymous_story_is_indexed_without_its_author(run, indexed):
    artists = run(tables.Artist.select().where(tables.Artist.status == "published").limit(1).run)
    artist = artists[0]
    row = run(
        entries.create,
        stories.SPEC,
        SYSTEM,
        _story(author_id=artist["id"], is_anonymous=True, pseudonym="Ситора"),
        Locale.TG,
    )
    docs = run(documents.build, ContentType.STORY, [row["id"]], (Locale.TG, Locale.RU, Locale.EN))
    texts = " ".join(f"{d.title} {d.subtitle} {d.body}" for d in docs[f"story:{row['id']}"])
    assert "Ситора" in texts
    names = [n for n in (artist["name_tg"], artist["name_ru"], artist["name_en"]) if n]
    assert names
    for name in names:
        assert name not in texts


def test_an_index_that_starts_empty_is_rebuilt_by_the_worker(run, worker, indexed, tmp_path):
    """A new or emptied index file (a layout upgrade) must not wait for `hub reindex`."""
    fresh = EmbeddedSearch(tmp_path / "search.db")
    rebuilding = Worker(fresh, worker.settings)

    async def serve_until_rebuilt() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(rebuilding.run_forever(stop, poll_seconds=0.01))
        try:
            async with asyncio.timeout(60):
                while not await fresh.entry_keys():
                    await asyncio.sleep(0.01)
        finally:
            stop.set()
            await task

    try:
        run(fresh.open)
        assert fresh.emptied
        run(serve_until_rebuilt)
        assert run(fresh.entry_keys) == run(_published_keys)
        assert not fresh.emptied
        assert run(rebuilding.rebuild_if_empty) is None  # once filled, nothing to do
    finally:
        run(fresh.close)


def test_a_failed_rebuild_is_tried_again(run, worker, indexed, tmp_path):
    fresh = EmbeddedSearch(tmp_path / "search.db")

    class Failing(Worker):
        async def reindex(self, progress: Any = None) -> int:
            await self.backend.clear()
            raise ConnectionError("database went away")

    try:
        assert run(Failing(fresh, worker.settings).rebuild_if_empty) is None
        assert fresh.emptied
        assert run(Worker(fresh, worker.settings).rebuild_if_empty) is not None
    finally:
        run(fresh.close)


def test_a_rebuild_writes_in_the_backends_batches_and_reports_progress(
    run, worker, indexed, tmp_path
):
    fresh = EmbeddedSearch(tmp_path / "search.db")
    fresh.rebuild_batch = 25  # type: ignore[misc]
    written: list[int] = []
    replace = fresh.replace

    async def counted(changes: Mapping[str, list[Document]]) -> None:
        written.append(len(changes))
        await replace(changes)

    fresh.replace = counted  # type: ignore[method-assign]
    progress: list[tuple[int, int]] = []
    rebuilding = Worker(fresh, worker.settings, batch=10)
    try:
        run(fresh.open)
        total = run(rebuilding.reindex, lambda done, of: progress.append((done, of)))
        assert sum(written) == total
        # Read ten at a time, written at least 25 at a time (the last batch may be smaller).
        assert all(size >= 25 for size in written[:-1]) and len(written) > 1
        assert progress[-1] == (total, total)
        assert run(fresh.entry_keys) == run(_published_keys)
    finally:
        run(fresh.close)
