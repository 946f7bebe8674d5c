"""The one place where HubError becomes payload `errors` or a coded GraphQL error."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.utils.str_converters import to_camel_case

from hub.errors import HubError, Problem
from hub.schema.enums import ErrorCode

T = TypeVar("T")


@strawberry.type(description="Why part of a mutation input was refused.")
class FieldError:
    field: str | None = strawberry.field(
        description="The input field at fault (camelCase), if any."
    )
    message: str = strawberry.field(description="What is wrong and how to fix it, for people.")
    code: ErrorCode = strawberry.field(description="What is wrong, for programs.")

    @classmethod
    def from_problem(cls, problem: Problem) -> FieldError:
        field = to_camel_case(problem.field) if problem.field else None
        return cls(field=field, message=problem.message, code=problem.code)


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[FieldError]]:
    """Await a hub.content write; its HubError becomes the payload's errors."""
    try:
        return await call, []
    except HubError as error:
        return None, [FieldError.from_problem(p) for p in error.problems]


def query_error(error: HubError) -> GraphQLError:
    """A query argument the caller must fix: a GraphQL error with a code and the field."""
    first = error.problems[0]
    return GraphQLError(
        str(error),
        extensions={"code": first.code.name, "field": to_camel_case(first.field or "")},
    )
