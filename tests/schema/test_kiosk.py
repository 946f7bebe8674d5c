"""The exhibition kiosk's query: a fixed number of SQL statements whatever the page size."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from hub import tables
from hub.access import SYSTEM
from hub.content import artists, entries, stories, tags
from hub.enums import ContentWarning, Locale, Status
from hub.schema import relations

KIOSK = (Path(__file__).parent.parent / "kiosk.graphql").read_text(encoding="utf-8")
KIOSK_100 = KIOSK.replace("first: 20", "first: 100")
MAX_STATEMENTS = 8


async def _image(key: str) -> int:
    rows = await tables.Image.insert(
        tables.Image(storage_key=key, width=1200, height=800, alt_tg="Сурат", blurhash="LEHV6n")
    ).returning(tables.Image._meta.primary_key)
    return int(rows[0]["id"])


@pytest.fixture(scope="module")
def many_stories(run: Any) -> None:
    """More than 100 published stories, each with an author, tags and a cover image."""
    batch = uuid.uuid4().hex[:8]
    author_ids = [
        run(
            entries.create,
            artists.SPEC,
            SYSTEM,
            {"name": f"Рассом {i}", "slug": f"kiosk-{batch}-{i}", "status": Status.PUBLISHED},
            Locale.TG,
        )["id"]
        for i in range(5)
    ]
    tag_slugs = [
        run(
            entries.create,
            tags.SPEC,
            SYSTEM,
            {"name": f"Мавзӯъ {i}", "slug": f"kiosk-{batch}-{i}", "status": Status.PUBLISHED},
            Locale.TG,
        )["slug"]
        for i in range(3)
    ]
    for i in range(105):
        data = {
            "title": f"Ҳикояи киоск {i}",
            "excerpt": "Кӯтоҳ",
            "slug": f"kiosk-{batch}-story-{i}",
            "author_id": author_ids[i % len(author_ids)],
            "tag_slugs": tag_slugs[: 1 + i % len(tag_slugs)],
            "cover_image_id": run(_image, f"kiosk/{batch}/{i}.jpg"),
            "status": Status.PUBLISHED,
        }
        run(entries.create, stories.SPEC, SYSTEM, data, Locale.TG)


def _run_kiosk(gql: Any, sql_count: Any, query: str) -> tuple[dict[str, Any], list[str]]:
    with sql_count() as statements:
        data = gql(query, {"locale": "RU"}, as_="kiosk")
    return data, statements


def test_kiosk_query_runs_the_same_statements_for_20_and_100_stories(gql, sql_count, many_stories):
    small, small_statements = _run_kiosk(gql, sql_count, KIOSK)
    large, large_statements = _run_kiosk(gql, sql_count, KIOSK_100)

    assert len(small["stories"]["nodes"]) == 20
    assert len(large["stories"]["nodes"]) == 100
    assert all(n["author"] and n["coverImage"] and n["tags"] for n in large["stories"]["nodes"][:5])
    assert len(small_statements) == len(large_statements), "\n".join(large_statements)
    assert len(large_statements) <= MAX_STATEMENTS, "\n".join(large_statements)


def test_kiosk_query_counts_its_statements(gql, sql_count, many_stories):
    # Guards the fixture above: if nothing were recorded, the equality would prove nothing.
    _, statements = _run_kiosk(gql, sql_count, KIOSK)
    assert len(statements) >= 4


def test_kiosk_query_is_within_every_limit(gql, many_stories):
    for query in (KIOSK, KIOSK_100):
        body = gql(query, {"locale": "TG"}, as_="kiosk", errors=True)
        assert "errors" not in body, body.get("errors")
        assert body["data"]["stories"]["pageInfo"]["hasNextPage"] is True


def test_kiosk_query_leaves_out_stories_with_sexual_violence(gql, run, many_stories):
    row = run(
        entries.create,
        stories.SPEC,
        SYSTEM,
        {
            "title": "Ҳикояи вазнин",
            "content_warnings": [ContentWarning.SEXUAL_VIOLENCE],
            "status": Status.PUBLISHED,
        },
        Locale.TG,
    )
    # Newest first: the story would lead the kiosk's page if it were not filtered out.
    slugs = [n["slug"] for n in gql(KIOSK, as_="kiosk")["stories"]["nodes"]]
    assert row["slug"] not in slugs
    assert len(slugs) == 20


FRAGMENTS = """
query Kiosk($locale: Locale) {
  stories(first: 20, locale: $locale, filter: {excludeContentWarnings: [SEXUAL_VIOLENCE]}) {
    totalCount
    edges { node { ...Card } }
    pageInfo { hasNextPage endCursor }
  }
}
fragment Card on Story {
  id slug title excerpt publishedAt readingTimeMinutes
  ... on Story { authorName coverImage { url(width: 640) blurhash } }
  ...Topics
  author { slug name region }
}
fragment Topics on Story { tags { slug name } }
"""


@pytest.fixture()
def waits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Relation fields that had to wait for their loader: none when the list prefetched them."""
    waited: list[str] = []
    later = relations._later

    def counted(future: Any, convert: Any) -> Any:
        waited.append(repr(future))
        return later(future, convert)

    monkeypatch.setattr(relations, "_later", counted)
    return waited


def test_relations_selected_through_fragments_and_edges_are_prefetched(
    gql, sql_count, many_stories, waits
):
    plain, plain_statements = _run_kiosk(gql, sql_count, KIOSK)
    assert waits == []
    through, statements = _run_kiosk(gql, sql_count, FRAGMENTS)
    assert waits == []

    nodes = [edge["node"] for edge in through["stories"]["edges"]]
    assert nodes == plain["stories"]["nodes"]
    assert len(statements) == len(plain_statements), "\n".join(statements)


def test_a_single_story_waits_for_its_relations(gql, many_stories, waits):
    """The counter above works: outside a list, relation fields do wait for their loader."""
    slug = gql(KIOSK, as_="kiosk")["stories"]["nodes"][0]["slug"]
    story = gql(f'{{ story(slug: "{slug}") {{ author {{ slug }} tags {{ slug }} }} }}')["story"]
    assert story["author"] and story["tags"]
    assert len(waits) == 2


def test_relations_a_query_does_not_select_are_not_loaded(gql, sql_count, many_stories):
    _, everything = _run_kiosk(gql, sql_count, KIOSK)
    _, bare = _run_kiosk(
        gql, sql_count, "query($locale: Locale) { stories(locale: $locale) { nodes { slug } } }"
    )
    # The kiosk query adds one batch each for covers, authors and tags.
    assert len(everything) - len(bare) == 3, "\n".join(everything)
    assert not any('"image"' in s or '"artist"' in s for s in bare), "\n".join(bare)
