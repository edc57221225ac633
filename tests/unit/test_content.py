"""content: validating briefings against the schema and registries, and reading content/ from disk."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from conftest import write_tree
from parley.read.content import BuildOptions, SourceFile, Sources, load_sources, validate
from parley.errors import ContentError, format_error
from parley.model.archive import Source

SITE = """\
title: Test archive
description: Briefings for tests.
base_url: https://example.org/
language: en
timezone: Europe/Paris
"""
ACTORS = """\
- id: asaad-al-shaibani
  name: Asaad al-Shaibani
  kind: person
  affiliation: Syria
  aliases: [al-Shibani, Assaad al-Shaibani]
  names: {ar: أسعد الشيباني}
- id: ron-dermer
  name: Ron Dermer
  kind: person
  affiliation: Israel
"""
ROUNDS = """\
- number: 5
  venue: Paris
  start: 2026-01-05
  end: 2026-01-06
"""
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone.utc)
PARIS = ZoneInfo("Europe/Paris")
PATH = "content/briefings/2026/01-06-paris.md"
SLUG_HINT = "use lowercase letters a-z, digits and single hyphens, e.g. 'paris-talks-resume'"


def briefing(**fields: str | None) -> str:
    """A briefing text; lines are 2 title, 3 date, 4 actors, 5 summary, 6 sources, then extra fields.

    A field given as None is left out; the body ('Body.') starts on the line after the closing fence.
    """
    values = {"title": "Talks resume", "date": "2026-01-06", "actors": "[asaad-al-shaibani]",
              "summary": "One sentence.", "sources": "[AFP]", **fields}
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


def check(briefings: dict[str, str | bytes], site: str | None = SITE, now: dt.datetime = NOW, **options):
    """{source_path: text} -> (archive, formatted error lines), validated against the registries above."""
    files = tuple(SourceFile(path, text.encode() if isinstance(text, str) else text)
                  for path, text in sorted(briefings.items()))
    archive, errors = validate(Sources(site, ACTORS, ROUNDS, files, ()), BuildOptions(now=now, **options))
    return archive, [format_error(e) for e in sorted(errors, key=ContentError.sort_key)]


def errors_of(text: str, path: str = PATH) -> list[str]:
    return check({path: text})[1]


def only_entry(text: str, path: str = PATH):
    archive, errors = check({path: text})
    assert errors == []
    (entry,) = archive.entries
    return entry


# --- a valid briefing -------------------------------------------------------------------------

def test_valid_briefing_becomes_an_entry():
    entry = only_entry(briefing(round="5", location="Paris", tags="[Golan Heights]"))
    assert (entry.source_path, entry.slug, entry.title, entry.date) == (PATH, "paris", "Talks resume", dt.date(2026, 1, 6))
    assert (entry.actor_ids, entry.round_no, entry.location, entry.tags) == (("asaad-al-shaibani",), 5, "Paris", ("golan-heights",))
    assert entry.sources == (Source("AFP"),)
    assert (entry.body, entry.body_line, entry.draft, entry.updated) == ("Body.\n", 11, False, None)


def test_sources_with_outlet_url_and_published():
    text = briefing(sources="\n  - {outlet: Axios, url: 'https://www.axios.com/a', published: 2026-01-06}\n  - AFP")
    assert only_entry(text).sources == (Source("Axios", "https://www.axios.com/a", dt.date(2026, 1, 6)), Source("AFP"))


def test_bad_source_items_name_their_lines():
    text = briefing(sources="\n  - {outlet: Axios, url: www.axios.com/a}\n  - {outelt: AFP}")
    assert errors_of(text) == [
        f"{PATH}:7: sources: url: 'www.axios.com/a' is not an absolute web address — did you mean https://www.axios.com/a?",
        f"{PATH}:8: sources: unknown field 'outelt' — did you mean outlet?",
    ]


# --- unknown, missing and wrongly typed fields ------------------------------------------------

def test_unknown_field_with_did_you_mean():
    assert errors_of(briefing(title=None, titel="Talks resume")) == [
        f"{PATH}:2: title: missing required field — add a line such as 'title: Paris talks end with a push for faster progress'",
        f"{PATH}:6: titel: unknown field — did you mean title?",
    ]


def test_missing_required_field():
    assert errors_of(briefing(summary=None)) == [
        f"{PATH}:2: summary: missing required field — add a line such as 'summary: One sentence for a reader in a hurry.'"]


def test_duplicate_field_in_front_matter():
    assert errors_of(briefing().replace("title: Talks resume\n", "title: Talks resume\ntitle: Talks again\n")) == [
        f"{PATH}:3: title: field appears twice (also on line 2) — keep one of them"]


@pytest.mark.parametrize("value, message", [
    ("five", "'five' is not a whole number — write a number such as 5"),
    ("-1", "'-1' must be 1 or more — rounds are numbered from 1"),
    ("true", "'true' is not a whole number — write a number such as 5"),
])
def test_round_must_be_a_positive_whole_number(value, message):
    assert errors_of(briefing(round=value)) == [f"{PATH}:7: round: {message}"]


def test_unknown_round_lists_known_rounds():
    assert errors_of(briefing(round="7")) == [
        f"{PATH}:7: round: unknown round 7 — known rounds: 5; add it to content/rounds.yaml first"]


def test_empty_actor_list():
    assert errors_of(briefing(actors="[]")) == [
        f"{PATH}:4: actors: is an empty list — list at least one, e.g. [asaad-al-shaibani]"]


def test_empty_source_list_hint_is_about_sources():
    (line,) = errors_of(briefing(sources="[]"))
    assert line.startswith(f"{PATH}:6: sources: is an empty list — ")
    assert "asaad-al-shaibani" not in line


def test_impossible_date():
    assert errors_of(briefing(date="2026-02-30"), "content/briefings/2026/02-30-paris.md") == [
        "content/briefings/2026/02-30-paris.md:3: date: '2026-02-30' is not a valid date — "
        "write it as YYYY-MM-DD, e.g. 2026-01-06"]


def test_updated_before_date():
    assert errors_of(briefing(updated="2026-01-05")) == [
        f"{PATH}:7: updated: '2026-01-05' is before the date — an update comes after the entry's date"]


def test_updated_is_kept_aware_and_becomes_modified():
    entry = only_entry(briefing(updated="2026-01-07T09:00"))
    assert entry.updated == dt.datetime(2026, 1, 7, 9, 0, tzinfo=PARIS)
    assert entry.modified == entry.updated


# --- actors -----------------------------------------------------------------------------------

def test_unknown_actor_suggests_by_alias():
    assert errors_of(briefing(actors="[Shibani]")) == [
        f"{PATH}:4: actors: unknown actor 'Shibani' — did you mean asaad-al-shaibani?"]


def test_each_unknown_actor_in_a_block_list_is_reported_on_its_line():
    assert errors_of(briefing(actors="\n  - Shibani\n  - ron-dermer\n  - Nobody Known")) == [
        f"{PATH}:5: actors: unknown actor 'Shibani' — did you mean asaad-al-shaibani?",
        f"{PATH}:7: actors: unknown actor 'Nobody Known' — add it to content/actors.yaml, or use one of its ids",
    ]


@pytest.mark.parametrize("name", ["asaad-al-shaibani", "ASAAD-AL-SHAIBANI", "Asaad al-Shaibani", "asaad al shaibani",
                                  "al-Shibani", "AL SHIBANI", "Assaad Al-Shaibani", "أسعد الشيباني"])
def test_actor_resolved_by_id_name_alias_or_arabic_name(name):
    assert only_entry(briefing(actors=f"['{name}']")).actor_ids == ("asaad-al-shaibani",)


def test_actors_keep_their_order_and_repeats_are_dropped():
    entry = only_entry(briefing(actors="[Ron Dermer, asaad-al-shaibani, al-Shibani, ron-dermer]"))
    assert entry.actor_ids == ("ron-dermer", "asaad-al-shaibani")


# --- file names and slugs ---------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["../../x", "a/b"])
def test_unsafe_slug_field_is_rejected(slug):
    assert errors_of(briefing(slug=f"'{slug}'")) == [f"{PATH}:7: slug: '{slug}' is not a valid slug — {SLUG_HINT}"]


def test_slug_field_overrides_the_file_name():
    assert only_entry(briefing(slug="paris-talks")).slug == "paris-talks"


@pytest.mark.parametrize("path", ["content/briefings/paris-talks.md", "content/briefings/2026/1-6-paris.md",
                                  "content/briefings/2026/01/06-paris.md", "content/briefings/26/01-06-paris.md",
                                  "content/briefings/2026/01-06-.md"])
def test_file_name_must_be_year_folder_and_month_day_slug(path):
    assert errors_of(briefing(), path) == [
        f"{path}:1: file: briefings must be named content/briefings/YYYY/MM-DD-<slug>.md — "
        "move or rename the file, e.g. content/briefings/2026/01-06-paris-talks.md"]


def test_slug_from_file_name_must_be_valid():
    path = "content/briefings/2026/01-06-Paris Talks.md"
    assert errors_of(briefing(), path) == [
        f"{path}:1: slug: 'Paris Talks' from the file name is not a valid slug — "
        "rename the file using lowercase a-z, digits and hyphens, or add a 'slug:' field"]
    assert check({path: briefing(slug="paris-talks")})[1] == []


def test_date_must_match_file_name():
    assert errors_of(briefing(date="2026-01-09")) == [
        f"{PATH}:3: date: '2026-01-09' does not match the file name — "
        "rename the file to content/briefings/2026/01-09-paris.md, or correct the date"]


def test_date_with_time_matches_file_name_by_its_written_day():
    assert only_entry(briefing(date="2026-01-06T23:30-05:00")).date == dt.date(2026, 1, 6)


# --- all errors in one run --------------------------------------------------------------------

def test_errors_in_two_files_are_reported_in_one_call():
    archive, errors = check({PATH: briefing(round="five"),
                             "content/briefings/2026/01-07-rome.md": briefing(date="2026-01-07", actors="[Shibani]")})
    assert archive.entries == ()
    assert errors == [
        f"{PATH}:7: round: 'five' is not a whole number — write a number such as 5",
        "content/briefings/2026/01-07-rome.md:4: actors: unknown actor 'Shibani' — did you mean asaad-al-shaibani?",
    ]


def test_valid_file_beside_a_broken_one_is_still_an_entry():
    archive, errors = check({PATH: briefing(), "content/briefings/2026/01-07-rome.md": "no front-matter\n"})
    assert [e.slug for e in archive.entries] == ["paris"]
    assert errors == ["content/briefings/2026/01-07-rome.md:1: front-matter: no front-matter block at the top of "
                      "the file — start the file with a '---' line, then the fields, then another '---' line"]


def test_briefings_are_checked_even_without_site_config():
    archive, errors = check({PATH: briefing(round="7")}, site=None)
    assert archive is None
    assert errors == [
        f"{PATH}:7: round: unknown round 7 — known rounds: 5; add it to content/rounds.yaml first",
        "content/site.yaml:1: file: missing — create it with title, description, base_url, language and timezone",
    ]


# --- dates and time zones ---------------------------------------------------------------------

def test_date_only_is_midnight_in_the_site_zone_not_utc():
    published = only_entry(briefing()).published
    assert published == dt.datetime(2026, 1, 6, 0, 0, tzinfo=PARIS)
    assert published.isoformat() == "2026-01-06T00:00:00+01:00"


def test_datetime_with_offset_keeps_it():
    published = only_entry(briefing(date="2026-01-06T10:30+03:00")).published
    assert published.isoformat() == "2026-01-06T10:30:00+03:00"


def test_naive_datetime_is_read_in_the_site_zone():
    published = only_entry(briefing(date="2026-01-06T10:30")).published
    assert published.tzinfo is PARIS
    assert published.isoformat() == "2026-01-06T10:30:00+01:00"


# --- drafts and future entries ----------------------------------------------------------------

DRAFT_AND_FUTURE = {
    PATH: briefing(),
    "content/briefings/2026/01-07-draft.md": briefing(date="2026-01-07", draft="true"),
    "content/briefings/2026/06-02-future.md": briefing(date="2026-06-02"),
}


def test_drafts_and_future_entries_are_left_out_and_counted():
    archive, errors = check(DRAFT_AND_FUTURE)
    assert errors == []
    assert [e.slug for e in archive.entries] == ["paris"]
    assert dict(archive.left_out) == {"draft": 1, "future": 1}


def test_drafts_and_future_entries_included_when_asked():
    archive, _ = check(DRAFT_AND_FUTURE, include_drafts=True, include_future=True)
    assert [e.slug for e in archive.entries] == ["future", "draft", "paris"]
    assert dict(archive.left_out) == {"draft": 0, "future": 0}


def test_future_is_decided_in_the_site_zone():
    # 23:30 UTC on 1 June is already 2 June in Paris, so an entry dated 2 June is due.
    archive, _ = check(DRAFT_AND_FUTURE, now=dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.timezone.utc))
    assert [e.slug for e in archive.entries] == ["future", "paris"]
    assert dict(archive.left_out) == {"draft": 1, "future": 0}


# --- reading content/ from disk ---------------------------------------------------------------

def project(tmp_path, briefings: dict[str, str | bytes]):
    return write_tree(tmp_path, {"content/site.yaml": SITE, "content/actors.yaml": ACTORS,
                                 "content/rounds.yaml": ROUNDS, **briefings})


def test_load_sources_reads_markdown_files_in_order_and_skips_hidden_ones(tmp_path):
    project(tmp_path, {"content/briefings/2026/01-07-b.md": "b", "content/briefings/2025/12-01-a.md": "a",
                       "content/briefings/2026/.01-08-hidden.md": "h", "content/briefings/.drafts/01-09-x.md": "x",
                       "content/briefings/2026/notes.txt": "n"})
    sources = load_sources(tmp_path)
    assert [(f.source_path, f.raw) for f in sources.briefings] == [
        ("content/briefings/2025/12-01-a.md", b"a"), ("content/briefings/2026/01-07-b.md", b"b")]
    assert (sources.config_text, sources.errors) == (SITE, ())


def test_load_sources_then_validate_a_bom_crlf_file(tmp_path):
    raw = b"\xef\xbb\xbf" + briefing().replace("\n", "\r\n").encode()
    sources = load_sources(project(tmp_path, {PATH: raw}))
    archive, errors = validate(sources, BuildOptions(now=NOW))
    assert errors == []
    assert [(e.title, e.body) for e in archive.entries] == [("Talks resume", "Body.\n")]


def test_symlink_leading_outside_content_is_an_error(tmp_path):
    project(tmp_path, {"secret.md": briefing(), "content/briefings/2026/01-07-inside.md": briefing(date="2026-01-07")})
    os.symlink(tmp_path / "secret.md", tmp_path / PATH)
    os.symlink(tmp_path / "content/briefings/2026/01-07-inside.md", tmp_path / "content/briefings/2026/01-08-link.md")
    sources = load_sources(tmp_path)
    assert [format_error(e) for e in sources.errors] == [
        f"{PATH}:1: file: is a link to a file outside content/ — copy the file into content/ instead of linking to it"]
    assert [f.source_path for f in sources.briefings] == [
        "content/briefings/2026/01-07-inside.md", "content/briefings/2026/01-08-link.md"]
