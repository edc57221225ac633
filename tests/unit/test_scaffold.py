"""scaffold: slugs, today's date in the archive's zone, actor and round checks, and files that pass `check`."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import SITE_YAML, write_tree
from parley.read.content import SourceFile, validate_entry
from parley.errors import BuildFailed
from parley.editor.scaffold import (EntryRefused, NewEntry, load_registries, plan_entry, render_entry, slugify,
                             write_entry, yaml_text)

REGISTRIES = {
    "content/site.yaml": SITE_YAML,
    "content/actors.yaml": """
        - id: asaad-al-shaibani
          name: Asaad al-Shaibani
          kind: person
          affiliation: Syria
          aliases: [al-Shibani, Shaibani]
          names: {ar: أسعد الشيباني}
        - id: ron-dermer
          name: Ron Dermer
          kind: person
          affiliation: Israel
    """,
    "content/rounds.yaml": """
        - number: 5
          venue: Paris
          start: 2026-01-05
          end: 2026-01-06
    """,
}
NOW = dt.datetime(2026, 1, 5, 22, 30, tzinfo=dt.timezone.utc)  # already 6 January in Damascus (UTC+3)


@pytest.fixture
def registries(tmp_path):
    return load_registries(write_tree(tmp_path, REGISTRIES))


def validation_errors(registries, source_path: str, text: str) -> list:
    errors = []
    validate_entry(SourceFile(source_path, text.encode("utf-8")), registries.config.zone, registries.actor_index,
                   {r.round_no for r in registries.rounds}, errors)
    return errors


@pytest.mark.parametrize("title, slug", [
    ("Paris talks end with a push", "paris-talks-end-with-a-push"),
    ("Élysée: Syria's “new” offer — 2026!", "elysee-syrias-new-offer-2026"),
    ("Straße über Łódź", "strasse-uber-lodz"),
    ("أسعد الشيباني في باريس", "briefing"),
    ("   ", "briefing"),
    ("word " * 30, "-".join(["word"] * 12)),
])
def test_slugify_makes_lowercase_ascii_hyphenated_slugs(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("value", ["Paris", "yes", "null", "1984", "Talks: day 2", "# not a comment",
                                   "- dash", '"quoted" & <b>', "أسعد الشيباني", "trailing ", "line\u2028break"])
def test_yaml_text_reads_back_as_the_same_text(value):
    assert yaml.safe_load(f"key: {yaml_text(value)}") == {"key": value}


def test_plan_resolves_aliases_and_dates_today_in_the_archive_zone(registries):
    entry = plan_entry(registries, "Paris talks", ["al-Shibani", "أسعد الشيباني", "Ron Dermer"], ["Axios"], now=NOW)
    assert entry.actor_ids == ("asaad-al-shaibani", "ron-dermer")
    assert entry.date == dt.date(2026, 1, 6)


def test_plan_lists_every_problem_at_once_with_hints(registries):
    with pytest.raises(EntryRefused) as refused:
        plan_entry(registries, "Paris talks", ["Shibany", "Nobody At All"], [], now=NOW, round_no=7)
    assert refused.value.problems == (
        "--actor: unknown actor 'Shibany' — did you mean asaad-al-shaibani?",
        "--actor: unknown actor 'Nobody At All' — add it to content/actors.yaml, or use one of its ids",
        "--round: unknown round 7 — known rounds: 5; add it to content/rounds.yaml first",
        "--source: no source given — a briefing names the outlets it summarises; add --source OUTLET,"
        " e.g. --source Axios (repeat it for each outlet)",
    )


def test_rendered_entry_passes_the_checks_of_check(registries):
    entry = NewEntry(title='Talks: "new" <offer> # 1', date=dt.date(2026, 1, 6), actor_ids=("ron-dermer",),
                     summary="yes", outlets=("The Jerusalem Post", "AFP: wire"), round_no=5, location="Paris",
                     draft=True, notes=(("actors", "placeholder: check it"),))
    text = render_entry(entry)
    assert "actors: [ron-dermer]  # placeholder: check it\n" in text
    assert validation_errors(registries, "content/briefings/2026/01-06-talks.md", text) == []


def test_write_entry_writes_once_and_refuses_to_overwrite(registries, tmp_path):
    entry = plan_entry(registries, "Paris talks end", ["Ron Dermer"], ["Axios"], now=NOW,
                       date=dt.date(2026, 1, 6), round_no=5)
    assert write_entry(tmp_path, registries, entry) == "content/briefings/2026/01-06-paris-talks-end.md"
    written = (tmp_path / "content/briefings/2026/01-06-paris-talks-end.md").read_text(encoding="utf-8")
    with pytest.raises(EntryRefused) as refused:
        write_entry(tmp_path, registries, entry)
    assert refused.value.problems == ("content/briefings/2026/01-06-paris-talks-end.md: already exists"
                                      " — edit that file, or choose another title or --date",)
    assert (tmp_path / "content/briefings/2026/01-06-paris-talks-end.md").read_text(encoding="utf-8") == written


def test_broken_registry_is_reported_not_guessed(tmp_path):
    write_tree(tmp_path, {**REGISTRIES, "content/rounds.yaml": "- number: five\n"})
    with pytest.raises(BuildFailed) as failed:
        load_registries(tmp_path)
    assert {error.source_path for error in failed.value.errors} == {"content/rounds.yaml"}
