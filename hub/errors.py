"""Expected failures of the content rules: ErrorCode, Problem and HubError (stdlib only)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ErrorCode(enum.Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    DUPLICATE = "duplicate"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    UNAUTHENTICATED = "unauthenticated"
    IN_USE = "in_use"
    LIMIT_EXCEEDED = "limit_exceeded"


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    message: str
    field: str | None = None


class HubError(Exception):
    """Raised by hub.content for failures a caller can fix; becomes a payload's `errors`."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, code: ErrorCode, message: str, field: str | None = None) -> HubError:
        return cls([Problem(code, message, field)])
