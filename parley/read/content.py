"""Reads content/ and validates it into an Archive; the only module that reads content files.

`load_sources` does the file I/O; `validate` checks every file against the schema below and
collects every problem, so an editor sees all of them in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol
from zoneinfo import ZoneInfo

import yaml

from ..hashing import digest
from .config import CONFIG_PATH, read_config
from ..errors import ContentError, did_you_mean
from .fields import (Field, FieldProblem, list_of, parse_item, parse_bool, parse_date_or_datetime, parse_identifier,
                     parse_round_number, parse_slug, parse_text, parse_url, parse_date, read_mapping, SLUG_PATTERN,
                     MAX_SLUG_LENGTH, check_slug_length)
from .body import check_body
from .files import find_briefing_files, read_regular_file
from .frontmatter import decode_source, node_line, split_front_matter
from ..model.punctuation import smarten
from ..model.archive import Actor, Archive, Entry, Outlet, Round, SiteConfig, Source, build_archive
from ..model.events import Event
from ..model.links import find_links
from .registry import ACTORS_PATH, ROUNDS_PATH, ActorIndex, NameIndex, read_actors, read_rounds
from .events import EVENTS_PATH, check_round_sources, read_events, rounds_from_events
from .status import STATUS_PATH, read_status
from .roles import OutletNames
from .feed_ids import find_duplicate_ids
from .unfinished import find_unfinished
from .config import parse_language
from .about import ABOUT_PATH, read_about
from .revisions import find_repeated_aliases, make_corrections, parse_alias, parse_correction
from .outlets import OUTLETS_PATH, read_outlets, resolve_sources, sequence_item_lines

BRIEFINGS_PATH = "content/briefings"
# Every actor's page and feed repeats an entry with all its actors, so the output grows with the
# square of this number: 700 actors on one entry once published 117 MB.
MAX_ACTORS_PER_ENTRY = 40
FILE_NAME = re.compile(r"^(?P<month>\d{2})-(?P<day>\d{2})-(?P<slug>.+)\.md$")
YEAR_FOLDER = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class SourceFile:
    source_path: str  # relative to the project root, with "/" separators
    raw: bytes
    # The hash of path and bytes, made once when the file is read: the build's digest, the cache key
    # of its validated entry and the entry's own digest all start from it (10,000 files are 60 MB).
    digest: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", digest(self.source_path, self.raw))


@dataclass(frozen=True, slots=True)
class Sources:
    """Everything read from content/, before any checking."""

    config_text: str | None
    actors_text: str | None
    rounds_text: str | None
    briefings: tuple[SourceFile, ...]
    errors: tuple[ContentError, ...]  # files that could not be read or decoded
    outlets_text: str | None = None  # optional registry
    about_text: str | None = None  # optional About page
    events_text: str | None = None
    status_text: str | None = None

    @property
    def digest(self) -> str:
        """A hash of every file read and every file refused: equal digests, equal content."""
        return digest(self.registries_digest, repr(self.errors), *(f.digest for f in self.briefings))

    @property
    def registries_digest(self) -> str:
        """A hash of site.yaml and the registries (status.md too): every entry's meaning depends on them."""
        return digest(self.config_text or "", self.actors_text or "", self.rounds_text or "",
                      "outlets" if self.outlets_text is not None else "", self.outlets_text or "",
                      "about" if self.about_text is not None else "", self.about_text or "",
                      self.events_text or "", self.status_text or "")


class EntryStore(Protocol):
    """Where validated entries are kept between builds, by key (the build cache, publish/cache.py;
    reading only uses it, so it does not depend on the publishing stage)."""

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, object]: ...

    def put_many(self, table: str, items: dict[str, object]) -> None: ...


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to include: `now` decides which entries are future-dated (never read from the clock here)."""

    now: dt.datetime
    include_drafts: bool = False
    include_future: bool = False
    strict: bool = False  # warnings count as errors


def load_sources(root: Path) -> Sources:
    """Project root -> the raw text of site.yaml, the registries and every briefing under content/."""
    errors: list[ContentError] = []
    content_dir = (root / "content").resolve()
    texts = {}
    for source_path in (CONFIG_PATH, ACTORS_PATH, ROUNDS_PATH, OUTLETS_PATH, ABOUT_PATH, EVENTS_PATH, STATUS_PATH):
        raw = read_inside(root / source_path, content_dir, source_path, errors)
        text = decode_source(raw, source_path) if raw is not None else None
        if isinstance(text, ContentError):
            errors.append(text)
            text = None
        texts[source_path] = text
    briefings = []
    files, folder_links = find_briefing_files(root, root / BRIEFINGS_PATH, errors)
    if (root / BRIEFINGS_PATH).is_symlink():
        files, folder_links = [], [BRIEFINGS_PATH]
    for source_path in folder_links:
        errors.append(ContentError(source_path, 1, "file", "is a link to a folder, which is not read",
                                   "move the folder's files into content/briefings/ instead of linking to it"))
    for source_path in files:
        raw = read_inside(root / source_path, content_dir, source_path, errors)
        if raw is not None:
            briefings.append(SourceFile(source_path, raw))
    return Sources(texts[CONFIG_PATH], texts[ACTORS_PATH], texts[ROUNDS_PATH], tuple(briefings), tuple(errors),
                   outlets_text=texts[OUTLETS_PATH], about_text=texts[ABOUT_PATH], events_text=texts[EVENTS_PATH],
                   status_text=texts[STATUS_PATH])


def read_inside(path: Path, content_dir: Path, source_path: str, errors: list[ContentError]) -> bytes | None:
    """A file's bytes, or None if it is missing; a link that leads outside content/ is an error, not read."""
    if not path.exists() and not path.is_symlink():
        return None
    # Folders are checked when found (os.walk does not enter linked ones), so only a linked file can lead out.
    if path.is_symlink() and not path.resolve().is_relative_to(content_dir):
        errors.append(ContentError(source_path, 1, "file", "is a link to a file outside content/",
                                   "copy the file into content/ instead of linking to it"))
        return None
    raw = read_regular_file(path, source_path)
    if isinstance(raw, ContentError):
        errors.append(raw)
        return None
    return raw


def parse_source(node: yaml.Node) -> Source:
    """A `sources` item: `{outlet, url, published}`, or just the outlet's name."""
    if isinstance(node, yaml.ScalarNode):
        return Source(parse_text(node))
    values = parse_item(node, SOURCE_SCHEMA, ("expected 'outlet:', 'url:' and 'published:'",
                                              "e.g. - {outlet: Axios, published: 2026-01-06}"),
                        "use outlet, url, published",
                        {"outlet": ("source has no outlet", "add 'outlet:' with the name of the outlet")})
    return Source(values["outlet"], values.get("url"), values.get("published"))


def parse_actor_refs(node: yaml.Node) -> tuple[tuple[str, int], ...]:
    """`actors` -> (name as written, line) pairs; resolved against the registry in `validate_entry`."""
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if len(nodes) > MAX_ACTORS_PER_ENTRY:
        raise FieldProblem(f"names {len(nodes)} actors, over the limit of {MAX_ACTORS_PER_ENTRY}",
                           "list the actors the briefing is about; mention the others in the body",
                           nodes[MAX_ACTORS_PER_ENTRY])
    items = list_of(parse_text, empty_hint="list at least one, e.g. [asaad-al-shaibani]")(node)
    return tuple((name, node_line(item)) for name, item in zip(items, nodes))


def parse_event_refs(node: yaml.Node) -> tuple[tuple[str, int], ...]:
    """`events` -> (id as written, line) pairs; checked against events.yaml in `validate_entry`."""
    items = list_of(parse_text)(node)
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
    return tuple((name, node_line(item)) for name, item in zip(items, nodes))


def parse_tag(node: yaml.Node) -> str:
    tag = parse_text(node).lower().replace(" ", "-")
    if not SLUG_PATTERN.match(tag):
        raise FieldProblem(f"'{tag}' is not a valid tag", "use lowercase letters, digits and hyphens", node)
    check_slug_length(tag)
    return tag


SOURCE_SCHEMA = {
    "outlet": Field(parse_text, required=True),
    "url": Field(parse_url, example="https://www.axios.com/…"),
    "published": Field(parse_date, example="2026-01-06"),
}

ENTRY_SCHEMA = {
    "title": Field(parse_text, required=True, example="Paris talks end with a push for faster progress"),
    "date": Field(parse_date_or_datetime, required=True, example="2026-01-06"),
    "actors": Field(parse_actor_refs, required=True, example="[asaad-al-shaibani, ron-dermer]"),
    "round": Field(parse_round_number, example="5"),
    "events": Field(parse_event_refs, example="[paris-round-5]"),
    "summary": Field(parse_text, required=True, example="One sentence for a reader in a hurry."),
    "sources": Field(list_of(parse_source, empty_hint="list at least one outlet, e.g. [AFP]"), required=True, example="[{outlet: Axios}]"),
    "location": Field(parse_text, example="Paris"),
    "tags": Field(list_of(parse_tag), example="[golan-heights]"),
    "draft": Field(parse_bool, example="true"),
    "slug": Field(parse_slug, example="paris-talks-end"),
    "lang": Field(parse_language, example="ar"),
    "updated": Field(parse_date_or_datetime, example="2026-01-07"),
    "id": Field(parse_identifier, example="urn:uuid:…"),
    "aliases": Field(list_of(parse_alias), example="[/briefings/2026/01/05/old-slug/]"),
    "corrections": Field(list_of(parse_correction), example="[{date: 2026-01-08, note: The meeting was in Paris.}]"),
}


def validate(sources: Sources, options: BuildOptions,
             cache: EntryStore | None = None) -> tuple[Archive | None, list[ContentError]]:
    """Sources -> the Archive of every valid, included entry, and every content error found.

    With a cache, an entry whose file, registries and time zone are unchanged is not parsed again.
    """
    errors = list(sources.errors)
    config = read_config(sources.config_text, errors)
    outlets, outlet_index = read_outlets(sources.outlets_text, errors)
    outlet_names = OutletNames(outlet_index, {o.outlet_id: o.name for o in outlets})
    actors, actor_index = read_actors(sources.actors_text, errors, outlet_names)
    about = read_about(sources.about_text, errors)
    rounds, events, event_ids = read_talks(sources, actors, actor_index, errors, outlet_names, outlets)
    status = read_status(sources.status_text, errors)
    # Without a valid site.yaml entries are still checked, against UTC, so every error shows in one run.
    zone = config.zone if config else ZoneInfo("UTC")
    round_numbers = {r.round_no for r in rounds}
    context_key = digest(sources.registries_digest, str(zone))
    keys = {f.source_path: digest(context_key, f.digest) for f in sources.briefings}
    cached = cache.get_many("entries", keys.values()) if cache else {}
    entries, fresh = [], {}
    for source_file in sources.briefings:
        entry = cached.get(keys[source_file.source_path])
        if entry is None:
            entry = validate_entry(source_file, zone, actor_index, round_numbers, errors, outlets, outlet_index,
                                   event_ids=event_ids)
            if entry is not None:
                fresh[keys[source_file.source_path]] = entry
        if entry is not None:
            entries.append(entry)
    if cache:
        cache.put_many("entries", fresh)
    raw_by_path = {f.source_path: f.raw for f in sources.briefings}
    errors += find_duplicate_ids(raw_by_path, entries)
    if not options.include_drafts:  # the publish gate; a preview with --drafts shows work in progress
        errors += find_unfinished(raw_by_path, entries)
    if config is None:
        return None, errors
    included, left_out = select_entries(entries, options)
    future = [e.published for e in entries if e.published > options.now and not options.include_future
              and not (e.draft and not options.include_drafts)]
    return build_archive(config, actors, rounds, tuple(included), left_out, min(future, default=None),
                         outlets, about, events, status), errors


def read_talks(sources: Sources, actors: tuple[Actor, ...], actor_index: ActorIndex, errors: list[ContentError],
               outlet_names: OutletNames = OutletNames(), outlets: tuple[Outlet, ...] = ()
               ) -> tuple[tuple[Round, ...], tuple[Event, ...], tuple[str, ...]]:
    """rounds.yaml and events.yaml -> every round, the valid events, and the id of every event declared.

    A round is the event with its number; rounds.yaml only holds rounds that no event describes.
    """
    sides = tuple(sorted({actor.affiliation for actor in actors}))
    events, event_ids = read_events(sources.events_text, actor_index, sides, parse_source, errors, outlet_names, outlets)
    rounds = check_round_sources(read_rounds(sources.rounds_text, actor_index, errors), events,
                                 sources.rounds_text, ROUNDS_PATH, errors) + rounds_from_events(events)
    return rounds, events, event_ids


def select_entries(entries: list[Entry], options: BuildOptions) -> tuple[list[Entry], dict[str, int]]:
    """Leave out drafts and future-dated entries unless asked for; count what was left out."""
    included, left_out = [], {"draft": 0, "future": 0}
    for entry in entries:
        if entry.draft and not options.include_drafts:
            left_out["draft"] += 1
        elif entry.published > options.now and not options.include_future:
            left_out["future"] += 1
        else:
            included.append(entry)
    return included, left_out


def validate_entry(source_file: SourceFile, zone: ZoneInfo, actor_index: ActorIndex,
                   round_numbers: set[int], errors: list[ContentError], outlets: tuple[Outlet, ...] = (),
                   outlet_index: NameIndex | None = None, *, event_ids: tuple[str, ...] = ()) -> Entry | None:
    """One briefing file -> an Entry, or None with every problem in it appended to `errors`.

    With an outlet registry, sources are shown under their registered names (see read/outlets.py);
    `event_ids` are the events a briefing's `events:` may name.
    """
    source_path = source_file.source_path
    count = len(errors)
    text = decode_source(source_file.raw, source_path)
    if isinstance(text, ContentError):
        errors.append(text)
        return None
    document = split_front_matter(text, source_path)
    if isinstance(document, ContentError):
        errors.append(document)
        return None
    body_problem = check_body(document.body, source_path, document.body_line)
    if body_problem:
        errors.append(body_problem)
    record = read_mapping(document.front_matter, ENTRY_SCHEMA, source_path, errors)
    values, lines = record.values, record.lines
    actor_ids = resolve_actors(values.get("actors", ()), actor_index, source_path, errors)
    events = resolve_events(values.get("events", ()), event_ids, source_path, errors)
    sources = values.get("sources", ())
    if outlet_index is not None and sources:
        sources = resolve_sources(sources, sequence_item_lines(document.front_matter, "sources"),
                                  {o.outlet_id: o for o in outlets}, outlet_index, source_path, errors,
                                  strict=not values.get("draft", False))
    round_no = values.get("round")
    if round_no is not None and round_no not in round_numbers:
        known = ", ".join(map(str, sorted(round_numbers))) or "none yet"
        errors.append(ContentError(source_path, lines["round"], "round", f"unknown round {round_no}",
                                   f"known rounds: {known}; add it to {ROUNDS_PATH} first"))
    slug = check_file_name(source_path, values, lines, errors)
    published = updated = None
    if "date" in values:
        published = to_aware(values["date"], zone)
    if "updated" in values and published is not None:
        updated = to_aware(values["updated"], zone)
        if updated < published:
            errors.append(ContentError(source_path, lines["updated"], "updated", f"'{values['updated']}' is before the date",
                                       "an update comes after the entry's date"))
    corrections = ()
    if "corrections" in values and published is not None:
        corrections = make_corrections(values["corrections"], zone, published, source_path, errors)
    aliases = find_repeated_aliases(values.get("aliases", ()), source_path, errors)
    if len(errors) > count:
        return None
    date = values["date"].date() if isinstance(values["date"], dt.datetime) else values["date"]
    return Entry(
        source_path=source_path, slug=slug, title=smarten(values["title"]), date=date, published=published,
        summary=smarten(values["summary"]), body=document.body, body_line=document.body_line, actor_ids=actor_ids,
        round_no=round_no, sources=sources, location=values.get("location"),
        tags=values.get("tags", ()), draft=values.get("draft", False), lang=values.get("lang"),
        updated=updated, feed_id=values.get("id"), digest=source_file.digest, event_ids=events,
        aliases=aliases, corrections=corrections, field_lines=tuple(sorted(lines.items())),
        body_links=tuple(find_links(document.body)),
    )


def resolve_actors(refs: tuple[tuple[str, int], ...], actor_index: ActorIndex, source_path: str,
                   errors: list[ContentError]) -> tuple[str, ...]:
    """Names as written -> actor ids in the order given (repeats dropped); each unknown name is one error."""
    actor_ids: list[str] = []
    for name, line in refs:
        actor_id = actor_index.resolve(name)
        if actor_id is None:
            errors.append(ContentError(source_path, line, "actors", f"unknown actor '{name}'", actor_index.suggest(name)))
        elif actor_id not in actor_ids:
            actor_ids.append(actor_id)
    return tuple(actor_ids)


def resolve_events(refs: tuple[tuple[str, int], ...], event_ids: tuple[str, ...], source_path: str,
                   errors: list[ContentError]) -> tuple[str, ...]:
    """Event ids as written -> the known ones in the order given; each unknown id is one error."""
    found: list[str] = []
    for name, line in refs:
        if name not in event_ids:
            hint = did_you_mean(name, event_ids) or f"add it to {EVENTS_PATH}, or use one of its ids"
            errors.append(ContentError(source_path, line, "events", f"unknown event '{name}'", hint))
        elif name not in found:
            found.append(name)
    return tuple(found)


def check_file_name(source_path: str, values: dict, lines: dict[str, int], errors: list[ContentError]) -> str:
    """The entry's slug; the file must sit at briefings/YYYY/MM-DD-<slug>.md matching its date."""
    parts = source_path.split("/")
    match = FILE_NAME.match(parts[-1])
    if len(parts) != 4 or not YEAR_FOLDER.match(parts[2]) or not match:
        errors.append(ContentError(source_path, 1, "file", "briefings must be named content/briefings/YYYY/MM-DD-<slug>.md",
                                   "move or rename the file, e.g. content/briefings/2026/01-06-paris-talks.md"))
        return values.get("slug", "")
    date = values.get("date")
    if isinstance(date, dt.date):
        day = date.date() if isinstance(date, dt.datetime) else date
        expected = f"{BRIEFINGS_PATH}/{day:%Y}/{day:%m-%d}-{match['slug']}.md"
        if (parts[2], match["month"], match["day"]) != (f"{day:%Y}", f"{day:%m}", f"{day:%d}"):
            errors.append(ContentError(source_path, lines["date"], "date", f"'{day}' does not match the file name",
                                       f"rename the file to {expected}, or correct the date"))
    if "slug" in values:
        return values["slug"]
    if not SLUG_PATTERN.match(match["slug"]):
        errors.append(ContentError(source_path, 1, "slug", f"'{match['slug']}' from the file name is not a valid slug",
                                   "rename the file using lowercase a-z, digits and hyphens, or add a 'slug:' field"))
    elif len(match["slug"]) > MAX_SLUG_LENGTH:
        errors.append(ContentError(source_path, 1, "slug", f"'{match['slug'][:20]}…' from the file name is "
                                   f"{len(match['slug'])} characters long", f"shorten the file name to a slug of "
                                   f"{MAX_SLUG_LENGTH} characters or fewer, or add a shorter 'slug:' field"))
    return match["slug"]


def to_aware(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A front-matter date -> an aware datetime; date-only means midnight in the archive's zone, not UTC."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0), tzinfo=zone)
    return value if value.tzinfo else value.replace(tzinfo=zone)
