"""The `hub` command: serve, migrate, seed, demo, worker, reindex, search-status, schema, tokens."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from hub.enums import Role
from hub.settings import Settings, SettingsError

T = TypeVar("T")
app = typer.Typer(help="TajikHeritage content hub.", no_args_is_help=True, add_completion=False)
token_app = typer.Typer(help="API tokens for editors and kiosks.", no_args_is_help=True)
app.add_typer(token_app, name="token")
console = Console(stderr=True)


def _settings(**overrides: str) -> Settings:
    env = {**os.environ, **overrides}
    # Piccolo's migration tools find the database through this module.
    os.environ.setdefault("PICCOLO_CONF", "hub.piccolo_conf")
    try:
        return Settings.from_env(env)
    except SettingsError as error:
        console.print(f"[red]Configuration error:[/red] {error}")
        raise typer.Exit(2) from None


async def _with_engine(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    from hub import db

    engine = db.make_engine(settings)
    db.bind(engine)
    await db.open_engine(engine)
    try:
        return await work()
    finally:
        await db.close_engine(engine)


def _migrate(settings: Settings) -> None:
    from hub import db

    # Piccolo prints each step; the spinner says the same thing once.
    with _spinner("Applying migrations"), contextlib.redirect_stdout(io.StringIO()):
        asyncio.run(_with_engine(settings, db.migrate))
    console.print(f"Database ready: {_describe(settings)}")


def _describe(settings: Settings) -> str:
    if settings.is_postgres:
        config = settings.postgres_config()
        return f"PostgreSQL {config['host']}:{config['port']}/{config['database']}"
    return f"SQLite {settings.sqlite_path}"


@contextlib.contextmanager
def _spinner(label: str):  # type: ignore[no-untyped-def]
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        progress.add_task(label, total=None)
        yield


@app.command()
def migrate() -> None:
    """Create or upgrade the database tables."""
    _migrate(_settings())


@app.command()
def seed() -> None:
    """Load the deterministic demo content (idempotent: skipped if already there)."""
    settings = _settings()
    from hub import seed as demo

    created = asyncio.run(_with_engine(settings, lambda: demo.seed(settings, console)))
    console.print("Demo content loaded." if created else "Demo content already present.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the GraphQL API with uvicorn."""
    _serve(_settings(), host, port)


def _serve(settings: Settings, host: str | None, port: int | None) -> None:
    import uvicorn

    from hub.app import create_app

    host, port = host or settings.host, port or settings.port
    ide = " (GraphiQL in the browser)" if settings.development else ""
    console.print(f"GraphQL API at http://{host}:{port}/graphql{ide}")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def demo(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Migrate, load the demo content and serve, in development mode: the one command to try it."""
    settings = _settings(HUB_ENV=os.environ.get("HUB_ENV", "development"))
    _migrate(settings)
    from hub import seed as demo_content

    asyncio.run(_with_engine(settings, lambda: demo_content.seed(settings, console)))
    _serve(settings, host, port)


async def _with_worker(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    from hub.search.backends import make_backend
    from hub.worker import Worker

    backend = make_backend(settings)
    worker = Worker(backend, settings)

    async def run() -> T:
        if not await worker.open_backend():
            console.print(f"[red]The {backend.name} search backend cannot be reached.[/red]")
            raise typer.Exit(1)
        try:
            return await work(worker)
        finally:
            await backend.close()

    return await _with_engine(settings, run)


@app.command("worker")
def run_worker() -> None:
    """Drain the outbox into the search index until stopped (use with HUB_WORKER=external)."""
    settings = _settings()
    console.print(f"Worker running against the {settings.search_backend} search backend.")

    async def forever(worker: Any) -> None:
        await worker.run_forever(asyncio.Event())

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_with_worker(settings, forever))


@app.command()
def reindex() -> None:
    """Rebuild the search index from the database."""
    settings = _settings()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("Indexing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        async def rebuild(worker: Any) -> int:
            return int(await worker.reindex(advance))

        total = asyncio.run(_with_worker(settings, rebuild))
    backend = settings.search_backend
    console.print(
        f"Rebuilt the {backend} index from {total} entries; the published are searchable."
    )


@app.command("search-status")
def search_status() -> None:
    """Show the search index's size and how far it lags behind the database."""
    settings = _settings()

    async def status(worker: Any) -> tuple[Any, Any, int]:
        from hub import outbox
        from hub.access import ANONYMOUS, visible
        from hub.search.documents import TABLES

        published = 0
        for table in TABLES.values():
            rule = visible(table, ANONYMOUS)
            published += await (table.count().where(rule) if rule is not None else table.count())
        return await worker.backend.stats(), await outbox.lag(), published

    stats, lag, published = asyncio.run(_with_worker(settings, status))
    table = Table(show_header=False)
    table.add_row("backend", settings.search_backend)
    table.add_row("entries indexed", str(stats.entries))
    table.add_row("documents (entry x locale)", str(stats.documents))
    table.add_row("published entries in the database", str(published))
    table.add_row("changes waiting in the outbox", str(lag.pending))
    if lag.oldest is not None:
        age = (datetime.now(UTC) - lag.oldest).total_seconds()
        table.add_row("oldest waiting change", f"{age:.1f} s ago")
    table.add_row("changes failing, retried with back-off", str(lag.failing))
    Console().print(table)


@app.command("export-schema")
def export_schema(
    path: Annotated[Path, typer.Argument(help="Where to write the SDL.")] = Path("schema.graphql"),
) -> None:
    """Write the GraphQL schema (SDL) to a file."""
    from hub.schema import build_schema

    path.write_text(build_schema(Settings()).as_str() + "\n", encoding="utf-8")
    console.print(f"Schema written to {path}")


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="editor: read drafts and write; kiosk: read only.")],
    name: Annotated[str, typer.Option(help="Who or what will use the token.")],
) -> None:
    """Create an API token; it is printed once, alone on the last line."""
    from hub import auth

    settings = _settings()
    token = asyncio.run(_with_engine(settings, lambda: auth.create_token(name, role)))
    console.print(f"Token for {name!r} ({role.value}); store it now, it is not shown again:")
    typer.echo(token)


def main() -> None:
    app()
