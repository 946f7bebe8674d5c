"""Public forms as mutations (anonymous, rate-limited, echoing nothing back) and editors' lists."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from piccolo_api.rate_limiting.middleware import RateLimitError, RateLimitProvider
from strawberry import relay

from hub.content import inquiries as rules
from hub.content.lookups import Row
from hub.errors import ErrorCode, HubError, Problem
from hub.schema.arguments import AfterArg, FirstArg
from hub.schema.connections import Connection, page_from
from hub.schema.context import Info
from hub.schema.errors import FieldError, attempt, query_error
from hub.schema.ids import decode

if TYPE_CHECKING:
    from hub.schema.artworks import Artwork
    from hub.schema.courses import Course
    from hub.schema.mentors import Mentor

_INPUT = strawberry.argument(description="The message and what it is about.")
ArtworkRef = Annotated["Artwork", strawberry.lazy("hub.schema.artworks")]
CourseRef = Annotated["Course", strawberry.lazy("hub.schema.courses")]
MentorRef = Annotated["Mentor", strawberry.lazy("hub.schema.mentors")]


def _client(info: Info) -> str:
    request = info.context.request
    return request.client.host if request is not None and request.client else "unknown"


async def _submit(
    info: Info, form: rules.Form, type_name: str, target_id: relay.GlobalID, data: dict[str, Any]
) -> tuple[Row | None, list[FieldError]]:
    limiter: RateLimitProvider = info.context.services.form_limiter
    field = f"{form.target_column}_id"

    async def run() -> Row:
        try:
            # One budget per client address across all forms: spam costs editors' time.
            limiter.increment(_client(info))
        except RateLimitError:
            raise HubError(
                [Problem(ErrorCode.LIMIT_EXCEEDED, "Too many messages: try again later.")]
            ) from None
        target = decode(target_id, type_name, field)
        return await rules.submit(form, info.context.viewer, target, data)

    return await attempt(run())


@strawberry.input(description="A question about an artwork, e.g. to buy it.")
class SendArtworkInquiryInput:
    artwork_id: relay.GlobalID = strawberry.field(description="The artwork asked about.")
    name: str = strawberry.field(description="Who is asking.")
    contact: str = strawberry.field(description="E-mail address or phone number.")
    message: str = strawberry.field(description="The question, at most 3000 characters.")


@strawberry.type(description="The artwork asked about (the message itself is never returned).")
class SendArtworkInquiryPayload:
    artwork: ArtworkRef | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty when the message was received.")


@strawberry.input(description="An application to a course.")
class ApplyToCourseInput:
    course_id: relay.GlobalID = strawberry.field(description="The course applied to.")
    name: str = strawberry.field(description="Who is applying.")
    contact: str = strawberry.field(description="E-mail address or phone number.")
    motivation: str = strawberry.field(
        description="Why she wants to join (3000 characters at most)."
    )


@strawberry.type(description="The course applied to (the application is never returned).")
class ApplyToCoursePayload:
    course: CourseRef | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty when the application arrived.")


@strawberry.input(description="A request to a mentor.")
class RequestMentorshipInput:
    mentor_id: relay.GlobalID = strawberry.field(description="The mentor asked.")
    name: str = strawberry.field(description="Who is asking.")
    contact: str = strawberry.field(description="E-mail address or phone number.")
    goals: str = strawberry.field(description="What she hopes to learn, at most 3000 characters.")


@strawberry.type(description="The mentor asked (the request is never returned).")
class RequestMentorshipPayload:
    mentor: MentorRef | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty when the request arrived.")


@strawberry.type
class InquiryMutation:
    @strawberry.mutation(description="Ask about an artwork (anyone; rate-limited).")
    async def send_artwork_inquiry(
        self, info: Info, input: Annotated[SendArtworkInquiryInput, _INPUT]
    ) -> SendArtworkInquiryPayload:
        from hub.schema.artworks import Artwork

        data = {"name": input.name, "contact": input.contact, "message": input.message}
        row, errors = await _submit(info, rules.ARTWORK_INQUIRY, "Artwork", input.artwork_id, data)
        return SendArtworkInquiryPayload(
            artwork=Artwork.from_row(row, info.context.chain(None)), errors=errors
        )

    @strawberry.mutation(description="Apply to a course (anyone; rate-limited).")
    async def apply_to_course(
        self, info: Info, input: Annotated[ApplyToCourseInput, _INPUT]
    ) -> ApplyToCoursePayload:
        from hub.schema.courses import Course

        data = {"name": input.name, "contact": input.contact, "motivation": input.motivation}
        row, errors = await _submit(info, rules.COURSE_APPLICATION, "Course", input.course_id, data)
        return ApplyToCoursePayload(
            course=Course.from_row(row, info.context.chain(None)), errors=errors
        )

    @strawberry.mutation(description="Ask a mentor for mentoring (anyone; rate-limited).")
    async def request_mentorship(
        self, info: Info, input: Annotated[RequestMentorshipInput, _INPUT]
    ) -> RequestMentorshipPayload:
        from hub.schema.mentors import Mentor

        data = {"name": input.name, "contact": input.contact, "goals": input.goals}
        row, errors = await _submit(info, rules.MENTORSHIP_REQUEST, "Mentor", input.mentor_id, data)
        return RequestMentorshipPayload(
            mentor=Mentor.from_row(row, info.context.chain(None)), errors=errors
        )


@strawberry.type(description="A message from the public. Personal data: editors only.")
class Submission:
    name: str = strawberry.field(description="Who wrote.")
    contact: str = strawberry.field(description="How to answer.")
    text: str = strawberry.field(description="The message, motivation or goals.")
    about_id: relay.GlobalID = strawberry.field(description="The artwork, course or mentor.")
    handled: bool = strawberry.field(description="Whether an editor has answered.")
    created_at: datetime = strawberry.field(description="When it was sent.")


SUBMISSION_KINDS = {
    "artwork_inquiries": (rules.ARTWORK_INQUIRY, "Artwork"),
    "course_applications": (rules.COURSE_APPLICATION, "Course"),
    "mentorship_requests": (rules.MENTORSHIP_REQUEST, "Mentor"),
}


async def _submissions(
    info: Info, kind: str, first: int | None, after: str | None
) -> Connection[Submission]:
    form, type_name = SUBMISSION_KINDS[kind]
    try:
        result = await rules.list_submissions(form, info.context.viewer, page_from(first, after))
    except HubError as error:
        raise query_error(error) from None
    nodes = [
        Submission(
            name=row["name"],
            contact=row["contact"],
            text=row[form.text_field],
            about_id=relay.GlobalID(type_name, str(row[form.target_column])),
            handled=row["handled"],
            created_at=row["created_at"],
        )
        for row in result.rows
    ]
    return Connection.build(result, nodes)


@strawberry.type
class InquiryQuery:
    @strawberry.field(description="Artwork inquiries, newest first (editors only).")
    async def artwork_inquiries(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[Submission]:
        return await _submissions(info, "artwork_inquiries", first, after)

    @strawberry.field(description="Course applications, newest first (editors only).")
    async def course_applications(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[Submission]:
        return await _submissions(info, "course_applications", first, after)

    @strawberry.field(description="Mentorship requests, newest first (editors only).")
    async def mentorship_requests(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[Submission]:
        return await _submissions(info, "mentorship_requests", first, after)
