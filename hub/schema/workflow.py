"""The editorial workflow for any entry: submit for review, publish, unpublish, schedule."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from hub.access import require_editor
from hub.content import schedule
from hub.content.entries import EntrySpec
from hub.content.lookups import Row
from hub.content.registry import SPECS
from hub.enums import Status
from hub.errors import ErrorCode, HubError
from hub.schema import mutations
from hub.schema.context import Info
from hub.schema.entries import Entry
from hub.schema.errors import FieldError, attempt
from hub.schema.ids import decode
from hub.schema.inputs import IdInput


@strawberry.type(description="The entry after a workflow step, or why the step was refused.")
class WorkflowPayload:
    entry: Entry | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")


@strawberry.input(description="When to publish an entry, or `at: null` to cancel its schedule.")
class SchedulePublishInput:
    id: relay.GlobalID = strawberry.field(description="The entry's global id.")
    at: datetime | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "When the entry goes public: a future time with its zone. It is published within "
            "the worker's check interval after that (30 seconds by default). Null cancels."
        ),
    )


Write = Callable[[EntrySpec, str], Awaitable[mutations.Result]]


async def _step(info: Info, global_id: relay.GlobalID, write: Write) -> WorkflowPayload:
    type_name = global_id.type_name
    spec = SPECS.get(type_name)
    if spec is None:
        error = HubError.one(ErrorCode.INVALID, "`id` must be the id of a content entry.", "id")
        return WorkflowPayload(entry=None, errors=[FieldError.from_problem(error.problems[0])])
    row, errors = await write(spec, type_name)
    entry_type = info.schema.get_type_by_name(type_name)
    entry = None
    if row is not None and entry_type is not None:
        entry = entry_type.origin.from_row(row, info.context.chain(None))  # type: ignore[union-attr]
    return WorkflowPayload(entry=entry, errors=errors)


async def _move(info: Info, input: IdInput, status: Status) -> WorkflowPayload:
    async def write(spec: EntrySpec, type_name: str) -> mutations.Result:
        return await mutations.set_status(info, spec, type_name, input.id, status)

    return await _step(info, input.id, write)


async def _schedule(info: Info, input: SchedulePublishInput) -> WorkflowPayload:
    viewer = info.context.viewer

    async def run(spec: EntrySpec, type_name: str) -> Row:
        entry_id = decode(input.id, type_name, "id")
        if input.at is strawberry.UNSET:
            # Omitting the time must not cancel a schedule by accident: cancelling says null.
            require_editor(viewer)  # public callers hear FORBIDDEN, whatever they sent
            raise HubError.one(
                ErrorCode.REQUIRED, "Give `at`, or `at: null` to cancel the schedule.", "at"
            )
        return await schedule.schedule(spec, viewer, entry_id, input.at)

    async def write(spec: EntrySpec, type_name: str) -> mutations.Result:
        return await attempt(run(spec, type_name))

    return await _step(info, input.id, write)


@strawberry.type
class WorkflowMutation:
    @strawberry.mutation(description="Ask an editor to review a draft (editors).")
    async def submit_for_review(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to move.")],
    ) -> WorkflowPayload:
        return await _move(info, input, Status.IN_REVIEW)

    @strawberry.mutation(description="Make an entry public now; ends any schedule (editors).")
    async def publish(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to move.")],
    ) -> WorkflowPayload:
        return await _move(info, input, Status.PUBLISHED)

    @strawberry.mutation(description="Take an entry back to draft; cancels any schedule (editors).")
    async def unpublish(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to move.")],
    ) -> WorkflowPayload:
        return await _move(info, input, Status.DRAFT)

    @strawberry.mutation(
        description=(
            "Have an unpublished entry published at a given time, or cancel that with "
            "`at: null` (editors). It stays hidden from the public until the worker publishes it."
        )
    )
    async def schedule_publish(
        self,
        info: Info,
        input: Annotated[
            SchedulePublishInput, strawberry.argument(description="The entry and when.")
        ],
    ) -> WorkflowPayload:
        return await _schedule(info, input)
