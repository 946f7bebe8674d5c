"""Total and facets of a search, for about the same work whatever the index's size.

One pass of rowid arithmetic over the newest COUNTED matching rows gives, per entry, whether it
matched in the query's locale and in which locales natively, summed by (type, tag set); then
each facet is summed without its own filter. Past COUNTED rows, the counts are scaled by how
much of the index those rows span: entry ids grow with time, so the newest matches cover the
newest ids, and the rest is assumed to match as densely (an estimate, like Meilisearch's
estimatedTotalHits). Counting every match instead costs a pass over them all, which grows with
the index: at 100,000 entries it was most of a common word's search time.
"""

from __future__ import annotations

import sqlite3

from hub.search.backend import SearchQuery, SearchResult
from hub.search.embedded.layout import (
    ENTRY,
    LOCALE_CODES,
    LOCALES,
    SERVED,
    TAGSET,
    TAGSET_MAX,
    TYPE,
    TYPE_CODES,
    TYPES,
    chunks,
    marks,
)

COUNTED = 2000  # matching rows counted one by one; past them, counts are estimated


def counts(conn: sqlite3.Connection, query: SearchQuery, every: str) -> tuple[SearchResult, bool]:
    """The total and facets of the rows matching `every` (no hits), and whether every matching
    row was counted (then a total of 0 means that none passes the query's filters)."""
    ok = f"(id >> {SERVED + LOCALE_CODES[query.locale]}) & 1" if query.locale else "1"
    natives = ", ".join(f"MAX((id >> {code}) & 1) AS n{code}" for code in LOCALES)
    sums = ", ".join(f"SUM(n{code})" for code in LOCALES)
    rows = conn.execute(
        f"SELECT t, s, SUM(rows), SUM(ok), MIN(low), {sums} FROM ("
        f" SELECT (id >> {TYPE}) & 15 AS t, (id >> {TAGSET}) & {TAGSET_MAX} AS s,"
        f" COUNT(*) AS rows, MAX({ok}) AS ok, MIN(id) AS low, {natives} FROM ("
        "  SELECT rowid AS id FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        f" ) GROUP BY id >> {TYPE}"
        ") GROUP BY t, s",
        [every, COUNTED + 1],
    ).fetchall()
    scale = 1.0
    complete = sum(row[2] for row in rows) <= COUNTED
    if not complete:
        scale = _scale(conn, min(row[4] for row in rows) >> ENTRY)
    sets = sorted({row[1] for row in rows} - {0})
    tag_sets: dict[int, list[str]] = {0: []}
    for chunk in chunks(sets):
        sql = f"SELECT id, tags FROM tagsets WHERE id IN ({marks(chunk)})"
        tag_sets.update((n, tags.split()) for n, tags in conn.execute(sql, chunk))
    wanted_types = {TYPE_CODES[t] for t in query.types or ()}
    wanted_tags = set(query.tags)
    # summed by codes, enums only at the end: hashing an enum is a Python call, and a common
    # word's rows are hundreds of (type, tag set) pairs
    total = 0.0
    types: dict[int, float] = {}
    tags: dict[str, float] = {}
    locales = [0.0] * len(LOCALES)
    for code, tag_set, _, matched, _, *natives in rows:
        type_ok = not wanted_types or code in wanted_types
        tag_ok = not wanted_tags or not wanted_tags.isdisjoint(tag_sets[tag_set])
        if tag_ok and code in TYPES:
            types[code] = types.get(code, 0) + matched
        for tag in tag_sets[tag_set] if type_ok else ():
            tags[tag] = tags.get(tag, 0) + matched
        if type_ok and tag_ok:
            total += matched
            for locale_code, count in enumerate(natives):
                locales[locale_code] += count
    result = SearchResult(
        hits=[],
        total=round(total * scale),
        types={TYPES[code]: round(n * scale) for code, n in types.items() if n},
        tags={k: round(n * scale) for k, n in sorted(tags.items()) if n},
        locales={LOCALES[code]: round(n * scale) for code, n in enumerate(locales) if n},
    )
    return result, complete


def _scale(conn: sqlite3.Connection, lowest: int) -> float:
    """How many times the entry ids from `lowest` up fit in those of the whole index."""
    # two subqueries, so that each reads one end of the rowid b-tree
    first, last = conn.execute(
        "SELECT (SELECT min(id) FROM docs), (SELECT max(id) FROM docs)"
    ).fetchone()
    first, last = first >> ENTRY, last >> ENTRY
    return max(1.0, (last - first + 1) / max(1, last - lowest + 1))
