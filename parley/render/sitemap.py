"""Renders /sitemap.xml and /robots.txt for search engines."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..model.archive import Archive
from ..model.routes import Routes, permalink

# The search page is left out: it has no content of its own until a reader types a query.
# Redirect pages (old paths of moved briefings) are left out too: only the briefing's own URL is listed.
SITEMAP_KINDS = ("home", "archive", "year", "month", "entry", "actors", "actor", "rounds", "round", "timeline",
                 "corrections")

Outputs = dict[str, bytes]


def render_sitemap(routes: Routes, archive: Archive) -> Outputs:
    """Every public HTML page -> sitemap.xml (entries with their last-modified date) and robots.txt."""
    base_url = archive.config.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for route in routes.of_kind(*SITEMAP_KINDS):
        lines.append(f"  <url><loc>{escape(permalink(base_url, route.url))}</loc>")
        if route.kind == "entry":
            entry = archive.entries[archive.positions[route.subject]]
            lines.append(f"    <lastmod>{entry.modified.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {permalink(base_url, routes.url('sitemap'))}\n"
    return {
        routes.by_subject[("sitemap", None)].out_path: ("\n".join(lines) + "\n").encode("utf-8"),
        routes.by_subject[("robots", None)].out_path: robots.encode("utf-8"),
    }
