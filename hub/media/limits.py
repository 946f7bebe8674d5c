"""The upload gate: only editors send multipart bodies, and no body outgrows the limit."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Refusal(Exception):
    """A request refused before the app sees it: an HTTP status and a coded GraphQL error."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    async def send(self, send: Send) -> None:
        body = json.dumps(
            {"data": None, "errors": [{"message": self.message, "extensions": {"code": self.code}}]}
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        if self.status == 401:
            headers.append((b"www-authenticate", b"Bearer"))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


# authorize(the Authorization header) returns when the caller may upload, or raises Refusal.
# It is handed in by the app: who is an editor is decided above this layer, in hub.auth.
Authorize = Callable[[str | None], Awaitable[None]]


def too_large(limit: int) -> Refusal:
    megabytes = limit / (1024 * 1024)
    return Refusal(
        413, "TOO_LARGE", f"The request is larger than {megabytes:g} MB: send a smaller file."
    )


class _Overflow(Exception):
    """Raised from `receive` to stop the app reading a body that passed the limit."""


class UploadLimit:
    """ASGI middleware in front of the GraphQL endpoint.

    Multipart uploads (the GraphQL multipart request spec) are switched on in strawberry on
    purpose, and they are safe here because of how callers prove who they are: an editor sends
    `Authorization: Bearer <token>`, a header that a browser never adds by itself, so a
    cross-site HTML form (which may post multipart/form-data without a CORS preflight) reaches
    the hub as an anonymous caller and is refused here. The day the admin panel brings cookie
    sessions, a cookie-authenticated upload is an ambient credential again and must pass
    piccolo-api's CSRF middleware (a token in a header, checked against its cookie) before it
    reaches this endpoint.

    Order of the checks, all before the app reads a byte of the body:
    1. a multipart request needs an editor's token (`authorize`): 401 or 403 otherwise;
    2. a declared Content-Length over the limit: 413 at once;
    3. every body (multipart or JSON, declared or chunked) is counted as it arrives and cut off
       with 413 as soon as it passes the limit, instead of being buffered first.
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, authorize: Authorize, path: str = "/graphql"
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.authorize = authorize
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        try:
            if _is_multipart(headers.get("content-type", "")):
                await self.authorize(headers.get("authorization"))
            declared = headers.get("content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
                raise too_large(self.max_bytes)
        except Refusal as refusal:
            await refusal.send(send)
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        overflow = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    overflow = True
                    raise _Overflow
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            # Once the body overflowed, whatever the app makes of the cut-off body is replaced.
            if overflow:
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _Overflow:
            pass
        except Exception:
            # The app may wrap the interruption in an error of its own.
            if not overflow:
                raise
        if overflow and not started:
            await too_large(self.max_bytes).send(send)


def _is_multipart(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower().startswith("multipart/")
