"""`schedulePublish`: editors plan a publication, the worker carries it out, the public waits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import editor_writes
import pytest
from editor_writes import step
from strawberry.relay import from_base64, to_base64

from hub import tables
from hub.content.registry import SPECS
from hub.enums import Locale
from hub.search.backend import SearchQuery
from hub.worker import Worker

PUBLIC = [None, "kiosk"]
DUSHANBE = timezone(timedelta(hours=5))

SCHEDULE = """
mutation Schedule($input: SchedulePublishInput!) {
  schedulePublish(input: $input) {
    entry { __typename id slug status publishedAt scheduledPublishAt }
    errors { field code message }
  }
}
"""
UPDATE_STORY = """
mutation Update($input: UpdateStoryInput!) {
  updateStory(input: $input) { story { title scheduledPublishAt } errors { field code } }
}
"""
DELETE_STORY = """
mutation Delete($input: IdInput!) { deleteStory(input: $input) { errors { code } } }
"""
STORY = """
query Story($slug: String!) { story(slug: $slug) { slug status scheduledPublishAt } }
"""
ONE = "query One($slug: String!) {{ {field}(slug: $slug) {{ slug }} }}"
STORIES_TAGGED = """
query Tagged($tag: String!) { stories(filter: {tags: [$tag]}) { totalCount nodes { slug } } }
"""
NODE = "query Node($id: ID!) { node(id: $id) { id } }"
SEARCH = """
query Search($query: String!) {
  search(query: $query) { totalCount hits { item { ... on Story { slug } } } }
}
"""


def later(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


def make(gql: Any, type_name: str = "Story", **fields: Any) -> dict[str, Any]:
    title = "name" if type_name in ("Artist", "Partner", "Tag", "Mentor") else "title"
    fields.setdefault(title, f"Нашри ояндаи {uuid.uuid4().hex[:10]}")
    return editor_writes.make(gql, type_name, **fields)


def schedule(gql: Any, entry_id: str, at: Any, as_: str | None = "editor") -> dict[str, Any]:
    payload = gql(SCHEDULE, {"input": {"id": entry_id, "at": at}}, as_=as_)
    return payload["schedulePublish"]  # type: ignore[no-any-return]


def scheduled(gql: Any, entry_id: str, at: datetime) -> dict[str, Any]:
    payload = schedule(gql, entry_id, at.isoformat())
    assert payload["errors"] == [], payload["errors"]
    return payload["entry"]  # type: ignore[no-any-return]


def stored(run: Any, entry_id: str) -> dict[str, Any] | None:
    """The row as the database holds it, for editors and the public alike."""
    type_name, key = from_base64(entry_id)
    table = SPECS[type_name].table
    return run(table.select().where(table._meta.primary_key == int(key)).first().run)  # type: ignore[no-any-return]


def outbox_rows(run: Any, entry_id: str) -> int:
    type_name, key = from_base64(entry_id)
    box = tables.OutboxEntry
    query = box.count().where((box.entity == SPECS[type_name].label) & (box.entity_id == int(key)))
    return run(query.run)  # type: ignore[no-any-return]


def moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def published_slugs(run: Any) -> set[str]:
    query = tables.Story.select(tables.Story.slug).where(tables.Story.status == "published")
    return set(run(query.output(as_list=True).run))


def publish_due(run: Any, worker: Any, at: datetime) -> set[str]:
    """Run the worker's due check with its clock at `at`; the stories it published, as slugs."""
    before = published_slugs(run)
    run(Worker(worker.backend, worker.settings, clock=lambda: at).publish_due)
    return published_slugs(run) - before


# ---- scheduling -------------------------------------------------------------------------------


def test_an_editor_schedules_a_draft_which_stays_a_draft_until_then(gql, run):
    story = make(gql)
    at = later(hours=3).astimezone(DUSHANBE)
    entry = scheduled(gql, story["id"], at)
    assert (entry["status"], entry["publishedAt"]) == ("DRAFT", None)
    assert moment(entry["scheduledPublishAt"]) == at
    read = gql(STORY, {"slug": story["slug"]}, as_="editor")["story"]
    assert moment(read["scheduledPublishAt"]) == at
    assert read["status"] == "DRAFT"

    sooner = later(hours=1)
    assert moment(scheduled(gql, story["id"], sooner)["scheduledPublishAt"]) == sooner
    assert stored(run, story["id"])["scheduled_at"] == sooner  # type: ignore[index]


def test_an_entry_in_review_can_be_scheduled(gql):
    story = make(gql)
    step(gql, "submitForReview", story["id"])
    entry = scheduled(gql, story["id"], later(hours=1))
    assert entry["status"] == "IN_REVIEW"
    assert entry["scheduledPublishAt"] is not None


@pytest.mark.parametrize("type_name", sorted(editor_writes.CREATE))
def test_every_content_type_can_be_scheduled_and_is_published_on_time(gql, run, worker, type_name):
    entry = make(gql, type_name)
    at = later(hours=1)
    assert scheduled(gql, entry["id"], at)["__typename"] == type_name
    field = type_name.lower()
    one = ONE.format(field=field)
    assert gql(one, {"slug": entry["slug"]})[field] is None

    run(Worker(worker.backend, worker.settings, clock=lambda: at).publish_due)
    row = stored(run, entry["id"])
    assert row is not None
    assert (row["status"], row["scheduled_at"]) == ("published", None)
    assert row["published_at"] is not None
    assert gql(one, {"slug": entry["slug"]})[field] == {"slug": entry["slug"]}


def test_null_cancels_a_schedule_and_the_worker_then_leaves_the_entry_alone(gql, run, worker):
    story = make(gql)
    at = later(hours=1)
    scheduled(gql, story["id"], at)
    payload = schedule(gql, story["id"], None)
    assert payload["errors"] == []
    assert payload["entry"]["scheduledPublishAt"] is None
    assert stored(run, story["id"])["scheduled_at"] is None  # type: ignore[index]

    assert story["slug"] not in publish_due(run, worker, at + timedelta(days=1))
    assert stored(run, story["id"])["status"] == "draft"  # type: ignore[index]


def test_cancelling_when_nothing_is_scheduled_succeeds_and_writes_nothing(gql, run):
    story = make(gql)
    before, rows = stored(run, story["id"]), outbox_rows(run, story["id"])
    payload = schedule(gql, story["id"], None)
    assert payload["errors"] == []
    assert payload["entry"]["scheduledPublishAt"] is None
    assert stored(run, story["id"]) == before
    assert outbox_rows(run, story["id"]) == rows


# ---- the other workflow steps and writes --------------------------------------------------------


def test_unpublish_cancels_a_schedule(gql, run, worker):
    story = make(gql)
    at = later(hours=1)
    scheduled(gql, story["id"], at)
    entry = step(gql, "unpublish", story["id"])
    assert (entry["status"], entry["scheduledPublishAt"]) == ("DRAFT", None)
    assert story["slug"] not in publish_due(run, worker, at + timedelta(minutes=1))


def test_publishing_by_hand_ends_the_schedule(gql, run, worker):
    story = make(gql)
    at = later(hours=1)
    scheduled(gql, story["id"], at)
    entry = step(gql, "publish", story["id"])
    assert (entry["status"], entry["scheduledPublishAt"]) == ("PUBLISHED", None)
    first_published = entry["publishedAt"]
    assert first_published is not None

    assert story["slug"] not in publish_due(run, worker, at + timedelta(minutes=1))
    assert gql(STORY, {"slug": story["slug"]}, as_="editor")["story"]["status"] == "PUBLISHED"
    assert stored(run, story["id"])["published_at"] == moment(first_published)  # type: ignore[index]


def test_updating_a_scheduled_entry_keeps_its_schedule(gql, run):
    story = make(gql)
    at = later(hours=2)
    scheduled(gql, story["id"], at)
    for change in ({"title": "Номи нав"}, {"status": "IN_REVIEW"}, {"status": "DRAFT"}):
        payload = gql(UPDATE_STORY, {"input": {"id": story["id"], **change}}, as_="editor")
        assert payload["updateStory"]["errors"] == []
        assert moment(payload["updateStory"]["story"]["scheduledPublishAt"]) == at


def test_setting_the_status_to_published_in_an_update_ends_the_schedule(gql, run):
    story = make(gql)
    scheduled(gql, story["id"], later(hours=2))
    update = {"id": story["id"], "status": "PUBLISHED"}
    payload = gql(UPDATE_STORY, {"input": update}, as_="editor")["updateStory"]
    assert payload["errors"] == []
    assert payload["story"]["scheduledPublishAt"] is None
    assert stored(run, story["id"])["published_at"] is not None  # type: ignore[index]


def test_deleting_a_scheduled_entry_removes_its_schedule(gql, run, worker):
    story = make(gql)
    at = later(hours=1)
    scheduled(gql, story["id"], at)
    payload = gql(DELETE_STORY, {"input": {"id": story["id"]}}, as_="editor")["deleteStory"]
    assert payload["errors"] == []
    assert stored(run, story["id"]) is None
    assert story["slug"] not in publish_due(run, worker, at + timedelta(minutes=1))
    assert gql(STORY, {"slug": story["slug"]}, as_="editor")["story"] is None


# ---- the public -------------------------------------------------------------------------------


@pytest.mark.parametrize("as_", PUBLIC)
def test_the_public_never_sees_a_scheduled_entry_before_it_is_published(
    gql, run, worker, indexed, as_
):
    tag = make(gql, "Tag", status="PUBLISHED")
    title = f"Ҷашнвораи баҳорӣ {uuid.uuid4().hex[:8]}"
    story = make(gql, title=title, tagSlugs=[tag["slug"]])
    at = later(hours=1)
    scheduled(gql, story["id"], at)
    run(worker.drain)

    def seen() -> list[bool]:
        return [
            gql(STORY, {"slug": story["slug"]}, as_=as_)["story"] is not None,
            gql(STORIES_TAGGED, {"tag": tag["slug"]}, as_=as_)["stories"]["totalCount"] > 0,
            gql(NODE, {"id": story["id"]}, as_=as_)["node"] is not None,
            any(
                hit["item"].get("slug") == story["slug"]
                for hit in gql(SEARCH, {"query": title}, as_=as_)["search"]["hits"]
            ),
        ]

    assert seen() == [False, False, False, False]
    # The time has come but no worker ran yet: visibility follows the status, not the clock.
    assert story["slug"] not in publish_due(run, worker, at - timedelta(seconds=1))
    assert seen() == [False, False, False, False]

    assert story["slug"] in publish_due(run, worker, at)
    run(worker.drain)
    assert seen() == [True, True, True, True]
    public = gql(STORY, {"slug": story["slug"]}, as_=as_)["story"]
    assert public == {"slug": story["slug"], "status": "PUBLISHED", "scheduledPublishAt": None}


@pytest.mark.parametrize("as_", PUBLIC)
def test_the_scheduled_time_is_never_shown_to_the_public(gql, run, as_):
    story = make(gql, status="PUBLISHED")
    # Not reachable through the API (a published entry has no schedule); the field is guarded
    # anyway, in case a row is ever written some other way.
    _, key = from_base64(story["id"])
    at = later(hours=1)
    run(
        tables.Story.update({tables.Story.scheduled_at: at})
        .where(tables.Story._meta.primary_key == int(key))
        .run
    )
    assert gql(STORY, {"slug": story["slug"]}, as_="editor")["story"]["scheduledPublishAt"]
    assert gql(STORY, {"slug": story["slug"]}, as_=as_)["story"]["scheduledPublishAt"] is None
    run(
        tables.Story.update({tables.Story.scheduled_at: None})
        .where(tables.Story._meta.primary_key == int(key))
        .run
    )


def test_the_search_index_holds_the_entry_after_its_scheduled_publication(
    gql, run, worker, indexed
):
    title = f"Намоиши ниҳонӣ {uuid.uuid4().hex[:8]}"
    story = make(gql, title=title)
    at = later(minutes=30)
    scheduled(gql, story["id"], at)
    run(worker.drain)
    _, key = from_base64(story["id"])
    assert f"story:{key}" not in run(worker.backend.entry_keys)

    assert story["slug"] in publish_due(run, worker, at + timedelta(seconds=1))
    run(worker.drain)
    assert f"story:{key}" in run(worker.backend.entry_keys)
    result = run(worker.backend.search, SearchQuery(text=title, locale=Locale.TG))
    assert [hit.entry_id for hit in result.hits][:1] == [int(key)]


# ---- refusals change nothing -------------------------------------------------------------------


def assert_unchanged(run: Any, entry_id: str, before: dict[str, Any], rows: int) -> None:
    assert stored(run, entry_id) == before
    assert outbox_rows(run, entry_id) == rows


@pytest.mark.parametrize("as_", PUBLIC)
@pytest.mark.parametrize("at", ["soon", None])
def test_public_callers_are_forbidden_and_change_nothing(gql, run, as_, at):
    story = make(gql)
    scheduled(gql, story["id"], later(hours=5))
    before, rows = stored(run, story["id"]), outbox_rows(run, story["id"])
    value = later(hours=1).isoformat() if at == "soon" else None
    payload = schedule(gql, story["id"], value, as_=as_)
    assert payload["entry"] is None
    assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert_unchanged(run, story["id"], before, rows)


@pytest.mark.parametrize("as_", PUBLIC)
def test_public_callers_are_forbidden_even_with_a_bad_input(gql, run, as_):
    story = make(gql)
    for variables in ({"id": story["id"]}, {"id": story["id"], "at": "2001-01-01T00:00:00Z"}):
        payload = gql(SCHEDULE, {"input": variables}, as_=as_)["schedulePublish"]
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("at", "code"),
    [
        ("2030-01-01T10:00:00", "INVALID"),  # no zone: ambiguous
        ("2001-01-01T10:00:00+05:00", "INVALID"),  # in the past
        ("just now", "INVALID"),  # just passed
        ("omitted", "REQUIRED"),  # cancelling must be said with null
    ],
)
def test_a_time_without_a_zone_in_the_past_or_missing_is_refused(gql, run, at, code):
    story = make(gql)
    previous = later(hours=4)
    scheduled(gql, story["id"], previous)
    before, rows = stored(run, story["id"]), outbox_rows(run, story["id"])
    variables: dict[str, Any] = {"id": story["id"]}
    if at == "just now":
        variables["at"] = later(seconds=-1).isoformat()
    elif at != "omitted":
        variables["at"] = at
    payload = gql(SCHEDULE, {"input": variables}, as_="editor")["schedulePublish"]
    assert payload["entry"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("at", code)]
    assert all(e["message"] for e in payload["errors"])
    assert_unchanged(run, story["id"], before, rows)


def test_a_published_entry_cannot_be_scheduled(gql, run):
    story = make(gql, status="PUBLISHED")
    before, rows = stored(run, story["id"]), outbox_rows(run, story["id"])
    payload = schedule(gql, story["id"], later(hours=1).isoformat())
    assert payload["entry"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("id", "INVALID")
    assert "already published" in error["message"]
    assert_unchanged(run, story["id"], before, rows)


def test_an_unknown_entry_is_not_found(gql):
    payload = schedule(gql, to_base64("Story", 987_654_321), later(hours=1).isoformat())
    assert payload["entry"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]


def test_an_id_that_is_not_a_content_entry_is_refused(gql):
    payload = schedule(gql, to_base64("Image", 1), later(hours=1).isoformat())
    assert payload["entry"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "INVALID")]
