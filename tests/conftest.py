"""Shared fixtures: one database per run (SQLite, or PostgreSQL with HUB_TEST_DATABASE=postgres),
migrated and seeded once, one app, and a `gql` helper that fails on unexpected errors."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="hub-tests-"))
_PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
ENGINE = os.environ.get("HUB_TEST_DATABASE", "sqlite")

if ENGINE == "postgres":
    DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/hub_test_{os.getpid()}"
elif ENGINE == "sqlite":
    DATABASE_URL = f"sqlite:///{_TMP / 'hub.db'}"
else:
    raise RuntimeError("HUB_TEST_DATABASE must be sqlite or postgres")

# Settings are read from the environment by the CLI and Piccolo's migration tools: set it before
# anything imports hub.piccolo_conf.
os.environ.update(
    {
        "HUB_ENV": "test",
        "HUB_DATA_DIR": str(_TMP / "data"),
        "DATABASE_URL": DATABASE_URL,
        "PICCOLO_CONF": "hub.piccolo_conf",
        # The tests drain the outbox themselves (`indexed` fixture), so nothing races them.
        "HUB_WORKER": "external",
        "HUB_SEARCH_BACKEND": "embedded",
    }
)

from starlette.testclient import TestClient  # noqa: E402

from hub import auth  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.enums import Role  # noqa: E402
from hub.settings import Settings  # noqa: E402

SETTINGS = Settings.from_env(os.environ)


async def _recreate_postgres_database() -> None:
    import asyncpg

    name = DATABASE_URL.rsplit("/", 1)[1]
    conn = await asyncpg.connect(_PG_ADMIN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_postgres_database() -> None:
    import asyncpg

    name = DATABASE_URL.rsplit("/", 1)[1]
    conn = await asyncpg.connect(_PG_ADMIN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def pytest_report_header(config: pytest.Config) -> str:
    return f"hub database: {ENGINE} ({DATABASE_URL})"


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    if ENGINE == "postgres":
        try:
            asyncio.run(_recreate_postgres_database())
        except (TimeoutError, OSError) as error:
            pytest.skip(f"PostgreSQL at 127.0.0.1:5432 cannot be reached: {error}")
    from hub import db

    async def run() -> None:
        engine = db.make_engine(SETTINGS)
        db.bind(engine)
        await db.open_engine(engine)
        try:
            await db.migrate()
        finally:
            await db.close_engine(engine)

    with contextlib.redirect_stdout(io.StringIO()):
        asyncio.run(run())
    yield ENGINE
    if ENGINE == "postgres":
        asyncio.run(_drop_postgres_database())


@pytest.fixture(scope="session")
def client(database: str) -> Iterator[TestClient]:
    with TestClient(create_app(SETTINGS)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def run(client: TestClient) -> Callable[..., Any]:
    """Run a coroutine function on the app's event loop (the one its database pool lives on)."""

    def call(fn: Callable[..., Any], *args: Any) -> Any:
        assert client.portal is not None
        return client.portal.call(fn, *args)

    return call


@pytest.fixture(scope="session")
def tokens(run: Callable[..., Any]) -> dict[str, str]:
    return {
        "editor": run(auth.create_token, "test editor", Role.EDITOR),
        "kiosk": run(auth.create_token, "test kiosk", Role.KIOSK),
    }


class GraphQLErrors(AssertionError):
    pass


@pytest.fixture(scope="session")
def gql(client: TestClient, tokens: dict[str, str]) -> Callable[..., Any]:
    """Post an operation as `as_` (None: anonymous, "kiosk", "editor"); return `data`.

    Top-level errors fail the test unless `errors=True`, which returns the whole response.
    """

    def call(
        query: str,
        variables: dict[str, Any] | None = None,
        as_: str | None = None,
        errors: bool = False,
    ) -> Any:
        headers = {"Authorization": f"Bearer {tokens[as_]}"} if as_ else {}
        response = client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body = response.json()
        if errors:
            return body
        if response.status_code != 200 or body.get("errors"):
            raise GraphQLErrors(f"{response.status_code}: {body.get('errors')}")
        return body["data"]

    return call


@pytest.fixture()
def sql_count(client: TestClient) -> Callable[..., contextlib.AbstractContextManager[list[str]]]:
    """`with sql_count() as statements:` records every SQL statement the app runs inside.

    Piccolo's engines have `__slots__`, so the method is patched on the class, recording only
    the statements of the engine the tables are bound to. The response cache is off inside
    unless `response_cache=True`: what is counted is what executing the query takes.
    """
    from hub import tables

    engine = tables.Story._meta.db
    engine_class = type(engine)

    @contextlib.contextmanager
    def counting(response_cache: bool = False) -> Iterator[list[str]]:
        statements: list[str] = []
        original = engine_class.run_querystring

        async def recording(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
            if self is engine:
                statements.append(str(querystring))
            return await original(self, querystring, *args, **kwargs)

        responses = client.app.state.responses  # type: ignore[attr-defined]
        entries = responses.entries
        if not response_cache:
            responses.entries = 0
        engine_class.run_querystring = recording  # type: ignore[method-assign]
        try:
            yield statements
        finally:
            engine_class.run_querystring = original  # type: ignore[method-assign]
            responses.entries = entries

    return counting


@pytest.fixture(scope="session")
def demo(run: Callable[..., Any], database: str) -> Any:
    """The demo content, seeded once per run; returns its summary (slugs per type and status)."""
    from rich.console import Console

    from hub import seed

    run(seed.seed, SETTINGS, Console(file=io.StringIO()))
    return seed.summary()


@pytest.fixture(scope="session")
def worker(client: TestClient) -> Any:
    return client.app.state.worker  # type: ignore[attr-defined]


@pytest.fixture()
def indexed(run: Callable[..., Any], worker: Any, demo: Any) -> Any:
    """The demo content with every pending change applied to the search index."""
    run(worker.drain)
    return demo
