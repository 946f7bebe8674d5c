"""What graphql-core alone costs for the kiosk query's response: the floor under the hub's cost.

It executes `tests/kiosk.graphql` against the committed `schema.graphql` (no strawberry, no
database) with graphql-core's default resolvers over plain dicts shaped like a page of 20
stories, then prints the CPU time per execution beside `json.dumps` of the result for scale.

    .venv/bin/python -m benchmarks.kiosk_floor
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from graphql import build_schema, execute, parse

ROOT = Path(__file__).resolve().parent.parent


def _story(i: int) -> dict[str, Any]:
    return {
        "id": "U3Rvcnk6MQ==",
        "slug": f"story-{i}",
        "title": "Озодӣ ҳунар оянда хоҳар ватан",
        "excerpt": "бача дӯст ватан озодӣ кӯҳ " * 3,
        "authorName": "Нигина Раҳимова",
        "publishedAt": "2025-01-01T00:00:00+00:00",
        "readingTimeMinutes": 3,
        "coverImage": {"url": f"/media/derivatives/{i}/640-contain.jpg", "blurhash": "LEHV6n"},
        "tags": [{"slug": f"tag-{j}", "name": "ҳунар"} for j in range(2)],
        "author": {"slug": "nigina", "name": "Нигина", "region": "DUSHANBE"},
    }


def main(runs: int = 1000) -> None:
    schema = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    document = parse((ROOT / "tests" / "kiosk.graphql").read_text(encoding="utf-8"))
    page = [_story(i) for i in range(20)]
    root = {
        "stories": {
            "totalCount": 8000,
            "nodes": page,
            "pageInfo": {"hasNextPage": True, "endCursor": "Y3Vyc29yOjE5"},
        }
    }
    for _ in range(runs // 10):  # warm-up
        execute(schema, document, root_value=root)
    started = time.process_time()
    for _ in range(runs):
        result = execute(schema, document, root_value=root)
    per_run = (time.process_time() - started) / runs
    assert not result.errors, result.errors  # type: ignore[union-attr]
    started = time.process_time()
    for _ in range(runs):
        json.dumps(result.data)  # type: ignore[union-attr]
    dumps = (time.process_time() - started) / runs
    print(f"graphql-core execute, default resolvers, 20 stories: {per_run * 1000:.2f} ms CPU")
    print(f"json.dumps of the same response: {dumps * 1000:.3f} ms CPU")


if __name__ == "__main__":
    main()
