"""Who sees what: the two visibility rules every read path calls."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piccolo.columns.combination import Where
from piccolo.table import Table

from hub.enums import Role, Status
from hub.errors import ErrorCode, HubError


@dataclass(frozen=True)
class Viewer:
    """The caller of a request: anonymous, a kiosk or an editor."""

    role: Role | None = None
    name: str = "anonymous"

    @property
    def is_editor(self) -> bool:
        return self.role is Role.EDITOR


ANONYMOUS = Viewer()
SYSTEM = Viewer(role=Role.EDITOR, name="system")


def visible(table: type[Table], viewer: Viewer) -> Where | None:
    """The condition a row of `table` must meet for `viewer`; None means every row."""
    if viewer.is_editor or not has_status(table):
        return None
    status = table._meta.get_column_by_name("status")
    return status == Status.PUBLISHED.value


def has_status(table: type[Table]) -> bool:
    """Entries have a workflow status; parts of entries (images, lessons) follow their owner."""
    return any(col._meta.name == "status" for col in table._meta.columns)


def is_visible(row: Mapping[str, Any], viewer: Viewer) -> bool:
    return viewer.is_editor or row.get("status") == Status.PUBLISHED.value


def author_visible(story: Mapping[str, Any], viewer: Viewer) -> bool:
    """Whether a story's author may be shown through the API: never for an anonymous story.

    Not even to editors: editor tokens end up in preview sites and scripts. Who wrote an anonymous
    story is kept for the admin panel, behind its own login.
    """
    return not story.get("is_anonymous")


def require_editor(viewer: Viewer) -> None:
    if not viewer.is_editor:
        raise HubError.one(ErrorCode.FORBIDDEN, "Only editors may change content.")
