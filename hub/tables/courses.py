"""Course and Lesson: learning programmes from human rights to digital art."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Numeric, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from hub.enums import CourseCategory, CourseFormat, Currency
from hub.tables._entry import EntryColumns
from hub.tables.images import Image
from hub.tables.mentors import Mentor


class Course(EntryColumns, Table, help_text="Courses and their lessons."):
    title_tg = Varchar(length=200, default="")
    title_ru = Varchar(length=200, default="")
    title_en = Varchar(length=200, default="")
    summary_tg = Text(default="")
    summary_ru = Text(default="")
    summary_en = Text(default="")
    description_tg = Text(default="", help_text="HTML, sanitised on save.")
    description_ru = Text(default="")
    description_en = Text(default="")
    category = Varchar(length=30, choices=CourseCategory, index=True)
    format = Varchar(length=20, choices=CourseFormat, default=CourseFormat.IN_PERSON.value)
    starts_at = Timestamptz(null=True, default=None, index=True)
    ends_at = Timestamptz(null=True, default=None)
    location_tg = Varchar(length=200, default="")
    location_ru = Varchar(length=200, default="")
    location_en = Varchar(length=200, default="")
    capacity = Integer(null=True, default=None)
    seats_left = Integer(null=True, default=None)
    price_amount = Numeric(digits=(12, 2), null=True, default=None)
    price_currency = Varchar(length=3, choices=Currency, default=Currency.TJS.value)
    cover_image = ForeignKey(Image, null=True, on_delete=OnDelete.restrict)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s", columns=[cls.slug])


class Lesson(Table, help_text="A course's lessons, in order."):
    course = ForeignKey(Course, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    title_tg = Varchar(length=200, default="")
    title_ru = Varchar(length=200, default="")
    title_en = Varchar(length=200, default="")
    summary_tg = Text(default="")
    summary_ru = Text(default="")
    summary_en = Text(default="")
    duration_minutes = Integer(default=60)


class CourseMentor(Table):
    course = ForeignKey(Course, on_delete=OnDelete.cascade, index=True)
    mentor = ForeignKey(Mentor, on_delete=OnDelete.cascade, index=True)
