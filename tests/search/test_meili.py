"""The Meilisearch backend, against an in-process fake of its HTTP API and, when MEILI_URL is set,
against a live server: each behaviour is one `check_...` coroutine run by a pair of tests."""

from __future__ import annotations

import asyncio
import html
import os
import re
import socket
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, NamedTuple

import meilisearch
import pytest
from corpus import DOCUMENTS, ENTRY_KEYS, by_entry
from fake_meili import FakeMeilisearch

from hub.enums import ContentType, Locale
from hub.search.backend import Document, SearchQuery, SearchResult
from hub.search.meili import SETTINGS, MeiliSearch, MeiliSearchError
from hub.search.text import FOLD_VERSION

STORY, ARTIST, ARTWORK = ContentType.STORY, ContentType.ARTIST, ContentType.ARTWORK
EVENT, CAMPAIGN = ContentType.EVENT, ContentType.CAMPAIGN
TG, RU, EN = Locale.TG, Locale.RU, Locale.EN
# Where the corpus has Душанбе: a title (artwork 1), subtitles (artist 1, event 1) and only a
# body (story 2 in Tajik, story 3 in Russian).
DUSHANBE = ["artwork:1", "artist:1", "event:1", "story:2", "story:3"]


class Target(NamedTuple):
    search: MeiliSearch
    client: meilisearch.Client  # straight to the server, to look behind the backend


def run(check: Callable[[Target], Coroutine[Any, Any, None]], target: Target) -> None:
    asyncio.run(check(target))


@pytest.fixture()
def fake() -> Iterator[FakeMeilisearch]:
    # A small task delay makes every write really asynchronous: a backend that did not wait
    # for its tasks would read stale data in every test.
    with FakeMeilisearch(task_delay=0.01) as server:
        yield server


@pytest.fixture()
def on_fake(fake: FakeMeilisearch) -> Target:
    return Target(
        MeiliSearch(fake.url, fake.api_key, "test"), meilisearch.Client(fake.url, fake.api_key)
    )


@pytest.fixture()
def on_live() -> Iterator[Target]:
    url = os.environ.get("MEILI_URL")
    if not url:
        pytest.skip("MEILI_URL is not set: no live Meilisearch server here")
    key = os.environ.get("MEILI_MASTER_KEY", "")
    prefix = f"hubtest_{uuid.uuid4().hex[:12]}"
    target = Target(MeiliSearch(url, key, prefix), meilisearch.Client(url, key or None))
    yield target
    task = target.client.delete_index(target.search.uid)
    target.client.wait_for_task(task.task_uid)


async def loaded(target: Target) -> MeiliSearch:
    await target.search.open()
    await target.search.replace(by_entry())
    return target.search


def entries(result: SearchResult) -> list[str]:
    return [f"{hit.type.value}:{hit.entry_id}" for hit in result.hits]


async def found(search: MeiliSearch, text: str, **options: Any) -> list[str]:
    return entries(await search.search(SearchQuery(text=text, **options)))


# -- the behaviours ---------------------------------------------------------------------------


async def check_open_creates_the_index_with_its_settings_and_is_idempotent(t: Target) -> None:
    await t.search.open()
    await t.search.open()
    settings = t.client.index(t.search.uid).get_settings()
    assert settings["distinctAttribute"] == "entry_key"
    assert settings["searchableAttributes"] == SETTINGS["searchableAttributes"]
    assert set(settings["filterableAttributes"]) == set(SETTINGS["filterableAttributes"])
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert t.client.get_index(t.search.uid).primary_key == "id"


async def check_open_drops_documents_folded_by_older_rules(t: Target) -> None:
    search = await loaded(t)
    index = t.client.index(search.uid)
    old = {"id": "story-99-tg", "entry_key": "story:99", "fold": FOLD_VERSION - 1}
    t.client.wait_for_task(index.add_documents([old]).task_uid)
    assert "story:99" in await search.entry_keys()
    await search.open()
    assert await search.entry_keys() == ENTRY_KEYS


async def check_documents_go_in_and_come_out(t: Target) -> None:
    search = await loaded(t)
    assert await search.entry_keys() == ENTRY_KEYS
    stats = await search.stats()
    assert (stats.documents, stats.entries) == (len(DOCUMENTS), len(ENTRY_KEYS))
    result = await search.search(SearchQuery(text="Выставка"))
    assert [(hit.type, hit.entry_id, hit.locale) for hit in result.hits] == [(EVENT, 1, RU)]
    assert result.total == 1
    assert result.hits[0].score > 0
    watercolour = await search.search(SearchQuery(text="watercolour"))
    assert [(hit.type, hit.entry_id, hit.locale) for hit in watercolour.hits] == [(ARTWORK, 1, EN)]


async def check_replace_removes_the_old_documents_and_can_be_replayed(t: Target) -> None:
    search = await loaded(t)
    assert "story:1" in await found(search, "Khujand")
    moved = {"story:1": [Document(STORY, 1, TG, True, "Зардӯзии Ванҷ", "Зарина", "Қисса.")]}
    await search.replace(moved)
    await search.replace(moved)
    assert "story:1" not in await found(search, "Khujand")
    assert await found(search, "Ванҷ") == ["story:1"]
    assert (await search.stats()).documents == len(DOCUMENTS) - 2
    await search.replace({"story:1": [], "event:1": []})
    assert await search.entry_keys() == ENTRY_KEYS - {"story:1", "event:1"}
    assert await found(search, "Ванҷ") == []


async def check_locale_none_gives_one_hit_per_entry_in_its_own_language(t: Target) -> None:
    search = await loaded(t)
    result = await search.search(SearchQuery(text="Dushanbe"))
    assert sorted(entries(result)) == sorted(DUSHANBE)
    assert result.total == len(DUSHANBE)
    # Story 3 was written in Russian: its Tajik and English documents are copies of that text,
    # which match as well, but the hit is the entry's own text.
    locales = {f"{hit.type.value}:{hit.entry_id}": hit.locale for hit in result.hits}
    assert (locales["story:3"], locales["story:2"]) == (RU, TG)
    in_russian = await search.search(SearchQuery(text="Dushanbe", locale=RU))
    assert sorted(entries(in_russian)) == sorted(DUSHANBE)
    assert {hit.locale for hit in in_russian.hits} == {RU}


async def check_filters_narrow_by_type_tag_and_locale(t: Target) -> None:
    search = await loaded(t)
    by_type = await found(search, "Dushanbe", types=frozenset({EVENT, ARTWORK}))
    assert sorted(by_type) == ["artwork:1", "event:1"]
    by_tag = await found(search, "Dushanbe", tags=("suzani", "nature"))
    assert sorted(by_tag) == ["artwork:1", "story:2"]
    query = SearchQuery(text="Рахимова", locale=TG, types=frozenset({ARTIST}))
    assert [(hit.entry_id, hit.locale) for hit in (await search.search(query)).hits] == [(1, TG)]


async def check_facets_ignore_their_own_filter(t: Target) -> None:
    search = await loaded(t)
    everything = await search.search(SearchQuery(text="Dushanbe"))
    assert everything.types == {ARTWORK: 1, ARTIST: 1, EVENT: 1, STORY: 2}
    assert everything.tags == {
        "nature": 1,
        "crafts": 2,
        "family": 1,
        "suzani": 1,
        "education": 1,
        "mountains": 1,
    }
    # Native documents only: story 2 was written in Tajik only, story 3 in Russian only.
    assert everything.locales == {TG: 4, RU: 4, EN: 3}
    narrowed = await search.search(
        SearchQuery(text="Dushanbe", types=frozenset({STORY}), tags=("crafts",), locale=RU)
    )
    assert entries(narrowed) == ["story:2"]
    assert narrowed.total == 1
    assert narrowed.types == {EVENT: 1, STORY: 1}  # tag and locale apply, type does not
    assert narrowed.tags == {  # type and locale apply, tag does not
        "crafts": 1,
        "family": 1,
        "suzani": 1,
        "education": 1,
        "mountains": 1,
    }
    assert narrowed.locales == {TG: 1}  # type and tag apply, locale does not


async def check_titles_rank_above_subtitles_above_bodies(t: Target) -> None:
    search = await loaded(t)
    ranked = await found(search, "Dushanbe")
    assert ranked[0] == "artwork:1"
    assert set(ranked[1:3]) == {"artist:1", "event:1"}
    assert set(ranked[3:]) == {"story:2", "story:3"}
    result = await search.search(SearchQuery(text="Dushanbe"))
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)


async def check_exact_words_rank_above_typos(t: Target) -> None:
    search = await loaded(t)
    ranked = await found(search, "Sabina")
    assert ranked[0] == "artist:4"  # Сабина
    assert "artist:3" in ranked[1:]  # Сабрина: one typo


async def check_folding_transliteration_prefixes_and_typos_reach_meilisearch(t: Target) -> None:
    search = await loaded(t)
    assert "story:1" in await found(search, "Хучанд")  # ҷ/ч
    assert "story:1" in await found(search, "мардуми")  # ӣ/и
    assert "artist:2" in await found(search, "Gafurova")  # ғ/г, Latin for Cyrillic
    assert {"campaign:2", "artwork:2"} <= set(await found(search, "hunar"))  # a Latin prefix
    assert "artwork:1" in await found(search, "Душ")  # the last word as a prefix
    assert "artwork:1" in await found(search, "Dushnabe")  # one typo
    assert "event:2" in await found(search, "РУДАКИ")


async def check_highlights_mark_the_original_text_and_escape_the_rest(t: Target) -> None:
    search = await loaded(t)
    hostile = "Dushanbe at dawn <script>alert(1)</script>"
    await search.replace({"artwork:9": [Document(ARTWORK, 9, EN, True, hostile, "", "")]})
    result = await search.search(SearchQuery(text="script"))
    assert entries(result) == ["artwork:9"]
    (title,) = result.hits[0].highlights
    assert title.field == "title"
    assert "<mark>script</mark>" in title.snippet
    assert re.sub("</?mark>", "", title.snippet) == html.escape(hostile)
    assert "<" not in re.sub("</?mark>", "", title.snippet)
    event = await search.search(SearchQuery(text="Dushanbe", locale=RU, types=frozenset({EVENT})))
    assert [(h.field, h.snippet) for h in event.hits[0].highlights] == [
        ("subtitle", "Национальный музей, <mark>Душанбе</mark>")
    ]
    story = await search.search(SearchQuery(text="Khujand", locale=TG, types=frozenset({STORY})))
    highlights = dict((h.field, h.snippet) for h in story.hits[0].highlights)
    assert highlights["title"] == "Ҳунари мардумӣ дар <mark>Хуҷанд</mark>"
    assert highlights["body"].startswith("…")  # a window of the body around the match
    assert "<mark>Хуҷанд</mark>" in highlights["body"]
    assert "subtitle" not in highlights


async def check_pages_cover_every_hit_once_with_the_same_total(t: Target) -> None:
    search = await loaded(t)
    every = await found(search, "Dushanbe")
    pages = [
        await search.search(SearchQuery(text="Dushanbe", offset=o, limit=2)) for o in (0, 2, 4)
    ]
    assert [entries(page) for page in pages] == [every[:2], every[2:4], every[4:]]
    assert [page.total for page in pages] == [len(DUSHANBE)] * 3
    assert await found(search, "Dushanbe", offset=1, limit=2) == every[1:3]
    assert await found(search, "Dushanbe", offset=6, limit=2) == []


async def check_clear_empties_the_index(t: Target) -> None:
    search = await loaded(t)
    await search.clear()
    assert await search.entry_keys() == set()
    stats = await search.stats()
    assert (stats.documents, stats.entries) == (0, 0)
    result = await search.search(SearchQuery(text="Dushanbe"))
    assert (result.hits, result.total, result.types, result.tags, result.locales) == (
        [],
        0,
        {},
        {},
        {},
    )


async def check_a_missing_index_is_a_clear_error(t: Target) -> None:
    with pytest.raises(MeiliSearchError, match="index_not_found"):
        await t.search.search(SearchQuery(text="Dushanbe"))


# -- the pairs --------------------------------------------------------------------------------


def test_open_creates_the_index_with_its_settings_and_is_idempotent_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_open_creates_the_index_with_its_settings_and_is_idempotent, on_fake)


def test_open_creates_the_index_with_its_settings_and_is_idempotent_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_open_creates_the_index_with_its_settings_and_is_idempotent, on_live)


def test_open_drops_documents_folded_by_older_rules_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_open_drops_documents_folded_by_older_rules, on_fake)


def test_open_drops_documents_folded_by_older_rules_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_open_drops_documents_folded_by_older_rules, on_live)


def test_documents_go_in_and_come_out_against_fake_meilisearch(on_fake: Target) -> None:
    run(check_documents_go_in_and_come_out, on_fake)


def test_documents_go_in_and_come_out_against_live_meilisearch(on_live: Target) -> None:
    run(check_documents_go_in_and_come_out, on_live)


def test_replace_removes_the_old_documents_and_can_be_replayed_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_replace_removes_the_old_documents_and_can_be_replayed, on_fake)


def test_replace_removes_the_old_documents_and_can_be_replayed_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_replace_removes_the_old_documents_and_can_be_replayed, on_live)


def test_locale_none_gives_one_hit_per_entry_in_its_own_language_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_locale_none_gives_one_hit_per_entry_in_its_own_language, on_fake)


def test_locale_none_gives_one_hit_per_entry_in_its_own_language_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_locale_none_gives_one_hit_per_entry_in_its_own_language, on_live)


def test_filters_narrow_by_type_tag_and_locale_against_fake_meilisearch(on_fake: Target) -> None:
    run(check_filters_narrow_by_type_tag_and_locale, on_fake)


def test_filters_narrow_by_type_tag_and_locale_against_live_meilisearch(on_live: Target) -> None:
    run(check_filters_narrow_by_type_tag_and_locale, on_live)


def test_facets_ignore_their_own_filter_against_fake_meilisearch(on_fake: Target) -> None:
    run(check_facets_ignore_their_own_filter, on_fake)


def test_facets_ignore_their_own_filter_against_live_meilisearch(on_live: Target) -> None:
    run(check_facets_ignore_their_own_filter, on_live)


def test_titles_rank_above_subtitles_above_bodies_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_titles_rank_above_subtitles_above_bodies, on_fake)


def test_titles_rank_above_subtitles_above_bodies_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_titles_rank_above_subtitles_above_bodies, on_live)


def test_exact_words_rank_above_typos_against_fake_meilisearch(on_fake: Target) -> None:
    run(check_exact_words_rank_above_typos, on_fake)


def test_exact_words_rank_above_typos_against_live_meilisearch(on_live: Target) -> None:
    run(check_exact_words_rank_above_typos, on_live)


def test_folding_transliteration_prefixes_and_typos_reach_meilisearch_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_folding_transliteration_prefixes_and_typos_reach_meilisearch, on_fake)


def test_folding_transliteration_prefixes_and_typos_reach_meilisearch_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_folding_transliteration_prefixes_and_typos_reach_meilisearch, on_live)


def test_highlights_mark_the_original_text_and_escape_the_rest_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_highlights_mark_the_original_text_and_escape_the_rest, on_fake)


def test_highlights_mark_the_original_text_and_escape_the_rest_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_highlights_mark_the_original_text_and_escape_the_rest, on_live)


def test_pages_cover_every_hit_once_with_the_same_total_against_fake_meilisearch(
    on_fake: Target,
) -> None:
    run(check_pages_cover_every_hit_once_with_the_same_total, on_fake)


def test_pages_cover_every_hit_once_with_the_same_total_against_live_meilisearch(
    on_live: Target,
) -> None:
    run(check_pages_cover_every_hit_once_with_the_same_total, on_live)


def test_clear_empties_the_index_against_fake_meilisearch(on_fake: Target) -> None:
    run(check_clear_empties_the_index, on_fake)


def test_clear_empties_the_index_against_live_meilisearch(on_live: Target) -> None:
    run(check_clear_empties_the_index, on_live)


def test_a_missing_index_is_a_clear_error_against_fake_meilisearch(on_fake: Target) -> None:
    run(check_a_missing_index_is_a_clear_error, on_fake)


def test_a_missing_index_is_a_clear_error_against_live_meilisearch(on_live: Target) -> None:
    run(check_a_missing_index_is_a_clear_error, on_live)


# -- only on the fake: failures and the client's plumbing ------------------------------------


def test_a_server_that_is_down_raises_at_once_against_fake_meilisearch() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    search = MeiliSearch(f"http://127.0.0.1:{port}", "key", "test")
    for call in (search.open(), search.search(SearchQuery(text="Dushanbe"))):
        started = time.monotonic()
        with pytest.raises(MeiliSearchError, match="cannot be reached"):
            asyncio.run(call)
        assert time.monotonic() - started < 2


def test_a_wrong_api_key_raises_a_clear_error_against_fake_meilisearch(
    fake: FakeMeilisearch,
) -> None:
    search = MeiliSearch(fake.url, "not-the-key", "test")
    with pytest.raises(MeiliSearchError, match="invalid_api_key"):
        asyncio.run(search.open())


def test_writes_wait_for_their_tasks_off_the_event_loop_against_fake_meilisearch(
    fake: FakeMeilisearch,
) -> None:
    fake.task_delay = 0.1
    search = MeiliSearch(fake.url, fake.api_key, "test")

    async def check() -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        await loaded(Target(search, meilisearch.Client(fake.url, fake.api_key)))
        ticker.cancel()
        assert all(task["status"] == "succeeded" for task in fake.tasks.values())
        return ticks

    # Four tasks of 0.1 s each: the loop kept ticking while the client waited in a thread.
    assert asyncio.run(check()) >= 20


def test_a_failed_task_raises_with_meilisearchs_reason_against_fake_meilisearch(
    on_fake: Target, fake: FakeMeilisearch
) -> None:
    async def check() -> None:
        await on_fake.search.open()
        settings = on_fake.client.index(on_fake.search.uid).update_settings(
            {"filterableAttributes": ["type"]}
        )
        on_fake.client.wait_for_task(settings.task_uid)
        with pytest.raises(MeiliSearchError, match=r"documentDeletion.*invalid_document_filter"):
            await on_fake.search.replace(by_entry())

    run(lambda _: check(), on_fake)
