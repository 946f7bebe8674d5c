"""Locales: slugs from Tajik and Russian titles, the fallback chain and picking a translation."""

from __future__ import annotations

import pytest

from hub.enums import Locale
from hub.i18n import SLUG_MAX, SLUG_RE, available, chain_for, pick, slugify, transliterate
from hub.settings import Settings

TG, RU, EN = Locale.TG, Locale.RU, Locale.EN


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ҳунари ҷавонон", "hunari-javonon"),
        ("Ғарм ва Қӯрғонтеппа", "gharm-va-qurghonteppa"),
        ("Ҳусния Раҳимова", "husniya-rahimova"),
        ("Зиндагӣ", "zindagi"),
        ("Ӯ ва ман", "u-va-man"),
        ("ҶАВОНОН", "javonon"),
        ("Щедрый ёж: съешь же!", "shchedryy-yozh-sesh-zhe"),
        ("Худжанд, Цветы и Чай", "khudzhand-tsvety-i-chay"),
        ("Эхо юности", "ekho-yunosti"),
        ("Café  Ünïcode -- 2030", "cafe-unicode-2030"),
        ("  --Already-a-slug--  ", "already-a-slug"),
    ],
)
def test_slugify_transliterates_tajik_and_russian_to_ascii(title, slug):
    assert slugify(title) == slug
    assert SLUG_RE.match(slug)


def test_every_tajik_letter_has_its_latin_form():
    assert transliterate("ғӣқӯҳҷ") == "ghiquhj"
    assert transliterate("ҒӢҚӮҲҶ") == "ghiquhj"


def test_slug_without_latin_letters_or_digits_is_empty():
    assert slugify("!!! — ???") == ""
    assert slugify("") == ""


def test_slug_is_cut_at_the_maximum_without_a_trailing_hyphen():
    slug = slugify("калима " * 60)
    assert len(slug) <= SLUG_MAX
    assert not slug.endswith("-")
    assert SLUG_RE.match(slug)


def test_default_chain_is_tajik_russian_english():
    assert Settings.from_env({}).locale_fallback == (TG, RU, EN)
    assert chain_for(None, (TG, RU, EN)) == (TG, RU, EN)
    assert chain_for(EN, (TG, RU, EN)) == (EN, TG, RU)


def test_configured_chain_decides_the_fallback_order():
    fallback = Settings.from_env({"HUB_LOCALE_FALLBACK": "ru,en,tg"}).locale_fallback
    assert fallback == (RU, EN, TG)
    assert chain_for(None, fallback) == (RU, EN, TG)
    assert chain_for(TG, fallback) == (TG, RU, EN)
    assert chain_for(EN, fallback) == (EN, RU, TG)


def test_a_short_configured_chain_still_reaches_every_locale():
    fallback = Settings.from_env({"HUB_LOCALE_FALLBACK": "en"}).locale_fallback
    assert chain_for(None, fallback) == (EN, TG, RU)


ROW = {"title_tg": "", "title_ru": "Привет", "title_en": "Hello"}


def test_pick_takes_the_first_translation_along_the_chain():
    assert pick(ROW, "title", (TG, RU, EN)) == ("Привет", RU)
    assert pick(ROW, "title", (EN, TG, RU)) == ("Hello", EN)
    assert pick({**ROW, "title_tg": "Салом"}, "title", (TG, RU, EN)) == ("Салом", TG)


def test_pick_of_a_missing_field_is_empty_with_no_locale():
    assert pick({}, "title", (TG, RU, EN)) == ("", None)
    assert pick({"title_tg": None, "title_ru": ""}, "title", (TG, RU, EN)) == ("", None)


def test_available_lists_locales_with_text_in_fixed_order():
    assert available(ROW, "title") == [RU, EN]
    assert available({"title_en": "x", "title_tg": "y"}, "title") == [TG, EN]
