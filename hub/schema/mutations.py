"""Create, update, delete and workflow steps for any entry: inputs in, rows and errors out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry import relay

from hub.content import entries
from hub.content.entries import EntrySpec
from hub.content.lookups import Row
from hub.enums import Status
from hub.schema.context import Info
from hub.schema.errors import FieldError, attempt
from hub.schema.ids import decode
from hub.schema.inputs import locale_of, provided

Result = tuple[Row | None, list[FieldError]]


async def create(info: Info, spec: EntrySpec, input: Any, id_types: Mapping[str, str]) -> Result:
    async def run() -> Row:
        data = provided(input, id_types)
        return await entries.create(spec, info.context.viewer, data, locale_of(input))

    return await attempt(run())


async def update(
    info: Info, spec: EntrySpec, type_name: str, input: Any, id_types: Mapping[str, str]
) -> Result:
    async def run() -> Row:
        entry_id = decode(input.id, type_name, "id")
        data = provided(input, id_types)
        return await entries.update(spec, info.context.viewer, entry_id, data, locale_of(input))

    return await attempt(run())


async def delete(info: Info, spec: EntrySpec, type_name: str, global_id: relay.GlobalID) -> Result:
    async def run() -> Row:
        return await entries.delete(spec, info.context.viewer, decode(global_id, type_name, "id"))

    return await attempt(run())


async def set_status(
    info: Info, spec: EntrySpec, type_name: str, global_id: relay.GlobalID, status: Status
) -> Result:
    async def run() -> Row:
        entry_id = decode(global_id, type_name, "id")
        return await entries.set_status(spec, info.context.viewer, entry_id, status)

    return await attempt(run())
