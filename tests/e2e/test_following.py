"""Following the archive as subscribers do: the real archive's feeds (RSS, Atom, JSON Feed) read with
feedparser, the validator's rules and newsboat; the subscribe page, the OPML list, topic pages, each
page's own feed first, the XSL view of a feed; hostile text in the fixture archive stays text.

Expectations come from content/ (through Parley's reader), so a new valid briefing never breaks them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import feedparser
import jsonschema
import lxml.html
import pytest
from lxml import etree

from conftest import REPO, html_pages, parse_html, resolve_internal, run_cli
from feed_rules import check_atom, check_rss
from parley.pipeline import check
from parley.read.content import BuildOptions

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())
READER_ZONES = (dt.timezone(dt.timedelta(hours=-9)), dt.timezone.utc, dt.timezone(dt.timedelta(hours=14)))
FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    """The real archive built as `build.py build` builds it, with the model it was built from."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = run_cli("build", "--output", str(site), cwd=REPO)
    assert result.returncode == 0, result.stderr
    archive, routes, _ = check(REPO, BuildOptions(now=dt.datetime.now(dt.timezone.utc)))
    return site, archive, routes


def feed_files(site: Path, name: str) -> list[Path]:
    return sorted(site.rglob(name))


def url_of(site: Path, path: Path, base_url: str) -> str:
    return base_url + path.relative_to(site).as_posix()


def parsed(path: Path, **options):
    feed = feedparser.parse(path.read_bytes(), **options)
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    return feed


def url_date(link: str) -> dt.date:
    """The calendar date in a briefing's URL: /briefings/YYYY/MM/DD/slug/."""
    year, month, day = link.split("/briefings/")[1].split("/")[:3]
    return dt.date(int(year), int(month), int(day))


def test_every_feed_parses_and_keeps_the_validators_rules(real_site):
    site, archive, _ = real_site
    base = archive.config.base_url
    rss, atom = feed_files(site, "feed.xml"), feed_files(site, "atom.xml")
    # The archive, every actor, every round and every topic: three formats each; the corrections
    # feed (RSS and Atom only) besides.
    briefing_feeds = [path for path in rss if path.parent.name != "corrections"]
    assert len(rss) == len(atom) == len(briefing_feeds) + 1
    assert len(briefing_feeds) == len(feed_files(site, "feed.json")) == (
        1 + len(archive.actors) + len(archive.rounds) + len(archive.by_tag))
    for path in rss:
        ids = [e.id for e in parsed(path).entries]
        assert check_rss(path.read_bytes(), url_of(site, path, base)) == [], path
        if path not in briefing_feeds:
            continue
        document = json.loads((path.parent / "feed.json").read_bytes())
        jsonschema.validate(document, SCHEMA)
        assert [item["id"] for item in document["items"]] == ids
        assert [e.id for e in parsed(path.parent / "atom.xml").entries] == ids
    for path in atom:
        assert check_atom(path.read_bytes(), url_of(site, path, base)) == [], path


def test_each_feed_holds_exactly_its_subjects_briefings(real_site):
    site, archive, routes = real_site
    limit = archive.config.feed_limit
    expected = {"feed.xml": archive.entries}
    expected.update({f"actors/{k}/feed.xml": v for k, v in archive.by_actor.items()})
    expected.update({f"rounds/{k}/feed.xml": v for k, v in archive.by_round.items()})
    expected.update({f"topics/{k}/feed.xml": v for k, v in archive.by_tag.items()})
    for out_path, entries in expected.items():
        links = [archive.config.base_url + routes.url("entry", e.source_path).lstrip("/") for e in entries[:limit]]
        for name in ("feed.xml", "atom.xml"):
            assert [e.link for e in parsed(site / out_path.replace("feed.xml", name)).entries] == links, out_path


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_every_item_shows_its_own_date_to_readers_from_utc_minus_9_to_plus_14(real_site, name):
    site, _, _ = real_site
    for path in feed_files(site, name):
        feed = parsed(path)
        stamps = [dt.datetime(*e.published_parsed[:6]) for e in feed.entries]
        assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == len(stamps), path
        for item in feed.entries:
            for zone in READER_ZONES:
                moment = dt.datetime(*item.published_parsed[:6], tzinfo=dt.timezone.utc).astimezone(zone)
                assert moment.date() == url_date(item.link), (path, item.link, zone)


def test_items_carry_their_sources_author_and_categories(real_site):
    site, archive, routes = real_site
    atom = {e.link: e for e in parsed(site / "atom.xml").entries}
    for entry in archive.entries[:archive.config.feed_limit]:
        item = atom[archive.config.base_url + routes.url("entry", entry.source_path).lstrip("/")]
        content = lxml.html.fragment_fromstring(item.content[0].value, create_parent="div")
        sources = content.xpath("//h2[.='Sources']/following-sibling::ul[1]/li")
        assert [li.text_content().split(",")[0] for li in sources] == [s.outlet for s in entry.sources]
        assert item.author == archive.config.title
        terms = [t.term for t in item.tags]
        assert terms == [*entry.actor_ids, *([f"round-{entry.round_no}"] if entry.round_no else []), *entry.tags]


OWN_FEED = {"actor": "actors", "round": "rounds", "topic": "topics"}


def test_every_page_advertises_its_own_feed_first(real_site):
    site, _, _ = real_site
    for page_path in html_pages(site):
        page = parse_html(page_path)
        alternates = page.xpath('//head/link[@rel="alternate"]')
        if not alternates:
            continue
        relative = page_path.relative_to(site).as_posix()
        parts = relative.split("/")  # actors/<id>/index.html, or a later page: actors/<id>/page/2/index.html
        followed = parts[0] in ("actors", "rounds", "topics") and len(parts) > 2
        own = site / parts[0] / parts[1] / "feed.xml" if followed else site / "feed.xml"
        assert resolve_internal(site, page_path, alternates[0].get("href")).resolve() == own.resolve(), relative
        assert alternates[0].get("type") == "application/rss+xml"
        for link in alternates:
            assert resolve_internal(site, page_path, link.get("href")).is_file(), (relative, link.get("href"))


def test_subscribe_page_gives_every_feed_address_and_the_header_links_to_it(real_site):
    site, archive, _ = real_site
    base = archive.config.base_url
    page = parse_html(site / "subscribe/index.html")
    addresses = [code.text_content() for code in page.cssselect("code.feed-url")]
    rss = [url_of(site, p, base) for p in feed_files(site, "feed.xml")]
    assert sorted(addresses) == sorted([base + "feeds.opml", *rss])
    for link in page.cssselect("main a[href]"):
        assert (site / "subscribe" / link.get("href")).resolve().exists(), link.get("href")
    home = parse_html(site / "index.html")
    feed_link = [a for a in home.cssselect(".site-header nav a") if a.text == "Feed"][0]
    assert (site / feed_link.get("href")).resolve() == (site / "subscribe").resolve()


def test_opml_lists_every_feed_once(real_site):
    site, archive, _ = real_site
    opml = etree.parse(str(site / "feeds.opml"))
    listed = [o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")]
    assert sorted(listed) == sorted(url_of(site, p, archive.config.base_url) for p in feed_files(site, "feed.xml"))
    assert len(set(listed)) == len(listed)


def test_topics_are_linked_from_briefings_and_list_them(real_site):
    site, archive, routes = real_site
    for entry in archive.entries:
        page_path = site / routes.url("entry", entry.source_path).lstrip("/") / "index.html"
        links = parse_html(page_path).cssselect('.tags a[rel="tag"]')
        assert [a.text for a in links] == [tag.replace("-", " ") for tag in entry.tags]
        for link, tag in zip(links, entry.tags):
            topic_page = (page_path.parent / link.get("href") / "index.html").resolve()
            assert topic_page == (site / "topics" / tag / "index.html").resolve()
            listed = [a.get("href").rstrip("/").rsplit("/", 1)[-1]
                      for a in parse_html(topic_page).cssselect(".entry-title a")]
            assert entry.slug in listed


@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml"])
def test_a_person_who_opens_a_feed_sees_a_readable_page(real_site, out_path):
    site, archive, _ = real_site
    stylesheet = etree.XSLT(etree.parse(str(site / "assets/feed.xsl")))
    for feed_path in (site / out_path, *sorted(site.glob(f"actors/*/{out_path}"))[:3]):
        page = lxml.html.fromstring(str(stylesheet(etree.parse(str(feed_path)))))
        items = parsed(feed_path).entries
        assert [a.text_content() for a in page.cssselect(".entry-title a")] == [e.title for e in items]
        assert not page.xpath("//script | //style | //@style")
        csp = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
        assert "default-src 'none'" in csp and "style-src 'self'" in csp
        for href in page.xpath('//link[@rel="stylesheet"]/@href | //a[contains(@href, "subscribe")]/@href'):
            assert (feed_path.parent / href).resolve().exists(), (feed_path, href)


@pytest.mark.skipif(shutil.which("newsboat") is None and not os.environ.get("CI"),
                    reason="newsboat is not installed (.ci/run installs it; in CI its absence fails)")
@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_newsboat_shows_each_briefing_on_its_own_date(real_site, tmp_path, name):
    site, archive, _ = real_site
    feed_path = site / name
    (tmp_path / "urls").write_text(feed_path.as_uri() + "\n")
    (tmp_path / "config").write_text("")
    result = subprocess.run(["newsboat", "-u", str(tmp_path / "urls"), "-c", str(tmp_path / "cache.db"),
                             "-C", str(tmp_path / "config"), "-x", "reload"],
                            env={"TZ": "UTC", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "cache.db") as cache:
        items = cache.execute("SELECT url, pubDate FROM rss_item ORDER BY pubDate DESC").fetchall()
    assert [url for url, _ in items] == [e.link for e in parsed(feed_path).entries]
    for url, seconds in items:  # newsboat shows pubDate in the reader's zone
        for zone in READER_ZONES:
            assert dt.datetime.fromtimestamp(seconds, zone).date() == url_date(url), (url, zone)


NEWSBOAT_CONFIG = 'datetime-format "%Y-%m-%d"\narticlelist-format "%D|%t"\n'


def newsboat_screen(feed_path: Path, zone: str, folder: Path, expected_rows: int) -> list[str]:
    """The article list newsboat draws for one feed, in a reader whose TZ is `zone` (run under tmux).

    Polls the screen until the list is drawn (at most a minute; newsboat starts in well under a second).
    """
    (folder / "urls").write_text(feed_path.as_uri() + "\n")
    (folder / "config").write_text(NEWSBOAT_CONFIG)
    session = "parley-" + folder.name
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "60", "env", f"TZ={zone}",
                    f"HOME={folder}", "newsboat", "-r", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),
                    "-C", str(folder / "config")], check=True)
    try:
        def screen() -> list[str]:
            return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout.splitlines()
        opened = False
        deadline = time.monotonic() + 60
        reloaded = time.monotonic()
        while time.monotonic() < deadline:
            rows = [line.strip() for line in screen() if "|" in line]
            if len(rows) >= expected_rows:
                return rows
            if not opened and any(f"({expected_rows}/{expected_rows})" in line for line in screen()):
                subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)  # open the feed
                opened = True
            elif not opened and time.monotonic() - reloaded > 10:
                # Its start-up reload once came back empty on a loaded machine ("(0/0)" for a minute):
                # reload again, as a reader would with R.
                subprocess.run(["tmux", "send-keys", "-t", session, "R"], check=True)
                reloaded = time.monotonic()
            time.sleep(0.2)
        raise AssertionError("newsboat drew no article list:\n" + "\n".join(screen()))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


@pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("CI"), reason="tmux is not installed")
@pytest.mark.skipif(shutil.which("newsboat") is None and not os.environ.get("CI"), reason="newsboat is not installed")
@pytest.mark.parametrize("zone", ["Etc/GMT+9", "UTC", "Etc/GMT-14"])  # POSIX signs: GMT+9 is UTC−9
def test_newsboat_lists_each_briefing_under_its_own_date_on_screen(real_site, tmp_path, zone):
    site, archive, _ = real_site
    feed = parsed(site / "feed.xml")
    rows = newsboat_screen(site / "feed.xml", zone, tmp_path, len(feed.entries))
    shown = [row.split("|", 1) for row in rows]  # the screen may cut long titles short
    assert [date for date, _ in shown] == [url_date(e.link).isoformat() for e in feed.entries]
    assert all(title and e.title.startswith(title) for (_, title), e in zip(shown, feed.entries))


HOSTILE_SUMMARY = "A summary with <b>tags</b>"


@pytest.mark.parametrize("sanitize", [False, True])
def test_hostile_text_in_the_fixture_stays_text_in_every_feed(small_site, sanitize):
    for path in [*feed_files(small_site, "feed.xml"), *feed_files(small_site, "atom.xml")]:
        feed = parsed(path, sanitize_html=sanitize)
        details = [feed.feed.subtitle_detail] + [e.summary_detail for e in feed.entries]
        for detail in details:
            if detail.type == "text/html":  # as readers take it; text/plain is shown as text anyway
                fragment = lxml.html.fragment_fromstring(detail.value, create_parent="div")
                assert len(fragment) == 0, (path, detail.value)  # no element at all: every tag was text
        assert path.name == "atom.xml" or all(detail.type == "text/html" for detail in details)
    hostile = [e for e in parsed(small_site / "feed.xml", sanitize_html=False).entries if "hostile" in e.link][0]
    shown = lxml.html.fragment_fromstring(hostile.summary, create_parent="div").text_content()
    assert shown.startswith(HOSTILE_SUMMARY)
    mallory = parsed(small_site / "actors/mallory/feed.xml", sanitize_html=False).feed.subtitle
    assert "<script>" in lxml.html.fragment_fromstring(mallory, create_parent="div").text_content()
