"""API tokens: created once, stored as a SHA-256 hash, resolved to a Viewer per request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from hub import tables
from hub.access import ANONYMOUS, Viewer
from hub.content.entries import now
from hub.enums import Role

TOKEN_PREFIX = "thub_"
# When a token was last used, to the minute: a kiosk asks several times a second, and an UPDATE
# per request cost 0.3 ms and, on SQLite, the database's one write lock.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(name: str, role: Role) -> str:
    """Store a new token's hash and return the token: the only time it is ever seen."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await tables.ApiToken.insert(
        tables.ApiToken(name=name, role=role.value, token_hash=hash_token(token))
    )
    return token


class InvalidToken(Exception):
    """A bearer token was sent but is unknown or revoked: the request must fail, not downgrade."""


async def viewer_from_header(authorization: str | None) -> Viewer:
    if not authorization:
        return ANONYMOUS
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Use `Authorization: Bearer <token>`.")
    token_table = tables.ApiToken
    row = (
        await token_table.select(
            token_table.id, token_table.name, token_table.role, token_table.last_used_at
        )
        .where(token_table.token_hash == hash_token(token.strip()))
        .where(token_table.revoked == False)  # noqa: E712
        .first()
    )
    if row is None:
        raise InvalidToken("This API token is unknown or revoked.")
    used_at = now()
    last_used_at = row["last_used_at"]
    if last_used_at is None or used_at - last_used_at >= LAST_USED_PRECISION:
        await token_table.update({token_table.last_used_at: used_at}).where(
            token_table.id == row["id"]
        )
    return Viewer(role=Role(row["role"]), name=row["name"])
