"""Public forms: anyone may send them, nothing is echoed back, editors alone read them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

SEND_INQUIRY = """
mutation($input: SendArtworkInquiryInput!) {
  sendArtworkInquiry(input: $input) { artwork { slug } errors { field message code } }
}
"""
APPLY = """
mutation($input: ApplyToCourseInput!) {
  applyToCourse(input: $input) { course { slug } errors { field message code } }
}
"""
REQUEST = """
mutation($input: RequestMentorshipInput!) {
  requestMentorship(input: $input) { mentor { slug } errors { field message code } }
}
"""
INQUIRIES = """
{ artworkInquiries(first: 100) { totalCount nodes { name contact text aboutId handled } } }
"""
APPLICATIONS = "{ courseApplications(first: 100) { nodes { name text aboutId } } }"
REQUESTS = "{ mentorshipRequests(first: 100) { nodes { name text aboutId } } }"
PUBLISHED_ARTWORK = """
{ artworks(first: 1, filter: {availability: [AVAILABLE]}) { nodes { id slug } } }
"""
DRAFT_ARTWORKS = "{ artworks(first: 1, filter: {status: DRAFT}) { nodes { id } } }"
COURSE = "{ courses(first: 1) { nodes { id slug } } }"
MENTOR = "{ mentors(first: 1, filter: {acceptingMentees: true}) { nodes { id slug } } }"


@pytest.fixture(autouse=True)
def fresh_limits(client: Any) -> Iterator[None]:
    """Every test starts with an untouched rate limit, whatever ran before."""
    limiter = client.app.state.form_limiter
    limiter.request_dict.clear()
    limiter.clear_blocked()
    yield
    limiter.request_dict.clear()
    limiter.clear_blocked()


def _person() -> dict[str, str]:
    return {"name": f"Мадина {uuid.uuid4().hex[:8]}", "contact": "madina@example.tj"}


def test_anyone_can_ask_about_an_artwork_and_gets_only_the_artwork_back(client, gql, demo):
    artwork = gql(PUBLISHED_ARTWORK)["artworks"]["nodes"][0]
    person = _person()
    message = "Салом! Ин асар фурӯхта мешавад? Нархаш чанд аст?"
    response = client.post(
        "/graphql",
        json={
            "query": SEND_INQUIRY,
            "variables": {"input": {"artworkId": artwork["id"], **person, "message": message}},
        },
    )
    body = response.json()
    assert body["data"]["sendArtworkInquiry"] == {
        "artwork": {"slug": artwork["slug"]},
        "errors": [],
    }
    for private in (person["name"], person["contact"], message):
        assert private not in response.text

    stored = gql(INQUIRIES, as_="editor")["artworkInquiries"]["nodes"]
    mine = [n for n in stored if n["name"] == person["name"]]
    assert mine == [{**person, "text": message, "aboutId": artwork["id"], "handled": False}]


@pytest.mark.parametrize("as_", [None, "kiosk"])
def test_only_editors_read_what_the_public_sent(gql, as_):
    for query in (INQUIRIES, APPLICATIONS, REQUESTS):
        body = gql(query, as_=as_, errors=True)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_message_needs_a_name_a_reachable_contact_and_words(gql, demo):
    artwork = gql(PUBLISHED_ARTWORK)["artworks"]["nodes"][0]
    payload = gql(
        SEND_INQUIRY,
        {
            "input": {
                "artworkId": artwork["id"],
                "name": " ",
                "contact": "not a contact",
                "message": "",
            }
        },
    )
    result = payload["sendArtworkInquiry"]
    assert result["artwork"] is None
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("name", "REQUIRED"),
        ("contact", "INVALID"),
        ("message", "REQUIRED"),
    }


def test_asking_about_a_draft_artwork_finds_nothing_and_stores_nothing(gql, demo):
    draft = gql(DRAFT_ARTWORKS, as_="editor")["artworks"]["nodes"]
    assert draft, "the demo content has draft artworks"
    before = gql(INQUIRIES, as_="editor")["artworkInquiries"]["totalCount"]
    result = gql(
        SEND_INQUIRY, {"input": {"artworkId": draft[0]["id"], **_person(), "message": "Салом"}}
    )["sendArtworkInquiry"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("artworkId", "NOT_FOUND")]
    assert gql(INQUIRIES, as_="editor")["artworkInquiries"]["totalCount"] == before


def test_course_applications_and_mentorship_requests_reach_editors(gql, demo):
    course = gql(COURSE)["courses"]["nodes"][0]
    mentor = gql(MENTOR)["mentors"]["nodes"][0]
    person = _person()
    applied = gql(
        APPLY,
        {
            "input": {
                "courseId": course["id"],
                **person,
                "motivation": "Мехоҳам рассоми рақамӣ шавам.",
            }
        },
    )
    assert applied["applyToCourse"] == {"course": {"slug": course["slug"]}, "errors": []}
    asked = gql(
        REQUEST,
        {"input": {"mentorId": mentor["id"], **person, "goals": "Бизнеси худро оғоз кунам."}},
    )
    assert asked["requestMentorship"] == {"mentor": {"slug": mentor["slug"]}, "errors": []}

    applications = gql(APPLICATIONS, as_="editor")["courseApplications"]["nodes"]
    requests = gql(REQUESTS, as_="editor")["mentorshipRequests"]["nodes"]
    assert [a["aboutId"] for a in applications if a["name"] == person["name"]] == [course["id"]]
    assert [r["aboutId"] for r in requests if r["name"] == person["name"]] == [mentor["id"]]


def test_a_flood_of_messages_is_cut_off_with_a_payload_error(client, gql, demo):
    limit = client.app.state.form_limiter.limit
    artwork = gql(PUBLISHED_ARTWORK)["artworks"]["nodes"][0]
    codes = []
    for _ in range(limit + 2):
        result = gql(
            SEND_INQUIRY, {"input": {"artworkId": artwork["id"], **_person(), "message": "Салом"}}
        )["sendArtworkInquiry"]
        codes.append(result["errors"][0]["code"] if result["errors"] else "OK")
    assert codes == ["OK"] * limit + ["LIMIT_EXCEEDED"] * 2
