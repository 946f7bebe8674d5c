"""EmbeddedSearch: the backend interface over one SQLite file, its calls run in threads.

Connections are pooled, one per thread at a time; WAL lets searches read while the worker
writes. A search reads one snapshot for its counts, page and highlights.
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from hub.enums import ContentType, Locale
from hub.search.backend import Document, IndexStats, SearchQuery, SearchResult
from hub.search.embedded import counting, layout, planning, ranking, typos, writing
from hub.search.embedded.layout import LOCALE_CODES, LOCALES, SERVED, TYPE, TYPE_CODES, TYPES
from hub.search.text import QueryWord, parse_query

T = TypeVar("T")
# A batch this large is folded in a child process: threads would take turns at Python's lock
# with the writer, which then waits for it after every statement (measured: indexing 10-15%
# slower). A smaller one, as the worker sends between reindexes, is not worth the trip.
POOLED = 100


class EmbeddedSearch:
    """The default backend: an FTS5 index in one SQLite file at `path`."""

    name = "embedded"
    # FTS5 writes large transactions faster (fewer segments to merge): 100,000 entries indexed
    # at 1,970 entries/s in batches of 5,000 against 1,696 in batches of 500.
    rebuild_batch = 5000

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.emptied = False  # see SearchBackend.emptied
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._vocabulary = typos.Vocabulary()
        self._pool: ProcessPoolExecutor | None = None

    async def open(self) -> None:
        missing = [t.value for t in ContentType if t not in TYPE_CODES]
        if missing or set(Locale) != set(LOCALE_CODES):
            raise RuntimeError(f"no rowid code for {missing or list(Locale)}: add it to embedded")
        if await self._run(layout.open_file, self.path):
            self.emptied = True

    async def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    async def replace(self, changes: Mapping[str, list[Document]]) -> None:
        """One transaction. Texts are folded (in a thread, or a child process for a large
        batch) while a thread writes what is folded: two cores on one batch, and the event
        loop never waits for either."""
        if not changes:
            return
        checked = [(writing.base(key, docs), docs) for key, docs in changes.items()]  # first
        parts = [checked[i : i + writing.FOLDED] for i in range(0, len(checked), writing.FOLDED)]
        fold = self._folder(len(checked))
        folded: writing.FoldedQueue = queue.SimpleQueue()

        def fold_all() -> None:
            try:
                for part in fold(writing.fold_entries, parts):
                    folded.put(part)
            except BaseException as error:  # the writer raises it, and rolls back
                folded.put(error)
            else:
                folded.put(None)

        await asyncio.gather(
            asyncio.to_thread(fold_all), self._run(writing.replace, folded, self._vocabulary)
        )

    def _folder(self, entries: int) -> Callable[..., Iterable[writing.Folded]]:
        if entries < POOLED:
            return map
        if self._pool is None:
            # spawned, not forked: this process has threads (and SQLite connections) running
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=context)
        return self._pool.map

    async def clear(self) -> None:
        def clear(conn: sqlite3.Connection) -> None:
            with layout.transaction(conn):
                layout.create(conn)

        await self._run(clear)
        self.emptied = False

    async def search(self, query: SearchQuery) -> SearchResult:
        words = parse_query(query.text)
        if not words:  # nothing to look for: answer at once, without touching the file
            return SearchResult(hits=[], total=0)
        return await self._run(_search, query, words)

    # fts_docsize, FTS5's row of word counts per indexed row, is small where docs is not
    async def stats(self) -> IndexStats:
        served = " + ".join(f"((id >> {SERVED + code}) & 1)" for code in LOCALES)
        sql = f"SELECT total({served}), COUNT(DISTINCT id >> {TYPE}) FROM fts_docsize"
        documents, entries = await self._run(lambda conn: conn.execute(sql).fetchone())
        return IndexStats(documents=int(documents), entries=entries)

    async def entry_keys(self) -> set[str]:
        sql = f"SELECT DISTINCT id >> {TYPE} FROM fts_docsize"
        rows = await self._run(lambda conn: conn.execute(sql).fetchall())
        return {f"{TYPES[e & 15].value}:{e >> (layout.ENTRY - TYPE)}" for (e,) in rows}

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


def _search(conn: sqlite3.Connection, query: SearchQuery, words: list[QueryWord]) -> SearchResult:
    with layout.transaction(conn, "DEFERRED"):  # one snapshot for counts, page and highlights
        candidates = typos.candidates(conn, words)
        where, params = planning.filters(conn, query)
        exists = f"SELECT 1 FROM fts WHERE fts MATCH ? AND {where} LIMIT 1"
        # When nothing has every word, words are dropped from the end (Meilisearch's "last"
        # strategy), so one word mistyped beyond repair does not empty the kiosk's screen.
        # Counting tells whether anything has every word too, unless none of its newest
        # matches pass the filters: one FTS5 statement less, and a costly one when the last
        # word is a long prefix (FTS5 merges the doclists of every key it starts, each time).
        while words:
            plan = planning.Plan(words, candidates)
            result, complete = counting.counts(conn, query, plan.every)
            if result.total or (
                not complete and conn.execute(exists, [plan.every, *params]).fetchone()
            ):
                break
            words = words[:-1]
        else:
            return SearchResult(hits=[], total=0)
        page = ranking.page(conn, query, plan, where, params)
        return dataclasses.replace(result, hits=ranking.hits(conn, query, page, plan.matcher))
