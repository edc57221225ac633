"""The real archive in content/ builds cleanly and reads well: every link works, the feeds carry it all."""

from __future__ import annotations

import feedparser

from conftest import REPO, broken_links, parse_html, run_cli


def test_real_archive_builds_and_every_link_resolves(tmp_path):
    site = tmp_path / "site"
    result = run_cli("build", "--output", str(site), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert broken_links(site) == []
    briefings = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("briefings/*/*/*/*/index.html"))
    assert len(briefings) == 5
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert sorted(e.link.split("/", 3)[3].rstrip("/") for e in feed.entries) == briefings
    round_five = parse_html(site / "rounds/5/index.html")
    assert len(round_five.cssselect(".entry-list .entry-title a")) == 3
    for actor_page in site.glob("actors/*/index.html"):
        assert parse_html(actor_page).cssselect(".entry-list .entry-title a"), f"{actor_page} lists no briefing"
