"""Mentor: her GraphQL type with the courses she teaches, queries and mutations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from hub import tables
from hub.content import courses as course_rules
from hub.content import lookups
from hub.content import mentors as rules
from hub.schema import mutations
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.entries import Entry, RichText
from hub.schema.enums import Locale, Status
from hub.schema.errors import FieldError
from hub.schema.fields import computed, rich_text, translated
from hub.schema.images import Image
from hub.schema.inputs import IdInput
from hub.schema.relations import by_id, prefetch, related

if TYPE_CHECKING:
    from hub.schema.courses import Course

MentorOrder = strawberry.enum(rules.MentorOrder, description="Orders of a mentor list.")
CourseRef = Annotated["Course", strawberry.lazy("hub.schema.courses")]

PHOTO = by_id(tables.Image, "photo")
COURSES = related(rules.COURSES)
# By GraphQL field name: the relations a list of mentors loads for all its rows at once.
REFS = {"photo": PHOTO, "courses": COURSES}


@strawberry.type(description="A mentor: she teaches courses and may take mentees.")
class Mentor(Entry):
    TABLE: ClassVar = tables.Mentor
    TITLE: ClassVar[str] = "name"

    name: str = translated("name", description="Her name in the served locale's script.")

    headline: str = translated("headline", description="One line on what she does, for cards.")

    bio: RichText = rich_text("bio", description="Her biography.")

    def _photo(self) -> Image | None:
        return PHOTO.get(self.context, self.row, lambda row: Image.from_row(row, self.chain))

    photo: Image | None = computed(_photo, description="Her photo.")

    expertise: list[str] = computed(
        lambda self: rules.expertise(self.row),
        description="Topics she can help with, as she words them.",
    )

    organisation: str = computed(
        lambda self: str(self.row["organisation"] or ""),
        description="Where she works.",
    )

    languages: list[Locale] = computed(
        lambda self: rules.languages(self.row),
        description="Languages she mentors and teaches in.",
    )

    accepting_mentees: bool = computed(
        lambda self: bool(self.row["accepting_mentees"]),
        description="True while she takes new mentees.",
    )

    def _courses(self) -> list[CourseRef]:
        from hub.schema.courses import Course

        return COURSES.get(
            self.context,
            self.row,
            lambda rows: Course.from_rows(course_rules.soonest_first(rows), self.chain),
        )

    courses: list[CourseRef] = computed(
        _courses, description="The courses she teaches that the caller may see, soonest first."
    )


@strawberry.input(description="Narrows a mentor list; all given conditions must hold.")
class MentorFilter:
    accepting_mentees: bool | None = strawberry.field(
        default=None, description="Only mentors who do (true) or do not (false) take mentees."
    )
    language: Locale | None = strawberry.field(
        default=None, description="Only mentors who speak this language."
    )
    expertise: str | None = strawberry.field(
        default=None, description="Only mentors listing exactly this expertise."
    )
    status: Status | None = strawberry.field(default=None, description="Editors: only this state.")


@strawberry.type
class MentorQuery:
    @strawberry.field(description="One mentor by slug.")
    async def mentor(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The mentor's slug.")],
        locale: LocaleArg = None,
    ) -> Mentor | None:
        row = await lookups.row_by_slug(tables.Mentor, info.context.viewer, slug)
        return Mentor.from_row(row, info.context.chain(locale))

    @strawberry.field(description="Mentors, newest first by default.")
    async def mentors(
        self,
        info: Info,
        filter: Annotated[
            MentorFilter | None, strawberry.argument(description="Conditions to meet.")
        ] = None,
        order_by: Annotated[
            MentorOrder, strawberry.argument(description="The order of the list.")
        ] = rules.MentorOrder.NEWEST,
        first: FirstArg = None,
        after: AfterArg = None,
        locale: LocaleArg = None,
    ) -> Connection[Mentor]:
        flt = rules.MentorFilter(**vars(filter)) if filter else rules.MentorFilter()
        result = await rules.list_mentors(
            info.context.viewer, flt, order_by, page_from(first, after)
        )
        await prefetch(info, result.rows, REFS)
        return Connection.build(result, Mentor.from_rows(result.rows, info.context.chain(locale)))


MENTOR_IDS = {"photo_id": "Image"}


@strawberry.input(description="A new mentor; text fields are in `locale` (default TG).")
class CreateMentorInput:
    name: str = strawberry.field(description="Required in `locale`.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Generated from the name when left out."
    )
    headline: str | None = strawberry.field(
        default=strawberry.UNSET, description="One line, at most 300 characters."
    )
    bio: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    photo_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="An uploaded Image."
    )
    expertise: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Topics; blanks and repeats are dropped."
    )
    organisation: str | None = strawberry.field(
        default=strawberry.UNSET, description="Where she works."
    )
    languages: list[Locale] | None = strawberry.field(
        default=strawberry.UNSET, description="Languages she mentors in."
    )
    accepting_mentees: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Default true."
    )
    status: Status | None = strawberry.field(default=strawberry.UNSET, description="Default DRAFT.")


@strawberry.input(description="Changes to a mentor: only the given fields change.")
class UpdateMentorInput:
    id: relay.GlobalID = strawberry.field(description="The mentor's global id.")
    locale: Locale | None = strawberry.field(
        default=None, description="Language of the text fields."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Her name.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Cannot change once published."
    )
    headline: str | None = strawberry.field(
        default=strawberry.UNSET, description="One line, at most 300 characters."
    )
    bio: str | None = strawberry.field(
        default=strawberry.UNSET, description="HTML, sanitised on save."
    )
    photo_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="An uploaded Image; null removes the photo."
    )
    expertise: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the list."
    )
    organisation: str | None = strawberry.field(
        default=strawberry.UNSET, description="Where she works."
    )
    languages: list[Locale] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the list."
    )
    accepting_mentees: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Null keeps the current answer."
    )
    status: Status | None = strawberry.field(
        default=strawberry.UNSET, description="The workflow state."
    )


@strawberry.type(description="The mentor as saved, or why she was not.")
class MentorPayload:
    mentor: Mentor | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")

    @classmethod
    def of(
        cls, info: Info, result: mutations.Result, locale: Locale | None = None
    ) -> MentorPayload:
        row, errors = result
        return cls(mentor=Mentor.from_row(row, info.context.chain(locale)), errors=errors)


@strawberry.type
class MentorMutation:
    @strawberry.mutation(description="Create a mentor (editors).")
    async def create_mentor(
        self,
        info: Info,
        input: Annotated[CreateMentorInput, strawberry.argument(description="The new mentor.")],
    ) -> MentorPayload:
        result = await mutations.create(info, rules.SPEC, input, MENTOR_IDS)
        return MentorPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Change a mentor; text fields in `locale` (editors).")
    async def update_mentor(
        self,
        info: Info,
        input: Annotated[UpdateMentorInput, strawberry.argument(description="What changes.")],
    ) -> MentorPayload:
        result = await mutations.update(info, rules.SPEC, "Mentor", input, MENTOR_IDS)
        return MentorPayload.of(info, result, input.locale)

    @strawberry.mutation(description="Delete a mentor; her courses stay (editors).")
    async def delete_mentor(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The mentor to delete.")],
    ) -> MentorPayload:
        return MentorPayload.of(info, await mutations.delete(info, rules.SPEC, "Mentor", input.id))
