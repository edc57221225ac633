"""Renders every feed: the whole archive's and one per actor, round and topic, each as RSS 2.0 and
Atom 1.0 (with feedgen) and as JSON Feed 1.1.

Every date comes from the content, never the clock (feedgen stamps `now` unless told otherwise),
and entry ids do not depend on base_url, so moving the site never floods subscribers. RSS
`<description>` is HTML to a feed reader, so plain text goes there escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from dataclasses import dataclass
from typing import Hashable, Mapping

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from markupsafe import Markup

from ..model.archive import Archive, Entry
from ..model.routes import FEED_FORMATS, Routes, permalink, relative_url
from .feed_items import FeedItem, make_item, stamp_moments, topic_label
from .jsonfeed import render_json_feed

GUID_NAMESPACE = uuid.UUID("6f7c3f0e-5d0a-4f51-9a55-2f1c1b5a0d11")  # Parley's own; never change it
URI_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# XML 1.0 forbids most control characters; lxml refuses them, so they are dropped from feed text.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Browsers show a feed through this stylesheet; feed readers ignore the processing instruction.
STYLESHEET_URL = "/assets/feed.xsl"

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
# In the order pages list them: readers that take a page's first feed link get RSS.
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}

Outputs = dict[str, bytes]


def entry_guid(entry: Entry, url: str) -> str:
    """A stable id: the entry's own `id:` if it is a URI, else a UUID derived from it or from the URL path."""
    if entry.feed_id and URI_PATTERN.match(entry.feed_id):
        return entry.feed_id
    return "urn:uuid:" + str(uuid.uuid5(GUID_NAMESPACE, entry.feed_id or url))


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One feed, published as RSS, Atom and JSON: what it holds, when, and where it goes."""

    scope: str  # "" for the whole archive, else "actor-", "round-" or "topic-" (route kind prefixes)
    subject: Hashable  # actor_id, round_no, tag, or None
    title: str
    description: str  # plain text
    page_url: str  # the HTML page the feed follows
    entries: tuple[Entry, ...]  # newest first
    moments: tuple[tuple[dt.datetime, dt.datetime], ...]  # each entry's (published, updated) as stamped
    updated: dt.datetime  # the newest stamped update, or the archive's when the feed is empty

    def route_key(self, format_name: str) -> tuple[str, Hashable]:
        return (self.scope + format_name, self.subject)


def plan_feeds(routes: Routes, archive: Archive) -> list[FeedPlan]:
    """The whole archive's feed and one per actor, round and topic, each with its latest `feed_limit` entries."""
    config = archive.config
    moments = stamp_moments(archive.entries, config.zone)
    newest = max((m[1] for m in moments.values()), default=EPOCH)
    def plan(scope: str, subject: Hashable, title: str, description: str, entries: tuple[Entry, ...]) -> FeedPlan:
        entries = entries[:config.feed_limit]
        stamped = tuple(moments[e.source_path] for e in entries)
        page_url = routes.url(scope + "rss", subject).rsplit("/", 1)[0] + "/"
        return FeedPlan(scope, subject, title, description, page_url, entries, stamped,
                        max((m[1] for m in stamped), default=newest))
    plans = [plan("", None, config.title, config.description, archive.entries)]
    for actor_id, actor in archive.actors.items():
        description = f"Briefings that involve {actor.name}" + (f", {actor.role}" if actor.role else "")
        plans.append(plan("actor-", actor_id, f"{actor.name} — {config.title}", description,
                          archive.by_actor[actor_id]))
    for round_no, round_ in archive.rounds.items():
        plans.append(plan("round-", round_no, f"Round {round_no}: {round_.venue} — {config.title}",
                          f"Briefings from round {round_no} of the talks, {round_.venue}", archive.by_round[round_no]))
    for tag, entries in archive.by_tag.items():
        plans.append(plan("topic-", tag, f"Topic: {topic_label(tag)} — {config.title}",
                          f"Briefings on the topic “{topic_label(tag)}”", entries))
    return plans


def advertised_feeds(page_kind: str, subject: Hashable, archive: Archive) -> list[tuple[str, str, str, Hashable]]:
    """A page -> (media type, title, route kind, subject) of each feed it links to: its own, then the archive's."""
    own = {"actor": lambda: archive.actors[subject].name, "round": lambda: f"Round {subject}",
           "topic": lambda: f"Topic: {topic_label(subject)}"}
    feeds = [(page_kind + "-", subject, own[page_kind]())] if page_kind in own else []
    feeds.append(("", None, archive.config.title))
    return [(FEED_TYPES[name], f"{label} ({FORMAT_LABELS[name]})", scope + name, feed_subject)
            for scope, feed_subject, label in feeds for name in FORMAT_LABELS]


def render_feeds(routes: Routes, archive: Archive, bodies: Mapping[str, Markup]) -> Outputs:
    """The archive -> every feed file (RSS, Atom, JSON) of every planned feed."""
    outputs: Outputs = {}
    for plan in plan_feeds(routes, archive):
        outputs.update(render_feed(plan, routes, archive, bodies))
    return outputs


def render_feed(plan: FeedPlan, routes: Routes, archive: Archive, bodies: Mapping[str, Markup]) -> Outputs:
    """One planned feed -> its RSS, Atom and JSON files."""
    items = [make_item(entry, routes, archive, bodies[entry.source_path],
                       entry_guid(entry, routes.url("entry", entry.source_path)), moments)
             for entry, moments in zip(plan.entries, plan.moments)]
    base_url = archive.config.base_url
    self_links = {name: routes.by_subject[plan.route_key(name)] for name, _ in FEED_FORMATS}
    outputs = serialise(make_feed(archive, plan, items), plan, self_links, base_url)
    json_route = self_links["json"]
    outputs[json_route.out_path] = render_json_feed(plan, items, archive.config, permalink(base_url, json_route.url))
    return outputs


class StylesheetExtension(BaseExtension):
    """Puts the `<?xml-stylesheet?>` instruction before the root, and HTML in RSS's channel description."""

    def __init__(self) -> None:
        self.href = ""
        self.html_description = ""

    def extend_rss(self, rss):
        rss.find("channel/description").text = self.html_description
        return self.extend_atom(rss)

    def extend_atom(self, feed):
        feed.addprevious(etree.ProcessingInstruction("xml-stylesheet", f'type="text/xsl" href="{self.href}"'))
        return feed


def serialise(feed: FeedGenerator, plan: FeedPlan, self_links: dict, base_url: str) -> Outputs:
    """One feed -> its RSS and Atom files, each linking to itself, its other formats and the page it follows."""
    outputs = {}
    for name, to_bytes in (("rss", FeedGenerator.rss_str), ("atom", FeedGenerator.atom_str)):
        route = self_links[name]
        self_link = permalink(base_url, route.url)
        others = [{"href": permalink(base_url, other.url), "rel": "alternate", "type": FEED_TYPES[kind]}
                  for kind, other in self_links.items() if kind != name and name == "atom"]
        # feedgen takes RSS's <link> from the last link given, so the page comes last.
        feed.link([{"href": self_link, "rel": "self", "type": FEED_TYPES[name]}, *others,
                   {"href": permalink(base_url, plan.page_url), "rel": "alternate", "type": "text/html"}],
                  replace=True)
        feed.id(self_link)
        # Relative, so the stylesheet loads from whichever host serves the feed (browsers refuse other origins).
        feed.parley.href = relative_url(route.url, STYLESHEET_URL)
        outputs[route.out_path] = to_bytes(feed, pretty=True)
    return outputs


def make_feed(archive: Archive, plan: FeedPlan, items: list[FeedItem]) -> FeedGenerator:
    """A plan and its items (newest first) -> a FeedGenerator with every date taken from the entries."""
    config = archive.config
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False)
    feed.register_extension("parley", StylesheetExtension, atom=True, rss=True)
    feed.title(clean(plan.title))
    feed.subtitle(clean(plan.description))
    feed.parley.html_description = clean(as_html(plan.description))
    feed.language(config.language)
    feed.author({"name": clean(config.title), "uri": config.base_url})
    feed.generator("Parley")
    feed.updated(plan.updated)
    feed.lastBuildDate(plan.updated)
    for item in items:
        add_item(feed, item)
    return feed


def add_item(feed: FeedGenerator, item: FeedItem) -> None:
    """One FeedItem -> an RSS item and an Atom entry; the summary is escaped into HTML for both."""
    entry = feed.add_entry(order="append")
    entry.id(item.guid)
    entry.guid(item.guid, permalink=False)
    entry.title(clean(item.title))
    entry.link(href=item.url, rel="alternate")
    entry.content(clean(item.content_html), type="html")
    # Sets RSS <description> too: both are HTML to readers, so the plain summary is escaped.
    entry.summary(clean(as_html(item.summary)), type="html")
    entry.published(item.published)
    entry.updated(item.updated)
    entry.author({"name": clean(item.author)})
    entry.dc.dc_creator(clean(item.author))
    for category in item.categories:
        entry.category(term=category.term, label=clean(category.label), scheme=category.scheme)


def as_html(text: str) -> str:
    """Plain text -> HTML that shows it literally; quotes stay as they are (text, not an attribute)."""
    return html.escape(text, quote=False)


def clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text)
