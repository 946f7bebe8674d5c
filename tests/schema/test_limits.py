"""Abuse limits: depth, aliases, tokens and cost each get a clear GraphQL error, never a 500."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from hub.settings import Settings

LIMITS = Settings.from_env(os.environ)
KIOSK = (Path(__file__).parent.parent / "kiosk.graphql").read_text(encoding="utf-8")


def _deep(levels: int) -> str:
    """A query nesting story -> author -> stories ... past `levels` levels."""
    inner = "slug"
    for _ in range(levels):
        inner = f"author {{ stories(first: 1) {{ nodes {{ {inner} }} }} }}"
    return f"query Deep {{ stories(first: 1) {{ nodes {{ {inner} }} }} }}"


DEEP = _deep(LIMITS.max_depth // 3 + 1)
MANY_ALIASES = (
    "query Aliases { "
    + " ".join(f"a{i}: stories(first: 1) {{ totalCount }}" for i in range(LIMITS.max_aliases + 1))
    + " }"
)
MANY_TOKENS = "query Tokens { stories { " + "totalCount " * LIMITS.max_tokens + "} }"
TOO_COSTLY = """
query Costly {
  stories(first: 100) { nodes { author {
    stories(first: 100) { nodes { slug tags { slug name } } }
  } } }
}
"""
TOO_COSTLY_BY_FRAGMENTS = """
query CostlyFragments { stories(first: 100) { nodes { ...Inner } } }
fragment Inner on Story { author { stories(first: 100) { nodes { ...Leaf } } } }
fragment Leaf on Story { slug tags { slug name } }
"""
TOO_COSTLY_BY_VARIABLES = """
query CostlyVariables($n: Int) {
  stories(first: $n) { nodes { author { stories(first: $n) { nodes { slug tags { slug } } } } } }
}
"""


def post(client: Any, query: str, variables: dict[str, Any] | None = None) -> tuple[int, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    return response.status_code, response.json()


def refused(client: Any, query: str, variables: dict[str, Any] | None = None) -> str:
    status, body = post(client, query, variables)
    assert status in (200, 400), status
    assert body.get("data") is None, body
    assert body["errors"], body
    return str(body["errors"][0]["message"])


def test_too_deep_query_is_refused_naming_the_depth_limit(client):
    message = refused(client, DEEP)
    assert "depth" in message
    assert str(LIMITS.max_depth) in message


def test_too_many_aliases_are_refused_naming_the_alias_limit(client):
    message = refused(client, MANY_ALIASES)
    assert "aliases" in message
    assert str(LIMITS.max_aliases) in message


def test_too_many_tokens_are_refused_naming_the_token_limit(client):
    message = refused(client, MANY_TOKENS)
    assert "tokens" in message
    assert str(LIMITS.max_tokens) in message


@pytest.mark.parametrize("query", [TOO_COSTLY, TOO_COSTLY_BY_FRAGMENTS])
def test_query_over_the_cost_budget_is_refused_naming_the_budget(client, query):
    message = refused(client, query)
    assert "cost" in message
    assert str(LIMITS.max_cost) in message


def test_cost_error_carries_a_code_and_the_figures(client):
    _, body = post(client, TOO_COSTLY)
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "QUERY_TOO_COSTLY"
    assert extensions["maxCost"] == LIMITS.max_cost
    assert extensions["cost"] > LIMITS.max_cost


def test_a_variable_page_size_is_costed_at_the_maximum(client):
    # The budget is checked before execution, when only the worst case is known.
    message = refused(client, TOO_COSTLY_BY_VARIABLES, {"n": 1})
    assert "cost" in message


def test_queries_just_inside_the_limits_run(client):
    within_aliases = (
        "query Aliases { "
        + " ".join(f"a{i}: stories(first: 1) {{ totalCount }}" for i in range(LIMITS.max_aliases))
        + " }"
    )
    status, body = post(client, within_aliases)
    assert (status, body.get("errors")) == (200, None)


@pytest.mark.parametrize("first", [20, 100])
def test_kiosk_query_is_within_every_limit(client, first):
    status, body = post(client, KIOSK.replace("first: 20", f"first: {first}"), {"locale": "RU"})
    assert (status, body.get("errors")) == (200, None)
