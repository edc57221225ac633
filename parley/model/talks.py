"""Questions readers ask of the talks, answered from recorded events only (never from who is mentioned).

Pure functions over an Archive: who sat at the table for a round, which events an actor took part in,
who negotiates for each side now, what is scheduled next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .archive import Actor, Archive, Entry
from .events import PRESENT, Event, Participant, Role, roles_on


@dataclass(frozen=True, slots=True)
class Delegation:
    """One side's people at an event, in the order the editor wrote them."""

    side: str
    participants: tuple[Participant, ...]


def delegations(event: Event) -> tuple[Delegation, ...]:
    return tuple(Delegation(side, event.delegation(side)) for side in event.sides)


def round_event(archive: Archive, round_no: int) -> Event | None:
    """The event that is round `round_no`, or None for a round described only in rounds.yaml."""
    return next((e for e in archive.events.values() if e.round_no == round_no), None)


def named_only(archive: Archive, entries: tuple[Entry, ...], event: Event | None) -> tuple[Actor, ...]:
    """Actors the briefings name who are not recorded as participants of `event`, by name."""
    ids = {actor_id for entry in entries for actor_id in entry.actor_ids}
    return tuple(actor for actor_id, actor in archive.actors.items()
                 if actor_id in ids and not (event and event.takes_part(actor_id)))


def actor_events(archive: Archive, actor_id: str) -> tuple[tuple[Event, Participant], ...]:
    """The events the actor took part in (or was expected at), oldest first, with how they took part."""
    return tuple((event, participant) for event in archive.events.values()
                 for participant in event.participants if participant.actor_id == actor_id)


def latest_meeting(archive: Archive) -> Event | None:
    """The most recent held meeting that records a delegation: where the current negotiators sat."""
    held = [e for e in archive.events.values()
            if e.kind == "meeting" and e.status == "held" and e.date.is_known and e.participants]
    return held[-1] if held else None


def current_negotiators(archive: Archive) -> tuple[Event | None, tuple[Delegation, ...]]:
    """Who sat for each side at the latest held meeting (attended or reported), as recorded for it."""
    event = latest_meeting(archive)
    if event is None:
        return None, ()
    present = [Delegation(d.side, tuple(p for p in d.participants if p.attendance in PRESENT))
               for d in delegations(event)]
    return event, tuple(d for d in present if d.participants)


def next_scheduled(archive: Archive, after: dt.date) -> Event | None:
    """The first dated event still marked scheduled that starts after `after` (the state of play's date)."""
    upcoming = [e for e in archive.events.values()
                if e.status == "scheduled" and e.date.is_known and e.date.first > after]
    return upcoming[0] if upcoming else None


def roles_at(actor: Actor, day: dt.date) -> tuple[Role, ...]:
    """The actor's roles whose recorded tenure includes `day`."""
    return roles_on(actor.roles, day)
