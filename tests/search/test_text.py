"""Text folding: the Tajik, Russian and Latin spellings of a word meet at one key."""

from __future__ import annotations

import pytest

from hub.search.text import (
    PLACEHOLDER,
    Matcher,
    distance,
    fold,
    fold_word,
    mark,
    parse_query,
    prefix_keys,
    snippet,
    words,
)


@pytest.mark.parametrize(
    ("tajik", "russian"), [("ғ", "г"), ("ӣ", "и"), ("қ", "к"), ("ӯ", "у"), ("ҳ", "х"), ("ҷ", "ч")]
)
def test_each_tajik_letter_folds_onto_its_russian_neighbour_in_either_case(
    tajik: str, russian: str
) -> None:
    assert fold_word(tajik) == fold_word(russian) == fold_word(tajik.upper())
    assert fold_word(russian.upper()) == fold_word(tajik)


@pytest.mark.parametrize(
    "spelling",
    ["Худжанд", "Хучанд", "ХУҶАНД", "Khujand", "Hujand", "Xujand", "Khudzhand", "Khudjand"],
)
def test_every_spelling_of_khujand_meets_the_tajik_one(spelling: str) -> None:
    assert fold_word(spelling) == fold_word("Хуҷанд")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Душанбе", "Dushanbe"),
        ("ҳунар", "hunar"),
        ("Ғафурова", "Ghafurova"),
        ("Ғафурова", "Gafurova"),
        ("Қодирова", "Qodirova"),
        ("Қодирова", "Kodirova"),
        ("Шаҳноза", "Shahnoza"),
        ("мардумӣ", "мардуми"),
        ("учёба", "учеба"),
        ("Ёрӣ", "Yori"),
        ("Мария", "Maria"),
        ("маъно", "ma'no"),
        ("Мухаммад", "Muhammad"),
        ("фотография", "photografiya"),
        ("Žukova", "Жукова"),
    ],
)
def test_cyrillic_and_latin_spellings_of_a_word_meet(one: str, other: str) -> None:
    assert fold_word(one) == fold_word(other)


@pytest.mark.parametrize(
    ("one", "other"), [("Рашт", "Рошт"), ("кор", "кур"), ("hunar", "honar"), ("2000", "20")]
)
def test_different_words_keep_different_keys(one: str, other: str) -> None:
    assert fold_word(one) != fold_word(other)


def test_folded_text_is_ascii_keys_one_per_word() -> None:
    text = "«Ҳунари мардумӣ» — Folk crafts, 2024! Ъ 3D-художница's"
    assert fold(text) == "hunari mardumi folk crafts 2024 q 3d hudozhnitsas"
    assert fold(text).isascii()
    assert [w.key for w in words(text)] == fold(text).split()
    assert text[words(text)[1].start : words(text)[1].end] == "мардумӣ"


def test_a_word_with_an_empty_key_is_indexed_as_a_placeholder_no_query_reaches() -> None:
    assert fold("Ъ") == PLACEHOLDER
    assert fold_word(PLACEHOLDER) != PLACEHOLDER
    assert parse_query("ъ ь") == []


def test_query_operators_and_punctuation_are_only_separators() -> None:
    parsed = parse_query('"Душанбе" AND NEAR(хунар, 2) -Khujand: title:x ^y')
    keys = ["dushanbe", "and", "near", "hunar", "2", "huchand", "title", "h", "y"]
    assert [w.key for w in parsed] == keys


def test_the_last_word_and_starred_words_are_prefixes() -> None:
    parsed = parse_query("хунар* мардуми Душ")
    assert [w.prefixes for w in parsed] == [("hunar",), (), ("dush",)]


@pytest.mark.parametrize(
    ("typed", "word"),
    [("Худ", "Худжанд"), ("Khud", "Khudzhand"), ("K", "Khujand"), ("Мари", "Мария"), ("Y", "Yori")],
)
def test_a_prefix_being_typed_covers_the_spelling_it_may_turn_into(typed: str, word: str) -> None:
    assert any(fold_word(word).startswith(p) for p in prefix_keys(typed))


@pytest.mark.parametrize(
    ("typed", "typos"),
    [("Рашт", 0), ("Dush", 0), ("Dushn", 1), ("Хуҷанд", 1), ("Dushnabe", 1), ("хунарманд", 2)],
)
def test_typos_forgiven_depend_on_the_letters_typed(typed: str, typos: int) -> None:
    assert parse_query(typed)[0].typos == typos


def test_distance_counts_a_swap_or_a_missing_letter_as_one_typo() -> None:
    assert distance("dushnabe", "dushanbe", 2) == 1
    assert distance("hunarmnd", "hunarmand", 2) == 1
    assert distance("hunrmandni", "hunarmandoni", 2) == 2


def test_distance_counts_a_changed_first_letter_as_two_and_stops_above_the_limit() -> None:
    assert distance("bushanbe", "dushanbe", 2) == 2
    assert distance("abcdef", "uvwxyz", 1) == 2


def test_mark_wraps_matched_words_of_the_original_and_escapes_everything_else() -> None:
    matcher = Matcher(frozenset({fold_word("Хуҷанд")}), ("hunar",))
    assert mark('<b>Ҳунари</b> дар Хуҷанд & "Khujand"', matcher) == (
        "&lt;b&gt;<mark>Ҳунари</mark>&lt;/b&gt; дар <mark>Хуҷанд</mark> &amp; "
        "&quot;<mark>Khujand</mark>&quot;"
    )
    assert mark("Душанбе", matcher) == ""


def test_snippet_is_a_window_of_words_around_the_first_match() -> None:
    text = " ".join(f"w{i}" for i in range(40)) + " Хуҷанд " + " ".join(f"v{i}" for i in range(40))
    shown = snippet(text, Matcher(frozenset({"huchand"})), window=10, before=3)
    stored = [PLACEHOLDER] * 7 + ["x"] + [PLACEHOLDER] * 73  # keys an index kept: no folding
    assert snippet(text, Matcher(frozenset({"x"})), stored, window=3, before=1) == (
        "…w6 <mark>w7</mark> w8…"
    )
    assert shown == "…w37 w38 w39 <mark>Хуҷанд</mark> v0 v1 v2 v3 v4 v5…"
    assert snippet("Дар Хуҷанд.", Matcher(frozenset({"huchand"}))) == "Дар <mark>Хуҷанд</mark>."
    assert snippet("Дар Душанбе.", Matcher(frozenset({"huchand"}))) == ""
