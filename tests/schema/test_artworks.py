"""Artworks through the API: writes, permissions, validation, filters, visibility and N+1."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
from PIL import Image as PILImage
from strawberry.relay import to_base64

from hub import tables
from hub.settings import Settings

ARTWORK_FIELDS = """
  id slug title description { html text } medium year dimensions availability status locale
  price { amount currency } artist { slug } images { id } tags { slug } campaign { slug }
  events { slug }
"""
CREATE_ARTWORK = f"""
mutation CreateArtwork($input: CreateArtworkInput!) {{
  createArtwork(input: $input) {{ artwork {{ {ARTWORK_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE_ARTWORK = f"""
mutation UpdateArtwork($input: UpdateArtworkInput!) {{
  updateArtwork(input: $input) {{ artwork {{ {ARTWORK_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE_ARTWORK = """
mutation DeleteArtwork($id: ID!) {
  deleteArtwork(input: {id: $id}) { artwork { slug } errors { field message code } }
}
"""
ARTWORK = f"""
query Artwork($slug: String!, $locale: Locale) {{
  artwork(slug: $slug, locale: $locale) {{ {ARTWORK_FIELDS} }}
}}
"""
ARTWORKS = """
query Artworks($filter: ArtworkFilter, $orderBy: ArtworkOrder, $first: Int, $after: String) {
  artworks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount nodes { slug } pageInfo { hasNextPage endCursor }
  }
}
"""
NODE = """query Node($id: ID!) { node(id: $id) { id ... on Artwork { slug artist { slug } } } }"""
ARTIST_ARTWORKS = """
query ArtistArtworks($slug: String!) {
  artist(slug: $slug) { artworks { totalCount nodes { slug } } }
}
"""
CAMPAIGN_ARTWORKS = """
query CampaignArtworks($slug: String!) {
  campaign(slug: $slug) { artworks { totalCount nodes { slug artist { slug } } } }
}
"""
EVENT_ARTWORKS = """
query EventArtworks($slug: String!) { event(slug: $slug) { artworks { slug artist { slug } } } }
"""
GALLERY = """
query Gallery($tag: String!, $first: Int!) {
  artworks(filter: {tags: [$tag]}, first: $first) {
    nodes {
      slug title price { amount currency }
      artist { slug name portrait { url } }
      images { url(width: 640) alt }
      tags { slug name }
      events { slug title }
      campaign { slug title }
    }
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
CREATE_EVENT = """
mutation CreateEvent($input: CreateEventInput!) {
  createEvent(input: $input) { event { id slug } errors { field message code } }
}
"""


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def created(gql: Any, mutation: str, **fields: Any) -> dict[str, Any]:
    data = gql(mutation, {"input": fields}, as_="editor")
    payload = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return next(v for k, v in payload.items() if k != "errors")  # type: ignore[no-any-return]


def refused(gql: Any, mutation: str, as_: str | None = "editor", **fields: Any) -> list[Any]:
    payload = next(iter(gql(mutation, {"input": fields}, as_=as_).values()))
    assert payload["artwork"] is None
    assert payload["errors"], "expected errors"
    return [(e["field"], e["code"]) for e in payload["errors"]]


def artist(gql: Any, status: str = "PUBLISHED") -> dict[str, Any]:
    return created(gql, CREATE_ARTIST, name="Artist", slug=unique("artist"), status=status)


def tag(gql: Any) -> dict[str, Any]:
    return created(gql, CREATE_TAG, name="Tag", slug=unique("tag"), status="PUBLISHED")


def artwork(gql: Any, artist_id: str, **fields: Any) -> dict[str, Any]:
    fields = {"title": "Work", "slug": unique("work"), "status": "PUBLISHED", **fields}
    return created(gql, CREATE_ARTWORK, artistId=artist_id, **fields)


def images(run: Any, count: int) -> list[str]:
    """Image rows with real files behind them: other tests open every listed artwork's images."""
    media = Settings.from_env(os.environ).media_dir
    keys = [f"test/artwork-{uuid.uuid4().hex}.jpg" for _ in range(count)]
    for key in keys:
        (media / key).parent.mkdir(parents=True, exist_ok=True)
        PILImage.new("RGB", (80, 60), "#a0522d").save(media / key, "JPEG")

    async def insert() -> list[int]:
        rows = [tables.Image(storage_key=key, width=80, height=60) for key in keys]
        inserted = await tables.Image.insert(*rows).returning(tables.Image._meta.primary_key)
        return [row["id"] for row in inserted]

    return [to_base64("Image", i) for i in run(insert)]


def slugs(gql: Any, flt: dict[str, Any], as_: str | None = None, **args: Any) -> list[str]:
    data = gql(ARTWORKS, {"filter": flt, **args}, as_=as_)["artworks"]
    assert data["totalCount"] == len(data["nodes"])
    return [node["slug"] for node in data["nodes"]]


def test_editor_creates_updates_and_deletes_an_artwork(gql, run):
    maker = artist(gql)
    label = tag(gql)
    campaign = created(gql, CREATE_CAMPAIGN, title="Campaign", slug=unique("campaign"))
    first, second = images(run, 2)
    work = created(
        gql,
        CREATE_ARTWORK,
        title="Духтари кӯҳсор",
        description='<p onclick="x()">Portrait in <em>wool</em>.</p><script>x()</script>',
        artistId=maker["id"],
        imageIds=[second, first],
        medium="Гобелен",
        year=2023,
        dimensions=" 60 × 80 cm ",
        price={"amount": "1500.5", "currency": "TJS"},
        availability="RESERVED",
        tagSlugs=[label["slug"]],
        campaignId=campaign["id"],
    )
    assert work["slug"].startswith("dukhtari-kuhsor")  # generated from the Tajik title
    assert work["status"] == "DRAFT"
    assert work["description"] == {
        "html": "<p>Portrait in <em>wool</em>.</p>",
        "text": "Portrait in wool.",
    }
    assert work["artist"] == {"slug": maker["slug"]}
    assert [image["id"] for image in work["images"]] == [second, first]
    assert work["price"] == {"amount": "1500.50", "currency": "TJS"}
    assert (work["availability"], work["year"], work["dimensions"]) == (
        "RESERVED",
        2023,
        "60 × 80 cm",
    )
    assert work["tags"] == [{"slug": label["slug"]}]
    assert work["campaign"] == {"slug": campaign["slug"]}

    changed = created(
        gql,
        UPDATE_ARTWORK,
        id=work["id"],
        locale="EN",
        title="Mountain girl",
        price=None,
        availability="NOT_FOR_SALE",
        imageIds=[first],
    )
    assert changed["price"] is None
    assert changed["availability"] == "NOT_FOR_SALE"
    assert [image["id"] for image in changed["images"]] == [first]
    english = gql(ARTWORK, {"slug": work["slug"], "locale": "EN"}, as_="editor")["artwork"]
    assert (english["title"], english["locale"]) == ("Mountain girl", "EN")
    assert english["medium"] == "Гобелен"  # no English medium yet: falls back

    deleted = gql(DELETE_ARTWORK, {"id": work["id"]}, as_="editor")["deleteArtwork"]
    assert deleted == {"artwork": {"slug": work["slug"]}, "errors": []}
    assert gql(ARTWORK, {"slug": work["slug"]}, as_="editor")["artwork"] is None


@pytest.mark.parametrize("caller", [None, "kiosk"])
def test_anonymous_and_kiosk_callers_cannot_write_artworks(gql, caller):
    maker = artist(gql)
    work = artwork(gql, maker["id"])
    create = refused(gql, CREATE_ARTWORK, as_=caller, title="X", artistId=maker["id"])
    update = refused(gql, UPDATE_ARTWORK, as_=caller, id=work["id"], title="Y")
    delete = gql(DELETE_ARTWORK, {"id": work["id"]}, as_=caller)["deleteArtwork"]
    assert create == update == [(None, "FORBIDDEN")]
    assert delete["artwork"] is None
    assert [e["code"] for e in delete["errors"]] == ["FORBIDDEN"]
    assert gql(ARTWORK, {"slug": work["slug"]})["artwork"]["title"] == "Work"


def test_artwork_without_artist_or_with_negative_price_is_refused_with_every_reason(gql):
    problems = refused(
        gql,
        CREATE_ARTWORK,
        title="No artist",
        price={"amount": "-1", "currency": "USD"},
        tagSlugs=[unique("missing-tag")],
        year=99999,
    )
    assert sorted(problems) == [
        ("artistId", "REQUIRED"),
        ("price", "INVALID"),
        ("tagSlugs", "NOT_FOUND"),
        ("year", "INVALID"),
    ]


def test_artwork_artist_cannot_be_removed_or_replaced_by_a_missing_one(gql):
    work = artwork(gql, artist(gql)["id"])
    assert refused(gql, UPDATE_ARTWORK, id=work["id"], artistId=None) == [("artistId", "REQUIRED")]
    missing = to_base64("Artist", 10**9)
    assert refused(gql, UPDATE_ARTWORK, id=work["id"], artistId=missing) == [
        ("artistId", "NOT_FOUND")
    ]
    wrong_type = to_base64("Campaign", 1)
    assert refused(gql, UPDATE_ARTWORK, id=work["id"], artistId=wrong_type) == [
        ("artistId", "INVALID")
    ]


def test_artwork_price_keeps_to_the_cent(gql):
    maker = artist(gql)
    problems = refused(
        gql,
        CREATE_ARTWORK,
        title="X",
        artistId=maker["id"],
        price={"amount": "1.005", "currency": "TJS"},
    )
    assert problems == [("price", "INVALID")]


def test_artworks_filter_by_artist_slug(gql):
    one, other = artist(gql), artist(gql)
    mine = artwork(gql, one["id"])
    artwork(gql, other["id"])
    assert slugs(gql, {"artistSlug": one["slug"]}) == [mine["slug"]]


def test_artworks_filter_by_availability_any_of(gql):
    maker = artist(gql)
    available = artwork(gql, maker["id"], availability="AVAILABLE")
    reserved = artwork(gql, maker["id"], availability="RESERVED")
    artwork(gql, maker["id"], availability="SOLD")
    base = {"artistSlug": maker["slug"]}
    assert slugs(gql, {**base, "availability": "RESERVED"}) == [reserved["slug"]]
    both = slugs(gql, {**base, "availability": ["AVAILABLE", "RESERVED"]})
    assert sorted(both) == sorted([available["slug"], reserved["slug"]])


def test_artworks_filter_by_any_of_the_tags(gql):
    maker = artist(gql)
    red, blue, green = tag(gql), tag(gql), tag(gql)
    in_red = artwork(gql, maker["id"], tagSlugs=[red["slug"]])
    in_both = artwork(gql, maker["id"], tagSlugs=[red["slug"], blue["slug"]])
    artwork(gql, maker["id"], tagSlugs=[green["slug"]])
    assert sorted(slugs(gql, {"tags": [red["slug"], blue["slug"]]})) == sorted(
        [in_red["slug"], in_both["slug"]]
    )
    assert slugs(gql, {"tags": [blue["slug"]]}) == [in_both["slug"]]


def test_artworks_filter_by_price_range_in_one_currency(gql):
    maker = artist(gql)

    def priced(amount: str | None, currency: str = "TJS") -> str:
        price = {"amount": amount, "currency": currency} if amount else None
        return str(artwork(gql, maker["id"], price=price)["slug"])

    cheap, middle, dear = priced("100"), priced("500.50"), priced("2000")
    dollars = priced("300", "USD")
    priced(None)
    base = {"artistSlug": maker["slug"]}
    ordered = {"orderBy": "PRICE_LOW_TO_HIGH"}
    assert slugs(gql, {**base, "minPrice": "200", "maxPrice": "1000"}) == [middle]
    assert slugs(gql, {**base, "minPrice": "500.50"}, **ordered) == [middle, dear]
    assert slugs(gql, {**base, "maxPrice": "500.49"}) == [cheap]
    assert slugs(gql, {**base, "maxPrice": "1000", "currency": "USD"}) == [dollars]
    assert slugs(gql, {**base, "currency": "USD"}) == [dollars]


def test_artworks_ordered_by_price_put_unpriced_works_last(gql):
    maker = artist(gql)
    unpriced = artwork(gql, maker["id"], price=None)["slug"]
    low = artwork(gql, maker["id"], price={"amount": "10", "currency": "TJS"})["slug"]
    high = artwork(gql, maker["id"], price={"amount": "20", "currency": "TJS"})["slug"]
    flt = {"artistSlug": maker["slug"]}
    assert slugs(gql, flt, orderBy="PRICE_LOW_TO_HIGH") == [low, high, unpriced]
    assert slugs(gql, flt, orderBy="PRICE_HIGH_TO_LOW") == [high, low, unpriced]


@pytest.mark.parametrize("caller", [None, "kiosk"])
def test_draft_artworks_are_hidden_from_the_public_everywhere(gql, caller):
    maker = artist(gql)
    campaign = created(gql, CREATE_CAMPAIGN, title="C", slug=unique("campaign"), status="PUBLISHED")
    label = tag(gql)
    shown = artwork(gql, maker["id"], campaignId=campaign["id"], tagSlugs=[label["slug"]])
    draft = artwork(
        gql, maker["id"], status="DRAFT", campaignId=campaign["id"], tagSlugs=[label["slug"]]
    )
    event = created(
        gql,
        CREATE_EVENT,
        title="E",
        slug=unique("event"),
        startsAt="2030-01-01T10:00:00+05:00",
        artworkIds=[draft["id"], shown["id"]],
        status="PUBLISHED",
    )

    assert slugs(gql, {"tags": [label["slug"]]}, as_=caller) == [shown["slug"]]
    assert gql(ARTWORK, {"slug": draft["slug"]}, as_=caller)["artwork"] is None
    assert gql(NODE, {"id": draft["id"]}, as_=caller)["node"] is None
    by_artist = gql(ARTIST_ARTWORKS, {"slug": maker["slug"]}, as_=caller)["artist"]["artworks"]
    assert by_artist == {"totalCount": 1, "nodes": [{"slug": shown["slug"]}]}
    by_campaign = gql(CAMPAIGN_ARTWORKS, {"slug": campaign["slug"]}, as_=caller)["campaign"]
    assert [n["slug"] for n in by_campaign["artworks"]["nodes"]] == [shown["slug"]]
    by_event = gql(EVENT_ARTWORKS, {"slug": event["slug"]}, as_=caller)["event"]["artworks"]
    assert [n["slug"] for n in by_event] == [shown["slug"]]

    # Editors see both, in the order they were linked to the event.
    by_event = gql(EVENT_ARTWORKS, {"slug": event["slug"]}, as_="editor")["event"]["artworks"]
    assert [n["slug"] for n in by_event] == [draft["slug"], shown["slug"]]
    assert gql(NODE, {"id": draft["id"]}, as_="editor")["node"]["slug"] == draft["slug"]


@pytest.mark.parametrize("caller", [None, "kiosk"])
def test_published_artworks_of_an_unpublished_artist_are_hidden_from_the_public(gql, caller):
    hidden = artist(gql, status="DRAFT")
    campaign = created(gql, CREATE_CAMPAIGN, title="C", slug=unique("campaign"), status="PUBLISHED")
    label = tag(gql)
    work = artwork(gql, hidden["id"], campaignId=campaign["id"], tagSlugs=[label["slug"]])
    event = created(
        gql,
        CREATE_EVENT,
        title="E",
        slug=unique("event"),
        startsAt="2030-01-01T10:00:00+05:00",
        artworkIds=[work["id"]],
        status="PUBLISHED",
    )

    assert slugs(gql, {"artistSlug": hidden["slug"]}, as_=caller) == []
    assert slugs(gql, {"tags": [label["slug"]]}, as_=caller) == []
    assert gql(ARTWORK, {"slug": work["slug"]}, as_=caller)["artwork"] is None
    assert gql(NODE, {"id": work["id"]}, as_=caller)["node"] is None
    by_campaign = gql(CAMPAIGN_ARTWORKS, {"slug": campaign["slug"]}, as_=caller)["campaign"]
    assert by_campaign["artworks"] == {"totalCount": 0, "nodes": []}
    assert gql(EVENT_ARTWORKS, {"slug": event["slug"]}, as_=caller)["event"]["artworks"] == []

    # An editor still sees the work with its (draft) artist.
    assert slugs(gql, {"artistSlug": hidden["slug"]}, as_="editor") == [work["slug"]]
    node = gql(NODE, {"id": work["id"]}, as_="editor")["node"]
    assert node["artist"] == {"slug": hidden["slug"]}


def test_artwork_list_runs_the_same_statements_whatever_the_page_size(gql, run, sql_count):
    label = tag(gql)
    campaign = created(gql, CREATE_CAMPAIGN, title="C", slug=unique("campaign"), status="PUBLISHED")
    works = []
    for _ in range(6):
        maker = artist(gql)
        works.append(
            artwork(
                gql,
                maker["id"],
                imageIds=images(run, 2),
                tagSlugs=[label["slug"], tag(gql)["slug"]],
                campaignId=campaign["id"],
                price={"amount": "12.5", "currency": "EUR"},
            )
        )
    created(
        gql,
        CREATE_EVENT,
        title="E",
        slug=unique("event"),
        startsAt="2030-01-01T10:00:00+05:00",
        artworkIds=[w["id"] for w in works],
        status="PUBLISHED",
    )

    counts = []
    for first in (2, 6):
        with sql_count() as statements:
            nodes = gql(GALLERY, {"tag": label["slug"], "first": first})["artworks"]["nodes"]
        assert len(nodes) == first
        assert all(len(n["images"]) == 2 and len(n["tags"]) == 2 for n in nodes)
        assert all(len(n["events"]) == 1 and n["campaign"] for n in nodes)
        assert nodes[0]["price"] == {"amount": "12.50", "currency": "EUR"}
        counts.append(len(statements))
    assert counts[0] == counts[1]
