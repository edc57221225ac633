"""The publish gate: finds what an editor has not finished in a briefing that would go live.

Works on text already read (no I/O). Drafts are never checked: they stay out of the site, and `new`
and `ingest` write them with placeholders on purpose. Each problem says what is left to finish.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..errors import ContentError
from ..model.archive import Entry
from .frontmatter import decode_source

TODO = re.compile(r"\bTODO\b")
PLACEHOLDER_COMMENT = re.compile(r"#\s*placeholder\b", re.I)
RAW_MARKER = "<!-- raw article below"  # the line `ingest` puts above the article it pasted
DRAFT_TITLE = re.compile(r"draft\s*:", re.I)
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# Outlet names that stand for "not known yet", compared case-folded.
PLACEHOLDER_OUTLETS = ("?", "outlet", "source", "tbd", "tbc", "todo", "unknown", "n/a", "xxx", "fixme")
FIELD_LINE = re.compile(r"^(?P<field>[A-Za-z_][\w-]*)\s*:(?P<value>.*)$")
# A list item's value: `- outlet: AFP`, `  outlet: AFP` or `- AFP` -> AFP.
OUTLET_VALUE = re.compile(r"^\s*-?\s*(?:outlet\s*:)?(?P<value>.*)$")
# Only files holding one of these bytes need their lines read; the rest cost one substring search.
QUICK_MARKERS = (b"TODO", b"placeholder", RAW_MARKER.encode())
MAX_QUOTED = 80


def find_unfinished(raw_by_path: dict[str, bytes], entries: Iterable[Entry]) -> list[ContentError]:
    """Raw file bytes by source_path, and the valid entries -> one error per unfinished part of a non-draft."""
    errors: list[ContentError] = []
    for entry in entries:
        if not entry.draft:
            errors += unfinished_in(entry, raw_by_path[entry.source_path])
    return errors


def unfinished_in(entry: Entry, raw: bytes) -> list[ContentError]:
    """One valid entry and its file's bytes -> what still needs finishing, in file order."""
    errors = []
    if (any(marker in raw for marker in QUICK_MARKERS) or DRAFT_TITLE.match(entry.title)
            or any(is_placeholder_outlet(source.outlet) for source in entry.sources)):
        text = decode_source(raw, entry.source_path)
        lines = text.split("\n") if isinstance(text, str) else []
        errors += front_matter_problems(entry, lines[1:entry.body_line - 2], first_line=2)
        errors += body_problems(entry, lines[entry.body_line - 1:])
    if not without_comments(entry.body).strip():
        errors.append(ContentError(entry.source_path, entry.body_line - 1, "body", "is empty",
                                   "write the briefing below this '---' line, in your own words, naming its sources"))
    return errors


def front_matter_problems(entry: Entry, lines: list[str], first_line: int) -> list[ContentError]:
    """Front-matter lines -> TODO values, '# placeholder' marks, a 'Draft:' title and placeholder outlets."""
    errors, field = [], "front-matter"
    for number, line in enumerate(lines, start=first_line):
        if line.lstrip().startswith("#"):
            continue  # a comment line is a note to editors, never published
        match = FIELD_LINE.match(line)
        field = match["field"] if match else field
        value = plain_value(match["value"] if match else OUTLET_VALUE.match(line)["value"])
        if field == "sources" and not match and (TODO.search(value) or is_placeholder_outlet(value)):
            errors.append(ContentError(entry.source_path, number, "sources", f"outlet {quote(value)} is a placeholder",
                                       "name the outlet the briefing summarises, e.g. Reuters"))
        elif PLACEHOLDER_COMMENT.search(line):
            marked = f"{quote(value)} is marked" if value else "is marked"
            errors.append(ContentError(entry.source_path, number, field, f"{marked} '# placeholder'",
                                       f"replace it with the real {field_noun(field)}, then delete the comment"))
        elif TODO.search(value):
            errors.append(ContentError(entry.source_path, number, field, f"{quote(value)} is a TODO placeholder",
                                       f"write the {field_noun(field)} in your own words"))
        elif field == "title" and DRAFT_TITLE.match(value):
            errors.append(ContentError(entry.source_path, number, "title", f"{quote(value)} still begins with 'Draft:'",
                                       "write the headline in your own words"))
    return errors


def body_problems(entry: Entry, lines: list[str]) -> list[ContentError]:
    """Body lines -> the raw article `ingest` pasted, and TODO notes outside HTML comments."""
    errors = []
    visible = without_comments("\n".join(lines)).split("\n")
    for number, (line, shown) in enumerate(zip(lines, visible), start=entry.body_line):
        if line.lstrip().startswith(RAW_MARKER):
            errors.append(ContentError(entry.source_path, number, "body", "the article pasted by 'ingest' is still here",
                                       "rewrite it in your own words, then delete the marker line and the article"))
        elif TODO.search(shown):
            errors.append(ContentError(entry.source_path, number, "body", f"{quote(shown.strip())} is a TODO placeholder",
                                       "finish the text, or delete the note"))
    return errors


def without_comments(markdown: str) -> str:
    """Markdown with every HTML comment blanked out, line breaks kept (comments are never shown to readers)."""
    return HTML_COMMENT.sub(lambda match: "\n" * match.group().count("\n"), markdown)


def plain_value(text: str) -> str:
    """A YAML value as written -> roughly its text: no trailing comment, no surrounding quotes."""
    text = re.split(r"\s#", text, maxsplit=1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text


def is_placeholder_outlet(name: str) -> bool:
    """An outlet written as 'unknown', 'TBD' or the like instead of a real one."""
    return plain_value(name).casefold().strip(" .:") in PLACEHOLDER_OUTLETS


def field_noun(field: str) -> str:
    return {"sources": "outlet", "front-matter": "value"}.get(field, field)


def quote(value: str) -> str:
    return f"'{value if len(value) <= MAX_QUOTED else value[:MAX_QUOTED - 1] + '…'}'"
