"""Mentors through the API: writes, translations, validation, filters, courses, visibility."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

MENTOR_FIELDS = """
  id slug name headline status locale availableLocales expertise organisation languages
  acceptingMentees bio { html } photo { width } courses { slug }
"""
CREATE_MENTOR = f"""
mutation CreateMentor($input: CreateMentorInput!) {{
  createMentor(input: $input) {{ mentor {{ {MENTOR_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE_MENTOR = f"""
mutation UpdateMentor($input: UpdateMentorInput!) {{
  updateMentor(input: $input) {{ mentor {{ {MENTOR_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE_MENTOR = """
mutation DeleteMentor($id: ID!) {
  deleteMentor(input: {id: $id}) { mentor { slug } errors { field message code } }
}
"""
MENTOR = f"""
query Mentor($slug: String!, $locale: Locale) {{
  mentor(slug: $slug, locale: $locale) {{ {MENTOR_FIELDS} }}
}}
"""
MENTORS = """
query Mentors($filter: MentorFilter, $first: Int) {
  mentors(filter: $filter, first: $first) { totalCount nodes { slug } }
}
"""
NODE = """
query Node($id: ID!) { node(id: $id) { ... on Mentor { slug courses { slug } } } }
"""
CREATE_COURSE = """
mutation CreateCourse($input: CreateCourseInput!) {
  createCourse(input: $input) {
    course { id slug mentors { slug expertise languages } } errors { field message code }
  }
}
"""
COURSE = """
query Course($slug: String!) { course(slug: $slug) { slug mentors { slug } } }
"""
MENTOR_TYPE = """
query MentorType { __type(name: "Mentor") { fields { name } } }
"""

PUBLISHED = "PUBLISHED"
PUBLIC = [None, "kiosk"]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def when(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def create_mentor(gql: Any, **fields: Any) -> dict[str, Any]:
    fields = {"name": "Мураббӣ", "slug": unique("mentor"), **fields}
    payload = gql(CREATE_MENTOR, {"input": fields}, as_="editor")["createMentor"]
    assert payload["errors"] == [], payload["errors"]
    return payload["mentor"]  # type: ignore[no-any-return]


def create_course(gql: Any, **fields: Any) -> dict[str, Any]:
    fields = {"title": "Курс", "slug": unique("course"), "category": "PORTFOLIO", **fields}
    payload = gql(CREATE_COURSE, {"input": fields}, as_="editor")["createCourse"]
    assert payload["errors"] == [], payload["errors"]
    return payload["course"]  # type: ignore[no-any-return]


def errors_of(gql: Any, mutation: str, **fields: Any) -> list[tuple[str, str]]:
    payload = next(iter(gql(mutation, {"input": fields}, as_="editor").values()))
    assert payload["mentor"] is None
    return [(e["field"], e["code"]) for e in payload["errors"]]


def mentor_slugs(gql: Any, as_: str | None = None, **flt: Any) -> set[str]:
    data = gql(MENTORS, {"filter": flt, "first": 100}, as_=as_)
    return {node["slug"] for node in data["mentors"]["nodes"]}


# ---- writes -----------------------------------------------------------------------------------


def test_editor_creates_mentor_with_expertise_languages_and_sanitised_bio(gql):
    mentor = create_mentor(
        gql,
        name=" Шаҳло Ҷӯраева ",
        slug=None,
        headline="Рассом ва омӯзгор",
        bio='<p>Салом<img src="x" onerror="y()"></p><script>z()</script>',
        expertise=[" Портфолио ", "", "Иллюстратсия", "Портфолио"],
        organisation=" Ташаббуси TajikHeritage ",
        languages=["TG", "RU", "TG"],
        acceptingMentees=False,
        status=PUBLISHED,
    )
    assert mentor["slug"].startswith("shahlo-juraeva")
    assert (mentor["name"], mentor["headline"]) == ("Шаҳло Ҷӯраева", "Рассом ва омӯзгор")
    assert mentor["bio"]["html"] == "<p>Салом</p>"
    assert mentor["expertise"] == ["Портфолио", "Иллюстратсия"]
    assert mentor["organisation"] == "Ташаббуси TajikHeritage"
    assert mentor["languages"] == ["TG", "RU"]
    assert (mentor["acceptingMentees"], mentor["photo"], mentor["courses"]) == (False, None, [])
    assert gql(MENTOR, {"slug": mentor["slug"]})["mentor"]["expertise"] == mentor["expertise"]


def test_new_mentor_is_a_draft_accepting_mentees(gql):
    mentor = create_mentor(gql)
    assert (mentor["status"], mentor["acceptingMentees"]) == ("DRAFT", True)
    assert (mentor["expertise"], mentor["languages"]) == ([], [])


def test_update_in_another_locale_adds_a_translation_and_keeps_the_rest(gql):
    mentor = create_mentor(gql, name="Дилором", headline="Дизайнер", expertise=["UX"])
    data = gql(
        UPDATE_MENTOR,
        {"input": {"id": mentor["id"], "locale": "RU", "name": "Дилором", "headline": "Дизайнер"}},
        as_="editor",
    )["updateMentor"]
    assert data["errors"] == []
    assert data["mentor"]["availableLocales"] == ["TG", "RU"]
    unchanged = gql(
        UPDATE_MENTOR,
        {"input": {"id": mentor["id"], "acceptingMentees": None, "headline": "Устод"}},
        as_="editor",
    )["updateMentor"]["mentor"]
    assert (unchanged["headline"], unchanged["expertise"]) == ("Устод", ["UX"])
    assert unchanged["acceptingMentees"] is True
    russian = gql(MENTOR, {"slug": mentor["slug"], "locale": "RU"}, as_="editor")["mentor"]
    assert (russian["locale"], russian["headline"]) == ("RU", "Дизайнер")


def test_editor_deletes_mentor_and_her_courses_stay(gql):
    mentor, other = create_mentor(gql, status=PUBLISHED), create_mentor(gql, status=PUBLISHED)
    course = create_course(gql, mentorIds=[mentor["id"], other["id"]], status=PUBLISHED)
    data = gql(DELETE_MENTOR, {"id": mentor["id"]}, as_="editor")["deleteMentor"]
    assert data == {"mentor": {"slug": mentor["slug"]}, "errors": []}
    assert gql(MENTOR, {"slug": mentor["slug"]}, as_="editor")["mentor"] is None
    assert gql(COURSE, {"slug": course["slug"]})["course"]["mentors"] == [{"slug": other["slug"]}]


@pytest.mark.parametrize("as_", PUBLIC)
def test_anonymous_and_kiosk_cannot_create_update_or_delete_mentors(gql, as_):
    mentor = create_mentor(gql, status=PUBLISHED)
    attempts = [
        (CREATE_MENTOR, {"input": {"name": "Не"}}),
        (UPDATE_MENTOR, {"input": {"id": mentor["id"], "name": "Не"}}),
        (DELETE_MENTOR, {"id": mentor["id"]}),
    ]
    for mutation, variables in attempts:
        payload = next(iter(gql(mutation, variables, as_=as_).values()))
        assert payload["mentor"] is None
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert gql(MENTOR, {"slug": mentor["slug"]})["mentor"]["name"] == "Мураббӣ"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": " "}, ("name", "REQUIRED")),
        ({"headline": "x" * 301}, ("headline", "TOO_LONG")),
        ({"expertise": ["x" * 101]}, ("expertise", "TOO_LONG")),
        ({"organisation": "x" * 201}, ("organisation", "TOO_LONG")),
        ({"slug": "Not A Slug"}, ("slug", "INVALID")),
    ],
)
def test_invalid_mentor_input_is_refused_with_field_and_code(gql, fields, expected):
    assert errors_of(gql, CREATE_MENTOR, **{"name": "Мураббӣ", **fields}) == [expected]


def test_a_taken_slug_is_refused(gql):
    mentor = create_mentor(gql)
    assert errors_of(gql, CREATE_MENTOR, name="Дигар", slug=mentor["slug"]) == [
        ("slug", "DUPLICATE")
    ]


def test_mentor_type_exposes_no_contact_data(gql):
    fields = {f["name"] for f in gql(MENTOR_TYPE)["__type"]["fields"]}
    assert "name" in fields
    assert not {f for f in fields if any(w in f.lower() for w in ("mail", "phone", "contact"))}


# ---- reads ------------------------------------------------------------------------------------


def test_mentors_filter_by_accepting_mentees_language_and_expertise(gql):
    topic = unique("topic")
    open_ru = create_mentor(gql, expertise=[topic], languages=["RU"], status=PUBLISHED)
    closed_tg = create_mentor(
        gql, expertise=[topic, "Дизайн"], languages=["TG", "EN"], acceptingMentees=False,
        status=PUBLISHED,
    )  # fmt: skip
    create_mentor(gql, expertise=["Дизайн"], languages=["RU"], status=PUBLISHED)

    assert mentor_slugs(gql, expertise=topic) == {open_ru["slug"], closed_tg["slug"]}
    assert mentor_slugs(gql, expertise=topic, acceptingMentees=True) == {open_ru["slug"]}
    assert mentor_slugs(gql, expertise=topic, acceptingMentees=False) == {closed_tg["slug"]}
    assert mentor_slugs(gql, expertise=topic, language="EN") == {closed_tg["slug"]}
    assert mentor_slugs(gql, expertise=topic, language="RU") == {open_ru["slug"]}


def test_editors_filter_mentors_by_status(gql):
    topic = unique("topic")
    draft = create_mentor(gql, expertise=[topic])
    create_mentor(gql, expertise=[topic], status=PUBLISHED)
    assert mentor_slugs(gql, "editor", expertise=topic, status="DRAFT") == {draft["slug"]}


def test_course_mentors_carry_expertise_and_languages(gql):
    mentor = create_mentor(gql, expertise=["Анимация"], languages=["EN", "TG"], status=PUBLISHED)
    course = create_course(gql, mentorIds=[mentor["id"]])
    assert course["mentors"] == [
        {"slug": mentor["slug"], "expertise": ["Анимация"], "languages": ["EN", "TG"]}
    ]


@pytest.mark.parametrize("as_", PUBLIC)
def test_mentor_courses_list_her_published_courses_soonest_first(gql, as_):
    mentor = create_mentor(gql, status=PUBLISHED)
    ids = [mentor["id"]]
    later = create_course(gql, mentorIds=ids, startsAt=when(30), status=PUBLISHED)
    undated = create_course(gql, mentorIds=ids, status=PUBLISHED)
    sooner = create_course(gql, mentorIds=ids, startsAt=when(3), status=PUBLISHED)
    draft = create_course(gql, mentorIds=ids, startsAt=when(1))
    public = [later["slug"], undated["slug"], sooner["slug"]]
    expected = [{"slug": sooner["slug"]}, {"slug": later["slug"]}, {"slug": undated["slug"]}]

    assert gql(MENTOR, {"slug": mentor["slug"]}, as_=as_)["mentor"]["courses"] == expected
    assert gql(NODE, {"id": mentor["id"]}, as_=as_)["node"]["courses"] == expected
    editor = gql(MENTOR, {"slug": mentor["slug"]}, as_="editor")["mentor"]["courses"]
    assert {c["slug"] for c in editor} == {*public, draft["slug"]}


@pytest.mark.parametrize("as_", PUBLIC)
def test_draft_mentor_is_invisible_to_anonymous_and_kiosk_everywhere(gql, as_):
    topic = unique("topic")
    draft = create_mentor(gql, expertise=[topic])
    assert mentor_slugs(gql, as_, expertise=topic) == set()
    assert gql(MENTOR, {"slug": draft["slug"]}, as_=as_)["mentor"] is None
    assert gql(NODE, {"id": draft["id"]}, as_=as_)["node"] is None

    assert mentor_slugs(gql, "editor", expertise=topic) == {draft["slug"]}
    assert gql(NODE, {"id": draft["id"]}, as_="editor")["node"]["slug"] == draft["slug"]
