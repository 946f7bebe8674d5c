"""`node(id:)`: every entry by its global id, within what the caller may see."""

from __future__ import annotations

import uuid
from typing import Any

import editor_writes
import pytest
from strawberry.relay import from_base64, to_base64

from hub import tables

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Story { slug title }
    ... on Artist { slug name }
    ... on Campaign { slug title }
    ... on Partner { slug name }
    ... on Tag { slug name }
    ... on Image { width height }
  }
}
"""
TITLE = {"Story": "title", "Artist": "name", "Campaign": "title", "Partner": "name", "Tag": "name"}
TYPES = list(TITLE)


def make(gql: Any, type_name: str, status: str) -> dict[str, Any]:
    fields = {TITLE[type_name]: f"Номи {type_name}", "slug": f"node-{uuid.uuid4().hex[:10]}"}
    return editor_writes.make(gql, type_name, status=status, **fields)


def node(gql: Any, global_id: str, as_: str | None = None) -> Any:
    return gql(NODE, {"id": global_id}, as_=as_)["node"]


@pytest.mark.parametrize("type_name", TYPES)
@pytest.mark.parametrize("viewer", [None, "kiosk", "editor"])
def test_node_returns_a_published_entry_of_every_type(gql, type_name, viewer):
    entry = make(gql, type_name, "PUBLISHED")
    found = node(gql, entry["id"], viewer)
    assert found["__typename"] == type_name
    assert (found["id"], found["slug"]) == (entry["id"], entry["slug"])


@pytest.mark.parametrize("type_name", TYPES)
@pytest.mark.parametrize("viewer", [None, "kiosk"])
def test_node_of_a_draft_is_null_for_the_public(gql, type_name, viewer):
    entry = make(gql, type_name, "DRAFT")
    assert node(gql, entry["id"], viewer) is None
    assert node(gql, entry["id"], "editor")["slug"] == entry["slug"]


def test_node_id_names_its_type(gql):
    story = make(gql, "Story", "PUBLISHED")
    number = from_base64(story["id"])[1]
    # The same number under another type is another entry, or none: never the story.
    for other in ("Artist", "Tag", "Campaign"):
        found = node(gql, to_base64(other, number), "editor")
        assert found is None or found["__typename"] == other


@pytest.mark.parametrize(
    "global_id",
    [
        to_base64("Story", 10**9),
        to_base64("Story", "not-a-number"),
        to_base64("Nope", 1),
        to_base64("Entry", 1),
        to_base64("Node", 1),
        to_base64("Query", 1),
    ],
)
def test_node_of_an_unknown_id_is_null(gql, global_id):
    assert node(gql, global_id, "editor") is None


def test_malformed_id_is_a_clear_error_not_a_crash(gql):
    body = gql(NODE, {"id": "definitely not base64!"}, errors=True)
    assert body["data"] == {"node": None} or body["data"] is None
    message = body["errors"][0]["message"]
    assert "GlobalID" in message or "id" in message.lower()
    assert message != "Unexpected error."


def test_images_are_looked_up_by_editors_only(gql, run):
    async def image() -> int:
        rows = await tables.Image.insert(
            tables.Image(storage_key=f"node/{uuid.uuid4().hex}.jpg", width=640, height=480)
        ).returning(tables.Image._meta.primary_key)
        return int(rows[0]["id"])

    image_id = to_base64("Image", run(image))
    assert node(gql, image_id) is None
    assert node(gql, image_id, "kiosk") is None
    assert node(gql, image_id, "editor") == {
        "__typename": "Image",
        "id": image_id,
        "width": 640,
        "height": 480,
    }
