"""Batch selects compiled once per shape: the same rows as piccolo's own select, and a shape
compiled for one viewer never serves a viewer who may see less."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from hub import tables
from hub.access import ANONYMOUS, SYSTEM, Viewer, rule_key, visible, visible_via
from hub.content import entries, lookups, stories, tags
from hub.content.pages import Page
from hub.content.statements import Frozen, Statements
from hub.enums import Locale, Role, Status

KIOSK = Viewer(role=Role.KIOSK, name="kiosk")


@pytest.fixture(scope="module")
def tagged(run: Any) -> dict[str, Any]:
    """Three stories with a published and a draft tag, plus a draft story."""
    batch = uuid.uuid4().hex[:8]

    def create(spec: Any, data: dict[str, Any]) -> dict[str, Any]:
        return run(entries.create, spec, SYSTEM, data, Locale.TG)  # type: ignore[no-any-return]

    shown = create(
        tags.SPEC, {"name": "Ҳунар", "slug": f"st-{batch}-shown", "status": Status.PUBLISHED}
    )
    hidden = create(tags.SPEC, {"name": "Пинҳон", "slug": f"st-{batch}-draft"})
    story_ids = [
        create(
            stories.SPEC,
            {
                "title": f"Қисса {i}",
                "slug": f"st-{batch}-{i}",
                "tag_slugs": [shown["slug"], hidden["slug"]],
                "status": Status.PUBLISHED if i < 3 else Status.DRAFT,
            },
        )["id"]
        for i in range(4)
    ]
    return {"stories": story_ids, "shown": shown["id"], "hidden": hidden["id"]}


def _tag_ids(groups: list[list[dict[str, Any]]]) -> list[list[int]]:
    return [[row["id"] for row in group] for group in groups]


def test_a_shape_compiled_for_an_editor_never_shows_drafts_to_the_public(run, tagged):
    ids = tagged["stories"]
    # The editor runs first: the cached shape for her key must not be the public's.
    editor = _tag_ids(run(lookups.related_rows, stories.TAGS, SYSTEM, ids))
    public = _tag_ids(run(lookups.related_rows, stories.TAGS, ANONYMOUS, ids))
    kiosk = _tag_ids(run(lookups.related_rows, stories.TAGS, KIOSK, ids))

    assert editor == [[tagged["shown"], tagged["hidden"]]] * 4
    assert public == kiosk == [[tagged["shown"]]] * 4
    editor_rows = run(lookups.rows_by_ids, tables.Story, SYSTEM, ids)
    public_rows = run(lookups.rows_by_ids, tables.Story, ANONYMOUS, ids)
    assert [row["id"] for row in editor_rows] == ids
    assert [row and row["id"] for row in public_rows] == [*ids[:3], None]


def test_viewers_with_one_rule_key_get_the_same_rules():
    """What lets a compiled statement serve several viewers: equal keys, equal conditions."""
    viewers = [ANONYMOUS, KIOSK, Viewer(role=Role.KIOSK, name="hall 2"), SYSTEM]
    for table in (tables.Story, tables.Artwork, tables.Tag):
        for a in viewers:
            for b in viewers:
                same_rule = str(visible(table, a)) == str(visible(table, b))
                assert same_rule == (rule_key(a) == rule_key(b)), (table, a, b)
    via = {str(visible_via(tables.StoryTag, "tag", tables.Tag, v)) for v in viewers[:3]}
    assert len(via) == 1


def test_compiled_statements_return_what_the_select_returns(run, tagged):
    compiled = Statements()
    ids = tagged["stories"]

    def build(keys: list[int]) -> Any:
        table = tables.Story
        return table.select().where(table._meta.primary_key.is_in(keys)).order_by(table.id)

    async def both(keys: list[int]) -> tuple[Any, Any]:
        return await compiled.run(tables.Story, "t", build, keys), await build(keys)

    for keys in (ids, ids[:2], list(reversed(ids)), ids[1:3]):
        mine, piccolos = run(both, keys)
        assert mine == piccolos
        assert {row["id"] for row in mine} == set(keys)


def test_a_statement_that_does_not_take_every_key_is_refused(run):
    compiled = Statements()

    def build(keys: list[int]) -> Any:
        return tables.Story.select().where(tables.Story._meta.primary_key == keys[0])

    with pytest.raises(ValueError, match="each key"):
        run(compiled.run, tables.Story, "bad", build, [1, 2])


def test_frozen_pages_keep_only_the_most_recently_used():
    frozen = Frozen(size=2)
    built: list[str] = []

    def build(name: str) -> Any:
        def select() -> Any:
            built.append(name)
            return tables.Story.select().where(tables.Story.slug == name)

        return select

    for name in ("a", "b", "a", "c", "a", "b"):
        frozen.get(name, build(name))
    # "b" was pushed out by "c" while "a" stayed in use.
    assert built == ["a", "b", "c", "b"]


def test_list_pages_of_one_shape_differ_by_their_values(run, tagged):
    """Frozen list statements are keyed by the SQL of their conditions, values included."""
    slugs = [
        row["slug"] for row in run(lookups.rows_by_ids, tables.Story, SYSTEM, tagged["stories"])
    ]
    for slug in slugs:
        page = run(
            lookups.fetch_page,
            tables.Story,
            SYSTEM,
            [tables.Story.slug == slug],
            [(tables.Story.created_at, False)],
            Page(),
        )
        assert [row["slug"] for row in page.rows] == [slug]
        assert page.total == 1
    public = run(
        lookups.fetch_page,
        tables.Story,
        ANONYMOUS,
        [tables.Story.slug == slugs[3]],
        [(tables.Story.created_at, False)],
        Page(),
    )
    assert public.rows == [] and public.total == 0  # a draft, asked for after an editor


def test_compiled_statements_keep_only_the_most_recently_used(run, tagged):
    compiled = Statements(size=2)
    ids = tagged["stories"]

    def build(keys: list[int]) -> Any:
        return tables.Story.select().where(tables.Story._meta.primary_key.is_in(keys))

    for size in (1, 2, 1, 3):
        assert len(run(compiled.run, tables.Story, "lru", build, ids[:size])) == size
    assert [size for _, _, size in compiled._shapes] == [1, 3]
