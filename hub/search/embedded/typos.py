"""The typo index (SymSpell): which indexed keys are within a query word's typo allowance.

`typos` holds, per stem (the first STEM letters of indexed keys), the strings made by deleting
one or two letters; the deletions of a query word's stem find stems, whose keys (`vocab`) are
then checked with the true distance. Keys are only ever added: a stale one adds a candidate
that matches nothing.
"""

from __future__ import annotations

import json
import sqlite3

from hub.search.embedded.layout import chunks, marks, quote
from hub.search.text import PLACEHOLDER, QueryWord, deletions, distance

MAX_TYPO_TERMS = 12  # typo candidates kept per query word, nearest first
MAX_TYPO_KEY = 32  # longer keys get no typo index entries
STEM = 7  # typo lookup compares this many first letters (SymSpell's prefix), then whole keys


class Vocabulary:
    """The keys this process knows to be in the typo index, so that writing a batch looks up
    only the new ones. Emptying the index (here or in another process) renews the generation
    in `meta`, which forgets them."""

    def __init__(self) -> None:
        self.generation = ""
        self.terms: set[str] = set()

    def learn(self, generation: str, terms: set[str]) -> None:
        """Once committed: the keys now in the index of that generation."""
        if self.generation != generation or len(self.terms) > 1 << 20:
            self.generation, self.terms = generation, set()
        self.terms |= terms


def add_terms(conn: sqlite3.Connection, terms: set[str], known: Vocabulary) -> tuple[str, set[str]]:
    """Put the keys the typo index lacks into it; the index's generation and the keys it has."""
    generation = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
    remembered = known.terms if known.generation == generation else set()
    wanted = sorted(
        t for t in terms - remembered if 4 <= len(t) <= MAX_TYPO_KEY and t != PLACEHOLDER
    )
    found: set[str] = set()
    for chunk in chunks(wanted):
        sql = f"SELECT term FROM vocab WHERE term IN ({marks(chunk)})"
        found.update(term for (term,) in conn.execute(sql, chunk))
    new = [t for t in wanted if t not in found]
    if not new:
        return generation, set(wanted)
    stems = sorted({t[:STEM] for t in new})
    # One statement per table, each through all its rows from JSON: SQLite then works without
    # Python's lock, which the folding thread needs.
    listed = json.dumps(stems)
    numbered = conn.execute("SELECT coalesce(max(id), 0) FROM stems").fetchone()[0]
    conn.execute(
        "INSERT INTO stems(stem) SELECT value FROM json_each(?)"
        " WHERE value NOT IN (SELECT stem FROM stems)",
        (listed,),
    )
    ids = dict(
        conn.execute(
            "SELECT s.stem, s.id FROM json_each(?) AS j JOIN stems AS s ON s.stem = j.value",
            (listed,),
        )
    )
    rows = [  # a stem's deletions are written once, by the batch that numbers it
        # Two typos need nine typed letters: only a full-length stem can be that far.
        (number, " ".join(deletions(stem, 2 if len(stem) == STEM else 1)))
        for stem, number in ids.items()
        if number > numbered
    ]
    conn.execute(
        "INSERT INTO typos(rowid, deletions) SELECT value ->> 0, value ->> 1 FROM json_each(?)",
        (json.dumps(rows),),
    )
    conn.execute(
        "INSERT INTO vocab SELECT value ->> 0, value ->> 1 FROM json_each(?)",
        (json.dumps([(t, ids[t[:STEM]]) for t in new]),),
    )
    return generation, set(wanted)


def candidates(conn: sqlite3.Connection, words: list[QueryWord]) -> dict[str, list[str]]:
    """For each query key that may have typos, the nearest indexed keys within its allowance."""
    allowed: dict[str, int] = {}
    for word in words:
        if word.typos:
            allowed[word.key] = max(word.typos, allowed.get(word.key, 0))
    keys = sorted({d for key, depth in allowed.items() for d in deletions(key[:STEM], depth)})
    stems: list[int] = []
    for chunk in chunks(keys):
        sql = "SELECT rowid FROM typos WHERE typos MATCH ?"
        stems += [n for (n,) in conn.execute(sql, (" OR ".join(map(quote, chunk)),))]
    found: dict[str, dict[str, int]] = {key: {} for key in allowed}
    for numbers in chunks(stems):
        sql = f"SELECT term FROM vocab WHERE stem IN ({marks(numbers)})"
        for (term,) in conn.execute(sql, numbers):
            for key, limit in allowed.items():
                if term == key or abs(len(term) - len(key)) > limit:
                    continue
                if (d := distance(key, term, limit)) <= limit:
                    found[key][term] = d
    return {
        key: sorted(terms, key=lambda t: (terms[t], t))[:MAX_TYPO_TERMS]
        for key, terms in found.items()
    }
