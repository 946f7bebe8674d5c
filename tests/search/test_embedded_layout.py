"""The embedded index file: an older layout is detected and rebuilt, counts past COUNTED are
estimated from the newest matches, and the wheel carries the package."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus import ENTRIES, by_entry, entry

from hub.enums import ContentType, Locale
from hub.search.backend import IndexStats, SearchQuery, SearchResult
from hub.search.embedded import EmbeddedSearch, backend, counting, layout

ROOT = Path(__file__).resolve().parents[2]
# The tables of layout 7 (prefix indexes of 2, 3 and 4 letters), as that version created them.
LAYOUT_7 = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "INSERT INTO meta VALUES ('schema', '7.1'), ('generation', 'old')",
    "CREATE VIRTUAL TABLE fts USING fts5(title, subtitle, body, content='', tokenize='ascii',"
    " detail='column', prefix='2 3 4')",
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, sizes INTEGER NOT NULL, title TEXT NOT NULL,"
    " subtitle TEXT NOT NULL, body TEXT NOT NULL)",
    "INSERT INTO fts(rowid, title, subtitle, body) VALUES (1 << 29 | 3 << 25 | 9, 'dushanbe', '',"
    " '')",
    "INSERT INTO docs VALUES (1 << 29 | 3 << 25 | 9, 1, 'Душанбе', '', '')",
)


def run(index: EmbeddedSearch, text: str) -> SearchResult:
    return asyncio.run(index.search(SearchQuery(text)))


def test_an_index_of_the_previous_layout_is_emptied_and_rebuilt_in_the_new_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "search.db"
    with sqlite3.connect(path) as conn:
        for statement in LAYOUT_7:
            conn.execute(statement)
    conn.close()
    index = EmbeddedSearch(path)
    asyncio.run(index.open())
    try:
        assert index.emptied  # the worker and `hub search-status` can tell it needs a reindex
        assert asyncio.run(index.stats()) == IndexStats(0, 0)
        with sqlite3.connect(path) as conn:
            ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()[0]
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
            automerge = conn.execute("SELECT v FROM fts_config WHERE k = 'automerge'").fetchone()
        conn.close()
        assert f"prefix='{layout.PREFIXES}'" in ddl
        assert version == layout.SCHEMA_VERSION
        assert automerge == (layout.AUTOMERGE,)
        # what `hub reindex` does next: clear, then every entry
        asyncio.run(index.clear())
        asyncio.run(index.replace(by_entry()))
        assert not index.emptied
        assert "artwork:1" in {f"{h.type.value}:{h.entry_id}" for h in run(index, "Душ").hits}
    finally:
        asyncio.run(index.close())


def test_an_index_of_the_current_layout_is_kept_when_opened_again(tmp_path: Path) -> None:
    index = EmbeddedSearch(tmp_path / "search.db")
    asyncio.run(index.open())
    asyncio.run(index.replace(by_entry()))
    asyncio.run(index.close())
    again = EmbeddedSearch(index.path)
    asyncio.run(again.open())
    assert not again.emptied
    assert run(again, "Душанбе").total == 5
    asyncio.run(again.close())


@pytest.fixture
def numbered(tmp_path: Path) -> Iterator[EmbeddedSearch]:
    """Stories 1..200; the even ones mention Душанбе, and every one is tagged by its tens."""
    index = EmbeddedSearch(tmp_path / "search.db")
    asyncio.run(index.open())
    changes = {}
    for n in range(1, 201):
        body = "Боғ дар Душанбе" if n % 2 == 0 else "Боғ дар Хуҷанд"
        tag = "even" if n % 2 == 0 else "odd"
        texts = {Locale.TG: ("Сафар", "", body)}
        changes[f"story:{n}"] = entry(ContentType.STORY, n, texts, (tag,))
    asyncio.run(index.replace(changes))
    yield index
    asyncio.run(index.close())


def test_past_the_counted_rows_the_total_is_scaled_by_the_ids_they_span(
    numbered: EmbeddedSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = run(numbered, "Боғ")
    assert (exact.total, exact.tags) == (200, {"even": 100, "odd": 100})
    monkeypatch.setattr(counting, "COUNTED", 20)  # the newest 21 rows: stories 180..200
    estimated = run(numbered, "Боғ")
    assert estimated.hits == exact.hits
    assert estimated.total == pytest.approx(200, rel=0.1)
    assert estimated.tags["even"] == pytest.approx(100, rel=0.15)
    assert estimated.types == {ContentType.STORY: estimated.total}
    assert run(numbered, "Душанбе").total == pytest.approx(100, rel=0.15)  # every other story


def test_a_large_batch_is_folded_in_a_child_process_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threaded = EmbeddedSearch(tmp_path / "threaded.db")
    asyncio.run(threaded.open())
    asyncio.run(threaded.replace(by_entry()))
    monkeypatch.setattr(backend, "POOLED", 1)
    pooled = EmbeddedSearch(tmp_path / "pooled.db")
    asyncio.run(pooled.open())
    try:
        asyncio.run(pooled.replace(by_entry()))
        assert pooled._pool is not None
        for text in ("Душ", "Dushnabe", "хунармнд", "Зарина Қод"):
            assert run(pooled, text) == run(threaded, text)
        # an error in the child reaches the writer, which writes nothing of the batch
        broken = dataclasses.replace(ENTRIES[1][0], title=None)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            asyncio.run(pooled.replace({"artwork:1": [], "story:2": [broken]}))
        assert "artwork:1" in {f"{h.type.value}:{h.entry_id}" for h in run(pooled, "Душ").hits}
    finally:
        asyncio.run(pooled.close())
        asyncio.run(threaded.close())
    assert pooled._pool is None


def test_the_wheel_carries_every_package_of_hub_search() -> None:
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "hub" / "search").rglob("__init__.py")
    }
    assert found - set(packages) == set()
