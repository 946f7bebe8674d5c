"""Embedded search benchmark: indexing throughput and kiosk-search latency, 10,000 to 100,000.

Usage, from the repository root (four to five minutes on 2 cores):

    .venv/bin/python -m benchmarks.search
    .venv/bin/python -m benchmarks.search --sizes 2000,20000 --queries 200   # a quick look

What it does:
1. Builds entries deterministically (fixed seed) from word lists: the Tajik, Russian and English
   sentences of the demo seed (`hub.seed.texts`) with inflected forms (Tajik -ҳо -и -ро ..., Russian
   -а -ы -ой ..., English -s -ed -ing), and 60 first names x 60 surnames written the Tajik, the
   Russian and the English way. An entry is written in one, two or three locales (the others
   get fallback documents, as the worker builds them), so 100,000 entries are ~300,000 documents;
   a body has 150-400 words (stories) or 20-120 (the rest) drawn with Zipf-like frequencies.
2. Indexes them through `EmbeddedSearch.replace` in batches of `rebuild_batch` (5,000) entries,
   as `hub reindex` does, into a temporary file, stopping at each size (10,000, 30,000 and
   100,000) to run 500 kiosk-style searches one after the other, each three times (after 50 for
   warm-up): prefixes as typed (Душ, Khuj), whole Tajik and Russian words, Tajik typed on a
   Russian keyboard (Хучанд), Latin spellings (Dushanbe, hunarmand), typos (one edit in 5+ letter
   words), two words (a name and the start of a surname). Each latency includes the thread hop.
3. Prints entries/s and documents/s of indexing (text folding included, generation excluded),
   p50/p95/max latency per size (of each search's first run), p50/p95 of each search's least CPU
   time over its three runs (steadier when other work shares the machine), the growth from size
   to size and the load average, then deletes the temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from hub.enums import ContentType, Locale
from hub.i18n import LOCALES, chain_for, transliterate
from hub.search.backend import Document, SearchQuery
from hub.search.embedded import EmbeddedSearch, writing
from hub.seed import texts

SEED = 20240601
BATCH = EmbeddedSearch.rebuild_batch  # what `hub reindex` writes per transaction
WARMUP = 50
REPEATS = 3  # runs of each search, for its CPU time
WORST = 60
TG, RU, EN = Locale.TG, Locale.RU, Locale.EN


def _names(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _names(
    "Нигина Зарина Малика Фарангис Мадина Сабрина Дилноза Шаҳноза Парвина Гулрухсор Меҳрангез "
    "Ситора Нилуфар Гулнора Шаҳло Мунира Фарзона Дилором Мавҷуда Зулфия Ҳилола Тоҳира Мижгона "
    "Сабина Латофат Рухшона Манижа Ҷамила Гулчеҳра Моҳира Наргис Озода Парасту Раъно Санавбар "
    "Таҳмина Фируза Ҳуснигул Чеҳра Шоира Юлдуз Ёқутхон Азиза Бибисора Гавҳар Дилафрӯз Зебо "
    "Иқбол Камола Лола Марҳабо Нозанин Ойша Паризод Рӯҳафзо Саодат Тахмина Умеда Фотима Ҳафиза"
)
SURNAMES = _names(
    "Раҳимова Қодирова Ҷӯраева Назарова Ғафурова Ҳакимова Сафарова Исмоилова Шарипова Амонова "
    "Юсуфова Бобоева Каримова Собирова Мирзоева Ҳасанова Давлатова Шодмонова Азизова Қурбонова "
    "Одинаева Раҷабова Саидова Тоҷиддинова Ӯроқова Файзуллоева Ҳайдарова Чоршанбиева Шукурова "
    "Ёдгорова Абдуллоева Бахтиёрова Валиева Гулова Ҷалилова Зоирова Икромова Латифова "
    "Маҳмудова Неъматова Олимова Пулодова Рустамова Самадова Турсунова Умарова Фозилова "
    "Холова Ҳамидова Шамсиддинова Эргашева Юнусова Ятимова Ашурова Бурҳонова Иброҳимова "
    "Қаюмова Нурова Ризоева Сангинова"
)
TAJIK_TO_RUSSIAN = str.maketrans({"ҳ": "х", "Ҳ": "Х", "қ": "к", "Қ": "К", "ғ": "г", "Ғ": "Г",
                                  "ӯ": "у", "Ӯ": "У", "ӣ": "и", "ҷ": "дж", "Ҷ": "Дж"})  # fmt: skip
SUFFIXES = {
    TG: ("и", "ҳо", "ҳои", "ро", "ам", "аш", "ҳоро", "ӣ"),
    RU: ("а", "ы", "е", "ой", "ами", "у", "ом", "ах"),
    EN: ("s", "ed", "ing", "er", "ly"),
}
COMMON = 40  # the seed's most frequent words per language: и, дар, the...
TAIL = 12_000  # made-up rare words per language
TYPE_WEIGHTS = {
    ContentType.STORY: 50, ContentType.ARTWORK: 20, ContentType.ARTIST: 10,
    ContentType.EVENT: 7, ContentType.COURSE: 5, ContentType.MENTOR: 5, ContentType.CAMPAIGN: 3,
}  # fmt: skip
WRITTEN_IN = [((TG,), 30), ((RU,), 15), ((EN,), 5), ((TG, RU), 20), ((TG, RU, EN), 30)]
TAG_SLUGS = [slug for slug, _ in texts.TAGS]
_WORD = re.compile(r"[^\W\d_]{2,}")


# ---- word lists ----------------------------------------------------------------------------


def _triples(value: Any) -> Iterator[tuple[str, str, str]]:
    """Every (Tajik, Russian, English) text triple anywhere in the seed's data."""
    if isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, str) for v in value):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _triples(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _triples(item)


def _vocabularies(module: ModuleType) -> dict[Locale, list[str]]:
    found: dict[Locale, dict[str, int]] = {locale: {} for locale in LOCALES}
    for name in dir(module):
        if name.isupper():
            for triple in _triples(getattr(module, name)):
                for locale, text in zip(LOCALES, triple, strict=True):
                    for word in _WORD.findall(text):
                        counts = found[locale]
                        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    # the seed's most frequent words first: Zipf-like draws then favour them
    return {loc: sorted(words, key=lambda w: -words[w]) for loc, words in found.items()}


def _synthetic(rng: random.Random, words: list[str], count: int) -> list[str]:
    """Made-up words from pieces of real ones: a long tail of rare words, like real text has."""
    pieces = sorted(
        {w[i : i + size] for w in words for size in (2, 3) for i in range(0, len(w), size)}
    )
    pieces = [p for p in pieces if len(p) >= 2]
    made: set[str] = set(words)
    out: list[str] = []
    while len(out) < count:
        word = "".join(rng.choices(pieces, k=rng.randint(2, 4)))
        if word not in made:
            made.add(word)
            out.append(word)
    return out


@dataclass
class Words:
    vocab: dict[Locale, list[str]]  # most frequent first
    common: dict[Locale, list[str]]  # function words, which nobody searches for
    content: dict[Locale, list[str]]  # the seed's other words: what visitors look for
    cumulative: list[float]
    names: list[tuple[str, str, str]]  # (Tajik, Russian, English) full names
    cities: list[tuple[str, str, str]]

    @classmethod
    def build(cls) -> Words:
        rng = random.Random(SEED)
        real = _vocabularies(texts)
        vocab, common, content = {}, {}, {}
        for locale, words in real.items():
            tail = _synthetic(rng, words, TAIL)
            common[locale], content[locale] = words[:COMMON], words[COMMON:]
            # real content words spread over the first ranks, one in four, between made-up ones
            ranked = list(common[locale])
            for i, word in enumerate(tail):
                if i % 3 == 0 and content[locale][i // 3 : i // 3 + 1]:
                    ranked.append(content[locale][i // 3])
                ranked.append(word)
            vocab[locale] = ranked
        size = max(len(v) for v in vocab.values())
        cumulative = list(itertools.accumulate(1 / (rank + 2) for rank in range(size)))
        names = []
        for first, last in itertools.product(FIRST_NAMES, SURNAMES):
            tajik = f"{first} {last}"
            russian = tajik.translate(TAJIK_TO_RUSSIAN)
            names.append((tajik, russian, transliterate(tajik).title()))
        cities = [city[0] for city in texts.CITIES.values()]
        return cls(vocab, common, content, cumulative, names, cities)

    def draw(self, rng: random.Random, locale: Locale, count: int) -> list[str]:
        words = self.vocab[locale]
        picked = rng.choices(words, cum_weights=self.cumulative[: len(words)], k=count)
        return [w + rng.choice(SUFFIXES[locale]) if rng.random() < 0.25 else w for w in picked]


# ---- entries -------------------------------------------------------------------------------


def entries(words: Words, start: int, count: int) -> dict[str, list[Document]]:
    """Entries start..start+count-1, each the same whatever batch it is generated in."""
    changes = {}
    types, type_weights = zip(*TYPE_WEIGHTS.items(), strict=True)
    written, written_weights = zip(*WRITTEN_IN, strict=True)
    for number in range(start, start + count):
        rng = random.Random(SEED * 1_000_003 + number)
        type_ = rng.choices(types, type_weights)[0]
        locales = rng.choices(written, written_weights)[0]
        name = rng.choice(words.names)
        city = rng.choice(words.cities)
        texts_by_locale = {}
        for locale in locales:
            i = LOCALES.index(locale)
            title = " ".join(words.draw(rng, locale, rng.randint(2, 5)))
            if type_ in (ContentType.ARTIST, ContentType.MENTOR) or rng.random() < 0.2:
                title = f"{name[i]} {title}" if rng.random() < 0.5 else name[i]
            subtitle = f"{name[i]}, {city[i]}" if rng.random() < 0.6 else city[i]
            length = rng.randint(150, 400) if type_ is ContentType.STORY else rng.randint(20, 120)
            body = " ".join(words.draw(rng, locale, length))
            texts_by_locale[locale] = (title.capitalize(), subtitle, body + ".")
        tags = tuple(rng.sample(TAG_SLUGS, rng.randint(0, 3)))
        documents = []
        for locale in LOCALES:
            source = next(loc for loc in chain_for(locale, LOCALES) if loc in texts_by_locale)
            title, subtitle, body = texts_by_locale[source]
            documents.append(
                Document(type_, number, locale, source == locale, title, subtitle, body, tags)
            )
        changes[f"{type_.value}:{number}"] = documents
    return changes


# ---- queries -------------------------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)  # visitors rarely miss the first letter
    edit = rng.choice(("delete", "swap", "replace"))
    if edit == "delete":
        return word[:i] + word[i + 1 :]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("аеиоунрстлк") + word[i + 1 :]


def queries(words: Words, count: int) -> list[str]:
    """What kiosk visitors type: names, places and the words of the stories, 3 letters or more."""
    rng = random.Random(SEED)
    tajik, russian, english = ([w for w in words.content[loc] if len(w) >= 3] for loc in LOCALES)
    keyboard = str.maketrans("ҷҳқғӯӣ", "чхкгуи")
    typed = []
    for _ in range(count):
        name = rng.choice(words.names)
        first, last = name[rng.randrange(2)].split()
        city = rng.choice(words.cities)
        word = rng.choice(tajik + russian + [first, last, city[0], city[1]])
        kind = rng.randrange(8)
        if kind in (0, 1):  # as typed so far: the start of a word or a name
            typed.append(word[: rng.randint(3, max(3, min(6, len(word) - 1)))])
        elif kind == 2:  # a whole Tajik or Russian word
            typed.append(word)
        elif kind == 3:  # Tajik on a Russian keyboard
            typed.append(rng.choice([last, city[0], *tajik]).translate(keyboard))
        elif kind == 4:  # Latin: Cyrillic words transliterated, and English
            latin = transliterate(rng.choice([last, city[0], *tajik, *russian]))
            typed.append(rng.choice([latin, city[2], name[2].split()[1], rng.choice(english)]))
        elif kind in (5, 6):  # one typo in a word of five letters or more
            long = [w for w in (word, last, city[0], rng.choice(tajik)) if len(w) >= 5]
            typed.append(_typo(rng, long[0] if long else "Душанбе"))
        else:  # a name and the start of a surname
            typed.append(f"{first} {last[: rng.randint(2, 5)]}")
    return typed


def worst_queries(words: Words, count: int) -> list[str]:
    """What the page above leaves out: one or two letters, and the most common words."""
    rng = random.Random(SEED + 1)
    common = [w for locale in LOCALES for w in words.common[locale]]
    starts = [w[:2] for w in words.content[TG] + words.content[RU] if len(w) > 2]
    return [rng.choice(common) if i % 2 else rng.choice(starts) for i in range(count)]


# ---- the run -------------------------------------------------------------------------------


@dataclass
class Figures:
    searches: str
    entries: int
    documents: int
    p50: float
    p95: float
    maximum: float
    mean_total: float
    cpu_p50: float  # CPU time of the same searches (least of REPEATS runs): steadier
    cpu_p95: float


async def measure(
    backend: EmbeddedSearch, label: str, typed: list[str], entries_: int, documents: int
) -> Figures:
    for text in typed[:WARMUP]:
        await backend.search(SearchQuery(text))
    timings, cpu, totals = [], [], []
    for text in typed:
        # Wall time of the first run, what a visitor waits; CPU time the least of REPEATS runs:
        # what other work on the machine adds to a search's own, it adds rarely to all three.
        least = float("inf")
        for repeat in range(REPEATS):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = await backend.search(SearchQuery(text))
            if not repeat:
                timings.append((time.perf_counter() - started) * 1000)
            least = min(least, (time.process_time() - started_cpu) * 1000)
        cpu.append(least)
        totals.append(result.total)
    return Figures(
        label,
        entries_,
        documents,
        _percentile(timings, 0.5),
        _percentile(timings, 0.95),
        max(timings),
        statistics.mean(totals),
        _percentile(cpu, 0.5),
        _percentile(cpu, 0.95),
    )


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class WriterClock:
    """CPU time of the thread that writes (`writing.replace`): the bottleneck of indexing."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.replace = writing.replace

    def __call__(self, *args: Any) -> None:
        started = time.thread_time()
        try:
            self.replace(*args)
        finally:
            self.seconds += time.thread_time() - started


async def run(sizes: list[int], query_count: int) -> None:
    writer = WriterClock()
    writing.replace = writer  # the backend calls it through the module
    words = Words.build()
    kiosk, worst = queries(words, query_count), worst_queries(words, WORST)
    directory = Path(tempfile.mkdtemp(prefix="hub-search-bench-"))
    backend = EmbeddedSearch(directory / "search.db")
    figures: list[Figures] = []
    seconds = cpu = 0.0
    done = documents = 0
    try:
        await backend.open()
        for size in sizes:
            while done < size:
                batch = entries(words, done + 1, min(BATCH, size - done))
                started, started_cpu = time.perf_counter(), time.process_time()
                await backend.replace(batch)
                seconds += time.perf_counter() - started
                cpu += time.process_time() - started_cpu
                done += len(batch)
                documents += sum(len(docs) for docs in batch.values())
            load = os.getloadavg()[0]  # other work on the machine slows both figures
            print(
                f"indexed {done:,} entries ({documents:,} documents); load {load:.1f}", flush=True
            )
            figures.append(await measure(backend, "kiosk", kiosk, done, documents))
            figures.append(
                await measure(backend, "1-2 letters, stop words", worst, done, documents)
            )
        megabytes = sum(p.stat().st_size for p in directory.iterdir()) / 1e6
        stats = await backend.stats()
        assert (stats.entries, stats.documents) == (done, documents), stats
    finally:
        await backend.close()
        shutil.rmtree(directory, ignore_errors=True)
    # the process that folds large batches has ended with `close`: its CPU time is known now,
    # and it did nothing but fold while indexing
    children = os.times()
    folding = children.children_user + children.children_system
    report(figures, done, documents, seconds, (cpu + folding, writer.seconds, folding), megabytes)


def report(
    figures: list[Figures],
    done: int,
    documents: int,
    seconds: float,
    cpu: tuple[float, float, float],
    size: float,
) -> None:
    load = os.getloadavg()[0]
    total, writer, folding = cpu
    print(f"\nindexing {done:,} entries ({documents:,} documents) in batches of {BATCH}:")
    print(
        f"  {done / seconds:,.0f} entries/s = {documents / seconds:,.0f} documents/s"
        f" ({seconds:.0f} s; {total:.0f} s of CPU on {os.cpu_count()} cores; load {load:.1f})"
    )
    print(
        f"  CPU: {writer:.0f} s the writing thread, {folding:.0f} s the folding process,"
        f" {total - writer - folding:.0f} s the rest (handing batches over)"
    )
    print(f"  index file {size:,.0f} MB")
    print("\nsearches one at a time, each with 20 hits, total, facets and highlights (ms):")
    print(
        f"  {'searches':<24} {'entries':>8} {'documents':>10} {'p50':>6} {'p95':>6} {'max':>6}"
        f" {'mean total':>10} {'cpu p50':>8} {'cpu p95':>8}"
    )
    for f in figures:
        print(
            f"  {f.searches:<24} {f.entries:>8,} {f.documents:>10,} {f.p50:>6.1f} {f.p95:>6.1f}"
            f" {f.maximum:>6.1f} {f.mean_total:>10,.0f} {f.cpu_p50:>8.1f} {f.cpu_p95:>8.1f}"
        )
    kiosk = [f for f in figures if f.searches == "kiosk"]
    for first, last in itertools.pairwise(kiosk):
        grown = last.entries / first.entries
        print(
            f"\nkiosk {first.entries:,} -> {last.entries:,} entries (x{grown:.1f}):"
            f" p95 x{last.p95 / first.p95:.2f}, p50 x{last.p50 / first.p50:.2f}"
            f" (CPU: p95 x{last.cpu_p95 / first.cpu_p95:.2f},"
            f" p50 x{last.cpu_p50 / first.cpu_p50:.2f})",
            end="",
        )
    if len(kiosk) > 2:
        first, last = kiosk[0], kiosk[-1]
        print(
            f"\nkiosk {first.entries:,} -> {last.entries:,} entries:"
            f" p95 x{last.p95 / first.p95:.2f} (CPU x{last.cpu_p95 / first.cpu_p95:.2f})",
            end="",
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="entry counts, ascending")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(run([int(s) for s in args.sizes.split(",")], args.queries))


if __name__ == "__main__":
    main()
