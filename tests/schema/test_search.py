"""The `search` query over the demo content, on the embedded backend: what kiosk visitors get."""

from __future__ import annotations

from typing import Any

import pytest

from hub import tables

SEARCH = """
query Search($query: String!, $types: [ContentType!], $locale: Locale, $tags: [String!],
             $first: Int, $after: String) {
  search(query: $query, types: $types, locale: $locale, tags: $tags, first: $first, after: $after) {
    totalCount
    hits {
      score
      highlights { field snippet }
      item {
        __typename
        ... on Story { slug title authorName author { name } }
        ... on Artist { slug name }
        ... on Artwork { slug title }
        ... on Course { slug title }
        ... on Mentor { slug name }
        ... on Campaign { slug title }
        ... on Event { slug title }
      }
    }
    facets { types { value count } tags { value count } locales { value count } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
STORY_TITLE = "query($slug: String!) { story(slug: $slug) { title } }"
VIEWERS = [None, "kiosk", "editor"]


def search(gql: Any, query: str, as_: str | None = None, **variables: Any) -> dict[str, Any]:
    return gql(SEARCH, {"query": query, **variables}, as_=as_)["search"]  # type: ignore[no-any-return]


def slugs(result: dict[str, Any]) -> list[str]:
    return [hit["item"]["slug"] for hit in result["hits"]]


def test_a_campaign_title_is_found_first_with_the_words_marked(gql, indexed):
    result = search(gql, "Хонаи бехатар", locale="TG")
    first = result["hits"][0]
    assert first["item"] == {
        "__typename": "Campaign",
        "slug": "safe-home",
        "title": "Хонаи бехатар",
    }
    title = [h["snippet"] for h in first["highlights"] if h["field"] == "title"]
    assert title and "<mark>" in title[0]


def test_latin_spelling_finds_cyrillic_text(gql, indexed):
    result = search(gql, "Dushanbe", locale="TG")
    assert result["totalCount"] > 0
    snippets = " ".join(h["snippet"] for hit in result["hits"] for h in hit["highlights"])
    assert "<mark>Душанбе" in snippets


def test_typing_the_start_of_a_word_already_finds_it(gql, indexed):
    assert search(gql, "Хонаи бехат", locale="TG")["hits"][0]["item"]["slug"] == "safe-home"


@pytest.mark.parametrize("as_", VIEWERS)
def test_drafts_are_never_found_or_counted(gql, indexed, as_):
    drafts = [s for s in indexed.slugs["story"] if s not in indexed.published["story"]]
    assert drafts
    for slug in drafts:
        title = gql(STORY_TITLE, {"slug": slug}, as_="editor")["story"]["title"]
        result = search(gql, title, as_=as_, first=100)
        assert slug not in slugs(result)


@pytest.mark.parametrize("as_", VIEWERS)
def test_an_anonymous_story_is_never_found_through_its_author(gql, run, indexed, as_):
    checked = 0
    for slug in indexed.anonymous_stories:
        story = run(tables.Story.select().where(tables.Story.slug == slug).first().run)
        if story["author"] is None or story["status"] != "published":
            continue
        checked += 1
        author = run(tables.Artist.select().where(tables.Artist.id == story["author"]).first().run)
        for name in (author["name_tg"], author["name_ru"], author["name_en"]):
            result = search(gql, name, as_=as_, first=100)
            assert slug not in slugs(result)
            stories = [h for h in result["hits"] if h["item"]["__typename"] == "Story"]
            assert all(h["item"]["author"] is None or h["item"]["slug"] != slug for h in stories)
    assert checked, "the demo has published anonymous stories with a known author"


def test_types_narrow_the_hits_but_the_type_facet_still_counts_the_others(gql, indexed):
    everything = search(gql, "Душанбе", locale="TG", first=100)
    artists = search(gql, "Душанбе", locale="TG", types=["ARTIST"], first=100)
    assert artists["hits"]
    assert {hit["item"]["__typename"] for hit in artists["hits"]} == {"Artist"}
    assert artists["facets"]["types"] == everything["facets"]["types"]
    assert len({f["value"] for f in everything["facets"]["types"]}) > 1


def test_tags_filter_the_hits(gql, indexed):
    result = search(gql, "духтар", locale="TG", tags=["education"], first=100)
    assert result["hits"]
    tags = {f["value"] for f in result["facets"]["tags"]}
    assert "education" in tags


def test_pages_follow_each_other_without_repeats(gql, indexed):
    first = search(gql, "ман", locale="TG", first=3)
    assert first["totalCount"] > 3 and first["pageInfo"]["hasNextPage"]
    second = search(gql, "ман", locale="TG", first=3, after=first["pageInfo"]["endCursor"])
    assert second["totalCount"] == first["totalCount"]
    assert not set(slugs(first)) & set(slugs(second))


def test_first_over_the_maximum_is_an_error_naming_it(gql, indexed):
    body = gql(SEARCH, {"query": "санъат", "first": 101}, errors=True)
    assert body["data"] is None
    assert "100" in body["errors"][0]["message"]


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "-", ":", '"*:-()'])
def test_empty_or_punctuation_queries_find_nothing(gql, indexed, query):
    result = search(gql, query)
    assert (result["totalCount"], result["hits"]) == (0, [])


@pytest.mark.parametrize("query", ["AND", "NEAR(", 'OR "', "title:x", "^a"])
def test_search_syntax_in_a_query_is_read_as_words_not_operators(gql, indexed, query):
    # `gql` fails on any top-level error: the query must simply be searched for.
    result = search(gql, query, first=100)
    assert len(result["hits"]) <= result["totalCount"]
