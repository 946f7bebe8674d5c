"""The demo content: deterministic, idempotent, complete, and read back through the API."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from rich.console import Console
from starlette.testclient import TestClient

from hub import seed
from hub.enums import Availability, ContentWarning, Currency, Locale, Status
from hub.media import pipeline
from hub.seed import art, plan
from hub.settings import Settings

# The same settings as the app's: conftest put them in the environment.
SETTINGS = Settings.from_env(os.environ)

TAJIK_LETTERS = "ғӣқӯҳҷ"
LISTS = {
    "tag": "tags",
    "partner": "partners",
    "artist": "artists",
    "campaign": "campaigns",
    "story": "stories",
    "artwork": "artworks",
    "mentor": "mentors",
    "course": "courses",
    "event": "events",
}
LIST = """query List($after: String) {
  %s(first: 100, after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } }
}"""
STORY = """query Story($slug: String!, $locale: Locale) {
  story(slug: $slug, locale: $locale) {
    title locale availableLocales authorName isAnonymous author { slug } contentWarnings
    coverImage { url width height blurhash dominantColor }
  }
}"""
STORIES_WITHOUT = """query Kiosk($warnings: [ContentWarning!]) {
  stories(first: 100, filter: {excludeContentWarnings: $warnings}) { nodes { slug } }
}"""
PICTURES = """query Pictures {
  artists(first: 100) { nodes { portrait { url width height } } }
  artworks(first: 100) { nodes { images { url width height } } }
}"""
ARTWORK = """query Artwork($slug: String!) {
  artwork(slug: $slug) { price { amount currency } availability }
}"""
COURSE = """query Course($slug: String!, $locale: Locale) {
  course(slug: $slug, locale: $locale) { title lessons { title durationMinutes } mentors { slug } }
}"""


def test_the_plan_is_the_same_on_every_call() -> None:
    assert plan.build() == plan.build()


def test_pictures_are_the_same_bytes_on_every_call() -> None:
    pictures = seed.pictures(plan.build())
    styles = {picture.style: picture for picture in pictures}
    assert set(styles) == {"abstract", "portrait", "landscape", "pattern", "logo"}
    for picture in styles.values():
        assert art.draw(picture) == art.draw(picture)
        assert pipeline.process(art.draw(picture)) == pipeline.process(art.draw(picture))


def test_the_plan_has_what_the_demo_promises() -> None:
    drafts = plan.build()
    counts = {kind: len(slugs) for kind, slugs in seed.summary(drafts).slugs.items()}
    assert counts == {
        "tag": 10,
        "partner": 6,
        "artist": 12,
        "campaign": 4,
        "story": 40,
        "artwork": 30,
        "mentor": 6,
        "course": 8,
        "event": 10,
    }
    stories = [d for d in drafts if d.kind == "story"]
    warnings = {w for story in stories for w in story.values["content_warnings"]}
    assert {
        ContentWarning.SEXUAL_VIOLENCE,
        ContentWarning.EARLY_MARRIAGE,
        ContentWarning.DOMESTIC_VIOLENCE,
    } <= warnings
    assert sum(story.status is Status.DRAFT for story in stories) >= 3
    artworks = [d for d in drafts if d.kind == "artwork"]
    prices = [work.values["price"] for work in artworks]
    assert all(price["currency"] is Currency.TJS for price in prices if price)
    assert None in prices
    availability = {work.values["availability"] for work in artworks}
    assert {Availability.SOLD, Availability.NOT_FOR_SALE, Availability.AVAILABLE} <= availability


def test_every_entry_is_written_in_three_locales_with_tajik_letters() -> None:
    drafts = plan.build()
    for draft in drafts:
        texts = [draft.text[locale] for locale in (Locale.TG, Locale.RU, Locale.EN)]
        assert all(text and all(text.values()) for text in texts), draft.slug
    tajik = " ".join(str(draft.text[Locale.TG]) for draft in drafts)
    assert set(TAJIK_LETTERS) <= set(tajik)


def test_dates_do_not_depend_on_today() -> None:
    events = [d for d in plan.build() if d.kind == "event"]
    assert min(e.values["starts_at"] for e in events) < plan.BASE
    assert max(e.values["starts_at"] for e in events) > plan.BASE


def test_seeding_again_creates_nothing(demo: seed.Summary, run: Callable[..., Any]) -> None:
    assert run(seed.seed, SETTINGS, Console(file=io.StringIO())) is False


def _slugs(gql: Callable[..., Any], field: str, as_: str | None) -> set[str]:
    found: set[str] = set()
    after = None
    while True:
        page = gql(LIST % field, {"after": after}, as_=as_)[field]
        found |= {node["slug"] for node in page["nodes"]}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_editors_see_every_demo_entry_and_the_public_only_published_ones(
    demo: seed.Summary, gql: Callable[..., Any]
) -> None:
    for kind, field in LISTS.items():
        everything = set(demo.slugs[kind])
        assert _slugs(gql, field, "editor") >= everything, kind
        assert _slugs(gql, field, None) & everything == set(demo.published[kind]), kind
    assert len(demo.published["story"]) < len(demo.slugs["story"])


def test_anonymous_stories_show_their_pseudonym_and_never_their_author(
    demo: seed.Summary, gql: Callable[..., Any]
) -> None:
    pseudonyms = {
        d.slug: d.values["pseudonym"] for d in plan.build() if d.slug in demo.anonymous_stories
    }
    shown = [slug for slug in demo.anonymous_stories if slug in demo.published["story"]]
    assert len(shown) >= 3
    for slug in shown:
        story = gql(STORY, {"slug": slug})["story"]
        assert story["isAnonymous"] is True
        assert story["author"] is None
        assert story["authorName"] == pseudonyms[slug] != ""


def test_stories_read_in_tajik_russian_and_english(
    demo: seed.Summary, gql: Callable[..., Any]
) -> None:
    titles = {}
    for locale in ("TG", "RU", "EN"):
        story = gql(STORY, {"slug": "i-was-sixteen", "locale": locale})["story"]
        assert story["locale"] == locale
        assert story["availableLocales"] == ["TG", "RU", "EN"]
        titles[locale] = story["title"]
    assert re.search(f"[{TAJIK_LETTERS}]", titles["TG"])
    assert len(set(titles.values())) == 3


def test_the_kiosk_filter_leaves_out_sexual_violence(
    demo: seed.Summary, gql: Callable[..., Any]
) -> None:
    story = gql(STORY, {"slug": "the-long-night"})["story"]
    assert "SEXUAL_VIOLENCE" in story["contentWarnings"]
    kept = gql(STORIES_WITHOUT, {"warnings": ["SEXUAL_VIOLENCE"]})["stories"]["nodes"]
    assert "the-long-night" not in {node["slug"] for node in kept}


def test_artworks_are_priced_in_somoni_or_not_at_all(
    demo: seed.Summary, gql: Callable[..., Any]
) -> None:
    drafts = {d.slug: d for d in plan.build() if d.kind == "artwork"}
    for slug in demo.published["artwork"]:
        work = gql(ARTWORK, {"slug": slug})["artwork"]
        price = drafts[slug].values["price"]
        assert work["availability"] == drafts[slug].values["availability"].name
        if price is None:
            assert work["price"] is None
        else:
            assert work["price"] == {"amount": str(price["amount"]), "currency": "TJS"}


def test_course_lessons_are_translated(demo: seed.Summary, gql: Callable[..., Any]) -> None:
    tajik = gql(COURSE, {"slug": "know-your-rights", "locale": "TG"})["course"]
    russian = gql(COURSE, {"slug": "know-your-rights", "locale": "RU"})["course"]
    assert [lesson["title"] for lesson in tajik["lessons"]] == [
        "Ҳуқуқ чист?",
        "Издивоҷ ва қонун",
        "Ба куҷо муроҷиат кунам?",
    ]
    assert [lesson["title"] for lesson in russian["lessons"]] == [
        "Что такое права?",
        "Брак и закон",
        "Куда обратиться?",
    ]
    assert tajik["mentors"] == [{"slug": "mavjuda-saidova"}]


def _file(url: str) -> Path:
    return SETTINGS.media_dir / url.removeprefix("/media/")


def test_pictures_are_on_disk_without_camera_metadata(
    demo: seed.Summary, gql: Callable[..., Any], client: TestClient
) -> None:
    data = gql(PICTURES, as_="editor")
    pictures = [node["portrait"] for node in data["artists"]["nodes"] if node["portrait"]]
    pictures += [image for node in data["artworks"]["nodes"] for image in node["images"]]
    urls = {picture["url"] for picture in pictures}
    assert len(urls) >= 30
    for picture in pictures:
        raw = _file(picture["url"]).read_bytes()
        with Image.open(io.BytesIO(raw)) as image:
            assert image.size == (picture["width"], picture["height"])
            assert not image.getexif()
        # The drawings were handed in with a camera name and a GPS position.
        assert b"DemoCam" not in raw and b"Exif\x00\x00" not in raw
    served = client.get(sorted(urls)[0])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"


def test_story_covers_have_placeholders(demo: seed.Summary, gql: Callable[..., Any]) -> None:
    cover = gql(STORY, {"slug": "the-colour-of-hope"})["story"]["coverImage"]
    assert len(cover["blurhash"]) >= 6
    assert re.fullmatch(r"#[0-9a-f]{6}", cover["dominantColor"])
    assert _file(cover["url"]).is_file()
