"""Image rules: clean the file, store it with its derivatives, record it, change it, delete it.

Never a stored file without its row: a rejected or failed upload leaves nothing behind.

Derivatives made at upload (eagerly): JPEG and WEBP in CONTAIN fit at every preset width up to
the original's, which is what `srcset` lists and what pages show first. Made on first request
(lazily, by the media route, once per key): AVIF, whose encoder is several times slower, and
COVER squares, which only avatars and thumbnails ask for and which depend on the focal point.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping
from typing import Any

from hub import tables
from hub.access import Viewer, require_editor
from hub.content.entries import INTEGRITY_ERRORS, violates
from hub.content.lookups import Row, fetch_page
from hub.content.pages import Page, PageResult
from hub.enums import ImageFit, ImageFormat, Locale
from hub.errors import ErrorCode, HubError, Problem
from hub.i18n import LOCALES, column
from hub.media import derivatives, pipeline
from hub.media.storage import Storage

Image = tables.Image
ALT_MAX = 500
CREDIT_MAX = 200
EAGER_FORMATS: tuple[ImageFormat, ...] = (ImageFormat.JPEG, ImageFormat.WEBP)
EAGER_FITS: tuple[ImageFit, ...] = (ImageFit.CONTAIN,)
# Why the pipeline refused a file, as the payload code a program can act on.
REJECTIONS: dict[str, ErrorCode] = {
    pipeline.UNSUPPORTED_TYPE: ErrorCode.INVALID,
    pipeline.CORRUPT: ErrorCode.INVALID,
    pipeline.TOO_MANY_PIXELS: ErrorCode.LIMIT_EXCEEDED,
}


def storage_key(processed: pipeline.ProcessedImage) -> str:
    """A new name for every upload, never shared: if the same photo were stored once, a story told
    anonymously and its author's portfolio could end up linked through one image id and URL."""
    return f"originals/{processed.digest[:16]}{secrets.token_hex(8)}.{processed.extension}"


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


def _render(original: bytes, key: str, focal: tuple[float, float]) -> dict[str, bytes]:
    """The eager derivatives of a clean original, by storage key (CPU-bound: run in a thread)."""
    rendered = derivatives.render_all(original, focal, fits=EAGER_FITS, formats=EAGER_FORMATS)
    return {derivatives.key(key, w, fmt, fit): data for (w, fmt, fit), data in rendered.items()}


def _save(storage: Storage, key: str, original: bytes, files: Mapping[str, bytes]) -> None:
    # The original last: a file under `key` means its derivatives are complete.
    for derivative, data in files.items():
        storage.save(derivative, data)
    storage.save(key, original)


def remove_files(storage: Storage, key: str) -> None:
    """The original and every derivative of it."""
    storage.delete_prefix(derivatives.prefix(key))
    storage.delete(key)


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
    """Run the pipeline, write the clean file and its eager derivatives, insert the row."""
    require_editor(viewer)
    alt = {locale: text.strip() for locale, text in (alt or {}).items()}
    problems = _check(alt, decorative, credit.strip(), focal)
    if problems:
        raise HubError(problems)
    try:
        # Decoding and encoding hold the CPU for a while: keep the event loop serving requests.
        processed = await asyncio.to_thread(pipeline.process, data)
    except pipeline.UnsupportedImage as error:
        code = REJECTIONS.get(error.code, ErrorCode.INVALID)
        raise HubError.one(code, error.message, "file") from None
    key = storage_key(processed)
    files = await asyncio.to_thread(_render, processed.data, key, focal)
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
        await asyncio.to_thread(_save, storage, key, processed.data, files)
        inserted = await Image.insert(Image(**values)).returning(Image._meta.primary_key)
    except BaseException:
        # Synchronous on purpose: it must run even when the task is being cancelled.
        remove_files(storage, key)
        raise
    return await get(viewer, inserted[0]["id"])


async def get(viewer: Viewer, image_id: int) -> Row:
    require_editor(viewer)
    row = await Image.select().where(Image._meta.primary_key == image_id).first()
    if row is None:
        raise HubError.one(ErrorCode.NOT_FOUND, "No image with this id.", "id")
    return row


async def list_images(viewer: Viewer, page: Page) -> PageResult:
    """Editors only, newest first: the media library an editor picks existing pictures from."""
    require_editor(viewer)
    return await fetch_page(Image, viewer, [], [(Image.created_at, False)], page)


async def update(
    viewer: Viewer,
    storage: Storage,
    image_id: int,
    *,
    locale: Locale = Locale.TG,
    alt: str | None = None,
    decorative: bool | None = None,
    credit: str | None = None,
    focal: tuple[float, float] | None = None,
) -> Row:
    """Change what is given (None: unchanged); `alt` is the text for `locale`."""
    existing = await get(viewer, image_id)
    values: dict[str, Any] = {}
    if alt is not None:
        values[column("alt", locale)] = alt.strip()
    if decorative is not None:
        values["decorative"] = decorative
    if credit is not None:
        values["credit"] = credit.strip()
    if focal is not None:
        values["focal_x"], values["focal_y"] = focal
    merged = {**existing, **values}
    problems = _check(
        {other: merged[column("alt", other)] for other in LOCALES},
        merged["decorative"],
        merged["credit"],
        (merged["focal_x"], merged["focal_y"]),
    )
    if problems:
        raise HubError(problems)
    if not values:
        return existing
    await Image.update(values).where(Image._meta.primary_key == image_id)
    moved = (merged["focal_x"], merged["focal_y"]) != (existing["focal_x"], existing["focal_y"])
    if moved:
        # COVER crops follow the focal point: the media route makes them again on request.
        await asyncio.to_thread(_remove_crops, storage, existing)
    return await get(viewer, image_id)


def _remove_crops(storage: Storage, row: Row) -> None:
    for width in derivatives.sizes(row["width"]):
        for fmt in derivatives.FORMATS:
            storage.delete(derivatives.key(row["storage_key"], width, fmt, ImageFit.COVER))


async def delete(viewer: Viewer, storage: Storage, image_id: int) -> Row:
    """Remove the row, then the original and every derivative; refused while an entry uses it."""
    existing = await get(viewer, image_id)
    try:
        await Image.delete().where(Image._meta.primary_key == image_id)
    except INTEGRITY_ERRORS as error:
        if not violates(error, "foreign_key"):
            raise
        users = ", ".join(await _users(image_id))
        raise HubError.one(
            ErrorCode.IN_USE, f"This image is still used by: {users}. Remove it there first.", "id"
        ) from None
    # After the row: a failed delete of files leaves unreachable files, never a broken image.
    await asyncio.to_thread(remove_files, storage, existing["storage_key"])
    return existing


async def _users(image_id: int) -> list[str]:
    """Where an image is used ("story cover_image", "artwork image"): for the IN_USE message."""
    found = []
    for reference in Image._meta.foreign_key_references:
        table = reference._meta.table
        if await table.exists().where(reference == image_id):
            name = table._meta.tablename.replace("_", " ")
            found.append(
                name if reference._meta.name == "image" else f"{name} {reference._meta.name}"
            )
    return found or ["an entry"]
