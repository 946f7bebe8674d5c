"""The embedded search backend: SQLite FTS5 over folded words, in its own file, no server.

Why its own SQLite file (`settings.search_path`), whatever the content database:
- the same engine, the same folding and the same ranking on SQLite and on PostgreSQL
  deployments, so relevance is tested once; PostgreSQL's full-text search would rank, stem and
  forgive typos differently (and not at all for Tajik, which it has no dictionary for);
- FTS5 is compiled into every Python's sqlite3, so the default needs no server and no extension;
- the index is derived data that `hub reindex` rebuilds, so it needs no backup or migration;
  a deployment that outgrows one machine switches to Meilisearch (same interface).

Design:
- Every word is indexed as its key from `hub.search.text` (Tajik letters folded, Cyrillic and
  Latin spellings meeting) in the FTS5 columns title, subtitle and body; the original texts sit
  in `docs` for highlights. A document's rowid packs what filters and facets need, so they
  never read a row: (type code << 36) | (entry id << 3) | (native << 2) | locale code. An
  entry's documents are the rowids base..base+7, which `replace` deletes and rewrites.
- A query word matches its key, its typo candidates (from `typos`, a symmetric-deletion index
  of every indexed key: two keys within distance d share a string made by at most d deletions
  from each, so candidates are a few indexed lookups, checked with the true distance), and, for
  the last word or one followed by `*`, every key starting with it. Words are ANDed; when no
  document has them all, words are dropped from the end until some match (Meilisearch's
  "last" strategy), so one mistyped word does not empty the kiosk's screen.
- Rank: a cost per word (exact 0, completion of a prefix 1, typo 2) before FTS5's bm25 with
  column weights (title 10, subtitle 4, body 1): exact before typo, title before body. Without
  a locale, an entry counts once, by its best document (its native one on a tie).
- Calls run in worker threads (asyncio.to_thread), each with a pooled connection; the file is in
  WAL mode, so searches read while the worker writes, and a `replace` is one transaction.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from hub.enums import ContentType, Locale
from hub.search.backend import (
    Document,
    Highlight,
    Hit,
    IndexStats,
    SearchQuery,
    SearchResult,
)
from hub.search.text import (
    FOLD_VERSION,
    PLACEHOLDER,
    Matcher,
    QueryWord,
    deletions,
    distance,
    fold,
    mark,
    parse_query,
    snippet,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# Stable codes stored in rowids: never renumber, only add.
TYPE_CODES: dict[ContentType, int] = {
    ContentType.STORY: 1,
    ContentType.ARTIST: 2,
    ContentType.ARTWORK: 3,
    ContentType.COURSE: 4,
    ContentType.MENTOR: 5,
    ContentType.CAMPAIGN: 6,
    ContentType.EVENT: 7,
}
LOCALE_CODES: dict[Locale, int] = {Locale.TG: 0, Locale.RU: 1, Locale.EN: 2}
_TYPES = {code: t for t, code in TYPE_CODES.items()}
_LOCALES = {code: locale for locale, code in LOCALE_CODES.items()}
_TYPE_SHIFT = 36
_MAX_ENTRY_ID = (1 << (_TYPE_SHIFT - 3)) - 1
FIELDS = ("title", "subtitle", "body")
WEIGHTS = "10.0, 4.0, 1.0"  # bm25 weights of FIELDS
COST = 1000.0  # one unit of word cost outweighs any bm25 difference
MAX_TYPO_TERMS = 12  # typo candidates kept per query word, nearest first
MAX_TYPO_KEY = 32  # longer keys get no typo index entries
SCHEMA_VERSION = f"1.{FOLD_VERSION}"
_CHUNK = 500  # parameters per IN (...) list

_TABLES = ("fts", "docs", "doc_tags", "vocab", "typos")
_META = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, subtitle, body,"
    " tokenize='ascii', detail='column', prefix='2 3')",
    "CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
    " subtitle TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS doc_tags(doc INTEGER NOT NULL, tag TEXT NOT NULL,"
    " PRIMARY KEY (doc, tag)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS vocab(term TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS typos(key TEXT NOT NULL, term TEXT NOT NULL,"
    " PRIMARY KEY (key, term)) WITHOUT ROWID",
)


class EmbeddedSearch:
    """The default backend: an FTS5 index in one SQLite file at `path`."""

    name = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    # -- the protocol ------------------------------------------------------------------------

    async def open(self) -> None:
        missing = [t.value for t in ContentType if t not in TYPE_CODES]
        if missing:
            raise RuntimeError(f"content types {missing} have no code: add them to TYPE_CODES")
        await self._run(_open, self.path)

    async def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    async def replace(self, changes: Mapping[str, list[Document]]) -> None:
        rows = _rows(changes)  # validated before the transaction starts
        if changes:
            await self._run(_replace, [_entry_base(key) for key in changes], rows)

    async def clear(self) -> None:
        await self._run(_clear)

    async def search(self, query: SearchQuery) -> SearchResult:
        words = parse_query(query.text)
        if not words:  # nothing to look for: answer at once, without touching the file
            return SearchResult(hits=[], total=0)
        return await self._run(_search, query, words)

    async def stats(self) -> IndexStats:
        sql = "SELECT COUNT(*), COUNT(DISTINCT id >> 3) FROM docs"
        documents, entries = await self._run(lambda conn: conn.execute(sql).fetchone())
        return IndexStats(documents=documents, entries=entries)

    async def entry_keys(self) -> set[str]:
        rows = await self._run(lambda c: c.execute("SELECT DISTINCT id >> 3 FROM docs").fetchall())
        mask = _MAX_ENTRY_ID
        return {f"{_TYPES[e >> (_TYPE_SHIFT - 3)].value}:{e & mask}" for (e,) in rows}

    # -- connections -------------------------------------------------------------------------

    async def _run(self, call: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(self._call, call, *args)

    def _call(self, call: Callable[..., T], *args: Any) -> T:
        with self._connection() as conn:
            return call(conn, *args)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            for pragma in ("synchronous=NORMAL", "temp_store=MEMORY", "cache_size=-16384"):
                conn.execute(f"PRAGMA {pragma}")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS m(id INTEGER PRIMARY KEY, s REAL)")
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a call that failed half-way must not pin a snapshot
                conn.execute("ROLLBACK")
            with self._lock:
                self._idle.append(conn)


# -- schema and writes ---------------------------------------------------------------------------


def _open(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    with _transaction(conn):
        conn.execute(_META)
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found and found[0] != SCHEMA_VERSION:
            # Keys folded by other rules would never match today's queries: start empty.
            log.warning("search index %s is version %s, not %s: emptied, run `hub reindex`",
                        path, found[0], SCHEMA_VERSION)  # fmt: skip
            _drop(conn)
        for statement in _SCHEMA:
            conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))


def _clear(conn: sqlite3.Connection) -> None:
    with _transaction(conn):
        _drop(conn)  # dropping is instant where deleting every FTS5 row is not
        for statement in _SCHEMA:
            conn.execute(statement)


def _drop(conn: sqlite3.Connection) -> None:
    for table in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _entry_base(entry_key: str) -> int:
    kind, _, number = entry_key.partition(":")
    try:
        code, entry_id = TYPE_CODES[ContentType(kind)], int(number)
    except (ValueError, KeyError):
        raise ValueError(f"entry key {entry_key!r}: expected '<type>:<id>'") from None
    if not 0 < entry_id <= _MAX_ENTRY_ID:
        raise ValueError(f"entry key {entry_key!r}: id out of range")
    return (code << _TYPE_SHIFT) | (entry_id << 3)


Row = tuple[int, Document, tuple[str, str, str]]


def _rows(changes: Mapping[str, list[Document]]) -> list[Row]:
    rows = []
    for entry_key, documents in changes.items():
        base = _entry_base(entry_key)
        seen: set[Locale] = set()
        for doc in documents:
            if doc.entry_key != entry_key or doc.locale in seen:
                raise ValueError(f"{doc.key} cannot be one of the documents of {entry_key}")
            seen.add(doc.locale)
            rowid = base | (int(doc.native) << 2) | LOCALE_CODES[doc.locale]
            rows.append((rowid, doc, (fold(doc.title), fold(doc.subtitle), fold(doc.body))))
    return rows


def _replace(conn: sqlite3.Connection, bases: Sequence[int], rows: Sequence[Row]) -> None:
    ranges = [(base, base | 7) for base in bases]
    with _transaction(conn):
        conn.executemany("DELETE FROM fts WHERE rowid BETWEEN ? AND ?", ranges)
        conn.executemany("DELETE FROM docs WHERE id BETWEEN ? AND ?", ranges)
        conn.executemany("DELETE FROM doc_tags WHERE doc BETWEEN ? AND ?", ranges)
        conn.executemany(
            "INSERT INTO fts(rowid, title, subtitle, body) VALUES (?, ?, ?, ?)",
            [(rowid, *folded) for rowid, _, folded in rows],
        )
        conn.executemany(
            "INSERT INTO docs(id, title, subtitle, body) VALUES (?, ?, ?, ?)",
            [(rowid, doc.title, doc.subtitle, doc.body) for rowid, doc, _ in rows],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO doc_tags(doc, tag) VALUES (?, ?)",
            [(rowid, tag) for rowid, doc, _ in rows for tag in doc.tags],
        )
        terms = {term for _, _, folded in rows for text in folded for term in text.split()}
        _add_terms(conn, terms)


def _add_terms(conn: sqlite3.Connection, terms: set[str]) -> None:
    """Put keys the index has not seen yet into the typo index (keys are never removed from it:
    a stale key only adds a typo candidate that matches nothing; `clear` starts afresh)."""
    wanted = sorted(t for t in terms if 4 <= len(t) <= MAX_TYPO_KEY and t != PLACEHOLDER)
    known: set[str] = set()
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        known.update(
            t for (t,) in conn.execute(f"SELECT term FROM vocab WHERE term IN ({marks})", chunk)
        )
    new = [t for t in wanted if t not in known]
    conn.executemany("INSERT INTO vocab(term) VALUES (?)", [(t,) for t in new])
    conn.executemany(
        "INSERT OR IGNORE INTO typos(key, term) VALUES (?, ?)",
        # deep enough for any query that may reach the key: two typos need nine typed letters,
        # whose key has six letters at least (kh, dzh, ph, th and double letters shrink)
        [(k, t) for t in new for k in deletions(t, 2 if len(t) >= 6 else 1)],
    )


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- search -----------------------------------------------------------------------------------


def _search(conn: sqlite3.Connection, query: SearchQuery, words: list[QueryWord]) -> SearchResult:
    typos = _typo_candidates(conn, words)
    conn.execute("BEGIN")  # one snapshot for matches, counts and highlights
    try:
        conn.execute("DELETE FROM temp.m")
        used = words
        while used and not _match(conn, used, typos):
            used = used[:-1]
        if not used:
            return SearchResult(hits=[], total=0)
        return _result(conn, query, used, typos)
    finally:
        conn.execute("COMMIT")


def _typo_candidates(conn: sqlite3.Connection, words: list[QueryWord]) -> dict[str, list[str]]:
    """For each query key that may have typos, the nearest indexed keys within its allowance."""
    wanted: dict[str, int] = {}
    for word in words:
        if word.typos:
            wanted[word.key] = max(word.typos, wanted.get(word.key, 0))
    lookups: dict[str, set[str]] = {}
    for key, depth in wanted.items():
        for deleted in deletions(key, depth):
            lookups.setdefault(deleted, set()).add(key)
    found: dict[str, dict[str, int]] = {key: {} for key in wanted}
    for chunk in _chunks(sorted(lookups)):
        marks = ",".join("?" * len(chunk))
        for deleted, term in conn.execute(
            f"SELECT key, term FROM typos WHERE key IN ({marks})", chunk
        ):
            for key in lookups[deleted]:
                if term != key and term not in found[key]:
                    d = distance(key, term, wanted[key])
                    if d <= wanted[key]:
                        found[key][term] = d
    return {
        key: sorted(terms, key=lambda t: (terms[t], t))[:MAX_TYPO_TERMS]
        for key, terms in found.items()
    }


def _quote(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def _match(conn: sqlite3.Connection, words: list[QueryWord], typos: dict[str, list[str]]) -> int:
    """Fill temp.m with (rowid, rank) of the documents matching every word; how many."""
    groups, costs, params = [], [], []
    inside = "rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
    for word in words:
        exact = _quote(word.key)
        prefixes = [f"{_quote(p)} *" for p in word.prefixes]
        others = prefixes + [_quote(t) for t in typos.get(word.key, ())]
        groups.append("(" + " OR ".join([exact, *others]) + ")")
        if prefixes:
            costs.append(f"CASE WHEN {inside} THEN 0 WHEN {inside} THEN 1 ELSE 2 END")
            params += [exact, " OR ".join([exact, *prefixes])]
        elif others:
            costs.append(f"CASE WHEN {inside} THEN 0 ELSE 2 END")
            params.append(exact)
    cost = " + ".join(costs) or "0"
    conn.execute(
        f"INSERT INTO temp.m(id, s) SELECT rowid, ({cost}) * {COST} + bm25(fts, {WEIGHTS})"
        " FROM fts WHERE fts MATCH ?",
        [*params, " AND ".join(groups)],
    )
    return conn.execute("SELECT COUNT(*) FROM temp.m").fetchone()[0]


def _result(
    conn: sqlite3.Connection,
    query: SearchQuery,
    words: list[QueryWord],
    typos: dict[str, list[str]],
) -> SearchResult:
    filters = _Filters(query)
    where, params = filters.sql()
    page = conn.execute(
        "SELECT id, s, COUNT(*) OVER () FROM ("
        f" SELECT id, MIN(s - (id & 4) * 1e-9) AS s FROM temp.m WHERE {where} GROUP BY id >> 3"
        ") ORDER BY s, id LIMIT ? OFFSET ?",
        [*params, max(query.limit, 0), max(query.offset, 0)],
    ).fetchall()
    if page:
        total = page[0][2]
    else:
        total = conn.execute(
            f"SELECT COUNT(DISTINCT id >> 3) FROM temp.m WHERE {where}", params
        ).fetchone()[0]
    matcher = Matcher(
        frozenset(k for w in words for k in (w.key, *typos.get(w.key, ()))),
        tuple(p for w in words for p in w.prefixes),
    )
    return SearchResult(
        hits=_hits(conn, [(rowid, s) for rowid, s, _ in page], matcher),
        total=total,
        types=_facet(conn, "id >> 36", filters.sql(types=False), _TYPES),
        tags=_facet(conn, "t.tag", filters.sql(tags=False), None),
        locales=_facet(conn, "id & 3", filters.sql(locale=False, native=True), _LOCALES),
    )


class _Filters:
    def __init__(self, query: SearchQuery) -> None:
        self.types = sorted(TYPE_CODES[t] for t in query.types or ())
        self.locale = LOCALE_CODES[query.locale] if query.locale else None
        self.tags = sorted(set(query.tags))

    def sql(
        self, types: bool = True, locale: bool = True, tags: bool = True, native: bool = False
    ) -> tuple[str, list[Any]]:
        """A WHERE clause over temp.m's rowid `id` with some filters left out (for facets)."""
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if types and self.types:
            clauses.append(f"(id >> 36) IN ({','.join('?' * len(self.types))})")
            params += self.types
        if locale and self.locale is not None:
            clauses.append("(id & 3) = ?")
            params.append(self.locale)
        if tags and self.tags:
            marks = ",".join("?" * len(self.tags))
            clauses.append(
                f"EXISTS (SELECT 1 FROM doc_tags x WHERE x.doc = id AND x.tag IN ({marks}))"
            )
            params += self.tags
        if native:
            clauses.append("(id & 4) != 0")
        return " AND ".join(clauses), params


def _facet(
    conn: sqlite3.Connection,
    value: str,
    where: tuple[str, list[Any]],
    names: Mapping[int, Any] | None,
) -> dict[Any, int]:
    join = "JOIN doc_tags t ON t.doc = id" if value.startswith("t.") else ""
    rows = conn.execute(
        f"SELECT {value}, COUNT(DISTINCT id >> 3) FROM temp.m {join} WHERE {where[0]}"
        f" GROUP BY {value} ORDER BY 2 DESC, 1",
        where[1],
    )
    if names is None:
        return dict(rows)
    return {names[v]: n for v, n in rows if v in names}


def _hits(conn: sqlite3.Connection, page: list[tuple[int, float]], matcher: Matcher) -> list[Hit]:
    if not page:
        return []
    marks = ",".join("?" * len(page))
    texts = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT d.id, d.title, d.subtitle, d.body, f.title, f.subtitle, f.body"
            f" FROM docs d JOIN fts f ON f.rowid = d.id WHERE d.id IN ({marks})",
            [rowid for rowid, _ in page],
        )
    }
    hits = []
    for rowid, s in page:
        originals = texts[rowid]
        highlights = []
        for i, field in enumerate(FIELDS):
            render = snippet if field == "body" else mark
            shown = render(originals[i], matcher, originals[i + 3].split())
            if shown:
                highlights.append(Highlight(field=field, snippet=shown))
        hits.append(
            Hit(
                type=_TYPES[rowid >> _TYPE_SHIFT],
                entry_id=(rowid >> 3) & _MAX_ENTRY_ID,
                locale=_LOCALES[rowid & 3],
                score=-s,
                highlights=tuple(highlights),
            )
        )
    return hits
