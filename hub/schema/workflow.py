"""The editorial workflow for any entry: submit for review, publish, unpublish."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.content.registry import SPECS
from hub.enums import Status
from hub.errors import ErrorCode, HubError
from hub.schema import mutations
from hub.schema.context import Info
from hub.schema.entries import Entry
from hub.schema.errors import FieldError
from hub.schema.inputs import IdInput


@strawberry.type(description="The entry after a workflow step, or why the step was refused.")
class WorkflowPayload:
    entry: Entry | None = strawberry.field(description="Null when `errors` is not empty.")
    errors: list[FieldError] = strawberry.field(description="Empty on success.")


async def _step(info: Info, input: IdInput, status: Status) -> WorkflowPayload:
    type_name = input.id.type_name
    spec = SPECS.get(type_name)
    if spec is None:
        error = HubError.one(ErrorCode.INVALID, "`id` must be the id of a content entry.", "id")
        return WorkflowPayload(entry=None, errors=[FieldError.from_problem(error.problems[0])])
    row, errors = await mutations.set_status(info, spec, type_name, input.id, status)
    entry_type = info.schema.get_type_by_name(type_name)
    entry = None
    if row is not None and entry_type is not None:
        entry = entry_type.origin.from_row(row, info.context.chain(None))  # type: ignore[union-attr]
    return WorkflowPayload(entry=entry, errors=errors)


@strawberry.type
class WorkflowMutation:
    @strawberry.mutation(description="Ask an editor to review a draft (editors).")
    async def submit_for_review(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to move.")],
    ) -> WorkflowPayload:
        return await _step(info, input, Status.IN_REVIEW)

    @strawberry.mutation(description="Make an entry public (editors).")
    async def publish(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to move.")],
    ) -> WorkflowPayload:
        return await _step(info, input, Status.PUBLISHED)

    @strawberry.mutation(description="Take an entry back to draft (editors).")
    async def unpublish(
        self,
        info: Info,
        input: Annotated[IdInput, strawberry.argument(description="The entry to move.")],
    ) -> WorkflowPayload:
        return await _step(info, input, Status.DRAFT)
