"""Cursor pages: `first` and `after` checked once, offsets behind opaque cursors."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from hub.errors import ErrorCode, HubError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_PREFIX = "cursor:"


@dataclass(frozen=True)
class Page:
    first: int = DEFAULT_PAGE_SIZE
    offset: int = 0

    @classmethod
    def parse(cls, first: int | None, after: str | None) -> Page:
        size = DEFAULT_PAGE_SIZE if first is None else first
        if size < 0 or size > MAX_PAGE_SIZE:
            raise HubError.one(
                ErrorCode.LIMIT_EXCEEDED,
                f"`first` must be between 0 and {MAX_PAGE_SIZE} (the maximum page size); "
                f"got {size}. Page with `after: pageInfo.endCursor`.",
                "first",
            )
        return cls(first=size, offset=decode_cursor(after) + 1 if after else 0)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text.removeprefix(_PREFIX))
        if offset < 0:
            raise ValueError(text)
        return offset
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HubError.one(
            ErrorCode.INVALID, "`after` is not a cursor: pass a `pageInfo.endCursor`.", "after"
        ) from None


@dataclass(frozen=True)
class PageResult:
    rows: list[dict[str, Any]]
    total: int
    offset: int

    def cursor(self, index: int) -> str:
        return encode_cursor(self.offset + index)
