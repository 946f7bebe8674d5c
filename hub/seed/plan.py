"""The demo content as a plan: every entry's values and pictures, decided by a fixed seed."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hub.enums import (
    Availability,
    ContentWarning,
    Currency,
    Discipline,
    EventKind,
    Locale,
    Status,
    StoryFormat,
)
from hub.i18n import LOCALES
from hub.seed import texts
from hub.seed.texts import T

SEED = 2026
# Dates are laid out around a fixed day, not today: two runs must produce the same content.
BASE = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
# Artists 10 and 11 are not public yet. Stories and artworks go to public artists only: an
# artwork shows only while its artist does, and a story by a hidden artist reads "Anonymous".
ARTIST_DRAFTS, ARTIST_IN_REVIEW = {11}, {10}
KINDS = ("tag", "partner", "artist", "campaign", "story", "artwork", "mentor", "course", "event")


@dataclass(frozen=True)
class Art:
    """A picture to draw: its style and seed decide every pixel."""

    key: str
    style: str
    seed: int
    size: tuple[int, int]
    alt: T
    credit: str = ""
    # Photos get camera metadata (with GPS) on purpose: the pipeline must strip it.
    photo: bool = False


@dataclass(frozen=True)
class Ref:
    """Another entry of the plan, by kind and slug; becomes its row id when written."""

    kind: str
    slug: str


@dataclass(frozen=True)
class Draft:
    """One entry: text per locale (TG is created, RU and EN are added as translations)."""

    kind: str
    slug: str
    status: Status
    text: dict[Locale, dict[str, Any]]
    values: dict[str, Any] = field(default_factory=dict)


def _text(**fields: T) -> dict[Locale, dict[str, Any]]:
    return {
        locale: {name: value[i] for name, value in fields.items()}
        for i, locale in enumerate(LOCALES)
    }


def _fmt(template: T, **values: T | str) -> T:
    def at(i: int) -> dict[str, str]:
        return {k: v if isinstance(v, str) else v[i] for k, v in values.items()}

    return (template[0].format(**at(0)), template[1].format(**at(1)), template[2].format(**at(2)))


def _html(*paragraphs: T) -> T:
    return (
        "".join(f"<p>{p[0]}</p>" for p in paragraphs),
        "".join(f"<p>{p[1]}</p>" for p in paragraphs),
        "".join(f"<p>{p[2]}</p>" for p in paragraphs),
    )


def _status(index: int, drafts: Collection[int], in_review: Collection[int] = ()) -> Status:
    if index in drafts:
        return Status.DRAFT
    return Status.IN_REVIEW if index in in_review else Status.PUBLISHED


class _Planner:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.drafts: list[Draft] = []

    def art(self, key: str, style: str, size: tuple[int, int], alt: T, **extra: Any) -> Art:
        return Art(key, style, self.rng.randrange(2**32), size, alt, **extra)

    def add(
        self,
        kind: str,
        slug: str,
        status: Status,
        text: dict[Locale, dict[str, Any]],
        /,
        **values: Any,
    ) -> None:
        self.drafts.append(Draft(kind, slug, status, text, values))

    def tags(self) -> None:
        for slug, name in texts.TAGS:
            self.add("tag", slug, Status.PUBLISHED, _text(name=name))

    def partners(self) -> None:
        for slug, name, kind in texts.PARTNERS:
            alt = _fmt(("Нишонаи {n}", "Логотип: {n}", "Logo of {n}"), n=name)
            logo = self.art(f"partner/{slug}", "logo", (400, 400), alt)
            self.add(
                "partner",
                slug,
                Status.PUBLISHED,
                _text(name=name),
                kind=kind,
                url=f"https://{slug}.example.org",
                logo_id=logo,
            )

    def artists(self) -> None:
        for i, (slug, name, city, disciplines, ambassador) in enumerate(texts.ARTISTS):
            city_name, region, city_from, _ = texts.CITIES[city]
            where = (city_name[0], city_from, city_name[2])
            noun = texts.DISCIPLINE_NOUNS[disciplines[0]]
            opening = _fmt(texts.BIO_OPENING, name=name, noun=noun, city=where)
            bio = _html(opening, *self.rng.sample(texts.BIO_SENTENCES, 2))
            alt = _fmt(("Портрети {n}", "Портрет: {n}", "Portrait of {n}"), n=name)
            portrait = self.art(f"artist/{slug}", "portrait", (480, 600), alt, photo=True)
            self.add(
                "artist",
                slug,
                _status(i, ARTIST_DRAFTS, ARTIST_IN_REVIEW),
                _text(name=name, bio=bio, city=city_name),
                portrait_id=portrait,
                region=region,
                disciplines=disciplines,
                links=[{"label": "Portfolio", "url": f"https://portfolio.example.org/{slug}"}],
                is_ambassador=ambassador,
            )

    def campaigns(self) -> None:
        for i, (slug, title, summary, theme, partners) in enumerate(texts.CAMPAIGNS):
            starts = BASE - timedelta(days=120 - 25 * i)
            alt = _fmt(("Муқоваи «{t}»", "Обложка «{t}»", "Cover of “{t}”"), t=title)
            cover = self.art(f"campaign/{slug}", "landscape", (800, 450), alt)
            self.add(
                "campaign",
                slug,
                _status(i, set(), {3}),
                _text(title=title, summary=summary, body=_html(summary, texts.HELP)),
                theme=theme,
                starts_at=starts,
                ends_at=starts + timedelta(days=365),
                cover_image_id=cover,
                partner_ids=[Ref("partner", p) for p in partners],
            )

    def stories(self) -> None:
        anonymous = [0, 6, 7, 8, 10, 37]
        formats = dict.fromkeys([15, 18, 21, 28, 33], StoryFormat.PHOTO_ESSAY)
        formats |= dict.fromkeys([27, 32], StoryFormat.VIDEO)
        formats |= dict.fromkeys([29, 35], StoryFormat.AUDIO)
        tag_slugs = [slug for slug, _ in texts.TAGS]
        authors = _public_artists()
        told: dict[str, int] = {}
        for i, (slug, title, theme) in enumerate(texts.STORIES):
            campaign, tags, warnings, sentences = texts.THEMES[theme]
            author_slug, author_name, *_ = authors[i % len(authors)]
            # Each story of a theme opens with another sentence: excerpts differ.
            turn = told[theme] = told.get(theme, -1) + 1
            rotated = sentences[turn % len(sentences) :] + sentences[: turn % len(sentences)]
            paragraphs = rotated[: self.rng.randint(2, 4)]
            closing = [texts.HELP] if warnings else []
            body = _html(*paragraphs, *closing, self.rng.choice(texts.CLOSINGS))
            extra = self.rng.choice([t for t in tag_slugs if t not in tags])
            is_anonymous = i in anonymous
            warned = list(warnings)
            if slug == "the-long-night":
                warned.append(ContentWarning.SEXUAL_VIOLENCE)
            if slug == "life-after-divorce":
                warned.append(ContentWarning.DISCRIMINATION)
            story_format = formats.get(i, StoryFormat.TEXT)
            alt = _fmt(
                ("Расм барои «{t}»", "Иллюстрация к «{t}»", "Illustration for “{t}”"), t=title
            )
            # The credit of an anonymous story's picture would name her: leave it empty.
            credit = "" if is_anonymous else author_name[2]
            style = self.rng.choice(["abstract", "portrait"])
            cover = self.art(f"story/{slug}", style, (800, 500), alt, credit=credit)
            gallery = [
                self.art(
                    f"story/{slug}/{n}", "landscape", (800, 600), alt, credit=credit, photo=True
                )
                for n in range(1, 4)
                if story_format is StoryFormat.PHOTO_ESSAY
            ]
            self.add(
                "story",
                slug,
                _status(i, {5, 17, 32, 39}, {11, 23}),
                _text(title=title, excerpt=paragraphs[0], body=body),
                format=story_format,
                cover_image_id=cover,
                gallery_ids=gallery,
                video_url=(
                    f"https://video.example.org/tajikheritage/{slug}"
                    if story_format is StoryFormat.VIDEO
                    else ""
                ),
                author_id=Ref("artist", author_slug),
                is_anonymous=is_anonymous,
                pseudonym=texts.PSEUDONYMS[anonymous.index(i)] if is_anonymous else "",
                tag_slugs=[*tags, extra],
                content_warnings=warned,
                campaign_id=Ref("campaign", campaign) if campaign else None,
            )

    def artworks(self) -> None:
        availabilities = dict.fromkeys([3, 9, 15, 22], Availability.SOLD)
        availabilities |= dict.fromkeys([5, 18, 26], Availability.RESERVED)
        availabilities |= dict.fromkeys([7, 13, 27], Availability.NOT_FOR_SALE)
        on_request = {11, 24}
        prices = [450, 800, 1200, 1500, 2400, 3200, 4800, 6500]
        public = _public_artists()
        for i, title in enumerate(texts.ARTWORK_TITLES):
            slug = f"{_slugify_en(title[2])}-{i + 1}"
            artist_slug, artist_name, _, disciplines, _ = public[i % len(public)]
            style, medium, dimensions, tags = _artwork_kind(disciplines[0], self.rng)
            size = (600, 800) if style == "portrait" else (800, 600)
            alt = _fmt(
                ("«{t}», асари {a}", "«{t}», работа {a}", "“{t}” by {a}"), t=title, a=artist_name
            )
            images = [
                self.art(
                    f"artwork/{slug}/{n}",
                    style,
                    size,
                    alt,
                    credit=artist_name[2],
                    photo=style == "landscape",
                )
                for n in range(1, 3 if i % 5 == 0 else 2)
            ]
            availability = availabilities.get(i, Availability.AVAILABLE)
            # Drawn for every artwork, so that pricing one more work shifts nothing else.
            amount = self.rng.choice(prices)
            priced = availability is not Availability.NOT_FOR_SALE and i not in on_request
            description = _html(*self.rng.sample(texts.ARTWORK_SENTENCES, 2))
            campaign = (
                "craft-is-a-living" if style == "pattern" else ("safe-home" if i % 4 == 1 else None)
            )
            self.add(
                "artwork",
                slug,
                _status(i, {28, 29}, {20}),
                _text(title=title, description=description, medium=medium),
                artist_id=Ref("artist", artist_slug),
                image_ids=images,
                year=self.rng.randint(2019, 2026),
                dimensions=dimensions,
                price=_tjs(amount) if priced else None,
                availability=availability,
                tag_slugs=tags,
                campaign_id=Ref("campaign", campaign) if campaign else None,
            )

    def mentors(self) -> None:
        for i, (slug, name, headline, expertise, organisation, langs) in enumerate(texts.MENTORS):
            alt = _fmt(("Акси {n}", "Фото: {n}", "Photo of {n}"), n=name)
            photo = self.art(f"mentor/{slug}", "portrait", (480, 600), alt, photo=True)
            self.add(
                "mentor",
                slug,
                _status(i, {5}),
                _text(name=name, headline=headline, bio=_html(headline, texts.MENTOR_BIO)),
                photo_id=photo,
                expertise=expertise,
                organisation=organisation,
                languages=[Locale(code) for code in langs.split()],
                accepting_mentees=i != 3,
            )

    def courses(self) -> None:
        online = ("Онлайн", "Онлайн", "Online")
        for i, course in enumerate(texts.COURSES):
            slug, title, summary, category, form, city, seats, price, mentors, lessons = course
            starts = BASE + timedelta(days=[14, 21, -30, 7, 40, 28, 60, 90][i], hours=4)
            count = _fmt(
                (
                    "{n} дарс, ҳар кадом {m} дақиқа.",
                    "{n} занятия по {m} минут.",
                    "{n} lessons of {m} minutes each.",
                ),
                n=str(len(lessons)),
                m="90",
            )
            alt = _fmt(("Муқоваи курси «{t}»", "Обложка курса «{t}»", "Cover of “{t}”"), t=title)
            cover = self.art(f"course/{slug}", "abstract", (800, 450), alt)
            location = texts.CITIES[city][0] if city else online
            text = _text(title=title, summary=summary, description=_html(summary, count))
            for n, locale in enumerate(LOCALES):
                text[locale]["location"] = location[n]
                text[locale]["lessons"] = [
                    {"title": lesson[n], "summary": texts.LESSON_SUMMARY[n], "duration_minutes": 90}
                    for lesson in lessons
                ]
            self.add(
                "course",
                slug,
                _status(i, {7}),
                text,
                category=category,
                format=form,
                starts_at=starts,
                ends_at=starts + timedelta(weeks=len(lessons)),
                capacity=seats,
                seats_left=0 if i == 2 else self.rng.randint(1, seats),
                price=_tjs(price),
                cover_image_id=cover,
                mentor_ids=[Ref("mentor", texts.MENTORS[m][0]) for m in mentors],
            )

    def events(self) -> None:
        artworks = [d.slug for d in self.drafts if d.kind == "artwork"]
        partners = [slug for slug, *_ in texts.PARTNERS]
        for i, (slug, title, kind, city, venue, campaign, day, days) in enumerate(texts.EVENTS):
            starts = BASE + timedelta(days=day, hours=8 if days else 4)
            ends = starts + (timedelta(days=days) if days else timedelta(hours=3))
            city_name, region, *_ = texts.CITIES[city]
            alt = _fmt(("Муқоваи «{t}»", "Обложка «{t}»", "Cover of “{t}”"), t=title)
            cover = self.art(f"event/{slug}", "landscape", (800, 450), alt, photo=True)
            shown = self.rng.sample(artworks, 4) if kind is EventKind.EXHIBITION else []
            self.add(
                "event",
                slug,
                _status(i, {2}, {6}),
                _text(
                    title=title,
                    description=_html(*texts.EVENT_SENTENCES),
                    venue=venue,
                    city=city_name,
                ),
                kind=kind,
                starts_at=starts,
                ends_at=ends,
                region=region,
                cover_image_id=cover,
                campaign_id=Ref("campaign", campaign) if campaign else None,
                artwork_ids=[Ref("artwork", a) for a in shown],
                partner_ids=[Ref("partner", p) for p in self.rng.sample(partners, 2)],
            )


def _public_artists() -> list[tuple[str, T, str, list[Discipline], bool]]:
    hidden = ARTIST_DRAFTS | ARTIST_IN_REVIEW
    return [artist for i, artist in enumerate(texts.ARTISTS) if i not in hidden]


def _tjs(amount: int | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"amount": Decimal(amount).quantize(Decimal("0.01")), "currency": Currency.TJS}


def _slugify_en(title: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in title.lower().split())


def _artwork_kind(discipline: Discipline, rng: random.Random) -> tuple[str, T, str, list[str]]:
    """Style, medium, dimensions and tags that fit what the artist does."""
    if discipline in (Discipline.PHOTOGRAPHY, Discipline.VIDEOGRAPHY):
        return "landscape", texts.MEDIUMS["photo"], "40 × 60 cm", ["mountains", "nature"]
    if discipline in (Discipline.TEXTILES, Discipline.CRAFTS):
        return "pattern", texts.MEDIUMS["embroidery"], "120 × 180 cm", ["suzani", "crafts"]
    if discipline in (Discipline.PAINTING, Discipline.ILLUSTRATION):
        medium = texts.MEDIUMS[rng.choice(["painting", "watercolour"])]
        return "portrait", medium, "60 × 80 cm", ["women-leaders", "family"]
    return "abstract", texts.MEDIUMS["digital"], "4000 × 3000 px", ["dreams"]


def build(seed: int = SEED) -> list[Draft]:
    """Every entry of the demo, in the order they must be written (references point back)."""
    planner = _Planner(seed)
    steps = [
        planner.tags,
        planner.partners,
        planner.artists,
        planner.campaigns,
        planner.stories,
        planner.artworks,
        planner.mentors,
        planner.courses,
        planner.events,
    ]
    for step in steps:
        step()
    return planner.drafts
