"""Kiosk-query benchmark: the GraphQL kiosk query against a one-statement SQL baseline.

Usage, from the repository root (a few minutes on 2 cores):

    .venv/bin/python -m benchmarks.kiosk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m benchmarks.kiosk

What it does:
1. Creates a fresh temporary database (a SQLite file in a temporary directory, or with a postgres
   DATABASE_URL a database `hub_bench_<pid>` on that server; the named database is only used to
   create and drop it), migrates it with `hub.db.migrate()` and bulk-loads 10,000 deterministic
   stories (fixed seed) with ~50 artists, tags, cover images, content warnings, anonymous stories
   and drafts.
2. Serves `create_bench_app()` with uvicorn in a separate process (one worker, HUB_ENV=production,
   127.0.0.1, a free port). That is the product app plus two routes mounted here only:
   `POST /baseline` answers the kiosk query's JSON from one hand-written SQL statement (JSON built
   by the database), and `POST /graphql-uncached` is the product's GraphQL endpoint with its
   response cache turned off (`HUB_RESPONSE_CACHE_ENTRIES=0`), so that executing the query is
   measured as well as the product as configured (`/graphql`, where a kiosk's repeated query is
   served from the response cache after the first).
3. Checks that the three endpoints answer the same JSON for every locale, then sends the query in
   `tests/kiosk.graphql` to each with httpx at 16 concurrent clients (warm-up, then a fixed
   number of requests per endpoint, in alternating rounds) and prints p50/p95 latency, requests
   per second, server CPU per request and the GraphQL/baseline ratios.
4. Stops the server and deletes the temporary database, whatever happens.

The load comes from `--processes` worker processes (default 1) that share the machine's cores
with the server (and with PostgreSQL): their CPU use is printed so that a client-bound figure
can be recognised, and so is the server's CPU per request, which does not depend on the client.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hub import db, tables
from hub.app import HubGraphQL, create_app
from hub.content.pages import encode_cursor
from hub.content.stories import ANONYMOUS_NAME
from hub.enums import ContentWarning, Locale, Region, Status, StoryFormat
from hub.i18n import LOCALES, chain_for
from hub.schema.context import Services
from hub.schema.responses import ResponseStore
from hub.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
KIOSK_QUERY = (ROOT / "tests" / "kiosk.graphql").read_text()
# The page size written in tests/kiosk.graphql; the equality check fails if the two drift apart.
KIOSK_PAGE = 20
SEED = 23  # chosen so that the compared page of 10,000 stories holds every case

# ---- the baseline: one SQL statement -----------------------------------------------------------


def _translations(alias: str, field: str, chain: Sequence[Locale]) -> str:
    return ", ".join(f"NULLIF({alias}.{field}_{locale.value}, '')" for locale in chain)


def _pick(alias: str, field: str, chain: Sequence[Locale]) -> str:
    """SQL for hub.i18n.pick: the first non-empty translation along the chain, else ''."""
    return f"COALESCE({_translations(alias, field, chain)}, '')"


def baseline_sql(postgres: bool, chain: Sequence[Locale]) -> str:
    """The kiosk page as one JSON document; `{}` is the anonymous name (a parameter)."""
    false = "false" if postgres else "0"
    obj = "json_build_object" if postgres else "json_object"
    # SQLite drops the JSON subtype across subqueries and CASE: json() restores it.
    sub = (lambda sql: sql) if postgres else (lambda sql: f"json({sql})")
    order = "p.published_at DESC, p.created_at DESC, p.id DESC"
    if postgres:
        utc = "p.published_at AT TIME ZONE 'UTC'"
        # Python's isoformat(): microseconds only when there are some.
        published = (
            f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
            f"extract(microseconds FROM p.published_at)::bigint % 1000000 = 0 THEN '' "
            f"ELSE to_char({utc}, '.US') END || '+00:00'"
        )
    else:
        published = "replace(p.published_at, ' ', 'T')"
    tag = f"{obj}('slug', t.slug, 'name', {_pick('t', 'name', chain)})"
    if postgres:
        tags = (
            f"COALESCE((SELECT json_agg({tag} ORDER BY st.id) FROM story_tag st "
            "JOIN tag t ON t.id = st.tag WHERE st.story = p.id AND t.status = 'published'), "
            "'[]'::json)"
        )
    else:
        tags = (
            f"json((SELECT json_group_array({tag}) FROM (SELECT st.id, t.* FROM story_tag st "
            "JOIN tag t ON t.id = st.tag WHERE st.story = p.id AND t.status = 'published' "
            "ORDER BY st.id) t))"
        )
    # url(width: 640) as hub/media/derivatives names it: the preset at least 640 wide (the
    # original's width if narrower), JPEG for JPEG originals and WEBP for the others.
    if postgres:
        stem = "split_part(split_part(i.storage_key, '/', 2), '.', 1)"
    else:
        stem = "substr(i.storage_key, 11, instr(i.storage_key, '.') - 11)"  # after originals/
    width = "LEAST(i.width, 640)" if postgres else "min(i.width, 640)"
    url = (
        f"'/media/derivatives/' || {stem} || '/' || {width} || '-contain.' || "
        "CASE WHEN i.content_type = 'image/jpeg' THEN 'jpg' ELSE 'webp' END"
    )
    cover = f"CASE WHEN i.id IS NULL THEN NULL ELSE {obj}('url', {url}, 'blurhash', i.blurhash) END"
    author = (
        f"CASE WHEN a.id IS NULL THEN NULL ELSE {obj}('slug', a.slug, "
        f"'name', {_pick('a', 'name', chain)}, 'region', upper(a.region)) END"
    )
    node = f"""{obj}(
        'id', p.id, 'slug', p.slug,
        'title', {_pick("p", "title", chain)}, 'excerpt', {_pick("p", "excerpt", chain)},
        'authorName', CASE WHEN a.id IS NULL THEN COALESCE(NULLIF(p.pseudonym, ''), {{}})
            ELSE COALESCE({_translations("a", "name", chain)}, NULLIF(p.pseudonym, ''), '') END,
        'publishedAt', {published},
        'readingTimeMinutes', p.reading_time_minutes,
        'coverImage', {sub(cover)},
        'tags', {tags},
        'author', {sub(author)})"""
    joins = f"""FROM page p
        LEFT JOIN artist a ON a.id = p.author AND a.status = 'published'
            AND p.is_anonymous = {false}
        LEFT JOIN image i ON i.id = p.cover_image"""
    if postgres:
        nodes = f"COALESCE((SELECT json_agg({node} ORDER BY {order}) {joins}), '[]'::json)"
    else:
        nodes = f"json((SELECT json_group_array(json(n)) FROM (SELECT {node} AS n {joins} "
        nodes += f"ORDER BY {order})))"
    visible = f"s.status = 'published' AND s.warns_sexual_violence = {false}"
    columns = ", ".join(
        [
            *(f"s.{field}_{locale.value}" for field in ("title", "excerpt") for locale in LOCALES),
            "s.id, s.slug, s.published_at, s.created_at, s.reading_time_minutes",
            "s.author, s.is_anonymous, s.pseudonym, s.cover_image",
        ]
    )
    return f"""WITH page AS (
        SELECT {columns} FROM story s WHERE {visible}
        ORDER BY s.published_at DESC, s.created_at DESC, s.id DESC LIMIT {KIOSK_PAGE})
    SELECT {obj}(
        'totalCount', (SELECT count(*) FROM story s WHERE {visible}),
        'nodes', {nodes}){"::text" if postgres else ""} AS doc"""


class Baseline:
    """`POST /baseline`: the kiosk query's response, hand-written, for comparison only."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sql = {
            chain: baseline_sql(settings.is_postgres, chain)
            for chain in {chain_for(locale, settings.locale_fallback) for locale in LOCALES}
            | {chain_for(None, settings.locale_fallback)}
        }

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        body = await request.json()
        locale = (body.get("variables") or {}).get("locale")
        chain = chain_for(Locale[locale] if locale else None, self.settings.locale_fallback)
        rows = await tables.Story.raw(self.sql[chain], ANONYMOUS_NAME[chain[0]])
        doc = json.loads(rows[0]["doc"])
        nodes = doc["nodes"]
        for node in nodes:
            node["id"] = base64.b64encode(f"Story:{node['id']}".encode()).decode()
        doc["pageInfo"] = {
            "hasNextPage": len(nodes) < doc["totalCount"],
            "endCursor": encode_cursor(len(nodes) - 1) if nodes else None,
        }
        response: Response = JSONResponse({"data": {"stories": doc}})
        await response(scope, receive, send)


def create_bench_app() -> Starlette:
    """The product app from the environment, plus the baseline route and the product's GraphQL
    endpoint without its response cache (uvicorn --factory)."""
    settings = Settings.from_env(os.environ)
    app = create_app(settings)
    app.router.routes.append(Route("/baseline", Baseline(settings), methods=["POST"]))
    state = app.state
    services = Services(
        form_limiter=state.form_limiter,
        search=state.search,
        storage=state.storage,
        responses=ResponseStore(entries=0, seconds=1),
    )
    uncached = HubGraphQL(settings, services)
    app.router.routes.append(Route("/graphql-uncached", uncached, methods=["POST"]))
    return app


# ---- deterministic content ---------------------------------------------------------------------

# Thirty words per locale: tag names come from them too.
_VOCABULARY = {
    Locale.TG: "духтар модар ҳунар қисса деҳа мактаб орзу роҳ кӯҳ об нон дарё осмон дил ватан "
    "оянда меҳнат сурат ранг суруд хона бозор шаҳр китоб ҳаёт озодӣ умед дӯст хоҳар бача",
    Locale.RU: "девочка мать искусство история село школа мечта дорога гора вода хлеб река небо "
    "сердце родина будущее труд картина цвет песня дом базар город книга жизнь свобода солнце "
    "сад мост письмо",
    Locale.EN: "girl mother art story village school dream road mountain water bread river sky "
    "heart homeland future work picture colour song home market city book life freedom sun "
    "garden bridge letter",
}
WORDS = {locale: text.split() for locale, text in _VOCABULARY.items()}
NAMES = {
    Locale.TG: ["Нигина", "Гулчеҳра", "Мадина", "Зарина", "Ситора", "Фарзона", "Меҳрангез"],
    Locale.RU: ["Нигина", "Гульчехра", "Мадина", "Зарина", "Ситора", "Фарзона", "Мехрангез"],
    Locale.EN: ["Nigina", "Gulchehra", "Madina", "Zarina", "Sitora", "Farzona", "Mehrangez"],
}
SURNAMES = {
    Locale.TG: ["Раҳимова", "Каримова", "Назарова", "Юсупова", "Шарипова", "Ҳакимова"],
    Locale.RU: ["Рахимова", "Каримова", "Назарова", "Юсупова", "Шарипова", "Хакимова"],
    Locale.EN: ["Rahimova", "Karimova", "Nazarova", "Yusupova", "Sharipova", "Hakimova"],
}
PSEUDONYMS = ["", "", "Ситораи субҳ", "Духтари кӯҳ", "Anonymous girl from Khatlon"]
BLURHASHES = [
    "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
    "LKO2?U%2Tw=w]~RBVZRi};RPxuwH",
    "L6PZfSi_.AyE_3t7t7R**0o#DgR4",
]
LOCALE_SETS = [(LOCALES, 60), ((Locale.TG,), 15), ((Locale.RU, Locale.EN), 15), ((Locale.EN,), 10)]
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def _words(rng: random.Random, locale: Locale, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS[locale], k=rng.randint(low, high)))


def _texts(rng: random.Random, field: str, locales: Sequence[Locale], text: Any) -> dict[str, Any]:
    return {f"{field}_{locale.value}": text(locale) for locale in locales}


def generate(stories: int) -> dict[type[Any], list[dict[str, Any]]]:
    """Rows per table, the same for a given count on every run and engine."""
    rng = random.Random(SEED)
    artists: list[dict[str, Any]] = []
    for n in range(1, 51):
        first, last = rng.randrange(7), rng.randrange(6)
        artists.append(
            {
                "id": n,
                "slug": f"artist-{n:02d}",
                # A few unpublished artists: their stories must show no author to the public.
                "status": Status.DRAFT.value if n % 17 == 0 else Status.PUBLISHED.value,
                "published_at": None if n % 17 == 0 else EPOCH - timedelta(days=n),
                **{
                    f"name_{loc.value}": f"{NAMES[loc][first]} {SURNAMES[loc][last]}"
                    for loc in LOCALES
                },
                "region": None if n % 9 == 0 else rng.choice(list(Region)).value,
                "disciplines": [],
            }
        )
    tags = []
    for n in range(1, 31):
        word = {loc: WORDS[loc][n - 1] for loc in LOCALES}
        tags.append(
            {
                "id": n,
                "slug": f"tag-{n:02d}-{word[Locale.EN]}",
                "status": Status.DRAFT.value if n % 10 == 0 else Status.PUBLISHED.value,
                **{f"name_{loc.value}": word[loc] for loc in LOCALES},
            }
        )
    images: list[dict[str, Any]] = []
    story_rows: list[dict[str, Any]] = []
    story_tags: list[dict[str, Any]] = []
    locale_sets, weights = zip(*LOCALE_SETS, strict=True)
    for n in range(1, stories + 1):
        locales = rng.choices(locale_sets, weights)[0]
        roll = rng.random()
        status = (
            Status.PUBLISHED
            if roll < 0.85
            else Status.DRAFT
            if roll < 0.93
            else Status.IN_REVIEW
            if roll < 0.97
            else Status.ARCHIVED
        )
        micro = rng.randrange(1_000_000) if rng.random() < 0.5 else 0
        published = EPOCH + timedelta(seconds=rng.randrange(365 * 86400), microseconds=micro)
        created = published - timedelta(days=rng.randrange(1, 30))
        cover = None
        if rng.random() < 0.92:
            cover = len(images) + 1
            png, narrow = rng.random() < 0.1, rng.random() < 0.05
            digest = hashlib.sha256(f"cover {n}".encode()).hexdigest()[:32]
            images.append(
                {
                    "id": cover,
                    # Named like hub.content.images names originals; the kiosk query never
                    # opens the files, so rows are enough.
                    "storage_key": f"originals/{digest}.{'png' if png else 'jpg'}",
                    "content_type": "image/png" if png else "image/jpeg",
                    "width": 480 if narrow else 1600,
                    "height": 320 if narrow else 1067,
                    "blurhash": rng.choice(BLURHASHES),
                    "alt_tg": _words(rng, Locale.TG, 3, 8),
                }
            )
        anonymous = rng.random() < 0.08
        body = _texts(rng, "body", locales, lambda loc: f"<p>{_words(rng, loc, 120, 400)}</p>")
        words = max(len(text.split()) for text in body.values())
        story_rows.append(
            {
                "id": n,
                "slug": f"story-{n:05d}",
                "status": status.value,
                "published_at": published
                if status in (Status.PUBLISHED, Status.ARCHIVED)
                else None,
                "created_at": created,
                "updated_at": published,
                **_texts(rng, "title", locales, lambda loc: _words(rng, loc, 3, 8).capitalize()),
                **_texts(rng, "excerpt", locales, lambda loc: _words(rng, loc, 15, 30)),
                **body,
                "format": rng.choice(list(StoryFormat)).value,
                "cover_image": cover,
                "author": None if rng.random() < 0.04 else rng.randint(1, 50),
                "is_anonymous": anonymous,
                "pseudonym": rng.choice(PSEUDONYMS) if anonymous else "",
                "reading_time_minutes": max(1, round(words / 200)),
                **{f"warns_{w.value}": rng.random() < 0.05 for w in ContentWarning},
            }
        )
        for tag in rng.sample(range(1, 31), rng.randint(0, 4)):
            story_tags.append({"id": len(story_tags) + 1, "story": n, "tag": tag})
    return {
        tables.Image: images,
        tables.Tag: tags,
        tables.Artist: artists,
        tables.Story: story_rows,
        tables.StoryTag: story_tags,
    }


def first_page_cases(content: dict[type[Any], list[dict[str, Any]]]) -> str:
    """What the compared page holds, so that the equality check is seen to cover the rules."""
    artists = {row["id"]: row for row in content[tables.Artist]}
    covers = {row["id"]: row for row in content[tables.Image]}
    draft_tags = {row["id"] for row in content[tables.Tag] if row["status"] != "published"}
    tagged: dict[int, set[int]] = {}
    for link in content[tables.StoryTag]:
        tagged.setdefault(link["story"], set()).add(link["tag"])
    shown = [
        row
        for row in content[tables.Story]
        if row["status"] == "published" and not row["warns_sexual_violence"]
    ]
    shown.sort(key=lambda row: (row["published_at"], row["created_at"], row["id"]), reverse=True)
    page = shown[:KIOSK_PAGE]
    cases = {
        "anonymous": sum(row["is_anonymous"] for row in page),
        "without author": sum(row["author"] is None for row in page),
        "by an unpublished artist": sum(
            row["author"] is not None and artists[row["author"]]["status"] != "published"
            for row in page
        ),
        "without cover": sum(row["cover_image"] is None for row in page),
        "with a PNG or narrow cover": sum(
            row["cover_image"] is not None
            and (
                covers[row["cover_image"]]["content_type"] != "image/jpeg"
                or covers[row["cover_image"]]["width"] < 640
            )
            for row in page
        ),
        "with a draft tag": sum(bool(tagged.get(row["id"], set()) & draft_tags) for row in page),
        "without a Tajik title": sum("title_tg" not in row for row in page),
    }
    missing = [case for case, count in cases.items() if not count]
    summary = ", ".join(f"{count} {case}" for case, count in cases.items() if count)
    return summary + (f" (none {', none '.join(missing)}: not checked)" if missing else "")


async def prepare(settings: Settings, content: dict[type[Any], list[dict[str, Any]]]) -> None:
    """Migrate the fresh database and bulk-load the content (a benchmark shortcut, not a path
    the product has: hub.content writes one entry per transaction)."""
    engine = db.make_engine(settings)
    db.bind(engine)
    await db.open_engine(engine)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            await db.migrate()
        for table, rows in content.items():
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                await table.insert(*(table(**row) for row in chunk))
        if settings.is_postgres:
            # What autovacuum would do within a minute: measure the steady state, not a race
            # with it. (On SQLite the server's own startup refreshes the statistics.)
            await engine.run_ddl("VACUUM ANALYZE")
    finally:
        await db.close_engine(engine)


# ---- serving and measuring ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    command = [
        *(sys.executable, "-m", "uvicorn", "benchmarks.kiosk:create_bench_app", "--factory"),
        *("--host", "127.0.0.1", "--port", str(port), "--workers", "1"),
        *("--log-level", "warning", "--no-access-log"),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode} before serving")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer /healthz within 30 s")
            time.sleep(0.2)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its threads (Linux /proc), 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    latencies: list[float]
    elapsed: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    def add(self, other: Result) -> None:
        self.latencies += other.latencies
        self.elapsed += other.elapsed
        self.client_cpu += other.client_cpu
        self.server_cpu += other.server_cpu

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed

    @property
    def cpu_per_request(self) -> float:
        return self.server_cpu / len(self.latencies)

    def row(self, name: str) -> str:
        q = statistics.quantiles(self.latencies, n=100)
        return (
            f"{name:<10}{len(self.latencies):>9}{q[49] * 1000:>9.2f}{q[94] * 1000:>9.2f}"
            f"{self.rate:>9.1f}{self.cpu_per_request * 1000:>15.2f}"
            f"{self.client_cpu / self.elapsed * 100:>12.0f}%"
        )


def _client(base: str, concurrency: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"content-type": "application/json"}
    return httpx.AsyncClient(base_url=base, limits=limits, headers=headers, timeout=60)


async def hammer(
    client: httpx.AsyncClient, path: str, body: bytes, requests: int, concurrency: int
) -> list[float]:
    """`requests` POSTs from `concurrency` clients that each wait for their previous answer."""
    latencies: list[float] = []
    numbers = itertools.count()

    async def one_client() -> None:
        while next(numbers) < requests:
            start = time.perf_counter()
            response = await client.post(path, content=body)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}: {response.text[:300]}")

    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return latencies


async def _load(
    base: str, path: str, body: bytes, requests: int, concurrency: int, start_at: float
) -> tuple[list[float], float, float]:
    async with _client(base, concurrency) as client:
        # Open the keep-alive connections before the clock starts.
        await hammer(client, path, body, concurrency, concurrency)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        cpu = time.process_time()
        latencies = await hammer(client, path, body, requests, concurrency)
        return latencies, time.time(), time.process_time() - cpu


def load_process(
    base: str, path: str, body: bytes, requests: int, concurrency: int, start_at: float
) -> tuple[list[float], float, float]:
    """One load-generating process, from `start_at` (wall clock): its share of the requests
    and of the clients. Returns the latencies, when it finished and the CPU it used."""
    return asyncio.run(_load(base, path, body, requests, concurrency, start_at))


def run_load(
    pool: ProcessPoolExecutor, base: str, pid: int, path: str, body: bytes, args: Any
) -> Result:
    """`args.requests // args.rounds` requests from `args.processes` processes at once."""
    n, requests = args.processes, args.requests // args.rounds
    start_at = time.time() + 1.0  # time for every process to connect first
    jobs = [
        pool.submit(
            load_process,
            *(base, path, body, requests // n + (i < requests % n)),
            *(args.concurrency // n + (i < args.concurrency % n), start_at),
        )
        for i in range(n)
    ]
    time.sleep(max(0.0, start_at - time.time()))
    server_cpu = _cpu_seconds(pid)
    parts = [job.result() for job in jobs]
    result = Result(latencies=[], server_cpu=_cpu_seconds(pid) - server_cpu)
    for latencies, _, cpu in parts:
        result.latencies += latencies
        result.client_cpu += cpu
    result.elapsed = max(end for _, end, _ in parts) - start_at
    return result


def _body(locale: str | None) -> bytes:
    return json.dumps({"query": KIOSK_QUERY, "variables": {"locale": locale}}).encode()


def _difference(graphql: Any, baseline: Any, path: str) -> str:
    """Where two JSON values first differ, e.g. `data.stories.nodes[3].author: {...} != None`."""
    if (
        isinstance(graphql, dict)
        and isinstance(baseline, dict)
        and graphql.keys() == baseline.keys()
    ):
        key = next(k for k in graphql if graphql[k] != baseline[k])
        return _difference(graphql[key], baseline[key], f"{path}.{key}".lstrip("."))
    if isinstance(graphql, list) and isinstance(baseline, list) and len(graphql) == len(baseline):
        i = next(i for i, (a, b) in enumerate(zip(graphql, baseline, strict=True)) if a != b)
        return _difference(graphql[i], baseline[i], f"{path}[{i}]")
    return f"{path}: GraphQL {json.dumps(graphql)[:300]} != baseline {json.dumps(baseline)[:300]}"


async def check(base: str) -> None:
    """Fail unless every endpoint gives the baseline's JSON (up to key order) in every locale;
    `/graphql` twice, so that its cached answer is checked too."""
    async with _client(base, 1) as client:
        for locale in [None, *(loc.name for loc in LOCALES)]:
            baseline = (await client.post("/baseline", content=_body(locale))).json()
            for path in ("/graphql-uncached", "/graphql", "/graphql"):
                graphql = (await client.post(path, content=_body(locale))).json()
                nodes = graphql.get("data", {}).get("stories", {}).get("nodes", [])
                if "errors" in graphql or len(nodes) != KIOSK_PAGE:
                    raise SystemExit(f"unexpected {path} answer for locale {locale}: {graphql}")
                if graphql != baseline:
                    raise SystemExit(
                        f"baseline and {path} differ for locale {locale}: "
                        f"{_difference(graphql, baseline, '')}; make the baseline SQL follow "
                        "the product (or fix the product)"
                    )
    print(f"check: every endpoint gives the same JSON in every locale ({KIOSK_PAGE} stories)")


def measure(base: str, pid: int, args: argparse.Namespace) -> dict[str, Result]:
    asyncio.run(check(base))
    body = _body(args.locale)
    endpoints = {"baseline": "/baseline", "graphql": "/graphql", "uncached": "/graphql-uncached"}
    results = {name: Result(latencies=[]) for name in endpoints}
    with ProcessPoolExecutor(
        args.processes, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        for path in endpoints.values():
            warm = argparse.Namespace(**{**vars(args), "requests": args.warmup, "rounds": 1})
            run_load(pool, base, pid, path, body, warm)
        # Alternating rounds, so that a slow patch of the machine hits both endpoints.
        for _ in range(args.rounds):
            for name, path in endpoints.items():
                results[name].add(run_load(pool, base, pid, path, body, args))
    return results


# ---- temporary databases and the command line --------------------------------------------------


async def _postgres_admin(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000, help="measured, per endpoint")
    parser.add_argument("--warmup", type=int, default=200, help="per endpoint, not measured")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per endpoint")
    parser.add_argument("--concurrency", type=int, default=16, help="clients in all")
    parser.add_argument("--processes", type=int, default=1, help="load-generating processes")
    parser.add_argument("--locale", choices=[loc.name for loc in LOCALES], default=None)
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL", "")
    admin_url = url if url.startswith(("postgres://", "postgresql://")) else ""
    tmp = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    name = f"hub_bench_{os.getpid()}"
    try:
        if admin_url:
            # The named database only serves to create and drop a fresh one beside it.
            url = urlparse(admin_url)._replace(path=f"/{name}").geturl()
            asyncio.run(_postgres_admin(admin_url, f'CREATE DATABASE "{name}"'))
        else:
            url = f"sqlite:///{tmp / 'hub.db'}"
        env = {
            "HUB_ENV": "production",
            "HUB_DATA_DIR": str(tmp / "data"),
            "DATABASE_URL": url,
            "PICCOLO_CONF": "hub.piccolo_conf",
            # No in-process worker: it would rebuild the (new, empty) search index from the
            # 10,000 stories while the query is measured.
            "HUB_WORKER": "external",
        }
        os.environ.update(env)
        settings = Settings.from_env(os.environ)
        engine = "PostgreSQL" if settings.is_postgres else "SQLite"
        started = time.perf_counter()
        content = generate(args.stories)
        asyncio.run(prepare(settings, content))
        print(f"{engine}: {args.stories} stories loaded in {time.perf_counter() - started:.1f} s")
        print(f"the compared page holds stories: {first_page_cases(content)}")
        with serve(env) as (base, server):
            results = measure(base, server.pid, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if admin_url:
            asyncio.run(
                _postgres_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            )

    report(engine, args, results)


def report(engine: str, args: argparse.Namespace, results: dict[str, Result]) -> None:
    print(
        f"\n{engine}, {args.concurrency} concurrent clients in {args.processes} process(es), "
        f"{os.cpu_count()} cores shared by server and client, locale {args.locale or 'default'}"
    )
    print(
        f"{'endpoint':<10}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}"
        f"{'server CPU ms':>15}{'client CPU':>13}"
    )
    plain = results["baseline"]
    for name, result in results.items():
        print(result.row(name))
    for name in ("graphql", "uncached"):
        graph = results[name]
        ratios = {
            "p50": statistics.median(graph.latencies) / statistics.median(plain.latencies),
            "req/s": plain.rate / graph.rate,
            "server CPU": graph.cpu_per_request / plain.cpu_per_request,
        }
        worst = max(ratios.values())
        print(
            f"ratio {name}/baseline: "
            + ", ".join(f"{label} {value:.2f}x" for label, value in ratios.items())
            + f"  (target: at most 3x: {'met' if worst <= 3 else 'NOT met'})"
        )
    print(
        "graphql: the product as configured (response cache on); uncached: the same endpoint "
        "without it. server CPU: of the uvicorn process per request (PostgreSQL's processes not "
        "counted); client CPU: of the load processes, in % of one core"
    )


if __name__ == "__main__":
    main()
