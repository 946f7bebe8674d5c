"""The public contract: the committed schema.graphql, the names API.md promises, descriptions."""

from __future__ import annotations

from pathlib import Path

import graphql
import pytest

from hub.schema import build_schema
from hub.settings import Settings

COMMITTED = Path(__file__).parent.parent / "schema.graphql"
SDL = build_schema(Settings()).as_str() + "\n"
SCHEMA = graphql.build_schema(SDL)

ENUMS = {
    "Locale": ["TG", "RU", "EN"],
    "Region": ["DUSHANBE", "SUGHD", "KHATLON", "GBAO", "DRS"],
    "Discipline": [
        "DIGITAL_ART",
        "ILLUSTRATION",
        "THREE_D",
        "ANIMATION",
        "VIDEOGRAPHY",
        "PHOTOGRAPHY",
        "DESIGN",
        "CRAFTS",
        "TEXTILES",
        "PAINTING",
        "PERFORMANCE",
        "WRITING",
    ],
    "StoryFormat": ["TEXT", "PHOTO_ESSAY", "VIDEO", "AUDIO"],
    "ContentWarning": [
        "EARLY_MARRIAGE",
        "DOMESTIC_VIOLENCE",
        "SEXUAL_VIOLENCE",
        "SELF_HARM",
        "DISCRIMINATION",
        "GRAPHIC_IMAGERY",
    ],
    "Availability": ["AVAILABLE", "RESERVED", "SOLD", "NOT_FOR_SALE"],
    "Currency": ["TJS", "USD", "EUR"],
    "CourseCategory": [
        "HUMAN_RIGHTS",
        "GENDER_EQUALITY",
        "LEADERSHIP",
        "FINANCIAL_LITERACY",
        "ENTREPRENEURSHIP",
        "DIGITAL_ART",
        "ILLUSTRATION",
        "ANIMATION",
        "VIDEOGRAPHY",
        "DESIGN",
        "CRAFTS",
        "STORYTELLING",
        "PERSONAL_BRAND",
        "PORTFOLIO",
        "WELLBEING",
        "SAFETY",
    ],
    "CourseFormat": ["IN_PERSON", "ONLINE", "HYBRID"],
    "CampaignTheme": [
        "EARLY_MARRIAGE",
        "DOMESTIC_VIOLENCE",
        "DISCRIMINATION",
        "EDUCATION_ACCESS",
        "ECONOMIC_EMPOWERMENT",
        "WELLBEING",
        "LEADERSHIP",
    ],
    "EventKind": [
        "EXHIBITION",
        "MURAL",
        "PERFORMANCE",
        "SCREENING",
        "WORKSHOP",
        "CAMP",
        "COMMUNITY_DIALOGUE",
    ],
    "PartnerKind": ["MEDIA", "SCHOOL", "NGO", "WOMENS_COALITION", "LOCAL_AUTHORITY", "BUSINESS"],
    "ImageFormat": ["ORIGINAL", "JPEG", "WEBP", "AVIF"],
}

ENTRY_FIELDS = [
    "id",
    "slug",
    "status",
    "publishedAt",
    "createdAt",
    "updatedAt",
    "locale",
    "availableLocales",
]
ENTRIES = ["Story", "Artist", "Artwork", "Course", "Mentor", "Campaign", "Event"]
# Fields per type as API.md lists them, with the exact type where API.md states one
# (`Story.author` nullable, `Artwork.price` nullable, ...); None: any type.
FIELDS: dict[str, dict[str, str | None]] = {
    "Artist": {
        "name": None,
        "bio": None,
        "portrait": None,
        "region": None,
        "city": None,
        "disciplines": None,
        "links": None,
        "isAmbassador": None,
        "artworks": None,
        "stories": None,
    },
    "Story": {
        "title": None,
        "excerpt": None,
        "body": None,
        "format": None,
        "coverImage": None,
        "gallery": None,
        "videoUrl": None,
        "author": "Artist",
        "authorName": "String!",
        "tags": None,
        "campaign": None,
        "contentWarnings": None,
        "readingTimeMinutes": None,
    },
    "Artwork": {
        "title": None,
        "description": None,
        "artist": "Artist!",
        "images": "[Image!]!",
        "medium": None,
        "year": None,
        "dimensions": None,
        "price": "Money",
        "availability": None,
        "tags": None,
        "campaign": None,
        "events": None,
    },
    "Course": {
        "title": None,
        "summary": None,
        "description": None,
        "category": None,
        "format": None,
        "startsAt": None,
        "endsAt": None,
        "location": None,
        "capacity": None,
        "seatsLeft": None,
        "price": "Money",
        "coverImage": None,
        "mentors": "[Mentor!]!",
        "lessons": "[Lesson!]!",
    },
    "Lesson": {"title": None, "summary": None, "durationMinutes": None, "position": None},
    "Mentor": {
        "name": None,
        "slug": None,
        "headline": None,
        "bio": None,
        "photo": None,
        "expertise": "[String!]!",
        "organisation": None,
        "languages": "[Locale!]!",
        "acceptingMentees": None,
        "courses": None,
    },
    "Campaign": {
        "title": None,
        "summary": None,
        "body": None,
        "theme": None,
        "startsAt": None,
        "endsAt": None,
        "coverImage": None,
        "stories": None,
        "artworks": None,
        "events": None,
        "partners": "[Partner!]!",
    },
    "Event": {
        "title": None,
        "kind": None,
        "startsAt": None,
        "endsAt": None,
        "venue": None,
        "city": None,
        "region": None,
        "campaign": None,
        "artworks": None,
        "partners": None,
    },
    "Partner": {"name": None, "kind": None, "url": None, "logo": None},
    "Tag": {"slug": None, "name": None},
    "RichText": {"html": None, "text": None},
    "Image": {
        "width": None,
        "height": None,
        "alt": None,
        "blurhash": None,
        "dominantColor": None,
        "focalPoint": None,
        "url": "String!",
        "srcset": "String!",
    },
    "Money": {"amount": "Decimal!", "currency": "Currency!"},
    "FieldError": {"field": "String", "message": "String!", "code": "ErrorCode!"},
    "PageInfo": {"hasNextPage": None, "endCursor": None},
}
TYPES = [*FIELDS, "Story", "Artist"]
# (singular, plural, GraphQL type): `t(slug:, locale:)` and `ts(filter:, orderBy:, ...)`.
QUERIES = [
    ("story", "stories", "Story"),
    ("artist", "artists", "Artist"),
    ("artwork", "artworks", "Artwork"),
    ("course", "courses", "Course"),
    ("mentor", "mentors", "Mentor"),
    ("campaign", "campaigns", "Campaign"),
    ("event", "events", "Event"),
    (None, "partners", "Partner"),
    (None, "tags", "Tag"),
]
FILTERS = {
    "StoryFilter": ["tags", "authorSlug", "campaignSlug", "format", "excludeContentWarnings"],
    "ArtworkFilter": ["artistSlug", "availability", "tags"],
    "CourseFilter": ["category", "format", "upcoming"],
    "EventFilter": ["kind", "region", "upcoming"],
}
BUILT_INS = {"String", "Int", "Float", "Boolean", "ID"}


def query_fields() -> dict[str, graphql.GraphQLField]:
    assert SCHEMA.query_type is not None
    return SCHEMA.query_type.fields


def test_committed_schema_is_the_current_schema():
    message = (
        "schema.graphql is not the current schema: run `hub export-schema` and commit "
        "schema.graphql (front ends are written against it)."
    )
    assert COMMITTED.exists(), message
    assert COMMITTED.read_text(encoding="utf-8") == SDL, message


@pytest.mark.parametrize("name", sorted(set(TYPES)))
def test_api_types_exist(name):
    assert isinstance(SCHEMA.type_map.get(name), graphql.GraphQLObjectType), name


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_api_fields_exist_with_their_types(name):
    type_ = SCHEMA.type_map.get(name)
    assert isinstance(type_, graphql.GraphQLObjectType), name
    for field, expected in FIELDS[name].items():
        assert field in type_.fields, f"{name}.{field}"
        if expected is not None:
            assert str(type_.fields[field].type) == expected, f"{name}.{field}"


@pytest.mark.parametrize("name", ENTRIES)
def test_content_entries_share_the_entry_fields(name):
    type_ = SCHEMA.type_map.get(name)
    assert isinstance(type_, graphql.GraphQLObjectType), name
    for field in ENTRY_FIELDS:
        assert field in type_.fields, f"{name}.{field}"
    assert "Node" in {i.name for i in type_.interfaces}
    assert str(type_.fields["availableLocales"].type) == "[Locale!]!"
    assert str(type_.fields["locale"].type) == "Locale!"


def test_image_url_takes_width_format_and_fit():
    image = SCHEMA.type_map["Image"]
    assert isinstance(image, graphql.GraphQLObjectType)
    url = image.fields["url"].args
    assert {name: str(arg.type) for name, arg in url.items()} == {
        "width": "Int",
        "format": "ImageFormat",
        "fit": "ImageFit",
    }
    assert str(image.fields["srcset"].args["format"].type) == "ImageFormat"
    focal = image.fields["focalPoint"].type
    focal_type = graphql.get_named_type(focal)
    assert isinstance(focal_type, graphql.GraphQLObjectType)
    assert {"x", "y"} <= set(focal_type.fields)


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_api_enums_have_exactly_their_members(name):
    enum = SCHEMA.type_map.get(name)
    assert isinstance(enum, graphql.GraphQLEnumType), name
    assert list(enum.values) == ENUMS[name]


@pytest.mark.parametrize(("singular", "plural", "type_name"), QUERIES)
def test_api_queries_exist_with_their_arguments(singular, plural, type_name):
    fields = query_fields()
    if singular is not None:
        assert singular in fields, singular
        one = fields[singular]
        assert str(one.type) == type_name
        assert {n: str(a.type) for n, a in one.args.items()} == {
            "slug": "String!",
            "locale": "Locale",
        }
    assert plural in fields, plural
    many = fields[plural]
    args = {n: str(a.type) for n, a in many.args.items()}
    assert args.get("first") == "Int"
    assert args.get("after") == "String"
    assert args.get("locale") == "Locale"
    assert "orderBy" in args
    assert "filter" in args
    connection = many.type
    assert isinstance(connection, graphql.GraphQLNonNull)
    connection_type = graphql.get_named_type(connection)
    assert isinstance(connection_type, graphql.GraphQLObjectType)
    assert {"edges", "nodes", "pageInfo", "totalCount"} <= set(connection_type.fields)
    assert str(connection_type.fields["nodes"].type) == f"[{type_name}!]!"
    edge = graphql.get_named_type(connection_type.fields["edges"].type)
    assert isinstance(edge, graphql.GraphQLObjectType)
    assert {"cursor", "node"} <= set(edge.fields)


def test_node_query_takes_a_global_id():
    node = query_fields()["node"]
    assert str(node.type) == "Node"
    assert {n: str(a.type) for n, a in node.args.items()} == {"id": "ID!"}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_api_filters_exist(name):
    filter_type = SCHEMA.type_map.get(name)
    assert isinstance(filter_type, graphql.GraphQLInputObjectType), name
    for field in FILTERS[name]:
        assert field in filter_type.fields, f"{name}.{field}"


def test_every_mutation_payload_has_field_errors():
    assert SCHEMA.mutation_type is not None
    for name, field in SCHEMA.mutation_type.fields.items():
        payload = graphql.get_named_type(field.type)
        assert isinstance(payload, graphql.GraphQLObjectType), name
        assert "errors" in payload.fields, f"{name}: {payload.name} has no `errors`"
        assert str(payload.fields["errors"].type) == "[FieldError!]!", name


def test_every_mutation_takes_one_input_argument():
    assert SCHEMA.mutation_type is not None
    for name, field in SCHEMA.mutation_type.fields.items():
        assert list(field.args) == ["input"], name
        assert isinstance(field.args["input"].type, graphql.GraphQLNonNull), name


def _undescribed() -> list[str]:
    missing = []
    for name, type_ in SCHEMA.type_map.items():
        if name.startswith("__") or name in BUILT_INS:
            continue
        if not type_.description:
            missing.append(f"type {name}")
        if isinstance(
            type_,
            graphql.GraphQLObjectType
            | graphql.GraphQLInterfaceType
            | graphql.GraphQLInputObjectType,
        ):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"field {name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"argument {name}.{field_name}({arg_name})")
    return missing


def test_every_type_field_and_argument_has_a_description():
    missing = _undescribed()
    assert not missing, (
        f"{len(missing)} without a description (the public documentation):\n" + "\n".join(missing)
    )
