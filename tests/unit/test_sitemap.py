"""sitemap: every public page with an absolute address, entries with their last change; robots.txt."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from lxml import etree

from parley.model.archive import Actor, Entry, SiteConfig, build_archive
from parley.model.routes import plan_routes
from parley.render.sitemap import render_sitemap

ZONE = ZoneInfo("Europe/Paris")
CONFIG = SiteConfig("T", "D", "https://example.org/a&b/", "en", "Europe/Paris")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(*entries: Entry) -> dict[str, bytes]:
    archive = build_archive(CONFIG, (Actor("syria", "Syria", "state", "Syria", ""),), (), entries)
    routes, _ = plan_routes(archive)
    return render_sitemap(routes, archive)


def entry(slug: str, updated: dt.datetime | None = None) -> Entry:
    published = dt.datetime(2026, 1, 6, tzinfo=ZONE)
    return Entry(source_path=f"content/briefings/2026/01-06-{slug}.md", slug=slug, title="T", date=published.date(),
                 published=published, summary="S", body="B", body_line=8, actor_ids=("syria",), updated=updated)


def urls(xml: bytes) -> list[tuple[str, str | None]]:
    tree = etree.fromstring(xml)
    return [(u.findtext("s:loc", namespaces=NS), u.findtext("s:lastmod", namespaces=NS))
            for u in tree.findall("s:url", NS)]


def test_sitemap_lists_public_pages_with_absolute_escaped_addresses():
    outputs = sitemap(entry("paris"), entry("rome", updated=dt.datetime(2026, 1, 7, 8, 0, tzinfo=ZONE)))
    base = "https://example.org/a&b/"
    assert urls(outputs["sitemap.xml"]) == [
        (base + "actors/", None), (base + "actors/syria/", None),
        (base + "briefings/2026/01/06/paris/", "2026-01-06T00:00:00+01:00"),
        (base + "briefings/2026/01/06/rome/", "2026-01-07T08:00:00+01:00"),
        (base + "briefings/2026/01/", None), (base + "briefings/2026/", None), (base + "briefings/", None),
        (base + "corrections/", None),
        *((base + f"data/{name}", None) for name in (
            "actors.json", "actors.schema.json", "briefings.csv", "briefings.json", "briefings.schema.json",
            "events.json", "events.schema.json")),
        (base + "data/", None),
        *((base + f"data/{name}", None) for name in (
            "outlets.json", "outlets.schema.json", "rounds.json", "rounds.schema.json")),
        (base, None), (base + "rounds/", None), (base + "subscribe/", None), (base + "timeline/", None),
        (base + "topics/", None),
    ]
    assert b"a&amp;b" in outputs["sitemap.xml"]


def test_robots_points_at_the_sitemap():
    assert sitemap()["robots.txt"] == b"User-agent: *\nAllow: /\n\nSitemap: https://example.org/a&b/sitemap.xml\n"


def entries(count: int) -> list[Entry]:
    return [entry(f"e{n:03d}", updated=dt.datetime(2026, 1, 7, n % 24, tzinfo=ZONE)) for n in range(count)]


def sitemap_with(entry_list: list[Entry], **limits) -> dict[str, bytes]:
    archive = build_archive(CONFIG, (Actor("syria", "Syria", "state", "Syria", ""),), (), entry_list)
    routes, _ = plan_routes(archive)
    return render_sitemap(routes, archive, **limits)


def test_a_sitemap_at_the_limit_stays_one_file():
    single = sitemap(*entries(3))
    url_count = len(urls(single["sitemap.xml"]))
    assert sitemap_with(entries(3), url_limit=url_count) == single


def test_one_url_over_the_limit_splits_into_parts_under_a_sitemap_index():
    single = sitemap(*entries(3))
    every_url = urls(single["sitemap.xml"])
    limit = len(every_url) - 1
    outputs = sitemap_with(entries(3), url_limit=limit)
    assert sorted(outputs) == ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    assert [len(urls(outputs[name])) for name in ("sitemap-1.xml", "sitemap-2.xml")] == [limit, 1]
    assert urls(outputs["sitemap-1.xml"]) + urls(outputs["sitemap-2.xml"]) == every_url
    index = etree.fromstring(outputs["sitemap.xml"])
    assert etree.QName(index).localname == "sitemapindex"
    assert [(s.findtext("s:loc", namespaces=NS), s.findtext("s:lastmod", namespaces=NS))
            for s in index.findall("s:sitemap", NS)] == [
        ("https://example.org/a&b/sitemap-1.xml", "2026-01-07T02:00:00+01:00"),
        ("https://example.org/a&b/sitemap-2.xml", None)]
    assert outputs["robots.txt"] == single["robots.txt"]  # robots.txt names the index


def test_a_byte_limit_splits_too_and_no_part_exceeds_it():
    every_url = urls(sitemap(*entries(5))["sitemap.xml"])
    byte_limit = 600
    outputs = sitemap_with(entries(5), byte_limit=byte_limit)
    parts = sorted((name for name in outputs if name.startswith("sitemap-")), key=lambda n: int(n[8:-4]))
    assert len(parts) > 1
    assert all(len(outputs[name]) <= byte_limit for name in parts)
    assert [u for name in parts for u in urls(outputs[name])] == every_url
