"""The embedded index file: its tables, what a rowid packs, its layout version, SQL helpers."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from hub.enums import ContentType, Locale
from hub.search.text import FOLD_VERSION

log = logging.getLogger("hub.search.embedded")
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
TYPES = {code: t for t, code in TYPE_CODES.items()}
LOCALES = {code: locale for locale, code in LOCALE_CODES.items()}
# A rowid: entry id << ENTRY | type << TYPE | tag set << TAGSET | locales served << SERVED |
# locales native. An entry's rows are one range, base .. base | ROWS.
SERVED, TAGSET, TYPE, ENTRY = 3, 6, 25, 29
TAGSET_MAX, ENTRY_MAX = (1 << 19) - 1, (1 << 31) - 1
ROWS = (1 << TYPE) - 1
SIZE_MAX = (1 << 20) - 1  # words per field, 20 bits each in docs.sizes
FIELDS = ("title", "subtitle", "body")

# Layout 8: no prefix index of 4 letters, FTS5 merging 8 segments at a time (see the package
# docstring). A file of another layout or folding is emptied when opened: `hub reindex`.
SCHEMA_VERSION = f"8.{FOLD_VERSION}"
PREFIXES = "2 3"
AUTOMERGE = 8
_CHUNK = 500  # parameters per IN (...) list

_TABLES = ("fts", "docs", "tagsets", "tagset_tags", "stems", "vocab", "typos")
_META = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
_SCHEMA = (
    # contentless: the keys are not stored twice, `docs` keeps the texts they are folded from
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, subtitle, body, content='',"
    f" tokenize='ascii', detail='column', prefix='{PREFIXES}')",
    # FTS5 keeps these settings in the table itself
    f"INSERT INTO fts(fts, rank) VALUES ('automerge', {AUTOMERGE})",
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


@contextmanager
def transaction(conn: sqlite3.Connection, mode: str = "IMMEDIATE") -> Iterator[None]:
    conn.execute(f"BEGIN {mode}")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_file(conn: sqlite3.Connection, path: Path) -> bool:
    """Create the tables, or empty a file of another layout; True when the index starts empty
    (new or emptied), so that the worker fills it from the database."""
    conn.execute("PRAGMA journal_mode=WAL")
    with transaction(conn):
        conn.execute(_META)
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        emptied = found is not None and found[0] != SCHEMA_VERSION
        if emptied:
            # Keys folded by other rules would never match today's queries, and FTS5 cannot
            # change a table's prefix indexes: start empty.
            log.warning("search index %s was version %s, now %s: emptied, to be rebuilt",
                        path, found[0], SCHEMA_VERSION)  # fmt: skip
        if emptied or found is None:
            create(conn)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return emptied or found is None


def create(conn: sqlite3.Connection) -> None:
    """Every table anew, empty (dropping is instant where deleting every FTS5 row is not)."""
    for table in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (uuid.uuid4().hex,))


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def marks(items: Sequence[object]) -> str:
    """The placeholders of an IN (...) list."""
    return ",".join("?" * len(items))


def quote(key: str) -> str:
    """A key as an FTS5 string: no input is ever an FTS5 operator."""
    return '"' + key.replace('"', '""') + '"'
