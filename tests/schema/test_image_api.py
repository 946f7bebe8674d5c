"""Images through the API: upload, alt text per locale, preset URLs, focal point, credit and
pseudonymity, the media library, and deleting (refused while in use, files gone after)."""

from __future__ import annotations

import io
import itertools
import json
import os
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from starlette.testclient import TestClient

from hub.media import derivatives
from hub.settings import Settings

SETTINGS = Settings.from_env(os.environ)
IMAGE_FIELDS = """
  id width height alt decorative credit blurhash dominantColor focalPoint { x y }
  url
"""
UPLOAD = f"""
mutation Upload($input: UploadImageInput!) {{
  uploadImage(input: $input) {{ image {{ {IMAGE_FIELDS} }} errors {{ field message code }} }}
}}
"""
UPDATE = f"""
mutation Update($input: UpdateImageInput!) {{
  updateImage(input: $input) {{ image {{ {IMAGE_FIELDS} }} errors {{ field message code }} }}
}}
"""
DELETE = """
mutation Delete($id: ID!) {
  deleteImage(input: {id: $id}) { image { id } errors { field message code } }
}
"""
IMAGE = """
query Image($id: ID!, $width: Int, $format: ImageFormat, $fit: ImageFit) {
  node(id: $id) {
    ... on Image {
      alt credit
      url(width: $width, format: $format, fit: $fit)
      srcset: srcset(format: $format)
    }
  }
}
"""
ALT_IN = """
query Alt($id: ID!) {
  node(id: $id) { ... on Image { alt } }
}
"""
LIBRARY = """
query Library { images(first: 100) { totalCount nodes { id } } }
"""
CREATE_ARTIST = """
mutation CreateArtist($input: CreateArtistInput!) {
  createArtist(input: $input) { artist { id slug } errors { field message code } }
}
"""
CREATE_STORY = """
mutation CreateStory($input: CreateStoryInput!) {
  createStory(input: $input) { story { id slug } errors { field message code } }
}
"""
UPDATE_STORY = """
mutation UpdateStory($input: UpdateStoryInput!) {
  updateStory(input: $input) { story { id } errors { field message code } }
}
"""
STORY_PICTURES = """
query StoryPictures($slug: String!) {
  story(slug: $slug) {
    authorName
    coverImage { credit alt }
    gallery { credit alt }
  }
}
"""
_SHADES = itertools.count(1)
Gql = Callable[..., Any]


def photo(size: tuple[int, int] = (1200, 800)) -> bytes:
    """A JPEG no other test uploads: files are named by their content."""
    shade = next(_SHADES)
    image = Image.new("RGB", size, (shade % 256, shade * 5 % 256, 120))
    image.paste((240, 240, 240), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def upload(
    client: TestClient, tokens: dict[str, str], data: bytes | None = None, **fields: Any
) -> dict[str, Any]:
    """uploadImage by the GraphQL multipart request spec, as an editor; returns the image."""
    variables = {"input": {"file": None, "alt": "Кӯҳҳои Помир", **fields}}
    response = client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPLOAD, "variables": variables}),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": ("pamir.jpg", data or photo(), "image/jpeg")},
        headers={"Authorization": f"Bearer {tokens['editor']}"},
    )
    payload = response.json()["data"]["uploadImage"]
    assert payload["errors"] == [], payload["errors"]
    return payload["image"]  # type: ignore[no-any-return]


def update(gql: Gql, as_: str | None = "editor", **fields: Any) -> dict[str, Any]:
    return gql(UPDATE, {"input": fields}, as_=as_)["updateImage"]  # type: ignore[no-any-return]


def image(gql: Gql, image_id: str, **arguments: Any) -> dict[str, Any]:
    node = gql(IMAGE, {"id": image_id, **arguments}, as_="editor")["node"]
    return node  # type: ignore[no-any-return]


def created(gql: Gql, mutation: str, **fields: Any) -> dict[str, Any]:
    payload = next(iter(gql(mutation, {"input": fields}, as_="editor").values()))
    assert payload["errors"] == [], payload["errors"]
    entry: dict[str, Any] = next(v for key, v in payload.items() if key != "errors")
    return entry


def test_an_upload_returns_the_image_with_its_placeholders(
    client: TestClient, tokens: dict[str, str]
) -> None:
    uploaded = upload(client, tokens, focalPoint={"x": 0.25, "y": 0.75}, credit="Нигина С.")

    assert (uploaded["width"], uploaded["height"]) == (1200, 800)
    assert uploaded["alt"] == "Кӯҳҳои Помир" and uploaded["decorative"] is False
    assert uploaded["credit"] == "Нигина С."
    assert uploaded["focalPoint"] == {"x": 0.25, "y": 0.75}
    assert len(uploaded["blurhash"]) >= 6 and uploaded["dominantColor"].startswith("#")
    assert uploaded["url"].startswith("/media/originals/")


def test_alt_text_is_per_locale_added_by_update_and_served_with_fallback(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    uploaded = upload(client, tokens, alt="Горы Памира", locale="RU")

    # TG is asked for, RU is what there is: the chain TG -> RU -> EN serves it.
    assert image(gql, uploaded["id"])["alt"] == "Горы Памира"
    payload = update(gql, id=uploaded["id"], locale="EN", alt="The Pamir mountains")
    assert payload["errors"] == []
    english = gql(
        "query($id: ID!) { node(id: $id) { ... on Image { alt } } }",
        {"id": uploaded["id"]},
        as_="editor",
    )
    assert english["node"]["alt"] == "Горы Памира"  # node serves the default chain
    library = gql("{ images(first: 100, locale: EN) { nodes { id alt } } }", as_="editor")[
        "images"
    ]["nodes"]
    assert {"id": uploaded["id"], "alt": "The Pamir mountains"} in library


def test_a_decorative_image_needs_no_alt_text_and_shows_none(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    uploaded = upload(client, tokens, alt=None, decorative=True)
    assert uploaded["alt"] == "" and uploaded["decorative"] is True

    # Described later, then no longer decorative: the description shows.
    payload = update(gql, id=uploaded["id"], alt="Нақши сузанӣ", decorative=False)
    assert payload["errors"] == [] and payload["image"]["alt"] == "Нақши сузанӣ"


def test_an_update_is_checked_like_an_upload(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    uploaded = upload(client, tokens)

    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"focalPoint": {"x": 2.0, "y": 0.5}}, "focalPoint", "INVALID"),
        ({"alt": ""}, "alt", "REQUIRED"),  # its only description, and not decorative
        ({"alt": "x" * 501}, "alt", "TOO_LONG"),
        ({"credit": "y" * 201}, "credit", "TOO_LONG"),
    ]
    for fields, field, code in cases:
        payload = update(gql, id=uploaded["id"], **fields)
        assert payload["image"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert image(gql, uploaded["id"])["alt"] == "Кӯҳҳои Помир"


@pytest.mark.parametrize(
    ("arguments", "ending"),
    [
        ({"width": 500, "format": "WEBP"}, "/640-contain.webp"),
        ({"width": 640, "format": "JPEG"}, "/640-contain.jpg"),
        ({"width": 641, "format": "JPEG"}, "/1024-contain.jpg"),
        ({"width": 1, "format": "JPEG"}, "/160-contain.jpg"),
        ({"width": 99999, "format": "JPEG"}, "/1200-contain.jpg"),  # never wider than the original
        ({"width": -5, "format": "JPEG"}, "/160-contain.jpg"),
        ({"width": 300}, "/320-contain.jpg"),  # a JPEG original: JPEG by default
        ({"format": "WEBP"}, "/1200-contain.webp"),
    ],
)
def test_url_snaps_to_a_preset_width(
    client: TestClient, tokens: dict[str, str], gql: Gql, arguments: dict[str, Any], ending: str
) -> None:
    uploaded = upload(client, tokens)

    url = image(gql, uploaded["id"], **arguments)["url"]

    assert url.startswith("/media/derivatives/") and url.endswith(ending)
    assert client.get(url).status_code == 200


def test_original_means_the_stored_original_whatever_the_width(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    uploaded = upload(client, tokens)

    assert image(gql, uploaded["id"], width=320, format="ORIGINAL")["url"] == uploaded["url"]
    assert image(gql, uploaded["id"])["url"] == uploaded["url"]


def test_srcset_lists_every_preset_width_up_to_the_original(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    large, small = upload(client, tokens), upload(client, tokens, photo((500, 300)))

    srcset = image(gql, large["id"], format="WEBP")["srcset"]
    entries = [entry.split(" ") for entry in srcset.split(", ")]
    assert [width for _, width in entries] == ["160w", "320w", "640w", "1024w", "1200w"]
    for url, width in entries:
        assert url.endswith(f"/{width[:-1]}-contain.webp")
        assert client.get(url).status_code == 200
    small_set = image(gql, small["id"], format="JPEG")["srcset"]
    assert [entry.split(" ")[1] for entry in small_set.split(", ")] == ["160w", "320w", "500w"]
    assert image(gql, small["id"], width=640, format="JPEG")["url"].endswith("/500-contain.jpg")


def test_moving_the_focal_point_gives_cover_crops_a_new_url_and_drops_the_old_ones(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    uploaded = upload(client, tokens, focalPoint={"x": 0.1, "y": 0.5})
    before = image(gql, uploaded["id"], width=320, format="JPEG", fit="COVER")["url"]
    first = client.get(before)
    assert first.status_code == 200
    stored = SETTINGS.media_dir / before.removeprefix("/media/").partition("?")[0]
    assert stored.is_file()

    payload = update(gql, id=uploaded["id"], focalPoint={"x": 0.9, "y": 0.5})

    assert payload["errors"] == [] and payload["image"]["focalPoint"] == {"x": 0.9, "y": 0.5}
    after = image(gql, uploaded["id"], width=320, format="JPEG", fit="COVER")["url"]
    assert after != before and after.partition("?")[0] == before.partition("?")[0]
    assert not stored.is_file()
    # The left of the photo is dark, its right half light: the new crop is the right one.
    left = Image.open(io.BytesIO(first.content)).convert("L").getpixel((160, 160))
    right = Image.open(io.BytesIO(client.get(after).content)).convert("L").getpixel((160, 160))
    assert isinstance(left, int) and isinstance(right, int) and right > left + 50


@pytest.mark.parametrize("use", ["story cover", "story gallery", "artist portrait"])
def test_an_image_in_use_cannot_be_deleted_and_once_free_goes_with_every_file(
    client: TestClient, tokens: dict[str, str], gql: Gql, use: str
) -> None:
    uploaded = upload(client, tokens)
    webp = image(gql, uploaded["id"], width=320, format="WEBP")["url"]
    cover = image(gql, uploaded["id"], width=160, format="JPEG", fit="COVER")["url"]
    assert client.get(cover).status_code == 200  # a lazy derivative, made now
    if use == "artist portrait":
        owner = created(
            gql, CREATE_ARTIST, name=f"Рассом {uuid.uuid4().hex[:6]}", portraitId=uploaded["id"]
        )
        detach: tuple[str, str, dict[str, Any]] = (
            "updateArtist",
            "UpdateArtistInput",
            {"portraitId": None},
        )
    else:
        key = "coverImageId" if use == "story cover" else "galleryIds"
        value = uploaded["id"] if use == "story cover" else [uploaded["id"]]
        owner = created(gql, CREATE_STORY, title=f"Қисса {uuid.uuid4().hex[:6]}", **{key: value})
        detach = ("updateStory", "UpdateStoryInput", {key: None if key == "coverImageId" else []})

    refused = gql(DELETE, {"id": uploaded["id"]}, as_="editor")["deleteImage"]

    assert refused["image"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("id", "IN_USE")]
    assert use.split()[0] in refused["errors"][0]["message"]
    assert client.get(webp).status_code == 200

    name, input_type, fields = detach
    mutation = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ errors {{ code }} }} }}"
    )
    assert gql(mutation, {"input": {"id": owner["id"], **fields}}, as_="editor")[name] == {
        "errors": []
    }
    deleted = gql(DELETE, {"id": uploaded["id"]}, as_="editor")["deleteImage"]

    assert deleted == {"image": {"id": uploaded["id"]}, "errors": []}
    assert gql(ALT_IN, {"id": uploaded["id"]}, as_="editor")["node"] is None
    for url in (uploaded["url"], webp, cover):
        assert client.get(url).status_code == 404, url
        assert not (SETTINGS.media_dir / url.removeprefix("/media/").partition("?")[0]).exists()
    folder = SETTINGS.media_dir / derivatives.prefix(uploaded["url"].removeprefix("/media/"))
    assert not folder.exists()


def test_only_editors_change_or_list_images(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    uploaded = upload(client, tokens)

    for as_ in (None, "kiosk"):
        payload = update(gql, as_=as_, id=uploaded["id"], alt="Чизи дигар")
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
        deleted = gql(DELETE, {"id": uploaded["id"]}, as_=as_)["deleteImage"]
        assert [e["code"] for e in deleted["errors"]] == ["FORBIDDEN"]
        listed = gql(LIBRARY, as_=as_, errors=True)
        assert listed["data"] is None
        assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    library = gql(LIBRARY, as_="editor")["images"]["nodes"]
    assert {"id": uploaded["id"]} in library


def test_an_anonymous_story_credits_its_pseudonym_never_the_author(
    client: TestClient, tokens: dict[str, str], gql: Gql
) -> None:
    author = f"Зарина Қодирова {uuid.uuid4().hex[:6]}"
    artist = created(gql, CREATE_ARTIST, name=author, status="PUBLISHED")
    cover = upload(client, tokens, credit=author)
    photo_in_gallery = upload(client, tokens, credit=f"Акс: {author}")
    uncredited = upload(client, tokens)
    story = created(
        gql,
        CREATE_STORY,
        title=f"Овози ман {uuid.uuid4().hex[:6]}",
        authorId=artist["id"],
        isAnonymous=True,
        pseudonym="Ситора",
        coverImageId=cover["id"],
        galleryIds=[photo_in_gallery["id"], uncredited["id"]],
        status="PUBLISHED",
    )

    for as_ in (None, "kiosk", "editor"):
        response = gql(STORY_PICTURES, {"slug": story["slug"]}, as_=as_, errors=True)
        assert author not in json.dumps(response, ensure_ascii=False)
        shown = response["data"]["story"]
        assert shown["authorName"] == "Ситора"
        assert shown["coverImage"]["credit"] == "Ситора"
        assert [picture["credit"] for picture in shown["gallery"]] == ["Ситора", None]

    # Named again by its author's wish: the credits are hers.
    payload = gql(UPDATE_STORY, {"input": {"id": story["id"], "isAnonymous": False}}, as_="editor")[
        "updateStory"
    ]
    assert payload["errors"] == []
    shown = gql(STORY_PICTURES, {"slug": story["slug"]})["story"]
    assert shown["coverImage"]["credit"] == author
    assert [picture["credit"] for picture in shown["gallery"]] == [f"Акс: {author}", None]
