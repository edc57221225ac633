"""What one briefing says in a feed, whatever the format: its stamped dates, its HTML content
(body, sources, then any further sections), its author and its categories.

RSS, Atom and JSON Feed writers all read these items, so the three formats never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping
from zoneinfo import ZoneInfo

import lxml.html
from markupsafe import Markup, escape

from .markup import rebase_site_links
from .notes import corrections_html
from ..model.archive import Archive, Entry
from ..model.routes import Routes, permalink

# A date with no time must read as that date to every reader: from UTC−9 that needs 09:00 UTC or
# later, from UTC+14 earlier than 10:00 UTC. Inside that hour, noon in the archive's zone is
# preferred (for Damascus, UTC+3, noon is 09:00 UTC exactly); same-day items count up from there.
SAFE_HOUR_START = dt.time(9, 0)
SAFE_HOUR = dt.timedelta(hours=1)
STEP = dt.timedelta(seconds=1)
# href, src and cite values that are not absolute: feed readers resolve them against the wrong base.
RELATIVE_REF = re.compile(r'\b(?:href|src|cite)="(?![a-zA-Z][a-zA-Z0-9+.-]*:)')
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

Moments = Mapping[str, tuple[dt.datetime, dt.datetime]]  # source_path -> (published, updated) as stamped


@dataclass(frozen=True, slots=True)
class Category:
    term: str
    label: str
    scheme: str  # the permalink of the index page the term belongs to


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry as every feed format shows it; `content_html` is sanitised HTML with absolute links."""

    guid: str
    url: str  # permalink of the briefing page
    title: str
    summary: str  # plain text
    content_html: str
    published: dt.datetime
    updated: dt.datetime
    author: str
    categories: tuple[Category, ...]
    language: str


def is_date_only(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether a stamped date was written without a time: the reader stores it as midnight in the archive's zone."""
    return moment.time() == dt.time(0) and getattr(moment.tzinfo, "key", None) == zone.key


def safe_anchor(day: dt.date, zone: ZoneInfo, count: int) -> dt.datetime:
    """The first of `count` seconds for `day`: noon in `zone`, moved into the hour every reader sees as `day`."""
    earliest = dt.datetime.combine(day, SAFE_HOUR_START, tzinfo=dt.timezone.utc)
    latest = earliest + SAFE_HOUR - count * STEP
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=zone)
    return min(max(noon, earliest), max(latest, earliest)).astimezone(zone)


def stamp_moments(entries: Iterable[Entry], zone: ZoneInfo) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Entries in the site's order -> (published, updated) for feeds: distinct per day and in that order.

    A date without a time gets a second in its day's safe hour, the site's first entry of the day
    the latest second, so readers that sort by date keep the site's order. Dates and times an
    editor wrote are kept as written.
    """
    entries = list(entries)
    published_on: dict[dt.date, list[Entry]] = defaultdict(list)
    updated_on: dict[dt.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        if is_date_only(entry.published, zone):
            published_on[entry.published.date()].append(entry)
        if entry.revised and is_date_only(entry.revised, zone):  # the latest `updated:` or correction
            updated_on[entry.revised.date()].append(entry)
    published: dict[str, dt.datetime] = {}
    updated: dict[str, dt.datetime] = {}
    for day in sorted(published_on.keys() | updated_on.keys()):
        first, later = published_on.get(day, []), updated_on.get(day, [])
        anchor = safe_anchor(day, zone, len(first) + len(later))
        for index, entry in enumerate(first):
            published[entry.source_path] = anchor + (len(first) - 1 - index) * STEP
        # Corrections dated that day come after that day's briefings.
        for index, entry in enumerate(later):
            updated[entry.source_path] = anchor + (len(first) + len(later) - 1 - index) * STEP
    moments = {}
    for entry in entries:
        stamped = published.get(entry.source_path, entry.published)
        revised = updated.get(entry.source_path, entry.revised or stamped)
        moments[entry.source_path] = (stamped, max(revised, stamped))
    return moments


def long_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def topic_label(tag: str) -> str:
    """A topic slug -> the words readers see: 'golan-heights' -> 'golan heights'."""
    return tag.replace("-", " ")


def absolute_links(html: str, base: str) -> str:
    """HTML -> the same HTML with every relative href, src and cite resolved against `base`."""
    if not RELATIVE_REF.search(html):
        return html
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    fragment.make_links_absolute(base, resolve_base_href=False)
    # The wrapper's own text (before the first element) is kept; every element follows.
    return (fragment.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)


def sources_section(entry: Entry, archive: Archive) -> str:
    """The outlets a briefing summarises, with their dates and links where known, as HTML."""
    items = []
    for source in entry.sources:
        outlet = escape(source.outlet)
        if source.url:
            outlet = Markup('<a href="{}">{}</a>').format(source.url, source.outlet)
        date = Markup(", {}").format(long_date(source.published)) if source.published else ""
        items.append(Markup("<li>{}{}</li>").format(outlet, date))
    if not items:
        return ""
    return str(Markup("<h2>Sources</h2>\n<ul>\n{}\n</ul>").format(Markup("\n").join(items)))


def corrections_section(entry: Entry, archive: Archive) -> str:
    """An entry's published corrections, each dated, as HTML (or "" when there are none)."""
    return str(corrections_html(entry))


# What follows the body in a feed item, in order; each returns HTML or "".
CONTENT_SECTIONS: tuple[Callable[[Entry, Archive], str], ...] = (sources_section, corrections_section)


def item_content(entry: Entry, archive: Archive, body: Markup, url: str) -> str:
    """An entry's body and sections -> one HTML string whose links work outside the site."""
    # Links an editor wrote from the site root ("/briefings/…") start at base_url, which may have a path.
    parts = [str(rebase_site_links(body, archive.config.base_url)).strip()]
    parts += [section(entry, archive) for section in CONTENT_SECTIONS]
    return absolute_links("\n".join(part for part in parts if part), url)


def item_categories(entry: Entry, archive: Archive) -> tuple[Category, ...]:
    """Actors, then the round, then the topics: each term with the index page it belongs to."""
    base_url = archive.config.base_url
    categories = [Category(actor_id, archive.actors[actor_id].name, permalink(base_url, "/actors/"))
                  for actor_id in entry.actor_ids]
    if entry.round_no is not None:
        categories.append(Category(f"round-{entry.round_no}", f"Round {entry.round_no}",
                                   permalink(base_url, "/rounds/")))
    categories += [Category(tag, topic_label(tag), permalink(base_url, "/topics/"))
                   for tag in dict.fromkeys(entry.tags)]
    return tuple(categories)


def make_item(entry: Entry, routes: Routes, archive: Archive, body: Markup, guid: str,
              moments: tuple[dt.datetime, dt.datetime]) -> FeedItem:
    """One entry and its stamped dates -> the FeedItem every format writes."""
    config = archive.config
    url = permalink(config.base_url, routes.url("entry", entry.source_path))
    return FeedItem(guid=guid, url=url, title=entry.title, summary=entry.summary,
                    content_html=item_content(entry, archive, body, url), published=moments[0], updated=moments[1],
                    author=config.title, categories=item_categories(entry, archive),
                    language=entry.lang or config.language)
