"""Renders /sitemap.xml and /robots.txt for search engines.

The sitemap protocol allows 50,000 URLs and 50 MB in one file; a larger site gets its URLs in
sitemap-1.xml, sitemap-2.xml, … and /sitemap.xml becomes the sitemap index that lists them.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from ..model.archive import Archive
from ..model.routes import Route, Routes, out_path_for, permalink, sitemap_part_url

# The search page is left out: it has no content of its own until a reader types a query.
# Redirect pages (old paths of moved briefings) are left out too: only the briefing's own URL is listed.
SITEMAP_KINDS = ("home", "archive", "year", "month", "entry", "actors", "actor", "rounds", "round", "topics", "topic",
                 "timeline", "subscribe", "data", "about", "export", "corrections")
URL_LIMIT = 50_000  # URLs in one sitemap file, as the protocol requires
BYTE_LIMIT = 50 * 1024 * 1024  # bytes of one uncompressed sitemap file (52,428,800), likewise
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET_OPEN = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
URLSET_CLOSE = "</urlset>\n"

Outputs = dict[str, bytes]


def render_sitemap(routes: Routes, archive: Archive, url_limit: int = URL_LIMIT,
                   byte_limit: int = BYTE_LIMIT) -> Outputs:
    """Every public HTML page -> sitemap.xml (entries with their last-modified date) and robots.txt;
    split into parts under a sitemap index when the URLs exceed `url_limit` or `byte_limit`."""
    base_url = archive.config.base_url
    records = [url_record(base_url, route, archive) for route in routes.of_kind(*SITEMAP_KINDS)]
    parts = split_records(records, url_limit, byte_limit - len(XML_HEAD + URLSET_OPEN + URLSET_CLOSE))
    sitemap_path = routes.by_subject[("sitemap", None)].out_path
    if len(parts) == 1:
        outputs = {sitemap_path: urlset(parts[0])}
    else:
        outputs = {out_path_for(sitemap_part_url(n)): urlset(part) for n, part in enumerate(parts, start=1)}
        outputs[sitemap_path] = sitemap_index(base_url, parts)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {permalink(base_url, routes.url('sitemap'))}\n"
    outputs[routes.by_subject[("robots", None)].out_path] = robots.encode("utf-8")
    return outputs


def url_record(base_url: str, route: Route, archive: Archive) -> tuple[str, str | None]:
    """A page -> its <url> element and its last-modified time (entries only)."""
    lastmod = None
    if route.kind == "entry":
        lastmod = archive.entries[archive.positions[route.subject]].modified.isoformat()
    text = f"  <url><loc>{escape(permalink(base_url, route.url))}</loc>\n"
    if lastmod:
        text += f"    <lastmod>{lastmod}</lastmod>\n"
    return text + "  </url>\n", lastmod


def split_records(records: list[tuple[str, str | None]], url_limit: int,
                  byte_limit: int) -> list[list[tuple[str, str | None]]]:
    """Records in order -> consecutive parts of at most `url_limit` records and `byte_limit` bytes each."""
    parts: list[list[tuple[str, str | None]]] = [[]]
    size = 0
    for record in records:
        length = len(record[0].encode("utf-8"))
        if parts[-1] and (len(parts[-1]) >= url_limit or size + length > byte_limit):
            parts.append([])
            size = 0
        parts[-1].append(record)
        size += length
    return parts


def urlset(part: list[tuple[str, str | None]]) -> bytes:
    return (XML_HEAD + URLSET_OPEN + "".join(text for text, _ in part) + URLSET_CLOSE).encode("utf-8")


def sitemap_index(base_url: str, parts: list[list[tuple[str, str | None]]]) -> bytes:
    """The parts -> a sitemap index naming each, with the latest change among its entries when it has any."""
    lines = [XML_HEAD + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for number, part in enumerate(parts, start=1):
        lines.append(f"  <sitemap><loc>{escape(permalink(base_url, sitemap_part_url(number)))}</loc>\n")
        lastmods = [lastmod for _, lastmod in part if lastmod]
        if lastmods:
            lines.append(f"    <lastmod>{latest(lastmods)}</lastmod>\n")
        lines.append("  </sitemap>\n")
    lines.append("</sitemapindex>\n")
    return "".join(lines).encode("utf-8")


def latest(times: list[str]) -> str:
    """The latest of ISO 8601 times, compared as instants: as text, times with different offsets misorder."""
    return max(times, key=lambda text: dt.datetime.fromisoformat(text).timestamp())
