"""Page contexts for the talks themselves: the chronology, one event, and the date wording they share.

Everything shown comes from recorded events and roles; approximate and missing dates are said as
such ("August 2025", "date not reported"), never turned into a day.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from ..model.archive import Archive
from ..model.events import EVENT_KINDS, Event, EventDate, Moment, Role
from ..model.routes import PAGE_SIZE, Route, page_items
from ..model.talks import delegations
from .event_timeline import DatedEvent, plan_event_timeline
from .timeline import RoundSpan, count_by_month

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
UNDATED = "Date not reported"
ATTENDANCE_LABELS = {"attended": "attended", "reported": "reported by some sources only",
                     "expected": "expected (announced beforehand)"}


def day_label(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def moment_label(moment: Moment) -> str:
    """A Moment in words: "17 September 2025", "August 2025" or "before 4 January 2026"."""
    if moment.precision == "month":
        return month_label(moment.day)
    return ("before " if moment.precision == "before" else "") + day_label(moment.day)


def event_date_label(date: EventDate) -> str:
    """An event's date in words: a day, a month, a range ("5–6 January 2026"), or that it is not reported."""
    if not date.is_known:
        return UNDATED
    start, end = date.start, date.end
    if end is None or end == start:
        return moment_label(start)
    if start.precision == end.precision == "day":
        if (start.day.year, start.day.month) == (end.day.year, end.day.month):
            return f"{start.day.day}–{day_label(end.day)}"
        if start.day.year == end.day.year:
            return f"{start.day.day} {MONTHS[start.day.month - 1]} – {day_label(end.day)}"
    return f"{moment_label(start)} – {moment_label(end)}"


def event_iso(date: EventDate) -> str:
    """A `datetime` attribute value: the day, or the month (YYYY-MM) when only the month is known."""
    start = date.start
    return f"{start.day:%Y-%m}" if start.precision == "month" else start.day.isoformat()


def tenure_label(role: Role) -> str:
    """A role's tenure in words, saying plainly which bounds the sources do not give."""
    start = f"from {moment_label(role.start)}" if role.start else "start not reported"
    if role.start and role.start.precision == "before":
        start = f"from a date not reported, {moment_label(role.start)}"
    if role.until is None:
        return f"{start}; no end reported"
    if role.until.precision == "before":
        return f"{start}; ended on a date not reported, {moment_label(role.until)}"
    return f"{start} until {moment_label(role.until)}"


def month_groups(events: list[Event]) -> list[tuple[str, str, list[Event]]]:
    """Events newest first -> (heading, anchor, events) per month, undated events last under their own heading."""
    dated = [e for e in events if e.date.is_known]
    groups = [(month_label(first), f"{first:%Y-%m}", list(group))
              for first, group in groupby(dated, key=lambda e: e.date.first.replace(day=1))]
    undated = [e for e in events if not e.date.is_known]
    return groups + ([(UNDATED, "undated", undated)] if undated else [])


def newest_events(archive: Archive) -> list[Event]:
    """Dated events newest first (by first day, then last day, then id), then the undated ones by id."""
    dated = [e for e in archive.events.values() if e.date.is_known]
    undated = [e for e in archive.events.values() if not e.date.is_known]
    return dated[::-1] + undated


def events_context(route: Route, archive: Archive, bodies) -> dict:
    events = newest_events(archive)
    return {"groups": month_groups(list(page_items(events, route))), "event_count": len(events)}


def month_pages(events: list[Event]) -> dict[dt.date, int]:
    """First day of each month -> the page of /events/ that lists its newest event."""
    pages: dict[dt.date, int] = {}
    for n, event in enumerate(events):
        if event.date.is_known:
            pages.setdefault(event.date.first.replace(day=1), n // PAGE_SIZE + 1)
    return pages


def event_context(route: Route, archive: Archive, bodies) -> dict:
    event = archive.events[route.subject]
    actors = {p.actor_id: archive.actors[p.actor_id] for p in event.participants}
    actors.update({d.actor_id: archive.actors[d.actor_id] for d in event.disagreements if d.actor_id})
    if event.mediator_id:
        actors[event.mediator_id] = archive.actors[event.mediator_id]
    return {"event": event, "delegations": delegations(event), "entries": archive.by_event[event.event_id],
            "people": actors, "json_ld": event_json_ld(event, actors)}


SCHEMA_STATUS = {"held": "https://schema.org/EventScheduled", "scheduled": "https://schema.org/EventScheduled",
                 "cancelled": "https://schema.org/EventCancelled"}


def event_json_ld(event: Event, people: dict) -> dict:
    """schema.org Event data (serialised by `to_json`); dates as precise as recorded, none when unreported."""
    data = {"@context": "https://schema.org", "@type": "Event", "name": event.title, "description": event.summary,
            "eventStatus": SCHEMA_STATUS[event.status],
            "attendee": [{"@type": "Person", "name": people[p.actor_id].name} for p in event.participants
                          if p.attendance != "expected"]}
    if event.date.is_known:
        data["startDate"] = event_iso(event.date)
        if event.date.end is not None:
            end = event.date.end
            data["endDate"] = f"{end.day:%Y-%m}" if end.precision == "month" else end.day.isoformat()
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    return data


def drawn_day(date: EventDate) -> dt.date:
    """Where an event's mark sits: its first day, or mid-month when only the month is known."""
    if date.start.precision == "month" and date.end is None:
        return date.first + (date.last - date.first) // 2
    return date.first


def timeline_context(archive: Archive) -> dict:
    """The events timeline's geometry, each mark's link target, and every event oldest first for the table."""
    dated = [DatedEvent(e.event_id, e.kind, drawn_day(e.date), e.date.last, len(archive.by_event[e.event_id]))
             for e in archive.events.values() if e.date.is_known]
    spans = [RoundSpan(r.round_no, r.start, r.end, f"Round {r.round_no}") for r in archive.rounds.values()]
    timeline = plan_event_timeline(dated, EVENT_KINDS, spans, [entry.date for entry in archive.entries])
    pages = month_pages(newest_events(archive))
    targets = {}
    for mark in timeline.marks if timeline else ():
        # One event: its page. Several together: the chronology, at their month on the page listing it.
        month = mark.first_day.replace(day=1)
        targets[mark] = ("event", mark.keys[0], 1, "") if not mark.is_merged else (
            "events", None, pages[month], f"#{month:%Y-%m}")
    by_month = timeline is not None and timeline.by_month
    return {"timeline": timeline, "targets": targets, "undated": [e for e in archive.events.values() if not e.date.is_known],
            # The table says what the chart says: every event, or, when crowded, the counts by month.
            "listed": [] if by_month else list(archive.events.values()),
            "months": [(row, pages[row.month]) for row in count_by_month(timeline)] if by_month else [],
            "dated_count": len(dated), "first_event": first_dated(archive, min), "last_event": first_dated(archive, max)}


def first_dated(archive: Archive, pick) -> Event | None:
    """The dated event that `pick` (min or max) chooses by its first, then last, day."""
    dated = [e for e in archive.events.values() if e.date.is_known]
    return pick(dated, key=lambda e: (e.date.last, e.date.first, e.event_id) if pick is max
                else (e.date.first, e.date.last, e.event_id)) if dated else None


def register_filters(filters: dict) -> None:
    """The date wording above, as Jinja filters."""
    filters.update(event_date=event_date_label, event_iso=event_iso, moment=moment_label, tenure=tenure_label,
                   attendance=ATTENDANCE_LABELS.get)
