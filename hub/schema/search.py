"""The `search` query: every content type in one ranked list, with facets and highlights."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry import relay

from hub.enums import ContentType as _ContentType
from hub.errors import ErrorCode, HubError
from hub.schema.arguments import AfterArg, FirstArg, LocaleArg
from hub.schema.artists import Artist
from hub.schema.artworks import Artwork
from hub.schema.campaigns import Campaign
from hub.schema.connections import page_from, page_info
from hub.schema.context import Chain, Info
from hub.schema.courses import Course
from hub.schema.entries import Entry
from hub.schema.enums import ContentType
from hub.schema.errors import query_error
from hub.schema.events import Event
from hub.schema.mentors import Mentor
from hub.schema.stories import Story
from hub.search.backend import Hit, SearchQuery

SearchItem = Annotated[
    Story | Artist | Artwork | Course | Mentor | Campaign | Event,
    strawberry.union("SearchItem", description="Any entry that search can return."),
]
TYPES: dict[_ContentType, type[Entry]] = {
    _ContentType.STORY: Story,
    _ContentType.ARTIST: Artist,
    _ContentType.ARTWORK: Artwork,
    _ContentType.COURSE: Course,
    _ContentType.MENTOR: Mentor,
    _ContentType.CAMPAIGN: Campaign,
    _ContentType.EVENT: Event,
}
MAX_QUERY_LENGTH = 200


@strawberry.type(description="Where the query matched, with the matched words in <mark>.")
class Highlight:
    field: str = strawberry.field(description="title, subtitle or body.")
    snippet: str = strawberry.field(description="HTML-escaped text with <mark>…</mark> tags.")


@strawberry.type(description="One search result.")
class SearchHit:
    item: SearchItem = strawberry.field(description="The entry, in the requested locale.")
    score: float = strawberry.field(description="Relevance; higher is better, within one search.")
    highlights: list[Highlight] = strawberry.field(description="Matched passages.")


@strawberry.type(description="How many results a facet value has.")
class FacetCount:
    value: str = strawberry.field(description="A ContentType, tag slug or Locale name.")
    count: int = strawberry.field(description="Matching entries with this value.")


@strawberry.type(description="Counts per facet; each ignores its own filter.")
class SearchFacets:
    types: list[FacetCount] = strawberry.field(description="Matches per content type.")
    tags: list[FacetCount] = strawberry.field(description="Matches per tag slug.")
    locales: list[FacetCount] = strawberry.field(description="Matches translated per locale.")


@strawberry.type(description="A page of search results.")
class SearchResults:
    hits: list[SearchHit] = strawberry.field(description="Best matches first.")
    total_count: int = strawberry.field(description="Matching entries in all pages.")
    facets: SearchFacets = strawberry.field(description="Counts to refine the search with.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page is.")


def _facet(counts: dict[str, int]) -> list[FacetCount]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetCount(value=value, count=count) for value, count in ordered if count]


@strawberry.type
class SearchQueryField:
    @strawberry.field(description="Full-text search of published content, typo-tolerant.")
    async def search(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="What the visitor typed.")],
        types: Annotated[
            list[ContentType] | None, strawberry.argument(description="Only these types.")
        ] = None,
        locale: LocaleArg = None,
        tags: Annotated[
            list[str] | None, strawberry.argument(description="Any of these tag slugs.")
        ] = None,
        first: FirstArg = None,
        after: AfterArg = None,
    ) -> SearchResults:
        page = page_from(first, after)
        # The index catches up with a commit later than the content version moves.
        info.context.cacheable = False
        if len(query) > MAX_QUERY_LENGTH:
            error = HubError.one(
                ErrorCode.TOO_LONG, f"Keep the query under {MAX_QUERY_LENGTH} characters.", "query"
            )
            raise query_error(error)
        result = await info.context.services.search.search(
            SearchQuery(
                text=query,
                types=frozenset(types) if types else None,
                locale=locale,
                tags=tuple(tags or ()),
                offset=page.offset,
                limit=page.first,
            )
        )
        hits = await _hits(info, result.hits, info.context.chain(locale))
        return SearchResults(
            hits=hits,
            total_count=result.total,
            facets=SearchFacets(
                types=_facet({t.name: n for t, n in result.types.items()}),
                tags=_facet(result.tags),
                locales=_facet({loc.name: n for loc, n in result.locales.items()}),
            ),
            page_info=page_info(page.offset, len(result.hits), result.total),
        )


async def _hits(info: Info, found: list[Hit], chain: Chain) -> list[SearchHit]:
    """Load every hit's row at once (one statement per type), as the viewer may see it."""
    loaders = info.context.loaders
    rows = await asyncio.gather(
        *(loaders.by_id(TYPES[h.type].TABLE).load(h.entry_id) for h in found)
    )
    hits = []
    for hit, row in zip(found, rows, strict=True):
        # The index may lag a moment behind an unpublish: the loader has the last word.
        if row is None:
            continue
        item = TYPES[hit.type](row=row, chain=chain)
        highlights = [Highlight(field=h.field, snippet=h.snippet) for h in hit.highlights]
        hits.append(SearchHit(item=item, score=hit.score, highlights=highlights))
    return hits
