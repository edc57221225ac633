"""Builds archive-small with the real layouts and reads the output as readers' and subscribers' tools do."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ElementTree

import feedparser
import pytest

from conftest import broken_links, html_pages, parse_html

BASE = "https://example.org/archive/"
PUBLISHED = {  # slug -> URL path of every entry that must be published
    "paris-meeting": "briefings/2025/08/19/paris-meeting/",
    "london-round": "briefings/2025/09/17/london-round/",
    "washington-visit": "briefings/2025/09/18/washington-visit/",
    "paris-opens": "briefings/2026/01/05/paris-opens/",
    "paris-ends": "briefings/2026/01/06/paris-ends/",
    "hostile": "briefings/2026/01/06/hostile/",
    "arabic": "briefings/2026/01/10/arabic/",
}
ACTOR_ENTRIES = {
    "asaad-al-shaibani": {"paris-meeting", "london-round", "washington-visit", "paris-opens", "paris-ends", "arabic"},
    "ron-dermer": {"paris-meeting", "london-round", "paris-ends"},
    "tom-barrack": {"paris-meeting", "paris-opens", "paris-ends", "arabic"},
    "syria": {"washington-visit", "paris-opens"},
    "mallory": {"hostile"},
    "quiet-observer": set(),
}
ROUND_ENTRIES = {1: {"london-round"}, 2: {"paris-opens", "paris-ends"}}
# Its front-matter's straight quotes are typeset, as in every title (see parley/model/punctuation.py).
HOSTILE_TITLE = 'Talks <script>alert(“title”)</script> & “quotes” ]]> end'


def listed_slugs(page) -> set[str]:
    """Slugs of the briefings a list page links to in its entry list."""
    return {a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in page.cssselect(".entry-list .entry-title a")}


def test_every_entry_page_exists_and_nothing_else_is_published(small_site):
    for path in PUBLISHED.values():
        assert (small_site / path / "index.html").is_file(), path
    entry_pages = {p.parent.name for p in small_site.glob("briefings/*/*/*/*/index.html")}
    assert entry_pages == set(PUBLISHED)


def test_every_internal_link_and_asset_resolves(small_site):
    assert broken_links(small_site) == []


def test_every_page_has_one_h1_title_canonical_and_language(small_site):
    for page_path in html_pages(small_site):
        page = parse_html(page_path)
        assert len(page.findall(".//h1")) == 1, page_path
        assert page.find(".//title").text.strip()
        assert page.get("lang") == "en"
        canonical = page.cssselect('link[rel="canonical"]')[0].get("href")
        assert canonical.startswith(BASE), page_path


def test_actor_pages_list_exactly_their_entries(small_site):
    for actor_id, slugs in ACTOR_ENTRIES.items():
        page = parse_html(small_site / "actors" / actor_id / "index.html")
        assert listed_slugs(page) == slugs, actor_id


def test_round_pages_list_exactly_their_entries(small_site):
    for round_no, slugs in ROUND_ENTRIES.items():
        page = parse_html(small_site / "rounds" / str(round_no) / "index.html")
        assert listed_slugs(page) == slugs


def test_actors_index_groups_by_affiliation_with_counts(small_site):
    page = parse_html(small_site / "actors/index.html")
    groups = [h.text for h in page.cssselect("main section h2")]
    assert groups == sorted(groups, key=str.casefold)
    assert "Hostile & <Test>" in groups
    syria = next(li for li in page.cssselect(".actor-list li") if li.find(".//a").text == "Asaad al-Shaibani")
    assert "6 briefings" in syria.text_content()
    assert syria.cssselect('bdi[lang="ar"]')[0].text == "أسعد الشيباني"


def test_entry_page_shows_date_actors_round_sources_and_neighbours(small_site):
    page = parse_html(small_site / PUBLISHED["paris-ends"] / "index.html")
    assert page.cssselect("article time")[0].get("datetime") == "2026-01-06T00:00:00+03:00"
    assert [a.text for a in page.cssselect("article .actors a")] == ["Asaad al-Shaibani", "Ron Dermer", "Tom Barrack"]
    assert page.cssselect(".kicker a")[0].get("href") == "../../../../../rounds/2/"
    assert [li.text_content().strip() for li in page.cssselect(".sources li")] == ["The Jerusalem Post", "Haaretz"]
    assert page.cssselect('.pager a[rel="prev"]')[0].get("href") == "../../../../../briefings/2026/01/05/paris-opens/"
    assert page.cssselect('.pager a[rel="next"]')[0].get("href") == "../../../../../briefings/2026/01/06/hostile/"
    assert page.cssselect(".body table td")[1].get("class") == "align-right"
    assert page.cssselect(".related a")


def test_hostile_text_is_escaped_everywhere_in_html(small_site):
    page = parse_html(small_site / PUBLISHED["hostile"] / "index.html")
    assert page.find(".//h1").text == HOSTILE_TITLE
    assert page.find(".//title").text.startswith(HOSTILE_TITLE)
    assert [s.get("type") for s in page.iter("script")] == ["application/ld+json"]
    assert not page.cssselect("iframe, style, object, embed")
    for element in page.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        assert not element.get("href", "").lower().startswith(("javascript:", "data:"))
    assert page.cssselect('.body bdi[lang="he"]')[0].text == "רון דרמר"
    json_ld = json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)
    assert json_ld["headline"] == HOSTILE_TITLE
    assert json_ld["@type"] == "NewsArticle"


def test_arabic_entry_is_marked_right_to_left(small_site):
    page = parse_html(small_site / PUBLISHED["arabic"] / "index.html")
    article = page.cssselect("article.briefing")[0]
    assert (article.get("lang"), article.get("dir")) == ("ar", "rtl")
    # In lists, the title and summary carry the entry's language; the date and actors keep the site's.
    cards = parse_html(small_site / "index.html").cssselect(".entry-card")
    card = next(li for li in cards if li.find(".//*[@lang]") is not None)
    for part in card.cssselect(".entry-title, .summary"):
        assert (part.get("lang"), part.get("dir")) == ("ar", "rtl")
    assert card.cssselect(".meta, .actors")[0].get("lang") is None


def test_not_found_page_links_work_from_any_depth(small_site):
    page = parse_html(small_site / "404.html")
    assert page.cssselect(".site-title")[0].get("href") == "/archive/"
    assert page.cssselect('link[rel="stylesheet"]')[0].get("href") == "/archive/assets/style.css"


def parse_feed(small_site, out_path):
    feed = feedparser.parse((small_site / out_path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml"])
def test_whole_archive_feeds_hold_every_published_entry(small_site, out_path):
    feed = parse_feed(small_site, out_path)
    links = [entry.link for entry in feed.entries]
    assert links == [BASE + PUBLISHED[slug] for slug in
                     ("arabic", "hostile", "paris-ends", "paris-opens", "washington-visit", "london-round", "paris-meeting")]
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert feed.entries[1].title == HOSTILE_TITLE
    assert "<script" not in feed.entries[1].content[0].value
    assert "Text with ]]&gt; and" in feed.entries[1].content[0].value


@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml"])
def test_feed_dates_come_from_content_with_offsets(small_site, out_path):
    feed = parse_feed(small_site, out_path)
    by_link = {entry.link: entry for entry in feed.entries}
    london = by_link[BASE + PUBLISHED["london-round"]]
    assert dt.datetime(*london.published_parsed[:6]) == dt.datetime(2025, 9, 17, 17, 30)  # 18:30+01:00
    paris = by_link[BASE + PUBLISHED["paris-opens"]]
    assert dt.datetime(*paris.published_parsed[:6]) == dt.datetime(2026, 1, 5, 9, 0)  # date only: noon in Damascus
    assert by_link[BASE + PUBLISHED["paris-ends"]].id == "urn:uuid:0c4a2a4e-7d1e-4a7a-9d59-1d2f0f3b7e11"


def test_actor_feeds_hold_exactly_their_entries(small_site):
    for actor_id, slugs in ACTOR_ENTRIES.items():
        for name in ("feed.xml", "atom.xml"):
            feed = parse_feed(small_site, f"actors/{actor_id}/{name}")
            assert {e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries} == slugs, (actor_id, name)


def test_sitemap_lists_every_public_page_and_no_drafts(small_site):
    tree = ElementTree.parse(small_site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.findall(".//s:loc", namespace)]
    assert all(loc.startswith(BASE) for loc in locations)
    for slug, path in PUBLISHED.items():
        assert BASE + path in locations
    for loc in locations:
        assert (small_site / loc[len(BASE):] / "index.html").is_file() or (small_site / loc[len(BASE):]).is_file()
    assert "Sitemap: https://example.org/archive/sitemap.xml" in (small_site / "robots.txt").read_text()


def test_drafts_and_future_entries_appear_nowhere(small_site):
    for path in small_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "must not be published" not in text, path
