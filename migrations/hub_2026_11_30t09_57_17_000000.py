"""Content version: one row that triggers on every content table bump in the writer's
transaction, so the response cache (`hub.schema.responses`) never serves a page older than the
content, whichever path wrote it (API, admin panel, worker, plain SQL).

The tables are listed here, not read from `hub.tables`, so that this migration stays what it was;
`tests/content/test_versions.py` fails for a table without triggers."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T09:57:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "Content version triggers"

# Every table but the API tokens (read before any cache), the outbox (the worker's queue; search
# results are never cached) and the version itself.
TABLES = (
    "image", "tag", "partner", "artist", "campaign", "campaign_partner", "story", "story_tag",
    "story_image", "artwork", "artwork_tag", "artwork_image", "event", "event_artwork",
    "event_partner", "mentor", "course", "lesson", "course_mentor", "artwork_inquiry",
    "course_application", "mentorship_request",
)  # fmt: skip

# PostgreSQL: a deferred constraint trigger bumps the version once per transaction, at commit.
# At commit a transaction has taken every other row lock it needs, so two writers can only
# queue for the version row, never deadlock over it and another row.
POSTGRES_FUNCTION = """
CREATE FUNCTION hub_bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('hub.content_version_bumped', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('hub.content_version_bumped', 'yes', true);
        UPDATE content_version SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$"""


class RawVersion(Table, tablename="content_version"):
    pass


def _postgres_triggers(table: str) -> list[str]:
    return [
        f"CREATE CONSTRAINT TRIGGER content_version_{table} AFTER INSERT OR UPDATE OR DELETE"
        f" ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        " EXECUTE FUNCTION hub_bump_content_version()",
        # constraint triggers cannot watch TRUNCATE
        f"CREATE TRIGGER content_version_{table}_truncate AFTER TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION hub_bump_content_version()",
    ]


def _sqlite_triggers(table: str) -> list[str]:
    # SQLite has one writer at a time and row triggers only: a bump per row, in the same
    # transaction.
    return [
        f"CREATE TRIGGER content_version_{table}_{op.lower()} AFTER {op} ON {table}"
        " BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END"
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


async def forwards() -> MigrationManager:
    # Piccolo runs raw steps before creating tables: the table is the previous migration's.
    manager = MigrationManager(migration_id=ID, app_name="hub", description=DESCRIPTION)

    async def create_triggers() -> None:
        await RawVersion.raw("INSERT INTO content_version (id, version) VALUES (1, 0)")
        postgres = RawVersion._meta.db.engine_type == "postgres"
        if postgres:
            await RawVersion.raw(POSTGRES_FUNCTION)
        for table in TABLES:
            for sql in _postgres_triggers(table) if postgres else _sqlite_triggers(table):
                await RawVersion.raw(sql)

    async def drop_triggers() -> None:
        postgres = RawVersion._meta.db.engine_type == "postgres"
        for table in TABLES:
            if postgres:
                await RawVersion.raw(f"DROP TRIGGER content_version_{table} ON {table}")
                await RawVersion.raw(f"DROP TRIGGER content_version_{table}_truncate ON {table}")
            else:
                for op in ("insert", "update", "delete"):
                    await RawVersion.raw(f"DROP TRIGGER content_version_{table}_{op}")
        if postgres:
            await RawVersion.raw("DROP FUNCTION hub_bump_content_version()")

    manager.add_raw(create_triggers)
    manager.add_raw_backwards(drop_triggers)
    return manager
