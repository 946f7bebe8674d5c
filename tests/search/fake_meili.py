"""An in-process fake of the few Meilisearch HTTP endpoints that hub.search.meili calls.

It is a real HTTP server on 127.0.0.1 (so the official client's requests, headers and JSON are
exercised), following Meilisearch's documented request and response shapes: writes are enqueued
tasks processed in order by a background thread, unknown parameters and settings are rejected
like Meilisearch rejects them, and filters or facets on attributes that are not filterable fail.
Matching is simple: lower-cased words, the last query word as a prefix, Damerau typos by word
length (a typo on the first letter costs two), and matching strategy "last"; ranking is words,
typo, attribute, exactness. No proximity, no stop words, no synonyms, no federation.
"""

from __future__ import annotations

import itertools
import json
import queue
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_SETTINGS: dict[str, Any] = {
    "displayedAttributes": ["*"],
    "searchableAttributes": ["*"],
    "filterableAttributes": [],
    "sortableAttributes": [],
    "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    "stopWords": [],
    "nonSeparatorTokens": [],
    "separatorTokens": [],
    "dictionary": [],
    "synonyms": {},
    "distinctAttribute": None,
    "proximityPrecision": "byWord",
    "typoTolerance": {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
        "disableOnWords": [],
        "disableOnAttributes": [],
    },
    "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
    "pagination": {"maxTotalHits": 1000},
    "searchCutoffMs": None,
    "localizedAttributes": None,
}
_NESTED = ("typoTolerance", "faceting", "pagination")
SEARCH_PARAMS = {
    "q", "offset", "limit", "page", "hitsPerPage", "filter", "facets", "distinct",
    "attributesToRetrieve", "attributesToCrop", "cropLength", "cropMarker",
    "attributesToHighlight", "highlightPreTag", "highlightPostTag", "showMatchesPosition",
    "sort", "matchingStrategy", "showRankingScore", "showRankingScoreDetails",
    "rankingScoreThreshold", "attributesToSearchOn", "locales",
}  # fmt: skip
_ID = re.compile(r"^[A-Za-z0-9_-]{1,511}$")
_WORD = re.compile(r"\w+")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, kind: str = "invalid_request"):
        super().__init__(message)
        self.status, self.code, self.kind = status, code, kind

    def body(self) -> dict[str, str]:
        link = f"https://docs.meilisearch.com/errors#{self.code}"
        return {"message": str(self), "code": self.code, "type": self.kind, "link": link}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")


class FakeMeilisearch:
    """`with FakeMeilisearch() as fake:` serves at `fake.url` until the block ends.

    `task_delay` (seconds) keeps each task enqueued that long, so a caller that does not wait
    for its tasks reads stale data; `requests` records (method, path, body) of every call.
    """

    def __init__(self, api_key: str = "fake-master-key", task_delay: float = 0.0) -> None:
        self.api_key = api_key
        self.task_delay = task_delay
        self.indexes: dict[str, dict[str, Any]] = {}
        self.tasks: dict[int, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, Any]] = []
        self._payloads: dict[int, Any] = {}
        self._uids = itertools.count()
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._threads = [
            threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True),
            threading.Thread(target=self._process, daemon=True),
        ]

    def __enter__(self) -> FakeMeilisearch:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(5)

    # -- requests ---------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Any, raw: bytes) -> tuple[int, Any]:
        url = urlsplit(target)
        path, params = url.path.rstrip("/"), {k: v[-1] for k, v in parse_qs(url.query).items()}
        if self.api_key:
            auth = headers.get("Authorization", "")
            if not auth:
                raise ApiError(
                    401,
                    "missing_authorization_header",
                    "The Authorization header is missing. It must use the bearer authorization "
                    "method.",
                    "auth",
                )
            if auth != f"Bearer {self.api_key}":
                raise ApiError(403, "invalid_api_key", "The provided API key is invalid.", "auth")
        body = None
        if method in ("POST", "PUT", "PATCH") and raw:
            if not headers.get("Content-Type", "").startswith("application/json"):
                raise ApiError(
                    415,
                    "invalid_content_type",
                    "The Content-Type header is missing or is not application/json.",
                )
            try:
                body = json.loads(raw)
            except ValueError as error:
                raise ApiError(
                    400, "malformed_payload", f"The json payload is malformed. {error}."
                ) from error
        with self._lock:
            self.requests.append((method, path, body))
            return self._route(method, path.split("/")[1:], params, body)

    def _route(
        self, method: str, parts: list[str], params: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        details: dict[str, Any]
        match method, parts:
            case "GET", ["health"]:
                return 200, {"status": "available"}
            case "GET", ["version"]:
                return 200, {"pkgVersion": "1.11.0-fake", "commitSha": "", "commitDate": ""}
            case "GET", ["tasks", uid]:
                if not uid.isdigit() or int(uid) not in self.tasks:
                    raise ApiError(404, "task_not_found", f"Task `{uid}` not found.")
                return 200, self.tasks[int(uid)]
            case "POST", ["indexes"]:
                uid = _index_uid(body.get("uid"))
                return self._enqueue(uid, "indexCreation", {"primaryKey": body.get("primaryKey")})
            case "GET", ["indexes", uid]:
                index = self._index(uid)
                return 200, {
                    "uid": uid,
                    "primaryKey": index["primaryKey"],
                    "createdAt": index["createdAt"],
                    "updatedAt": index["createdAt"],
                }
            case "DELETE", ["indexes", uid]:
                return self._enqueue(_index_uid(uid), "indexDeletion", {})
            case "GET", ["indexes", uid, "settings"]:
                return 200, self._index(uid)["settings"]
            case "PATCH", ["indexes", uid, "settings"]:
                for key in body:
                    if key not in DEFAULT_SETTINGS:
                        raise ApiError(
                            400,
                            "bad_request",
                            f"Unknown field `{key}`: expected one of {', '.join(DEFAULT_SETTINGS)}",
                        )
                return self._enqueue(_index_uid(uid), "settingsUpdate", body)
            case "POST", ["indexes", uid, "documents"]:
                if not isinstance(body, list):
                    raise ApiError(400, "malformed_payload", "The payload must be an array.")
                details = {"receivedDocuments": len(body), "indexedDocuments": None}
                payload = {"documents": body, "primaryKey": params.get("primaryKey")}
                return self._enqueue(_index_uid(uid), "documentAdditionOrUpdate", details, payload)
            case "POST", ["indexes", uid, "documents", "delete"]:
                expression = (body or {}).get("filter")
                _document_filter(expression, None)
                details = {"originalFilter": json.dumps(expression), "deletedDocuments": None}
                payload = {"filter": expression}
                return self._enqueue(_index_uid(uid), "documentDeletion", details, payload)
            case "POST", ["indexes", uid, "documents", "delete-batch"]:
                details = {"providedIds": len(body), "deletedDocuments": None}
                payload = {"ids": [str(i) for i in body]}
                return self._enqueue(_index_uid(uid), "documentDeletion", details, payload)
            case "DELETE", ["indexes", uid, "documents"]:
                details = {"providedIds": 0, "deletedDocuments": None, "originalFilter": None}
                return self._enqueue(_index_uid(uid), "documentDeletion", details, {"all": True})
            case "POST", ["indexes", uid, "documents", "fetch"]:
                return 200, self._fetch(self._index(uid), body or {})
            case "GET", ["indexes", uid, "documents"]:
                fields = params.get("fields")
                listing = {
                    "offset": int(params.get("offset", 0)),
                    "limit": int(params.get("limit", 20)),
                    "fields": fields.split(",") if fields else None,
                }
                return 200, self._fetch(self._index(uid), listing)
            case "GET", ["indexes", uid, "stats"]:
                return 200, self._stats(self._index(uid))
            case "POST", ["indexes", uid, "search"]:
                return 200, self._search(self._index(uid), body or {})
            case "POST", ["multi-search"]:
                if body.get("federation") is not None:
                    raise ApiError(400, "bad_request", "The fake does not federate searches.")
                results = []
                for n, one in enumerate(body["queries"]):
                    search: dict[str, Any] = dict(one)
                    uid = search.pop("indexUid", None)
                    try:
                        found = self._search(self._index(uid), search)
                    except ApiError as error:
                        raise ApiError(
                            error.status, error.code, f"Inside `.queries[{n}]`: {error}"
                        ) from error
                    results.append({"indexUid": uid, **found})
                return 200, {"results": results}
        raise ApiError(404, "not_found", f"No route for {method} /{'/'.join(parts)}.")

    def _index(self, uid: str | None) -> dict[str, Any]:
        if uid not in self.indexes:
            raise ApiError(404, "index_not_found", f"Index `{uid}` not found.")
        return self.indexes[uid]

    # -- tasks ------------------------------------------------------------------------------

    def _enqueue(
        self, uid: str, kind: str, details: dict[str, Any], payload: Any = None
    ) -> tuple[int, Any]:
        number = next(self._uids)
        self.tasks[number] = {
            "uid": number, "batchUid": None, "indexUid": uid, "status": "enqueued",
            "type": kind, "canceledBy": None, "details": details, "error": None,
            "duration": None, "enqueuedAt": _now(), "startedAt": None, "finishedAt": None,
        }  # fmt: skip
        self._payloads[number] = details if payload is None else payload
        self._queue.put(number)
        summary = {k: self.tasks[number][k] for k in ("indexUid", "status", "type", "enqueuedAt")}
        return 202, {"taskUid": number, **summary}

    def _process(self) -> None:
        while (number := self._queue.get()) is not None:
            time.sleep(self.task_delay)
            with self._lock:
                task = self.tasks[number]
                task.update(status="processing", startedAt=_now())
                try:
                    done = self._apply(task["indexUid"], task["type"], self._payloads.pop(number))
                    task.update(status="succeeded", details={**task["details"], **done})
                except ApiError as error:
                    task.update(status="failed", error=error.body())
                task.update(finishedAt=_now(), duration="PT0.001S")

    def _apply(self, uid: str, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        if kind == "indexCreation":
            if uid in self.indexes:
                raise ApiError(400, "index_already_exists", f"Index `{uid}` already exists.")
            self._create(uid, payload["primaryKey"])
            return {}
        if kind == "indexDeletion":
            count = len(self._index(uid)["docs"])
            del self.indexes[uid]
            return {"deletedDocuments": count}
        index = self.indexes.get(uid) or self._create(uid, None)
        if kind == "settingsUpdate":
            for key, value in payload.items():
                if value is None:
                    index["settings"][key] = json.loads(json.dumps(DEFAULT_SETTINGS[key]))
                elif key in _NESTED:
                    index["settings"][key] = {**index["settings"][key], **value}
                else:
                    index["settings"][key] = value
            return {}
        docs = index["docs"]
        if kind == "documentAdditionOrUpdate":
            return self._add(index, payload["documents"], payload["primaryKey"])
        if "ids" in payload:
            gone = [docs.pop(i) for i in payload["ids"] if i in docs]
        elif payload.get("all"):
            gone = list(docs.values())
            docs.clear()
        else:
            test = _document_filter(
                payload["filter"], set(index["settings"]["filterableAttributes"])
            )
            gone = [docs.pop(i) for i, d in list(docs.items()) if test(d)]
        return {"deletedDocuments": len(gone)}

    def _add(
        self, index: dict[str, Any], documents: list[dict[str, Any]], primary_key: str | None
    ) -> dict[str, Any]:
        key = index["primaryKey"] or primary_key
        if key is None:
            key = next((k for d in documents for k in d if k.endswith("id")), None)
        if key is None:
            raise ApiError(
                400,
                "index_primary_key_no_candidate_found",
                "The primary key "
                "inference failed as the engine did not find any field ending with "
                "`id` in its name.",
            )
        index["primaryKey"] = key
        for doc in documents:
            value = doc.get(key)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | str)
                or (isinstance(value, str) and not _ID.match(value))
            ):
                raise ApiError(
                    400,
                    "invalid_document_id",
                    f"Document identifier `{value!r}` is "
                    "invalid. A document identifier can be of type integer or string, "
                    "only composed of alphanumeric characters (a-z A-Z 0-9), hyphens "
                    "(-) and underscores (_).",
                )
        for doc in documents:
            index["docs"][str(doc[key])] = doc
        return {"indexedDocuments": len(documents)}

    def _create(self, uid: str, primary_key: str | None) -> dict[str, Any]:
        settings = json.loads(json.dumps(DEFAULT_SETTINGS))
        index = {"primaryKey": primary_key, "createdAt": _now(), "settings": settings, "docs": {}}
        self.indexes[uid] = index
        return index

    # -- reads ------------------------------------------------------------------------------

    def _stats(self, index: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, int] = {}
        for doc in index["docs"].values():
            for key in doc:
                fields[key] = fields.get(key, 0) + 1
        busy = any(t["status"] in ("enqueued", "processing") for t in self.tasks.values())
        return {
            "numberOfDocuments": len(index["docs"]),
            "rawDocumentDbSize": 0,
            "avgDocumentSize": 0,
            "isIndexing": busy,
            "numberOfEmbeddings": 0,
            "numberOfEmbeddedDocuments": 0,
            "fieldDistribution": fields,
        }

    def _fetch(self, index: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        docs = list(index["docs"].values())
        if body.get("filter") is not None:
            filterable = set(index["settings"]["filterableAttributes"])
            test = _document_filter(body["filter"], filterable)
            docs = [d for d in docs if test(d)]
        offset, limit, fields = body.get("offset", 0), body.get("limit", 20), body.get("fields")
        page = [_pick(d, fields) for d in docs[offset : offset + limit]]
        return {"results": page, "offset": offset, "limit": limit, "total": len(docs)}

    def _filter_check(self, index: dict[str, Any], expression: Any) -> Any:
        filterable = set(index["settings"]["filterableAttributes"])
        try:
            return _parse_filter(expression, filterable)
        except ValueError as error:
            raise ApiError(400, "invalid_search_filter", str(error)) from error

    def _search(self, index: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
        for key in p:
            if key not in SEARCH_PARAMS:
                raise ApiError(
                    400,
                    "bad_request",
                    f"Unknown field `{key}`: expected one of {', '.join(sorted(SEARCH_PARAMS))}",
                )
        settings = index["settings"]
        docs = list(index["docs"].values())
        if p.get("filter") is not None:
            test = self._filter_check(index, p["filter"])
            docs = [d for d in docs if test(d)]
        words = [w.lower() for w in _WORD.findall(p.get("q") or "")]
        sorts = []
        for clause in p.get("sort") or []:
            field, _, order = clause.partition(":")
            if field not in settings["sortableAttributes"]:
                raise ApiError(400, "invalid_search_sort", f"Attribute `{field}` is not sortable.")
            sorts.append((field, -1 if order == "desc" else 1))
        ranked = _rank(docs, words, settings, p.get("matchingStrategy", "last"), sorts)
        distinct = p.get("distinct", settings["distinctAttribute"])
        if distinct:
            seen: set[str] = set()
            kept = []
            for score, doc in ranked:
                value = json.dumps(doc.get(distinct))
                if value not in seen:
                    seen.add(value)
                    kept.append((score, doc))
            ranked = kept
        cap = settings["pagination"]["maxTotalHits"]
        out: dict[str, Any] = {"query": p.get("q") or "", "processingTimeMs": 0}
        if "page" in p or "hitsPerPage" in p:
            page, per = p.get("page", 1), p.get("hitsPerPage", 20)
            start = (page - 1) * per if page > 0 else cap
            total = min(len(ranked), cap)
            window = ranked[start : min(start + per, total)]
            out |= {
                "hitsPerPage": per,
                "page": page,
                "totalHits": total,
                "totalPages": -(-total // per) if per else 0,
            }
        else:
            offset, limit = p.get("offset", 0), p.get("limit", 20)
            window = ranked[offset : min(offset + limit, cap)]
            out |= {"limit": limit, "offset": offset, "estimatedTotalHits": min(len(ranked), cap)}
        out["hits"] = [_hit(doc, score, words, settings, p) for score, doc in window]
        if p.get("facets") is not None:
            out["facetDistribution"] = _facets(p["facets"], [d for _, d in ranked], settings)
            out["facetStats"] = {}
        return out


def _handler(fake: FakeMeilisearch) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                status, body = fake.handle(self.command, self.path, self.headers, raw)
            except ApiError as error:
                status, body = error.status, error.body()
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _index_uid(uid: Any) -> str:
    if not isinstance(uid, str) or not _ID.match(uid) or len(uid) > 400:
        raise ApiError(
            400,
            "invalid_index_uid",
            f"`{uid}` is not a valid index uid. Index uid "
            "can be an integer or a string containing only alphanumeric characters, "
            "hyphens (-) and underscores (_).",
        )
    return uid


def _pick(doc: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if not fields or "*" in fields:
        return dict(doc)
    return {k: doc[k] for k in fields if k in doc}


# -- matching and ranking -------------------------------------------------------------------


def _typos(query: str, word: str) -> int:
    """Damerau (optimal string alignment) distance; a first letter that differs costs one more."""
    rows = [list(range(len(word) + 1))]
    for i, qc in enumerate(query, 1):
        row = [i] + [0] * len(word)
        for j, wc in enumerate(word, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (qc != wc))
            if i > 1 and j > 1 and qc == word[j - 2] and query[i - 2] == wc:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    first = 1 if query[:1] != word[:1] else 0
    return rows[-1][-1] + first


def _match(query: str, last: bool, word: str, settings: dict[str, Any]) -> tuple[int, int] | None:
    """(typos, length of the matched start of `word`) or None."""
    if word == query:
        return 0, len(word)
    if last and word.startswith(query):
        return 0, len(query)
    tolerance = settings["typoTolerance"]
    sizes = tolerance["minWordSizeForTypos"]
    allowed = (
        0
        if not tolerance["enabled"]
        else (2 if len(query) >= sizes["twoTypos"] else 1 if len(query) >= sizes["oneTypo"] else 0)
    )
    if not allowed:
        return None
    if (typos := _typos(query, word)) <= allowed:
        return typos, len(word)
    if last:
        for size in (len(query) - 1, len(query), len(query) + 1):
            if 0 < size < len(word) and (typos := _typos(query, word[:size])) <= allowed:
                return typos, size
    return None


def _searchable(doc: dict[str, Any], settings: dict[str, Any]) -> list[str]:
    names = settings["searchableAttributes"]
    return list(doc) if names == ["*"] else [n for n in names if n in doc]


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _rank(
    docs: list[dict[str, Any]],
    words: list[str],
    settings: dict[str, Any],
    strategy: str,
    sorts: list[tuple[str, int]],
) -> list[tuple[float, dict[str, Any]]]:
    """Ranking rules words, typo, attribute, sort, exactness (no proximity), then index order."""
    n, attrs = len(words), max(len(settings["searchableAttributes"]), 1)
    scored = []
    for order, doc in enumerate(docs):
        best: list[tuple[int, int, int] | None] = []
        for i, query in enumerate(words):
            found = None
            for rank, name in enumerate(_searchable(doc, settings)):
                for text in _texts(doc.get(name)):
                    for token in _WORD.findall(text.lower()):
                        m = _match(query, i == n - 1, token, settings)
                        if m and (found is None or (m[0], rank) < found[:2]):
                            found = (m[0], rank, int(m[0] == 0 and m[1] == len(token)))
            best.append(found)
        matched = next((i for i, b in enumerate(best) if b is None), n)
        if n and (matched == 0 or (strategy == "all" and matched < n)):
            continue
        hits = [b for b in best[:matched] if b]
        typos = sum(b[0] for b in hits)
        attr = min((b[1] for b in hits), default=0)
        exact = sum(b[2] for b in hits)
        # Mixed radix over (words, typo, attribute, exactness): ordered like the ranking rules.
        digits = [
            (matched, n + 1),
            (2 * n - min(typos, 2 * n), 2 * n + 1),
            (attrs - 1 - attr, attrs),
            (exact, n + 1),
        ]
        value = top = 0
        for digit, radix in digits:
            value, top = value * radix + digit, top * radix + radix - 1
        sort_key = [_sort_value(doc.get(field), direction) for field, direction in sorts]
        key = (-matched, typos, attr, *sort_key, -exact, order)
        scored.append((key, value / top if top else 1.0, doc))
    scored.sort(key=lambda s: s[0])
    return [(score, doc) for _, score, doc in scored]


def _sort_value(value: Any, direction: int) -> tuple[int, float]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return 0, direction * value
    return 1, 0.0  # Meilisearch sorts numbers; other values come after


def _facets(
    names: list[str], docs: list[dict[str, Any]], settings: dict[str, Any]
) -> dict[str, dict[str, int]]:
    out = {}
    faceting = settings["faceting"]
    for name in names:
        if name not in settings["filterableAttributes"]:
            raise ApiError(
                400,
                "invalid_search_facets",
                f"Invalid facet distribution, attribute `{name}` is not filterable.",
            )
        counts: dict[str, int] = {}
        for doc in docs:
            value = doc.get(name)
            for v in set(value if isinstance(value, list) else [] if value is None else [value]):
                key = json.dumps(v) if isinstance(v, bool) else str(v)
                counts[key] = counts.get(key, 0) + 1
        by = faceting["sortFacetValuesBy"].get(name, faceting["sortFacetValuesBy"].get("*"))
        items = sorted(counts.items(), key=(lambda kv: (-kv[1], kv[0])) if by == "count" else None)
        out[name] = dict(items[: faceting["maxValuesPerFacet"]])
    return out


def _hit(
    doc: dict[str, Any],
    score: float,
    words: list[str],
    settings: dict[str, Any],
    p: dict[str, Any],
) -> dict[str, Any]:
    retrieve = p.get("attributesToRetrieve") or ["*"]
    displayed = settings["displayedAttributes"]
    hit = {k: v for k, v in _pick(doc, retrieve).items() if displayed == ["*"] or k in displayed}
    highlight, crop = p.get("attributesToHighlight") or [], p.get("attributesToCrop") or []
    if highlight or crop:
        tags = p.get("highlightPreTag", "<em>"), p.get("highlightPostTag", "</em>")
        formatted = {}
        for key, value in hit.items():
            if isinstance(value, str):
                marked = "*" in highlight or key in highlight
                cropped = "*" in crop or key in crop
                value = _format(
                    value,
                    words,
                    settings,
                    tags if marked else None,
                    p.get("cropLength", 10) if cropped else None,
                    p.get("cropMarker", "…"),
                )
            formatted[key] = value
        hit["_formatted"] = formatted
    if p.get("showRankingScore"):
        hit["_rankingScore"] = score
    return hit


def _format(
    text: str,
    words: list[str],
    settings: dict[str, Any],
    tags: tuple[str, str] | None,
    crop: int | None,
    marker: str,
) -> str:
    pieces: list[tuple[str, bool]] = []  # (text, is a word)
    position = 0
    for found in _WORD.finditer(text):
        pieces.append((text[position : found.start()], False))
        token = found.group()
        size = 0
        for i, query in enumerate(words):
            m = _match(query, i == len(words) - 1, token.lower(), settings)
            size = max(size, m[1] if m else 0)
        if size and tags:
            token = f"{tags[0]}{token[:size]}{tags[1]}{token[size:]}"
        pieces.append((token, True))
        position = found.end()
    pieces.append((text[position:], False))
    if crop is None:
        return "".join(piece for piece, _ in pieces)
    word_at = [i for i, (_, is_word) in enumerate(pieces) if is_word]
    first = next((k for k, i in enumerate(word_at) if tags and tags[0] in pieces[i][0]), 0)
    start = max(0, min(first - crop // 2, len(word_at) - crop))
    chosen = word_at[start : start + crop]
    if not chosen:
        return text
    body = "".join(piece for piece, _ in pieces[chosen[0] : chosen[-1] + 1])
    before = marker if start > 0 else ""
    after = marker if start + crop < len(word_at) else ""
    return f"{before}{body}{after}"


# -- filters --------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')|(?P<op>!=|>=|<=|=|>|<|\(|\)|\[|\]|,)"
    r"|(?P<word>[^\s=!<>()\[\],'\"]+))"
)


def _parse_filter(expression: Any, filterable: set[str] | None = None) -> Any:
    """A predicate over documents for Meilisearch's filter syntax (string or nested arrays)."""
    if isinstance(expression, list):
        parts = [
            _parse_filter(e, filterable)
            if isinstance(e, str)
            else _any([_parse_filter(x, filterable) for x in e])
            for e in expression
        ]
        return lambda doc: all(part(doc) for part in parts)
    if not isinstance(expression, str):
        raise ValueError(f"Invalid filter: expected a string or an array, found `{expression}`.")
    tokens = list(_tokens(expression))
    parser = _Parser(tokens, filterable)
    test = parser.expression()
    if parser.position != len(tokens):
        raise ValueError(f"Was expecting an operation `=`, `!=`, ... at `{expression}`.")
    return test


def _document_filter(expression: Any, filterable: set[str] | None) -> Any:
    try:
        return _parse_filter(expression, filterable)
    except ValueError as error:
        raise ApiError(400, "invalid_document_filter", str(error)) from error


def _any(parts: list[Any]) -> Any:
    return lambda doc: any(part(doc) for part in parts)


def _tokens(expression: str) -> Iterator[tuple[str, str]]:
    position = 0
    while position < len(expression.rstrip()):
        found = _TOKEN.match(expression, position)
        if not found or found.end() == position:
            raise ValueError(f"Invalid filter at `{expression[position:]}`.")
        kind = found.lastgroup or "word"
        value = found.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        yield kind, value
        position = found.end()


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], filterable: set[str] | None) -> None:
        self.tokens, self.position, self.filterable = tokens, 0, filterable

    def peek(self, upper: bool = True) -> str | None:
        if self.position >= len(self.tokens):
            return None
        kind, value = self.tokens[self.position]
        return value.upper() if kind == "word" and upper else value

    def take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise ValueError("Unexpected end of filter.")
        self.position += 1
        return self.tokens[self.position - 1]

    def expression(self) -> Any:
        parts = [self.conjunction()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else _any(parts)

    def conjunction(self) -> Any:
        parts = [self.unary()]
        while self.peek() == "AND":
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else (lambda doc: all(p(doc) for p in parts))

    def unary(self) -> Any:
        if self.peek() == "NOT":
            self.take()
            inner = self.unary()
            return lambda doc: not inner(doc)
        if self.peek() == "(":
            self.take()
            inner = self.expression()
            if self.take()[1] != ")":
                raise ValueError("Expected `)`.")
            return inner
        return self.condition()

    def condition(self) -> Any:
        field = self.take()[1]
        if self.filterable is not None and field not in self.filterable:
            raise ValueError(
                f"Attribute `{field}` is not filterable. Available filterable "
                f"attributes are: `{', '.join(sorted(self.filterable))}`."
            )
        negate = self.peek() == "NOT"
        if negate:
            self.take()
        op = self.take()[1].upper()
        if op == "IN":
            if self.take()[1] != "[":
                raise ValueError("Expected `[` after IN.")
            values = []
            while self.peek() != "]":
                values.append(self.take()[1])
                if self.peek() == ",":
                    self.take()
            self.take()
            return lambda doc: negate != any(_compare(doc.get(field), "=", v) for v in values)
        if op == "EXISTS":
            return lambda doc: negate != (field in doc)
        if negate or op not in ("=", "!=", ">", ">=", "<", "<="):
            raise ValueError(f"Was expecting an operation `=`, `!=`, `IN`, ... near `{field}`.")
        value = self.take()[1]
        return lambda doc: _compare(doc.get(field), op, value)


def _compare(actual: Any, op: str, value: str) -> bool:
    if op == "!=":
        return not _compare(actual, "=", value)
    values = actual if isinstance(actual, list) else [actual]
    for one in values:
        if one is None:
            continue
        if op == "=":
            text = json.dumps(one) if isinstance(one, bool) else str(one)
            if text.lower() == value.lower():
                return True
            continue
        try:
            number, bound = float(one), float(value)
        except (TypeError, ValueError):
            continue
        if {">": number > bound, ">=": number >= bound, "<": number < bound, "<=": number <= bound}[
            op
        ]:
            return True
    return False
