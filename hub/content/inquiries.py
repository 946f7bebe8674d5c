"""Public forms: artwork inquiries, course applications and mentorship requests.

Anyone may send them; what they store is personal data that only editors ever read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from piccolo.table import Table

from hub import tables
from hub.access import Viewer, require_editor
from hub.content import lookups
from hub.content.lookups import Row
from hub.content.pages import Page, PageResult
from hub.errors import ErrorCode, HubError, Problem

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,22}$")


@dataclass(frozen=True)
class Form:
    """One public form: what it is about and which free-text field it carries."""

    table: type[Table]
    target: type[Table]
    target_column: str
    target_label: str
    text_field: str
    text_max: int = 3000


ARTWORK_INQUIRY = Form(tables.ArtworkInquiry, tables.Artwork, "artwork", "artwork", "message")
COURSE_APPLICATION = Form(tables.CourseApplication, tables.Course, "course", "course", "motivation")
MENTORSHIP_REQUEST = Form(tables.MentorshipRequest, tables.Mentor, "mentor", "mentor", "goals")


def _check_person(data: dict[str, Any], form: Form) -> list[Problem]:
    problems: list[Problem] = []
    name = (data.get("name") or "").strip()
    contact = (data.get("contact") or "").strip()
    text = (data.get(form.text_field) or "").strip()
    if not name:
        problems.append(Problem(ErrorCode.REQUIRED, "Tell us your name.", "name"))
    elif len(name) > 200:
        problems.append(Problem(ErrorCode.TOO_LONG, "Keep the name under 200 characters.", "name"))
    if not contact:
        problems.append(Problem(ErrorCode.REQUIRED, "Give an e-mail or phone number.", "contact"))
    elif not (_EMAIL.match(contact) or _PHONE.match(contact)):
        problems.append(
            Problem(ErrorCode.INVALID, "Give an e-mail address or a phone number.", "contact")
        )
    if not text:
        problems.append(Problem(ErrorCode.REQUIRED, "Write a few words.", form.text_field))
    elif len(text) > form.text_max:
        problems.append(
            Problem(
                ErrorCode.TOO_LONG,
                f"Keep it under {form.text_max} characters.",
                form.text_field,
            )
        )
    return problems


async def submit(form: Form, viewer: Viewer, target_id: int, data: dict[str, Any]) -> Row:
    """Store a form about a visible entry; returns that entry (never the sender's data)."""
    target_rows = await lookups.rows_by_ids(form.target, viewer, [target_id])
    target = target_rows[0] if target_rows else None
    problems = _check_person(data, form)
    field = f"{form.target_column}_id"
    if target is None:
        problems.insert(
            0, Problem(ErrorCode.NOT_FOUND, f"No {form.target_label} with this id.", field)
        )
    elif form is COURSE_APPLICATION and target["seats_left"] == 0:
        problems.append(Problem(ErrorCode.INVALID, "This course is full.", field))
    elif form is MENTORSHIP_REQUEST and not target["accepting_mentees"]:
        problems.append(Problem(ErrorCode.INVALID, "This mentor takes no mentees now.", field))
    if problems:
        raise HubError(problems)
    await form.table.insert(
        form.table(
            **{
                form.target_column: target_id,
                "name": data["name"].strip(),
                "contact": data["contact"].strip(),
                form.text_field: data[form.text_field].strip(),
            }
        )
    )
    assert target is not None
    return target


async def list_submissions(form: Form, viewer: Viewer, page: Page) -> PageResult:
    """Editors only: the newest first."""
    require_editor(viewer)
    order = [(form.table._meta.get_column_by_name("created_at"), False)]
    return await lookups.fetch_page(form.table, viewer, [], order, page)
