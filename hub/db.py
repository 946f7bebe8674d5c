"""Database engines: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from hub.settings import Settings
from hub.tables import ALL_TABLES


def make_engine(settings: Settings) -> Engine:
    if settings.is_postgres:
        return PostgresEngine(config=settings.postgres_config(), log_queries=settings.sql_echo)
    path = settings.sqlite_path
    path.parent.mkdir(parents=True, exist_ok=True)
    # timeout: writers wait for the lock instead of failing at once under concurrent requests.
    return SQLiteEngine(path=str(path), timeout=30, log_queries=settings.sql_echo)


def bind(engine: Engine) -> None:
    """Point every table at `engine`, so that create_app(settings) decides, not piccolo_conf."""
    for table in ALL_TABLES:
        table._meta.db = engine


async def open_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10)
    elif isinstance(engine, SQLiteEngine):
        # WAL lets kiosks read while an editor writes; the mode is stored in the file itself.
        await engine.run_ddl("PRAGMA journal_mode=WAL")


async def close_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


async def migrate() -> None:
    """Apply Piccolo migrations to the database that PICCOLO_CONF (hub.piccolo_conf) names."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards("hub")
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}")
