"""Proposes the events an article reports, from its date and the places it names (for `ingest`).

A proposal only: the editor keeps or removes each id in the draft's `events:` before publishing.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model.events import Event

# An article usually reports an event within days of it: before (announced) or after (reported).
WINDOW = dt.timedelta(days=7)


def names_place(text: str, place: str) -> bool:
    """Whether the text names `place` as a whole word, in any case: its leading name is enough
    ("Paris" for "Paris, Élysée Palace")."""
    name = re.match(r"[\w' -]*", place)[0].strip()
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I) is not None


def propose_events(text: str, events: tuple[Event, ...], day: dt.date) -> tuple[Event, ...]:
    """Dated events within WINDOW of `day` whose place the text names, oldest first."""
    return tuple(event for event in events if event.date.is_known and names_place(text, event.place)
                 and event.date.first - WINDOW <= day <= event.date.last + WINDOW)
