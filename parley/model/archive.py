"""The archive model: immutable records keyed by id, and the indexes pages and feeds read.

Built once from validated content; nothing here reads files or knows about URLs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterator, Mapping
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from .events import Event, Role, Status

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "ckb", "dv"})
RELATED_LIMIT = 5
# How many neighbours on each side, in each shared actor's or round's timeline, are scored as
# related: bounded, so related entries cost O(entries) even when one actor has thousands.
RELATED_WINDOW = 4


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    description: str
    base_url: str  # absolute, always ending in "/"
    language: str
    timezone: str
    feed_limit: int = 50
    license: str = ""  # shown in every page's footer and in the open data
    license_url: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    name: str
    kind: str
    affiliation: str
    role: str
    aliases: tuple[str, ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # (language code, name in that script), sorted
    roles: tuple[Role, ...] = ()  # positions over time (parley/model/events.py); `role` is the short fallback


@dataclass(frozen=True, slots=True)
class Round:
    round_no: int
    venue: str
    start: dt.date
    end: dt.date
    mediator_id: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the archive's own (content/about.md): not a briefing, in no feed or list."""

    source_path: str
    title: str
    summary: str
    body: str  # Markdown as written


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet from content/outlets.yaml: the one name a source is shown and filtered under."""

    outlet_id: str
    name: str
    kind: str  # wire agency, newspaper, broadcaster, state media, news site, magazine
    country: str = ""
    homepage: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    outlet: str  # the registered name when content/outlets.yaml lists the outlet, else as written
    url: str | None = None
    published: dt.date | None = None
    outlet_id: str | None = None  # None without an outlet registry (or in a draft naming an unknown one)


@dataclass(frozen=True, slots=True)
class Alias:
    """An old site path of an entry (from `aliases:`), served by a redirect page."""

    url: str  # site-relative, starting with "/"
    line: int  # where it is listed, for errors


@dataclass(frozen=True, slots=True)
class Correction:
    """A published correction (from `corrections:`): shown on the page, in the feeds and on /corrections/."""

    date: dt.date  # the calendar day shown
    published: dt.datetime  # time-zone aware, for feeds and ordering
    note: str  # inline Markdown as written (rendered and sanitised where it lands)
    line: int


@dataclass(frozen=True, slots=True)
class Entry:
    source_path: str
    slug: str
    title: str
    date: dt.date  # the calendar date in the URL
    published: dt.datetime  # always time-zone aware
    summary: str
    body: str  # Markdown as written
    body_line: int
    actor_ids: tuple[str, ...]
    round_no: int | None = None
    sources: tuple[Source, ...] = ()
    location: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    lang: str | None = None
    updated: dt.datetime | None = None
    feed_id: str | None = None
    digest: str = ""  # hash of the source file's bytes: what changed pages are recognised by
    event_ids: tuple[str, ...] = ()  # the events the briefing reports, as listed in its front matter
    aliases: tuple[Alias, ...] = ()
    corrections: tuple[Correction, ...] = ()  # oldest first
    field_lines: tuple[tuple[str, int], ...] = ()  # (field, line) of each front-matter field, for later checks
    # The body's links as links.find_links gives them, found once when the file is read (and kept in the
    # build cache with the entry): None means not looked for yet.
    body_links: tuple[tuple[int, bool, str], ...] | None = None

    def line_of(self, field_name: str) -> int:
        """The line of a front-matter field, or 1 when it is not there."""
        return next((line for name, line in self.field_lines if name == field_name), 1)

    @property
    def direction(self) -> str:
        return "rtl" if (self.lang or "").split("-")[0] in RTL_LANGUAGES else "ltr"

    @property
    def revised(self) -> dt.datetime | None:
        """The latest `updated:` or correction, or None when neither was made."""
        return max([*([self.updated] if self.updated else []), *(c.published for c in self.corrections)], default=None)

    @property
    def modified(self) -> dt.datetime:
        """The last change readers should know of: the latest correction, else `updated:`, else the date."""
        latest = self.updated or self.published
        return max([latest, *(c.published for c in self.corrections)])


def newest_first(entry: Entry) -> tuple:
    """Total sort key: newest first, ties broken by slug then file, so output never depends on read order."""
    return (-entry.published.timestamp(), -entry.date.toordinal(), entry.slug, entry.source_path)


@dataclass(frozen=True, slots=True)
class Registry:
    """The actors and rounds: what every layout may look up, whatever page it renders."""

    actors: Mapping[str, Actor]
    rounds: Mapping[int, Round]


@dataclass(frozen=True, slots=True)
class Archive:
    config: SiteConfig
    actors: Mapping[str, Actor]  # by actor_id, sorted by name
    rounds: Mapping[int, Round]  # by round_no, ascending
    entries: tuple[Entry, ...]  # newest first
    by_actor: Mapping[str, tuple[Entry, ...]]  # newest first; every actor has a key
    by_round: Mapping[int, tuple[Entry, ...]]  # newest first; every round has a key
    related: Mapping[str, tuple[Entry, ...]]  # by source_path
    positions: Mapping[str, int]  # source_path -> index in `entries`
    left_out: Mapping[str, int] = field(default_factory=dict)  # "draft"/"future" -> count
    next_due: dt.datetime | None = None  # when the earliest left-out future entry comes due
    # (year, month) -> its entries newest first; months newest first. What year and month pages list.
    by_month: Mapping[tuple[int, int], tuple[Entry, ...]] = field(default_factory=dict)
    events: Mapping[str, Event] = field(default_factory=dict)  # by event_id, oldest first, undated last
    by_event: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)  # newest first; every event has a key
    status: Status | None = None  # the editor's state of play, content/status.md
    outlets: Mapping[str, Outlet] = field(default_factory=dict)  # by outlet_id, sorted by name; empty without a registry
    by_tag: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)  # topic slug -> newest first; by slug
    about: Page | None = None  # content/about.md, if the archive has one

    @property
    def registry(self) -> Registry:
        return Registry(self.actors, self.rounds)

    def neighbours(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """(older, newer) entry in the whole archive, or None at either end."""
        index = self.positions[entry.source_path]
        older = self.entries[index + 1] if index + 1 < len(self.entries) else None
        newer = self.entries[index - 1] if index > 0 else None
        return older, newer

    def actor_rounds(self, actor_id: str) -> tuple[Round, ...]:
        """The rounds whose event lists the actor as a participant, in order (being named is not taking part)."""
        numbers = {e.round_no for e in self.events.values() if e.round_no is not None and e.takes_part(actor_id)}
        return tuple(r for n, r in self.rounds.items() if n in numbers)


def build_archive(config: SiteConfig, actors: tuple[Actor, ...], rounds: tuple[Round, ...],
                  entries: tuple[Entry, ...], left_out: Mapping[str, int] | None = None,
                  next_due: dt.datetime | None = None, outlets: tuple[Outlet, ...] = (),
                  about: Page | None = None, events: tuple[Event, ...] = (),
                  status: Status | None = None) -> Archive:
    """Validated records -> an Archive with every index sorted deterministically."""
    from .events import chronological  # events.py builds on this module's records
    ordered = tuple(sorted(entries, key=newest_first))
    by_event: dict[str, list[Entry]] = {e.event_id: [] for e in sorted(events, key=chronological)}
    for entry in ordered:
        for event_id in entry.event_ids:
            if event_id in by_event:  # an event with errors of its own is left out, and reported
                by_event[event_id].append(entry)
    by_actor: dict[str, list[Entry]] = {a.actor_id: [] for a in actors}
    by_round: dict[int, list[Entry]] = {r.round_no: [] for r in rounds}
    for entry in ordered:
        for actor_id in entry.actor_ids:
            by_actor[actor_id].append(entry)
        if entry.round_no is not None:
            by_round[entry.round_no].append(entry)
    by_tag: dict[str, list[Entry]] = defaultdict(list)
    for entry in ordered:
        for tag in dict.fromkeys(entry.tags):
            by_tag[tag].append(entry)
    frozen_by_actor = {k: tuple(v) for k, v in by_actor.items()}
    frozen_by_round = {k: tuple(v) for k, v in sorted(by_round.items())}
    return Archive(
        config=config,
        actors=MappingProxyType({a.actor_id: a for a in sorted(actors, key=lambda a: (a.name.casefold(), a.actor_id))}),
        rounds=MappingProxyType({r.round_no: r for r in sorted(rounds, key=lambda r: r.round_no)}),
        entries=ordered,
        by_actor=MappingProxyType(frozen_by_actor),
        by_round=MappingProxyType(frozen_by_round),
        related=RelatedEntries(ordered, frozen_by_actor, frozen_by_round),
        positions=MappingProxyType({e.source_path: i for i, e in enumerate(ordered)}),
        left_out=MappingProxyType(dict(sorted((left_out or {}).items()))),
        next_due=next_due,
        by_month=MappingProxyType(group_by_month(ordered)),
        about=about,
        events=MappingProxyType({e.event_id: e for e in sorted(events, key=chronological)}),
        by_event=MappingProxyType({k: tuple(v) for k, v in by_event.items()}),
        status=status,
        outlets=MappingProxyType({o.outlet_id: o for o in sorted(outlets, key=lambda o: (o.name.casefold(), o.outlet_id))}),
        by_tag=MappingProxyType({tag: tuple(by_tag[tag]) for tag in sorted(by_tag)}),
    )


def group_by_month(entries: tuple[Entry, ...]) -> dict[tuple[int, int], tuple[Entry, ...]]:
    """Entries newest first -> (year, month) -> its entries in the same order, newest month first."""
    months: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in entries:
        months[(entry.date.year, entry.date.month)].append(entry)
    return {key: tuple(months[key]) for key in sorted(months, reverse=True)}


class RelatedEntries(Mapping[str, tuple[Entry, ...]]):
    """Each entry -> up to RELATED_LIMIT entries close in time that share its round or actors,
    worked out for an entry when it is first asked for: a build asks for every entry once, the
    preview after a save only for the few pages it renders (ranking all 10,000 took a third of a second).

    Scores: 2 for the same round, 1 per shared actor; ties go to the nearer date, then the slug.
    The ranking of one entry depends only on the timelines, so asking in any order gives the same answers.
    """

    def __init__(self, entries: tuple[Entry, ...], by_actor: Mapping[str, tuple[Entry, ...]],
                 by_round: Mapping[int, tuple[Entry, ...]]):
        self._entries = {entry.source_path: entry for entry in entries}
        self._timelines = {**{("actor", k): v for k, v in by_actor.items()},
                           **{("round", k): v for k, v in by_round.items()}}
        self._positions: dict[tuple[str, object], dict[str, int]] = {}
        self._found: dict[str, tuple[Entry, ...]] = {}

    def __getitem__(self, source_path: str) -> tuple[Entry, ...]:
        found = self._found.get(source_path)
        if found is None:
            found = self._found[source_path] = self._rank(self._entries[source_path])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def _position(self, key: tuple[str, object], source_path: str) -> int:
        positions = self._positions.get(key)
        if positions is None:
            positions = self._positions[key] = {e.source_path: i for i, e in enumerate(self._timelines[key])}
        return positions[source_path]

    def _rank(self, entry: Entry) -> tuple[Entry, ...]:
        keys = [("actor", a) for a in entry.actor_ids] + ([("round", entry.round_no)] if entry.round_no else [])
        scores: dict[str, float] = defaultdict(float)
        candidates: dict[str, Entry] = {}
        for key in keys:
            timeline = self._timelines[key]
            index = self._position(key, entry.source_path)
            for other in timeline[max(0, index - RELATED_WINDOW): index + RELATED_WINDOW + 1]:
                if other.source_path != entry.source_path:
                    scores[other.source_path] += 2 if key[0] == "round" else 1
                    candidates[other.source_path] = other
        ranked = sorted(candidates.values(), key=lambda o: (
            -scores[o.source_path], abs((o.date - entry.date).days), o.slug, o.source_path))
        return tuple(ranked[:RELATED_LIMIT])
