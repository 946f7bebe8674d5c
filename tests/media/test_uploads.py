"""Uploads through the app by the GraphQL multipart request spec: who may send one, how large,
what is stored (clean files) and what a rejection leaves behind (nothing)."""

from __future__ import annotations

import itertools
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import pytest
from pictures import assert_clean, encode, exif, opened, picture
from PIL.ExifTags import IFD
from starlette.testclient import TestClient

from hub import tables
from hub.settings import Settings

SETTINGS = Settings.from_env(os.environ)
LIMIT = SETTINGS.max_upload_bytes
UPLOAD = """
mutation Upload($input: UploadImageInput!) {
  uploadImage(input: $input) {
    image {
      id width height alt blurhash dominantColor
      original: url
      small: url(width: 160, format: WEBP)
      jpeg: url(width: 320, format: JPEG)
    }
    errors { field message code }
  }
}
"""
MAP = json.dumps({"0": ["variables.input.file"]})
BOUNDARY = "hub-test-boundary"
_SHADES = itertools.count(1)


def photo(fmt: str, size: tuple[int, int] = (480, 320)) -> bytes:
    """A picture no other test uploads (files are named by content), with a camera's EXIF."""
    image = picture(size, "RGBA" if fmt == "PNG" else "RGB")
    shade = next(_SHADES)
    image.paste((shade % 256, shade * 7 % 256, 90), (0, 0, 8, 8))
    return encode(image, fmt, exif=exif())


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header claiming `width` x `height` grey pixels, with next to no data after it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def operations(**fields: Any) -> str:
    variables = {"input": {"file": None, "alt": "Гулдӯзӣ дар девор", **fields}}
    return json.dumps({"query": UPLOAD, "variables": variables})


def upload(
    client: TestClient, tokens: dict[str, str], data: bytes, as_: str = "editor", **fields: Any
) -> Any:
    response = client.post(
        "/graphql",
        data={"operations": operations(**fields), "map": MAP},
        files={"0": ("photo.bin", data, "application/octet-stream")},
        headers={"Authorization": f"Bearer {tokens[as_]}"},
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]["uploadImage"]


def multipart(file_size: int) -> tuple[bytes, bytes, bytes]:
    """A spec-shaped multipart body as (head, one filler chunk, tail): the file is `file_size`
    bytes of the chunk repeated, so a test can stream it without holding it."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="operations"\r\n\r\n'
        f"{operations()}\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="map"\r\n\r\n'
        f"{MAP}\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="0"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    return head, b"\xff" * 65_536, f"\r\n--{BOUNDARY}--\r\n".encode()


class RecordingBody:
    """A request body sent in chunks, recording how many bytes the server pulled."""

    def __init__(self, file_size: int) -> None:
        self.head, self.filler, self.tail = multipart(file_size)
        self.file_size = file_size
        self.consumed = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks():
            self.consumed += len(chunk)
            yield chunk

    def chunks(self) -> Iterator[bytes]:
        yield self.head
        whole, rest = divmod(self.file_size, len(self.filler))
        for _ in range(whole):
            yield self.filler
        yield self.filler[:rest]
        yield self.tail


def media_files() -> set[Path]:
    return {path for path in SETTINGS.media_dir.rglob("*") if path.is_file()}


@pytest.fixture()
def nothing_left_behind(run: Callable[..., Any]) -> Iterator[None]:
    """The test must leave the media folder and the Image table as it found them."""
    files, rows = media_files(), run(tables.Image.count)
    yield
    assert media_files() == files
    assert run(tables.Image.count) == rows


MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_upload_with_gps_exif_is_stored_and_served_without_it(
    client: TestClient, tokens: dict[str, str], fmt: str
) -> None:
    data = photo(fmt)
    assert opened(data).getexif().get_ifd(IFD.GPSInfo)

    payload = upload(client, tokens, data)

    assert payload["errors"] == []
    image = payload["image"]
    assert (image["width"], image["height"]) == (480, 320)
    assert image["blurhash"] and image["dominantColor"].startswith("#")
    for url in (image["original"], image["small"], image["jpeg"]):
        served = client.get(url)
        assert served.status_code == 200, url
        assert_clean(served.content)
    assert opened(client.get(image["small"]).content).size == (160, 107)


@pytest.mark.parametrize(
    ("data", "fields", "field", "code"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
            {},
            "file",
            "INVALID",
        ),
        (b"<!doctype html><html><body>not a picture</body></html>", {}, "file", "INVALID"),
        (png_claiming(8_000, 8_000), {}, "file", "LIMIT_EXCEEDED"),
        (None, {"alt": None}, "alt", "REQUIRED"),
        (None, {"alt": "д" * 501}, "alt", "TOO_LONG"),
        (None, {"focalPoint": {"x": 1.5, "y": 0.5}}, "focalPoint", "INVALID"),
        (None, {"focalPoint": {"x": 0.5, "y": -0.1}}, "focalPoint", "INVALID"),
    ],
    ids=["svg", "html", "bomb", "no-alt", "long-alt", "focal-x", "focal-y"],
)
@pytest.mark.usefixtures("nothing_left_behind")
def test_a_rejected_upload_is_a_coded_error_and_leaves_nothing_behind(
    client: TestClient,
    tokens: dict[str, str],
    data: bytes | None,
    fields: dict[str, Any],
    field: str,
    code: str,
) -> None:
    payload = upload(client, tokens, data or photo("JPEG"), **fields)

    assert payload["image"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert payload["errors"][0]["message"]


@pytest.mark.usefixtures("nothing_left_behind")
def test_a_truncated_file_is_refused_as_invalid(client: TestClient, tokens: dict[str, str]) -> None:
    whole = photo("JPEG", (640, 480))

    payload = upload(client, tokens, whole[: len(whole) // 2])

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("file", "INVALID")]


@pytest.mark.parametrize(
    ("as_", "status", "code"), [(None, 401, "UNAUTHENTICATED"), ("kiosk", 403, "FORBIDDEN")]
)
@pytest.mark.usefixtures("nothing_left_behind")
def test_anonymous_and_kiosk_uploads_are_refused_before_the_body_is_read(
    client: TestClient, tokens: dict[str, str], as_: str | None, status: int, code: str
) -> None:
    body = RecordingBody(file_size=1_000_000)
    headers = dict(MULTIPART)
    if as_:
        headers["Authorization"] = f"Bearer {tokens[as_]}"

    response = client.post("/graphql", content=body, headers=headers)

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert body.consumed == 0


@pytest.mark.usefixtures("nothing_left_behind")
def test_an_unknown_token_cannot_upload(client: TestClient) -> None:
    body = RecordingBody(file_size=1000)
    headers = {**MULTIPART, "Authorization": "Bearer thub_not-a-token"}

    response = client.post("/graphql", content=body, headers=headers)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body.consumed == 0


@pytest.mark.usefixtures("nothing_left_behind")
def test_a_declared_length_over_the_limit_is_refused_at_once(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = RecordingBody(file_size=1000)
    headers = {
        **MULTIPART,
        "Authorization": f"Bearer {tokens['editor']}",
        "Content-Length": str(LIMIT + 1),
    }

    response = client.post("/graphql", content=body, headers=headers)

    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "TOO_LARGE" and "MB" in error["message"]
    assert body.consumed == 0


@pytest.mark.usefixtures("nothing_left_behind")
def test_a_chunked_body_over_the_limit_is_cut_off_with_413(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = RecordingBody(file_size=LIMIT + 1)
    headers = {**MULTIPART, "Authorization": f"Bearer {tokens['editor']}"}

    response = client.post("/graphql", content=body, headers=headers)

    assert "content-length" not in {key.lower() for key in response.request.headers}
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_LARGE"


@pytest.mark.usefixtures("nothing_left_behind")
def test_the_limit_is_counted_while_the_body_streams_in(
    client: TestClient, tokens: dict[str, str], run: Callable[..., Any]
) -> None:
    """At the ASGI level, chunk by chunk: the app stops pulling as soon as the limit is passed."""
    body = RecordingBody(file_size=LIMIT * 2)
    chunks = iter(body)
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"content-type", MULTIPART["Content-Type"].encode()),
            (b"authorization", f"Bearer {tokens['editor']}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    async def call() -> None:
        await client.app(scope, receive, send)

    run(call)

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["errors"][0]["extensions"]["code"] == "TOO_LARGE"
    # Cut off within one chunk of the limit: the other half of the body was never pulled.
    assert LIMIT < body.consumed <= LIMIT + len(body.head) + len(body.filler)


def test_json_requests_pass_the_gate_untouched(gql: Callable[..., Any]) -> None:
    assert gql("{ tags(first: 1) { totalCount } }")["tags"]["totalCount"] >= 0
