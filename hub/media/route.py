"""The media route: stored originals and allow-listed derivatives, each rendered at most once.

`GET /media/originals/<hash>.<ext>` serves a clean original; `GET /media/derivatives/<hash>/
<width>-<fit>.<ext>` a derivative, rendered from the original on its first request when it is
one the presets allow (a width of `derivatives.sizes`, a format of `derivatives.FORMATS`), then
saved so that no request renders it again. Everything else is 404: other widths, other formats,
other names and any path trick, since keys are matched against a strict shape before storage
is asked about them.

Every file is immutable under its URL (originals are named by their content hash, derivatives
by their original's), so responses are cached by browsers and CDNs for a year.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, BinaryIO

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from hub import tables
from hub.enums import ImageFit, ImageFormat
from hub.media import derivatives, pipeline
from hub.media.storage import Storage, content_type

CACHE_CONTROL = "public, max-age=31536000, immutable"
RENDERS_AT_ONCE = 2
_CHUNK = 256 * 1024
_ORIGINAL_EXTENSIONS = "|".join(pipeline.EXTENSIONS.values())
_FITS = "|".join(fit.value for fit in ImageFit)
_EXTENSIONS = "|".join(derivatives.EXTENSIONS[fmt] for fmt in derivatives.FORMATS)
_ORIGINAL = re.compile(rf"^originals/(?P<stem>[0-9a-f]{{16,64}})\.(?:{_ORIGINAL_EXTENSIONS})$")
_DERIVATIVE = re.compile(
    rf"^derivatives/(?P<stem>[0-9a-f]{{16,64}})/(?P<width>[1-9][0-9]{{0,4}})-(?P<fit>{_FITS})"
    rf"\.(?P<ext>{_EXTENSIONS})$"
)
_FORMATS = {derivatives.EXTENSIONS[fmt]: fmt for fmt in derivatives.FORMATS}


class MediaRoute:
    """The endpoint (`serve`) with its storage and one lock per derivative being rendered."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        # key -> (lock, requests holding or waiting for it); dropped when the last one leaves.
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        # A 2400 px AVIF takes ~140 MB to encode: a burst of first requests must not add up.
        self._renders = asyncio.Semaphore(RENDERS_AT_ONCE)

    async def serve(self, request: Request) -> Response:
        key = request.path_params["key"]
        original = _ORIGINAL.match(key)
        if original:
            return await self._original(request, key, original["stem"])
        derivative = _DERIVATIVE.match(key)
        if derivative:
            data = await self._derivative(key, derivative)
            if data is not None:
                etag = f'"{hashlib.blake2b(data, digest_size=16).hexdigest()}"'
                return _respond(request, key, etag, data)
        return _not_found()

    async def _original(self, request: Request, key: str, stem: str) -> Response:
        # The name is the content's hash, so it is the ETag: no need to read the file for it.
        etag = f'"{stem}"'
        try:
            file = await asyncio.to_thread(self.storage.open, key)
        except FileNotFoundError:
            return _not_found()
        if _fresh(request, etag):
            file.close()
            return Response(status_code=304, headers=_headers(etag))
        return StreamingResponse(
            _chunks(file), media_type=content_type(key), headers=_headers(etag)
        )

    async def _derivative(self, key: str, match: re.Match[str]) -> bytes | None:
        with contextlib.suppress(FileNotFoundError):
            return await asyncio.to_thread(self.storage.read, key)
        async with self._lock(key):
            # Whoever held the lock before may have made it meanwhile.
            with contextlib.suppress(FileNotFoundError):
                return await asyncio.to_thread(self.storage.read, key)
            row = await _image(match["stem"])
            if row is None:
                return None
            width, fmt, fit = int(match["width"]), _FORMATS[match["ext"]], ImageFit(match["fit"])
            allowed = width in derivatives.sizes(row["width"])
            if not allowed or derivatives.key(row["storage_key"], width, fmt, fit) != key:
                return None
            focal = (row["focal_x"], row["focal_y"])
            async with self._renders:
                render = self._render
                data = await asyncio.to_thread(render, row["storage_key"], width, fmt, fit, focal)
            await asyncio.to_thread(self.storage.save, key, data)
            return data

    def _render(
        self,
        original_key: str,
        width: int,
        fmt: ImageFormat,
        fit: ImageFit,
        focal: tuple[float, float],
    ) -> bytes:
        original = self.storage.read(original_key)
        return derivatives.render(original, width, fmt, fit, focal)

    @contextlib.asynccontextmanager
    async def _lock(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


async def _image(stem: str) -> dict[str, Any] | None:
    """The image whose original has this stem, with what rendering needs."""
    Image = tables.Image
    candidates = [f"originals/{stem}.{ext}" for ext in pipeline.EXTENSIONS.values()]
    return await (
        Image.select(Image.storage_key, Image.width, Image.focal_x, Image.focal_y)
        .where(Image.storage_key.is_in(candidates))
        .first()
    )


def _headers(etag: str) -> dict[str, str]:
    return {
        "Cache-Control": CACHE_CONTROL,
        "ETag": etag,
        # A browser must never take a picture for a page or a script, whatever its bytes say.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }


def _fresh(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return etag in (tag.strip().removeprefix("W/") for tag in wanted.split(","))


def _respond(request: Request, key: str, etag: str, data: bytes) -> Response:
    if _fresh(request, etag):
        return Response(status_code=304, headers=_headers(etag))
    return Response(data, media_type=content_type(key), headers=_headers(etag))


def _chunks(file: BinaryIO) -> Iterator[bytes]:
    # Starlette iterates a plain iterator in a thread: storage reads never block the loop.
    with file:
        while chunk := file.read(_CHUNK):
            yield chunk


def _not_found() -> Response:
    return PlainTextResponse("No such media file.", status_code=404)
