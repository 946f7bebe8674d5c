"""Scheduled publishing in the worker: on time by its clock, once however many workers race,
in one transaction with the status change and its outbox row."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hub import outbox, tables
from hub.access import SYSTEM
from hub.content import entries, schedule, stories
from hub.enums import Locale, Status
from hub.errors import ErrorCode, HubError
from hub.settings import Settings, SettingsError
from hub.worker import Worker


def later(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


def scheduled_story(run: Any, at: datetime) -> int:
    title = f"Нашри нақшавӣ {uuid.uuid4().hex[:8]}"
    row = run(entries.create, stories.SPEC, SYSTEM, {"title": title}, Locale.TG)
    run(schedule.schedule, stories.SPEC, SYSTEM, row["id"], at)
    return int(row["id"])


def story(run: Any, story_id: int) -> dict[str, Any]:
    return run(tables.Story.select().where(tables.Story._meta.primary_key == story_id).first().run)  # type: ignore[no-any-return]


def outbox_rows(run: Any, story_id: int) -> int:
    box = tables.OutboxEntry
    return run(box.count().where((box.entity == "story") & (box.entity_id == story_id)).run)  # type: ignore[no-any-return]


def clocked(worker: Worker, at: datetime, cls: type[Worker] = Worker) -> Worker:
    return cls(worker.backend, worker.settings, clock=lambda: at)


def test_the_worker_publishes_an_entry_when_its_clock_reaches_the_time(run, worker, demo):
    at = later(hours=1)
    story_id = scheduled_story(run, at)

    run(clocked(worker, at - timedelta(microseconds=1)).publish_due)
    assert story(run, story_id)["status"] == Status.DRAFT.value
    run(worker.publish_due)  # the real clock: an hour early
    assert story(run, story_id)["status"] == Status.DRAFT.value

    rows = outbox_rows(run, story_id)
    before = datetime.now(UTC)
    assert run(clocked(worker, at).publish_due) >= 1
    row = story(run, story_id)
    assert (row["status"], row["scheduled_at"]) == (Status.PUBLISHED.value, None)
    # As the publish step sets it: when it happened, first publication only.
    assert before <= row["published_at"] <= datetime.now(UTC)
    assert row["updated_at"] >= before
    assert outbox_rows(run, story_id) == rows + 1


def test_a_republished_entry_keeps_its_first_publication_date(run, worker, demo):
    row = run(entries.create, stories.SPEC, SYSTEM, {"title": "Боз нашр"}, Locale.TG)
    first = run(entries.set_status, stories.SPEC, SYSTEM, row["id"], Status.PUBLISHED)
    run(entries.set_status, stories.SPEC, SYSTEM, row["id"], Status.DRAFT)
    at = later(hours=1)
    run(schedule.schedule, stories.SPEC, SYSTEM, row["id"], at)
    run(clocked(worker, at).publish_due)
    again = story(run, row["id"])
    assert again["status"] == Status.PUBLISHED.value
    assert again["published_at"] == first["published_at"]


def test_the_claim_the_status_and_the_outbox_row_commit_together(run, worker, demo, monkeypatch):
    at = later(hours=1)
    story_id = scheduled_story(run, at)
    rows = outbox_rows(run, story_id)

    async def outbox_down(entity: str, entity_id: int) -> None:
        raise ConnectionError("outbox insert failed")

    monkeypatch.setattr(outbox, "record", outbox_down)
    with pytest.raises(ConnectionError):
        run(clocked(worker, at).publish_due)
    row = story(run, story_id)
    assert (row["status"], row["scheduled_at"], row["published_at"]) == ("draft", at, None)
    assert outbox_rows(run, story_id) == rows

    monkeypatch.undo()
    run(clocked(worker, at).publish_due)  # the next round succeeds
    assert story(run, story_id)["status"] == Status.PUBLISHED.value
    assert outbox_rows(run, story_id) == rows + 1


def test_a_refused_publication_keeps_the_schedule_and_the_others_go_ahead(
    run, worker, demo, monkeypatch, caplog
):
    at = later(hours=1)
    refused, fine = scheduled_story(run, at), scheduled_story(run, at)
    publish = entries.set_status

    async def set_status(spec: Any, viewer: Any, entry_id: int, status: Status) -> Any:
        if entry_id == refused:
            raise HubError.one(ErrorCode.INVALID, "An artwork needs its artist.", "artist_id")
        return await publish(spec, viewer, entry_id, status)

    monkeypatch.setattr(entries, "set_status", set_status)
    run(clocked(worker, at).publish_due)
    assert (story(run, refused)["status"], story(run, refused)["scheduled_at"]) == ("draft", at)
    assert story(run, fine)["status"] == Status.PUBLISHED.value
    assert f"story {refused} refused" in caplog.text


def test_two_workers_racing_publish_each_entry_once(run, worker, demo):
    at = later(hours=1)
    ids = [scheduled_story(run, at + timedelta(seconds=i)) for i in range(12)]
    run(worker.drain)  # only the publications' outbox rows are left to count
    published: list[tuple[str, int]] = []

    class Recording(Worker):
        async def publish_due(self) -> int:
            found = await schedule.publish_due(self.clock(), self.batch)
            published.extend(found)
            return len(found)

    async def race() -> None:
        moment = at + timedelta(minutes=1)
        first, second = clocked(worker, moment, Recording), clocked(worker, moment, Recording)
        await asyncio.gather(first.publish_due(), second.publish_due())

    run(race)
    assert len(published) == len(set(published))
    assert {("story", i) for i in ids} <= set(published)
    for story_id in ids:
        row = story(run, story_id)
        assert (row["status"], row["scheduled_at"]) == (Status.PUBLISHED.value, None)
        assert outbox_rows(run, story_id) == 1


def test_an_entry_published_by_another_worker_meanwhile_is_skipped(run, worker, demo):
    """The claim re-checks the schedule: a stale list of due entries publishes nothing twice."""
    at = later(hours=1)
    story_id = scheduled_story(run, at)
    run(clocked(worker, at).publish_due)
    rows = outbox_rows(run, story_id)
    claimed = run(schedule._publish_claimed, stories.SPEC, story_id, at)
    assert claimed is False
    assert outbox_rows(run, story_id) == rows


class Unreachable:
    """A search server that is down: the outbox waits, scheduled publishing must not."""

    name = "meilisearch"

    async def open(self) -> None:
        raise ConnectionError("search engine is down")


def test_the_running_worker_publishes_on_schedule_even_while_search_is_down(run, worker, demo):
    at = later(hours=1)
    story_id = scheduled_story(run, at)
    loop_worker = Worker(Unreachable(), worker.settings, clock=lambda: at)  # type: ignore[arg-type]

    async def run_until_published() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(loop_worker.run_forever(stop, poll_seconds=0.05))
        try:
            for _ in range(200):
                row = (
                    await tables.Story.select()
                    .where(tables.Story._meta.primary_key == story_id)
                    .first()
                )
                if row and row["status"] == Status.PUBLISHED.value:
                    return
                await asyncio.sleep(0.02)
            raise AssertionError("the worker's loop did not publish the due entry")
        finally:
            stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    run(run_until_published)


def test_schedule_interval_is_configurable_and_must_be_positive():
    assert Settings.from_env({}).schedule_interval_seconds == 30
    env = {"HUB_SCHEDULE_INTERVAL_SECONDS": "5"}
    assert Settings.from_env(env).schedule_interval_seconds == 5
    for wrong in ("0", "soon"):
        with pytest.raises(SettingsError, match="HUB_SCHEDULE_INTERVAL_SECONDS"):
            Settings.from_env({"HUB_SCHEDULE_INTERVAL_SECONDS": wrong})
