"""Checks that no two briefings share an `id:`, the feed GUID readers track an entry by.

`new` and `ingest` write a fresh id into every file, so a briefing copied to start another one
carries its original's id; two feed items with one GUID make readers drop one of them.
"""

from __future__ import annotations

import re
import uuid
from typing import Iterable

from ..errors import ContentError
from ..model.archive import Entry

ID_LINE = re.compile(rb"^id\s*:", re.M)
# Suggested ids are derived from the file's path, so the same error always prints the same hint.
SUGGESTION_NAMESPACE = uuid.UUID("0b5e3c1a-8f1d-4c55-9d3e-7a2b6c4f9e21")


def find_duplicate_ids(raw_by_path: dict[str, bytes], entries: Iterable[Entry]) -> list[ContentError]:
    """Raw file bytes by source_path, and the valid entries -> one error on each later briefing reusing an id."""
    first_by_id: dict[str, Entry] = {}
    errors = []
    for entry in sorted((e for e in entries if e.feed_id), key=lambda e: (e.published, e.source_path)):
        first = first_by_id.setdefault(entry.feed_id, entry)
        if first is not entry:
            errors.append(ContentError(entry.source_path, id_line(raw_by_path[entry.source_path]), "id",
                                       f"'{entry.feed_id}' is also the id of {first.source_path}",
                                       f"give this briefing its own, e.g. {suggest_id(entry.source_path)}"))
    return errors


def suggest_id(source_path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(SUGGESTION_NAMESPACE, source_path)}"


def id_line(raw: bytes) -> int:
    """The line of the `id:` field in a file's bytes (1 if it cannot be found)."""
    match = ID_LINE.search(raw)
    return raw.count(b"\n", 0, match.start()) + 1 if match else 1
