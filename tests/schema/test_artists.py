"""Artists through the API: profiles, translations, links, filters and their stories."""

from __future__ import annotations

import uuid
from typing import Any

ARTIST_FIELDS = """
  id slug name status locale availableLocales region city disciplines isAmbassador
  bio { html text } links { label url }
"""
CREATE_ARTIST = f"""
mutation CreateArtist($input: CreateArtistInput!) {{
  createArtist(input: $input) {{ artist {{ {ARTIST_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE_ARTIST = f"""
mutation UpdateArtist($input: UpdateArtistInput!) {{
  updateArtist(input: $input) {{ artist {{ {ARTIST_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE_ARTIST = """
mutation DeleteArtist($id: ID!) {
  deleteArtist(input: {id: $id}) { artist { slug } errors { field message code } }
}
"""
ARTIST = f"""
query Artist($slug: String!, $locale: Locale) {{
  artist(slug: $slug, locale: $locale) {{ {ARTIST_FIELDS} }}
}}
"""
ARTISTS = """
query Artists($filter: ArtistFilter, $orderBy: ArtistOrder) {
  artists(filter: $filter, orderBy: $orderBy, first: 100) { totalCount nodes { slug } }
}
"""
CREATE_STORY = """
mutation CreateStory($input: CreateStoryInput!) {
  createStory(input: $input) { story { id slug } errors { field message code } }
}
"""
STORY_AUTHOR = """
query StoryAuthor($slug: String!) { story(slug: $slug) { authorName author { slug } } }
"""
ARTIST_STORIES = """
query ArtistStories($slug: String!, $first: Int, $after: String) {
  artist(slug: $slug) {
    stories(first: $first, after: $after) {
      totalCount nodes { slug } pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_artist(gql: Any, **fields: Any) -> dict[str, Any]:
    fields.setdefault("status", "PUBLISHED")
    payload = gql(CREATE_ARTIST, {"input": fields}, as_="editor")["createArtist"]
    assert payload["errors"] == [], payload["errors"]
    return payload["artist"]  # type: ignore[no-any-return]


def artist_errors(gql: Any, mutation: str, **fields: Any) -> list[tuple[str, str]]:
    payload = next(iter(gql(mutation, {"input": fields}, as_="editor").values()))
    assert payload["artist"] is None
    return [(e["code"], e["field"]) for e in payload["errors"]]


def create_story(gql: Any, **fields: Any) -> dict[str, Any]:
    payload = gql(CREATE_STORY, {"input": fields}, as_="editor")["createStory"]
    assert payload["errors"] == [], payload["errors"]
    return payload["story"]  # type: ignore[no-any-return]


def listed(gql: Any, **flt: Any) -> set[str]:
    data = gql(ARTISTS, {"filter": flt, "orderBy": "NEWEST"})
    return {n["slug"] for n in data["artists"]["nodes"]}


def test_editor_creates_updates_and_deletes_an_artist(gql):
    artist = create_artist(
        gql,
        name="Шаҳноза Ҷӯраева",
        bio="<p>Рассом аз <em>Хуҷанд</em><script>x()</script></p>",
        city="Хуҷанд",
        region="SUGHD",
        disciplines=["ILLUSTRATION", "TEXTILES"],
        isAmbassador=True,
    )
    assert artist["slug"].startswith("shahnoza-juraeva")
    assert artist["region"] == "SUGHD"
    assert artist["disciplines"] == ["ILLUSTRATION", "TEXTILES"]
    assert artist["isAmbassador"] is True
    assert artist["bio"]["html"] == "<p>Рассом аз <em>Хуҷанд</em></p>"
    assert artist["bio"]["text"] == "Рассом аз Хуҷанд"

    data = gql(UPDATE_ARTIST, {"input": {"id": artist["id"], "city": "Душанбе"}}, as_="editor")[
        "updateArtist"
    ]
    assert data["errors"] == []
    assert (data["artist"]["city"], data["artist"]["region"]) == ("Душанбе", "SUGHD")
    assert gql(ARTIST, {"slug": artist["slug"]})["artist"]["city"] == "Душанбе"

    deleted = gql(DELETE_ARTIST, {"id": artist["id"]}, as_="editor")["deleteArtist"]
    assert deleted == {"artist": {"slug": artist["slug"]}, "errors": []}
    assert gql(ARTIST, {"slug": artist["slug"]}, as_="editor")["artist"] is None


def test_name_in_russian_is_added_by_an_update_in_russian(gql):
    artist = create_artist(gql, name="Малика Назарова")
    gql(
        UPDATE_ARTIST,
        {"input": {"id": artist["id"], "locale": "RU", "name": "Малика Назарова (рус)"}},
        as_="editor",
    )
    russian = gql(ARTIST, {"slug": artist["slug"], "locale": "RU"})["artist"]
    assert (russian["name"], russian["locale"]) == ("Малика Назарова (рус)", "RU")
    assert russian["availableLocales"] == ["TG", "RU"]
    english = gql(ARTIST, {"slug": artist["slug"], "locale": "EN"})["artist"]
    assert (english["name"], english["locale"]) == ("Малика Назарова", "TG")


def test_artist_without_name_is_refused(gql):
    assert artist_errors(gql, CREATE_ARTIST, name=" ") == [("REQUIRED", "name")]


def test_links_must_be_http_urls(gql):
    artist = create_artist(
        gql, name="Бо пайванд", links=[{"label": "Сайт", "url": "https://example.org/art"}]
    )
    assert artist["links"] == [{"label": "Сайт", "url": "https://example.org/art"}]
    for bad in ("javascript:alert(1)", "ftp://example.org", "example.org"):
        errors = artist_errors(
            gql, CREATE_ARTIST, name="Бад пайванд", links=[{"label": "x", "url": bad}]
        )
        assert errors == [("INVALID", "links")], bad


def test_artists_filter_by_region(gql):
    khatlon = create_artist(gql, name="Аз Хатлон", region="KHATLON")
    gbao = create_artist(gql, name="Аз Бадахшон", region="GBAO")
    found = listed(gql, region="KHATLON")
    assert khatlon["slug"] in found
    assert gbao["slug"] not in found


def test_artists_filter_by_discipline(gql):
    animator = create_artist(gql, name="Аниматор", disciplines=["ANIMATION", "DESIGN"])
    painter = create_artist(gql, name="Наққош", disciplines=["PAINTING"])
    found = listed(gql, discipline="DESIGN")
    assert animator["slug"] in found
    assert painter["slug"] not in found
    assert painter["slug"] in listed(gql, discipline="PAINTING")


def test_artists_filter_by_ambassadorship(gql):
    ambassador = create_artist(gql, name="Сафир", isAmbassador=True)
    other = create_artist(gql, name="Оддӣ")
    assert ambassador["slug"] in listed(gql, isAmbassador=True)
    assert other["slug"] not in listed(gql, isAmbassador=True)
    assert other["slug"] in listed(gql, isAmbassador=False)


def test_artist_stories_list_her_published_stories_newest_first(gql):
    artist = create_artist(gql, name=f"Нависанда {uuid.uuid4().hex[:4]}")
    first = create_story(gql, title="Якум", authorId=artist["id"], status="PUBLISHED")
    second = create_story(gql, title="Дуюм", authorId=artist["id"], status="PUBLISHED")
    create_story(gql, title="Сиёҳ", authorId=artist["id"])

    page = gql(ARTIST_STORIES, {"slug": artist["slug"], "first": 1})["artist"]["stories"]
    assert page["totalCount"] == 2
    assert [n["slug"] for n in page["nodes"]] == [second["slug"]]
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    page = gql(ARTIST_STORIES, {"slug": artist["slug"], "first": 1, "after": after})
    assert [n["slug"] for n in page["artist"]["stories"]["nodes"]] == [first["slug"]]
    assert page["artist"]["stories"]["pageInfo"]["hasNextPage"] is False


def test_artist_stories_page_size_is_limited_too(gql):
    artist = create_artist(gql, name="Маҳдуд")
    body = gql(ARTIST_STORIES, {"slug": artist["slug"], "first": 101}, errors=True)
    assert "100" in body["errors"][0]["message"]


def test_deleting_an_artist_keeps_her_stories_without_author(gql):
    artist = create_artist(gql, name="Рафта")
    story = create_story(gql, title="Мерос", authorId=artist["id"], status="PUBLISHED")
    deleted = gql(DELETE_ARTIST, {"id": artist["id"]}, as_="editor")["deleteArtist"]
    assert deleted["errors"] == []
    assert gql(STORY_AUTHOR, {"slug": story["slug"]})["story"]["author"] is None


def test_duplicate_artist_slug_is_refused(gql):
    slug = unique("artist")
    create_artist(gql, name="Аввал", slug=slug)
    assert artist_errors(gql, CREATE_ARTIST, name="Дуюм", slug=slug) == [("DUPLICATE", "slug")]
