"""The embedded search backend: SQLite FTS5 over folded words, in its own file, no server.

Why its own SQLite file (`settings.search_path`), whatever the content database:
- one engine, one folding and one ranking for SQLite and PostgreSQL deployments, so relevance
  is the same everywhere and tested once (PostgreSQL's full-text search has no Tajik, ranks
  otherwise and forgives no typo);
- FTS5 is compiled into every Python's sqlite3: the default needs no server, no extension;
- the index is derived data that `hub reindex` rebuilds: no backup, no migration. A deployment
  that outgrows one machine switches to Meilisearch, behind the same interface.

Design:
- Words are indexed as keys (`hub.search.text`: Tajik letters folded, Cyrillic and Latin
  spellings meeting) in a contentless FTS5 table (title, subtitle, body; prefix indexes for 2-4
  letters, as a kiosk visitor types); `docs` keeps the original texts for highlights. Documents
  of one entry with the same texts (fallback copies) share one row.
- A rowid packs what filters and facets need, so they never read a table: entry id << 29 |
  type << 25 | tag set << 6 | locales served << 3 | locales native. An entry's rows are one
  rowid range, which `replace` rewrites in one transaction (unchanged rows stay).
- A query word matches its key, its typo candidates and, typed last or followed by `*`, every
  key it starts. Typo candidates (SymSpell): `typos` holds, per stem (the first STEM letters of
  indexed keys), the strings made by deleting one or two letters; the query's deletions find
  stems, whose keys are then checked with the true distance. Words are ANDed; when nothing has
  them all, words are dropped from the end (Meilisearch's "last" strategy), so one word mistyped
  beyond repair does not empty the kiosk's screen.
- Ranking is by buckets, like Meilisearch's rules: no typo before typo, then title before
  subtitle before body, then the exact word before longer ones it starts; a bucket of up to
  RANKED_ROWS rows puts the shortest matching field first (what bm25's length normalisation
  does, and bm25 itself reads a row per match), a larger one the newest entries. Each bucket is
  one FTS5 query with a LIMIT, so a page costs about the same however much matches.
- Total and facets: one pass of rowid arithmetic over the newest COUNTED matching rows, each
  facet without its own filter; past them, scaled by the number of matches (an estimate, as
  Meilisearch's estimatedTotalHits).
- Calls run in threads with pooled connections; WAL lets searches read while the worker writes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import queue
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from hub.enums import ContentType, Locale
from hub.search.backend import Document, Highlight, Hit, IndexStats, SearchQuery, SearchResult
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

# Codes stored in rowids: never renumber, only add (types up to 15, locales up to 3).
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
_SERVED, _TAGSET, _TYPE, _ENTRY = 3, 6, 25, 29  # rowid bit offsets
_TAGSET_MAX, _ENTRY_MAX = (1 << 19) - 1, (1 << 31) - 1
_ROWS = (1 << _TYPE) - 1  # an entry's rows: base .. base | _ROWS
_SIZE_MAX = (1 << 20) - 1
FIELDS = ("title", "subtitle", "body")
RANKED_ROWS = 300  # a bucket this small is ordered by relevance, a larger one newest first
COUNTED = 2000  # matching rows counted one by one; past them, counts are estimated
MAX_TYPO_TERMS = 12  # typo candidates kept per query word, nearest first
MAX_TYPO_KEY = 32  # longer keys get no typo index entries
STEM = 7  # typo lookup compares this many first letters (SymSpell's prefix), then whole keys
SCHEMA_VERSION = f"7.{FOLD_VERSION}"
_CHUNK = 500  # parameters per IN (...) list
_FOLDED = 50  # entries folded per hand-over to the writing thread

_TABLES = ("fts", "docs", "tagsets", "tagset_tags", "stems", "vocab", "typos")
_META = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
_SCHEMA = (
    # contentless: the keys are not stored twice, `docs` keeps the texts they are folded from
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, subtitle, body, content='',"
    " tokenize='ascii', detail='column', prefix='2 3 4')",
    # words per field first: ranking reads them without the texts
    "CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, sizes INTEGER NOT NULL,"
    " title TEXT NOT NULL, subtitle TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS tagsets(id INTEGER PRIMARY KEY, tags TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS tagset_tags(tag TEXT NOT NULL, tagset INTEGER NOT NULL,"
    " PRIMARY KEY (tag, tagset)) WITHOUT ROWID",
    # The typo index. FTS5 writes sorted segments where a table of (deletion, stem) pairs
    # would take millions of random b-tree inserts.
    "CREATE TABLE IF NOT EXISTS stems(id INTEGER PRIMARY KEY, stem TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS vocab(term TEXT PRIMARY KEY, stem INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS vocab_stem ON vocab(stem)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS typos USING fts5(deletions, content='',"
    " tokenize='ascii', detail='none')",
)


class _Vocabulary:
    """The keys this process knows to be in the typo index, so that writing a batch looks up
    only the new ones. `clear` (here or in another process) renews the generation in `meta`."""

    def __init__(self) -> None:
        self.generation = ""
        self.terms: set[str] = set()


class EmbeddedSearch:
    """The default backend: an FTS5 index in one SQLite file at `path`."""

    name = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._vocabulary = _Vocabulary()

    async def open(self) -> None:
        missing = [t.value for t in ContentType if t not in TYPE_CODES]
        if missing or set(Locale) != set(LOCALE_CODES):
            raise RuntimeError(f"no rowid code for {missing or list(Locale)}: add it to embedded")
        await self._run(_open, self.path)

    async def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    async def replace(self, changes: Mapping[str, list[Document]]) -> None:
        """One transaction. One thread folds texts while another writes what is folded: two
        cores on one batch, and the event loop never waits for either."""
        if not changes:
            return
        checked = [(_base(key, docs), docs) for key, docs in changes.items()]  # before writing
        folded: queue.SimpleQueue[Folded | BaseException | None] = queue.SimpleQueue()

        def fold_all() -> None:
            try:
                for start in range(0, len(checked), _FOLDED):
                    entries = [_entry(*item) for item in checked[start : start + _FOLDED]]
                    folded.put((entries, _keys(entries)))
            except BaseException as error:  # the writer raises it, and rolls back
                folded.put(error)
            else:
                folded.put(None)

        await asyncio.gather(
            asyncio.to_thread(fold_all), self._run(_replace, folded, self._vocabulary)
        )

    async def clear(self) -> None:
        await self._run(_clear)

    async def search(self, query: SearchQuery) -> SearchResult:
        words = parse_query(query.text)
        if not words:  # nothing to look for: answer at once, without touching the file
            return SearchResult(hits=[], total=0)
        return await self._run(_search, query, words)

    # fts_docsize, FTS5's row of word counts per indexed row, is small where docs is not
    async def stats(self) -> IndexStats:
        served = " + ".join(f"((id >> {_SERVED + code}) & 1)" for code in _LOCALES)
        sql = f"SELECT total({served}), COUNT(DISTINCT id >> {_TYPE}) FROM fts_docsize"
        documents, entries = await self._run(lambda conn: conn.execute(sql).fetchone())
        return IndexStats(documents=int(documents), entries=entries)

    async def entry_keys(self) -> set[str]:
        sql = f"SELECT DISTINCT id >> {_TYPE} FROM fts_docsize"
        rows = await self._run(lambda conn: conn.execute(sql).fetchall())
        return {f"{_TYPES[e & 15].value}:{e >> (_ENTRY - _TYPE)}" for (e,) in rows}

    async def _run(self, call: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(self._call, call, *args)

    def _call(self, call: Callable[..., T], *args: Any) -> T:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            for pragma in ("synchronous=NORMAL", "temp_store=MEMORY", "cache_size=-32768"):
                conn.execute(f"PRAGMA {pragma}")
        try:
            return call(conn, *args)
        finally:
            if conn.in_transaction:  # a call that failed half-way must not keep a snapshot
                conn.execute("ROLLBACK")
            with self._lock:
                self._idle.append(conn)


# -- schema and writes ---------------------------------------------------------------------------


@contextmanager
def _transaction(conn: sqlite3.Connection, mode: str = "IMMEDIATE") -> Iterator[None]:
    conn.execute(f"BEGIN {mode}")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _open(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    with _transaction(conn):
        conn.execute(_META)
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found and found[0] != SCHEMA_VERSION:
            # Keys folded by other rules would never match today's queries: start empty.
            log.warning("search index %s was version %s, now %s: emptied, run `hub reindex`",
                        path, found[0], SCHEMA_VERSION)  # fmt: skip
            _create(conn)
        elif not found:
            _create(conn)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))


def _clear(conn: sqlite3.Connection) -> None:
    with _transaction(conn):
        _create(conn)  # dropping is instant where deleting every FTS5 row is not


def _create(conn: sqlite3.Connection) -> None:
    for table in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (uuid.uuid4().hex,))


Texts = tuple[str, str, str]  # title, subtitle, body
Row = tuple[int, Texts, Texts, int]  # rowid bits, originals, indexed keys, sizes
Entry = tuple[int, tuple[str, ...], list[Row]]  # base rowid, tags, rows
Folded = tuple[list[Entry], set[str]]  # entries, and every key of their rows


def _base(entry_key: str, documents: list[Document]) -> int:
    """The first rowid of an entry, once its key and documents are known to be sound."""
    kind, _, number = entry_key.partition(":")
    try:
        code, entry_id = TYPE_CODES[ContentType(kind)], int(number)
    except (ValueError, KeyError):
        raise ValueError(f"entry key {entry_key!r}: expected '<type>:<id>'") from None
    if not 0 < entry_id <= _ENTRY_MAX:
        raise ValueError(f"entry key {entry_key!r}: id out of range")
    locales = [doc.locale for doc in documents]
    for doc in documents:
        if doc.entry_key != entry_key or locales.count(doc.locale) > 1:
            raise ValueError(f"{doc.key} cannot be one of the documents of {entry_key}")
    return (entry_id << _ENTRY) | (code << _TYPE)


def _entry(base: int, documents: list[Document]) -> Entry:
    """An entry's rows: one per distinct text, serving the locales whose documents have it."""
    texts: dict[tuple[str, str, str], int] = {}
    for doc in documents:
        locale = LOCALE_CODES[doc.locale]
        bits = (1 << (_SERVED + locale)) | (int(doc.native) << locale)
        original = (doc.title, doc.subtitle, doc.body)
        texts[original] = texts.get(original, 0) | bits
    rows = [(bits, text, *_indexed(text)) for text, bits in texts.items()]
    tags = tuple(sorted({tag for doc in documents for tag in doc.tags}))
    return base, tags, rows


def _keys(entries: list[Entry]) -> set[str]:
    return {
        key for _, _, rows in entries for row in rows for text in row[2] for key in text.split()
    }


def _replace(
    conn: sqlite3.Connection,
    folded: queue.SimpleQueue[Folded | BaseException | None],
    known: _Vocabulary,
) -> None:
    # Python work here waits for the folding thread's lock (the GIL), so this thread does
    # little of it: a few statements per chunk, each running through many rows in SQLite.
    terms: set[str] = set()
    with _transaction(conn):
        while (chunk := folded.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            _write(conn, chunk[0])
            terms |= chunk[1]
        generation, learnt = _add_terms(conn, terms, known)
    if known.generation != generation or len(known.terms) > 1 << 20:
        known.generation, known.terms = generation, set()
    known.terms |= learnt  # only once committed


def _write(conn: sqlite3.Connection, entries: list[Entry]) -> None:
    """Make these entries' rows the given ones."""
    tagsets = _tagsets(conn, {tags for _, tags, rows in entries if rows})
    new = {
        base | (tagsets[tags] << _TAGSET) | bits: (original, indexed, sizes)
        for base, tags, rows in entries
        for bits, original, indexed, sizes in rows
    }
    ranges = json.dumps([(base, base | _ROWS) for base, _, _ in entries])
    old: dict[int, Texts] = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT d.id, d.title, d.subtitle, d.body FROM json_each(?) AS r"
            " JOIN docs AS d ON d.id BETWEEN r.value ->> 0 AND r.value ->> 1",
            (ranges,),
        )
    }
    # Unchanged rows stay: replaying a batch, or republishing an entry, writes nothing.
    gone = [rowid for rowid, text in old.items() if rowid not in new or new[rowid][0] != text]
    added = [rowid for rowid, (text, _, _) in new.items() if old.get(rowid) != text]
    conn.executemany(  # a contentless table forgets a row given the keys it indexed
        "INSERT INTO fts(fts, rowid, title, subtitle, body) VALUES ('delete', ?, ?, ?, ?)",
        [(rowid, *_indexed(old[rowid])[0]) for rowid in gone],
    )
    conn.executemany("DELETE FROM docs WHERE id = ?", [(rowid,) for rowid in gone])
    # One statement per table for all rows, from JSON: SQLite then works through the rows
    # without Python's lock, while the other thread folds the next entries.
    conn.execute(
        "INSERT INTO fts(rowid, title, subtitle, body)"
        " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)",
        (json.dumps([(rowid, *new[rowid][1]) for rowid in added], ensure_ascii=False),),
    )
    conn.execute(
        "INSERT INTO docs(id, sizes, title, subtitle, body) SELECT value ->> 0, value ->> 1,"
        " value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)",
        (json.dumps([(r, new[r][2], *new[r][0]) for r in added], ensure_ascii=False),),
    )


def _indexed(texts: Texts) -> tuple[Texts, int]:
    """The keys of each field, as indexed, and the words per field (20 bits each) for ranking."""
    title, subtitle, body = (fold(text) for text in texts)
    counts = (text.count(" ") + 1 if text else 0 for text in (title, subtitle, body))
    return (title, subtitle, body), sum(min(n, _SIZE_MAX) << (20 * i) for i, n in enumerate(counts))


def _tagsets(conn: sqlite3.Connection, wanted: set[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """The ids of these tag sets (0: no tag), numbering the new ones."""
    ids: dict[tuple[str, ...], int] = {(): 0}
    for tags in wanted - {()}:
        text = " ".join(tags)
        found = conn.execute("SELECT id FROM tagsets WHERE tags = ?", (text,)).fetchone()
        if found is None:
            number = conn.execute("INSERT INTO tagsets(tags) VALUES (?)", (text,)).lastrowid
            if number is None or number > _TAGSET_MAX:
                raise RuntimeError("more distinct tag sets than the embedded index holds")
            conn.executemany("INSERT INTO tagset_tags VALUES (?, ?)", [(t, number) for t in tags])
            found = (number,)
        ids[tags] = found[0]
    return ids


def _add_terms(
    conn: sqlite3.Connection, terms: set[str], known: _Vocabulary
) -> tuple[str, set[str]]:
    """Put the keys the typo index lacks into it; the index's generation and the keys it has.
    Keys are never taken out: a stale one only adds a candidate that matches nothing."""
    generation = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
    remembered = known.terms if known.generation == generation else set()
    wanted = sorted(
        t for t in terms - remembered if 4 <= len(t) <= MAX_TYPO_KEY and t != PLACEHOLDER
    )
    found: set[str] = set()
    for chunk in _chunks(wanted):
        sql = f"SELECT term FROM vocab WHERE term IN ({','.join('?' * len(chunk))})"
        found.update(term for (term,) in conn.execute(sql, chunk))
    new = [t for t in wanted if t not in found]
    stems = {t[:STEM] for t in new}
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(stems)):
        sql = f"SELECT stem, id FROM stems WHERE stem IN ({','.join('?' * len(chunk))})"
        ids.update(conn.execute(sql, chunk))
    rows = []
    for stem in sorted(stems - ids.keys()):
        number = conn.execute("INSERT INTO stems(stem) VALUES (?)", (stem,)).lastrowid or 0
        ids[stem] = number
        # Two typos need nine typed letters: only a full-length stem can be that far.
        rows.append((number, " ".join(deletions(stem, 2 if len(stem) == STEM else 1))))
    conn.executemany("INSERT INTO typos(rowid, deletions) VALUES (?, ?)", rows)
    conn.executemany("INSERT INTO vocab VALUES (?, ?)", [(t, ids[t[:STEM]]) for t in new])
    return generation, set(wanted)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- search -----------------------------------------------------------------------------------


def _search(conn: sqlite3.Connection, query: SearchQuery, words: list[QueryWord]) -> SearchResult:
    typos = _typo_candidates(conn, words)
    with _transaction(conn, "DEFERRED"):  # one snapshot for counts, page and highlights
        where, params = _filters(conn, query)
        exists = f"SELECT 1 FROM fts WHERE fts MATCH ? AND {where} LIMIT 1"
        while words:
            plan = _Plan(words, typos)
            if conn.execute(exists, [plan.every, *params]).fetchone():
                break
            words = words[:-1]
        else:
            return SearchResult(hits=[], total=0)
        result = _counts(conn, query, plan.every)
        page = _page(conn, query, plan, where, params)
        return dataclasses.replace(result, hits=_hits(conn, query, page, plan.matcher))


def _typo_candidates(conn: sqlite3.Connection, words: list[QueryWord]) -> dict[str, list[str]]:
    """For each query key that may have typos, the nearest indexed keys within its allowance."""
    allowed: dict[str, int] = {}
    for word in words:
        if word.typos:
            allowed[word.key] = max(word.typos, allowed.get(word.key, 0))
    keys = sorted({d for key, depth in allowed.items() for d in deletions(key[:STEM], depth)})
    stems: list[int] = []
    for chunk in _chunks(keys):
        sql = "SELECT rowid FROM typos WHERE typos MATCH ?"
        stems += [n for (n,) in conn.execute(sql, (" OR ".join(map(_quote, chunk)),))]
    found: dict[str, dict[str, int]] = {key: {} for key in allowed}
    for numbers in _chunks(stems):
        sql = f"SELECT term FROM vocab WHERE stem IN ({','.join('?' * len(numbers))})"
        for (term,) in conn.execute(sql, numbers):
            for key, limit in allowed.items():
                if term == key or abs(len(term) - len(key)) > limit:
                    continue
                if (d := distance(key, term, limit)) <= limit:
                    found[key][term] = d
    return {
        key: sorted(terms, key=lambda t: (terms[t], t))[:MAX_TYPO_TERMS]
        for key, terms in found.items()
    }


def _quote(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


class _Plan:
    """The FTS5 expressions of a query: every match, and the ranking buckets, best first."""

    def __init__(self, words: list[QueryWord], typos: dict[str, list[str]]) -> None:
        exact = [[_quote(w.key)] for w in words]
        prefix = [[_quote(w.key), *(f"{_quote(p)} *" for p in w.prefixes)] for w in words]
        every = [
            [*alts, *map(_quote, typos.get(w.key, ()))]
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


def _filters(conn: sqlite3.Connection, query: SearchQuery) -> tuple[str, list[Any]]:
    """SQL over `rowid` for the query's types, locale and tags."""
    clauses, params = ["1"], []
    if query.types:
        codes = sorted(TYPE_CODES[t] for t in query.types)
        clauses.append(f"((rowid >> {_TYPE}) & 15) IN ({','.join('?' * len(codes))})")
        params += codes
    if query.locale:
        clauses.append(f"(rowid >> {_SERVED + LOCALE_CODES[query.locale]}) & 1")
    if query.tags:
        marks = ",".join("?" * len(query.tags))
        sql = f"SELECT tagset FROM tagset_tags WHERE tag IN ({marks})"
        sets = sorted({n for (n,) in conn.execute(sql, list(query.tags))}) or [-1]
        clauses.append(f"((rowid >> {_TAGSET}) & {_TAGSET_MAX}) IN ({','.join('?' * len(sets))})")
        params += sets
    return " AND ".join(clauses), params


def _counts(conn: sqlite3.Connection, query: SearchQuery, every: str) -> SearchResult:
    """Total and facets from the newest COUNTED matching rows, scaled up when there are more:
    per entry, whether it matched in the query's locale and in which locales natively, summed
    by (type, tag set); then each facet without its own filter."""
    ok = f"(id >> {_SERVED + LOCALE_CODES[query.locale]}) & 1" if query.locale else "1"
    natives = ", ".join(f"MAX((id >> {code}) & 1) AS n{code}" for code in _LOCALES)
    sums = ", ".join(f"SUM(n{code})" for code in _LOCALES)
    rows = conn.execute(
        f"SELECT t, s, SUM(rows), SUM(ok), {sums} FROM ("
        f" SELECT (id >> {_TYPE}) & 15 AS t, (id >> {_TAGSET}) & {_TAGSET_MAX} AS s,"
        f" COUNT(*) AS rows, MAX({ok}) AS ok, {natives} FROM ("
        "  SELECT rowid AS id FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        f" ) GROUP BY id >> {_TYPE}"
        ") GROUP BY t, s",
        [every, COUNTED + 1],
    ).fetchall()
    scale = 1.0
    if sum(row[2] for row in rows) > COUNTED:
        matches = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", [every]).fetchone()
        scale = matches[0] / (COUNTED + 1)
    sets = sorted({row[1] for row in rows} - {0})
    tag_sets: dict[int, list[str]] = {0: []}
    for chunk in _chunks(sets):
        sql = f"SELECT id, tags FROM tagsets WHERE id IN ({','.join('?' * len(chunk))})"
        tag_sets.update((n, tags.split()) for n, tags in conn.execute(sql, chunk))
    wanted_types = {TYPE_CODES[t] for t in query.types or ()}
    wanted_tags = set(query.tags)
    total = 0.0
    types: dict[ContentType, float] = {}
    tags: dict[str, float] = {}
    locales: dict[Locale, float] = {}
    for code, tag_set, _, matched, *natives in rows:
        type_ok = not wanted_types or code in wanted_types
        tag_ok = not wanted_tags or not wanted_tags.isdisjoint(tag_sets[tag_set])
        if tag_ok and code in _TYPES:
            types[_TYPES[code]] = types.get(_TYPES[code], 0) + matched
        for tag in tag_sets[tag_set] if type_ok else ():
            tags[tag] = tags.get(tag, 0) + matched
        if type_ok and tag_ok:
            total += matched
            for locale_code, count in enumerate(natives):
                locales[_LOCALES[locale_code]] = locales.get(_LOCALES[locale_code], 0) + count
    return SearchResult(
        hits=[],
        total=round(total * scale),
        types={k: round(n * scale) for k, n in types.items() if n},
        tags={k: round(n * scale) for k, n in sorted(tags.items()) if n},
        locales={k: round(n * scale) for k, n in locales.items() if n},
    )


def _page(
    conn: sqlite3.Connection, query: SearchQuery, plan: _Plan, where: str, params: list[Any]
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
            found.setdefault(rowid >> _TYPE, (rowid, score - position / (len(rows) + 1)))
    return list(found.values())[max(query.offset, 0) : need]


def _by_length(conn: sqlite3.Connection, rows: list[int], field: int) -> list[int]:
    """Rows by the length of their matching field (a title that is just the name searched for
    before a title that mentions it, as bm25 would), newest first among equals."""
    sql = f"SELECT id, (sizes >> {20 * field}) & {_SIZE_MAX} FROM docs WHERE id IN ("
    sizes = dict(conn.execute(sql + ",".join("?" * len(rows)) + ")", rows))
    return sorted(rows, key=lambda rowid: (sizes.get(rowid, 0), -rowid))


def _hits(
    conn: sqlite3.Connection, query: SearchQuery, page: list[tuple[int, float]], matcher: Matcher
) -> list[Hit]:
    if not page:
        return []
    sql = f"SELECT id, title, subtitle, body FROM docs WHERE id IN ({','.join('?' * len(page))})"
    texts = {row[0]: row[1:] for row in conn.execute(sql, [rowid for rowid, _ in page])}
    hits = []
    for rowid, score in page:
        highlights = []
        for field, text in zip(FIELDS, texts[rowid], strict=True):
            if shown := (snippet if field == "body" else mark)(text, matcher):
                highlights.append(Highlight(field=field, snippet=shown))
        hits.append(
            Hit(
                type=_TYPES[(rowid >> _TYPE) & 15],
                entry_id=rowid >> _ENTRY,
                locale=query.locale or _shown_locale(rowid),
                score=score,
                highlights=tuple(highlights),
            )
        )
    return hits


def _shown_locale(rowid: int) -> Locale:
    """The locale a row is best shown in: its first native one, else the first it serves."""
    for shift in (0, _SERVED):
        for code, locale in _LOCALES.items():
            if (rowid >> (shift + code)) & 1:
                return locale
    raise AssertionError(f"row {rowid} serves no locale")
