"""Reads content/status.md, the editor's dated state of play shown at the top of the home page."""

from __future__ import annotations

from ..errors import ContentError
from ..model.events import Status
from .fields import Field, parse_date, parse_text, read_mapping
from .frontmatter import split_front_matter

STATUS_PATH = "content/status.md"

STATUS_SCHEMA = {
    "as_of": Field(parse_date, required=True, example="2026-01-06"),
    "title": Field(parse_text, example="Where things stand"),
}


def read_status(text: str | None, errors: list[ContentError]) -> Status | None:
    """status.md text -> the state of play, or None when there is no such file or it has errors."""
    if text is None:
        return None
    document = split_front_matter(text, STATUS_PATH)
    if isinstance(document, ContentError):
        errors.append(document)
        return None
    count = len(errors)
    record = read_mapping(document.front_matter, STATUS_SCHEMA, STATUS_PATH, errors)
    if record is None or len(errors) > count:
        return None
    if not document.body.strip():
        errors.append(ContentError(STATUS_PATH, document.body_line, "body", "is empty",
                                   "write the state of play below the front matter"))
        return None
    return Status(STATUS_PATH, record.values["as_of"], record.values.get("title", "Where things stand"),
                  document.body, document.body_line)
