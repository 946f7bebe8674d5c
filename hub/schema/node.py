"""`node(id:)`: any entry by its Relay global id, with the same visibility as everywhere else."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from hub.schema.context import Info


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any entry by its global id; null if unknown or not visible.")
    async def node(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The entry's global id.")],
    ) -> relay.Node | None:
        # Not relay.node(): it binds its resolver to the field on the first schema build, so a
        # second build_schema() in one process (tests, export-schema) would fail.
        type_def = info.schema.get_type_by_name(id.type_name)
        if (
            not isinstance(type_def, StrawberryObjectDefinition)
            or type_def.is_interface
            or not issubclass(type_def.origin, relay.Node)
        ):
            return None
        return await id.resolve_node(info, required=False)
