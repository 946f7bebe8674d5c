"""The search backend a deployment configured: embedded by default, Meilisearch at scale."""

from __future__ import annotations

from hub.search.backend import SearchBackend
from hub.settings import Settings


def make_backend(settings: Settings) -> SearchBackend:
    if settings.search_backend == "meilisearch":
        from hub.search.meili import MeiliSearch

        return MeiliSearch(settings.meili_url, settings.meili_key, settings.meili_index_prefix)
    from hub.search.embedded import EmbeddedSearch

    return EmbeddedSearch(settings.search_path)
