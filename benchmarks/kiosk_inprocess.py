"""The kiosk query in process: the app through ASGI, no sockets, no load generator of its own.

Where `benchmarks.kiosk` measures a real server under 16 clients, this isolates the app's own
cost per request, one at a time or `--concurrency` at once, on the same deterministic data:
CPU milliseconds per request (this process: app, database threads and the in-process client
alike) for the baseline, the GraphQL endpoint (response cache on, as configured) and the same
endpoint without its response cache (`/graphql-uncached`, which executes every time). Run
under valgrind to count instructions, which do not move with the machine's load as time does:

    .venv/bin/python -m benchmarks.kiosk_inprocess
    .venv/bin/python -m benchmarks.kiosk_inprocess --concurrency 16
    PYTHONMALLOC=malloc valgrind --tool=cachegrind --cache-sim=no \\
        .venv/bin/python -m benchmarks.kiosk_inprocess --rounds 1 --requests 200 --warmup 1
    (and again with --requests 0: the difference over 200 is the cost of one request)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks import kiosk
from hub.settings import Settings

ENDPOINTS = ("/baseline", "/graphql", "/graphql-uncached")


async def _measure(args: argparse.Namespace) -> None:
    app = kiosk.create_bench_app()
    body = {"query": (kiosk.ROOT / "tests" / "kiosk.graphql").read_text(encoding="utf-8")}
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://hub") as client,
    ):

        async def one(path: str) -> None:
            response = await client.post(path, json=body)
            if response.status_code != 200 or "errors" in response.json():
                raise RuntimeError(f"{path} answered {response.status_code}: {response.text}")

        async def batch(path: str, requests: int) -> None:
            per_client, extra = divmod(requests, args.concurrency)

            async def run(count: int) -> None:
                for _ in range(count):
                    await one(path)

            await asyncio.gather(*(run(per_client + (i < extra)) for i in range(args.concurrency)))

        for path in args.endpoints:
            await batch(path, args.warmup)
        for _ in range(args.rounds):
            for path in args.endpoints:
                started, wall = time.process_time(), time.perf_counter()
                await batch(path, args.requests)
                if args.requests:
                    cpu = (time.process_time() - started) / args.requests * 1000
                    rate = args.requests / (time.perf_counter() - wall)
                    print(f"{path:<18} {cpu:6.2f} ms CPU per request, {rate:6.0f} req/s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500, help="measured, per round")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="alternating between endpoints")
    parser.add_argument("--concurrency", type=int, default=1)
    names = [path.lstrip("/") for path in ENDPOINTS]
    parser.add_argument("--endpoint", choices=["all", *names], default="all")
    args = parser.parse_args(argv)
    args.endpoints = ENDPOINTS if args.endpoint == "all" else (f"/{args.endpoint}",)

    tmp = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    try:
        os.environ.update(
            {
                "HUB_ENV": "production",
                "HUB_DATA_DIR": str(tmp / "data"),
                "DATABASE_URL": f"sqlite:///{tmp / 'hub.db'}",
                "PICCOLO_CONF": "hub.piccolo_conf",
                "HUB_WORKER": "external",
            }
        )
        settings = Settings.from_env(os.environ)
        asyncio.run(kiosk.prepare(settings, kiosk.generate(args.stories)))
        print(f"SQLite, {args.stories} stories, concurrency {args.concurrency}, in process")
        asyncio.run(_measure(args))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
