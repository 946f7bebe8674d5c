"""Stories through the API: writes, translations, slugs, validation, rich text, lists, dates."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from strawberry.relay import to_base64

from hub.access import SYSTEM
from hub.content import entries
from hub.content import stories as story_rules
from hub.enums import Locale, Status

STORY_FIELDS = """
  id slug title excerpt status locale availableLocales publishedAt createdAt updatedAt
  readingTimeMinutes format authorName body { html text } author { slug }
"""
CREATE_STORY = f"""
mutation CreateStory($input: CreateStoryInput!) {{
  createStory(input: $input) {{ story {{ {STORY_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE_STORY = f"""
mutation UpdateStory($input: UpdateStoryInput!) {{
  updateStory(input: $input) {{ story {{ {STORY_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE_STORY = """
mutation DeleteStory($id: ID!) {
  deleteStory(input: {id: $id}) { story { id slug } errors { field message code } }
}
"""
STORY = f"""
query Story($slug: String!, $locale: Locale) {{
  story(slug: $slug, locale: $locale) {{ {STORY_FIELDS} }}
}}
"""
STORIES = """
query Stories($filter: StoryFilter, $orderBy: StoryOrder, $first: Int, $after: String) {
  stories(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { slug } }
    nodes { slug title }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CREATE_ARTIST = """
mutation CreateArtist($input: CreateArtistInput!) {
  createArtist(input: $input) { artist { id slug } errors { field message code } }
}
"""
CREATE_CAMPAIGN = """
mutation CreateCampaign($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id slug } errors { field message code } }
}
"""
CREATE_TAG = """
mutation CreateTag($input: CreateTagInput!) {
  createTag(input: $input) { tag { id slug } errors { field message code } }
}
"""


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_story(gql: Any, **fields: Any) -> dict[str, Any]:
    payload = gql(CREATE_STORY, {"input": fields}, as_="editor")["createStory"]
    assert payload["errors"] == [], payload["errors"]
    return payload["story"]  # type: ignore[no-any-return]


def story_errors(gql: Any, mutation: str, **fields: Any) -> list[dict[str, Any]]:
    data = gql(mutation, {"input": fields}, as_="editor")
    payload = next(iter(data.values()))
    assert payload["story"] is None
    return payload["errors"]  # type: ignore[no-any-return]


def create(gql: Any, mutation: str, **fields: Any) -> dict[str, Any]:
    payload = next(iter(gql(mutation, {"input": fields}, as_="editor").values()))
    assert payload["errors"] == [], payload["errors"]
    return next(v for k, v in payload.items() if k != "errors")  # type: ignore[no-any-return]


def published_tag(gql: Any) -> str:
    slug = unique("tag")
    create(gql, CREATE_TAG, name=slug, slug=slug, status="PUBLISHED")
    return slug


def listed(gql: Any, as_: str | None = None, **variables: Any) -> dict[str, Any]:
    return gql(STORIES, variables, as_=as_)["stories"]  # type: ignore[no-any-return]


# ---- create, update, delete -------------------------------------------------------------------


def test_editor_creates_updates_and_deletes_a_story(gql):
    story = create_story(gql, title="Ҳикояи нав", excerpt="Аввал", status="PUBLISHED")
    assert story["title"] == "Ҳикояи нав"
    assert story["status"] == "PUBLISHED"

    data = gql(UPDATE_STORY, {"input": {"id": story["id"], "excerpt": "Дуюм"}}, as_="editor")
    assert data["updateStory"]["errors"] == []
    assert data["updateStory"]["story"]["excerpt"] == "Дуюм"
    assert gql(STORY, {"slug": story["slug"]})["story"]["excerpt"] == "Дуюм"

    data = gql(DELETE_STORY, {"id": story["id"]}, as_="editor")
    assert data["deleteStory"]["errors"] == []
    assert data["deleteStory"]["story"]["slug"] == story["slug"]
    assert gql(STORY, {"slug": story["slug"]}, as_="editor")["story"] is None


def test_deleting_an_unknown_story_is_not_found(gql):
    data = gql(DELETE_STORY, {"id": to_base64("Story", 987654321)}, as_="editor")
    assert data["deleteStory"]["errors"][0]["code"] == "NOT_FOUND"
    assert data["deleteStory"]["errors"][0]["field"] == "id"


def test_new_story_is_a_draft_by_default(gql):
    story = create_story(gql, title="Сиёҳнавис")
    assert story["status"] == "DRAFT"
    assert story["publishedAt"] is None


# ---- translations -----------------------------------------------------------------------------


def test_update_in_russian_adds_the_russian_title(gql):
    story = create_story(gql, title="Модари ман", status="PUBLISHED")
    assert story["availableLocales"] == ["TG"]

    data = gql(
        UPDATE_STORY,
        {"input": {"id": story["id"], "locale": "RU", "title": "Моя мать"}},
        as_="editor",
    )
    assert data["updateStory"]["errors"] == []
    assert data["updateStory"]["story"]["title"] == "Моя мать"
    assert data["updateStory"]["story"]["availableLocales"] == ["TG", "RU"]

    russian = gql(STORY, {"slug": story["slug"], "locale": "RU"})["story"]
    assert (russian["title"], russian["locale"]) == ("Моя мать", "RU")
    tajik = gql(STORY, {"slug": story["slug"]})["story"]
    assert (tajik["title"], tajik["locale"]) == ("Модари ман", "TG")


def test_story_created_in_english_is_served_in_english(gql):
    story = create_story(gql, title="Mountain voices", locale="EN", status="PUBLISHED")
    english = gql(STORY, {"slug": story["slug"], "locale": "EN"})["story"]
    assert (english["title"], english["locale"]) == ("Mountain voices", "EN")
    assert english["availableLocales"] == ["EN"]


def test_missing_translation_falls_back_tajik_russian_english(gql):
    story = create_story(gql, title="Only English", locale="EN", status="PUBLISHED")
    gql(
        UPDATE_STORY,
        {"input": {"id": story["id"], "locale": "RU", "title": "Русский"}},
        as_="editor",
    )

    # Tajik is missing: Russian comes before English in the default chain.
    served = gql(STORY, {"slug": story["slug"], "locale": "TG"})["story"]
    assert (served["title"], served["locale"]) == ("Русский", "RU")
    # No locale asked: the chain starts with Tajik, then Russian.
    served = gql(STORY, {"slug": story["slug"]})["story"]
    assert (served["title"], served["locale"]) == ("Русский", "RU")
    assert served["availableLocales"] == ["RU", "EN"]


def test_fallback_reaches_english_when_tajik_and_russian_are_missing(gql):
    story = create_story(gql, title="English at last", locale="EN", status="PUBLISHED")
    served = gql(STORY, {"slug": story["slug"], "locale": "RU"})["story"]
    assert (served["title"], served["locale"]) == ("English at last", "EN")


def test_missing_english_falls_back_to_tajik_first(gql):
    story = create_story(gql, title="Тоҷикӣ", status="PUBLISHED")
    gql(
        UPDATE_STORY,
        {"input": {"id": story["id"], "locale": "RU", "title": "Русский"}},
        as_="editor",
    )
    served = gql(STORY, {"slug": story["slug"], "locale": "EN"})["story"]
    assert (served["title"], served["locale"]) == ("Тоҷикӣ", "TG")


# ---- slugs ------------------------------------------------------------------------------------


def test_slug_is_the_tajik_title_transliterated_to_ascii(gql):
    story = create_story(gql, title="Ҳунари ҷавонони Ғарм")
    assert story["slug"] == "hunari-javononi-gharm"


def test_slug_is_the_russian_title_transliterated_to_ascii(gql):
    story = create_story(gql, title="Щит и юность, Худжанд!", locale="RU")
    assert story["slug"] == "shchit-i-yunost-khudzhand"


def test_second_story_with_the_same_title_gets_a_numbered_slug(gql):
    title = f"Қиссаи такрорӣ {uuid.uuid4().hex[:6]}"
    first = create_story(gql, title=title)
    second = create_story(gql, title=title)
    assert second["slug"] == f"{first['slug']}-2"


def test_explicit_duplicate_slug_is_refused_on_the_slug_field(gql):
    slug = unique("taken")
    create_story(gql, title="Якум", slug=slug)
    errors = story_errors(gql, CREATE_STORY, title="Дуюм", slug=slug)
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE", "slug")]


def test_malformed_slug_is_invalid(gql):
    for bad in ("Bad Slug", "double--hyphen", "-leading", "ҳ-cyrillic", "under_score"):
        errors = story_errors(gql, CREATE_STORY, title="Нодуруст", slug=bad)
        assert [(e["code"], e["field"]) for e in errors] == [("INVALID", "slug")], bad


def test_draft_slug_can_change_but_a_published_one_cannot(gql):
    story = create_story(gql, title="Роҳи дароз")
    new_slug = unique("renamed")
    data = gql(UPDATE_STORY, {"input": {"id": story["id"], "slug": new_slug}}, as_="editor")
    assert data["updateStory"]["errors"] == []
    assert data["updateStory"]["story"]["slug"] == new_slug

    gql(UPDATE_STORY, {"input": {"id": story["id"], "status": "PUBLISHED"}}, as_="editor")
    errors = story_errors(gql, UPDATE_STORY, id=story["id"], slug=unique("moved"))
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", "slug")]
    assert gql(STORY, {"slug": new_slug})["story"]["slug"] == new_slug


# ---- validation -------------------------------------------------------------------------------


def test_empty_title_is_required(gql):
    for title in ("", "   "):
        errors = story_errors(gql, CREATE_STORY, title=title)
        assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", "title")]


def test_clearing_the_only_title_is_required(gql):
    story = create_story(gql, title="Ягона")
    errors = story_errors(gql, UPDATE_STORY, id=story["id"], title="")
    assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", "title")]


def test_overlong_title_is_too_long(gql):
    errors = story_errors(gql, CREATE_STORY, title="а" * 201)
    assert [(e["code"], e["field"]) for e in errors] == [("TOO_LONG", "title")]


def test_unknown_author_is_not_found_on_author_id(gql):
    errors = story_errors(gql, CREATE_STORY, title="Бе муаллиф", authorId=to_base64("Artist", 9**9))
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", "authorId")]


def test_artist_id_given_as_campaign_is_invalid(gql):
    artist = create(gql, CREATE_ARTIST, name="Рассом")
    errors = story_errors(gql, CREATE_STORY, title="Хато", campaignId=artist["id"])
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", "campaignId")]


def test_unknown_tag_slug_is_not_found_on_tag_slugs(gql):
    errors = story_errors(gql, CREATE_STORY, title="Бе тег", tagSlugs=[unique("missing")])
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", "tagSlugs")]


def test_every_problem_is_reported_at_once(gql):
    errors = story_errors(gql, CREATE_STORY, title="", slug="Not A Slug")
    assert {(e["code"], e["field"]) for e in errors} == {("REQUIRED", "title"), ("INVALID", "slug")}
    assert all(e["message"] for e in errors)


# ---- rich text and reading time ---------------------------------------------------------------


def test_body_html_is_sanitised_and_has_a_plain_text_form(gql):
    body = (
        '<p onclick="steal()">Салом <script>alert("x")</script><strong>дунё</strong></p>'
        '<p><a href="javascript:alert(1)">бад</a> <a href="https://example.org">нек</a></p>'
        "<style>p{}</style><img src=x onerror=alert(1)>"
    )
    story = create_story(gql, title="Тоза", body=body)
    html = story["body"]["html"]
    for forbidden in ("<script", "alert", "onclick", "javascript:", "<style", "<img", "onerror"):
        assert forbidden not in html
    assert "<strong>дунё</strong>" in html
    assert 'href="https://example.org"' in html
    assert story["body"]["text"] == "Салом дунё бад нек"


def test_reading_time_is_computed_from_the_body(gql):
    short = create_story(gql, title="Кӯтоҳ", body="<p>Як ду се</p>")
    assert short["readingTimeMinutes"] == 1
    words = " ".join(["калима"] * 1000)
    long = create_story(gql, title="Дароз", body=f"<p>{words}</p>")
    assert long["readingTimeMinutes"] == 5

    data = gql(
        UPDATE_STORY,
        {"input": {"id": short["id"], "body": f"<p>{words} {words}</p>"}},
        as_="editor",
    )
    assert data["updateStory"]["story"]["readingTimeMinutes"] == 10


# ---- filters ----------------------------------------------------------------------------------


def test_stories_filter_by_tags_matches_any_of_them(gql):
    first_tag, second_tag, other_tag = published_tag(gql), published_tag(gql), published_tag(gql)
    a = create_story(gql, title="Бо теги якум", tagSlugs=[first_tag], status="PUBLISHED")
    b = create_story(gql, title="Бо теги дуюм", tagSlugs=[second_tag], status="PUBLISHED")
    create_story(gql, title="Бо теги дигар", tagSlugs=[other_tag], status="PUBLISHED")

    result = listed(gql, filter={"tags": [first_tag, second_tag]})
    assert {n["slug"] for n in result["nodes"]} == {a["slug"], b["slug"]}
    assert result["totalCount"] == 2


def test_stories_filter_by_author_slug(gql):
    artist = create(gql, CREATE_ARTIST, name="Муаллифа", status="PUBLISHED")
    other = create(gql, CREATE_ARTIST, name="Дигар", status="PUBLISHED")
    mine = create_story(gql, title="Аз ӯ", authorId=artist["id"], status="PUBLISHED")
    create_story(gql, title="Аз дигар", authorId=other["id"], status="PUBLISHED")

    result = listed(gql, filter={"authorSlug": artist["slug"]})
    assert [n["slug"] for n in result["nodes"]] == [mine["slug"]]
    assert result["totalCount"] == 1


def test_stories_filter_by_campaign_slug(gql):
    campaign = create(gql, CREATE_CAMPAIGN, title="Маърака", status="PUBLISHED")
    inside = create_story(gql, title="Дар маърака", campaignId=campaign["id"], status="PUBLISHED")
    create_story(gql, title="Берун аз маърака", status="PUBLISHED")

    result = listed(gql, filter={"campaignSlug": campaign["slug"]})
    assert [n["slug"] for n in result["nodes"]] == [inside["slug"]]
    assert result["totalCount"] == 1


def test_stories_filter_by_format(gql):
    tag = published_tag(gql)
    video = create_story(gql, title="Видео", format="VIDEO", tagSlugs=[tag], status="PUBLISHED")
    create_story(gql, title="Матн", format="TEXT", tagSlugs=[tag], status="PUBLISHED")

    result = listed(gql, filter={"tags": [tag], "format": "VIDEO"})
    assert [n["slug"] for n in result["nodes"]] == [video["slug"]]
    assert result["totalCount"] == 1
    assert gql(STORY, {"slug": video["slug"]})["story"]["format"] == "VIDEO"


def test_stories_filter_excludes_content_warnings(gql):
    tag = published_tag(gql)
    calm = create_story(gql, title="Ором", tagSlugs=[tag], status="PUBLISHED")
    create_story(
        gql,
        title="Вазнин",
        tagSlugs=[tag],
        contentWarnings=["EARLY_MARRIAGE", "DOMESTIC_VIOLENCE"],
        status="PUBLISHED",
    )
    harm = create_story(
        gql, title="Худозорӣ", tagSlugs=[tag], contentWarnings=["SELF_HARM"], status="PUBLISHED"
    )

    result = listed(gql, filter={"tags": [tag], "excludeContentWarnings": ["DOMESTIC_VIOLENCE"]})
    assert {n["slug"] for n in result["nodes"]} == {calm["slug"], harm["slug"]}
    result = listed(
        gql, filter={"tags": [tag], "excludeContentWarnings": ["DOMESTIC_VIOLENCE", "SELF_HARM"]}
    )
    assert [n["slug"] for n in result["nodes"]] == [calm["slug"]]
    assert result["totalCount"] == 1


def test_editors_filter_stories_by_status(gql):
    tag = published_tag(gql)
    draft = create_story(gql, title="Сиёҳ", tagSlugs=[tag])
    create_story(gql, title="Нашршуда", tagSlugs=[tag], status="PUBLISHED")
    result = listed(gql, as_="editor", filter={"tags": [tag], "status": "DRAFT"})
    assert [n["slug"] for n in result["nodes"]] == [draft["slug"]]


# ---- orders -----------------------------------------------------------------------------------


def test_stories_orders(gql):
    tag = published_tag(gql)
    words = " ".join(["калима"] * 600)
    old = create_story(
        gql, title="Кӯҳна", tagSlugs=[tag], body=f"<p>{words}</p>", status="PUBLISHED"
    )
    mid = create_story(gql, title="Миёна", tagSlugs=[tag], status="PUBLISHED")
    new = create_story(gql, title="Нав", tagSlugs=[tag], status="PUBLISHED")

    def order(name: str) -> list[str]:
        return [n["slug"] for n in listed(gql, filter={"tags": [tag]}, orderBy=name)["nodes"]]

    assert order("NEWEST") == [new["slug"], mid["slug"], old["slug"]]
    assert listed(gql, filter={"tags": [tag]})["nodes"][0]["slug"] == new["slug"]
    assert order("OLDEST") == [old["slug"], mid["slug"], new["slug"]]
    assert order("LONGEST_READ")[0] == old["slug"]

    gql(UPDATE_STORY, {"input": {"id": mid["id"], "excerpt": "Навшуда"}}, as_="editor")
    assert order("RECENTLY_UPDATED")[0] == mid["slug"]


# ---- pagination -------------------------------------------------------------------------------


def test_pages_follow_end_cursors_to_the_end(gql):
    tag = published_tag(gql)
    slugs = [
        create_story(gql, title=f"Саҳифа {i}", tagSlugs=[tag], status="PUBLISHED")["slug"]
        for i in range(5)
    ]

    seen: list[str] = []
    after = None
    pages = []
    while True:
        page = listed(gql, filter={"tags": [tag]}, first=2, after=after)
        assert page["totalCount"] == 5
        assert [e["node"]["slug"] for e in page["edges"]] == [n["slug"] for n in page["nodes"]]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        seen += [n["slug"] for n in page["nodes"]]
        pages.append(len(page["nodes"]))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == [2, 2, 1]
    assert sorted(seen) == sorted(slugs)


def test_first_over_one_hundred_is_an_error_naming_the_maximum(gql):
    body = gql(STORIES, {"first": 101}, errors=True)
    assert body["data"] is None
    assert "100" in body["errors"][0]["message"]
    assert "first" in body["errors"][0]["message"]


def test_negative_first_is_an_error(gql):
    body = gql(STORIES, {"first": -1}, errors=True)
    assert "100" in body["errors"][0]["message"]


def test_a_made_up_cursor_is_an_error_that_says_what_to_pass(gql):
    body = gql(STORIES, {"after": "not-a-cursor"}, errors=True)
    assert "endCursor" in body["errors"][0]["message"]


def test_first_defaults_to_twenty(gql, run):
    tag = published_tag(gql)
    for i in range(21):
        run(
            entries.create,
            story_rules.SPEC,
            SYSTEM,
            {"title": f"Бисёр {i}", "tag_slugs": [tag], "status": Status.PUBLISHED},
            Locale.TG,
        )
    result = listed(gql, filter={"tags": [tag]})
    assert len(result["nodes"]) == 20
    assert result["totalCount"] == 21
    assert result["pageInfo"]["hasNextPage"] is True


# ---- dates ------------------------------------------------------------------------------------


def test_dates_are_iso_8601_with_a_time_zone(gql):
    story = create_story(gql, title="Сана", status="PUBLISHED")
    read = gql(STORY, {"slug": story["slug"]})["story"]
    for field in ("publishedAt", "createdAt", "updatedAt"):
        value = datetime.fromisoformat(read[field])
        assert value.tzinfo is not None, (field, read[field])
        assert value.utcoffset() is not None
