"""Who sees what: the two visibility rules every read path calls."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
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


# Entries that are shown only while an entry they belong to is shown: an artwork's page names
# its artist, so a hidden artist hides her artworks too.
_SHOWN_WITH: dict[str, str] = {"artwork": "artist"}


def has_status(table: type[Table]) -> bool:
    """Entries have a workflow status; parts of entries (images, lessons) follow their owner."""
    return any(col._meta.name == "status" for col in table._meta.columns)


def visibility_paths(table: type[Table]) -> list[str]:
    """The status columns (as join paths from `table`) that must be PUBLISHED for the public."""
    if not has_status(table):
        return []
    paths = ["status"]
    parent = _SHOWN_WITH.get(table._meta.tablename)
    if parent is not None:
        paths.append(f"{parent}.status")
    return paths


def visible(table: type[Table], viewer: Viewer) -> Where | None:
    """The condition a row of `table` must meet for `viewer`; None means every row."""
    return _published(table, table, "", viewer)


def visible_via(link: type[Table], key: str, target: type[Table], viewer: Viewer) -> Where | None:
    """The same rule for `target` rows reached from `link` through its foreign key `key`
    (StoryTag.tag -> Tag): for joins that load related entries in one statement."""
    return _published(link, target, f"{key}.", viewer)


def rule_key(viewer: Viewer) -> Hashable:
    """All that `visible` and `visible_via` read of a viewer. Statements compiled once for a
    key (`hub.content.statements`) serve every viewer with the same key, so a rule that reads
    more of the viewer must put it in the key."""
    return viewer.is_editor


def _published(start: type[Table], table: type[Table], prefix: str, viewer: Viewer) -> Any:
    if viewer.is_editor:
        return None
    rule: Any = None
    for path in visibility_paths(table):
        condition = start._meta.get_column_by_name(prefix + path) == Status.PUBLISHED.value
        rule = condition if rule is None else rule & condition
    return rule


def author_visible(story: Mapping[str, Any], viewer: Viewer) -> bool:
    """Whether a story's author may be shown through the API: never for an anonymous story.

    Not even to editors: editor tokens end up in preview sites and scripts. Who wrote an anonymous
    story is kept for the admin panel, behind its own login.
    """
    return not story.get("is_anonymous")


def require_editor(viewer: Viewer) -> None:
    if not viewer.is_editor:
        raise HubError.one(ErrorCode.FORBIDDEN, "Only editors may change content.")
