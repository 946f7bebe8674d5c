"""The media route: originals and preset derivatives with immutable cache headers, lazy ones
rendered once, everything else 404."""

from __future__ import annotations

import asyncio
import functools
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pictures import assert_clean, encode, exif, opened, picture
from starlette.testclient import TestClient
from strawberry.relay import to_base64

from hub.access import SYSTEM
from hub.content import images
from hub.enums import ImageFit, ImageFormat, Locale
from hub.media import derivatives
from hub.media.storage import Storage

URLS = """
query Urls($id: ID!) {
  node(id: $id) {
    ... on Image {
      original: url
      webp: url(width: 300, format: WEBP)
      jpeg: url(width: 1024, format: JPEG)
      cover: url(width: 640, format: JPEG, fit: COVER)
      avif: url(width: 160, format: AVIF)
    }
  }
}
"""
IMMUTABLE = "public, max-age=31536000, immutable"
_SHADES = itertools.count(1)


@pytest.fixture(scope="module")
def storage(client: TestClient) -> Storage:
    return client.app.state.storage  # type: ignore[attr-defined, no-any-return]


def stored(run: Callable[..., Any], storage: Storage, size: tuple[int, int] = (1200, 800)) -> Any:
    """An image stored as an editor's upload is: a picture no other test stores."""
    image = picture(size)
    shade = next(_SHADES)
    image.paste((shade % 256, 200, shade * 3 % 256), (0, 0, 16, 16))
    data = encode(image, "JPEG", exif=exif())
    store = functools.partial(images.store, SYSTEM, storage, data, alt={Locale.TG: "Расм"})
    return run(store)


def urls(gql: Callable[..., Any], row: Any) -> dict[str, str]:
    node = gql(URLS, {"id": to_base64("Image", row["id"])}, as_="editor")["node"]
    return node  # type: ignore[no-any-return]


def test_a_derivative_is_served_with_its_type_and_immutable_cache_headers(
    client: TestClient, gql: Callable[..., Any], run: Callable[..., Any], storage: Storage
) -> None:
    url = urls(gql, stored(run, storage))["webp"]
    assert url.endswith("/320-contain.webp")

    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["etag"].startswith('"')
    assert opened(response.content).size == (320, 213)
    assert_clean(response.content)


def test_a_request_with_the_current_etag_gets_304_without_a_body(
    client: TestClient, gql: Callable[..., Any], run: Callable[..., Any], storage: Storage
) -> None:
    found = urls(gql, stored(run, storage))
    for url in (found["jpeg"], found["original"]):
        etag = client.get(url).headers["etag"]

        again = client.get(url, headers={"If-None-Match": etag})

        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag


def test_the_original_is_the_stored_clean_file(
    client: TestClient, gql: Callable[..., Any], run: Callable[..., Any], storage: Storage
) -> None:
    row = stored(run, storage)
    url = urls(gql, row)["original"]
    assert url == f"/media/{row['storage_key']}"

    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == storage.read(row["storage_key"])
    assert_clean(response.content)


def test_a_lazy_derivative_is_rendered_once_off_the_event_loop_under_concurrent_requests(
    client: TestClient,
    gql: Callable[..., Any],
    run: Callable[..., Any],
    storage: Storage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = stored(run, storage)
    url = urls(gql, row)["cover"]
    key = url.removeprefix("/media/").partition("?")[0]
    assert not storage.exists(key), "COVER crops are made on first request, not at upload"
    threads: list[int] = []
    original_render = derivatives.render

    def slow_render(*args: Any) -> bytes:
        threads.append(threading.get_ident())
        time.sleep(0.2)  # long enough for every request to arrive while it renders
        return original_render(*args)

    monkeypatch.setattr(derivatives, "render", slow_render)

    async def five_at_once() -> tuple[list[httpx.Response], int]:
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            responses = await asyncio.gather(*(http.get(url) for _ in range(5)))
        return list(responses), threading.get_ident()

    responses, loop_thread = run(five_at_once)

    assert [r.status_code for r in responses] == [200] * 5
    assert len({r.content for r in responses}) == 1
    assert len(threads) == 1 and threads[0] != loop_thread
    assert storage.exists(key)
    assert opened(responses[0].content).size == (640, 640)
    assert client.get(url).content == responses[0].content
    assert len(threads) == 1


def test_avif_is_served_where_this_server_can_encode_it_and_snaps_to_webp_elsewhere(
    client: TestClient, gql: Callable[..., Any], run: Callable[..., Any], storage: Storage
) -> None:
    url = urls(gql, stored(run, storage))["avif"]

    response = client.get(url)

    assert response.status_code == 200
    if ImageFormat.AVIF in derivatives.FORMATS:
        assert url.endswith("/160-contain.avif")
        assert response.headers["content-type"] == "image/avif"
    else:
        assert url.endswith("/160-contain.webp")
        assert response.headers["content-type"] == "image/webp"


def test_anything_the_presets_do_not_allow_is_404_and_renders_nothing(
    client: TestClient, gql: Callable[..., Any], run: Callable[..., Any], storage: Storage
) -> None:
    row = stored(run, storage)
    folder = derivatives.prefix(row["storage_key"])
    stem = folder.split("/")[1]
    refused = [
        f"/media/{folder}500-contain.webp",  # not a preset width
        f"/media/{folder}1600-contain.webp",  # a preset, but wider than the 1200 px original
        f"/media/{folder}2400-cover.jpg",
        f"/media/{folder}1200-contain.png",  # not a derivative format
        f"/media/{folder}320-contain.gif",
        f"/media/{folder}320-fill.webp",  # not a fit
        f"/media/{folder}0320-contain.webp",
        f"/media/{folder}320-CONTAIN.webp",
        f"/media/derivatives/{'0' * 32}/320-contain.webp",  # no such original
        f"/media/originals/{'0' * 32}.jpg",
        f"/media/originals/{stem}.png",
        "/media/originals/..%2f..%2fhub.db",
        "/media/%2e%2e/hub.db",
        f"/media/{folder}..%2f..%2f..%2fhub.db",
        "/media/",
        "/media/hub.db",
    ]

    for url in refused:
        response = client.get(url)
        assert response.status_code == 404, url
    assert not any(
        storage.exists(derivatives.key(row["storage_key"], width, fmt, fit))
        for width in (500, 1600, 2400)
        for fmt in derivatives.FORMATS
        for fit in ImageFit
    )


DEMO_PICTURES = """
query DemoPictures($format: ImageFormat) {
  artists(first: 100) {
    nodes {
      portrait {
        srcset(format: $format)
        avif: url(width: 160, format: AVIF)
        square: url(width: 160, format: WEBP, fit: COVER)
      }
    }
  }
}
"""


@pytest.mark.usefixtures("demo")
def test_the_demo_pictures_are_served_at_every_preset_width(
    client: TestClient, gql: Callable[..., Any]
) -> None:
    for fmt in ("JPEG", "WEBP"):
        portraits = [
            node["portrait"]
            for node in gql(DEMO_PICTURES, {"format": fmt})["artists"]["nodes"]
            if node["portrait"]
        ]
        assert len(portraits) >= 5
        for portrait in portraits:
            for entry in portrait["srcset"].split(", "):
                url, width = entry.split(" ")
                response = client.get(url)
                assert response.status_code == 200, url
                assert opened(response.content).width == int(width.removesuffix("w"))
    for portrait in portraits:
        for url in (portrait["avif"], portrait["square"]):
            assert client.get(url).status_code == 200, url
