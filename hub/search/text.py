"""Text folding for search: every word to one ASCII key, so Tajik, Russian and Latin spellings meet.

A kiosk visitor types on whatever keyboard is there: a Russian one has no ғ ӣ қ ӯ ҳ ҷ, a Latin
one has no Cyrillic at all. Both backends therefore index and query *keys*, never raw words:

    fold("Хуҷанд") == fold("Худжанд") == fold("Хучанд") == fold("Khujand") == fold("Xujand")
    == fold("Hujand") == "huchand"

How a word becomes its key (`fold_word`), in order:
1. lower case, NFC; Cyrillic letters are transliterated to Latin, the Tajik ones onto their
   Russian neighbours (ғ→gh, ӣ→i, қ→q, ӯ→u, ҳ→h, ҷ→j; х→kh, ч→ch, ж→zh, ш→sh, ц→ts, щ→shch,
   й/ы→y, ю→yu, я→ya, ё→yo, ъ ь→nothing); other accented Latin loses its accents (ş→sh, ç→ch,
   ğ→gh, ō→o); apostrophes inside a word disappear (ma'no = маъно).
2. Latin spellings that write one sound differently are rewritten to one form, the same rules
   for transliterated Cyrillic and for what a visitor typed: dzh/dj/j→ch (ҷ, ч and дж meet),
   kh/x→h (х and ҳ meet), gh→g (ғ and г), q→k (қ and к), w→v, ph→f, th→t, yo→e (ё and е:
   Russian is usually typed without ё), iy before a vowel→i (Мария = Maria).
3. Runs of one letter shrink to one (Muhammad = Mukhammad, сӯзании = сӯзанӣ); digits stay.

Known collisions, accepted because a search may over-match a little but must not miss: ш and сх
(Исҳоқ = Ishoq, which helps), ж and зҳ, j and ch in English (jest = chest), yo and e in English
(you = eu), double letters (class = clas). Keys contain only [a-z0-9] for Latin and Cyrillic
text; letters of other scripts pass through lower-cased. A word whose key would be empty (a lone
ъ) gets PLACEHOLDER, which no query folds to, so the folded text keeps one key per word: the n-th
key of `fold(text)` is the n-th word of `words(text)`, and highlights map back to the original.

Changing any rule changes keys: bump FOLD_VERSION, and indexes built with the old rules are
rebuilt (the embedded index recreates itself empty; run `hub reindex`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

FOLD_VERSION = 1
PLACEHOLDER = "q"  # q always folds to k: no query word ever has this key
MAX_QUERY_WORDS = 10
MAX_KEY_LENGTH = 64

_CYRILLIC = {
    "ғ": "gh", "ӣ": "i", "қ": "q", "ӯ": "u", "ҳ": "h", "ҷ": "j",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # neighbours that arrive in names: Uzbek, Kazakh, Kyrgyz, Ukrainian
    "ў": "u", "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "ң": "ng", "һ": "h",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
_LATIN = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th",
    "ş": "sh", "ș": "sh", "ç": "ch", "ğ": "gh", "ǧ": "gh", "ž": "zh", "š": "sh", "č": "ch",
    "'": "", "’": "", "ʼ": "", "ʻ": "", "`": "",
}  # fmt: skip
_SPELLINGS = {
    "dzh": "ch", "dj": "ch", "j": "ch", "kh": "h", "x": "h", "gh": "g", "q": "k", "w": "v",
    "ph": "f", "th": "t", "yo": "e", "iy": "i",
}  # fmt: skip
_SPELLING_RE = re.compile(r"dzh|dj|kh|gh|ph|th|iy(?=[aeiou])|yo|j|x|q|w")
_RUNS_RE = re.compile(r"([a-z])\1+")  # letters only: 2000 is not 20
# A word: letters, digits (and _, which folds away), combining marks of decomposed input,
# apostrophes inside.
_WORD_RE = re.compile(r"[\w\u0300-\u036f]+(?:['’ʼ`][\w\u0300-\u036f]+)*")
# What a visitor may be about to type after a prefix, when it would change the key's end:
# Khu|d -> Khudzh (ch), K|h (h), Dz|h, Mari|ya (a), Y|o (e).
_CONTINUATIONS = ("h", "zh", "o", "a")


@lru_cache(maxsize=1 << 17)
def fold_word(word: str) -> str:
    """The key of one word (see the module docstring); "" when nothing is left of it."""
    latin = []
    for char in unicodedata.normalize("NFC", word.lower()):
        mapped = _CYRILLIC.get(char)
        if mapped is None:
            mapped = _LATIN.get(char)
        if mapped is None:
            if char.isascii():
                mapped = char if char.isalnum() else ""
            else:
                mapped = "".join(
                    c
                    for c in unicodedata.normalize("NFKD", char)
                    if c.isalnum() and unicodedata.category(c) != "Lm"
                )
        latin.append(mapped)
    key = _SPELLING_RE.sub(lambda m: _SPELLINGS[m.group()], "".join(latin))
    return _RUNS_RE.sub(r"\1", key)[:MAX_KEY_LENGTH]


@dataclass(frozen=True)
class Word:
    start: int  # offsets of the word in the original text
    end: int
    key: str


_INDEXED: dict[str, str] = {}  # indexed_key's memory: a dict lookup is the hot path of indexing
_INDEXED_MAX = 1 << 18


def indexed_key(word: str) -> str:
    """The key of a word as indexed: PLACEHOLDER for a word whose key is empty."""
    key = _INDEXED.get(word)
    if key is None:
        if len(_INDEXED) >= _INDEXED_MAX:
            _INDEXED.clear()
        key = _INDEXED[word] = fold_word(word) or PLACEHOLDER
    return key


def words(text: str) -> list[Word]:
    """Every word of `text` with its place and its indexed key."""
    return [Word(m.start(), m.end(), indexed_key(m.group())) for m in _WORD_RE.finditer(text)]


def fold(text: str) -> str:
    """The indexed keys of every word of `text`, one per word, separated by single spaces."""
    known = _INDEXED
    return " ".join([known.get(word) or indexed_key(word) for word in _WORD_RE.findall(text)])


# -- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    key: str
    prefixes: tuple[str, ...]  # keys this word may be the start of; () unless typed last or with *
    typos: int  # how many typos it forgives, by the letters the visitor typed


def parse_query(text: str) -> list[QueryWord]:
    """The words of what a visitor typed: the last one (and any followed by `*`) as a prefix.

    Operators and punctuation are only separators here, so no input can be a syntax error."""
    found = [m for m in _WORD_RE.finditer(text) if fold_word(m.group())][:MAX_QUERY_WORDS]
    parsed = []
    for i, match in enumerate(found):
        raw = match.group()
        starred = text.startswith("*", match.end())
        prefixes = prefix_keys(raw) if starred or i == len(found) - 1 else ()
        typos = max_typos(sum(char.isalnum() for char in raw))
        parsed.append(QueryWord(fold_word(raw), prefixes, typos))
    return parsed


def prefix_keys(raw: str) -> tuple[str, ...]:
    """Keys that every word starting with `raw` starts with, one of them at least.

    Mostly just fold(raw); but "Khud" may become "Khudzhand" (key "huchand", not "hud..."):
    the keys of the likely continuations are added, and any key covered by a shorter one dropped.
    """
    keys = {fold_word(raw + more) for more in ("", *_CONTINUATIONS)}
    keys.discard("")
    kept = sorted(keys, key=len)
    return tuple(k for i, k in enumerate(kept) if not any(k.startswith(p) for p in kept[:i]))


def max_typos(letters: int) -> int:
    """Typos forgiven in a query word of so many letters: one from 5, two from 9.

    Counted on what was typed, not on the key: Рашт has four letters and no typo, although its
    key "rasht" has five."""
    return 2 if letters >= 9 else 1 if letters >= 5 else 0


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), where changing the first letter
    costs two as in Meilisearch (visitors rarely miss it); anything above `limit` is limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    extra = 1 if a[:1] != b[:1] else 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)] + extra, limit + 1)


def deletions(key: str, depth: int) -> set[str]:
    """`key` and every string made by deleting up to `depth` of its letters (for typo lookup:
    two words within distance d share a string with at most d deletions from each)."""
    found = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


# -- highlights ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    """Which keys a search matched: exact keys (typo candidates included) and prefixes."""

    keys: frozenset[str]
    prefixes: tuple[str, ...] = ()

    def __call__(self, key: str) -> bool:
        return key in self.keys or key.startswith(self.prefixes)


def _key(match: re.Match[str], i: int, keys: Sequence[str] | None) -> str:
    return keys[i] if keys is not None and i < len(keys) else indexed_key(match.group())


def mark(text: str, matched: Matcher, keys: Sequence[str] | None = None) -> str:
    """All of `text`, HTML-escaped, its matched words in <mark>; "" when no word matched.
    `keys`, when given, is fold(text).split() (stored by an index: saves folding again)."""
    out, position, hit = [], 0, False
    for i, match in enumerate(_WORD_RE.finditer(text)):
        if matched(_key(match, i, keys)):
            out += [html.escape(text[position : match.start()]), "<mark>"]
            out += [html.escape(match.group()), "</mark>"]
            position, hit = match.end(), True
    return "".join([*out, html.escape(text[position:])]).strip() if hit else ""


def snippet(
    text: str,
    matched: Matcher,
    keys: Sequence[str] | None = None,
    window: int = 24,
    before: int = 6,
) -> str:
    """`window` words of `text` from `before` words ahead of its first match, HTML-escaped,
    matched words in <mark>, "…" where cut; "" when no word matched."""
    exact, prefixes = matched.keys, matched.prefixes
    if keys is None:
        # The hot loop of a search's highlights, no function call per word: each word is folded
        # (a dict lookup) only up to the first match, not the whole body.
        written, known, first = _WORD_RE.findall(text), _INDEXED, None
        for i, word in enumerate(written):
            key = known.get(word) or indexed_key(word)
            if key in exact or key.startswith(prefixes):
                first = i
                break
        count = len(written)
    else:
        hits = (i for i, key in enumerate(keys) if key in exact or key.startswith(prefixes))
        first, count = next(hits, None), len(keys)
    if first is None:
        return ""
    start = max(0, first - before)
    end = min(count, start + window)
    out = ["…"] if start else []
    position = None
    for i, match in enumerate(islice(_WORD_RE.finditer(text), start, end), start):
        if position is not None:
            out.append(html.escape(text[position : match.start()]))
        word = html.escape(match.group())
        if keys is None:
            hit = matched(indexed_key(match.group()))
        else:
            hit = i < len(keys) and matched(keys[i])
        out.append(f"<mark>{word}</mark>" if hit else word)
        position = match.end()
    out.append("…" if end < count else html.escape(text[position:]))
    return "".join(out).strip()
