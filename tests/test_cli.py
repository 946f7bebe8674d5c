"""The `hub` command, run as a user runs it: a real process against a fresh SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hub.schema import build_schema
from hub.settings import Settings

HUB = Path(sys.executable).with_name("hub")
COMMANDS = (
    "serve",
    "migrate",
    "seed",
    "demo",
    "export-schema",
    "token",
    "worker",
    "reindex",
    "search-status",
)

# Runs in its own process: create_app() binds every table to its engine, which would take the
# test session's database away from the other tests.
USE_TOKEN = """
import json, os, sys
from starlette.testclient import TestClient
from hub.app import create_app
from hub.settings import Settings

MUTATION = 'mutation { createTag(input: {name: "Аз CLI"}) { tag { slug } errors { code } } }'
with TestClient(create_app(Settings.from_env(os.environ))) as client:
    for authorization in sys.argv[1:]:
        response = client.post(
            "/graphql", json={"query": MUTATION}, headers={"Authorization": authorization}
        )
        print(json.dumps([response.status_code, response.text]))
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("cli")
    return {
        **os.environ,
        "HUB_ENV": "test",
        "HUB_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'cli.db'}",
        "PICCOLO_CONF": "hub.piccolo_conf",
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }


def hub(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(HUB), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def migrated(env: dict[str, str]) -> dict[str, str]:
    result = hub(env, "migrate")
    assert "Database ready" in result.stderr
    return env


def test_help_lists_every_command(env):
    result = hub(env, "--help")
    for command in COMMANDS:
        assert command in result.stdout, command


def test_token_help_lists_create(env):
    assert "create" in hub(env, "token", "--help").stdout


def test_token_create_prints_the_token_alone_on_its_last_line(migrated):
    result = hub(migrated, "token", "create", "--role", "editor", "--name", "x")
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("thub_")
    assert " " not in token


def test_created_token_works_as_a_bearer_token(migrated):
    token = hub(migrated, "token", "create", "--role", "editor", "--name", "x").stdout
    token = token.strip().splitlines()[-1]
    kiosk = hub(migrated, "token", "create", "--role", "kiosk", "--name", "kiosk")
    kiosk_token = kiosk.stdout.strip().splitlines()[-1]

    answers = _use_tokens(migrated, f"Bearer {token}", f"Bearer {kiosk_token}", "Bearer thub_x")
    editor, as_kiosk, wrong = answers

    assert editor[0] == 200
    assert json.loads(editor[1])["data"]["createTag"] == {"tag": {"slug": "az-cli"}, "errors": []}
    assert as_kiosk[0] == 200
    assert json.loads(as_kiosk[1])["data"]["createTag"]["errors"] == [{"code": "FORBIDDEN"}]
    assert wrong[0] == 401


def _use_tokens(env: dict[str, str], *authorizations: str) -> list[list[Any]]:
    result = subprocess.run(
        [sys.executable, "-c", USE_TOKEN, *authorizations],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.strip().splitlines()]


def test_token_create_refuses_an_unknown_role(migrated):
    result = hub(migrated, "token", "create", "--role", "admin", "--name", "x", check=False)
    assert result.returncode != 0
    assert "thub_" not in result.stdout


def test_export_schema_writes_the_sdl(env, tmp_path):
    path = tmp_path / "schema.graphql"
    hub(env, "export-schema", str(path))
    assert path.read_text(encoding="utf-8") == build_schema(Settings()).as_str() + "\n"


def test_bad_configuration_names_the_variable_and_exits(env):
    result = hub({**env, "HUB_PORT": "eighty"}, "migrate", check=False)
    assert result.returncode == 2
    assert "HUB_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_reindex_fills_the_index_and_search_status_reports_no_lag(env):
    hub(env, "migrate")
    hub(env, "seed")
    before = hub(env, "search-status").stdout
    assert "changes waiting in the outbox" in before
    assert _status(before)["entries indexed"] == "0"

    rebuilt = hub(env, "reindex")
    assert "Rebuilt the embedded index" in rebuilt.stderr
    after = _status(hub(env, "search-status").stdout)
    assert after["entries indexed"] == after["published entries in the database"] != "0"


def _status(table: str) -> dict[str, str]:
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("│|").split("│")]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    return rows
