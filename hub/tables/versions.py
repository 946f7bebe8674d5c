"""ContentVersion: one row whose number changes with every committed change to content."""

from __future__ import annotations

from piccolo.columns import BigInt
from piccolo.table import Table


class ContentVersion(
    Table,
    tablename="content_version",
    help_text="Bumped by database triggers on every content table; read by the response cache.",
):
    # One row (id 1), written only by the triggers the migration creates: a change through the
    # API, the admin panel, the worker or plain SQL all bump it in their own transaction.
    version = BigInt(default=0)
