"""The response cache: repeated public queries skip execution, and never outlive a change."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from editor_writes import make, step
from graphql import ExecutionResult

from hub import tables
from hub.schema.responses import ResponseStore

PUBLIC = [None, "kiosk"]
STORY = "query One($slug: String!) { story(slug: $slug) { slug title } }"
LIST = """
query Listed($tag: String!) {
  stories(filter: {tags: [$tag]}) { totalCount nodes { slug status } }
}
"""
CREATE_TAG = """
mutation Tag($input: CreateTagInput!) { createTag(input: $input) { tag { slug } errors { code } } }
"""
SEARCH = '{ search(query: "Душанбе") { totalCount } }'
# What a cache hit may still read: the caller's token and the content version.
HIT_TABLES = ("api_token", "content_version")


@pytest.fixture()
def responses(client: Any) -> ResponseStore:
    store: ResponseStore = client.app.state.responses
    assert store.enabled, "the tests run with the response cache on, as production does"
    return store


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_tag(gql: Any) -> str:
    tag = make(gql, "Tag", name="Хотира", slug=unique("cache"), status="PUBLISHED")
    return tag["slug"]  # type: ignore[no-any-return]


def make_story(gql: Any, tag: str, published: bool = True) -> dict[str, Any]:
    status = "PUBLISHED" if published else "DRAFT"
    return make(gql, "Story", title="Ҳикояи хотира", tagSlugs=[tag], status=status)


def content_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if not any(f'"{t}"' in s for t in HIT_TABLES)]


@pytest.mark.parametrize("viewer", PUBLIC)
def test_a_repeated_public_query_is_answered_without_executing(gql, sql_count, viewer):
    tag = make_tag(gql)
    make_story(gql, tag)
    with sql_count(response_cache=True) as first:
        answer = gql(LIST, {"tag": tag}, as_=viewer)
    with sql_count(response_cache=True) as second:
        again = gql(LIST, {"tag": tag}, as_=viewer)
    assert again == answer
    assert answer["stories"]["totalCount"] == 1
    assert content_statements(first), "the first asking executes the query"
    assert content_statements(second) == []
    assert any('"content_version"' in s for s in second), "a hit checks the content version"


@pytest.mark.parametrize("viewer", PUBLIC)
def test_publishing_and_unpublishing_show_at_once(gql, sql_count, viewer):
    tag = make_tag(gql)
    story = make_story(gql, tag)
    listed = {"totalCount": 1, "nodes": [{"slug": story["slug"], "status": "PUBLISHED"}]}
    gql(LIST, {"tag": tag}, as_=viewer)
    with sql_count(response_cache=True) as statements:
        assert gql(LIST, {"tag": tag}, as_=viewer)["stories"] == listed
    assert content_statements(statements) == [], "the answer was cached"

    step(gql, "unpublish", story["id"])
    assert gql(LIST, {"tag": tag}, as_=viewer)["stories"] == {"totalCount": 0, "nodes": []}
    assert gql(STORY, {"slug": story["slug"]}, as_=viewer)["story"] is None
    step(gql, "publish", story["id"])
    assert gql(LIST, {"tag": tag}, as_=viewer)["stories"] == listed


def test_a_change_made_without_the_api_shows_at_once(gql, run):
    """The admin panel, a script or psql write the tables directly: triggers see them too."""
    tag = make_tag(gql)
    story = make_story(gql, tag)
    assert gql(STORY, {"slug": story["slug"]})["story"]["title"] == "Ҳикояи хотира"
    assert gql(STORY, {"slug": story["slug"]})["story"]["title"] == "Ҳикояи хотира"

    run(tables.Story.raw, "UPDATE story SET title_tg = 'Ном' WHERE slug = {}", story["slug"])
    assert gql(STORY, {"slug": story["slug"]})["story"]["title"] == "Ном"
    run(tables.Story.raw, "UPDATE story SET status = 'draft' WHERE slug = {}", story["slug"])
    assert gql(STORY, {"slug": story["slug"]})["story"] is None
    assert gql(LIST, {"tag": tag})["stories"]["totalCount"] == 0

    # A link row alone (the story's tag removed) changes the list as well.
    run(tables.Story.raw, "UPDATE story SET status = 'published' WHERE slug = {}", story["slug"])
    assert gql(LIST, {"tag": tag})["stories"]["totalCount"] == 1
    unlink = "DELETE FROM story_tag WHERE story = (SELECT id FROM story WHERE slug = {})"
    run(tables.Story.raw, unlink, story["slug"])
    assert gql(LIST, {"tag": tag})["stories"]["totalCount"] == 0


def test_editors_neither_read_nor_fill_the_cache(gql, responses):
    tag = make_tag(gql)
    draft = make_story(gql, tag, published=False)
    assert gql(LIST, {"tag": tag})["stories"]["totalCount"] == 0
    assert gql(LIST, {"tag": tag})["stories"]["totalCount"] == 0  # now from the cache
    stored = len(responses)

    editor = gql(LIST, {"tag": tag}, as_="editor")["stories"]
    assert editor["nodes"] == [{"slug": draft["slug"], "status": "DRAFT"}]
    assert len(responses) == stored
    assert gql(LIST, {"tag": tag}, as_="kiosk")["stories"]["totalCount"] == 0
    assert gql(LIST, {"tag": tag})["stories"]["totalCount"] == 0


def test_variables_are_part_of_the_key(gql):
    tag = make_tag(gql)
    one, two = make_story(gql, tag), make_story(gql, tag)
    assert gql(STORY, {"slug": one["slug"]})["story"]["slug"] == one["slug"]
    assert gql(STORY, {"slug": two["slug"]})["story"]["slug"] == two["slug"]
    assert gql(STORY, {"slug": one["slug"]})["story"]["slug"] == one["slug"]


def test_search_mutations_and_errors_are_never_stored(gql, responses, demo):
    responses.clear()
    assert gql(SEARCH)["search"]["totalCount"] >= 0
    assert len(responses) == 0, "search reads an index that catches up after the commit"

    refused = gql(CREATE_TAG, {"input": {"name": "Не", "slug": unique("no")}})["createTag"]
    assert refused["errors"] == [{"code": "FORBIDDEN"}]
    assert len(responses) == 0, "a mutation's answer is never replayed"

    too_many = gql("{ stories(first: 101) { totalCount } }", errors=True)
    assert too_many["errors"]
    assert len(responses) == 0

    gql("{ stories(first: 1) { totalCount } }")
    assert len(responses) == 1


# ---- the store -------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def result(n: int) -> ExecutionResult:
    return ExecutionResult(data={"n": n}, errors=None)


def test_store_serves_only_the_version_it_was_computed_at():
    store = ResponseStore(entries=4, seconds=30)
    store.put("q", 7, result(1))
    assert store.get("q", 7) == result(1)
    assert store.get("q", 8) is None
    assert len(store) == 0, "an entry of an old version is dropped"
    assert store.get("q", 7) is None


def test_store_entries_expire_after_their_age_limit():
    clock = Clock()
    store = ResponseStore(entries=4, seconds=30, clock=clock)
    store.put("q", 1, result(1))
    clock.now += 29.9
    assert store.get("q", 1) == result(1)
    clock.now += 0.1
    assert store.get("q", 1) is None


def test_store_keeps_the_most_recently_used_entries():
    store = ResponseStore(entries=2, seconds=30)
    store.put("a", 1, result(1))
    store.put("b", 1, result(2))
    assert store.get("a", 1) is not None  # "a" is now the most recent
    store.put("c", 1, result(3))
    assert store.get("b", 1) is None
    assert store.get("a", 1) == result(1)
    assert store.get("c", 1) == result(3)
    assert not ResponseStore(entries=0, seconds=30).enabled
