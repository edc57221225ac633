"""cli: `build` and `check` run in-process; exit codes, the printed error lines, and what is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import snapshot, write_tree
from parley.cli import main
from parley.publish.output import write_manifest
from parley.render.pages import CONTEXT_BUILDERS

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
  aliases: [al-Shibani]
"""
PARIS = "content/briefings/2026/01-06-paris.md"
UNKNOWN_ACTOR = f"{PARIS}:4: actors: unknown actor 'Shibani' — did you mean asaad-al-shaibani?"
BAD_ROUND = ("content/briefings/2026/01-07-rome.md:5: round: unknown round 9 — "
             "known rounds: none yet; add it to content/rounds.yaml first")


def briefing(day: str = "2026-01-06", actors: str = "[asaad-al-shaibani]", extra: str = "") -> str:
    return (f"---\ntitle: Talks\ndate: {day}\nactors: {actors}\n{extra}summary: One sentence.\nsources: [AFP]\n"
            "---\nBody.\n")


def project(tmp_path: Path, briefings: dict[str, str] | None = None) -> Path:
    """A project root with content/ and tiny layouts/ whose pages print only their URL (in a document, for the indexer)."""
    layouts = {f"layouts/{kind}.html": "<html><body>{{ page.url }}</body></html>" for kind in CONTEXT_BUILDERS}
    briefings = {PARIS: briefing()} if briefings is None else briefings
    return write_tree(tmp_path / "project", {"content/site.yaml": SITE, "content/actors.yaml": ACTORS,
                                             "layouts/base.html": "", **layouts, **briefings})


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_build_valid_tree_exits_0_and_writes_the_site(tmp_path, capsys):
    root = project(tmp_path)
    code, out, err = run(capsys, "build", "--root", str(root))
    assert (code, err) == (0, [])
    files = sorted(snapshot(root / "site"))
    assert out[0] == f"built 1 entry into {root / 'site'} ({len(files)} files, a full build)"
    # then where the time went (tests/e2e/test_build_output.py reads it on a terminal and off one)
    assert [line.split()[0] for line in out[1:]] == [
        "reading", "checking", "planning", "rendering", "indexing", "publishing", "total"]
    assert [path for path in files if not path.startswith("pagefind/")] == [
        ".parley-site", "404.html", "actors/asaad-al-shaibani/atom.xml", "actors/asaad-al-shaibani/feed.json",
        "actors/asaad-al-shaibani/feed.xml", "actors/asaad-al-shaibani/index.html", "actors/index.html", "atom.xml",
        "briefings/2026/01/06/paris/cite.bib", "briefings/2026/01/06/paris/cite.json",
        "briefings/2026/01/06/paris/index.html", "briefings/2026/01/index.html", "briefings/2026/index.html",
        "briefings/index.html", "corrections/atom.xml", "corrections/feed.xml", "corrections/index.html",
        "data/actors.json", "data/actors.schema.json", "data/briefings.csv", "data/briefings.json",
        "data/briefings.schema.json", "data/events.json", "data/events.schema.json", "data/index.html", "data/outlets.json", "data/outlets.schema.json",
        "data/rounds.json", "data/rounds.schema.json",
        "events/index.html", "feed.json", "feed.xml", "feeds.opml", "index.html", "robots.txt", "rounds/index.html",
        "search/index.html", "sitemap.xml", "subscribe/index.html", "timeline/index.html", "topics/index.html"]
    assert "pagefind/2026/pagefind-entry.json" in files
    assert (root / "site/briefings/2026/01/06/paris/index.html").read_text() == (
        "<html><body>/briefings/2026/01/06/paris/</body></html>")


def test_build_is_the_default_command_and_output_can_be_chosen(tmp_path, capsys):
    root = project(tmp_path)
    code, out, _ = run(capsys, "--root", str(root), "--output", str(tmp_path / "public"))
    assert code == 0
    assert (tmp_path / "public/index.html").read_text() == "<html><body>/</body></html>"
    assert not (root / "site").exists()


def test_errors_exit_1_with_exact_lines_and_site_untouched(tmp_path, capsys):
    root = project(tmp_path, {PARIS: briefing(actors="[Shibani]"),
                              "content/briefings/2026/01-07-rome.md": briefing("2026-01-07", extra="round: 9\n")})
    write_tree(root, {"site/index.html": "previous build"})
    write_manifest(root / "site", ["index.html"])  # as a previous build left it
    before = snapshot(root / "site")
    code, out, err = run(capsys, "build", "--root", str(root))
    assert (code, out) == (1, [])
    assert err == [UNKNOWN_ACTOR, BAD_ROUND, "2 error(s); nothing was written"]
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "layouts", "site"]


def test_layout_error_exits_1_naming_the_layout(tmp_path, capsys):
    root = project(tmp_path)
    write_tree(root, {"layouts/home.html": "{{ site.titel }}"})
    code, _, err = run(capsys, "build", "--root", str(root))
    assert code == 1
    assert err == ["layouts/home.html:1: layout: 'parley.model.archive.SiteConfig object' has no attribute 'titel' — while rendering /",
                   "1 error(s); nothing was written"]


def test_check_prints_left_out_counts_and_writes_nothing(tmp_path, capsys):
    root = project(tmp_path, {PARIS: briefing(),
                              "content/briefings/2026/01-07-draft.md": briefing("2026-01-07", extra="draft: true\n"),
                              "content/briefings/2099/01-01-future.md": briefing("2099-01-01")})
    assert run(capsys, "check", "--root", str(root)) == (
        0, ["ok: 1 entry; left out: 1 draft, 1 future (use --drafts / --future to include them)"], [])
    assert run(capsys, "check", "--root", str(root), "--drafts", "--future") == (0, ["ok: 3 entries"], [])
    assert not (root / "site").exists()


def test_check_with_github_format(tmp_path, capsys):
    root = project(tmp_path, {PARIS: briefing(actors="[Shibani]")})
    code, _, err = run(capsys, "check", "--root", str(root), "--format", "github")
    assert code == 1
    assert err == [f"::error file={PARIS},line=4::actors: unknown actor 'Shibani' — did you mean asaad-al-shaibani?",
                   "1 error(s); nothing was written"]


def test_github_format_encodes_newlines_and_percent(tmp_path, capsys):
    root = project(tmp_path, {PARIS: briefing(actors="['100% Shibani']")})
    _, _, err = run(capsys, "check", "--root", str(root), "--format", "github")
    assert err[0] == f"::error file={PARIS},line=4::actors: unknown actor '100%25 Shibani' — did you mean asaad-al-shaibani?"


def test_missing_base_layout_is_an_error(tmp_path, capsys):
    root = project(tmp_path)
    (root / "layouts/base.html").unlink()
    code, _, err = run(capsys, "build", "--root", str(root))
    assert code == 1
    assert err == [f"{root / 'layouts'}:1: layouts: no base.html in the layouts folder — run from the project folder, "
                   "or pass --layouts DIR", "1 error(s); nothing was written"]


def test_usage_error_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
