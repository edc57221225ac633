"""Reads the front-matter of a published briefing's history: `aliases:` (old paths) and `corrections:`.

Parsers take YAML nodes and return model records or raise FieldProblem; nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import yaml

from ..errors import ContentError
from ..model.archive import Alias, Correction
from .fields import Field, FieldProblem, URI_SCHEME, parse_date_or_datetime, parse_item, parse_text
from .frontmatter import node_line

ALIAS_EXAMPLE = "/briefings/2026/01/05/old-slug/"
# Characters an old path may hold: unreserved URL characters and percent-escapes (a query or
# fragment would never reach a static file).
ALIAS_CHARACTERS = re.compile(r"[A-Za-z0-9._~%/-]")
PAGE_SUFFIXES = (".html", ".htm")
CORRECTION_SCHEMA = {"date": Field(parse_date_or_datetime, required=True), "note": Field(parse_text, required=True)}


def parse_alias(node: yaml.Node) -> Alias:
    """An `aliases` item -> an Alias with a site path ending in "/" or ".html"; FieldProblem if not a site path."""
    text = parse_text(node)
    if URI_SCHEME.match(text) or text.startswith("//"):
        raise FieldProblem(f"'{text}' is not a path on this site",
                           f"write the old path only, starting with /, e.g. {ALIAS_EXAMPLE}")
    if not text.startswith("/"):
        raise FieldProblem(f"'{text}' does not start with /", f"write the path from the site root, e.g. /{text.lstrip('./')}")
    unsafe = list(dict.fromkeys(c for c in text if not ALIAS_CHARACTERS.match(c)))  # in order of appearance
    if unsafe:
        names = [("a space" if c == " " else repr(c)) for c in unsafe]
        names = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        raise FieldProblem(f"'{text}' contains {names}, which an old path cannot hold here",
                           "drop any query (?…) or fragment (#…); percent-encode other characters")
    segments = text.split("/")[1:]
    if any(segment in (".", "..") for segment in segments):
        raise FieldProblem(f"'{text}' contains '.' or '..'", f"write the full path from the site root, e.g. {ALIAS_EXAMPLE}")
    if "" in segments[:-1]:
        raise FieldProblem(f"'{text}' contains '//'", "remove the empty part of the path")
    last = segments[-1]
    if any("." in segment for segment in segments[:-1]) or ("." in last and not last.endswith(PAGE_SUFFIXES)):
        raise FieldProblem(f"'{text}' is not the path of a page",
                           f"an old path is a folder ending in / or a file ending in .html, e.g. {ALIAS_EXAMPLE}")
    url = text if text.endswith("/") or last.endswith(PAGE_SUFFIXES) else text + "/"
    return Alias(url, node_line(node))


def parse_correction(node: yaml.Node) -> tuple[dt.date | dt.datetime, str, int]:
    """A `corrections` item `{date, note}` -> (date as written, note, line); every problem in it is reported."""
    values = parse_item(node, CORRECTION_SCHEMA, ("expected 'date:' and 'note:'",
                                                  "e.g. - {date: 2026-01-08, note: The meeting was in Paris, not Rome.}"),
                        "use date and note",
                        {"date": ("correction has no date", "add 'date: 2026-01-08'"),
                         "note": ("correction has no note", "add 'note: what was wrong, and what is right'")})
    return values["date"], values["note"], node_line(node)


def make_corrections(raw: tuple, zone: ZoneInfo, published: dt.datetime, source_path: str,
                     errors: list[ContentError]) -> tuple[Correction, ...]:
    """Parsed `corrections` items -> Corrections oldest first; one dated before the entry is an error."""
    corrections = []
    for value, note, line in raw:
        if isinstance(value, dt.datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=zone)
        else:
            moment = dt.datetime.combine(value, dt.time(0), tzinfo=zone)
        day = value.date() if isinstance(value, dt.datetime) else value
        if moment < published:
            errors.append(ContentError(source_path, line, "corrections", f"'{value}' is before the briefing's date",
                                       "a correction is dated the day it was made"))
        corrections.append(Correction(day, moment, note, line))
    return tuple(sorted(corrections, key=lambda c: (c.published.timestamp(), c.line)))


def find_repeated_aliases(aliases: tuple[Alias, ...], source_path: str, errors: list[ContentError]) -> tuple[Alias, ...]:
    """Aliases with any repeat dropped; each repeat is an error naming the line of the first."""
    first_line: dict[str, int] = {}
    kept = []
    for alias in aliases:
        if alias.url in first_line:
            errors.append(ContentError(source_path, alias.line, "aliases", f"'{alias.url}' is listed twice (also on line {first_line[alias.url]})",
                                       "keep one of them"))
            continue
        first_line[alias.url] = alias.line
        kept.append(alias)
    return tuple(kept)
