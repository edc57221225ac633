"""Writes new briefing files: `build.py new`, and the drafts `ingest` assembles.

Reads content/ only through `content.load_sources`. A new file is checked with the same rules as
`check` before it is written, and an existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from ..read.config import CONFIG_PATH, read_config
from ..model.events import Event, chronological
from ..read.content import BRIEFINGS_PATH, SourceFile, load_sources, read_talks, validate_entry
from ..errors import (CONTROL_CHARACTERS, BuildFailed, ContentError, describe_character, escape_unprintable,
                      format_error)
from ..model.archive import Actor, Outlet, Round, SiteConfig
from ..read.outlets import OUTLETS_PATH, read_outlets
from ..read.roles import OutletNames
from ..read.registry import ACTORS_PATH, ROUNDS_PATH, ActorIndex, NameIndex, read_actors

FALLBACK_SLUG = "briefing"
SLUG_MAX_LENGTH = 60
SUMMARY_PLACEHOLDER = "TODO: one sentence for a reader in a hurry, in your own words."
NEW_BODY = "<!-- Write the briefing here in your own words and name its sources (docs/editing.md). -->\n"
# Letters that Unicode decomposition does not turn into an ASCII letter plus an accent.
TRANSLITERATIONS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                                  "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"})
# A plain YAML scalar is only written where it cannot be read as anything but that text.
PLAIN_TEXT = re.compile(r"[^\W\d_][\w .'’()-]*")
ID_COMMENT = "the feed's id for this briefing: keep it when the file is renamed or re-dated"
YAML_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class EntryRefused(Exception):
    """The input cannot make a valid entry; `problems` holds one printable line per problem."""

    def __init__(self, problems: Iterable[str]):
        # Problems quote what was typed: never let it drive the terminal they are printed on.
        self.problems = tuple(escape_unprintable(problem) for problem in problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class Registries:
    """What a new entry is checked against: site.yaml, actors.yaml and rounds.yaml."""

    config: SiteConfig
    actors: tuple[Actor, ...]
    actor_index: ActorIndex
    rounds: tuple[Round, ...]
    outlets: tuple[Outlet, ...] = ()
    outlet_index: NameIndex | None = None  # None when the project keeps no outlets.yaml
    events: tuple[Event, ...] = ()  # the valid events of events.yaml, oldest first


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A briefing to be written: its front-matter values, body, and notes written as YAML comments."""

    title: str
    date: dt.date
    actor_ids: tuple[str, ...]
    summary: str
    outlets: tuple[str, ...]
    round_no: int | None = None
    location: str | None = None
    event_ids: tuple[str, ...] = ()
    draft: bool = False
    body: str = NEW_BODY
    notes: tuple[tuple[str, str], ...] = ()  # (field, comment), e.g. ("actors", "placeholder: …")
    entry_id: str = field(default_factory=lambda: new_entry_id())


def new_entry_id() -> str:
    """A fresh feed id, 'urn:uuid:<random UUID>'.

    Random rather than derived from the title or date: a renamed file keeps it, and a later briefing
    written at a freed-up path can never inherit the old one's id (and so its readers' read state).
    """
    return f"urn:uuid:{uuid.uuid4()}"


def load_registries(root: Path) -> Registries:
    """Project root -> its registries; BuildFailed if site.yaml, actors.yaml or rounds.yaml has errors."""
    sources = load_sources(root)
    errors = [e for e in sources.errors if e.source_path in (CONFIG_PATH, ACTORS_PATH, ROUNDS_PATH, OUTLETS_PATH)]
    config = read_config(sources.config_text, errors)
    outlets, outlet_index = read_outlets(sources.outlets_text, errors)
    outlet_names = OutletNames(outlet_index, {o.outlet_id: o.name for o in outlets})
    actors, actor_index = read_actors(sources.actors_text, errors, outlet_names)
    # rounds.yaml and numbered events
    rounds, events, _ = read_talks(sources, actors, actor_index, errors, outlet_names, outlets)
    if errors or config is None:
        raise BuildFailed(errors)
    return Registries(config, actors, actor_index, rounds, outlets, outlet_index,
                      tuple(sorted(events, key=chronological)))


def slugify(title: str) -> str:
    """A title -> a URL slug: lowercase ASCII words joined by hyphens, or 'briefing' if none is left."""
    text = unicodedata.normalize("NFKD", title.casefold().translate(TRANSLITERATIONS))
    text = text.encode("ascii", "ignore").decode("ascii").replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:  # whole words only, so a long title never ends in half a word
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX_LENGTH:
            break
        slug = candidate
    return slug or (words[0][:SLUG_MAX_LENGTH] if words else FALLBACK_SLUG)


def today_in_archive(config: SiteConfig, now: dt.datetime) -> dt.date:
    """An aware `now` -> the calendar date in the archive's time zone (not the machine's, not UTC)."""
    return now.astimezone(config.zone).date()


def entry_source_path(entry: NewEntry) -> str:
    """Where a new entry goes: content/briefings/YYYY/MM-DD-<slug>.md, the slug taken from its title."""
    return f"{BRIEFINGS_PATH}/{entry.date:%Y}/{entry.date:%m-%d}-{slugify(entry.title)}.md"


def resolve_actor_names(names: Iterable[str], registries: Registries, problems: list[str]) -> tuple[str, ...]:
    """Names, aliases or ids -> actor ids in the order given; each unknown name adds a did-you-mean problem."""
    actor_ids: list[str] = []
    for name in names:
        actor_id = registries.actor_index.resolve(name)
        if actor_id is None:
            problems.append(f"--actor: unknown actor '{name}' — {registries.actor_index.suggest(name)}")
        elif actor_id not in actor_ids:
            actor_ids.append(actor_id)
    return tuple(actor_ids)


def resolve_outlet_names(names: list[str], registries: Registries, problems: list[str]) -> list[str]:
    """Outlet names or aliases -> their registered names (as given, without a registry); unknown ones are problems."""
    if registries.outlet_index is None:
        return names
    by_id = {outlet.outlet_id: outlet.name for outlet in registries.outlets}
    resolved = []
    for name in names:
        outlet_id = registries.outlet_index.resolve(name)
        if outlet_id is None:
            problems.append(f"--source: unknown outlet '{name}' — {registries.outlet_index.suggest(name)}")
        elif by_id[outlet_id] not in resolved:
            resolved.append(by_id[outlet_id])
    return resolved


def check_round(round_no: int | None, registries: Registries, problems: list[str]) -> None:
    """A round number must be listed in rounds.yaml."""
    known = sorted(r.round_no for r in registries.rounds)
    if round_no is not None and round_no not in known:
        listed = ", ".join(map(str, known)) or "none yet"
        problems.append(f"--round: unknown round {round_no} — known rounds: {listed}; add it to {ROUNDS_PATH} first")


def plan_entry(registries: Registries, title: str, actor_names: list[str], outlets: list[str], *,
               now: dt.datetime, date: dt.date | None = None, round_no: int | None = None,
               summary: str | None = None, location: str | None = None) -> NewEntry:
    """The `new` command's answers -> a NewEntry, or EntryRefused listing every problem at once."""
    problems = [f"{label}: {problem}" for label, values in (("title", [title]), ("--actor", actor_names),
                ("--source", outlets), ("--summary", [summary]), ("--location", [location]))
                for value in values if value for problem in [argument_problem(value)] if problem]
    if problems:  # nothing else is checked: the text is not what the editor meant to type
        raise EntryRefused(problems)
    if not title.strip():
        problems.append("title: is empty — give the briefing a headline, e.g. \"Talks resume in Paris\"")
    if not actor_names:
        problems.append("--actor: no actor given — name at least one, e.g. --actor \"Asaad al-Shaibani\"")
    actor_ids = resolve_actor_names(actor_names, registries, problems)
    check_round(round_no, registries, problems)
    outlets = resolve_outlet_names([" ".join(outlet.split()) for outlet in outlets if outlet.strip()], registries, problems)
    if not outlets and not any(problem.startswith("--source") for problem in problems):
        problems.append("--source: no source given — a briefing names the outlets it summarises; "
                        "add --source OUTLET, e.g. --source Axios (repeat it for each outlet)")
    if problems:
        raise EntryRefused(problems)
    # Always a draft: its body is still to be written, and the publish gate refuses an empty body.
    return NewEntry(title=" ".join(title.split()), date=date or today_in_archive(registries.config, now),
                    actor_ids=actor_ids, summary=summary or SUMMARY_PLACEHOLDER, outlets=tuple(outlets),
                    round_no=round_no, location=location, draft=True)


def finish_note(entry: NewEntry) -> str:
    """What the editor of a draft from `new` still has to do, as one line for the terminal."""
    todo = "the body and the summary" if entry.summary == SUMMARY_PLACEHOLDER else "the body"
    return (f"new: written with 'draft: true', so the site leaves it out — write {todo}, then delete the"
            " 'draft: true' line; 'build.py check' names anything still unfinished")


def argument_problem(value: str) -> str:
    """A command-line text -> why it cannot go into a briefing ("" if it can): bytes that are not UTF-8
    (Python keeps them as lone surrogates) or control characters."""
    undecodable = re.search("[\udc80-\udcff]", value)
    if undecodable:
        return (f"'{value}' is not valid UTF-8 (byte 0x{ord(undecodable.group()) - 0xdc00:02x})"
                " — type it again in a UTF-8 terminal, e.g. with LANG=C.UTF-8")
    control = CONTROL_CHARACTERS.search(value)
    if control:
        return f"'{value}' contains the control character {describe_character(control.group())} — delete it"
    return ""


def yaml_text(value: str) -> str:
    """Text -> a YAML scalar that reads back as exactly that text: plain where safe, else double-quoted."""
    if PLAIN_TEXT.fullmatch(value) and not value.endswith(" ") and yaml.safe_load(value) == value:
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    for character, escape in YAML_LINE_BREAKS.items():  # line breaks to YAML, though not to JSON
        quoted = quoted.replace(character, escape)
    return quoted


def render_entry(entry: NewEntry) -> str:
    """A NewEntry -> the text of its briefing file: front-matter between '---' lines, then the body."""
    notes = dict(entry.notes)
    lines = [f"title: {yaml_text(entry.title)}", f"date: {entry.date.isoformat()}",
             f"actors: [{', '.join(entry.actor_ids)}]"]
    if entry.round_no is not None:
        lines.append(f"round: {entry.round_no}")
    if entry.event_ids:
        lines.append(f"events: [{', '.join(entry.event_ids)}]")
    lines.append(f"summary: {yaml_text(entry.summary)}")
    if entry.location:
        lines.append(f"location: {yaml_text(entry.location)}")
    lines.append("sources:")
    lines += [f"  - outlet: {yaml_text(outlet)}" for outlet in entry.outlets]
    lines.append(f"id: {entry.entry_id}  # {ID_COMMENT}")
    if entry.draft:
        lines.append("draft: true")
    for index, line in enumerate(lines):
        name = line.split(":", 1)[0]
        if name in notes:
            lines[index] = f"{line}  # {' '.join(notes[name].split())}"
    return "---\n" + "\n".join(lines) + "\n---\n" + entry.body


def write_entry(root: Path, registries: Registries, entry: NewEntry) -> str:
    """Write a new briefing below `root`; returns its source_path. Refuses invalid text and existing files."""
    source_path = entry_source_path(entry)
    text = render_entry(entry)
    # The same rules as `check`, so a file this writes never fails the build.
    errors: list[ContentError] = []
    round_numbers = {r.round_no for r in registries.rounds}
    validate_entry(SourceFile(source_path, text.encode("utf-8")), registries.config.zone,
                   registries.actor_index, round_numbers, errors, registries.outlets, registries.outlet_index,
                   event_ids=tuple(e.event_id for e in registries.events))
    if errors:
        raise EntryRefused(format_error(error) for error in errors)
    target = root / source_path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
            file.write(text)
    except FileExistsError:
        raise EntryRefused([f"{source_path}: already exists — edit that file, or choose another title or --date"]) from None
    return source_path
