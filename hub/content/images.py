"""Image rules: clean the file, store it, record it; never a stored file without its row."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from hub import tables
from hub.access import Viewer, require_editor
from hub.content.entries import INTEGRITY_ERRORS, Row, violates
from hub.enums import Locale
from hub.errors import ErrorCode, HubError, Problem
from hub.i18n import column
from hub.media import pipeline
from hub.media.storage import Storage

Image = tables.Image
ALT_MAX = 500
CREDIT_MAX = 200


def storage_key(processed: pipeline.ProcessedImage) -> str:
    """Content-addressed: the same picture is stored once, under a name that never changes."""
    return f"originals/{processed.digest[:32]}.{processed.extension}"


def _check(
    alt: Mapping[Locale, str], decorative: bool, credit: str, focal: tuple[float, float]
) -> list[Problem]:
    problems: list[Problem] = []
    if not decorative and not any(text.strip() for text in alt.values()):
        problems.append(
            Problem(ErrorCode.REQUIRED, "Describe the picture, or mark it decorative.", "alt")
        )
    if any(len(text) > ALT_MAX for text in alt.values()):
        problems.append(
            Problem(ErrorCode.TOO_LONG, f"Keep the alt text under {ALT_MAX} characters.", "alt")
        )
    if len(credit) > CREDIT_MAX:
        problems.append(
            Problem(ErrorCode.TOO_LONG, f"Keep the credit under {CREDIT_MAX} characters.", "credit")
        )
    if not all(0.0 <= value <= 1.0 for value in focal):
        problems.append(
            Problem(ErrorCode.INVALID, "A focal point lies between 0 and 1.", "focal_point")
        )
    return problems


async def store(
    viewer: Viewer,
    storage: Storage,
    data: bytes,
    *,
    alt: Mapping[Locale, str] | None = None,
    decorative: bool = False,
    credit: str = "",
    focal: tuple[float, float] = (0.5, 0.5),
) -> Row:
    """Run the pipeline, write the clean file, insert its row; return the row."""
    require_editor(viewer)
    alt = {locale: text.strip() for locale, text in (alt or {}).items()}
    problems = _check(alt, decorative, credit.strip(), focal)
    if problems:
        raise HubError(problems)
    try:
        # Decoding and encoding hold the CPU for a while: keep the event loop serving requests.
        processed = await asyncio.to_thread(pipeline.process, data)
    except pipeline.UnsupportedImage as error:
        raise HubError.one(ErrorCode.INVALID, str(error), "file") from None
    key = storage_key(processed)
    if await Image.exists().where(Image.storage_key == key):
        raise HubError.one(
            ErrorCode.DUPLICATE, "This picture is already stored: use the existing image.", "file"
        )
    # A file left by an earlier failed attempt is the same bytes: keep it, and leave it in place.
    written = not await asyncio.to_thread(storage.exists, key)
    if written:
        await asyncio.to_thread(storage.save, key, processed.data)
    values: dict[str, Any] = {
        "storage_key": key,
        "content_type": processed.content_type,
        "width": processed.width,
        "height": processed.height,
        "decorative": decorative,
        "credit": credit.strip(),
        "blurhash": processed.blurhash,
        "dominant_color": processed.dominant_color,
        "focal_x": focal[0],
        "focal_y": focal[1],
        **{column("alt", locale): text for locale, text in alt.items()},
    }
    try:
        inserted = await Image.insert(Image(**values)).returning(Image._meta.primary_key)
    except INTEGRITY_ERRORS as error:
        if not violates(error, "unique"):
            raise
        # Someone stored the same picture a moment ago: the file is theirs now, keep it.
        raise HubError.one(
            ErrorCode.DUPLICATE, "This picture is already stored: use the existing image.", "file"
        ) from None
    except BaseException:
        # Synchronous on purpose: it must run even when the task is being cancelled.
        if written:
            storage.delete(key)
        raise
    row = await Image.select().where(Image._meta.primary_key == inserted[0]["id"]).first()
    assert row is not None
    return row
