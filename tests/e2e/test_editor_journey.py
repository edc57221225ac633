"""An editor's pull request, step by step, on a copy of the real archive: the pull-request checks pass.

The editor adds an actor to actors.yaml and a round to rounds.yaml, runs `build.py new`, writes the
briefing, and deletes `draft: true`. Then the checks the pull-request job runs must all pass: the
content check with GitHub annotations, a build, and the real-archive test pointed at this copy.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import feedparser

from archive_checks import assert_site_matches_content, expected_archive, read_yaml
from conftest import REPO, parse_html, run_cli

NEW_ACTOR = """
- id: lena-haddad
  name: Lena Haddad
  kind: person
  affiliation: United Nations
  role: Observer sent to the talks (an editor's test actor)
  aliases:
    - Haddad
"""
SUMMARY = "A sixth round ended with both sides agreeing to exchange maps of the buffer zone before the next meeting."
BODY = """\
The sixth round closed after two days, according to Reuters. Both delegations agreed to exchange
maps of the buffer zone before they meet again, and the UN observer Lena Haddad was asked to
keep the record of the talks.
"""


def add_round(root, number: int, day: dt.date) -> None:
    """Append a round to rounds.yaml as an editor would, keeping the comments and entries above."""
    with open(root / "content/rounds.yaml", "a", encoding="utf-8") as file:
        file.write(f"\n- number: {number}\n  venue: Amman\n  start: {day}\n  end: {day}\n"
                   "  summary: A test round added by the editor-journey test.\n")


def finish_briefing(text: str) -> str:
    """What the editor does in the file `new` wrote: a real summary and body, and no more `draft: true`."""
    text = re.sub(r'(?m)^summary: .*$', f"summary: {SUMMARY}", text)
    text = text.replace("draft: true\n", "")
    front_matter, _ = text.rsplit("---\n", 1)
    return front_matter + "---\n" + BODY


def test_a_new_briefing_with_a_new_actor_and_round_passes_the_pull_request_checks(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    now = dt.datetime.now(dt.timezone.utc)
    before = expected_archive(root, now)
    day = max(b.published for b in before.briefings).date()
    round_no = max(before.round_numbers, default=0) + 1
    with open(root / "content/actors.yaml", "a", encoding="utf-8") as file:
        file.write(NEW_ACTOR)
    add_round(root, round_no, day)

    created = run_cli("new", "Sixth round ends with a map exchange", "--actor", "Haddad", "--actor", "Syria",
                      "--round", str(round_no), "--source", "Reuters", "--date", day.isoformat(), cwd=root)
    assert created.returncode == 0, created.stderr
    path = root / created.stdout.strip()
    draft = run_cli("check", "--format", "github", cwd=root)
    assert (draft.returncode, draft.stderr) == (0, "")  # a draft passes, and stays out of the site
    assert draft.stdout.endswith("left out: 1 draft (use --drafts / --future to include them)\n")
    path.write_text(finish_briefing(path.read_text(encoding="utf-8")), encoding="utf-8")

    # The pull-request job: the content check (annotations), then the tests, which build the archive.
    checked = run_cli("check", "--format", "github", cwd=root)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
    assert checked.stdout == f"ok: {len(before.briefings) + 1} entries\n"
    site = tmp_path / "site"
    built = run_cli("build", "--output", str(site), cwd=root)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    assert_site_matches_content(root, site, now)

    url = f"briefings/{day:%Y/%m/%d}/sixth-round-ends-with-a-map-exchange/"
    actor_page = parse_html(site / "actors/lena-haddad/index.html")
    assert [a.text_content() for a in actor_page.cssselect(".entry-list .entry-title a")] == [
        "Sixth round ends with a map exchange"]
    round_page = parse_html(site / f"rounds/{round_no}/index.html")
    assert len(round_page.cssselect(".entry-list .entry-title a")) == 1
    [entry_id] = re.findall(r"(?m)^id: (\S+)", path.read_text(encoding="utf-8"))
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    [item] = [e for e in feed.entries if e.link == read_yaml(root / "content/site.yaml")["base_url"] + url]
    assert (item.id, item.summary) == (entry_id, SUMMARY)  # the GUID is the id `new` wrote
