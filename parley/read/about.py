"""Reads content/about.md, the archive's About / method page: front-matter `title` and `summary`, then Markdown."""

from __future__ import annotations

from ..errors import ContentError
from ..model.archive import Page
from .fields import Field, parse_text, read_mapping
from .frontmatter import split_front_matter

ABOUT_PATH = "content/about.md"
ABOUT_SCHEMA = {
    "title": Field(parse_text, required=True, example="About this archive"),
    "summary": Field(parse_text, required=True, example="Who writes it, how briefings are sourced and corrected."),
}


def read_about(text: str | None, errors: list[ContentError]) -> Page | None:
    """about.md text -> the About page (None if the file is absent or has errors, which go to `errors`)."""
    if text is None:
        return None
    document = split_front_matter(text, ABOUT_PATH)
    if isinstance(document, ContentError):
        errors.append(document)
        return None
    count = len(errors)
    record = read_mapping(document.front_matter, ABOUT_SCHEMA, ABOUT_PATH, errors)
    if record is None or len(errors) > count:
        return None
    if not document.body.strip():
        errors.append(ContentError(ABOUT_PATH, document.body_line, "body", "is empty",
                                   "say who writes the archive, how briefings are sourced and how corrections are made"))
        return None
    return Page(ABOUT_PATH, record.values["title"], record.values["summary"], document.body)
