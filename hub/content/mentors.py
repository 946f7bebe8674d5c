"""Mentor rules: expertise, languages, mentee availability and the courses she teaches."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from hub import tables
from hub.access import Viewer
from hub.content import lookups
from hub.content.entries import EntrySpec, Reference
from hub.content.lookups import Relation, Row
from hub.content.pages import Page, PageResult
from hub.enums import Locale, Status
from hub.errors import ErrorCode, Problem
from hub.i18n import LOCALES, column

Mentor = tables.Mentor

HEADLINE_MAX = 300
EXPERTISE_MAX = 100
ORGANISATION_MAX = 200


class MentorOrder(enum.Enum):
    NEWEST = "newest"
    SLUG = "slug"
    RECENTLY_UPDATED = "recently_updated"


ORDERS: dict[MentorOrder, lookups.Order] = {
    MentorOrder.NEWEST: [(Mentor.published_at, False), (Mentor.created_at, False)],
    MentorOrder.SLUG: [(Mentor.slug, True)],
    MentorOrder.RECENTLY_UPDATED: [(Mentor.updated_at, False)],
}


@dataclass(frozen=True)
class MentorFilter:
    accepting_mentees: bool | None = None
    language: Locale | None = None
    expertise: str | None = None
    status: Status | None = None


def _where(flt: MentorFilter) -> list[Any]:
    where: list[Any] = []
    if flt.accepting_mentees is not None:
        where.append(Mentor.accepting_mentees == flt.accepting_mentees)
    if flt.language is not None:
        # Arrays are JSON text on SQLite and native on PostgreSQL: `any` works on both.
        where.append(Mentor.languages.any(flt.language.value))
    if flt.expertise:
        where.append(Mentor.expertise.any(flt.expertise.strip()))
    if flt.status is not None:
        where.append(Mentor.status == flt.status.value)
    return where


async def list_mentors(
    viewer: Viewer, flt: MentorFilter, order: MentorOrder, page: Page
) -> PageResult:
    return await lookups.fetch_page(Mentor, viewer, _where(flt), ORDERS[order], page)


def expertise(row: Row) -> list[str]:
    return list(row.get("expertise") or [])


def languages(row: Row) -> list[Locale]:
    return [Locale(value) for value in row.get("languages") or []]


def _too_long(values: dict[str, Any], name: str, limit: int) -> list[Problem]:
    for locale in LOCALES:
        if len(values.get(column(name, locale)) or "") > limit:
            return [Problem(ErrorCode.TOO_LONG, f"Keep the {name} under {limit} characters.", name)]
    return []


def _prepare(data: dict[str, Any], values: dict[str, Any], existing: Row | None) -> list[Problem]:
    problems = _too_long(values, "headline", HEADLINE_MAX)
    if "expertise" in data:
        # Free-form topics: trimmed, blanks and repeats dropped, order kept as the editor gave it.
        topics = [(topic or "").strip() for topic in data.pop("expertise") or []]
        topics = list(dict.fromkeys(topic for topic in topics if topic))
        if any(len(topic) > EXPERTISE_MAX for topic in topics):
            problems.append(
                Problem(
                    ErrorCode.TOO_LONG,
                    f"Keep each expertise under {EXPERTISE_MAX} characters.",
                    "expertise",
                )
            )
        values["expertise"] = topics
    if "languages" in data:
        try:
            wanted = [Locale(lang) for lang in data.pop("languages") or []]
            values["languages"] = [lang.value for lang in dict.fromkeys(wanted)]
        except ValueError:
            # Only callers outside GraphQL (the seed, scripts) can give a string that is no Locale.
            problems.append(Problem(ErrorCode.INVALID, "Languages are TG, RU or EN.", "languages"))
    if "organisation" in data:
        organisation = (data.pop("organisation") or "").strip()
        if len(organisation) > ORGANISATION_MAX:
            problems.append(
                Problem(
                    ErrorCode.TOO_LONG,
                    f"Keep the organisation under {ORGANISATION_MAX} characters.",
                    "organisation",
                )
            )
        values["organisation"] = organisation
    if "accepting_mentees" in data and data["accepting_mentees"] is None:
        # null means "not saying": the stored answer stays (a new mentor accepts mentees).
        del data["accepting_mentees"]
    return problems


SPEC = EntrySpec(
    table=Mentor,
    label="mentor",
    title="name",
    translated=("name", "headline", "bio"),
    rich=("bio",),
    references={"photo_id": Reference("photo", tables.Image, "image")},
    prepare=_prepare,
)

# The courses a mentor teaches: the other side of a course's `mentor_ids`.
COURSES = Relation(tables.CourseMentor, "mentor", "course", tables.Course)
