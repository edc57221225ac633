"""Published corrections as readers meet them: listed newest first, and as a section of feed content.

Pure functions over the archive; the notes are rendered and sanitised by `markup.render_note`.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model.archive import Archive, Correction, Entry
from .markup import render_note

CORRECTIONS_ANCHOR = "corrections"  # the id of the Corrections section on a briefing page


def list_corrections(archive: Archive) -> tuple[tuple[Entry, Correction], ...]:
    """Every correction of every published entry, newest first (ties: the entry's slug, file, line)."""
    pairs = [(entry, correction) for entry in archive.entries for correction in entry.corrections]
    return tuple(sorted(pairs, key=lambda pair: (-pair[1].published.timestamp(), pair[0].slug,
                                                 pair[0].source_path, pair[1].line)))


def corrections_html(entry: Entry) -> Markup:
    """An entry's corrections as an HTML section for feed content ('' when there are none)."""
    if not entry.corrections:
        return Markup("")
    from .pages import long_date  # imported here: pages imports this module, so a top-level import would loop
    items = Markup("").join(Markup('<li><time datetime="{}">{}</time>: {}</li>').format(
        c.published.isoformat(), long_date(c.date), render_note(c.note)) for c in entry.corrections)
    return Markup("<h2>Corrections</h2><ul>{}</ul>").format(items)
