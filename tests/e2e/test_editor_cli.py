"""The editor's commands through the CLI: `new`, `ingest`, drafts and future entries, GitHub annotations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_fixture, run_cli, snapshot

CHECK_OK = "ok: 7 entries; left out: 1 draft, 1 future (use --drafts / --future to include them)\n"
ARTICLE = """\
Envoys agree to keep talking

Syria and Israel on Tuesday concluded a second round of talks in Paris, Syrian Foreign Minister
Asaad al-Shaibani and Ron Dermer told Reuters. The Jerusalem Post said more meetings would follow.

<script>alert("raw")</script>
"""


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_fixture("archive-small", tmp_path / "project")


# --- new ---------------------------------------------------------------------------------------------------

def test_new_resolves_aliases_writes_a_file_that_passes_check_and_builds(project):
    result = run_cli("new", "Envoys meet again: a “quiet” round", "--actor", "al-Shibani", "--actor", "Dermer",
                     "--round", "2", "--source", "Axios", "--source", "The Jerusalem Post", "--date", "2026-01-07",
                     cwd=project)
    assert result.returncode == 0
    assert result.stdout == "content/briefings/2026/01-07-envoys-meet-again-a-quiet-round.md\n"
    assert result.stderr == ("new: written with 'draft: true', so the site leaves it out — write the body and the"
                             " summary, then delete the 'draft: true' line; 'build.py check' names anything still"
                             " unfinished\n")
    text = (project / result.stdout.strip()).read_text(encoding="utf-8")
    assert "\nactors: [asaad-al-shaibani, ron-dermer]\nround: 2\n" in text
    assert text.endswith("\ndraft: true\n---\n<!-- Write the briefing here in your own words and name its sources"
                         " (docs/editing.md). -->\n")
    assert run_cli("check", cwd=project).stdout == CHECK_OK.replace("1 draft", "2 draft")
    page = project / "site/briefings/2026/01/07/envoys-meet-again-a-quiet-round/index.html"
    assert run_cli("build", cwd=project).returncode == 0
    assert not page.exists()
    assert run_cli("build", "--drafts", cwd=project).returncode == 0  # the preview shows it
    assert page.is_file()


def test_new_refuses_unknown_actors_and_rounds_with_hints(project):
    before = snapshot(project / "content")
    result = run_cli("new", "Talks", "--actor", "Shibany", "--round", "9", "--source", "AFP", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "new: --actor: unknown actor 'Shibany' — did you mean asaad-al-shaibani?",
        "new: --round: unknown round 9 — known rounds: 1, 2; add it to content/rounds.yaml first",
        "nothing was written",
    ]
    assert snapshot(project / "content") == before


def test_new_refuses_a_title_that_is_not_utf8_and_control_characters(project):
    before = snapshot(project / "content")
    # Python hands undecodable argv bytes over as lone surrogates: this is the byte 0xe9 of Latin-1 'é'.
    result = run_cli("new", "Caf\udce9 talks", "--actor", "Dermer", "--source", "AFP", "--summary", "\x1b[2Jgone",
                     cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "new: title: 'Caf\\udce9 talks' is not valid UTF-8 (byte 0xe9) — type it again in a UTF-8 terminal,"
        " e.g. with LANG=C.UTF-8",
        "new: --summary: '\\x1b[2Jgone' contains the control character U+001B — delete it",
        "nothing was written",
    ]
    assert snapshot(project / "content") == before


def test_new_without_a_source_asks_for_one(project):
    result = run_cli("new", "Talks", "--actor", "syria", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "new: --source: no source given — a briefing names the outlets it summarises; add --source OUTLET,"
        " e.g. --source Axios (repeat it for each outlet)")


def test_new_never_overwrites_a_file(project):
    arguments = ("new", "Paris ends", "--actor", "syria", "--source", "AFP", "--date", "2026-01-06")
    target = project / "content/briefings/2026/01-06-paris-ends.md"
    before = target.read_bytes()
    result = run_cli(*arguments, cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("new: content/briefings/2026/01-06-paris-ends.md: already exists"
                                             " — edit that file, or choose another title or --date")
    assert target.read_bytes() == before


# --- ingest ------------------------------------------------------------------------------------------------

def test_ingest_drafts_an_entry_that_passes_check_and_stays_out_of_the_site(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("ingest", str(article), "--date", "2026-01-07", cwd=project)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "content/briefings/2026/01-06-envoys-agree-to-keep-talking.md"
    assert "  round: 2 (from 'second round')" in lines
    assert "  sources: Reuters, The Jerusalem Post" in lines
    assert "not found:" not in lines
    draft = (project / lines[0]).read_text(encoding="utf-8")
    assert "\ndraft: true\n---\n<!-- raw article below: rewrite in your own words, then delete -->\n" in draft
    assert run_cli("check", cwd=project).stdout == CHECK_OK.replace("1 draft", "2 draft")
    assert run_cli("build", cwd=project).returncode == 0
    assert not (project / "site/briefings/2026/01/06/envoys-agree-to-keep-talking").exists()
    assert run_cli("build", "--drafts", cwd=project).returncode == 0
    page = (project / "site/briefings/2026/01/06/envoys-agree-to-keep-talking/index.html").read_text(encoding="utf-8")
    assert 'alert("raw")' not in page and "<script>alert" not in page


def test_ingest_with_nothing_detected_still_writes_a_valid_draft_and_says_what_is_missing(project, tmp_path):
    article = tmp_path / "plain.txt"
    article.write_text("Nothing to report today. Everyone stayed home.\n", encoding="utf-8")
    result = run_cli("ingest", str(article), cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    missing = lines[lines.index("not found:") + 1: -1]
    assert [line.split(":")[0].strip() for line in missing] == ["title", "date", "actors", "round", "location", "sources"]
    assert run_cli("check", cwd=project).returncode == 0
    assert run_cli("ingest", str(article), cwd=project).returncode == 1  # the same draft again: never overwritten


# --- drafts, future entries and annotations ----------------------------------------------------------------

def test_drafts_and_future_entries_are_built_only_when_asked(project):
    draft_page = project / "site/briefings/2026/02/01/draft/index.html"
    future_page = project / "site/briefings/2099/01/01/future/index.html"
    assert run_cli("check", cwd=project).stdout == CHECK_OK
    assert run_cli("build", cwd=project).returncode == 0
    assert not draft_page.exists() and not future_page.exists()
    assert run_cli("build", "--drafts", cwd=project).returncode == 0
    assert draft_page.is_file() and not future_page.exists()
    assert "draft/" in (project / "site/feed.xml").read_text(encoding="utf-8")
    assert run_cli("build", "--future", cwd=project).returncode == 0
    assert future_page.is_file() and not draft_page.exists()
    assert run_cli("check", "--drafts", "--future", cwd=project).stdout == "ok: 9 entries\n"


def test_check_prints_github_annotations(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "invalid/_base", root)
    shutil.copytree(FIXTURES / "invalid/unknown-actor", root, dirs_exist_ok=True)
    result = run_cli("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "::error file=content/briefings/2026/01-06-paris.md,line=4::actors: unknown actor 'Shibani'"
        " — did you mean asaad-al-shaibani?",
        "1 error(s); nothing was written",
    ]
