"""Search documents from the database: what the public may read of an entry, per locale.

Rows are read as an anonymous visitor would see them, so drafts, entries of hidden artists and
the author of an anonymous story never reach the index: they cannot be found, counted or faceted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from piccolo.table import Table

from hub import tables
from hub.access import ANONYMOUS, author_visible
from hub.content import artworks, courses, lookups, mentors, stories
from hub.content.lookups import Relation, Row
from hub.content.richtext import plain_text
from hub.enums import ContentType, Locale
from hub.i18n import LOCALES, available, chain_for, pick
from hub.search.backend import Document

# Outbox labels of searchable types; other labels only change documents of the entries above.
TABLES: dict[ContentType, type[Table]] = {
    ContentType.STORY: tables.Story,
    ContentType.ARTIST: tables.Artist,
    ContentType.ARTWORK: tables.Artwork,
    ContentType.COURSE: tables.Course,
    ContentType.MENTOR: tables.Mentor,
    ContentType.CAMPAIGN: tables.Campaign,
    ContentType.EVENT: tables.Event,
}
TITLE_FIELD = {ContentType.ARTIST: "name", ContentType.MENTOR: "name"}


async def affected(entity: str, ids: Sequence[int]) -> dict[ContentType, set[int]]:
    """The searchable entries whose documents a change to (`entity`, ids) may alter."""
    found: dict[ContentType, set[int]] = {}

    def add(content_type: ContentType, values: Iterable[int]) -> None:
        found.setdefault(content_type, set()).update(values)

    ids = list(ids)
    if entity in {t.value for t in TABLES}:
        add(ContentType(entity), ids)
    if entity == "artist":  # her name is on her stories and artworks, and hides or shows them
        add(ContentType.STORY, await _ids(tables.Story, "author", ids))
        add(ContentType.ARTWORK, await _ids(tables.Artwork, "artist", ids))
    elif entity == "tag":
        add(ContentType.STORY, await _ids(tables.StoryTag, "tag", ids, "story"))
        add(ContentType.ARTWORK, await _ids(tables.ArtworkTag, "tag", ids, "artwork"))
    elif entity == "mentor":
        add(ContentType.COURSE, await _ids(tables.CourseMentor, "mentor", ids, "course"))
    return found


async def _ids(
    table: type[Table], column: str, values: list[int], pick_column: str = "id"
) -> set[int]:
    col = table._meta.get_column_by_name(column)
    out = table._meta.get_column_by_name(pick_column)
    rows = await table.select(out).where(col.is_in(values))
    return {row[pick_column] for row in rows}


async def build(
    content_type: ContentType, ids: Sequence[int], fallback: Sequence[Locale]
) -> dict[str, list[Document]]:
    """Documents per entry key; an entry the public cannot see gets an empty list (removal)."""
    table = TABLES[content_type]
    rows = [r for r in await lookups.rows_by_ids(table, ANONYMOUS, list(ids)) if r]
    out: dict[str, list[Document]] = {f"{content_type.value}:{i}": [] for i in ids}
    if not rows:
        return out
    texts = await _texts(content_type, rows)
    title = TITLE_FIELD.get(content_type, "title")
    for row in rows:
        parts, tags = texts[row["id"]]
        native = set(available(row, title))
        docs = []
        for locale in LOCALES:
            chain = chain_for(locale, fallback)
            docs.append(
                Document(
                    type=content_type,
                    entry_id=row["id"],
                    locale=locale,
                    native=locale in native,
                    title=pick(row, title, chain)[0],
                    subtitle=" · ".join(p for p in _localised(parts[0], row, chain) if p),
                    body=" ".join(p for p in _localised(parts[1], row, chain) if p),
                    tags=tuple(tags),
                    published_at=row["published_at"],
                )
            )
        out[f"{content_type.value}:{row['id']}"] = docs
    return out


@dataclass(frozen=True)
class Plain:
    """Text that is the same in every locale (an organisation's name)."""

    text: str


# A part is a translated field of the row ("bio"; a leading "~" marks HTML), per-locale texts
# from related rows ({Locale: text}), or Plain text.
Part = str | dict[Locale, str] | Plain


def _localised(parts: list[Part], row: Row, chain: tuple[Locale, ...]) -> list[str]:
    texts = []
    for part in parts:
        if isinstance(part, str):
            rich = part.startswith("~")
            value = pick(row, part.lstrip("~"), chain)[0]
            texts.append(plain_text(value) if rich else value)
        elif isinstance(part, dict):
            texts.append(next((part[locale] for locale in chain if part.get(locale)), ""))
        else:
            texts.append(part.text)
    return texts


async def _texts(
    content_type: ContentType, rows: list[Row]
) -> dict[int, tuple[tuple[list[Part], list[Part]], list[str]]]:
    """(subtitle parts, body parts) and tag slugs per entry, with related rows loaded in batches."""
    ids = [row["id"] for row in rows]
    out: dict[int, tuple[tuple[list[Part], list[Part]], list[str]]] = {}
    if content_type is ContentType.STORY:
        tags = await _related(stories.TAGS, ids)
        authors = await _by_id(tables.Artist, [r["author"] for r in rows if r["author"]])
        for row in rows:
            shown = author_visible(row, ANONYMOUS) and row["author"] in authors
            author: Part = _names(authors[row["author"]]) if shown else Plain(row["pseudonym"])
            out[row["id"]] = (([author], ["excerpt", "~body"]), _slugs(tags[row["id"]]))
    elif content_type is ContentType.ARTWORK:
        tags = await _related(artworks.TAGS, ids)
        artists = await _by_id(tables.Artist, [r["artist"] for r in rows])
        for row in rows:
            artist = artists.get(row["artist"])
            subtitle: list[Part] = [_names(artist) if artist else Plain(""), "medium"]
            out[row["id"]] = ((subtitle, ["~description"]), _slugs(tags[row["id"]]))
    elif content_type is ContentType.COURSE:
        lessons = dict(zip(ids, await courses.lessons_by_course(ids), strict=True))
        teachers = await _related(courses.MENTORS, ids)
        for row in rows:
            names = [_names(m) for m in teachers[row["id"]]]
            lesson_titles = [_names(lesson, "title") for lesson in lessons[row["id"]]]
            body = ["summary", "~description", *lesson_titles]
            out[row["id"]] = ((["location", *names], body), [])
    else:
        plain: dict[ContentType, tuple[list[Part], list[Part]]] = {
            ContentType.ARTIST: (["city"], ["~bio"]),
            ContentType.MENTOR: (["headline"], ["~bio"]),
            ContentType.CAMPAIGN: ([], ["summary", "~body"]),
            ContentType.EVENT: (["venue", "city"], ["~description"]),
        }
        for row in rows:
            subtitle, body = plain[content_type]
            if content_type is ContentType.MENTOR:
                subtitle = [*subtitle, Plain(row["organisation"])]
                body = [*body, *(Plain(e) for e in mentors.expertise(row))]
            out[row["id"]] = ((subtitle, body), [])
    return out


def _names(row: Row, field: str = "name") -> dict[Locale, str]:
    return {locale: row.get(f"{field}_{locale.value}") or "" for locale in LOCALES}


def _slugs(rows: list[Row]) -> list[str]:
    return [row["slug"] for row in rows]


async def _related(relation: Relation, ids: list[int]) -> dict[int, list[Row]]:
    return dict(zip(ids, await lookups.related_rows(relation, ANONYMOUS, ids), strict=True))


async def _by_id(table: type[Table], ids: list[int]) -> dict[int, Row]:
    rows = await lookups.rows_by_ids(table, ANONYMOUS, list(set(ids)))
    return {row["id"]: row for row in rows if row}
