"""The Meilisearch backend: one index of documents with folded copies, through the official client.

Design:
- One index, `<prefix>_documents`, one Meilisearch document per `Document` (entry and locale),
  holding the original texts for display and copies folded by `hub.search.text` for matching:
  Meilisearch neither folds Tajik letters (ғ/г, ҳ/х, ...) nor transliterates Latin and Cyrillic,
  so the query is folded the same way and matches the folded copies.
- `distinctAttribute` is the entry key, so a search over every locale returns one hit, counts
  one total and one facet count per entry (Meilisearch computes facets after distinct).
  Counts come from page/hitsPerPage searches, which Meilisearch counts exhaustively (up to
  `MAX_TOTAL_HITS`); facets are disjunctive, each from a query without its own filter, all in
  one multi-search request. The locales facet counts native documents with one query per locale,
  because distinct would otherwise collapse an entry's locales into one.
- Highlights: Meilisearch marks the matched keys of the folded copies (with private-use tags
  that no text contains); a folded copy has one key per original word, so `hub.search.text`
  marks those words in the original text and HTML-escapes the rest, as the embedded backend
  does: a visitor sees her own script with `<mark>` around the matches.
- Each document records the FOLD_VERSION of its folded copies; `open()` drops documents of
  another version, which the embedded backend's rebuild mirrors.
- Every write waits for its Meilisearch tasks (writes are asynchronous there) and raises
  `MeiliSearchError` when a task fails or the server cannot be reached: the worker retries.
- The client is synchronous and not thread-safe (it mutates shared headers per request): every
  call runs in a worker thread with that thread's own client, never on the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from datetime import UTC
from typing import Any, TypeVar

import meilisearch
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from hub.enums import ContentType, Locale
from hub.search.backend import Document, Highlight, Hit, IndexStats, SearchQuery, SearchResult
from hub.search.text import FOLD_VERSION, Matcher, fold, mark, parse_query, snippet

T = TypeVar("T")

FIELDS = ("title", "subtitle", "body")
FOLDED = tuple(f"{field}_folded" for field in FIELDS)
# Totals and pages stop here: Meilisearch counts exhaustively only up to maxTotalHits.
MAX_TOTAL_HITS = 10_000
SETTINGS: dict[str, Any] = {
    # Rank order: a word in a title beats one in a subtitle, which beats one in a body. Only the
    # folded copies: the query is folded, and searching the originals too would rank texts that
    # happen to be in the folded form (Latin) above the same words in Cyrillic.
    "searchableAttributes": list(FOLDED),
    "filterableAttributes": ["id", "entry_key", "type", "locale", "native", "tags", "fold"],
    "sortableAttributes": ["published_at", "fallback"],
    "distinctAttribute": "entry_key",
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    # Most frequent tags first, so that a long tail is what a cap cuts off.
    "faceting": {"maxValuesPerFacet": 500, "sortFacetValuesBy": {"*": "count"}},
}
_RETRIEVE = ["type", "entry_id", "locale", *FIELDS, *FOLDED]
# Private-use characters: no document contains them, so parsing the marks cannot be fooled.
_PRE, _POST = "\ue000", "\ue001"
_PAGE = 1000


class MeiliSearchError(RuntimeError):
    """Meilisearch is down, too slow, or refused a request or task; the caller retries later."""


class MeiliSearch:
    """A `SearchBackend` on a Meilisearch server (see the module docstring for the design)."""

    name = "meilisearch"
    # 1,000 entries are about 3,000 documents, a few MB of JSON: well under the server's
    # 100 MB payload limit, and one indexing task per call.
    rebuild_batch = 1000

    def __init__(
        self,
        url: str,
        api_key: str,
        index_prefix: str,
        *,
        timeout: int = 5,
        task_timeout: float = 60.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.uid = f"{index_prefix}_documents"
        self._api_key = api_key or None
        self._timeout = timeout
        self._task_timeout_ms = int(task_timeout * 1000)
        self._local = threading.local()
        self.emptied = False  # see SearchBackend.emptied

    # -- plumbing ---------------------------------------------------------------------------

    def _client(self) -> meilisearch.Client:
        client: meilisearch.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = meilisearch.Client(self.url, self._api_key, timeout=self._timeout)
            self._local.client = client
        return client

    async def _run(self, work: Callable[[meilisearch.Client], T]) -> T:
        return await asyncio.to_thread(self._guarded, work)

    def _guarded(self, work: Callable[[meilisearch.Client], T]) -> T:
        try:
            return work(self._client())
        except MeilisearchCommunicationError as error:
            raise MeiliSearchError(
                f"Meilisearch at {self.url} cannot be reached ({error.message}); "
                "is it running, and is MEILI_URL right?"
            ) from error
        except MeilisearchTimeoutError as error:
            raise MeiliSearchError(
                f"Meilisearch at {self.url} did not answer in time: {error.message}"
            ) from error
        except MeilisearchApiError as error:
            raise MeiliSearchError(
                f"Meilisearch at {self.url} refused a request on index {self.uid}: "
                f"{error.code}: {error.message}"
            ) from error

    def _wait(self, client: meilisearch.Client, task_uid: int, allow: str = "") -> bool:
        """Whether the task succeeded; False when it failed with the `allow`ed error code."""
        task = client.wait_for_task(
            task_uid, timeout_in_ms=self._task_timeout_ms, interval_in_ms=20
        )
        if task.status == "succeeded":
            return True
        error = task.error or {}
        if allow and error.get("code") == allow:
            return False
        raise MeiliSearchError(
            f"Meilisearch task {task.uid} ({task.type}) on index {self.uid} {task.status}: "
            f"{error.get('code')}: {error.get('message')}"
        )

    # -- SearchBackend ----------------------------------------------------------------------

    async def open(self) -> None:
        def work(client: meilisearch.Client) -> None:
            created = client.create_index(self.uid, {"primaryKey": "id"})
            if self._wait(client, created.task_uid, allow="index_already_exists"):
                self.emptied = True  # a new index: the worker fills it from the database
            index = client.index(self.uid)
            self._wait(client, index.update_settings(dict(SETTINGS)).task_uid)
            # Documents folded by older rules would no longer meet the queries: drop them, as
            # the embedded index does, so that comparing with the database (`hub reindex`)
            # brings them back.
            self._wait(client, index.delete_documents(filter=f"fold != {FOLD_VERSION}").task_uid)

        await self._run(work)

    async def close(self) -> None:
        """Nothing to release: the client opens one HTTP connection per request."""

    async def replace(self, changes: Mapping[str, list[Document]]) -> None:
        if not changes:
            return
        docs = [_document(doc) for entry in changes.values() for doc in entry]
        # Delete only what the new documents do not overwrite: the entry stays findable
        # between the two tasks, and replaying the batch changes nothing.
        stale = f"entry_key IN [{_quoted(changes)}]"
        if docs:
            stale += f" AND id NOT IN [{_quoted(d['id'] for d in docs)}]"

        def work(client: meilisearch.Client) -> None:
            index = client.index(self.uid)
            tasks = [index.delete_documents(filter=stale).task_uid]
            if docs:
                tasks.append(index.add_documents(docs, primary_key="id").task_uid)
            for task in tasks:
                self._wait(client, task)

        await self._run(work)

    async def clear(self) -> None:
        def work(client: meilisearch.Client) -> None:
            self._wait(client, client.index(self.uid).delete_all_documents().task_uid)

        await self._run(work)
        self.emptied = False

    async def stats(self) -> IndexStats:
        def work(client: meilisearch.Client) -> IndexStats:
            index = client.index(self.uid)
            documents = index.get_stats().number_of_documents
            entries = index.search("", {"hitsPerPage": 0, "page": 1})["totalHits"]
            if entries >= MAX_TOTAL_HITS:  # the count stopped at the cap: count them all
                entries = len(self._entry_keys(client))
            return IndexStats(documents=documents, entries=entries)

        return await self._run(work)

    async def entry_keys(self) -> set[str]:
        return await self._run(self._entry_keys)

    def _entry_keys(self, client: meilisearch.Client) -> set[str]:
        index = client.index(self.uid)
        keys: set[str] = set()
        offset = 0
        while True:
            page = index.get_documents({"fields": ["entry_key"], "offset": offset, "limit": _PAGE})
            keys.update(dict(doc)["entry_key"] for doc in page.results)
            offset += len(page.results)
            if not page.results or offset >= page.total:
                return keys

    async def search(self, query: SearchQuery) -> SearchResult:
        # The same keys as the embedded backend, without its extra prefix alternatives.
        text = " ".join(word.key for word in parse_query(query.text))
        queries, skip = _queries(self.uid, text, query)
        response = await self._run(lambda client: client.multi_search(queries))
        return _result(response["results"], query, skip)


# -- documents and queries ----------------------------------------------------------------


def _document(doc: Document) -> dict[str, Any]:
    published = doc.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return {
        "id": doc.key.replace(":", "-"),  # ids allow only a-z A-Z 0-9 - _
        "entry_key": doc.entry_key,
        "type": doc.type.value,
        "entry_id": doc.entry_id,
        "locale": doc.locale.value,
        "native": doc.native,
        # Sortable twin of `native` (Meilisearch sorts numbers, not booleans): among documents
        # that match equally well, the entry's own text wins over a fallback copy of it.
        "fallback": 0 if doc.native else 1,
        **{field: getattr(doc, field) for field in FIELDS},
        **{f"{field}_folded": fold(getattr(doc, field)) for field in FIELDS},
        "fold": FOLD_VERSION,
        "tags": list(doc.tags),
        "published_at": int(published.timestamp()) if published else None,
    }


def _quoted(values: Any) -> str:
    return ", ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)


def _queries(uid: str, text: str, query: SearchQuery) -> tuple[list[dict[str, Any]], int]:
    """The multi-search queries (main, then facets without their own filter, then one count per
    locale) and how many leading hits of the main query's page to drop."""
    filters = {
        "types": f"type IN [{_quoted(t.value for t in query.types)}]" if query.types else "",
        "tags": f"tags IN [{_quoted(query.tags)}]" if query.tags else "",
        "locale": f'locale = "{query.locale.value}"' if query.locale else "",
    }

    def where(*extra: str, without: str = "") -> dict[str, Any]:
        parts = [f for name, f in filters.items() if f and name != without] + list(extra)
        return {"filter": " AND ".join(parts)} if parts else {}

    base = {"indexUid": uid, "q": text}
    count = {"page": 1, "hitsPerPage": 0}
    # page/hitsPerPage makes Meilisearch count exhaustively; an offset off the page grid is
    # served from a first page that reaches it.
    if query.limit > 0 and query.offset % query.limit == 0:
        window, skip = {"page": query.offset // query.limit + 1, "hitsPerPage": query.limit}, 0
    else:
        window, skip = {"page": 1, "hitsPerPage": query.offset + query.limit}, query.offset
    main: dict[str, Any] = {
        **base,
        **where(),
        **window,
        "showRankingScore": True,
        "attributesToRetrieve": _RETRIEVE,
        "attributesToHighlight": list(FOLDED),
        "highlightPreTag": _PRE,
        "highlightPostTag": _POST,
        # The sort rule comes after words, typo, proximity and attribute: it only breaks ties.
        "sort": ["fallback:asc"] if text else ["published_at:desc", "fallback:asc"],
    }
    own_facets = [name for name, f in (("type", query.types), ("tags", query.tags)) if not f]
    if own_facets:
        main["facets"] = own_facets
    queries = [main]
    if query.types:
        queries.append({**base, **where(without="types"), **count, "facets": ["type"]})
    if query.tags:
        queries.append({**base, **where(without="tags"), **count, "facets": ["tags"]})
    for locale in Locale:
        native = where(f'locale = "{locale.value}"', "native = true", without="locale")
        queries.append({**base, **native, **count})
    return queries, skip


def _result(results: list[dict[str, Any]], query: SearchQuery, skip: int) -> SearchResult:
    main, *rest = results
    facets = dict(main.get("facetDistribution") or {})
    for extra in rest[: bool(query.types) + bool(query.tags)]:
        facets.update(extra.get("facetDistribution") or {})
    by_locale = rest[len(rest) - len(Locale) :]
    known_types = {t.value for t in ContentType}
    return SearchResult(
        hits=[_hit(hit) for hit in main["hits"][skip:]],
        total=main.get("totalHits", main.get("estimatedTotalHits", 0)),
        types={ContentType(k): n for k, n in facets.get("type", {}).items() if k in known_types},
        tags=dict(facets.get("tags", {})),
        locales={
            locale: found["totalHits"]
            for locale, found in zip(Locale, by_locale, strict=True)
            if found["totalHits"]
        },
    )


def _hit(hit: dict[str, Any]) -> Hit:
    formatted = hit.get("_formatted") or {}
    highlights = []
    for field in FIELDS:
        # A folded copy holds one key per word of the original, so a key Meilisearch marked
        # (wholly, or its start for a prefix) names the original words to mark.
        folded = formatted.get(f"{field}_folded") or ""
        matched = {
            key.replace(_PRE, "").replace(_POST, "") for key in folded.split() if _PRE in key
        }
        if not matched:
            continue
        original, keys = hit.get(field) or "", (hit.get(f"{field}_folded") or "").split()
        show = snippet if field == "body" else mark
        marked = show(original, Matcher(frozenset(matched)), keys)
        if marked:
            highlights.append(Highlight(field=field, snippet=marked))
    return Hit(
        type=ContentType(hit["type"]),
        entry_id=int(hit["entry_id"]),
        locale=Locale(hit["locale"]),
        score=float(hit.get("_rankingScore", 0.0)),
        highlights=tuple(highlights),
    )
