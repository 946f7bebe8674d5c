"""Content version: the table of one row that the next migration's triggers bump."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-30T09:57:16:755615"
VERSION = "1.38.0"
DESCRIPTION = "Content version"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hub", description=DESCRIPTION)

    manager.add_table(
        class_name="ContentVersion",
        tablename="content_version",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="ContentVersion",
        tablename="content_version",
        column_name="version",
        db_column_name="version",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
