"""Renders the RSS 2.0 and Atom 1.0 feeds, for the whole archive and for each actor, with feedgen.

Every date comes from the content, never the clock (feedgen stamps `now` unless told otherwise),
and entry ids do not depend on base_url, so moving the site never floods subscribers.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Hashable, Mapping

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from ..model.archive import Archive, Entry
from ..model.routes import Routes, permalink
from .markup import rebase_site_links
from .notes import corrections_html

GUID_NAMESPACE = uuid.UUID("6f7c3f0e-5d0a-4f51-9a55-2f1c1b5a0d11")  # Parley's own; never change it
URI_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# XML 1.0 forbids most control characters; lxml refuses them, so they are dropped from feed text.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FEED_TYPES = {"rss": "application/rss+xml", "actor-rss": "application/rss+xml",
              "atom": "application/atom+xml", "actor-atom": "application/atom+xml"}

Outputs = dict[str, bytes]


def entry_guid(entry: Entry, url: str) -> str:
    """A stable id: the entry's own `id:` if it is a URI, else a UUID derived from it or from the URL path."""
    if entry.feed_id and URI_PATTERN.match(entry.feed_id):
        return entry.feed_id
    return "urn:uuid:" + str(uuid.uuid5(GUID_NAMESPACE, entry.feed_id or url))


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One feed, published as RSS and Atom: what it holds and where it goes."""

    title: str
    description: str
    page_url: str  # the HTML page the feed follows
    entries: tuple[Entry, ...]  # newest first
    rss_key: tuple[str, Hashable]  # (kind, subject) of its routes
    atom_key: tuple[str, Hashable]


def plan_feeds(routes: Routes, archive: Archive) -> list[FeedPlan]:
    """The whole archive's feed and one per actor, each with its latest `feed_limit` entries."""
    config = archive.config
    limit = config.feed_limit
    plans = [FeedPlan(config.title, config.description, "/", archive.entries[:limit], ("rss", None), ("atom", None))]
    for actor_id, actor in archive.actors.items():
        description = f"Briefings that involve {actor.name}" + (f", {actor.role}" if actor.role else "")
        plans.append(FeedPlan(f"{actor.name} — {config.title}", description, routes.url("actor", actor_id),
                              archive.by_actor[actor_id][:limit], ("actor-rss", actor_id), ("actor-atom", actor_id)))
    return plans


def render_feeds(routes: Routes, archive: Archive, bodies: Mapping[str, Markup]) -> Outputs:
    """The archive -> /feed.xml, /atom.xml and each actor's feed.xml and atom.xml."""
    outputs: Outputs = {}
    for plan in plan_feeds(routes, archive):
        outputs.update(render_feed(plan, routes, archive, bodies))
    return outputs


def render_feed(plan: FeedPlan, routes: Routes, archive: Archive, bodies: Mapping[str, Markup]) -> Outputs:
    """One planned feed -> its RSS and Atom files."""
    feed = make_feed(routes, archive, bodies, plan.entries, plan.title, plan.description)
    return serialise(feed, routes, archive.config.base_url, plan.page_url, plan.rss_key, plan.atom_key)


def serialise(feed: FeedGenerator, routes: Routes, base_url: str, page_url: str,
              rss_key: tuple, atom_key: tuple) -> Outputs:
    """One feed -> its RSS and Atom files, each linking to itself and to the page it follows."""
    outputs = {}
    for key, to_bytes in ((rss_key, FeedGenerator.rss_str), (atom_key, FeedGenerator.atom_str)):
        route = routes.by_subject[key]
        self_link = permalink(base_url, route.url)
        # feedgen takes RSS's <link> from the last link given, so the page comes last.
        feed.link([{"href": self_link, "rel": "self", "type": FEED_TYPES[route.kind]},
                   {"href": permalink(base_url, page_url), "rel": "alternate", "type": "text/html"}], replace=True)
        feed.id(self_link)
        outputs[route.out_path] = to_bytes(feed, pretty=True)
    return outputs


def make_feed(routes: Routes, archive: Archive, bodies: Mapping[str, Markup], entries: tuple[Entry, ...],
              title: str, description: str) -> FeedGenerator:
    """Entries (newest first) -> a FeedGenerator with every date taken from the entries."""
    config = archive.config
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(clean(title))
    feed.description(clean(description))
    feed.subtitle(clean(description))
    feed.language(config.language)
    feed.author({"name": clean(config.title)})
    feed.generator("Parley")
    newest = max((e.modified for e in entries), default=max((e.modified for e in archive.entries), default=EPOCH))
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for entry in entries:
        add_entry(feed, routes, archive, entry, bodies[entry.source_path])
    return feed


def add_entry(feed: FeedGenerator, routes: Routes, archive: Archive, entry: Entry, body: Markup) -> None:
    config = archive.config
    url = routes.url("entry", entry.source_path)
    item = feed.add_entry(order="append")
    guid = entry_guid(entry, url)
    item.id(guid)
    item.guid(guid, permalink=False)
    item.title(clean(entry.title))
    item.link(href=permalink(config.base_url, url), rel="alternate")
    item.summary(clean(entry.summary))
    # Published corrections follow the body, so subscribers see what was put right (and when: `updated`).
    # Links an editor wrote from the site root become absolute: a feed reader has no page to resolve them from.
    item.content(clean(str(rebase_site_links(body, config.base_url)) + str(corrections_html(entry))), type="html")
    item.published(entry.published)
    item.updated(entry.modified)
    for actor_id in entry.actor_ids:
        actor = archive.actors[actor_id]
        item.category(term=actor_id, label=clean(actor.name), scheme=permalink(config.base_url, "/actors/"))
    if entry.round_no is not None:
        item.category(term=f"round-{entry.round_no}", label=f"Round {entry.round_no}",
                      scheme=permalink(config.base_url, "/rounds/"))


def clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text)
