"""What a query asks of FTS5: the expression every match meets, the ranking buckets, filters.

A query word matches its key, its typo candidates and, typed last or followed by `*`, every key
it starts. Ranking is by buckets, like Meilisearch's rules: no typo before typo, then title
before subtitle before body, then the exact word before longer ones it starts.

FTS5 is asked only for what `detail=column` keeps: keys, prefixes, ANDs, ORs and column
filters; never phrases, NEAR or bm25, which need positions.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from hub.search.backend import SearchQuery
from hub.search.embedded.layout import (
    FIELDS,
    LOCALE_CODES,
    SERVED,
    TAGSET,
    TAGSET_MAX,
    TYPE,
    TYPE_CODES,
    marks,
    quote,
)
from hub.search.text import Matcher, QueryWord


class Plan:
    """The FTS5 expressions of a query: every match, and the ranking buckets, best first."""

    def __init__(self, words: list[QueryWord], typos: dict[str, list[str]]) -> None:
        exact = [[quote(w.key)] for w in words]
        prefix = [[quote(w.key), *(f"{quote(p)} *" for p in w.prefixes)] for w in words]
        every = [
            [*alts, *map(quote, typos.get(w.key, ()))]
            for alts, w in zip(prefix, words, strict=True)
        ]
        self.every = _all(every)
        no_typo = [exact] if prefix == exact else [exact, prefix]
        # (expression, field): the field where the bucket's words are, by its index in FIELDS
        self.buckets = [
            (_all(level) + (f" AND {_any(level, FIELDS[field])}" if field < 2 else ""), field)
            for field in range(3)
            for level in no_typo
        ]
        if every != prefix:
            self.buckets += [
                (self.every + (f" AND {_any(every, FIELDS[field])}" if field < 2 else ""), field)
                for field in range(3)
            ]
        self.matcher = Matcher(
            frozenset(k for w in words for k in (w.key, *typos.get(w.key, ()))),
            tuple(p for w in words for p in w.prefixes),
        )


def _all(level: list[list[str]]) -> str:
    return " AND ".join("(" + " OR ".join(alts) + ")" for alts in level)


def _any(level: list[list[str]], column: str) -> str:
    return "{" + column + "} : (" + " OR ".join(a for alts in level for a in alts) + ")"


def filters(conn: sqlite3.Connection, query: SearchQuery) -> tuple[str, list[Any]]:
    """SQL over `rowid` for the query's types, locale and tags."""
    clauses, params = ["1"], []
    if query.types:
        codes = sorted(TYPE_CODES[t] for t in query.types)
        clauses.append(f"((rowid >> {TYPE}) & 15) IN ({marks(codes)})")
        params += codes
    if query.locale:
        clauses.append(f"(rowid >> {SERVED + LOCALE_CODES[query.locale]}) & 1")
    if query.tags:
        sql = f"SELECT tagset FROM tagset_tags WHERE tag IN ({marks(query.tags)})"
        sets = sorted({n for (n,) in conn.execute(sql, list(query.tags))}) or [-1]
        clauses.append(f"((rowid >> {TAGSET}) & {TAGSET_MAX}) IN ({marks(sets)})")
        params += sets
    return " AND ".join(clauses), params
