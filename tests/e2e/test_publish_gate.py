"""Nothing unfinished goes live: `check` and `build` refuse it, drafts stay out, a preview shows it.

Each test takes an editor's steps through the CLI and reads what it prints, the built pages and the
feeds. The exact messages for every kind of unfinished text are in fixtures/invalid/unfinished/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, run_cli, snapshot

BASE = FIXTURES / "invalid/_base"
UNFINISHED = FIXTURES / "invalid/unfinished"
FEED_BASE = "https://example.org/"
DRAFT_NOTICE = "left out: 1 draft (use --drafts / --future to include them)"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    return root


def feed_links(site: Path) -> list[str]:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    return [entry.link for entry in feed.entries]


def test_check_refuses_unfinished_briefings_and_a_preview_with_drafts_shows_them(project):
    shutil.copytree(UNFINISHED / "content", project / "content", dirs_exist_ok=True)
    expected = (UNFINISHED / "expected_errors.txt").read_text(encoding="utf-8").splitlines()
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == expected + [f"{len(expected)} error(s); nothing was written"]
    annotated = run_cli("check", "--format", "github", cwd=project)
    assert annotated.stderr.splitlines()[0] == (
        "::error file=content/briefings/2026/01-06-from-new.md,line=5::summary: 'TODO: one sentence for a reader in a"
        " hurry, in your own words.' is a TODO placeholder — write the summary in your own words")
    previewed = run_cli("build", "--drafts", cwd=project)
    assert previewed.returncode == 0, previewed.stderr
    assert (project / "site/briefings/2026/01/08/half-done/index.html").is_file()
    assert (project / "site/briefings/2026/01/09/still-a-draft/index.html").is_file()


def test_a_draft_full_of_placeholders_passes_and_stays_out_of_the_site_and_feeds(project):
    draft = "content/briefings/2026/01-09-still-a-draft.md"
    shutil.copy(UNFINISHED / draft, project / draft)
    checked = run_cli("check", cwd=project)
    assert (checked.returncode, checked.stderr, checked.stdout) == (0, "", f"ok: 1 entry; {DRAFT_NOTICE}\n")
    assert run_cli("build", cwd=project).returncode == 0
    assert not (project / "site/briefings/2026/01/09").exists()
    assert feed_links(project / "site") == [f"{FEED_BASE}briefings/2026/01/05/valid/"]


def test_an_ingest_draft_whose_draft_line_was_deleted_is_refused_until_finished(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Nothing much happened. Nobody said anything.\n", encoding="utf-8")
    ingested = run_cli("ingest", str(article), "--date", "2026-01-07", cwd=project)
    assert ingested.returncode == 0, ingested.stderr
    source_path = ingested.stdout.splitlines()[0]
    assert run_cli("build", cwd=project).stdout.splitlines()[0].endswith(DRAFT_NOTICE)
    before = snapshot(project / "site")
    path = project / source_path
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")

    refused = run_cli("build", cwd=project)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [f"{source_path}:{line}" for line in (
        "2: title: 'Draft: Nothing much happened. Nobody said anything.…' still begins with 'Draft:'"
        " — write the headline in your own words",
        "4: actors: '[asaad-al-shaibani]' is marked '# placeholder' — replace it with the real actors,"
        " then delete the comment",
        "5: summary: 'TODO: one sentence for a reader in a hurry, in your own words.' is a TODO placeholder"
        " — write the summary in your own words",
        "6: sources: is marked '# placeholder' — replace it with the real outlet, then delete the comment",
        "7: sources: outlet 'TODO: name the outlet' is a placeholder — name the outlet the briefing summarises,"
        " e.g. Reuters",
        "10: body: the article pasted by 'ingest' is still here — rewrite it in your own words, then delete"
        " the marker line and the article",
    )] + ["6 error(s); nothing was written"]
    assert snapshot(project / "site") == before

    text = path.read_text(encoding="utf-8")
    entry_id = re.search(r"(?m)^id: (urn:uuid:\S+)", text)[1]
    front_matter = (text.split("\n---\n")[0].replace("Draft: Nothing much happened. Nobody said anything.…",
                                                    "A quiet day at the talks")
                    .replace("  # placeholder: no known actor was found in the article", "")
                    .replace("  # placeholder: no known outlet was found in the article", "")
                    .replace("TODO: one sentence for a reader in a hurry, in your own words.", "Nothing moved.")
                    .replace("TODO: name the outlet", "AFP"))
    path.write_text(front_matter + "\n---\nNeither side reported progress, AFP said.\n", encoding="utf-8")
    built = run_cli("build", cwd=project)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    page_url = f"{FEED_BASE}briefings/2026/01/07/{source_path.rsplit('/', 1)[1][6:-3]}/"
    feed = feedparser.parse((project / "site/feed.xml").read_bytes())
    assert [(e.link, e.id) for e in feed.entries if e.link == page_url] == [(page_url, entry_id)]


def test_fixing_the_date_by_renaming_the_file_keeps_the_feed_id(project):
    created = run_cli("new", "Talks resume", "--actor", "ron-dermer", "--source", "AFP", "--summary", "They resume.",
                      "--date", "2026-01-06", cwd=project)
    path = project / created.stdout.strip()
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "") + "Envoys met again, AFP said.\n"
    path.write_text(text, encoding="utf-8")
    assert run_cli("build", cwd=project).returncode == 0
    first = {e.link: e.id for e in feedparser.parse((project / "site/feed.xml").read_bytes()).entries}
    path.unlink()
    moved = project / "content/briefings/2026/01-07-talks-resume.md"
    moved.write_text(text.replace("date: 2026-01-06", "date: 2026-01-07"), encoding="utf-8")
    assert run_cli("build", cwd=project).returncode == 0
    second = {e.link: e.id for e in feedparser.parse((project / "site/feed.xml").read_bytes()).entries}
    assert second[f"{FEED_BASE}briefings/2026/01/07/talks-resume/"] == first[f"{FEED_BASE}briefings/2026/01/06/talks-resume/"]
    assert second[f"{FEED_BASE}briefings/2026/01/07/talks-resume/"].startswith("urn:uuid:")


def test_a_copied_briefing_keeping_its_originals_id_is_refused_on_the_later_file(project):
    created = run_cli("new", "Talks resume", "--actor", "ron-dermer", "--source", "AFP", "--summary", "They resume.",
                      "--date", "2026-01-06", cwd=project)
    original = project / created.stdout.strip()
    copy = project / "content/briefings/2026/01-08-talks-go-on.md"
    copy.write_text(original.read_text(encoding="utf-8").replace("2026-01-06", "2026-01-08"), encoding="utf-8")
    entry_id = re.search(r"(?m)^id: (\S+)", original.read_text(encoding="utf-8"))[1]
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        f"content/briefings/2026/01-08-talks-go-on.md:8: id: '{entry_id}' is also the id of {created.stdout.strip()}"
        " — give this briefing its own, e.g. urn:uuid:d36f9846-1e28-5ac8-82ec-872e60198f5f",
        "1 error(s); nothing was written"]
