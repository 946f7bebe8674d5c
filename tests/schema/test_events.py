"""Events through the API: writes, permissions, validation, filters, upcoming and visibility."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from strawberry.relay import to_base64

EVENT_FIELDS = """
  id slug title kind startsAt endsAt venue city region status locale
  description { html text } coverImage { id } campaign { slug }
  artworks { slug } partners { slug }
"""
CREATE_EVENT = f"""
mutation CreateEvent($input: CreateEventInput!) {{
  createEvent(input: $input) {{ event {{ {EVENT_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE_EVENT = f"""
mutation UpdateEvent($input: UpdateEventInput!) {{
  updateEvent(input: $input) {{ event {{ {EVENT_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE_EVENT = """
mutation DeleteEvent($id: ID!) {
  deleteEvent(input: {id: $id}) { event { slug } errors { field message code } }
}
"""
EVENT = f"""
query Event($slug: String!, $locale: Locale) {{
  event(slug: $slug, locale: $locale) {{ {EVENT_FIELDS} }}
}}
"""
EVENTS = """
query Events($filter: EventFilter, $orderBy: EventOrder, $first: Int) {
  events(filter: $filter, orderBy: $orderBy, first: $first) { totalCount nodes { slug } }
}
"""
NODE = """query Node($id: ID!) { node(id: $id) { id ... on Event { slug } } }"""
CAMPAIGN_EVENTS = """
query CampaignEvents($slug: String!, $filter: EventFilter) {
  campaign(slug: $slug) { events(filter: $filter) { totalCount nodes { slug } } }
}
"""
ARTWORK_EVENTS = """
query ArtworkEvents($slug: String!) { artwork(slug: $slug) { events { slug title } } }
"""
CREATE_ARTIST = """
mutation CreateArtist($input: CreateArtistInput!) {
  createArtist(input: $input) { artist { id slug } errors { field message code } }
}
"""
CREATE_ARTWORK = """
mutation CreateArtwork($input: CreateArtworkInput!) {
  createArtwork(input: $input) { artwork { id slug } errors { field message code } }
}
"""
CREATE_CAMPAIGN = """
mutation CreateCampaign($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id slug } errors { field message code } }
}
"""
CREATE_PARTNER = """
mutation CreatePartner($input: CreatePartnerInput!) {
  createPartner(input: $input) { partner { id slug } errors { field message code } }
}
"""
NOW = datetime.now(UTC)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def at(days: float) -> str:
    return (NOW + timedelta(days=days)).isoformat()


def created(gql: Any, mutation: str, **fields: Any) -> dict[str, Any]:
    data = gql(mutation, {"input": fields}, as_="editor")
    payload = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return next(v for k, v in payload.items() if k != "errors")  # type: ignore[no-any-return]


def refused(gql: Any, mutation: str, as_: str | None = "editor", **fields: Any) -> list[Any]:
    payload = next(iter(gql(mutation, {"input": fields}, as_=as_).values()))
    assert payload["event"] is None
    assert payload["errors"], "expected errors"
    return [(e["field"], e["code"]) for e in payload["errors"]]


def campaign(gql: Any, status: str = "PUBLISHED") -> dict[str, Any]:
    return created(gql, CREATE_CAMPAIGN, title="Campaign", slug=unique("campaign"), status=status)


def event(gql: Any, **fields: Any) -> dict[str, Any]:
    defaults = {"title": "Event", "slug": unique("event"), "startsAt": at(30)}
    return created(gql, CREATE_EVENT, **{**defaults, "status": "PUBLISHED", **fields})


def artwork(gql: Any, **fields: Any) -> dict[str, Any]:
    maker = created(gql, CREATE_ARTIST, name="A", slug=unique("artist"), status="PUBLISHED")
    defaults = {"title": "Work", "slug": unique("work"), "status": "PUBLISHED"}
    return created(gql, CREATE_ARTWORK, artistId=maker["id"], **{**defaults, **fields})


def slugs(gql: Any, flt: dict[str, Any], as_: str | None = None, **args: Any) -> list[str]:
    data = gql(EVENTS, {"filter": flt, **args}, as_=as_)["events"]
    assert data["totalCount"] == len(data["nodes"])
    return [node["slug"] for node in data["nodes"]]


def test_editor_creates_updates_and_deletes_an_event(gql):
    partner = created(gql, CREATE_PARTNER, name="Partner", slug=unique("partner"))
    first, second = artwork(gql), artwork(gql)
    home = campaign(gql)
    made = created(
        gql,
        CREATE_EVENT,
        title="Намоиши расмҳо",
        description='<p>Open <a href="javascript:alert(1)">doors</a><script>x()</script></p>',
        kind="EXHIBITION",
        startsAt="2030-03-08T10:00:00+05:00",
        endsAt="2030-03-20T18:00:00+05:00",
        venue="Осорхона",
        city="Хуҷанд",
        region="SUGHD",
        campaignId=home["id"],
        artworkIds=[second["id"], first["id"]],
        partnerIds=[partner["id"]],
    )
    assert made["slug"].startswith("namoishi-rasmho")
    assert made["status"] == "DRAFT"
    assert made["startsAt"] == "2030-03-08T05:00:00+00:00"
    assert (made["kind"], made["region"], made["city"]) == ("EXHIBITION", "SUGHD", "Хуҷанд")
    assert "script" not in made["description"]["html"]
    assert "javascript" not in made["description"]["html"]
    assert made["description"]["text"] == "Open doors"
    assert [a["slug"] for a in made["artworks"]] == [second["slug"], first["slug"]]
    assert made["partners"] == [{"slug": partner["slug"]}]
    assert made["campaign"] == {"slug": home["slug"]}

    changed = created(
        gql,
        UPDATE_EVENT,
        id=made["id"],
        locale="RU",
        title="Выставка",
        kind="MURAL",
        endsAt=None,
        artworkIds=[first["id"]],
        campaignId=None,
    )
    assert (changed["title"], changed["locale"], changed["kind"]) == ("Выставка", "RU", "MURAL")
    assert changed["endsAt"] is None
    assert [a["slug"] for a in changed["artworks"]] == [first["slug"]]
    assert changed["campaign"] is None
    tajik = gql(EVENT, {"slug": made["slug"]}, as_="editor")["event"]
    assert tajik["title"] == "Намоиши расмҳо"

    deleted = gql(DELETE_EVENT, {"id": made["id"]}, as_="editor")["deleteEvent"]
    assert deleted == {"event": {"slug": made["slug"]}, "errors": []}
    assert gql(EVENT, {"slug": made["slug"]}, as_="editor")["event"] is None
    # The artworks it showed stay.
    assert gql(ARTWORK_EVENTS, {"slug": first["slug"]}, as_="editor")["artwork"]["events"] == []


@pytest.mark.parametrize("caller", [None, "kiosk"])
def test_anonymous_and_kiosk_callers_cannot_write_events(gql, caller):
    shown = event(gql)
    create = refused(gql, CREATE_EVENT, as_=caller, title="X", startsAt=at(1))
    update = refused(gql, UPDATE_EVENT, as_=caller, id=shown["id"], title="Y")
    delete = gql(DELETE_EVENT, {"id": shown["id"]}, as_=caller)["deleteEvent"]
    assert create == update == [(None, "FORBIDDEN")]
    assert delete["event"] is None
    assert [e["code"] for e in delete["errors"]] == ["FORBIDDEN"]
    assert gql(EVENT, {"slug": shown["slug"]})["event"]["title"] == "Event"


def test_event_needs_a_start_and_an_end_not_before_it(gql):
    assert refused(gql, CREATE_EVENT, title="No start") == [("startsAt", "REQUIRED")]
    backwards = refused(
        gql, CREATE_EVENT, title="Backwards", startsAt=at(10), endsAt=at(9), region="GBAO"
    )
    assert backwards == [("endsAt", "INVALID")]
    shown = event(gql, startsAt=at(10), endsAt=at(12))
    assert refused(gql, UPDATE_EVENT, id=shown["id"], startsAt=None) == [("startsAt", "REQUIRED")]
    assert refused(gql, UPDATE_EVENT, id=shown["id"], startsAt=at(13)) == [("endsAt", "INVALID")]


def test_event_times_must_carry_a_time_zone(gql):
    problems = refused(gql, CREATE_EVENT, title="Local", startsAt="2030-01-01T10:00:00")
    assert problems == [("startsAt", "INVALID")]


def test_event_links_only_existing_artworks_and_partners(gql):
    problems = refused(
        gql,
        CREATE_EVENT,
        title="Links",
        startsAt=at(1),
        artworkIds=[to_base64("Artwork", 10**9)],
        partnerIds=[to_base64("Partner", 10**9)],
    )
    assert sorted(problems) == [("artworkIds", "NOT_FOUND"), ("partnerIds", "NOT_FOUND")]


def test_events_filter_by_any_of_the_kinds_and_regions(gql):
    home = campaign(gql)
    mural = event(gql, campaignId=home["id"], kind="MURAL", region="GBAO")
    camp = event(gql, campaignId=home["id"], kind="CAMP", region="KHATLON")
    event(gql, campaignId=home["id"], kind="SCREENING", region="GBAO")
    base = {"campaignSlug": home["slug"]}
    assert slugs(gql, {**base, "kind": "MURAL"}) == [mural["slug"]]
    assert sorted(slugs(gql, {**base, "kind": ["MURAL", "CAMP"]})) == sorted(
        [mural["slug"], camp["slug"]]
    )
    assert slugs(gql, {**base, "region": "KHATLON"}) == [camp["slug"]]
    assert slugs(gql, {**base, "region": ["GBAO"], "kind": ["MURAL"]}) == [mural["slug"]]


def test_upcoming_events_are_those_not_over_yet_soonest_first(gql):
    home = campaign(gql)
    base = {"campaignSlug": home["slug"]}
    later = event(gql, campaignId=home["id"], startsAt=at(20))["slug"]
    soon = event(gql, campaignId=home["id"], startsAt=at(2), endsAt=at(3))["slug"]
    running = event(gql, campaignId=home["id"], startsAt=at(-5), endsAt=at(5))["slug"]
    over = event(gql, campaignId=home["id"], startsAt=at(-6), endsAt=at(-4))["slug"]
    one_off = event(gql, campaignId=home["id"], startsAt=at(-1))["slug"]

    assert slugs(gql, {**base, "upcoming": True}) == [running, soon, later]
    assert slugs(gql, {**base, "upcoming": False}) == [over, one_off]
    assert slugs(gql, base, orderBy="STARTS_AT_DESC") == [later, soon, one_off, running, over]
    nested = gql(CAMPAIGN_EVENTS, {"slug": home["slug"], "filter": {"upcoming": True}})
    assert [n["slug"] for n in nested["campaign"]["events"]["nodes"]] == [running, soon, later]


@pytest.mark.parametrize("caller", [None, "kiosk"])
def test_draft_events_are_hidden_from_the_public_everywhere(gql, caller):
    home = campaign(gql)
    work = artwork(gql)
    shown = event(gql, campaignId=home["id"], artworkIds=[work["id"]], title="Shown")
    draft = event(gql, campaignId=home["id"], artworkIds=[work["id"]], status="DRAFT")

    assert slugs(gql, {"campaignSlug": home["slug"]}, as_=caller) == [shown["slug"]]
    assert gql(EVENT, {"slug": draft["slug"]}, as_=caller)["event"] is None
    assert gql(NODE, {"id": draft["id"]}, as_=caller)["node"] is None
    nested = gql(CAMPAIGN_EVENTS, {"slug": home["slug"]}, as_=caller)["campaign"]["events"]
    assert nested == {"totalCount": 1, "nodes": [{"slug": shown["slug"]}]}
    on_work = gql(ARTWORK_EVENTS, {"slug": work["slug"]}, as_=caller)["artwork"]["events"]
    assert on_work == [{"slug": shown["slug"], "title": "Shown"}]

    assert gql(NODE, {"id": draft["id"]}, as_="editor")["node"] == {
        "id": draft["id"],
        "slug": draft["slug"],
    }
    on_work = gql(ARTWORK_EVENTS, {"slug": work["slug"]}, as_="editor")["artwork"]["events"]
    assert [e["slug"] for e in on_work] == [shown["slug"], draft["slug"]]


@pytest.mark.parametrize("caller", [None, "kiosk"])
def test_events_of_a_draft_campaign_are_not_found_through_it(gql, caller):
    hidden = campaign(gql, status="DRAFT")
    event(gql, campaignId=hidden["id"])
    assert slugs(gql, {"campaignSlug": hidden["slug"]}, as_=caller) == []


def test_partners_and_campaign_of_an_event_follow_their_own_status(gql):
    draft_partner = created(gql, CREATE_PARTNER, name="P", slug=unique("partner"))
    draft_campaign = campaign(gql, status="DRAFT")
    shown = event(gql, partnerIds=[draft_partner["id"]], campaignId=draft_campaign["id"])
    public = gql(EVENT, {"slug": shown["slug"]})["event"]
    assert (public["partners"], public["campaign"]) == ([], None)
    editor = gql(EVENT, {"slug": shown["slug"]}, as_="editor")["event"]
    assert editor["partners"] == [{"slug": draft_partner["slug"]}]
