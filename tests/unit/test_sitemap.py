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
        (base + "corrections/", None), (base, None), (base + "rounds/", None), (base + "timeline/", None),
    ]
    assert b"a&amp;b" in outputs["sitemap.xml"]


def test_robots_points_at_the_sitemap():
    assert sitemap()["robots.txt"] == b"User-agent: *\nAllow: /\n\nSitemap: https://example.org/a&b/sitemap.xml\n"
