"""Reads content/status.md, the editor's dated state of play shown at the top of the home page."""

from __future__ import annotations

from ..errors import ContentError
from ..model.events import Status
from .fields import Field, parse_date, parse_text
from .pages import read_page

STATUS_PATH = "content/status.md"

STATUS_SCHEMA = {
    "as_of": Field(parse_date, required=True, example="2026-01-06"),
    "title": Field(parse_text, example="Where things stand"),
}


def read_status(text: str | None, errors: list[ContentError]) -> Status | None:
    """status.md text -> the state of play, or None when there is no such file or it has errors."""
    if text is None:
        return None
    page = read_page(text, STATUS_PATH, STATUS_SCHEMA, errors, "write the state of play below the front matter")
    if page is None:
        return None
    record, document = page
    return Status(STATUS_PATH, record.values["as_of"], record.values.get("title", "Where things stand"),
                  document.body, document.body_line)
