"""A page of hits: the plan's buckets read best first, then highlights from the original texts.

A bucket of up to RANKED_ROWS rows puts the shortest matching field first (what bm25's length
normalisation does, and bm25 itself reads a row per match), a larger one the newest entries.
Each bucket is one FTS5 query with a LIMIT, so a page costs about the same however much matches.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from hub.enums import Locale
from hub.search.backend import Highlight, Hit, SearchQuery
from hub.search.embedded.layout import ENTRY, FIELDS, LOCALES, SERVED, SIZE_MAX, TYPE, TYPES, marks
from hub.search.embedded.planning import Plan
from hub.search.text import Matcher, mark, snippet

RANKED_ROWS = 300  # a bucket this small is ordered by relevance, a larger one newest first


def page(
    conn: sqlite3.Connection, query: SearchQuery, plan: Plan, where: str, params: list[Any]
) -> list[tuple[int, float]]:
    """(rowid, score) of the best row of each entry on the page, best first.

    Buckets are read best first, each to the end unless the page fills up in it; a bucket
    repeats the rows of the better ones, whose entries are then already placed."""
    if query.limit <= 0:
        return []
    need = max(query.offset, 0) + query.limit
    found: dict[int, tuple[int, float]] = {}  # by entry, in rank order
    read = 0  # rows of the buckets read so far: the most a bucket can repeat
    newest = f"SELECT rowid FROM fts WHERE fts MATCH ? AND {where} ORDER BY rowid DESC LIMIT ?"
    for number, (bucket, field) in enumerate(plan.buckets):
        if len(found) >= need:
            break
        score = float(len(plan.buckets) - number)
        # enough rows for the entries still needed (an entry has three at most), or all
        want = max(RANKED_ROWS + 1, 3 * (need - len(found)) + read)
        rows = [rowid for (rowid,) in conn.execute(newest, [bucket, *params, want])]
        read += len(rows)
        if 1 < len(rows) <= RANKED_ROWS:  # the whole bucket: the shortest matching field first
            rows = _by_length(conn, rows, field)
        for position, rowid in enumerate(rows):
            found.setdefault(rowid >> TYPE, (rowid, score - position / (len(rows) + 1)))
    return list(found.values())[max(query.offset, 0) : need]


def _by_length(conn: sqlite3.Connection, rows: list[int], field: int) -> list[int]:
    """Rows by the length of their matching field (a title that is just the name searched for
    before a title that mentions it, as bm25 would), newest first among equals."""
    sql = f"SELECT id, (sizes >> {20 * field}) & {SIZE_MAX} FROM docs WHERE id IN ({marks(rows)})"
    sizes = dict(conn.execute(sql, rows))
    return sorted(rows, key=lambda rowid: (sizes.get(rowid, 0), -rowid))


def hits(
    conn: sqlite3.Connection, query: SearchQuery, page: list[tuple[int, float]], matcher: Matcher
) -> list[Hit]:
    """The page's hits, each with its matched words marked in the original texts."""
    if not page:
        return []
    sql = f"SELECT id, title, subtitle, body FROM docs WHERE id IN ({marks(page)})"
    texts = {row[0]: row[1:] for row in conn.execute(sql, [rowid for rowid, _ in page])}
    found = []
    for rowid, score in page:
        highlights = []
        for field, text in zip(FIELDS, texts[rowid], strict=True):
            if shown := (snippet if field == "body" else mark)(text, matcher):
                highlights.append(Highlight(field=field, snippet=shown))
        found.append(
            Hit(
                type=TYPES[(rowid >> TYPE) & 15],
                entry_id=rowid >> ENTRY,
                locale=query.locale or _shown_locale(rowid),
                score=score,
                highlights=tuple(highlights),
            )
        )
    return found


def _shown_locale(rowid: int) -> Locale:
    """The locale a row is best shown in: its first native one, else the first it serves."""
    for shift in (0, SERVED):
        for code, locale in LOCALES.items():
            if (rowid >> (shift + code)) & 1:
                return locale
    raise AssertionError(f"row {rowid} serves no locale")
