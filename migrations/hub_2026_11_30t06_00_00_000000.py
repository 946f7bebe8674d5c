"""Story list indexes: the newest-first page and its count read an index, not every story."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Story list indexes"

WARNINGS = (
    "warns_early_marriage, warns_domestic_violence, warns_sexual_violence, "
    "warns_self_harm, warns_discrimination, warns_graphic_imagery"
)


class RawStory(Table, tablename="story"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="hub", description=DESCRIPTION)

    async def create() -> None:
        # Newest first among published stories: read 20 index entries instead of sorting all.
        await RawStory.raw(
            "CREATE INDEX story_listing ON story (status, published_at, created_at, id)"
        )
        # Counts with any content-warning filter, answered from the index alone.
        await RawStory.raw(f"CREATE INDEX story_status_warnings ON story (status, {WARNINGS})")

    async def drop() -> None:
        await RawStory.raw("DROP INDEX story_listing")
        await RawStory.raw("DROP INDEX story_status_warnings")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
