"""Renders /feeds.opml: every feed of the site in one file that feed readers import.

Each feed is listed once, by its RSS address (importing all three formats would subscribe a
reader three times), grouped as the subscribe page groups them.
"""

from __future__ import annotations

from lxml import etree

from ..model.archive import Archive
from ..model.routes import Routes, permalink
from .feeds import plan_feeds

GROUPS = (("", "The whole archive"), ("actor-", "Actors"), ("round-", "Rounds"), ("topic-", "Topics"))

Outputs = dict[str, bytes]


def render_opml(routes: Routes, archive: Archive) -> Outputs:
    """The archive's feeds -> feeds.opml (OPML 2.0), one outline per feed under one per group."""
    base_url = archive.config.base_url
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = f"{archive.config.title}: feeds"
    etree.SubElement(head, "ownerId").text = permalink(base_url, routes.url("subscribe"))
    body = etree.SubElement(opml, "body")
    plans = plan_feeds(routes, archive)
    for scope, label in GROUPS:
        group = etree.SubElement(body, "outline", text=label)
        for plan in (p for p in plans if p.scope == scope):
            etree.SubElement(group, "outline", type="rss", text=plan.title, title=plan.title,
                             xmlUrl=permalink(base_url, routes.url(plan.route_key("rss")[0], plan.subject)),
                             htmlUrl=permalink(base_url, plan.page_url))
    corrections = etree.SubElement(body, "outline", text="Corrections")
    title = f"Corrections — {archive.config.title}"
    etree.SubElement(corrections, "outline", type="rss", text=title, title=title,
                     xmlUrl=permalink(base_url, routes.url("corrections-rss")),
                     htmlUrl=permalink(base_url, routes.url("corrections")))
    text = etree.tostring(opml, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return {routes.by_subject[("opml", None)].out_path: text}
