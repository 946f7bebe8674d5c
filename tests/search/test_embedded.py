"""The embedded backend on the corpus: what a kiosk visitor finds, in what order, and counts."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus import DOCUMENTS, ENTRIES, ENTRY_KEYS, by_entry, entry

from hub.enums import ContentType, Locale
from hub.search.backend import IndexStats, SearchQuery, SearchResult
from hub.search.embedded import EmbeddedSearch, counting

TG, RU, EN = Locale.TG, Locale.RU, Locale.EN
# Where the corpus has Душанбе: a title (artwork 1), subtitles (artist 1, event 1) and only a
# body (stories 2 and 3).
DUSHANBE = {"artwork:1", "artist:1", "event:1", "story:2", "story:3"}
KHUJAND = {"story:1", "artist:2", "event:2"}


def open_index(path: Path) -> EmbeddedSearch:
    index = EmbeddedSearch(path)
    asyncio.run(index.open())
    asyncio.run(index.replace(by_entry()))
    return index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSearch]:
    """The corpus, indexed once for the tests that only read."""
    shared = open_index(tmp_path_factory.mktemp("search") / "search.db")
    yield shared
    asyncio.run(shared.close())


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[EmbeddedSearch]:
    """The corpus in an index of its own, for the tests that write."""
    own = open_index(tmp_path / "search.db")
    yield own
    asyncio.run(own.close())


def search(index: EmbeddedSearch, text: str, **options: Any) -> SearchResult:
    return asyncio.run(index.search(SearchQuery(text, **options)))


def found(result: SearchResult) -> list[str]:
    return [f"{hit.type.value}:{hit.entry_id}" for hit in result.hits]


def highlight(result: SearchResult, key: str, field: str) -> str:
    hit = result.hits[found(result).index(key)]
    return next(h.snippet for h in hit.highlights if h.field == field)


# -- relevance ---------------------------------------------------------------------------------


def test_a_word_in_a_title_ranks_above_subtitles_and_those_above_bodies(
    index: EmbeddedSearch,
) -> None:
    hits = found(search(index, "Душанбе"))
    assert set(hits) == DUSHANBE
    assert hits[0] == "artwork:1"
    assert set(hits[1:3]) == {"artist:1", "event:1"}
    assert set(hits[3:]) == {"story:2", "story:3"}


def test_an_exact_word_ranks_above_a_word_one_typo_away(index: EmbeddedSearch) -> None:
    assert found(search(index, "Sabina")) == ["artist:4", "artist:3"]  # Sabina, then Sabrina
    assert found(search(index, "Сабрина")) == ["artist:3", "artist:4"]


def test_an_exact_word_ranks_above_longer_words_it_starts(index: EmbeddedSearch) -> None:
    hits = found(search(index, "ҳунар"))
    assert hits[0] == "campaign:2"  # "Ҳунар — манбаи рӯзӣ"
    assert {"story:1", "artwork:2", "event:1"} <= set(hits)  # Ҳунари, Ҳунарманд, ҳунармандони


def test_the_last_word_matches_as_a_prefix_while_typing(index: EmbeddedSearch) -> None:
    assert set(found(search(index, "Душ"))) == DUSHANBE
    assert set(found(search(index, "Khuj"))) == KHUJAND
    assert {"artist:2", "event:2"} <= set(found(search(index, "Худ", locale=RU)))  # Худжанд
    assert found(search(index, "Зарина Қод")) == ["story:1"]


def test_only_the_last_word_is_a_prefix(index: EmbeddedSearch) -> None:
    assert found(search(index, "Қод Зарина")) == []
    assert found(search(index, "Қод* Зарина")) == ["story:1"]


def test_one_typo_is_forgiven_in_words_of_five_letters_or_more(index: EmbeddedSearch) -> None:
    assert set(found(search(index, "Dushnabe"))) == DUSHANBE
    assert set(found(search(index, "Хуҷнад"))) == KHUJAND
    assert found(search(index, "Dshnbe")) == []  # two typos in six letters


def test_no_typo_is_forgiven_under_five_letters(index: EmbeddedSearch) -> None:
    assert found(search(index, "Рашт")) == ["artwork:2"]
    assert found(search(index, "Рошт")) == []


def test_a_missing_letter_in_hunarmand_is_forgiven(index: EmbeddedSearch) -> None:
    assert set(found(search(index, "хунармнд"))) == {"artwork:2", "story:2"}


def test_two_typos_are_forgiven_in_words_of_nine_letters_or_more(index: EmbeddedSearch) -> None:
    # ҳунармандони with two letters missing
    assert set(found(search(index, "хунрмандни"))) == {"event:1", "campaign:2"}


@pytest.mark.parametrize(
    ("text", "locale", "key"),
    [
        ("Гафурова", TG, "artist:2"),  # ғ
        ("Ғафурова", RU, "artist:2"),
        ("Рудаки", TG, "event:2"),  # ӣ
        ("Рудакӣ", RU, "event:2"),
        ("Кодирова", TG, "story:1"),  # қ
        ("Қодирова", RU, "story:1"),
        ("Сузани", TG, "story:2"),  # ӯ (and ӣ)
        ("Сӯзанӣ", RU, "story:5"),
        ("Рахимова", TG, "artist:1"),  # ҳ
        ("Раҳимова", RU, "artist:1"),
        ("Хучанд", TG, "artist:2"),  # ҷ, and дж in Russian
        ("Хуҷанд", RU, "artist:2"),
    ],
)
def test_tajik_letters_fold_both_ways(
    index: EmbeddedSearch, text: str, locale: Locale, key: str
) -> None:
    result = search(index, text, locale=locale)
    assert key in found(result)
    assert {hit.locale for hit in result.hits} == {locale}


@pytest.mark.parametrize(
    ("text", "locale", "key"),
    [
        ("Dushanbe", TG, "artwork:1"),
        ("hunar", TG, "campaign:2"),
        ("Khujand", TG, "artist:2"),
        ("Hujand", TG, "artist:2"),
        ("Xujand", TG, "artist:2"),
        ("Madina Ghafurova", RU, "artist:2"),
        ("Нигина", EN, "artist:1"),
        ("Хуҷанд", EN, "artist:2"),
    ],
)
def test_latin_and_cyrillic_spellings_find_each_other(
    index: EmbeddedSearch, text: str, locale: Locale, key: str
) -> None:
    assert key in found(search(index, text, locale=locale))


@pytest.mark.parametrize("text", ["ДУШАНБЕ", "dUsHaNbE", "душанбе", "DUSHANBE"])
def test_search_is_case_insensitive(index: EmbeddedSearch, text: str) -> None:
    assert set(found(search(index, text))) == DUSHANBE


@pytest.mark.parametrize(
    ("text", "key"),
    [("хунар*", "story:1"), ("мардуми", "story:1"), ("Хучанд", "story:1"), ("Dushanbe", "story:2")],
)
def test_what_plain_fts5_missed_is_now_found(index: EmbeddedSearch, text: str, key: str) -> None:
    """The issue's starting point: Ҳунари, мардумӣ, Хуҷанд and Душанбе in Tajik documents."""
    assert key in found(search(index, text, locale=TG))


def test_every_word_must_match_when_some_entry_has_them_all(index: EmbeddedSearch) -> None:
    assert found(search(index, "Хуҷанд Зарина")) == ["story:1"]


def test_a_word_nothing_has_is_dropped_from_the_end(index: EmbeddedSearch) -> None:
    assert set(found(search(index, "Душанбе Ёзафрик"))) == DUSHANBE


# -- locales, filters, facets, pages -------------------------------------------------------------


def test_a_locale_searches_that_locales_documents_with_their_fallbacks(
    index: EmbeddedSearch,
) -> None:
    assert found(search(index, "Photography", locale=EN)) == ["course:1"]
    assert found(search(index, "Photography", locale=TG)) == []
    # story 2 is written in Tajik only: its English document falls back to the Tajik text
    assert found(search(index, "бибиам", locale=EN)) == ["story:2"]


def test_without_a_locale_each_entry_comes_once_in_its_best_locale(index: EmbeddedSearch) -> None:
    result = search(index, "Душанбе")
    assert len(found(result)) == len(set(found(result))) == result.total == 5
    photography = search(index, "Photography").hits[0]
    assert (photography.type, photography.entry_id, photography.locale) == (
        ContentType.COURSE,
        1,
        EN,
    )
    assert search(index, "фотографии").hits[0].locale == RU


def test_types_narrow_the_hits_and_total_but_not_the_types_facet(index: EmbeddedSearch) -> None:
    result = search(index, "Душанбе", types=frozenset({ContentType.ARTIST, ContentType.EVENT}))
    assert set(found(result)) == {"artist:1", "event:1"}
    assert result.total == 2
    assert result.types == {
        ContentType.ARTWORK: 1,
        ContentType.ARTIST: 1,
        ContentType.EVENT: 1,
        ContentType.STORY: 2,
    }


def test_tags_match_any_and_each_facet_applies_the_other_filters(index: EmbeddedSearch) -> None:
    result = search(index, "Душанбе", tags=("nature", "family"))
    assert set(found(result)) == {"artwork:1", "story:2"}
    assert result.total == 2
    # the tags facet ignores the tags filter...
    assert result.tags == {
        "crafts": 2,
        "education": 1,
        "family": 1,
        "mountains": 1,
        "nature": 1,
        "suzani": 1,
    }
    # ...and the types facet applies it
    assert result.types == {ContentType.ARTWORK: 1, ContentType.STORY: 1}
    narrowed = search(index, "Душанбе", types=frozenset({ContentType.STORY}))
    assert narrowed.tags == {"crafts": 1, "education": 1, "family": 1, "mountains": 1, "suzani": 1}


def test_the_locales_facet_counts_native_documents_whatever_the_locale(
    index: EmbeddedSearch,
) -> None:
    expected = {TG: 4, RU: 4, EN: 3}  # story 2 is Tajik only, story 3 Russian only
    assert search(index, "Душанбе").locales == expected
    english = search(index, "Душанбе", locale=EN)
    assert english.locales == expected
    assert english.total == 5  # fallback documents are searched, not counted as translations


def test_pages_walk_every_entry_once_and_total_counts_them_all(index: EmbeddedSearch) -> None:
    everything = found(search(index, "Душанбе"))
    pages = [search(index, "Душанбе", offset=offset, limit=2) for offset in (0, 2, 4, 6)]
    assert [found(page) for page in pages] == [everything[0:2], everything[2:4], everything[4:], []]
    assert {page.total for page in pages} == {5}
    assert search(index, "Душанбе", limit=0).hits == []


def test_past_the_counted_rows_counts_are_estimated_and_the_page_is_unchanged(
    index: EmbeddedSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = search(index, "Душанбе")
    monkeypatch.setattr(counting, "COUNTED", 3)  # Душанбе is in 11 documents
    estimated = search(index, "Душанбе")
    assert estimated.hits == exact.hits
    assert 3 <= estimated.total <= 11
    assert sum(estimated.types.values()) == pytest.approx(estimated.total, abs=2)


def test_words_stay_when_only_matches_past_the_counted_rows_pass_the_filters(
    index: EmbeddedSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counting stands for the query that asks whether anything matches, except here: its
    # newest rows (stories 3 and 2) fail the filter, and it did not read them all.
    monkeypatch.setattr(counting, "COUNTED", 1)
    assert found(search(index, "Душанбе", types=frozenset({ContentType.ARTWORK}))) == ["artwork:1"]


# -- highlights --------------------------------------------------------------------------------


def test_highlights_mark_the_original_words_whatever_was_typed(index: EmbeddedSearch) -> None:
    result = search(index, "хунар", locale=TG)
    assert highlight(result, "story:1", "title") == "<mark>Ҳунари</mark> мардумӣ дар Хуҷанд"
    result = search(index, "Khujand", locale=TG)
    assert highlight(result, "artist:2", "subtitle") == "<mark>Хуҷанд</mark>"
    result = search(index, "Dushnabe", locale=TG)
    assert highlight(result, "artwork:1", "title") == "<mark>Душанбе</mark> дар борон"


def test_highlights_escape_html_around_the_marks(fresh: EmbeddedSearch) -> None:
    doc = dataclasses.replace(DOCUMENTS[0], type=ContentType.ARTWORK, entry_id=99)
    doc = dataclasses.replace(doc, title="<script>alert('Душанбе')</script> & <b>", native=True)
    asyncio.run(fresh.replace({"artwork:99": [doc]}))
    shown = highlight(search(fresh, "Душанбе"), "artwork:99", "title")
    assert (
        shown
        == "&lt;script&gt;alert(&#x27;<mark>Душанбе</mark>&#x27;)&lt;/script&gt; &amp; &lt;b&gt;"
    )


def test_a_body_highlight_is_a_window_around_the_first_match(fresh: EmbeddedSearch) -> None:
    body = " ".join(["калима"] * 100 + ["Хуҷанд"] + ["калима"] * 100)
    asyncio.run(
        fresh.replace({"story:77": entry(ContentType.STORY, 77, {TG: ("Сафар", "", body)})})
    )
    shown = highlight(search(fresh, "Хуҷанд", locale=TG), "story:77", "body")
    assert shown.startswith("…калима") and shown.endswith("калима…")
    assert "<mark>Хуҷанд</mark>" in shown
    assert len(shown.split()) < 40


# -- what a visitor may type -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "?!.,;—", "* * *", '"""', "ъ"])
def test_an_empty_or_punctuation_query_finds_nothing(index: EmbeddedSearch, text: str) -> None:
    assert search(index, text) == SearchResult(hits=[], total=0)


def test_an_empty_query_is_answered_without_reading_the_index(tmp_path: Path) -> None:
    never_opened = EmbeddedSearch(tmp_path / "nowhere" / "search.db")
    assert search(never_opened, "  !? ") == SearchResult(hits=[], total=0)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "AND",
        "OR NOT",
        "NEAR(",
        "NEAR(Душанбе, 2)",
        "-",
        ":",
        "title:Душанбе",
        "{title}: Душанбе",
        "Душанбе\"'",
        "^Душанбе",
        "(Душанбе",
        "'; DROP TABLE docs; --",
        "\x00Душанбе",
        "Душанбе " * 40,
        "ф" * 300,
    ],
)
def test_no_input_is_a_syntax_error(index: EmbeddedSearch, text: str) -> None:
    result = search(index, text)
    if "Душанбе" in text and not text.startswith(("NEAR", "title", "{")):
        assert set(found(result)) == DUSHANBE


# -- writes ------------------------------------------------------------------------------------


def test_stats_and_entry_keys_describe_the_index(index: EmbeddedSearch) -> None:
    assert asyncio.run(index.stats()) == IndexStats(len(DOCUMENTS), len(ENTRY_KEYS))
    assert asyncio.run(index.entry_keys()) == ENTRY_KEYS


def test_replaying_a_batch_changes_nothing(fresh: EmbeddedSearch) -> None:
    before = search(fresh, "Душанбе")
    asyncio.run(fresh.replace(by_entry()))
    asyncio.run(fresh.replace(by_entry()))
    assert asyncio.run(fresh.stats()) == IndexStats(len(DOCUMENTS), len(ENTRY_KEYS))
    assert search(fresh, "Душанбе") == before


def test_replace_makes_an_entrys_documents_exactly_the_given_ones(fresh: EmbeddedSearch) -> None:
    rain = entry(ContentType.ARTWORK, 1, {TG: ("Хоруғ дар барф", "Акварел", "Кӯҳҳо.")})
    asyncio.run(fresh.replace({"artwork:1": rain}))
    assert "artwork:1" not in found(search(fresh, "Душанбе"))
    assert found(search(fresh, "Хоруғ барф")) == ["artwork:1"]
    assert asyncio.run(fresh.stats()).documents == len(DOCUMENTS)


def test_replace_with_no_documents_removes_the_entry(fresh: EmbeddedSearch) -> None:
    asyncio.run(fresh.replace({"artwork:1": [], "story:3": []}))
    assert set(found(search(fresh, "Душанбе"))) == DUSHANBE - {"artwork:1", "story:3"}
    assert asyncio.run(fresh.entry_keys()) == ENTRY_KEYS - {"artwork:1", "story:3"}
    assert asyncio.run(fresh.stats()) == IndexStats(len(DOCUMENTS) - 6, len(ENTRY_KEYS) - 2)


def test_a_batch_with_a_wrong_document_is_refused_whole(fresh: EmbeddedSearch) -> None:
    story = ENTRIES[0]
    with pytest.raises(ValueError, match="story:1:tg cannot be one of the documents of story:2"):
        asyncio.run(fresh.replace({"artwork:1": [], "story:2": story}))
    assert "artwork:1" in found(search(fresh, "Душанбе"))


def test_a_batch_that_fails_while_written_changes_nothing(fresh: EmbeddedSearch) -> None:
    broken = dataclasses.replace(ENTRIES[1][0], title=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        asyncio.run(fresh.replace({"artwork:1": [], "story:2": [broken]}))
    assert "artwork:1" in found(search(fresh, "Душанбе"))
    assert asyncio.run(fresh.stats()) == IndexStats(len(DOCUMENTS), len(ENTRY_KEYS))


def test_clear_empties_the_index_and_it_fills_again(fresh: EmbeddedSearch) -> None:
    asyncio.run(fresh.clear())
    assert asyncio.run(fresh.stats()) == IndexStats(0, 0)
    assert asyncio.run(fresh.entry_keys()) == set()
    assert search(fresh, "Душанбе").total == 0
    asyncio.run(fresh.replace(by_entry()))
    assert set(found(search(fresh, "Dushnabe"))) == DUSHANBE


def test_searches_read_while_a_batch_is_written(fresh: EmbeddedSearch) -> None:
    async def together() -> list[SearchResult]:
        writes = [
            fresh.replace({"story:4": entry(ContentType.STORY, 4, {EN: (f"Peak {n}", "", "Snow")})})
            for n in range(4)
        ]
        reads = [fresh.search(SearchQuery("Dushnabe")) for _ in range(6)]
        results = await asyncio.gather(*writes, *reads)
        return [r for r in results if isinstance(r, SearchResult)]

    for result in asyncio.run(together()):
        assert set(found(result)) == DUSHANBE


def test_the_index_survives_closing_and_opening_again(fresh: EmbeddedSearch) -> None:
    asyncio.run(fresh.close())
    again = EmbeddedSearch(fresh.path)
    asyncio.run(again.open())
    asyncio.run(again.open())
    assert set(found(search(again, "Dushnabe"))) == DUSHANBE
    asyncio.run(again.close())


def test_an_index_built_by_other_folding_rules_starts_empty(fresh: EmbeddedSearch) -> None:
    asyncio.run(fresh.close())
    with sqlite3.connect(fresh.path) as conn:
        conn.execute("UPDATE meta SET value = '0.0' WHERE key = 'schema'")
    conn.close()
    again = EmbeddedSearch(fresh.path)
    asyncio.run(again.open())
    assert asyncio.run(again.stats()) == IndexStats(0, 0)
    asyncio.run(again.close())
