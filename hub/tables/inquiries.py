"""Messages from the public: artwork inquiries, course applications, mentorship requests.

They hold personal data (names, contacts): editors only, never served to the public.
"""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from hub.tables.artworks import Artwork
from hub.tables.courses import Course
from hub.tables.mentors import Mentor


class ArtworkInquiry(Table, help_text="Someone asks about buying an artwork. Personal data."):
    artwork = ForeignKey(Artwork, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200, secret=True)
    contact = Varchar(length=200, secret=True, help_text="E-mail or phone, as given.")
    message = Text(secret=True)
    handled = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class CourseApplication(Table, help_text="Someone applies to a course. Personal data."):
    course = ForeignKey(Course, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200, secret=True)
    contact = Varchar(length=200, secret=True, help_text="E-mail or phone, as given.")
    motivation = Text(secret=True)
    handled = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class MentorshipRequest(Table, help_text="Someone asks a mentor for mentoring. Personal data."):
    mentor = ForeignKey(Mentor, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200, secret=True)
    contact = Varchar(length=200, secret=True, help_text="E-mail or phone, as given.")
    goals = Text(secret=True)
    handled = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
