"""Course and Lesson: GraphQL types with mentors and lessons, queries and mutations."""

from __future__ import annotations

from asyncio import Future
from datetime import datetime
from typing import Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.access import Viewer
from hub.content import courses as rules
from hub.content import lookups
from hub.content.lookups import Row
from hub.content.pages import PageResult
from hub.i18n import pick
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Chain, Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import CourseCategory, CourseFormat, Locale, Status
from hub.schema.errors import FieldError
from hub.schema.fields import computed, rich_text, stored, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.loaders import Loaders
from hub.schema.mentors import Mentor
from hub.schema.money import Money, MoneyInput
from hub.schema.relations import Ref, by_id, prefetch, related

CourseOrder = strawberry.enum(rules.CourseOrder, description="Orders of a course list.")

# Lessons of every course on the page come from one loader: one statement per request.
LESSONS_KEY = "course.lessons"


async def _lesson_pages(course_ids: list[int]) -> list[PageResult]:
    lessons = await rules.lessons_by_course(course_ids)
    return [PageResult(rows=rows, total=len(rows), offset=0) for rows in lessons]


def _lessons(loaders: Loaders, viewer: Viewer, row: Row) -> Future[PageResult]:
    return loaders.pages(LESSONS_KEY, _lesson_pages).load(row["id"])  # type: ignore[return-value]


COVER = by_id(tables.Image, "cover_image")
MENTORS = related(rules.MENTORS)
LESSONS = Ref(_lessons)
# By GraphQL field name: the relations a list of courses loads for all its rows at once.
REFS = {"coverImage": COVER, "mentors": MENTORS, "lessons": LESSONS}


@strawberry.type(description="One lesson of a course.")
class Lesson:
    row: strawberry.Private[Row]
    chain: strawberry.Private[Chain]

    title: str = computed(
        lambda self: pick(self.row, "title", self.chain)[0],
        description="The lesson's title in the served locale.",
    )

    summary: str = computed(
        lambda self: pick(self.row, "summary", self.chain)[0],
        description="What the lesson covers.",
    )

    duration_minutes: int = computed(
        lambda self: int(self.row["duration_minutes"]),
        description="How long the lesson lasts, in minutes.",
    )

    position: int = computed(
        lambda self: int(self.row["position"]),
        description="The lesson's place in the course, from 0.",
    )


@strawberry.type(description="A course: from human rights to digital art, with its lessons.")
class Course(Entry):
    TABLE: ClassVar = tables.Course

    title: str = translated("title", description="The title in the served locale.")

    summary: str = translated("summary", description="A short summary for cards.")

    description: RichText = rich_text("description", description="The full description.")

    category: CourseCategory = computed(
        lambda self: CourseCategory(self.row["category"]),
        description="What the course teaches.",
    )

    format: CourseFormat = computed(
        lambda self: CourseFormat(self.row["format"]),
        description="Where the course takes place: in person, online or both.",
    )

    starts_at: datetime | None = stored("starts_at", description="When it starts.")

    ends_at: datetime | None = stored("ends_at", description="When it ends.")

    location: str = translated(
        "location", description="Where it takes place, in the served locale; empty if online."
    )

    capacity: int | None = stored(
        "capacity", description="How many participants it takes; null when not limited."
    )

    seats_left: int | None = stored(
        "seats_left", description="Seats still free; null when not counted."
    )

    price: Money | None = computed(
        lambda self: Money.from_row(self.row),
        description="What it costs; null when the course is free.",
    )

    def _cover_image(self) -> Image | None:
        return COVER.get(self.context, self.row, lambda row: Image.from_row(row, self.chain))

    cover_image: Image | None = computed(_cover_image, description="The cover picture.")

    def _mentors(self) -> list[Mentor]:
        return MENTORS.get(self.context, self.row, lambda rows: Mentor.from_rows(rows, self.chain))

    mentors: list[Mentor] = computed(
        _mentors, description="Who teaches it, in the order the editors gave."
    )

    def _lessons(self) -> list[Lesson]:
        return LESSONS.get(
            self.context,
            self.row,
            lambda result: [Lesson(row=row, chain=self.chain) for row in result.rows],
        )

    lessons: list[Lesson] = computed(_lessons, description="Its lessons, in order.")


@strawberry.input(description="Narrows a course list; all given conditions must hold.")
class CourseFilter:
    category: CourseCategory | None = strawberry.field(
        default=None, description="Only this category."
    )
    format: CourseFormat | None = strawberry.field(default=None, description="Only this format.")
    upcoming: bool | None = strawberry.field(
        default=None,
        description="true: starting now or later; false: already started. Undated courses "
        "match neither.",
    )
    mentor_slug: str | None = strawberry.field(
        default=None, description="Only courses this mentor teaches."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class CourseQuery:
    @strawberry.field(description="One course by slug.")
    async def course(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The course's slug.")],
        locale: LocaleArg = None,
    ) -> Course | None:
        row = await lookups.row_by_slug(tables.Course, info.context.viewer, slug)
        return Course.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Courses, newest first by default.")
    async def courses(
        self,
        info: Info,
        filter: Annotated[
            CourseFilter | None, strawberry.argument(description="Conditions to meet.")
        ] = None,
        order_by: Annotated[
            CourseOrder, strawberry.argument(description="The order of the list.")
        ] = rules.CourseOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Course]:
        flt = rules.CourseFilter(**vars(filter)) if filter else rules.CourseFilter()
        result = await rules.list_courses(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Course.from_rows(result.rows, info.context.chain(locale)))


COURSE_IDS = {"cover_image_id": "Image", "mentor_ids": "Mentor"}

LESSONS_HELP = (
    "Replaces the lessons, their text in `locale`. With as many lessons as the course has, "
    "each is updated by position and keeps its other translations (this is how to translate "
    "them); with another count, all lessons are replaced. Errors name `lessons.<index>.<field>`."
)


@strawberry.input(description="A lesson; its text is in the course input's `locale`.")
class LessonInput:
    title: str = strawberry.field(description="Required.")
    summary: str | None = strawberry.field(default=None, description="What the lesson covers.")
    duration_minutes: int | None = strawberry.field(
        default=None, description="At least 1; a new lesson defaults to 60, an updated one keeps."
    )


@strawberry.input(description="A new course; text fields are in `locale` (default TG).")
class CreateCourseInput:
    title: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields and lessons."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Generated from the title when left out."
    )
    summary: str | None = strawberry.field(default=strawberry.UNSET, description="For cards.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    category: CourseCategory | None = strawberry.field(
        default=strawberry.UNSET, description="Required: left out or null, it is refused."
    )
    format: CourseFormat | None = strawberry.field(
        default=strawberry.UNSET, description="Default IN_PERSON."
    )
    starts_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="Start.")
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Not before `startsAt`."
    )
    location: str | None = strawberry.field(
        default=strawberry.UNSET, description="Where, at most 200 characters."
    )
    capacity: int | None = strawberry.field(
        default=strawberry.UNSET, description="At least 0; null: not limited."
    )
    seats_left: int | None = strawberry.field(
        default=strawberry.UNSET, description="0 to `capacity`; defaults to the capacity."
    )
    price: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="At least 0, exact to the cent; null: free."
    )
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="An uploaded Image."
    )
    mentor_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Mentors who teach it, in order."
    )
    lessons: list[LessonInput] | None = strawberry.field(
        default=strawberry.UNSET, description=LESSONS_HELP
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a course: only the given fields change.")
class UpdateCourseInput:
    id: relay.GlobalID = strawberry.field(description="The course's global id.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields and lessons."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="The title.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Cannot change once published."
    )
    summary: str | None = strawberry.field(default=strawberry.UNSET, description="For cards.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    category: CourseCategory | None = strawberry.field(
        default=strawberry.UNSET, description="Null is refused."
    )
    format: CourseFormat | None = strawberry.field(
        default=strawberry.UNSET, description="Null keeps the current format."
    )
    starts_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="Start.")
    ends_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Not before `startsAt`."
    )
    location: str | None = strawberry.field(
        default=strawberry.UNSET, description="Where, at most 200 characters."
    )
    capacity: int | None = strawberry.field(
        default=strawberry.UNSET, description="At least 0 and not below `seatsLeft`."
    )
    seats_left: int | None = strawberry.field(
        default=strawberry.UNSET, description="0 to `capacity`."
    )
    price: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="At least 0, exact to the cent; null: free."
    )
    cover_image_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="An uploaded Image; null removes the cover."
    )
    mentor_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the mentors, in order."
    )
    lessons: list[LessonInput] | None = strawberry.field(
        default=strawberry.UNSET, description=LESSONS_HELP
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="The workflow state."
    )


@strawberry.type(description="The course as saved, or why it was not.")
class CoursePayload:
    course: Course | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls, info: Info, result: mutations.Result, locale: Locale | None = None
    ) -> CoursePayload:
        row, errors = result
        return cls(course=Course.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class CourseMutation:
    @strawberry.mutation(description="Create a course with its lessons (editors).")
    async def create_course(
        self,
        info: Info,
        input: Annotated[CreateCourseInput, strawberry.argument(description="The new course.")],
    ) -> CoursePayload:
        result = await mutations.create(info, rules.SPEC, input, COURSE_IDS)
        return CoursePayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change a course; text fields in `locale` (editors).")
    async def update_course(
        self,
        info: Info,
        input: Annotated[UpdateCourseInput, strawberry.argument(description="What changes.")],
    ) -> CoursePayload:
        result = await mutations.update(info, rules.SPEC, "Course", input, COURSE_IDS)
        return CoursePayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a course and its lessons (editors).")
    async def delete_course(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The course to delete.")],
    ) -> CoursePayload:
        return CoursePayload.of(info, await mutations.delete(info, rules.SPEC, "Course", input.id))
