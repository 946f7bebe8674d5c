"""The committed migrations match the tables, and the wheel ships them."""

from __future__ import annotations

import asyncio
import contextlib
import io

from piccolo.apps.migrations.commands.new import AutoMigrationManager

from hub.piccolo_app import APP_CONFIG


def test_migrations_match_the_tables() -> None:
    async def pending() -> list[str]:
        manager = AutoMigrationManager(auto_input="y")
        alter = await manager.get_alter_statements(app_config=APP_CONFIG)
        return [statement for group in alter for statement in group.statements]

    with contextlib.redirect_stdout(io.StringIO()):
        statements = asyncio.run(pending())
    assert statements == [], (
        "The tables changed without a migration: run "
        "`PICCOLO_CONF=hub.piccolo_conf piccolo migrations new hub --auto` and commit the file.\n"
        + "\n".join(statements)
    )


def test_migrations_are_found_inside_the_hub_package() -> None:
    from pathlib import Path

    from hub import migrations

    folder = Path(APP_CONFIG.resolved_migrations_folder_path)
    assert folder == Path(migrations.__file__).parent
    assert len(list(folder.glob("hub_*.py"))) >= 1
