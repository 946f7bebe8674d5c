"""Arguments every list and lookup shares, described once."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.schema.enums import Locale

LocaleArg = Annotated[
    Locale | None, strawberry.argument(description="Language to serve; falls back along the chain.")
]
FirstArg = Annotated[
    int | None, strawberry.argument(description="Page size: default 20, at most 100.")
]
AfterArg = Annotated[
    str | None, strawberry.argument(description="An `endCursor` to continue after.")
]
