"""Locale fallback, picking a translation from a row, and slugs from Tajik/Russian titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from hub.enums import Locale

LOCALES: tuple[Locale, ...] = (Locale.TG, Locale.RU, Locale.EN)

# Tajik letters first (they are not in Russian), then Russian; both lower case.
_TRANSLIT = {
    "ғ": "gh", "ӣ": "i", "қ": "q", "ӯ": "u", "ҳ": "h", "ҷ": "j",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120


def chain_for(locale: Locale | None, fallback: Sequence[Locale]) -> tuple[Locale, ...]:
    """The requested locale first, then the configured chain, each once."""
    order = ([locale] if locale else []) + list(fallback) + list(LOCALES)
    return tuple(dict.fromkeys(order))


def column(field: str, locale: Locale) -> str:
    return f"{field}_{locale.value}"


def pick(row: Mapping[str, Any], field: str, chain: Sequence[Locale]) -> tuple[str, Locale | None]:
    """The first non-empty translation of `field` along `chain`, and the locale it came from."""
    for locale in chain:
        value = row.get(column(field, locale))
        if value:
            return value, locale
    return "", None


def available(row: Mapping[str, Any], field: str) -> list[Locale]:
    return [locale for locale in LOCALES if row.get(column(field, locale))]


def transliterate(text: str) -> str:
    out = []
    for char in text:
        lower = char.lower()
        out.append(_TRANSLIT.get(lower, lower))
    return "".join(out)


def slugify(text: str) -> str:
    """URL-safe ASCII slug: Cyrillic transliterated, accents dropped, words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", transliterate(text))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")
