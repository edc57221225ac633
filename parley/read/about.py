"""Reads content/about.md, the archive's About / method page: front-matter `title` and `summary`, then Markdown."""

from __future__ import annotations

from ..errors import ContentError
from ..model.archive import Page
from .fields import Field, parse_text
from .pages import read_page

ABOUT_PATH = "content/about.md"
ABOUT_SCHEMA = {
    "title": Field(parse_text, required=True, example="About this archive"),
    "summary": Field(parse_text, required=True, example="Who writes it, how briefings are sourced and corrected."),
}


def read_about(text: str | None, errors: list[ContentError]) -> Page | None:
    """about.md text -> the About page (None if the file is absent or has errors, which go to `errors`)."""
    if text is None:
        return None
    page = read_page(text, ABOUT_PATH, ABOUT_SCHEMA, errors,
                     "say who writes the archive, how briefings are sourced and how corrections are made")
    if page is None:
        return None
    record, document = page
    return Page(ABOUT_PATH, record.values["title"], record.values["summary"], document.body)
