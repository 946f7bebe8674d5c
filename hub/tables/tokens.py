"""ApiToken: bearer tokens for editors and kiosks, stored only as a hash."""

from __future__ import annotations

from piccolo.columns import Boolean, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from hub.enums import Role


class ApiToken(Table, help_text="API tokens; the token itself is shown once and never stored."):
    name = Varchar(length=100, help_text="Who or what uses the token.")
    role = Varchar(length=20, choices=Role)
    token_hash = Varchar(length=64, unique=True, index=True, secret=True)
    revoked = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
