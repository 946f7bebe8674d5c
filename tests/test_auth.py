"""Auth: only editors change content; bad tokens fail loudly; tokens are stored hashed."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

import graphql
import pytest
from strawberry.relay import to_base64

from hub import auth, tables
from hub.access import SYSTEM
from hub.content import entries, stories
from hub.enums import Locale, Role, Status
from hub.schema import build_schema
from hub.settings import Settings

PUBLIC = [None, "kiosk"]
SCHEMA = graphql.build_schema(build_schema(Settings.from_env(os.environ)).as_str())

# Mutations that change content; the rest (public forms) are open to anonymous visitors.
EDITOR_MUTATION = re.compile(
    r"^(create|update|delete)[A-Z]|^(submitForReview|publish|unpublish|schedulePublish|uploadImage)$"
)
VALIDATION_CODES = {"INVALID", "REQUIRED", "NOT_FOUND", "TOO_LONG", "DUPLICATE"}
STORY = "query Story($slug: String!) { story(slug: $slug) { slug status title } }"
CREATE_STORY = """
mutation CreateStory($input: CreateStoryInput!) {
  createStory(input: $input) { story { id } errors { field message code } }
}
"""


def editor_mutations() -> list[str]:
    assert SCHEMA.mutation_type is not None
    return sorted(name for name in SCHEMA.mutation_type.fields if EDITOR_MUTATION.match(name))


def _id_type(field_name: str, mutation: str) -> str:
    """The type a global id field names: `authorId` -> Artist, `mentorIds` -> Mentor."""
    if field_name == "id":
        match = re.match(r"^(?:create|update|delete)([A-Z]\w*)$", mutation)
        return match.group(1) if match else "Story"
    base = re.sub(r"Ids?$", "", field_name)
    word = re.findall(r"[A-Z]?[a-z]+", base)[-1].capitalize()
    return {"Author": "Artist", "Portrait": "Image", "Logo": "Image", "Photo": "Image"}.get(
        word, word
    )


def _value(type_: Any, field_name: str, mutation: str, ids: dict[str, str]) -> Any:
    """A minimal valid-looking GraphQL value of `type_` (JSON, for variables)."""
    if isinstance(type_, graphql.GraphQLNonNull):
        return _value(type_.of_type, field_name, mutation, ids)
    if isinstance(type_, graphql.GraphQLList):
        return [_value(type_.of_type, field_name, mutation, ids)]
    if isinstance(type_, graphql.GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, graphql.GraphQLInputObjectType):
        return {
            name: _value(field.type, name, mutation, ids)
            for name, field in type_.fields.items()
            if graphql.is_required_input_field(field)
        }
    name = type_.name
    if name == "ID":
        type_name = _id_type(field_name, mutation)
        return ids.get(type_name, to_base64(type_name, 1))
    return {
        "String": "x",
        "Int": 1,
        "Float": 0.5,
        "Boolean": False,
        "DateTime": "2030-01-01T10:00:00+00:00",
        "Date": "2030-01-01",
        "Decimal": "1.00",
        "JSON": {},
    }[name]


def _needs_upload(type_: Any) -> bool:
    named = graphql.get_named_type(type_)
    if named.name == "Upload":
        return True
    if isinstance(named, graphql.GraphQLInputObjectType):
        return any(
            _needs_upload(f.type)
            for f in named.fields.values()
            if graphql.is_required_input_field(f)
        )
    return False


def call_as(gql: Any, mutation: str, viewer: str | None, ids: dict[str, str]) -> dict[str, Any]:
    """Call `mutation` with a minimal input; return its payload."""
    assert SCHEMA.mutation_type is not None
    field = SCHEMA.mutation_type.fields[mutation]
    arguments = {name: _value(arg.type, name, mutation, ids) for name, arg in field.args.items()}
    declared = ", ".join(f"${name}: {arg.type}" for name, arg in field.args.items())
    passed = ", ".join(f"{name}: ${name}" for name in field.args)
    operation = (
        f"mutation Call({declared}) {{ {mutation}({passed}) {{ __typename errors {{ code }} }} }}"
    )
    return gql(operation, arguments, as_=viewer)[mutation]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def story_ids(run: Any) -> dict[str, str]:
    """A real story, so that update/delete/workflow calls get as far as the permission check."""
    row = run(
        entries.create,
        stories.SPEC,
        SYSTEM,
        {"title": "Ҳифзшуда", "status": Status.PUBLISHED},
        Locale.TG,
    )
    return {"Story": to_base64("Story", row["id"]), "slug": row["slug"]}


def test_schema_has_editor_mutations_to_check():
    names = editor_mutations()
    for expected in ("createStory", "updateStory", "deleteStory", "publish", "unpublish"):
        assert expected in names


@pytest.mark.parametrize("viewer", PUBLIC)
@pytest.mark.parametrize("mutation", editor_mutations())
def test_public_callers_cannot_run_editor_mutations(gql, story_ids, viewer, mutation):
    assert SCHEMA.mutation_type is not None
    field = SCHEMA.mutation_type.fields[mutation]
    if any(_needs_upload(arg.type) for arg in field.args.values()):
        pytest.skip("uploads are multipart requests: covered by the media tests")
    payload = call_as(gql, mutation, viewer, story_ids)
    codes = {error["code"] for error in payload["errors"]}
    assert codes, f"{mutation} succeeded for {viewer or 'anonymous'}"
    assert codes <= {"FORBIDDEN"} | VALIDATION_CODES, codes


@pytest.mark.parametrize("viewer", PUBLIC)
@pytest.mark.parametrize(
    "mutation",
    [
        "createStory",
        "updateStory",
        "deleteStory",
        "createArtist",
        "updateArtist",
        "deleteArtist",
        "createCampaign",
        "createPartner",
        "createTag",
        "submitForReview",
        "publish",
        "unpublish",
    ],
)
def test_content_mutations_are_forbidden_to_public_callers(gql, story_ids, viewer, mutation):
    payload = call_as(gql, mutation, viewer, story_ids)
    assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]


@pytest.mark.parametrize("viewer", PUBLIC)
def test_refused_mutations_change_nothing(gql, story_ids, viewer):
    for mutation in ("updateStory", "unpublish", "deleteStory"):
        call_as(gql, mutation, viewer, story_ids)
    story = gql(STORY, {"slug": story_ids["slug"]})["story"]
    assert story == {"slug": story_ids["slug"], "status": "PUBLISHED", "title": "Ҳифзшуда"}


def test_forbidden_create_leaves_no_entry(gql):
    payload = gql(CREATE_STORY, {"input": {"title": "Дуздида", "slug": "stolen-story"}})
    assert payload["createStory"]["story"] is None
    assert gql(STORY, {"slug": "stolen-story"}, as_="editor")["story"] is None


# ---- tokens -----------------------------------------------------------------------------------


def _status(client: Any, authorization: str) -> int:
    response = client.post(
        "/graphql",
        json={"query": "{ stories { totalCount } }"},
        headers={"Authorization": authorization},
    )
    return int(response.status_code)


@pytest.mark.parametrize(
    "authorization",
    ["Bearer thub_unknown", "Bearer ", "Basic dXNlcjpwYXNz", "thub_without_scheme"],
)
def test_unknown_or_malformed_token_gets_401(client, authorization):
    assert _status(client, authorization) == 401


def test_revoked_token_gets_401(client, run):
    token = run(auth.create_token, "soon revoked", Role.EDITOR)
    assert _status(client, f"Bearer {token}") == 200

    async def revoke() -> None:
        await tables.ApiToken.update({tables.ApiToken.revoked: True}).where(
            tables.ApiToken.token_hash == auth.hash_token(token)
        )

    run(revoke)
    assert _status(client, f"Bearer {token}") == 401


def test_kiosk_token_reads_published_content(client, tokens):
    assert _status(client, f"Bearer {tokens['kiosk']}") == 200


def test_tokens_are_stored_only_as_hashes(run, tokens):
    rows = run(tables.ApiToken.select().run)
    stored = repr(rows)
    for token in tokens.values():
        assert token not in stored
        assert token.removeprefix(auth.TOKEN_PREFIX) not in stored
        digest = hashlib.sha256(token.encode()).hexdigest()
        assert digest in {row["token_hash"] for row in rows}


def test_tokens_are_long_random_and_prefixed(run):
    first = run(auth.create_token, "a", Role.KIOSK)
    second = run(auth.create_token, "b", Role.KIOSK)
    assert first != second
    assert first.startswith(auth.TOKEN_PREFIX)
    assert len(first) >= len(auth.TOKEN_PREFIX) + 40


def test_last_use_is_recorded_to_the_minute_not_per_request(client, run):
    token = run(auth.create_token, "busy kiosk", Role.KIOSK)
    token_table = tables.ApiToken
    where = token_table.token_hash == auth.hash_token(token)

    async def last_used() -> Any:
        row = await token_table.select(token_table.last_used_at).where(where).first()
        return row["last_used_at"]

    assert run(last_used) is None
    assert _status(client, f"Bearer {token}") == 200
    first = run(last_used)
    assert first is not None
    assert _status(client, f"Bearer {token}") == 200
    assert run(last_used) == first, "a second request within the minute writes nothing"

    async def age() -> None:
        earlier = first - auth.LAST_USED_PRECISION
        await token_table.update({token_table.last_used_at: earlier}).where(where)

    run(age)
    assert _status(client, f"Bearer {token}") == 200
    assert run(last_used) > first - auth.LAST_USED_PRECISION
