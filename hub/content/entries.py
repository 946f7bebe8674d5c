"""Writes every content type shares: create, update, delete, each in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Literal

from asyncpg.exceptions import ForeignKeyViolationError, UniqueViolationError
from piccolo.table import Table

from hub import outbox
from hub.access import Viewer, require_editor
from hub.content import richtext
from hub.content.lookups import Relation, Row
from hub.enums import Locale, Status
from hub.errors import ErrorCode, HubError, Problem
from hub.i18n import LOCALES, SLUG_RE, column, slugify

# What each engine raises when a constraint refuses a write; told apart by `violates`.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, UniqueViolationError, ForeignKeyViolationError)
_SQLITE_MESSAGES = {"unique": "UNIQUE constraint failed", "foreign_key": "FOREIGN KEY constraint"}
_POSTGRES_ERRORS = {"unique": UniqueViolationError, "foreign_key": ForeignKeyViolationError}


def violates(error: Exception, constraint: Literal["unique", "foreign_key"]) -> bool:
    """Whether an integrity error is of this kind, on SQLite (by message) or PostgreSQL."""
    if isinstance(error, sqlite3.IntegrityError):
        return _SQLITE_MESSAGES[constraint] in str(error)
    return isinstance(error, _POSTGRES_ERRORS[constraint])


def now() -> datetime:
    return datetime.now(UTC)


# ---- writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A foreign key given by id in an input, e.g. `author_id` -> Story.author."""

    column: str
    table: type[Table]
    label: str


# prepare(data, values, existing) pops the type's own keys from `data` into `values`.
Prepare = Callable[[dict[str, Any], dict[str, Any], Row | None], list[Problem]]
# after_write(entry_id, children, locale) writes child rows (a course's lessons) inside the entry's
# transaction: `children` holds the given input keys named in `EntrySpec.children`, as `prepare`
# left them (checked). A HubError it raises rolls the whole write back.
AfterWrite = Callable[[int, dict[str, Any], Locale], Awaitable[None]]


def _no_prepare(
    data: dict[str, Any], values: dict[str, Any], existing: Row | None
) -> list[Problem]:
    return []


@dataclass(frozen=True)
class EntrySpec:
    table: type[Table]
    label: str
    title: str
    translated: tuple[str, ...]
    rich: tuple[str, ...] = ()
    references: Mapping[str, Reference] = field(default_factory=dict)
    relations: Mapping[str, Relation] = field(default_factory=dict)
    prepare: Prepare = _no_prepare
    title_max: int = 200
    children: tuple[str, ...] = ()
    after_write: AfterWrite | None = None


def _stored(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_stored(v) for v in value]
    return value


async def _unique_slug(spec: EntrySpec, wanted: str, explicit: bool, own_id: int | None) -> str:
    slug_col = spec.table._meta.get_column_by_name("slug")
    base = wanted or spec.label
    candidate, n = base, 1
    while True:
        query = spec.table.exists().where(slug_col == candidate)
        if own_id is not None:
            query = query.where(spec.table._meta.primary_key != own_id)
        if not await query:
            return candidate
        if explicit:
            raise HubError.one(
                ErrorCode.DUPLICATE,
                f"Another {spec.label} already has the slug {candidate!r}.",
                "slug",
            )
        n += 1
        candidate = f"{base[:110]}-{n}"


async def _resolve_relation(key: str, relation: Relation, wanted: list[Any]) -> list[int] | Problem:
    if not wanted:
        return []
    col = relation.table._meta.get_column_by_name(relation.key)
    rows = await relation.table.select(relation.table._meta.primary_key, col).where(
        col.is_in(wanted)
    )
    found = {row[relation.key]: row["id"] for row in rows}
    missing = [str(v) for v in wanted if v not in found]
    if missing:
        return Problem(
            ErrorCode.NOT_FOUND, f"Unknown {relation.key}(s): {', '.join(missing)}.", key
        )
    return list(dict.fromkeys(found[v] for v in wanted))


async def _build(
    spec: EntrySpec, data: dict[str, Any], locale: Locale, existing: Row | None
) -> tuple[dict[str, Any], dict[str, list[int]], dict[str, Any]]:
    """Turn an input into column values, relation ids and child data, or raise every problem."""
    data = dict(data)
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    for name in spec.translated:
        if name not in data:
            continue
        text = (data.pop(name) or "").strip()
        if name in spec.rich:
            text = richtext.sanitise(text)
        values[column(name, locale)] = text
    title_col = column(spec.title, locale)
    title = values.get(title_col)
    if existing is None and not title:
        problems.append(Problem(ErrorCode.REQUIRED, f"A {spec.title} is required.", spec.title))
    elif title_col in values and not title:
        has_other = any(
            existing and existing.get(column(spec.title, o)) for o in LOCALES if o != locale
        )
        if not has_other:
            problems.append(Problem(ErrorCode.REQUIRED, f"A {spec.title} is required.", spec.title))
    elif title and len(title) > spec.title_max:
        problems.append(
            Problem(
                ErrorCode.TOO_LONG,
                f"Keep the {spec.title} under {spec.title_max} characters.",
                spec.title,
            )
        )

    slug = data.pop("slug", None)
    if slug is not None:
        slug = slug.strip()
        if slug and not SLUG_RE.match(slug):
            problems.append(
                Problem(
                    ErrorCode.INVALID,
                    "A slug has lowercase letters, digits and single hyphens.",
                    "slug",
                )
            )
        elif existing and existing["published_at"] and slug and slug != existing["slug"]:
            problems.append(
                Problem(
                    ErrorCode.INVALID,
                    "The slug of a published entry cannot change: links use it.",
                    "slug",
                )
            )

    for key, ref in spec.references.items():
        if key not in data:
            continue
        ref_id = data.pop(key)
        if ref_id is not None and not await ref.table.exists().where(
            ref.table._meta.primary_key == ref_id
        ):
            problems.append(Problem(ErrorCode.NOT_FOUND, f"No {ref.label} with this id.", key))
        values[ref.column] = ref_id

    relation_ids: dict[str, list[int]] = {}
    for key, relation in spec.relations.items():
        if key not in data:
            continue
        resolved = await _resolve_relation(key, relation, list(data.pop(key) or []))
        if isinstance(resolved, Problem):
            problems.append(resolved)
        else:
            relation_ids[key] = resolved

    status = data.pop("status", None)
    if status is not None:
        values["status"] = status.value
        if status is Status.PUBLISHED:
            values["scheduled_at"] = None  # published by hand or by the worker: nothing pending
            if not (existing and existing["published_at"]):
                values["published_at"] = now()

    problems.extend(spec.prepare(data, values, existing))
    children = {key: data.pop(key) for key in spec.children if key in data}
    reported = {p.field for p in problems}
    problems.extend(p for p in _nulls_refused(spec.table, data) if p.field not in reported)
    values.update({key: _stored(value) for key, value in data.items()})
    if problems:
        raise HubError(problems)

    if slug or existing is None:
        wanted = slug or slugify(title or "")
        values["slug"] = await _unique_slug(
            spec, wanted, bool(slug), existing["id"] if existing else None
        )
    return values, relation_ids, children


def _nulls_refused(table: type[Table], data: dict[str, Any]) -> list[Problem]:
    """An explicit null for a column that cannot hold one is the caller's mistake, not a 500."""
    problems = []
    for key, value in data.items():
        col = next((c for c in table._meta.columns if c._meta.name == key), None)
        if value is None and col is not None and not col._meta.null:
            problems.append(Problem(ErrorCode.REQUIRED, f"`{key}` cannot be null.", key))
    return problems


async def _write_relations(
    spec: EntrySpec, entry_id: int, relation_ids: dict[str, list[int]]
) -> None:
    for key, ids in relation_ids.items():
        relation = spec.relations[key]
        join = relation.join
        owner = join._meta.get_column_by_name(relation.owner)
        await join.delete().where(owner == entry_id)
        if ids:
            rows = []
            for position, target_id in enumerate(ids):
                link = {relation.owner: entry_id, relation.target: target_id}
                if relation.ordered:
                    link["position"] = position
                rows.append(join(**link))
            await join.insert(*rows)


async def get_for_edit(spec: EntrySpec, viewer: Viewer, entry_id: int) -> Row:
    require_editor(viewer)
    row = await spec.table.select().where(spec.table._meta.primary_key == entry_id).first()
    if row is None:
        raise HubError.one(ErrorCode.NOT_FOUND, f"No {spec.label} with this id.", "id")
    return row


async def create(spec: EntrySpec, viewer: Viewer, data: dict[str, Any], locale: Locale) -> Row:
    require_editor(viewer)
    values, relation_ids, children = await _build(spec, data, locale, None)
    table = spec.table
    try:
        async with table._meta.db.transaction():
            inserted = await table.insert(table(**values)).returning(table._meta.primary_key)
            entry_id = inserted[0]["id"]
            await _write_relations(spec, entry_id, relation_ids)
            if spec.after_write is not None and children:
                await spec.after_write(entry_id, children, locale)
            await outbox.record(spec.label, entry_id)
    except INTEGRITY_ERRORS as error:
        if not violates(error, "unique"):
            raise
        # Two editors raced for the same slug: the unique index, not the pre-check, decides.
        raise HubError.one(
            ErrorCode.DUPLICATE, f"Another {spec.label} has this slug.", "slug"
        ) from None
    return await get_for_edit(spec, viewer, entry_id)


async def update(
    spec: EntrySpec, viewer: Viewer, entry_id: int, data: dict[str, Any], locale: Locale
) -> Row:
    existing = await get_for_edit(spec, viewer, entry_id)
    values, relation_ids, children = await _build(spec, data, locale, existing)
    values["updated_at"] = now()
    table = spec.table
    try:
        async with table._meta.db.transaction():
            await table.update(values).where(table._meta.primary_key == entry_id)
            await _write_relations(spec, entry_id, relation_ids)
            if spec.after_write is not None and children:
                await spec.after_write(entry_id, children, locale)
            await outbox.record(spec.label, entry_id)
    except INTEGRITY_ERRORS as error:
        if not violates(error, "unique"):
            raise
        raise HubError.one(
            ErrorCode.DUPLICATE, f"Another {spec.label} has this slug.", "slug"
        ) from None
    return await get_for_edit(spec, viewer, entry_id)


async def delete(spec: EntrySpec, viewer: Viewer, entry_id: int) -> Row:
    existing = await get_for_edit(spec, viewer, entry_id)
    try:
        async with spec.table._meta.db.transaction():
            await spec.table.delete().where(spec.table._meta.primary_key == entry_id)
            await outbox.record(spec.label, entry_id)
    except INTEGRITY_ERRORS as error:
        if not violates(error, "foreign_key"):
            raise
        raise HubError.one(
            ErrorCode.IN_USE,
            f"This {spec.label} is still used by other entries: detach it first.",
            "id",
        ) from None
    return existing


async def set_status(spec: EntrySpec, viewer: Viewer, entry_id: int, status: Status) -> Row:
    data: dict[str, Any] = {"status": status}
    if status is Status.DRAFT:
        data["scheduled_at"] = None  # unpublishing also calls off a planned publication
    return await update(spec, viewer, entry_id, data, Locale.TG)
