"""Course rules: categories, dates, seats, price, mentors and lessons written with the course."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hub import tables
from hub.access import Viewer
from hub.content import entries, lookups, money
from hub.content.campaigns import check_dates
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Relation, Row
from hub.content.pages import Page, PageResult
from hub.enums import CourseCategory, CourseFormat, Locale, Status
from hub.errors import ErrorCode, Problem
from hub.i18n import LOCALES, column

Course = tables.Course
Lesson = tables.Lesson

LOCATION_MAX = 200
LESSON_TITLE_MAX = 200
LESSONS_MAX = 100
# Numeric(12, 2): ten digits before the point.


class CourseOrder(enum.Enum):
    NEWEST = "newest"
    STARTS_AT = "starts_at"
    RECENTLY_UPDATED = "recently_updated"
    SLUG = "slug"


ORDERS: dict[CourseOrder, lookups.Order] = {
    CourseOrder.NEWEST: [(Course.published_at, False), (Course.created_at, False)],
    CourseOrder.STARTS_AT: [(Course.starts_at, True)],
    CourseOrder.RECENTLY_UPDATED: [(Course.updated_at, False)],
    CourseOrder.SLUG: [(Course.slug, True)],
}


@dataclass(frozen=True)
class CourseFilter:
    category: CourseCategory | None = None
    format: CourseFormat | None = None
    upcoming: bool | None = None
    mentor_slug: str | None = None
    status: Status | None = None


def _where(viewer: Viewer, flt: CourseFilter) -> list[Any]:
    where: list[Any] = []
    if flt.category is not None:
        where.append(Course.category == flt.category.value)
    if flt.format is not None:
        where.append(Course.format == flt.format.value)
    if flt.upcoming is True:
        where.append(Course.starts_at >= entries.now())
    elif flt.upcoming is False:
        where.append(Course.starts_at < entries.now())
    if flt.mentor_slug is not None:
        taught = tables.CourseMentor.select(tables.CourseMentor.course).where(
            tables.CourseMentor.mentor.slug == flt.mentor_slug
        )
        if not viewer.is_editor:
            # A hidden mentor must not be findable through her courses either.
            taught = taught.where(tables.CourseMentor.mentor.status == Status.PUBLISHED.value)
        where.append(Course._meta.primary_key.is_in(taught))
    if flt.status is not None:
        where.append(Course.status == flt.status.value)
    return where


async def list_courses(
    viewer: Viewer, flt: CourseFilter, order: CourseOrder, page: Page
) -> PageResult:
    return await lookups.fetch_page(Course, viewer, _where(viewer, flt), ORDERS[order], page)


def soonest_first(rows: Sequence[Row]) -> list[Row]:
    """Courses by start date, undated ones last (a mentor's courses, already loaded)."""
    return sorted(rows, key=lambda r: (r["starts_at"] is None, r["starts_at"] or 0, r["id"]))


async def lessons_by_course(course_ids: Sequence[int]) -> list[list[Row]]:
    """Lessons of each course in position order: one statement for the batch (a dataloader).

    Lessons have no status of their own: whoever may see the course sees its lessons.
    """
    grouped: dict[int, list[Row]] = {i: [] for i in course_ids}
    if course_ids:
        query = (
            Lesson.select()
            .where(Lesson.course.is_in(list(set(course_ids))))
            .order_by(Lesson.position)
            .order_by(Lesson._meta.primary_key)
        )
        for row in await query:
            grouped[row["course"]].append(row)
    return [grouped[i] for i in course_ids]


# ---- writes -----------------------------------------------------------------------------------


def _invalid(message: str, field: str) -> Problem:
    return Problem(ErrorCode.INVALID, message, field)


def _check_choice(
    data: dict[str, Any], key: str, choices: type[enum.Enum], required: bool
) -> list[Problem]:
    """An enum input: None is refused when `required`, else it keeps the stored value."""
    if key not in data:
        return []
    if data[key] is None:
        if required:
            return [Problem(ErrorCode.REQUIRED, f"Choose the course's {key}.", key)]
        del data[key]
        return []
    try:
        # Callers outside GraphQL (the seed, scripts) may give the stored value as a string.
        data[key] = choices(data[key])
    except ValueError:
        names = ", ".join(choice.name for choice in choices)
        return [_invalid(f"The {key} must be one of {names}.", key)]
    return []


def _check_seats(data: dict[str, Any], existing: Row | None) -> list[Problem]:
    old = existing or {}
    capacity = data.get("capacity", old.get("capacity"))
    # A new course starts with every seat free, as does one that gets its first capacity; an
    # unlimited course has no count.
    fill = existing is None or capacity is None or old.get("seats_left") is None
    if "capacity" in data and "seats_left" not in data and fill:
        data["seats_left"] = capacity
    seats = data.get("seats_left", old.get("seats_left"))
    if capacity is not None and capacity < 0:
        return [_invalid("The capacity cannot be negative.", "capacity")]
    if seats is None:
        return []
    field = "seats_left" if "seats_left" in data else "capacity"
    if seats < 0:
        return [_invalid("Seats left cannot be negative.", "seats_left")]
    if capacity is None:
        return [_invalid("Give a capacity before counting seats left.", "seats_left")]
    if seats > capacity:
        return [_invalid(f"Seats left ({seats}) cannot exceed the capacity ({capacity}).", field)]
    return []


def _lesson_data(item: Any) -> Mapping[str, Any]:
    # GraphQL inputs arrive as dataclass instances; hub.seed and scripts give plain dicts.
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)


def _check_lessons(data: dict[str, Any]) -> list[Problem]:
    """Normalise `lessons` in place to [{title, summary, duration_minutes}] and check them."""
    if "lessons" not in data:
        return []
    items = [_lesson_data(item) for item in data.get("lessons") or []]
    if len(items) > LESSONS_MAX:
        return [
            Problem(
                ErrorCode.LIMIT_EXCEEDED,
                f"A course has at most {LESSONS_MAX} lessons.",
                "lessons",
            )
        ]
    problems: list[Problem] = []
    lessons: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        title = (item.get("title") or "").strip()
        duration = item.get("duration_minutes")
        where = f"lessons.{index}"
        if not title:
            problems.append(
                Problem(ErrorCode.REQUIRED, "Every lesson needs a title.", f"{where}.title")
            )
        elif len(title) > LESSON_TITLE_MAX:
            problems.append(
                Problem(
                    ErrorCode.TOO_LONG,
                    f"Keep lesson titles under {LESSON_TITLE_MAX} characters.",
                    f"{where}.title",
                )
            )
        if duration is not None and duration < 1:
            problems.append(
                _invalid("A lesson lasts at least one minute.", f"{where}.duration_minutes")
            )
        lessons.append(
            {
                "title": title,
                "summary": (item.get("summary") or "").strip(),
                "duration_minutes": duration,
            }
        )
    data["lessons"] = lessons
    return problems


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    problems: list[Problem] = []
    if existing is None and data.get("category") is None:
        problems.append(Problem(ErrorCode.REQUIRED, "Choose the course's category.", "category"))
    else:
        problems += _check_choice(data, "category", CourseCategory, required=True)
    # A null format keeps the stored one (a new course is IN_PERSON), like a null status.
    problems += _check_choice(data, "format", CourseFormat, required=False)
    for locale in LOCALES:
        if len(values.get(column("location", locale)) or "") > LOCATION_MAX:
            problems.append(
                Problem(
                    ErrorCode.TOO_LONG,
                    f"Keep the location under {LOCATION_MAX} characters.",
                    "location",
                )
            )
    problems += check_dates(data, existing)
    problems += _check_seats(data, existing)
    problems += money.check_price(data, values)
    problems += _check_lessons(data)
    return problems


def _new_lesson(lesson: dict[str, Any], title: str, summary: str) -> dict[str, Any]:
    values = {title: lesson["title"], summary: lesson["summary"]}
    if lesson["duration_minutes"] is not None:
        values["duration_minutes"] = lesson["duration_minutes"]
    return values


async def _write_lessons(course_id: int, children: dict[str, Any], locale: Locale) -> None:
    """Replace a course's lessons with the given ones, their text in `locale`.

    When the course already has exactly as many lessons, they are the same lessons told in
    `locale`: each one is updated by position (its text in `locale`, and its duration when
    given) and keeps its other translations. Otherwise every lesson is replaced, and the other
    translations go with the old lessons.
    """
    lessons: list[dict[str, Any]] = children["lessons"]
    title, summary = column("title", locale), column("summary", locale)
    current = (
        await Lesson.select(Lesson._meta.primary_key)
        .where(Lesson.course == course_id)
        .order_by(Lesson.position)
        .order_by(Lesson._meta.primary_key)
    )
    if len(current) == len(lessons):
        for position, (row, lesson) in enumerate(zip(current, lessons, strict=True)):
            changes: dict[str, Any] = {
                title: lesson["title"],
                summary: lesson["summary"],
                "position": position,
            }
            if lesson["duration_minutes"] is not None:
                changes["duration_minutes"] = lesson["duration_minutes"]
            await Lesson.update(changes).where(Lesson._meta.primary_key == row["id"])
        return
    await Lesson.delete().where(Lesson.course == course_id)
    if lessons:
        await Lesson.insert(
            *[
                Lesson(course=course_id, position=position, **_new_lesson(lesson, title, summary))
                for position, lesson in enumerate(lessons)
            ]
        )


SPEC = EntrySpec(
    table=Course,
    label="course",
    title="title",
    translated=("title", "summary", "description", "location"),
    rich=("description",),
    references={"cover_image_id": Reference("cover_image", tables.Image, "image")},
    relations={
        "mentor_ids": Relation(tables.CourseMentor, "course", "mentor", tables.Mentor),
    },
    prepare=_prepare,
    children=("lessons",),
    after_write=_write_lessons,
)
MENTORS = SPEC.relations["mentor_ids"]
