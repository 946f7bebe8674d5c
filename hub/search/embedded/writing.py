"""Writing the embedded index: an entry's documents folded into rows, rows into FTS5 and `docs`.

Documents of one entry with the same texts (fallback copies) share one row, folded and indexed
once. `replace` rewrites an entry's rowid range in one transaction; unchanged rows stay.
"""

from __future__ import annotations

import json
import queue
import sqlite3

from hub.enums import ContentType
from hub.search.backend import Document
from hub.search.embedded import typos
from hub.search.embedded.layout import (
    ENTRY,
    ENTRY_MAX,
    LOCALE_CODES,
    ROWS,
    SERVED,
    SIZE_MAX,
    TAGSET,
    TAGSET_MAX,
    TYPE,
    TYPE_CODES,
    transaction,
)
from hub.search.text import fold

FOLDED = 50  # entries folded per hand-over to the writing thread

Texts = tuple[str, str, str]  # title, subtitle, body
Row = tuple[int, Texts, Texts, int]  # rowid bits, originals, indexed keys, sizes
Entry = tuple[int, tuple[str, ...], list[Row]]  # base rowid, tags, rows
Folded = tuple[list[Entry], set[str]]  # entries, and every key of their rows
FoldedQueue = queue.SimpleQueue[Folded | BaseException | None]


def base(entry_key: str, documents: list[Document]) -> int:
    """The first rowid of an entry, once its key and documents are known to be sound."""
    kind, _, number = entry_key.partition(":")
    try:
        code, entry_id = TYPE_CODES[ContentType(kind)], int(number)
    except (ValueError, KeyError):
        raise ValueError(f"entry key {entry_key!r}: expected '<type>:<id>'") from None
    if not 0 < entry_id <= ENTRY_MAX:
        raise ValueError(f"entry key {entry_key!r}: id out of range")
    locales = [doc.locale for doc in documents]
    for doc in documents:
        if doc.entry_key != entry_key or locales.count(doc.locale) > 1:
            raise ValueError(f"{doc.key} cannot be one of the documents of {entry_key}")
    return (entry_id << ENTRY) | (code << TYPE)


def fold_entries(checked: list[tuple[int, list[Document]]]) -> Folded:
    """Entries (base rowid, documents) as rows of keys, and every key of them."""
    entries = [_entry(*item) for item in checked]
    keys = {k for _, _, rows in entries for row in rows for text in row[2] for k in text.split()}
    return entries, keys


def _entry(base: int, documents: list[Document]) -> Entry:
    """An entry's rows: one per distinct text, serving the locales whose documents have it."""
    texts: dict[Texts, int] = {}
    for doc in documents:
        locale = LOCALE_CODES[doc.locale]
        bits = (1 << (SERVED + locale)) | (int(doc.native) << locale)
        original = (doc.title, doc.subtitle, doc.body)
        texts[original] = texts.get(original, 0) | bits
    rows = [(bits, text, *indexed(text)) for text, bits in texts.items()]
    tags = tuple(sorted({tag for doc in documents for tag in doc.tags}))
    return base, tags, rows


def indexed(texts: Texts) -> tuple[Texts, int]:
    """The keys of each field, as indexed, and the words per field (20 bits each) for ranking."""
    title, subtitle, body = (fold(text) for text in texts)
    counts = (text.count(" ") + 1 if text else 0 for text in (title, subtitle, body))
    return (title, subtitle, body), sum(min(n, SIZE_MAX) << (20 * i) for i, n in enumerate(counts))


def replace(conn: sqlite3.Connection, folded: FoldedQueue, known: typos.Vocabulary) -> None:
    """Write what the folding thread hands over, in one transaction."""
    # Python work here waits for the folding thread's lock (the GIL), so this thread does
    # little of it: a few statements per chunk, each running through many rows in SQLite.
    terms: set[str] = set()
    with transaction(conn):
        while (chunk := folded.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            _write(conn, chunk[0])
            terms |= chunk[1]
        generation, learnt = typos.add_terms(conn, terms, known)
    known.learn(generation, learnt)  # only once committed


def _write(conn: sqlite3.Connection, entries: list[Entry]) -> None:
    """Make these entries' rows the given ones."""
    tagsets = _tagsets(conn, {tags for _, tags, rows in entries if rows})
    new = {
        base | (tagsets[tags] << TAGSET) | bits: (original, keys, sizes)
        for base, tags, rows in entries
        for bits, original, keys, sizes in rows
    }
    ranges = json.dumps([(base, base | ROWS) for base, _, _ in entries])
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
        [(rowid, *indexed(old[rowid])[0]) for rowid in gone],
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


def _tagsets(conn: sqlite3.Connection, wanted: set[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """The ids of these tag sets (0: no tag), numbering the new ones."""
    ids: dict[tuple[str, ...], int] = {(): 0}
    for tags in wanted - {()}:
        text = " ".join(tags)
        found = conn.execute("SELECT id FROM tagsets WHERE tags = ?", (text,)).fetchone()
        if found is None:
            number = conn.execute("INSERT INTO tagsets(tags) VALUES (?)", (text,)).lastrowid
            if number is None or number > TAGSET_MAX:
                raise RuntimeError("more distinct tag sets than the embedded index holds")
            conn.executemany("INSERT INTO tagset_tags VALUES (?, ?)", [(t, number) for t in tags])
            found = (number,)
        ids[tags] = found[0]
    return ids
