"""Renders /corrections/feed.xml and /corrections/atom.xml: one item per published correction.

Notes are the editor's inline Markdown, rendered and sanitised by `markup.render_note`; every date
comes from the content, never the clock.
"""

from __future__ import annotations

import uuid

from feedgen.feed import FeedGenerator

from ..model.archive import Archive, Correction, Entry
from ..model.routes import Routes, entry_url, permalink
from .feeds import EPOCH, GUID_NAMESPACE, StylesheetExtension, as_html, clean, entry_guid
from .markup import render_note
from .notes import CORRECTIONS_ANCHOR, list_corrections

FEED_FORMATS = {"corrections-rss": (FeedGenerator.rss_str, "application/rss+xml"),
                "corrections-atom": (FeedGenerator.atom_str, "application/atom+xml")}

Outputs = dict[str, bytes]


def correction_guid(entry: Entry, correction: Correction) -> str:
    """A stable id for one correction: from the entry's GUID and the correction's place in its list."""
    index = entry.corrections.index(correction)
    return "urn:uuid:" + str(uuid.uuid5(GUID_NAMESPACE, f"{entry_guid(entry, entry_url(entry))} correction {index}"))


def render_correction_feeds(routes: Routes, archive: Archive) -> Outputs:
    """Every correction -> /corrections/feed.xml (RSS) and /corrections/atom.xml, newest first."""
    config = archive.config
    corrections = list_corrections(archive)[:config.feed_limit]
    feed = FeedGenerator()
    # Like every feed: the stylesheet for people who open it, and RSS's channel description as the
    # HTML feed readers take it to be (the site's title may hold '<' or '&').
    feed.register_extension("parley", StylesheetExtension, atom=True, rss=True)
    description = f"Corrections to briefings published in {config.title}"
    feed.title(clean(f"Corrections — {config.title}"))
    feed.description(clean(description))
    feed.parley.html_description = clean(as_html(description))
    feed.language(config.language)
    feed.author({"name": clean(config.title)})
    feed.generator("Parley")
    newest = corrections[0][1].published if corrections else max((e.modified for e in archive.entries), default=EPOCH)
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for entry, correction in corrections:
        link = permalink(config.base_url, routes.url("entry", entry.source_path)) + "#" + CORRECTIONS_ANCHOR
        item = feed.add_entry(order="append")
        guid = correction_guid(entry, correction)
        item.id(guid)
        item.guid(guid, permalink=False)
        item.title(clean(f"Correction: {entry.title}"))
        item.link(href=link, rel="alternate")
        # Content only: RSS then carries it as the item's description, which readers treat as HTML.
        item.content(clean(str(render_note(correction.note))), type="html")
        item.published(correction.published)
        item.updated(correction.published)
    outputs = {}
    for kind, (to_bytes, media_type) in FEED_FORMATS.items():
        route = routes.by_subject[(kind, None)]
        self_link = permalink(config.base_url, route.url)
        # feedgen takes RSS's <link> from the last link given, so the page comes last.
        feed.link([{"href": self_link, "rel": "self", "type": media_type},
                   {"href": permalink(config.base_url, routes.url("corrections")), "rel": "alternate",
                    "type": "text/html"}], replace=True)
        feed.id(self_link)
        outputs[route.out_path] = to_bytes(feed, pretty=True)
    return outputs
