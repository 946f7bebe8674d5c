"""Every content type in one list: its GraphQL name and its rules (EntrySpec)."""

from __future__ import annotations

from hub.content import (
    artists,
    artworks,
    campaigns,
    courses,
    events,
    mentors,
    partners,
    stories,
    tags,
)
from hub.content.entries import EntrySpec

# GraphQL type name -> rules. A new content type starts here (see tests/test_registry.py).
SPECS: dict[str, EntrySpec] = {
    "Story": stories.SPEC,
    "Artist": artists.SPEC,
    "Campaign": campaigns.SPEC,
    "Partner": partners.SPEC,
    "Tag": tags.SPEC,
    "Artwork": artworks.SPEC,
    "Event": events.SPEC,
    "Course": courses.SPEC,
    "Mentor": mentors.SPEC,
}
