"""Every list prefetches the relations its query selects: a fixed number of SQL statements
whatever the page size, through fragments too, nothing it does not select, and never a draft."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image as PILImage
from strawberry.relay import to_base64

from hub import tables
from hub.content.statements import STATEMENTS
from hub.schema import relations
from hub.settings import Settings

# Each list with the relations of its entries (field name -> selection), and the filter that
# keeps the page to the entries this module makes (`status` so that editors page alike).
RELATIONS: dict[str, dict[str, str]] = {
    "artworks": {
        "artist": "artist { slug name }",
        "images": "images { id width }",
        "tags": "tags { slug name }",
        "campaign": "campaign { slug title }",
        "events": "events { slug title }",
    },
    "artists": {"portrait": "portrait { id width }"},
    "campaigns": {"coverImage": "coverImage { id width }", "partners": "partners { slug name }"},
    "courses": {
        "coverImage": "coverImage { id width }",
        "mentors": "mentors { slug name }",
        "lessons": "lessons { title position }",
    },
    "events": {
        "coverImage": "coverImage { id width }",
        "campaign": "campaign { slug title }",
        "artworks": "artworks { slug title }",
        "partners": "partners { slug name }",
    },
    "mentors": {"photo": "photo { id width }", "courses": "courses { slug title }"},
    "partners": {"logo": "logo { id width }"},
}
TYPE_NAMES = {
    "artworks": "Artwork",
    "artists": "Artist",
    "campaigns": "Campaign",
    "courses": "Course",
    "events": "Event",
    "mentors": "Mentor",
    "partners": "Partner",
}
LISTS = list(RELATIONS)
# Lists whose entries reach drafts through a relation (images have no status of their own).
WITH_DRAFTS = ["artworks", "campaigns", "courses", "events", "mentors"]
PAGE_SIZES = (2, 6)
PUBLIC = [None, "kiosk"]

CREATE = """
mutation Create($input: Create{type}Input!) {{
  create{type}(input: $input) {{ entry: {field} {{ id slug }} errors {{ field code message }} }}
}}
"""


def list_query(name: str, selection: str, fragments: str = "") -> str:
    type_name = TYPE_NAMES[name]
    return f"""
query List($filter: {type_name}Filter, $first: Int) {{
  {name}(filter: $filter, first: $first, orderBy: NEWEST) {{ {selection} }}
}}
{fragments}"""


def plain(name: str, fields: list[str] | None = None) -> str:
    wanted = RELATIONS[name] if fields is None else {f: RELATIONS[name][f] for f in fields}
    return list_query(name, f"nodes {{ slug {' '.join(wanted.values())} }}")


def through_fragments(name: str) -> str:
    """The same selection as `plain(name)`: the first relation in an inline fragment, the others
    in a named one, the entries under `edges { node }`."""
    type_name = TYPE_NAMES[name]
    first, *others = RELATIONS[name].values()
    fragment = f"fragment Related on {type_name} {{ slug {' '.join(others)} }}"
    return list_query(
        name,
        f"edges {{ node {{ slug ... on {type_name} {{ {first} }} ...Related }} }}",
        fragment,
    )


def unique(prefix: str) -> str:
    return f"rel-{prefix}-{uuid.uuid4().hex[:10]}"


def when(year: int) -> str:
    return f"{year}-05-01T10:00:00+05:00"


@dataclass
class World:
    """The entries of one list and what its filter is."""

    filter: dict[str, Any]
    slugs: list[str]
    drafts: list[str]  # slugs of draft entries the list's entries are linked to


class Maker:
    def __init__(self, gql: Any, run: Any) -> None:
        self.gql, self.run = gql, run

    def entry(self, type_name: str, status: str = "PUBLISHED", **fields: Any) -> dict[str, Any]:
        field = type_name[0].lower() + type_name[1:]
        operation = CREATE.format(type=type_name, field=field)
        title = "name" if type_name in ("Artist", "Mentor", "Partner", "Tag") else "title"
        fields = {title: f"{type_name} {uuid.uuid4().hex[:6]}", **fields}
        fields.setdefault("slug", unique(type_name.lower()))
        payload = self.gql(operation, {"input": {**fields, "status": status}}, as_="editor")
        result = payload[f"create{type_name}"]
        assert result["errors"] == [], result["errors"]
        return result["entry"]  # type: ignore[no-any-return]

    def image(self) -> str:
        """An image row with a real file behind it: other tests open listed images."""
        media = Settings.from_env(os.environ).media_dir
        key = f"test/relations-{uuid.uuid4().hex}.jpg"
        (media / key).parent.mkdir(parents=True, exist_ok=True)
        PILImage.new("RGB", (80, 60), "#4a6741").save(media / key, "JPEG")

        async def insert() -> int:
            image = tables.Image(storage_key=key, width=80, height=60)
            rows = await tables.Image.insert(image).returning(tables.Image._meta.primary_key)
            return int(rows[0]["id"])

        return to_base64("Image", self.run(insert))


N = max(PAGE_SIZES)


def _artworks(make: Maker) -> World:
    tag, hidden_tag = make.entry("Tag"), make.entry("Tag", "DRAFT")
    campaign, hidden_campaign = make.entry("Campaign"), make.entry("Campaign", "DRAFT")
    works = [
        make.entry(
            "Artwork",
            artistId=make.entry("Artist")["id"],
            imageIds=[make.image(), make.image()],
            tagSlugs=[tag["slug"], hidden_tag["slug"]],
            # Every page holds both: the campaign batch asks for a draft and a published one.
            campaignId=(campaign if i % 2 == 0 else hidden_campaign)["id"],
        )
        for i in range(N)
    ]
    ids = [w["id"] for w in works]
    make.entry("Event", startsAt=when(2031), artworkIds=ids)
    hidden_event = make.entry("Event", "DRAFT", startsAt=when(2031), artworkIds=ids)
    return World(
        {"tags": [tag["slug"]], "status": "PUBLISHED"},
        [w["slug"] for w in works],
        [hidden_tag["slug"], hidden_campaign["slug"], hidden_event["slug"]],
    )


def _events(make: Maker) -> World:
    campaign = make.entry("Campaign")
    artist, hidden_artist = make.entry("Artist"), make.entry("Artist", "DRAFT")
    shown = make.entry("Artwork", artistId=artist["id"])
    hidden_work = make.entry("Artwork", "DRAFT", artistId=artist["id"])
    # Published, but its artist is not: hidden with her (hub.access._SHOWN_WITH).
    orphan = make.entry("Artwork", artistId=hidden_artist["id"])
    partner, hidden_partner = make.entry("Partner"), make.entry("Partner", "DRAFT")
    events = [
        make.entry(
            "Event",
            startsAt=when(2030 + i),
            coverImageId=make.image(),
            campaignId=campaign["id"],
            artworkIds=[shown["id"], hidden_work["id"], orphan["id"]],
            partnerIds=[partner["id"], hidden_partner["id"]],
        )
        for i in range(N)
    ]
    return World(
        {"campaignSlug": campaign["slug"], "status": "PUBLISHED"},
        [e["slug"] for e in events],
        [hidden_work["slug"], orphan["slug"], hidden_partner["slug"]],
    )


def _courses(make: Maker) -> World:
    mentor, hidden_mentor = make.entry("Mentor"), make.entry("Mentor", "DRAFT")
    courses = [
        make.entry(
            "Course",
            category="LEADERSHIP",
            coverImageId=make.image(),
            mentorIds=[mentor["id"], hidden_mentor["id"]],
            lessons=[{"title": f"Дарс {i}"} for i in range(2)],
        )
        for _ in range(N)
    ]
    return World(
        {"mentorSlug": mentor["slug"], "status": "PUBLISHED"},
        [c["slug"] for c in courses],
        [hidden_mentor["slug"]],
    )


def _mentors(make: Maker) -> World:
    expertise = unique("expertise")
    mentors = [make.entry("Mentor", photoId=make.image(), expertise=[expertise]) for _ in range(N)]
    ids = [m["id"] for m in mentors]
    make.entry("Course", category="WELLBEING", startsAt=when(2030), mentorIds=ids)
    hidden_course = make.entry("Course", "DRAFT", category="WELLBEING", mentorIds=ids)
    return World(
        {"expertise": expertise, "status": "PUBLISHED"},
        [m["slug"] for m in mentors],
        [hidden_course["slug"]],
    )


def _campaigns(make: Maker) -> World:
    partner, hidden_partner = make.entry("Partner"), make.entry("Partner", "DRAFT")
    campaigns = [
        make.entry(
            "Campaign",
            coverImageId=make.image(),
            partnerIds=[partner["id"], hidden_partner["id"]],
        )
        for _ in range(N)
    ]
    return World({"status": "PUBLISHED"}, [c["slug"] for c in campaigns], [hidden_partner["slug"]])


def _artists(make: Maker) -> World:
    artists = [make.entry("Artist", portraitId=make.image()) for _ in range(N)]
    return World({"status": "PUBLISHED"}, [a["slug"] for a in artists], [])


def _partners(make: Maker) -> World:
    partners = [make.entry("Partner", logoId=make.image()) for _ in range(N)]
    return World({"status": "PUBLISHED"}, [p["slug"] for p in partners], [])


# Campaigns, artists and partners have no filter to single out this module's entries: their pages
# are the newest published ones, so each is made after every other world that makes some.
BUILDERS: list[tuple[str, Callable[[Maker], World]]] = [
    ("artworks", _artworks),
    ("events", _events),
    ("courses", _courses),
    ("mentors", _mentors),
    ("campaigns", _campaigns),
    ("artists", _artists),
    ("partners", _partners),
]


@pytest.fixture(scope="module")
def worlds(gql: Any, run: Any) -> dict[str, World]:
    make = Maker(gql, run)
    return {name: build(make) for name, build in BUILDERS}


@pytest.fixture()
def deferred(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Relation fields that had to wait for their loader: none on a prefetched list's entries."""
    waits: list[Any] = []
    original = relations._later

    def counting(future: Any, convert: Any) -> Any:
        waits.append(future)
        return original(future, convert)

    monkeypatch.setattr(relations, "_later", counting)
    yield waits


def fetch(
    gql: Any, sql_count: Any, query: str, world: World, first: int, as_: str | None = None
) -> tuple[Any, list[str]]:
    with sql_count() as statements:
        data = gql(query, {"filter": world.filter, "first": first}, as_=as_)
    connection = next(iter(data.values()))
    nodes = connection.get("nodes") or [edge["node"] for edge in connection["edges"]]
    assert [n["slug"] for n in nodes] == world.slugs[::-1][:first], "not this module's entries"
    return nodes, statements


def present(nodes: list[dict[str, Any]], field: str) -> bool:
    return any(node[field] not in (None, []) for node in nodes)


@pytest.mark.parametrize("name", LISTS)
def test_list_runs_the_same_statements_for_a_small_and_a_larger_page(
    gql, sql_count, worlds, deferred, name
):
    counts = []
    for first in PAGE_SIZES:
        nodes, statements = fetch(gql, sql_count, plain(name), worlds[name], first)
        # Guards the count: a relation the page does not hold would cost no statement.
        assert all(present(nodes, field) for field in RELATIONS[name]), nodes
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert deferred == [], f"{len(deferred)} relation fields of {name} were not prefetched"


@pytest.mark.parametrize("name", LISTS)
def test_list_loads_each_selected_relation_in_one_statement_and_no_other(
    gql, sql_count, worlds, deferred, name
):
    world = worlds[name]
    _, bare = fetch(gql, sql_count, plain(name, []), world, N)
    _, everything = fetch(gql, sql_count, plain(name), world, N)
    assert len(everything) - len(bare) == len(RELATIONS[name]), "\n".join(everything)
    for field in RELATIONS[name]:
        nodes, one = fetch(gql, sql_count, plain(name, [field]), world, N)
        assert present(nodes, field)
        assert len(one) - len(bare) == 1, "\n".join(one)
    assert deferred == []


@pytest.mark.parametrize("name", LISTS)
def test_relations_selected_through_fragments_are_prefetched_alike(
    gql, sql_count, worlds, deferred, name
):
    world = worlds[name]
    expected, plain_statements = fetch(gql, sql_count, plain(name), world, N)
    nodes, statements = fetch(gql, sql_count, through_fragments(name), world, N)
    assert nodes == expected
    assert len(statements) == len(plain_statements), "\n".join(statements)
    assert deferred == [], f"{len(deferred)} relation fields selected in fragments waited"


def test_relations_of_a_single_entry_wait_for_their_loader(gql, worlds, deferred):
    # Guards `deferred`: outside a list, relation fields do wait for their loader.
    query = "query($slug: String!) { artwork(slug: $slug) { artist { slug } tags { slug } } }"
    artwork = gql(query, {"slug": worlds["artworks"].slugs[0]})["artwork"]
    assert artwork["artist"] and artwork["tags"]
    assert len(deferred) == 2


@pytest.mark.parametrize("name", WITH_DRAFTS)
def test_drafts_reached_through_relations_stay_hidden_after_an_editor_ran_the_query(
    gql, sql_count, worlds, name
):
    world = worlds[name]
    query = plain(name)
    # Statements are compiled once per shape and process: start from none, so that the editor's
    # (without the rule) are compiled first and the public's could only reuse them.
    STATEMENTS.clear()
    for first in PAGE_SIZES:
        nodes, _ = fetch(gql, sql_count, query, world, first, as_="editor")
        assert all(slug in repr(nodes) for slug in world.drafts), "the editor sees the drafts"
    for caller in PUBLIC:
        for first in PAGE_SIZES:
            nodes, _ = fetch(gql, sql_count, query, world, first, as_=caller)
            leaked = [slug for slug in world.drafts if slug in repr(nodes)]
            assert leaked == [], f"{caller or 'anonymous'} sees drafts {leaked} via {name}"
            assert all(present(nodes, field) for field in RELATIONS[name]), nodes
