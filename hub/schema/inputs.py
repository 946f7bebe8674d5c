"""Mutation inputs to plain data for hub.content: only the fields given, ids decoded."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import strawberry
from strawberry import relay

from hub.enums import Locale
from hub.schema import ids

DEFAULT_LOCALE = Locale.TG


def provided(obj: Any, id_types: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Fields of a strawberry input that the caller gave, with global ids turned into ints.

    `id_types` maps an input field to the GraphQL type its ids must name ("author_id": "Artist").
    The entry's own `id` and `locale` are not content fields and are left out.
    """
    id_types = id_types or {}
    data: dict[str, Any] = {}
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if value is strawberry.UNSET or field.name in ("id", "locale"):
            continue
        if field.name in id_types and value is not None:
            type_name = id_types[field.name]
            if isinstance(value, list):
                value = ids.decode_many(value, type_name, field.name)
            else:
                value = ids.decode(value, type_name, field.name)
        else:
            value = _plain(value)
        data[field.name] = value
    return data


def _plain(value: Any) -> Any:
    """Nested inputs (a money amount, a list of links) as dicts, which hub.content expects."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def locale_of(obj: Any) -> Locale:
    locale = getattr(obj, "locale", None)
    return locale if isinstance(locale, Locale) else DEFAULT_LOCALE


@strawberry.input(description="Identifies the entry to delete or move through the workflow.")
class IdInput:
    id: relay.GlobalID = strawberry.field(description="The entry's global id.")
