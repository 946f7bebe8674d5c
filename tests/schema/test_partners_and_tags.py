"""Partners and tags through the API: writes, validation, lists and what deleting them does."""

from __future__ import annotations

import uuid
from typing import Any

CREATE_PARTNER = """
mutation CreatePartner($input: CreatePartnerInput!) {
  createPartner(input: $input) {
    partner { id slug name kind url logo { width } status }
    errors { field code message }
  }
}
"""
UPDATE_PARTNER = """
mutation UpdatePartner($input: UpdatePartnerInput!) {
  updatePartner(input: $input) { partner { slug name kind url } errors { field code } }
}
"""
DELETE_PARTNER = """
mutation DeletePartner($id: ID!) {
  deletePartner(input: {id: $id}) { partner { slug } errors { field code } }
}
"""
PARTNER = "query P($slug: String!) { partner(slug: $slug) { slug name kind url } }"
PARTNERS = """
query Partners($filter: PartnerFilter) {
  partners(filter: $filter, orderBy: NEWEST, first: 100) { totalCount nodes { slug kind } }
}
"""
CREATE_TAG = """
mutation CreateTag($input: CreateTagInput!) {
  createTag(input: $input) { tag { id slug name locale availableLocales } errors { field code } }
}
"""
UPDATE_TAG = """
mutation UpdateTag($input: UpdateTagInput!) {
  updateTag(input: $input) { tag { slug name locale } errors { field code } }
}
"""
DELETE_TAG = """
mutation DeleteTag($id: ID!) { deleteTag(input: {id: $id}) { tag { slug } errors { field code } } }
"""
TAG = """
query T($slug: String!, $locale: Locale) { tag(slug: $slug, locale: $locale) { slug name locale } }
"""
TAGS = """
query Tags($after: String) {
  tags(first: 100, after: $after) { totalCount nodes { slug } pageInfo { hasNextPage endCursor } }
}
"""
CREATE_CAMPAIGN = """
mutation CreateCampaign($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { slug } errors { field code } }
}
"""
CAMPAIGN_PARTNERS = "query C($slug: String!) { campaign(slug: $slug) { partners { slug } } }"
CREATE_STORY = """
mutation CreateStory($input: CreateStoryInput!) {
  createStory(input: $input) { story { slug tags { slug name } } errors { field code } }
}
"""
STORY_TAGS = "query S($slug: String!) { story(slug: $slug) { tags { slug } } }"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def payload_of(gql: Any, mutation: str, **fields: Any) -> dict[str, Any]:
    return next(iter(gql(mutation, {"input": fields}, as_="editor").values()))  # type: ignore[no-any-return]


def create(gql: Any, mutation: str, **fields: Any) -> dict[str, Any]:
    payload = payload_of(gql, mutation, **fields)
    assert payload["errors"] == [], payload["errors"]
    return next(v for k, v in payload.items() if k != "errors")  # type: ignore[no-any-return]


def codes(gql: Any, mutation: str, **fields: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["field"]) for e in payload_of(gql, mutation, **fields)["errors"]]


def all_tag_slugs(gql: Any, as_: str | None = None) -> set[str]:
    slugs: set[str] = set()
    after = None
    while True:
        page = gql(TAGS, {"after": after}, as_=as_)["tags"]
        slugs |= {n["slug"] for n in page["nodes"]}
        if not page["pageInfo"]["hasNextPage"]:
            return slugs
        after = page["pageInfo"]["endCursor"]


# ---- partners ---------------------------------------------------------------------------------


def test_editor_creates_updates_and_deletes_a_partner(gql):
    partner = create(
        gql,
        CREATE_PARTNER,
        name="Радиои Озодӣ",
        kind="MEDIA",
        url="https://example.org/radio",
        status="PUBLISHED",
    )
    assert (partner["kind"], partner["url"], partner["logo"]) == (
        "MEDIA",
        "https://example.org/radio",
        None,
    )
    assert gql(PARTNER, {"slug": partner["slug"]})["partner"]["name"] == "Радиои Озодӣ"

    updated = create(gql, UPDATE_PARTNER, id=partner["id"], kind="NGO")
    assert (updated["kind"], updated["name"]) == ("NGO", "Радиои Озодӣ")

    deleted = gql(DELETE_PARTNER, {"id": partner["id"]}, as_="editor")["deletePartner"]
    assert deleted == {"partner": {"slug": partner["slug"]}, "errors": []}
    assert gql(PARTNER, {"slug": partner["slug"]}, as_="editor")["partner"] is None


def test_partner_without_a_website_has_a_null_url(gql):
    partner = create(gql, CREATE_PARTNER, name="Бе сомона", status="PUBLISHED")
    assert partner["url"] is None
    assert partner["kind"] == "NGO"


def test_partner_website_must_be_an_http_url(gql):
    for bad in ("javascript:alert(1)", "www.example.org", "mailto:a@example.org"):
        assert codes(gql, CREATE_PARTNER, name="Бад", url=bad) == [("INVALID", "url")], bad


def test_partners_filter_by_kind(gql):
    school = create(gql, CREATE_PARTNER, name="Мактаби 1", kind="SCHOOL", status="PUBLISHED")
    business = create(gql, CREATE_PARTNER, name="Ширкат", kind="BUSINESS", status="PUBLISHED")
    found = gql(PARTNERS, {"filter": {"kind": "SCHOOL"}})["partners"]["nodes"]
    assert {"slug": school["slug"], "kind": "SCHOOL"} in found
    assert all(n["kind"] == "SCHOOL" for n in found)
    assert business["slug"] not in {n["slug"] for n in found}


def test_deleting_a_partner_removes_it_from_its_campaigns(gql):
    partner = create(gql, CREATE_PARTNER, name="Муваққатӣ", status="PUBLISHED")
    campaign = create(
        gql, CREATE_CAMPAIGN, title="Бо шарик", partnerIds=[partner["id"]], status="PUBLISHED"
    )
    assert gql(CAMPAIGN_PARTNERS, campaign)["campaign"]["partners"] == [{"slug": partner["slug"]}]
    gql(DELETE_PARTNER, {"id": partner["id"]}, as_="editor")
    assert gql(CAMPAIGN_PARTNERS, campaign)["campaign"]["partners"] == []


# ---- tags -------------------------------------------------------------------------------------


def test_editor_creates_renames_and_deletes_a_tag(gql):
    tag = create(gql, CREATE_TAG, name="Ҳуқуқи занон", status="PUBLISHED")
    assert tag["slug"].startswith("huquqi-zanon")
    assert (tag["name"], tag["locale"], tag["availableLocales"]) == ("Ҳуқуқи занон", "TG", ["TG"])
    assert tag["slug"] in all_tag_slugs(gql)

    renamed = create(gql, UPDATE_TAG, id=tag["id"], locale="EN", name="Women's rights")
    assert (renamed["name"], renamed["locale"]) == ("Women's rights", "EN")
    assert gql(TAG, {"slug": tag["slug"], "locale": "EN"})["tag"]["name"] == "Women's rights"
    assert gql(TAG, {"slug": tag["slug"]})["tag"]["name"] == "Ҳуқуқи занон"

    deleted = gql(DELETE_TAG, {"id": tag["id"]}, as_="editor")["deleteTag"]
    assert deleted == {"tag": {"slug": tag["slug"]}, "errors": []}
    assert tag["slug"] not in all_tag_slugs(gql, as_="editor")


def test_tags_list_shows_the_public_published_tags_only(gql):
    shown = create(gql, CREATE_TAG, name="Ошкор", slug=unique("shown"), status="PUBLISHED")
    hidden = create(gql, CREATE_TAG, name="Пинҳон", slug=unique("hidden"))
    public = all_tag_slugs(gql)
    assert shown["slug"] in public
    assert hidden["slug"] not in public
    assert hidden["slug"] in all_tag_slugs(gql, as_="editor")


def test_tag_name_is_required_and_short(gql):
    assert codes(gql, CREATE_TAG, name="") == [("REQUIRED", "name")]
    assert codes(gql, CREATE_TAG, name="т" * 101) == [("TOO_LONG", "name")]


def test_deleting_a_tag_removes_it_from_its_stories(gql):
    tag = create(gql, CREATE_TAG, name="Гузаранда", slug=unique("passing"), status="PUBLISHED")
    story = create(gql, CREATE_STORY, title="Бо тег", tagSlugs=[tag["slug"]], status="PUBLISHED")
    assert story["tags"] == [{"slug": tag["slug"], "name": "Гузаранда"}]
    gql(DELETE_TAG, {"id": tag["id"]}, as_="editor")
    assert gql(STORY_TAGS, {"slug": story["slug"]})["story"]["tags"] == []


def test_story_tags_keep_the_order_they_were_given_in(gql):
    first = create(gql, CREATE_TAG, name="Б", slug=unique("b"), status="PUBLISHED")
    second = create(gql, CREATE_TAG, name="А", slug=unique("a"), status="PUBLISHED")
    story = create(
        gql,
        CREATE_STORY,
        title="Тартиб",
        tagSlugs=[first["slug"], second["slug"], first["slug"]],
        status="PUBLISHED",
    )
    assert [t["slug"] for t in story["tags"]] == [first["slug"], second["slug"]]
