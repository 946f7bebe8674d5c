"""The hub as a Piccolo app: its tables and where its migrations live."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from hub import migrations
from hub.tables import ALL_TABLES

APP_CONFIG = AppConfig(
    app_name="hub",
    migrations_folder_path=str(Path(migrations.__file__).parent),
    table_classes=list(ALL_TABLES),
    migration_dependencies=[],
    commands=[],
)
