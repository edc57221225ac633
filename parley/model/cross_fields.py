"""Checks that need two records at once and may be fine after all: they give warnings, not errors.

A warning is printed and the build goes on; `--strict` turns warnings into errors.
"""

from __future__ import annotations

from ..errors import ContentError
from .archive import Archive

# How far (in days) a briefing may be dated from its round's dates before the pairing looks wrong:
# briefings announce a round beforehand and report on it afterwards, rarely two months away.
ROUND_DISTANCE_DAYS = 60
ROUNDS_PATH = "content/rounds.yaml"


def check_round_dates(archive: Archive) -> list[ContentError]:
    """Entries with `round: N` dated more than ROUND_DISTANCE_DAYS from round N's dates -> one warning each."""
    warnings = []
    for entry in sorted(archive.entries, key=lambda e: e.source_path):
        found = archive.rounds.get(entry.round_no) if entry.round_no is not None else None
        if found is None:
            continue
        if entry.date < found.start:
            days, side = (found.start - entry.date).days, "before"
        else:
            days, side = (entry.date - found.end).days, "after"
        if days > ROUND_DISTANCE_DAYS:
            span = f"{found.start}" if found.start == found.end else f"{found.start} to {found.end}"
            warnings.append(ContentError(
                entry.source_path, entry.line_of("round"), "round",
                f"dated {entry.date}, {days} days {side} round {entry.round_no} ({span})",
                f"check the date and the round number, or the round's dates in {ROUNDS_PATH}", severity="warning"))
    return warnings
