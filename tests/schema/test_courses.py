"""Courses through the API: writes with mentors and lessons, validation, filters, visibility."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from strawberry.relay import from_base64, to_base64

from hub import tables
from hub.access import SYSTEM
from hub.content import courses as course_rules
from hub.content import entries
from hub.enums import CourseCategory, CourseFormat, Currency, Locale, Status
from hub.errors import ErrorCode, HubError

COURSE_FIELDS = """
  id slug title summary status locale category format startsAt endsAt location capacity seatsLeft
  description { html }
  price { amount currency }
  coverImage { width }
  mentors { slug name }
  lessons { title summary durationMinutes position }
"""
CREATE_COURSE = f"""
mutation CreateCourse($input: CreateCourseInput!) {{
  createCourse(input: $input) {{ course {{ {COURSE_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE_COURSE = f"""
mutation UpdateCourse($input: UpdateCourseInput!) {{
  updateCourse(input: $input) {{ course {{ {COURSE_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE_COURSE = """
mutation DeleteCourse($id: ID!) {
  deleteCourse(input: {id: $id}) { course { slug } errors { field message code } }
}
"""
COURSE = f"""
query Course($slug: String!, $locale: Locale) {{
  course(slug: $slug, locale: $locale) {{ {COURSE_FIELDS} }}
}}
"""
COURSES = """
query Courses($filter: CourseFilter, $orderBy: CourseOrder, $first: Int) {
  courses(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount nodes { slug }
  }
}
"""
COURSE_CARDS = """
query CourseCards($mentor: String!, $first: Int) {
  courses(filter: {mentorSlug: $mentor}, first: $first) {
    nodes { slug title coverImage { url(width: 640) blurhash }
      mentors { slug name } lessons { title position } }
  }
}
"""
NODE = """
query Node($id: ID!) { node(id: $id) { ... on Course { slug mentors { slug } } } }
"""
CREATE_MENTOR = """
mutation CreateMentor($input: CreateMentorInput!) {
  createMentor(input: $input) { mentor { id slug } errors { field message code } }
}
"""

PUBLISHED = "PUBLISHED"
PUBLIC = [None, "kiosk"]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def when(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def create_mentor(gql: Any, **fields: Any) -> dict[str, Any]:
    fields = {"name": "Мураббӣ", "slug": unique("mentor"), "status": PUBLISHED, **fields}
    payload = gql(CREATE_MENTOR, {"input": fields}, as_="editor")["createMentor"]
    assert payload["errors"] == [], payload["errors"]
    return payload["mentor"]  # type: ignore[no-any-return]


def create_course(gql: Any, **fields: Any) -> dict[str, Any]:
    fields = {"title": "Курс", "slug": unique("course"), "category": "LEADERSHIP", **fields}
    payload = gql(CREATE_COURSE, {"input": fields}, as_="editor")["createCourse"]
    assert payload["errors"] == [], payload["errors"]
    return payload["course"]  # type: ignore[no-any-return]


def errors_of(gql: Any, mutation: str, **fields: Any) -> list[tuple[str, str]]:
    payload = next(iter(gql(mutation, {"input": fields}, as_="editor").values()))
    assert payload["course"] is None
    return [(e["field"], e["code"]) for e in payload["errors"]]


def course_slugs(gql: Any, as_: str | None = None, **flt: Any) -> set[str]:
    data = gql(COURSES, {"filter": flt, "first": 100}, as_=as_)
    return {node["slug"] for node in data["courses"]["nodes"]}


@pytest.fixture(scope="module")
def image_id(run: Callable[..., Any]) -> str:
    async def insert() -> int:
        image = tables.Image(storage_key=f"test/{unique('cover')}.jpg", width=1200, height=800)
        rows = await tables.Image.insert(image).returning(tables.Image._meta.primary_key)
        return int(rows[0]["id"])

    return to_base64("Image", run(insert))


# ---- writes -----------------------------------------------------------------------------------


def test_editor_creates_course_with_mentors_lessons_price_and_cover(gql, image_id):
    first, second = create_mentor(gql, name="Нигора"), create_mentor(gql, name="Зарина")
    course = create_course(
        gql,
        title="  Роҳбарии занон ",
        slug=None,
        summary="Барои духтарон",
        description='<p onclick="x()">Дарс <script>alert(1)</script></p>',
        category="LEADERSHIP",
        format="HYBRID",
        startsAt="2030-03-01T09:00:00+05:00",
        endsAt="2030-03-05T17:00:00+05:00",
        location="Душанбе",
        capacity=20,
        seatsLeft=7,
        price={"amount": "150.50", "currency": "TJS"},
        coverImageId=image_id,
        mentorIds=[second["id"], first["id"]],
        lessons=[
            {"title": "Оғоз", "summary": "Шиносоӣ", "durationMinutes": 90},
            {"title": "Нутқ"},
        ],
        status=PUBLISHED,
    )
    assert course["slug"].startswith("rohbarii-zanon")
    assert course["title"] == "Роҳбарии занон"
    assert course["description"]["html"] == "<p>Дарс </p>"
    assert (course["category"], course["format"]) == ("LEADERSHIP", "HYBRID")
    assert course["startsAt"].startswith("2030-03-01T04:00:00")
    assert (course["location"], course["capacity"], course["seatsLeft"]) == ("Душанбе", 20, 7)
    assert course["price"] == {"amount": "150.50", "currency": "TJS"}
    assert course["coverImage"] == {"width": 1200}
    assert [m["slug"] for m in course["mentors"]] == [second["slug"], first["slug"]]
    assert course["lessons"] == [
        {"title": "Оғоз", "summary": "Шиносоӣ", "durationMinutes": 90, "position": 0},
        {"title": "Нутқ", "summary": "", "durationMinutes": 60, "position": 1},
    ]
    public = gql(COURSE, {"slug": course["slug"]})["course"]
    assert public["lessons"] == course["lessons"]


def test_new_course_is_free_in_person_draft_with_every_seat_left(gql):
    course = create_course(gql, capacity=12)
    assert (course["status"], course["format"], course["price"]) == ("DRAFT", "IN_PERSON", None)
    assert (course["capacity"], course["seatsLeft"]) == (12, 12)
    assert (course["mentors"], course["lessons"]) == ([], [])


def test_update_changes_only_given_fields_and_null_price_makes_it_free(gql):
    mentor = create_mentor(gql)
    course = create_course(
        gql,
        summary="Пеш",
        capacity=10,
        seatsLeft=4,
        price={"amount": "20", "currency": "USD"},
        mentorIds=[mentor["id"]],
    )
    data = gql(
        UPDATE_COURSE,
        {"input": {"id": course["id"], "title": "Нав", "price": None, "format": None}},
        as_="editor",
    )["updateCourse"]
    assert data["errors"] == []
    updated = data["course"]
    assert (updated["title"], updated["summary"], updated["price"]) == ("Нав", "Пеш", None)
    assert (updated["format"], updated["capacity"], updated["seatsLeft"]) == ("IN_PERSON", 10, 4)
    assert [m["slug"] for m in updated["mentors"]] == [mentor["slug"]]


def test_lessons_in_another_locale_with_the_same_count_translate_them_by_position(gql):
    course = create_course(
        gql,
        lessons=[{"title": "Якум", "durationMinutes": 45}, {"title": "Дуюм", "summary": "Т"}],
    )
    translated = gql(
        UPDATE_COURSE,
        {
            "input": {
                "id": course["id"],
                "locale": "RU",
                "lessons": [{"title": "Первый"}, {"title": "Второй", "durationMinutes": 30}],
            }
        },
        as_="editor",
    )["updateCourse"]
    assert translated["errors"] == []

    def lessons(locale: str) -> list[tuple[str, str, int]]:
        found = gql(COURSE, {"slug": course["slug"], "locale": locale}, as_="editor")["course"]
        return [(x["title"], x["summary"], x["durationMinutes"]) for x in found["lessons"]]

    assert lessons("RU") == [("Первый", "", 45), ("Второй", "Т", 30)]
    assert lessons("TG") == [("Якум", "", 45), ("Дуюм", "Т", 30)]


def test_lessons_with_another_count_replace_all_lessons_and_their_translations(gql):
    course = create_course(gql, lessons=[{"title": "Якум"}, {"title": "Дуюм"}])
    replaced = gql(
        UPDATE_COURSE,
        {"input": {"id": course["id"], "locale": "RU", "lessons": [{"title": "Единственный"}]}},
        as_="editor",
    )["updateCourse"]
    assert replaced["errors"] == []
    found = gql(COURSE, {"slug": course["slug"], "locale": "TG"}, as_="editor")["course"]
    assert found["lessons"] == [
        {"title": "Единственный", "summary": "", "durationMinutes": 60, "position": 0}
    ]
    cleared = gql(UPDATE_COURSE, {"input": {"id": course["id"], "lessons": []}}, as_="editor")
    assert cleared["updateCourse"]["course"]["lessons"] == []


def test_invalid_lesson_saves_neither_course_nor_lessons(gql):
    slug = unique("course")
    errors = errors_of(
        gql,
        CREATE_COURSE,
        title="Курс",
        slug=slug,
        category="SAFETY",
        lessons=[{"title": "Хуб"}, {"title": "  ", "durationMinutes": 0}],
    )
    assert errors == [("lessons.1.title", "REQUIRED"), ("lessons.1.durationMinutes", "INVALID")]
    assert gql(COURSE, {"slug": slug}, as_="editor")["course"] is None


def test_editor_deletes_course(gql):
    course = create_course(gql, lessons=[{"title": "Дарс"}])
    data = gql(DELETE_COURSE, {"id": course["id"]}, as_="editor")["deleteCourse"]
    assert data == {"course": {"slug": course["slug"]}, "errors": []}
    assert gql(COURSE, {"slug": course["slug"]}, as_="editor")["course"] is None


@pytest.mark.parametrize("as_", PUBLIC)
def test_anonymous_and_kiosk_cannot_create_update_or_delete_courses(gql, as_):
    course = create_course(gql, status=PUBLISHED)
    attempts = [
        (CREATE_COURSE, {"input": {"title": "Не", "category": "SAFETY"}}),
        (UPDATE_COURSE, {"input": {"id": course["id"], "title": "Не"}}),
        (DELETE_COURSE, {"id": course["id"]}),
    ]
    for mutation, variables in attempts:
        payload = next(iter(gql(mutation, variables, as_=as_).values()))
        assert payload["course"] is None
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    assert gql(COURSE, {"slug": course["slug"]})["course"]["title"] == "Курс"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": "   "}, ("title", "REQUIRED")),
        ({"category": None}, ("category", "REQUIRED")),
        ({"capacity": 5, "seatsLeft": 6}, ("seatsLeft", "INVALID")),
        ({"capacity": -1}, ("capacity", "INVALID")),
        ({"seatsLeft": 3}, ("seatsLeft", "INVALID")),
        ({"startsAt": when(10), "endsAt": when(9)}, ("endsAt", "INVALID")),
        ({"price": {"amount": "-1", "currency": "TJS"}}, ("price", "INVALID")),
        ({"price": {"amount": "1.005", "currency": "TJS"}}, ("price", "INVALID")),
        ({"mentorIds": [to_base64("Mentor", 987654321)]}, ("mentorIds", "NOT_FOUND")),
        ({"mentorIds": [to_base64("Story", 1)]}, ("mentorIds", "INVALID")),
        ({"location": "x" * 201}, ("location", "TOO_LONG")),
    ],
)
def test_invalid_course_input_is_refused_with_field_and_code(gql, fields, expected):
    base = {"title": "Курс", "category": "CRAFTS"}
    assert errors_of(gql, CREATE_COURSE, **{**base, **fields}) == [expected]


def test_course_without_category_is_refused(gql):
    assert errors_of(gql, CREATE_COURSE, title="Курс") == [("category", "REQUIRED")]


def test_update_is_checked_against_the_stored_course(gql):
    course = create_course(gql, capacity=10, seatsLeft=8, startsAt=when(5), endsAt=when(6))
    cases = [
        ({"capacity": 6}, [("capacity", "INVALID")]),
        ({"seatsLeft": 11}, [("seatsLeft", "INVALID")]),
        ({"endsAt": when(4)}, [("endsAt", "INVALID")]),
        ({"category": None}, [("category", "REQUIRED")]),
        ({"title": ""}, [("title", "REQUIRED")]),
    ]
    for fields, expected in cases:
        assert errors_of(gql, UPDATE_COURSE, id=course["id"], **fields) == expected, fields


def test_a_first_capacity_frees_every_seat_and_no_capacity_counts_none(gql):
    course = create_course(gql)
    assert (course["capacity"], course["seatsLeft"]) == (None, None)
    limited = gql(UPDATE_COURSE, {"input": {"id": course["id"], "capacity": 8}}, as_="editor")
    assert limited["updateCourse"]["course"]["seatsLeft"] == 8
    unlimited = gql(UPDATE_COURSE, {"input": {"id": course["id"], "capacity": None}}, as_="editor")
    assert unlimited["updateCourse"]["course"]["seatsLeft"] is None


# ---- reads ------------------------------------------------------------------------------------


def test_courses_filter_by_category_format_upcoming_and_mentor(gql):
    mentor = create_mentor(gql)
    scope = {"mentorSlug": mentor["slug"]}
    ids = [mentor["id"]]
    soon = create_course(
        gql, category="DESIGN", format="ONLINE", startsAt=when(3), mentorIds=ids, status=PUBLISHED
    )
    past = create_course(
        gql, category="DESIGN", format="HYBRID", startsAt=when(-3), mentorIds=ids, status=PUBLISHED
    )
    undated = create_course(gql, category="SAFETY", mentorIds=ids, status=PUBLISHED)
    other = create_course(gql, category="DESIGN", status=PUBLISHED)

    assert course_slugs(gql, **scope) == {soon["slug"], past["slug"], undated["slug"]}
    assert course_slugs(gql, **scope, category="DESIGN") == {soon["slug"], past["slug"]}
    assert course_slugs(gql, **scope, format="HYBRID") == {past["slug"]}
    assert course_slugs(gql, **scope, upcoming=True) == {soon["slug"]}
    assert course_slugs(gql, **scope, upcoming=False) == {past["slug"]}
    assert other["slug"] in course_slugs(gql, category="DESIGN")
    assert other["slug"] not in course_slugs(gql, category="SAFETY")


def test_courses_order_by_start_soonest_first(gql):
    mentor = create_mentor(gql)
    ids = [mentor["id"]]
    later = create_course(gql, startsAt=when(20), mentorIds=ids, status=PUBLISHED)
    sooner = create_course(gql, startsAt=when(2), mentorIds=ids, status=PUBLISHED)
    data = gql(COURSES, {"filter": {"mentorSlug": mentor["slug"]}, "orderBy": "STARTS_AT"})
    assert [n["slug"] for n in data["courses"]["nodes"]] == [sooner["slug"], later["slug"]]


def test_editors_filter_courses_by_status(gql):
    mentor = create_mentor(gql)
    ids = [mentor["id"]]
    draft = create_course(gql, mentorIds=ids)
    create_course(gql, mentorIds=ids, status=PUBLISHED)
    found = course_slugs(gql, "editor", mentorSlug=mentor["slug"], status="DRAFT")
    assert found == {draft["slug"]}


@pytest.mark.parametrize("as_", PUBLIC)
def test_draft_course_is_invisible_to_anonymous_and_kiosk_everywhere(gql, as_):
    mentor = create_mentor(gql)
    draft = create_course(gql, mentorIds=[mentor["id"]])
    assert course_slugs(gql, as_, mentorSlug=mentor["slug"]) == set()
    assert gql(COURSE, {"slug": draft["slug"]}, as_=as_)["course"] is None
    assert gql(NODE, {"id": draft["id"]}, as_=as_)["node"] is None

    assert course_slugs(gql, "editor", mentorSlug=mentor["slug"]) == {draft["slug"]}
    assert gql(NODE, {"id": draft["id"]}, as_="editor")["node"]["slug"] == draft["slug"]


@pytest.mark.parametrize("as_", PUBLIC)
def test_draft_mentor_is_hidden_from_a_published_course(gql, as_):
    shown, hidden = create_mentor(gql), create_mentor(gql, status="DRAFT")
    course = create_course(gql, mentorIds=[hidden["id"], shown["id"]], status=PUBLISHED)
    public = gql(COURSE, {"slug": course["slug"]}, as_=as_)["course"]
    assert [m["slug"] for m in public["mentors"]] == [shown["slug"]]
    assert gql(NODE, {"id": course["id"]}, as_=as_)["node"]["mentors"] == [{"slug": shown["slug"]}]
    assert course_slugs(gql, as_, mentorSlug=hidden["slug"]) == set()
    editor = gql(COURSE, {"slug": course["slug"]}, as_="editor")["course"]
    assert [m["slug"] for m in editor["mentors"]] == [hidden["slug"], shown["slug"]]


def test_lessons_fall_back_along_the_locale_chain(gql):
    course = create_course(gql, locale="RU", title="Курс", lessons=[{"title": "Урок"}])
    found = gql(COURSE, {"slug": course["slug"], "locale": "EN"}, as_="editor")["course"]
    assert (found["locale"], found["lessons"][0]["title"]) == ("RU", "Урок")


def test_course_cards_cost_the_same_statements_whatever_the_page_size(gql, image_id, sql_count):
    mentor = create_mentor(gql)
    helpers = [create_mentor(gql)["id"] for _ in range(3)]
    for n in range(6):
        create_course(
            gql,
            coverImageId=image_id,
            mentorIds=[mentor["id"], helpers[n % 3]],
            lessons=[{"title": f"Дарс {i}"} for i in range(3)],
            status=PUBLISHED,
        )
    counts = []
    for first in (1, 6):
        with sql_count() as statements:
            data = gql(COURSE_CARDS, {"mentor": mentor["slug"], "first": first}, as_="kiosk")
        nodes = data["courses"]["nodes"]
        assert len(nodes) == first
        assert all(len(n["mentors"]) == 2 and len(n["lessons"]) == 3 for n in nodes)
        assert all(n["coverImage"] is not None for n in nodes)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


# ---- the seed's path: plain data straight into hub.content -----------------------------------


def test_plain_data_with_the_documented_keys_creates_a_course(gql, run):
    mentor = create_mentor(gql)
    mentor_id = int(from_base64(mentor["id"])[1])
    data = {
        "title": "Молия барои ҳама",
        "slug": unique("course"),
        "summary": "Асосҳо",
        "description": "<p>Буҷа</p>",
        "category": CourseCategory.FINANCIAL_LITERACY,
        "format": CourseFormat.ONLINE,
        "starts_at": datetime(2031, 1, 10, tzinfo=UTC),
        "ends_at": datetime(2031, 1, 12, tzinfo=UTC),
        "location": "Хуҷанд",
        "capacity": 30,
        "seats_left": 25,
        "price": {"amount": 99.9, "currency": Currency.TJS},
        "cover_image_id": None,
        "mentor_ids": [mentor_id],
        "lessons": [{"title": "Буҷа", "summary": "Хароҷот", "duration_minutes": 50}],
        "status": Status.PUBLISHED,
    }
    row = run(entries.create, course_rules.SPEC, SYSTEM, data, Locale.TG)
    course = gql(COURSE, {"slug": row["slug"]})["course"]
    assert (course["category"], course["format"], course["seatsLeft"]) == (
        "FINANCIAL_LITERACY",
        "ONLINE",
        25,
    )
    assert course["price"] == {"amount": "99.90", "currency": "TJS"}
    assert course["lessons"] == [
        {"title": "Буҷа", "summary": "Хароҷот", "durationMinutes": 50, "position": 0}
    ]
    assert [m["slug"] for m in course["mentors"]] == [mentor["slug"]]


def test_plain_data_with_an_unknown_category_is_refused(run):
    data = {"title": "Курс", "category": "astrology"}
    with pytest.raises(HubError) as error:
        run(entries.create, course_rules.SPEC, SYSTEM, data, Locale.TG)
    assert [(p.field, p.code) for p in error.value.problems] == [("category", ErrorCode.INVALID)]
