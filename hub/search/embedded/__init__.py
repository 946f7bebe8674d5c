"""The embedded search backend: SQLite FTS5 over folded words, in its own file, no server.

Why its own SQLite file (`settings.search_path`), whatever the content database:
- one engine, one folding and one ranking for SQLite and PostgreSQL deployments, so relevance
  is the same everywhere and tested once (PostgreSQL's full-text search has no Tajik, ranks
  otherwise and forgives no typo);
- FTS5 is compiled into every Python's sqlite3: the default needs no server, no extension;
- the index is derived data that `hub reindex` rebuilds: no backup, no migration. A file of an
  older layout is emptied when opened. A deployment that outgrows one machine switches to
  Meilisearch, behind the same interface.

Design, one module each:
- `layout`: words are indexed as keys (`hub.search.text`: Tajik letters folded, Cyrillic and
  Latin spellings meeting) in a contentless FTS5 table (title, subtitle, body) that keeps which
  field a key is in but not where (`detail=column`): nothing reads positions. Prefix indexes
  of 2 and 3 letters serve the shortest starts a kiosk visitor types; for a longer one FTS5
  merges the few keys it starts (a prefix index of 4 letters cost a third of the writing and
  saved no measurable search time). `docs` keeps the original texts for highlights. A rowid
  packs what filters and facets need, so they never read a table.
- `writing`: documents folded into rows (fallback copies share one), written in one transaction
  per batch while a thread, or a child process for a large batch, folds the next entries.
- `typos`: typo candidates (SymSpell) from an index of letter deletions.
- `planning`: a query as FTS5 expressions, words ANDed, with its ranking buckets and filters.
- `ranking`: a page from the buckets, best first, with highlights.
- `counting`: total and facets from the newest matches, estimated past them.
- `backend`: `EmbeddedSearch`, its pooled connections and the order of a search.
"""

from hub.search.embedded.backend import EmbeddedSearch

__all__ = ["EmbeddedSearch"]
