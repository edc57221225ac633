"""Reads the archive's own Markdown pages (about.md, status.md): front-matter checked against a schema, then a body."""

from __future__ import annotations

from ..errors import ContentError
from .fields import Field, Record, read_mapping
from .frontmatter import SourceDocument, split_front_matter


def read_page(text: str, source_path: str, schema: dict[str, Field], errors: list[ContentError],
              empty_hint: str) -> tuple[Record, SourceDocument] | None:
    """A page's text -> its front-matter record and document, or None with the problems in `errors`.

    A page with nothing below its front-matter is an error: `empty_hint` tells the editor what to write.
    """
    document = split_front_matter(text, source_path)
    if isinstance(document, ContentError):
        errors.append(document)
        return None
    count = len(errors)
    record = read_mapping(document.front_matter, schema, source_path, errors)
    if record is None or len(errors) > count:
        return None
    if not document.body.strip():
        errors.append(ContentError(source_path, document.body_line, "body", "is empty", empty_hint))
        return None
    return record, document
