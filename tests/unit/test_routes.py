"""routes: every URL and out_path, relative links, permalinks and URL collisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import PurePosixPath
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest

from parley.errors import format_error
from parley.model.archive import Actor, Entry, Round, SiteConfig, build_archive
from parley.model.routes import ENTRY_PAGES_GLOB, entry_url, out_path_for, permalink, plan_routes, relative_url

ZONE = ZoneInfo("Europe/Paris")
CONFIG = SiteConfig("T", "D", "https://example.org/", "en", "Europe/Paris")
ACTOR = Actor("ron-dermer", "Ron Dermer", "person", "Israel", "")
ROUND = Round(5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6), None, "")


def entry(source_path: str, slug: str, day: dt.date = dt.date(2026, 1, 6)) -> Entry:
    published = dt.datetime.combine(day, dt.time(0), tzinfo=ZONE)
    return Entry(source_path=source_path, slug=slug, title="T", date=day, published=published, summary="S",
                 body="B", body_line=8, actor_ids=("ron-dermer",))


def plan(*entries: Entry):
    return plan_routes(build_archive(CONFIG, (ACTOR,), (ROUND,), entries))


def test_entry_url_shape_and_out_path():
    item = entry("content/briefings/2026/01-06-paris.md", "paris")
    assert entry_url(item) == "/briefings/2026/01/06/paris/"
    assert out_path_for("/briefings/2026/01/06/paris/") == "briefings/2026/01/06/paris/index.html"
    assert out_path_for("/") == "index.html"
    assert out_path_for("/feed.xml") == "feed.xml"


def test_every_page_and_feed_is_planned_once():
    routes, errors = plan(entry("content/briefings/2026/01-06-paris.md", "paris"))
    assert errors == []
    assert [(r.kind, r.url, r.out_path, r.subject) for r in routes.routes] == [
        ("not-found", "/404.html", "404.html", None),
        ("actors", "/actors/", "actors/index.html", None),
        ("actor-atom", "/actors/ron-dermer/atom.xml", "actors/ron-dermer/atom.xml", "ron-dermer"),
        ("actor-json", "/actors/ron-dermer/feed.json", "actors/ron-dermer/feed.json", "ron-dermer"),
        ("actor-rss", "/actors/ron-dermer/feed.xml", "actors/ron-dermer/feed.xml", "ron-dermer"),
        ("actor", "/actors/ron-dermer/", "actors/ron-dermer/index.html", "ron-dermer"),
        ("atom", "/atom.xml", "atom.xml", None),
        ("cite-bibtex", "/briefings/2026/01/06/paris/cite.bib", "briefings/2026/01/06/paris/cite.bib",
         "content/briefings/2026/01-06-paris.md"),
        ("cite-csl", "/briefings/2026/01/06/paris/cite.json", "briefings/2026/01/06/paris/cite.json",
         "content/briefings/2026/01-06-paris.md"),
        ("entry", "/briefings/2026/01/06/paris/", "briefings/2026/01/06/paris/index.html",
         "content/briefings/2026/01-06-paris.md"),
        ("month", "/briefings/2026/01/", "briefings/2026/01/index.html", (2026, 1)),
        ("year", "/briefings/2026/", "briefings/2026/index.html", 2026),
        ("archive", "/briefings/", "briefings/index.html", None),
        ("corrections-atom", "/corrections/atom.xml", "corrections/atom.xml", None),
        ("corrections-rss", "/corrections/feed.xml", "corrections/feed.xml", None),
        ("corrections", "/corrections/", "corrections/index.html", None),
        *(("export", f"/data/{name}", f"data/{name}", name) for name in (
            "actors.json", "actors.schema.json", "briefings.csv", "briefings.json", "briefings.schema.json",
            "events.json", "events.schema.json")),
        ("data", "/data/", "data/index.html", None),
        *(("export", f"/data/{name}", f"data/{name}", name) for name in (
            "outlets.json", "outlets.schema.json", "rounds.json", "rounds.schema.json")),
        ("events", "/events/", "events/index.html", None),
        ("json", "/feed.json", "feed.json", None),
        ("rss", "/feed.xml", "feed.xml", None),
        ("opml", "/feeds.opml", "feeds.opml", None),
        ("home", "/", "index.html", None),
        ("robots", "/robots.txt", "robots.txt", None),
        ("round-atom", "/rounds/5/atom.xml", "rounds/5/atom.xml", 5),
        ("round-json", "/rounds/5/feed.json", "rounds/5/feed.json", 5),
        ("round-rss", "/rounds/5/feed.xml", "rounds/5/feed.xml", 5),
        ("round", "/rounds/5/", "rounds/5/index.html", 5),
        ("rounds", "/rounds/", "rounds/index.html", None),
        ("search", "/search/", "search/index.html", None),
        ("sitemap", "/sitemap.xml", "sitemap.xml", None),
        ("subscribe", "/subscribe/", "subscribe/index.html", None),
        ("timeline", "/timeline/", "timeline/index.html", None),
        ("topics", "/topics/", "topics/index.html", None),
    ]


def test_each_topic_gets_a_page_and_its_three_feeds():
    tagged = dataclasses.replace(entry("content/briefings/2026/01-06-paris.md", "paris"), tags=("golan-heights",))
    routes, errors = plan(tagged)
    assert errors == []
    assert [(r.kind, r.url) for r in routes.routes if r.subject == "golan-heights"] == [
        ("topic-atom", "/topics/golan-heights/atom.xml"), ("topic-json", "/topics/golan-heights/feed.json"),
        ("topic-rss", "/topics/golan-heights/feed.xml"), ("topic", "/topics/golan-heights/")]


def test_the_entry_pages_glob_matches_entry_pages_only():
    routes, _ = plan(entry("content/briefings/2026/01-06-paris.md", "paris"))
    matched = [r.kind for r in routes.routes if PurePosixPath(r.out_path).match(ENTRY_PAGES_GLOB)]
    assert matched == ["entry"]


def test_routes_lookup_by_kind_and_subject():
    routes, _ = plan(entry("content/briefings/2026/01-06-paris.md", "paris"))
    assert routes.url("entry", "content/briefings/2026/01-06-paris.md") == "/briefings/2026/01/06/paris/"
    assert routes.url("actor", "ron-dermer") == "/actors/ron-dermer/"
    assert [r.url for r in routes.of_kind("rss", "atom")] == ["/atom.xml", "/feed.xml"]
    with pytest.raises(KeyError):
        routes.url("actor", "nobody")


@pytest.mark.parametrize("from_url, to_url, link", [
    ("/", "/actors/x/", "actors/x/"),
    ("/", "/feed.xml", "feed.xml"),
    ("/briefings/2026/01/06/s/", "/", "../../../../../"),
    ("/briefings/2026/01/06/s/", "/feed.xml", "../../../../../feed.xml"),
    ("/", "/", "./"),
])
def test_relative_url(from_url, to_url, link):
    assert relative_url(from_url, to_url) == link


def test_relative_url_to_the_same_page_climbs_to_the_root_and_back():
    # One rule for every link (see relative_url): the same page is reached through the root too.
    assert relative_url("/briefings/2026/01/06/s/", "/briefings/2026/01/06/s/") == "../../../../../briefings/2026/01/06/s/"


PAGES = ["/", "/404.html", "/actors/", "/actors/x/", "/actors/x/feed.xml", "/briefings/2026/01/06/s/",
         "/briefings/2026/", "/rounds/5/", "/assets/style.css"]


@pytest.mark.parametrize("from_url", PAGES)
def test_relative_url_resolves_to_its_target_under_any_sub_path(from_url):
    for base in ("https://example.org/", "https://example.org/a/b/"):
        for to_url in PAGES:
            link = relative_url(from_url, to_url)
            assert not link.startswith("/")
            assert urljoin(permalink(base, from_url), link) == permalink(base, to_url), (from_url, to_url, link)


def test_permalink_keeps_a_sub_path_base_url():
    assert permalink("https://example.org/archive/", "/briefings/2026/01/06/s/") == (
        "https://example.org/archive/briefings/2026/01/06/s/")
    assert permalink("https://example.org/archive/", "/") == "https://example.org/archive/"


def test_two_entries_with_one_url_name_both_files():
    first = entry("content/briefings/2026/01-06-paris.md", "paris")
    second = entry("content/briefings/2026/01-06-second.md", "paris")
    routes, errors = plan(second, first)
    assert [format_error(e) for e in errors] == [
        "content/briefings/2026/01-06-second.md:1: slug: URL /briefings/2026/01/06/paris/ is also claimed by "
        "content/briefings/2026/01-06-paris.md — give one of them a different slug (file name or 'slug:' field)"]
    assert routes.url("entry", first.source_path) == "/briefings/2026/01/06/paris/"


def test_same_slug_on_different_days_is_no_collision():
    routes, errors = plan(entry("content/briefings/2026/01-06-paris.md", "paris"),
                          dataclasses.replace(entry("content/briefings/2026/01-07-paris.md", "paris"),
                                              date=dt.date(2026, 1, 7)))
    assert errors == []
    assert [r.url for r in routes.of_kind("entry")] == ["/briefings/2026/01/06/paris/", "/briefings/2026/01/07/paris/"]
