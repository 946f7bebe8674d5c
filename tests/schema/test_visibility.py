"""Who sees what: anonymous stories hide their author, drafts never reach the public."""

from __future__ import annotations

import json
import uuid
from typing import Any

import graphql
import pytest
from editor_writes import WORKFLOW, make, step
from strawberry.relay import to_base64

from hub.schema import build_schema
from hub.settings import Settings

PUBLIC = [None, "kiosk"]
# An anonymous story hides its author from editors too: their tokens end up in preview sites.
EVERYONE = [None, "kiosk", "editor"]

STORY_BRIEF = """
query Story($slug: String!, $locale: Locale) {
  story(slug: $slug, locale: $locale) { slug isAnonymous authorName author { slug name } }
}
"""
STORIES = """
query Stories($filter: StoryFilter) {
  stories(filter: $filter, first: 100) { totalCount nodes { slug } }
}
"""
ARTIST_STORIES = """
query ArtistStories($slug: String!) {
  artist(slug: $slug) { slug stories(first: 100) { totalCount nodes { slug authorName } } }
}
"""
CAMPAIGN_STORIES = """
query CampaignStories($slug: String!) {
  campaign(slug: $slug) {
    slug
    stories(first: 100) { totalCount nodes { slug } }
    partners { slug }
  }
}
"""
NODE_STORY = """
query Node($id: ID!) { node(id: $id) { id ... on Story { slug authorName author { name } } } }
"""
ONE = {
    "artist": "query One($slug: String!) { artist(slug: $slug) { slug } }",
    "campaign": "query One($slug: String!) { campaign(slug: $slug) { slug } }",
    "tag": "query One($slug: String!) { tag(slug: $slug) { slug } }",
    "partner": "query One($slug: String!) { partner(slug: $slug) { slug } }",
    "story": "query One($slug: String!) { story(slug: $slug) { slug } }",
}
STORY_RELATIONS = """
query Relations($slug: String!) {
  story(slug: $slug) { slug authorName author { slug name } campaign { slug } tags { slug } }
}
"""


def _selection(schema: graphql.GraphQLSchema, type_: Any, depth: int) -> str:
    """Every field of `type_` that needs no argument, objects followed `depth` levels deep."""
    parts = []
    for name, field in type_.fields.items():
        if any(graphql.is_required_argument(a) for a in field.args.values()):
            continue
        named = graphql.get_named_type(field.type)
        if graphql.is_leaf_type(named):
            parts.append(name)
        elif depth > 0 and isinstance(
            named, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType
        ):
            parts.append(f"{name} {{ {_selection(schema, named, depth - 1)} }}")
        else:
            parts.append(f"{name} {{ __typename }}")
    return " ".join(parts)


def _every_story_field() -> str:
    schema = graphql.build_schema(build_schema(Settings()).as_str())
    return _selection(schema, schema.type_map["Story"], 3)


EVERY_FIELD = _every_story_field()
STORY_EVERYTHING = f"""
query Everything($slug: String!, $id: ID!, $tag: String!) {{
  story(slug: $slug) {{ {EVERY_FIELD} }}
  node(id: $id) {{ id ... on Story {{ {EVERY_FIELD} }} }}
  stories(filter: {{tags: [$tag]}}) {{ nodes {{ {EVERY_FIELD} }} }}
}}
"""


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def text_of(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


# ---- anonymous stories ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def anonymous(gql: Any) -> dict[str, Any]:
    """An artist with one signed story and two anonymous ones (with and without a pseudonym)."""
    name = f"Мавзуна Сирриева {uuid.uuid4().hex[:6]}"
    artist = make(gql, "Artist", name=name, status="PUBLISHED")
    tag = make(gql, "Tag", name="Пинҳон", slug=unique("hidden"), status="PUBLISHED")
    campaign = make(gql, "Campaign", title="Овозҳо", status="PUBLISHED")
    signed_tag = make(gql, "Tag", name="Имзо", slug=unique("signed"), status="PUBLISHED")
    signed = make(
        gql,
        "Story",
        title="Бо имзо",
        authorId=artist["id"],
        tagSlugs=[signed_tag["slug"]],
        status="PUBLISHED",
    )
    # Only the anonymous stories carry the tag: listing it must not lead to her.
    common = {"authorId": artist["id"], "tagSlugs": [tag["slug"]], "status": "PUBLISHED"}
    hidden = make(
        gql,
        "Story",
        title="Бе ном",
        isAnonymous=True,
        pseudonym="Ситораи шаб",
        campaignId=campaign["id"],
        body="<p>Ҳикояи ман</p>",
        **common,
    )
    nameless = make(gql, "Story", title="Бе тахаллус", isAnonymous=True, **common)
    return {
        "name": name,
        "artist": artist,
        "tag": tag["slug"],
        "signed_tag": signed_tag["slug"],
        "campaign": campaign,
        "signed": signed,
        "hidden": hidden,
        "nameless": nameless,
    }


@pytest.mark.parametrize("viewer", EVERYONE)
def test_anonymous_story_has_no_author_and_shows_the_pseudonym(gql, anonymous, viewer):
    story = gql(STORY_BRIEF, {"slug": anonymous["hidden"]["slug"]}, as_=viewer)["story"]
    assert story["isAnonymous"] is True
    assert story["author"] is None
    assert story["authorName"] == "Ситораи шаб"


@pytest.mark.parametrize("viewer", EVERYONE)
@pytest.mark.parametrize(
    ("locale", "shown"), [("TG", "Беном"), ("RU", "Аноним"), ("EN", "Anonymous")]
)
def test_anonymous_story_without_pseudonym_is_called_anonymous_in_the_locale(
    gql, anonymous, viewer, locale, shown
):
    variables = {"slug": anonymous["nameless"]["slug"], "locale": locale}
    story = gql(STORY_BRIEF, variables, as_=viewer)["story"]
    assert story["author"] is None
    assert story["authorName"] == shown


@pytest.mark.parametrize("viewer", EVERYONE)
def test_author_slug_filter_never_finds_an_anonymous_story(gql, anonymous, viewer):
    result = gql(STORIES, {"filter": {"authorSlug": anonymous["artist"]["slug"]}}, as_=viewer)
    assert [n["slug"] for n in result["stories"]["nodes"]] == [anonymous["signed"]["slug"]]
    assert result["stories"]["totalCount"] == 1


@pytest.mark.parametrize("viewer", EVERYONE)
def test_artist_stories_neither_list_nor_count_anonymous_stories(gql, anonymous, viewer):
    artist = gql(ARTIST_STORIES, {"slug": anonymous["artist"]["slug"]}, as_=viewer)["artist"]
    assert [n["slug"] for n in artist["stories"]["nodes"]] == [anonymous["signed"]["slug"]]
    assert artist["stories"]["totalCount"] == 1


@pytest.mark.parametrize("viewer", EVERYONE)
def test_node_of_an_anonymous_story_gives_no_author(gql, anonymous, viewer):
    node = gql(NODE_STORY, {"id": anonymous["hidden"]["id"]}, as_=viewer)["node"]
    assert node["slug"] == anonymous["hidden"]["slug"]
    assert node["author"] is None
    assert node["authorName"] == "Ситораи шаб"


@pytest.mark.parametrize("viewer", EVERYONE)
def test_artist_name_appears_nowhere_in_every_field_of_an_anonymous_story(gql, anonymous, viewer):
    variables = {
        "slug": anonymous["hidden"]["slug"],
        "id": anonymous["hidden"]["id"],
        "tag": anonymous["tag"],
    }
    public = text_of(gql(STORY_EVERYTHING, variables, as_=viewer))
    # The same query names her on a signed story: it does reach every place a name could be.
    signed = {
        "slug": anonymous["signed"]["slug"],
        "id": anonymous["signed"]["id"],
        "tag": anonymous["signed_tag"],
    }
    assert anonymous["name"] in text_of(gql(STORY_EVERYTHING, signed, as_=viewer))

    assert anonymous["hidden"]["slug"] in public
    assert anonymous["nameless"]["slug"] in public
    for secret in (anonymous["name"], "Мавзуна", anonymous["artist"]["slug"]):
        assert secret not in public
    assert anonymous["artist"]["id"] not in public


def test_campaign_stories_hide_the_author_of_an_anonymous_story(gql, anonymous):
    query = """query($slug: String!) { campaign(slug: $slug) {
      stories { nodes { slug authorName author { name } } } } }"""
    campaign = gql(query, {"slug": anonymous["campaign"]["slug"]})["campaign"]
    assert campaign["stories"]["nodes"] == [
        {"slug": anonymous["hidden"]["slug"], "authorName": "Ситораи шаб", "author": None}
    ]


def test_editors_see_an_anonymous_storys_author_nowhere_either(gql, anonymous):
    story = gql(STORY_BRIEF, {"slug": anonymous["hidden"]["slug"]}, as_="editor")["story"]
    assert story["author"] is None
    signed = gql(STORY_BRIEF, {"slug": anonymous["signed"]["slug"]}, as_="editor")["story"]
    assert signed["author"]["name"] == anonymous["name"]


# ---- drafts -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drafts(gql: Any) -> dict[str, Any]:
    """Published and unpublished entries side by side, linked to one another."""
    hidden_name = f"Гулчеҳра Пинҳонова {uuid.uuid4().hex[:6]}"
    w: dict[str, Any] = {"hidden_name": hidden_name}
    w["tag"] = make(gql, "Tag", name="Ошкор", slug=unique("shown"), status="PUBLISHED")
    w["draft_tag"] = make(gql, "Tag", name="Сиёҳ", slug=unique("draft-tag"))
    w["author"] = make(gql, "Artist", name="Ошкоро", status="PUBLISHED")
    w["draft_author"] = make(gql, "Artist", name=hidden_name)
    w["partner"] = make(gql, "Partner", name="Ҳамкор", status="PUBLISHED")
    w["draft_partner"] = make(gql, "Partner", name="Ҳамкори сиёҳ")
    w["campaign"] = make(
        gql,
        "Campaign",
        title="Маъракаи ошкор",
        partnerIds=[w["partner"]["id"], w["draft_partner"]["id"]],
        status="PUBLISHED",
    )
    w["draft_campaign"] = make(gql, "Campaign", title="Маъракаи сиёҳ")
    linked = {
        "authorId": w["author"]["id"],
        "campaignId": w["campaign"]["id"],
        "tagSlugs": [w["tag"]["slug"], w["draft_tag"]["slug"]],
    }
    w["published"] = make(gql, "Story", title="Нашршуда", status="PUBLISHED", **linked)
    w["draft"] = make(gql, "Story", title="Сиёҳнавис", status="DRAFT", **linked)
    w["in_review"] = make(gql, "Story", title="Дар баррасӣ", status="IN_REVIEW", **linked)
    w["archived"] = make(gql, "Story", title="Бойгонӣ", status="ARCHIVED", **linked)
    w["orphan"] = make(
        gql,
        "Story",
        title="Бо пайвандҳои сиёҳ",
        authorId=w["draft_author"]["id"],
        campaignId=w["draft_campaign"]["id"],
        tagSlugs=[w["tag"]["slug"]],
        status="PUBLISHED",
    )
    return w


UNPUBLISHED = ["draft", "in_review", "archived"]


@pytest.mark.parametrize("viewer", PUBLIC)
def test_lists_and_counts_hold_published_stories_only(gql, drafts, viewer):
    result = gql(STORIES, {"filter": {"tags": [drafts["tag"]["slug"]]}}, as_=viewer)["stories"]
    assert {n["slug"] for n in result["nodes"]} == {
        drafts["published"]["slug"],
        drafts["orphan"]["slug"],
    }
    assert result["totalCount"] == 2


@pytest.mark.parametrize("viewer", PUBLIC)
@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_story_is_not_found_by_slug_nor_node(gql, drafts, viewer, state):
    assert gql(ONE["story"], {"slug": drafts[state]["slug"]}, as_=viewer)["story"] is None
    assert gql(NODE_STORY, {"id": drafts[state]["id"]}, as_=viewer)["node"] is None


@pytest.mark.parametrize("viewer", PUBLIC)
@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("artist", "draft_author"),
        ("campaign", "draft_campaign"),
        ("tag", "draft_tag"),
        ("partner", "draft_partner"),
    ],
)
def test_unpublished_entries_are_not_found_by_slug(gql, drafts, viewer, kind, key):
    assert gql(ONE[kind], {"slug": drafts[key]["slug"]}, as_=viewer)[kind] is None
    assert gql(ONE[kind], {"slug": drafts[key]["slug"]}, as_="editor")[kind] is not None


@pytest.mark.parametrize("viewer", PUBLIC)
@pytest.mark.parametrize("plural", ["stories", "artists", "campaigns", "partners", "tags"])
def test_asking_for_drafts_by_status_returns_nothing_to_the_public(gql, drafts, viewer, plural):
    query = f"query {{ {plural}(filter: {{status: DRAFT}}) {{ totalCount nodes {{ slug }} }} }}"
    assert gql(query, as_=viewer)[plural] == {"totalCount": 0, "nodes": []}
    assert gql(query, as_="editor")[plural]["totalCount"] > 0


@pytest.mark.parametrize("viewer", PUBLIC)
def test_draft_tag_is_not_among_a_published_storys_tags(gql, drafts, viewer):
    story = gql(STORY_RELATIONS, {"slug": drafts["published"]["slug"]}, as_=viewer)["story"]
    assert story["tags"] == [{"slug": drafts["tag"]["slug"]}]
    assert story["author"]["slug"] == drafts["author"]["slug"]
    assert story["campaign"]["slug"] == drafts["campaign"]["slug"]


@pytest.mark.parametrize("viewer", PUBLIC)
def test_draft_campaign_and_draft_author_are_hidden_on_a_published_story(gql, drafts, viewer):
    data = gql(STORY_RELATIONS, {"slug": drafts["orphan"]["slug"]}, as_=viewer)
    story = data["story"]
    assert story["campaign"] is None
    assert story["author"] is None
    assert story["authorName"] != drafts["hidden_name"]
    assert drafts["hidden_name"] not in text_of(data)


@pytest.mark.parametrize("viewer", PUBLIC)
@pytest.mark.parametrize(
    ("field", "key"),
    [("tags", "draft_tag"), ("campaignSlug", "draft_campaign"), ("authorSlug", "draft_author")],
)
def test_filtering_by_an_unpublished_entry_finds_nothing(gql, drafts, viewer, field, key):
    slug = drafts[key]["slug"]
    flt = {field: [slug] if field == "tags" else slug}
    assert gql(STORIES, {"filter": flt}, as_=viewer)["stories"] == {"totalCount": 0, "nodes": []}
    assert gql(STORIES, {"filter": flt}, as_="editor")["stories"]["totalCount"] > 0


@pytest.mark.parametrize("viewer", PUBLIC)
def test_campaign_stories_and_partners_hold_published_entries_only(gql, drafts, viewer):
    campaign = gql(CAMPAIGN_STORIES, {"slug": drafts["campaign"]["slug"]}, as_=viewer)["campaign"]
    assert campaign["stories"]["nodes"] == [{"slug": drafts["published"]["slug"]}]
    assert campaign["stories"]["totalCount"] == 1
    assert campaign["partners"] == [{"slug": drafts["partner"]["slug"]}]


@pytest.mark.parametrize("viewer", PUBLIC)
def test_artist_stories_hold_published_stories_only(gql, drafts, viewer):
    artist = gql(ARTIST_STORIES, {"slug": drafts["author"]["slug"]}, as_=viewer)["artist"]
    assert [n["slug"] for n in artist["stories"]["nodes"]] == [drafts["published"]["slug"]]
    assert artist["stories"]["totalCount"] == 1


def test_editors_see_drafts_everywhere(gql, drafts):
    result = gql(STORIES, {"filter": {"tags": [drafts["tag"]["slug"]]}}, as_="editor")["stories"]
    assert result["totalCount"] == 5
    for state in UNPUBLISHED:
        assert gql(ONE["story"], {"slug": drafts[state]["slug"]}, as_="editor")["story"]
        assert gql(NODE_STORY, {"id": drafts[state]["id"]}, as_="editor")["node"]

    story = gql(STORY_RELATIONS, {"slug": drafts["published"]["slug"]}, as_="editor")["story"]
    assert {t["slug"] for t in story["tags"]} == {
        drafts["tag"]["slug"],
        drafts["draft_tag"]["slug"],
    }
    orphan = gql(STORY_RELATIONS, {"slug": drafts["orphan"]["slug"]}, as_="editor")["story"]
    assert orphan["campaign"]["slug"] == drafts["draft_campaign"]["slug"]
    assert orphan["author"]["name"] == drafts["hidden_name"]
    assert orphan["authorName"] == drafts["hidden_name"]

    campaign = gql(CAMPAIGN_STORIES, {"slug": drafts["campaign"]["slug"]}, as_="editor")
    assert campaign["campaign"]["stories"]["totalCount"] == 4
    assert len(campaign["campaign"]["partners"]) == 2
    artist = gql(ARTIST_STORIES, {"slug": drafts["author"]["slug"]}, as_="editor")["artist"]
    assert artist["stories"]["totalCount"] == 4


# ---- workflow ---------------------------------------------------------------------------------


def test_workflow_moves_a_story_to_the_public_and_back(gql):
    story = make(gql, "Story", title="Роҳи корӣ")
    visible = {"slug": story["slug"]}

    entry = step(gql, "submitForReview", story["id"])
    assert (entry["__typename"], entry["status"], entry["publishedAt"]) == (
        "Story",
        "IN_REVIEW",
        None,
    )
    assert gql(ONE["story"], visible)["story"] is None

    entry = step(gql, "publish", story["id"])
    assert entry["status"] == "PUBLISHED"
    first_published = entry["publishedAt"]
    assert first_published is not None
    assert gql(ONE["story"], visible)["story"] == visible
    assert gql(ONE["story"], visible, as_="kiosk")["story"] == visible

    entry = step(gql, "unpublish", story["id"])
    assert entry["status"] == "DRAFT"
    assert gql(ONE["story"], visible)["story"] is None
    assert gql(ONE["story"], visible, as_="kiosk")["story"] is None

    entry = step(gql, "publish", story["id"])
    assert entry["publishedAt"] == first_published


@pytest.mark.parametrize("type_name", ["Artist", "Campaign", "Partner", "Tag"])
def test_workflow_publishes_every_content_type(gql, type_name):
    title = "name" if type_name in ("Artist", "Partner", "Tag") else "title"
    entry = make(gql, type_name, **{title: f"Нав {type_name}"})
    published = step(gql, "publish", entry["id"])
    assert (published["__typename"], published["status"]) == (type_name, "PUBLISHED")
    kind = type_name.lower()
    assert gql(ONE[kind], {"slug": entry["slug"]})[kind] == {"slug": entry["slug"]}


def test_workflow_refuses_an_id_that_is_not_a_content_entry(gql):
    image_id = to_base64("Image", 1)
    payload = gql(WORKFLOW.format(step="publish"), {"id": image_id}, as_="editor")["publish"]
    assert payload["entry"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", "id")]
