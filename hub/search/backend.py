"""The search backend interface: what the worker writes and what the `search` query reads.

The index holds PUBLISHED content only (the worker removes anything else), so every search is
public by construction: no draft, no author of an anonymous story, can ever be found or counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from hub.enums import ContentType, Locale


@dataclass(frozen=True)
class Document:
    """One entry as read in one locale, with the same fallback as reading.

    There is one document per (entry, locale): `key` is "story:12:ru". `native` says whether the
    entry really has text in `locale` (False: the texts are a fallback translation).
    """

    type: ContentType
    entry_id: int
    locale: Locale
    native: bool
    title: str
    subtitle: str  # short secondary text: author name, headline, medium, city, venue
    body: str  # long text: excerpt and body, biography, description, lessons (plain text)
    tags: tuple[str, ...] = ()  # tag slugs
    published_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.type.value}:{self.entry_id}:{self.locale.value}"

    @property
    def entry_key(self) -> str:
        return f"{self.type.value}:{self.entry_id}"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    types: frozenset[ContentType] | None = None  # None: every type
    locale: Locale | None = None  # None: every locale, best document per entry
    tags: tuple[str, ...] = ()  # any of these tag slugs
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class Highlight:
    field: str  # "title", "subtitle" or "body"
    snippet: str  # the matched words wrapped in <mark>…</mark>, the rest HTML-escaped


@dataclass(frozen=True)
class Hit:
    type: ContentType
    entry_id: int
    locale: Locale  # the document that matched best
    score: float  # higher is better; comparable within one result only
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int  # matching entries (not documents), whatever the page
    # Facet counts of matching entries. Each facet ignores its own filter (types ignores
    # `types`, tags ignores `tags`, locales ignores `locale` and counts native documents only),
    # so that a front end can show the other choices with their counts.
    types: dict[ContentType, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)
    locales: dict[Locale, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexStats:
    documents: int
    entries: int


class SearchBackend(Protocol):
    """What both backends provide. Writes are idempotent: replaying them changes nothing."""

    name: str
    # Set by `open` when the index starts empty (created, or emptied because its layout
    # changed): it may lack what the database holds, so the worker rebuilds it. `clear`, the
    # start of every rebuild, resets it.
    emptied: bool
    # Entries per `replace` when the whole index is rebuilt (`hub reindex`, an empty index).
    rebuild_batch: int

    async def open(self) -> None:
        """Create what the backend needs (files, indexes, settings); safe to call again."""

    async def close(self) -> None: ...

    async def replace(self, changes: Mapping[str, list[Document]]) -> None:
        """For each entry key ("story:12"), make its documents exactly the given ones; an empty
        list removes the entry. One call is one batch: the worker sends up to a few hundred."""

    async def clear(self) -> None:
        """Remove every document (`hub reindex` then replaces everything in batches)."""

    async def search(self, query: SearchQuery) -> SearchResult: ...

    async def stats(self) -> IndexStats: ...

    async def entry_keys(self) -> set[str]:
        """Every indexed entry as "type:id" (to compare the index with the database)."""
