"""The talks as they happened: events, who took part for which side, roles held over time, the state of play.

Frozen records built by parley/read/events.py and parley/read/status.py; nothing here reads files,
formats dates for readers or knows about URLs.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .archive import Source

EVENT_KINDS = ("meeting", "visit", "statement", "announcement", "resignation", "appointment", "military")
EVENT_STATUSES = ("held", "scheduled", "cancelled")
# How sure the sources are that someone was there: seen there, named by some sources only, or announced.
ATTENDANCES = ("attended", "reported", "expected")
# A participant counts as present for a side unless only announced beforehand.
PRESENT = ("attended", "reported")


@dataclass(frozen=True, slots=True)
class Moment:
    """A point in time known to a day, to a month, or only as "before" a day (the day itself excluded)."""

    day: dt.date  # the day; the month's first day; or the day it came before
    precision: str  # "day", "month" or "before"

    @property
    def first(self) -> dt.date:
        """The earliest day the moment can be (dt.date.min when only an upper bound is known)."""
        return dt.date.min if self.precision == "before" else self.day

    @property
    def last(self) -> dt.date:
        """The latest day the moment can be."""
        if self.precision == "month":
            return self.day.replace(day=calendar.monthrange(self.day.year, self.day.month)[1])
        return self.day - dt.timedelta(days=1) if self.precision == "before" else self.day


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened: from `start` to `end` (one day, one month, a range), or not reported at all."""

    start: Moment | None  # None: the sources give no date
    end: Moment | None  # None for a single day or month; the last day or month of a range

    @property
    def is_known(self) -> bool:
        return self.start is not None

    @property
    def first(self) -> dt.date | None:
        return self.start.first if self.start else None

    @property
    def last(self) -> dt.date | None:
        return (self.end or self.start).last if self.start else None


@dataclass(frozen=True, slots=True)
class Participant:
    actor_id: str
    side: str  # as written in events.yaml, e.g. "Israel"
    role: str  # their role at this event, e.g. "head of delegation"; may be ""
    attendance: str  # one of ATTENDANCES
    outlets: tuple[str, ...]  # the outlets that report this participation


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Where sources differ about an event: in the editor's words, with the outlets on each side of it."""

    note: str
    outlets: tuple[str, ...]
    actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    title: str
    kind: str  # one of EVENT_KINDS
    date: EventDate
    status: str  # one of EVENT_STATUSES
    place: str
    summary: str
    sources: tuple[Source, ...]
    participants: tuple[Participant, ...] = ()  # sides in the order written, people in the order written
    disagreements: tuple[Disagreement, ...] = ()
    round_no: int | None = None
    mediator_id: str | None = None
    date_note: str = ""  # why the date is approximate or missing

    @property
    def sides(self) -> tuple[str, ...]:
        """The sides with at least one participant, in the order written."""
        return tuple(dict.fromkeys(p.side for p in self.participants))

    def delegation(self, side: str) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.side == side)

    def takes_part(self, actor_id: str) -> bool:
        return any(p.actor_id == actor_id for p in self.participants)


def chronological(event: Event) -> tuple:
    """Total sort key, oldest first: dated events by first day then last day, undated ones after them all."""
    if not event.date.is_known:
        return (1, dt.date.max, dt.date.max, event.event_id)
    return (0, event.date.first, event.date.last, event.event_id)


@dataclass(frozen=True, slots=True)
class Role:
    """A position an actor held, from `start` until `until` (either may be unreported), with its sources."""

    title: str
    start: Moment | None  # None: start not reported
    until: Moment | None  # None: no end reported
    affiliation: str
    outlets: tuple[str, ...]

    def is_held_on(self, day: dt.date) -> bool:
        """Whether the role's reported bounds include `day` (an unreported bound does not rule it out).

        A start known only as "before X" counts from X: that is the first day the sources vouch for.
        """
        if self.start is not None and day < (self.start.day if self.start.precision == "before" else self.start.first):
            return False
        return self.until is None or day <= self.until.last


def roles_on(roles: tuple[Role, ...], day: dt.date) -> tuple[Role, ...]:
    """The roles whose reported tenure includes `day`, in the order written."""
    return tuple(role for role in roles if role.is_held_on(day))


@dataclass(frozen=True, slots=True)
class Status:
    """The editor's state of play (content/status.md): Markdown as written, dated by `as_of`."""

    source_path: str
    as_of: dt.date
    title: str
    body: str
    body_line: int
