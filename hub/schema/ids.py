"""Global IDs in inputs: decoded here, checked against the type the field expects."""

from __future__ import annotations

from strawberry import relay

from hub.errors import ErrorCode, HubError


def decode(global_id: relay.GlobalID, type_name: str, field: str) -> int:
    if global_id.type_name != type_name or not global_id.node_id.isdigit():
        raise HubError.one(ErrorCode.INVALID, f"`{field}` must be the id of a {type_name}.", field)
    return int(global_id.node_id)


def decode_many(global_ids: list[relay.GlobalID], type_name: str, field: str) -> list[int]:
    return [decode(g, type_name, field) for g in global_ids]
