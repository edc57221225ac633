"""Plans every page and feed: the only place URLs and output paths are decided.

Routes are planned before anything is rendered, so two entries claiming one URL is a content
error naming both files rather than one page silently overwriting the other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType
from typing import Hashable, Mapping, Sequence, TypeVar

from ..errors import ContentError
from .archive import Archive, Entry

# Page kinds rendered from a layout, and the feeds/text files rendered by code.
PAGE_KINDS = ("home", "archive", "year", "month", "entry", "actors", "actor", "rounds", "round", "topics", "topic",
              "timeline", "search", "subscribe", "not-found", "data", "about", "events", "event", "corrections",
              "redirect")
# Every feed comes in these formats, each under its own file name beside the page it follows.
FEED_FORMATS = (("rss", "feed.xml"), ("atom", "atom.xml"), ("json", "feed.json"))
# What can be followed: the whole archive (no prefix), an actor, a round or a topic.
FEED_SCOPES = ("", "actor-", "round-", "topic-")
FEED_KINDS = (*(scope + format_name for scope in FEED_SCOPES for format_name, _ in FEED_FORMATS),
              "corrections-rss", "corrections-atom")
# Folders of files that are not routes (layout assets, the search bundle): no old path may lead into them.
RESERVED_FOLDERS = ("assets", "pagefind")
# The open-data files under /data/ (rendered by render/exports.py, which owns their content).
EXPORT_FILES = ("briefings.json", "events.json", "actors.json", "rounds.json", "outlets.json", "briefings.csv",
                "briefings.schema.json", "events.schema.json", "actors.schema.json", "rounds.schema.json",
                "outlets.schema.json")
# What each entry publishes at its URL: the page and its citation files (clash together or not at all).
ENTRY_OUTPUT_KINDS = ("entry", "cite-bibtex", "cite-csl")
# A list page shows at most this many briefings: 50 entry cards weigh about 40 KB, so a list page
# stays far under the 200 KB page budget however large the archive grows.
PAGE_SIZE = 50
Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Route:
    kind: str
    url: str  # site-relative, starting with "/"
    out_path: str  # relative to site/
    # entry source_path, actor_id, round_no, year, (year, month), (source_path, old url) of a redirect, or None
    subject: Hashable = None
    page_no: int = 1  # which page of a list split into pages (see make_paged_routes)
    page_count: int = 1


@dataclass(frozen=True, slots=True)
class Routes:
    routes: tuple[Route, ...]
    by_subject: Mapping[tuple[str, Hashable], Route]  # the first page of each subject
    by_page: Mapping[tuple[str, Hashable, int], Route]  # every page, by (kind, subject, page_no)

    def url(self, kind: str, subject: Hashable = None) -> str:
        """The site-relative URL of a planned page; a KeyError here is a bug in a layout or stage."""
        return self.by_subject[(kind, subject)].url

    def page_url(self, kind: str, subject: Hashable, page_no: int) -> str:
        """The URL of page `page_no` of a list split into pages (page 1 is `url(kind, subject)`)."""
        return self.by_page[(kind, subject, page_no)].url

    def of_kind(self, *kinds: str) -> tuple[Route, ...]:
        return tuple(route for route in self.routes if route.kind in kinds)


def entry_url(entry: Entry) -> str:
    return f"/briefings/{entry.date:%Y/%m/%d}/{entry.slug}/"


# The out_paths of entry pages, and only of them: what the search indexer needs to read. Redirect pages
# of old paths under /briefings/ match it too; having no data-pagefind-body, they are left out of the index.
ENTRY_PAGES_GLOB = "briefings/*/*/*/*/index.html"
SEARCH_DIR = "pagefind"
# A year with more briefings than this is indexed as one shard per month. The indexer was measured at
# 2–3 s and ~320 MiB for a 2,500-page year; scaled by pages, a shard of at most 1,000 pages re-indexes
# in about a second within ~130 MiB, and a month of even a 25,000-briefing year (~2,100 pages, ~270 MiB)
# stays well under the 1 GB target. Smaller years stay whole: every bundle is one more download on the
# search page, and one more search for "newest first", in the reader's browser.
SHARD_SPLIT_PAGES = 1000


@dataclass(frozen=True, slots=True)
class SearchShard:
    """One search bundle: the briefings of one year (or month), indexed on their own and merged in the browser."""

    name: str  # "2025", or "2025-03" for a month of a large year; also the bundle's folder name
    url: str  # of the bundle folder, e.g. /pagefind/2025/
    out_dir: str  # the bundle folder, relative to site/
    glob: str  # the shard's entry pages, for the indexer
    out_paths: tuple[str, ...]  # the same pages, listed


def plan_search_shards(archive: Archive) -> tuple[SearchShard, ...]:
    """Archive -> one search shard per year of briefings, or per month of a year over SHARD_SPLIT_PAGES;
    newest first (the first is the primary bundle)."""
    by_year: dict[int, list[Entry]] = {}
    for entry in archive.entries:
        by_year.setdefault(entry.date.year, []).append(entry)
    shards: list[SearchShard] = []
    for year in sorted(by_year, reverse=True):
        if len(by_year[year]) <= SHARD_SPLIT_PAGES:
            shards.append(make_search_shard(str(year), f"briefings/{year}/*/*/*/index.html", by_year[year]))
        else:
            by_month: dict[int, list[Entry]] = {}
            for entry in by_year[year]:
                by_month.setdefault(entry.date.month, []).append(entry)
            shards += [make_search_shard(f"{year}-{month:02d}", f"briefings/{year}/{month:02d}/*/*/index.html",
                                         by_month[month]) for month in sorted(by_month, reverse=True)]
    return tuple(shards)


def make_search_shard(name: str, glob: str, entries: Sequence[Entry]) -> SearchShard:
    return SearchShard(name, f"/{SEARCH_DIR}/{name}/", f"{SEARCH_DIR}/{name}", glob,
                       tuple(sorted(out_path_for(entry_url(entry)) for entry in entries)))


def sitemap_part_url(number: int) -> str:
    """The URL of part `number` (from 1) of a sitemap split under a sitemap index at /sitemap.xml."""
    return f"/sitemap-{number}.xml"


def out_path_for(url: str) -> str:
    """A URL -> the file that serves it: directory URLs get an index.html."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path


def root_prefix(from_url: str) -> str:
    """The relative path from the page at `from_url` back to the site root: "", "../", "../../", …"""
    return "../" * from_url.count("/", 1)


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` that works under any host and sub-path.

    Always climbs to the site root and back down: one rule, no path arithmetic per link.
    """
    return (root_prefix(from_url) + to_url.lstrip("/")) or "./"


def permalink(base_url: str, url: str) -> str:
    """A site-relative URL -> the absolute address readers and feed readers use."""
    return base_url + url.lstrip("/")


def paged_url(url: str, page_no: int) -> str:
    """The URL of page `page_no` of the list at `url`: page 1 keeps `url`, later pages are `url`page/N/."""
    return url if page_no == 1 else f"{url}page/{page_no}/"


def count_pages(item_count: int, page_size: int = PAGE_SIZE) -> int:
    """How many pages a list of `item_count` items needs: at least one, so an empty list keeps its page."""
    return max(1, -(-item_count // page_size))


def make_paged_routes(kind: str, url: str, subject: Hashable, item_count: int,
                      page_size: int = PAGE_SIZE) -> list[Route]:
    """One route per page of a list of `item_count` items shown at `url` (a directory URL)."""
    page_count = count_pages(item_count, page_size)
    return [Route(kind, paged_url(url, n), out_path_for(paged_url(url, n)), subject, n, page_count)
            for n in range(1, page_count + 1)]


def page_items(items: Sequence[Item], route: Route, page_size: int = PAGE_SIZE) -> Sequence[Item]:
    """The items (already in list order, newest first) that page `route.page_no` shows."""
    start = (route.page_no - 1) * page_size
    return items[start:start + page_size]


def plan_routes(archive: Archive) -> tuple[Routes, list[ContentError]]:
    """Archive -> one Route per page and feed; entries that claim one URL become errors naming both files."""
    planned: list[Route] = [
        make_route("home", "/"), make_route("archive", "/briefings/"),
        make_route("actors", "/actors/"), make_route("rounds", "/rounds/"),
        make_route("timeline", "/timeline/"), make_route("search", "/search/"),
        make_route("topics", "/topics/"), make_route("subscribe", "/subscribe/"),
        make_route("opml", "/feeds.opml"),
        make_route("sitemap", "/sitemap.xml"), make_route("robots", "/robots.txt"),
        make_route("not-found", "/404.html"), make_route("data", "/data/"),
        *(make_route("export", f"/data/{name}", name) for name in EXPORT_FILES),
        *([make_route("about", "/about/")] if archive.about else []),
        make_route("corrections", "/corrections/"),
        make_route("corrections-rss", "/corrections/feed.xml"), make_route("corrections-atom", "/corrections/atom.xml"),
    ]
    planned += feed_routes("", "/")
    per_year: Counter[int] = Counter()
    for (year, month), entries in archive.by_month.items():
        per_year[year] += len(entries)
        planned += make_paged_routes("month", f"/briefings/{year}/{month:02d}/", (year, month), len(entries))
    for year in sorted(per_year):
        planned += make_paged_routes("year", f"/briefings/{year}/", year, per_year[year])
    for actor_id in archive.actors:
        planned += [*make_paged_routes("actor", f"/actors/{actor_id}/", actor_id, len(archive.by_actor[actor_id])),
                    *feed_routes("actor-", f"/actors/{actor_id}/", actor_id)]
    for round_no in archive.rounds:
        planned += [*make_paged_routes("round", f"/rounds/{round_no}/", round_no, len(archive.by_round[round_no])),
                    *feed_routes("round-", f"/rounds/{round_no}/", round_no)]
    for tag, tagged in archive.by_tag.items():
        planned += [*make_paged_routes("topic", f"/topics/{tag}/", tag, len(tagged)),
                    *feed_routes("topic-", f"/topics/{tag}/", tag)]
    planned += make_paged_routes("events", "/events/", None, len(archive.events))
    planned += [make_route("event", f"/events/{event_id}/", event_id) for event_id in archive.events]
    # Oldest first, so when two entries claim one URL the error lands on the newer file.
    by_age = sorted(archive.entries, key=lambda e: (e.published.timestamp(), e.date, e.source_path))
    for entry in by_age:
        url = entry_url(entry)
        planned += [make_route("entry", url, entry.source_path), make_route("cite-bibtex", url + "cite.bib", entry.source_path),
                    make_route("cite-csl", url + "cite.json", entry.source_path)]
    # Redirects come last: an old path never takes a URL from a real page.
    planned += [make_route("redirect", alias.url, (e.source_path, alias.url)) for e in by_age for alias in e.aliases]
    return collect_routes(planned, {e.source_path: e for e in archive.entries})


def claimed_by(first: Route, route: Route) -> str:
    """Why an old path cannot be a redirect: what already has that URL."""
    if first.kind == "entry" and first.subject == route.subject[0]:
        return f"'{route.url}' is this briefing's own URL"
    if first.kind == "entry":
        return f"'{route.url}' is the URL of {first.subject}"
    if first.kind == "redirect":
        return f"'{route.url}' is also an alias in {first.subject[0]}"
    return f"'{route.url}' is the URL of the site's {first.kind} page"


def alias_error(route: Route, entries: Mapping[str, Entry] | None, message: str, hint: str) -> ContentError:
    """An error on the `aliases` line that lists the redirect's old path."""
    source_path, url = route.subject
    entry = (entries or {}).get(source_path)
    line = next((a.line for a in entry.aliases if a.url == url), 1) if entry else 1
    return ContentError(source_path, line, "aliases", message, hint)


def feed_routes(scope: str, page_url: str, subject: Hashable = None) -> list[Route]:
    """The RSS, Atom and JSON feeds that follow the page at `page_url`, one route per format."""
    return [make_route(scope + format_name, page_url + file_name, subject) for format_name, file_name in FEED_FORMATS]


def make_route(kind: str, url: str, subject: Hashable = None) -> Route:
    return Route(kind, url, out_path_for(url), subject)


def collect_routes(planned: list[Route], entries: Mapping[str, Entry] | None = None) -> tuple[Routes, list[ContentError]]:
    """Index routes by out_path; a second claim on one path is an error naming both sources."""
    by_out_path: dict[str, Route] = {}
    errors: list[ContentError] = []
    for route in planned:
        first = by_out_path.get(route.out_path)
        if route.kind == "redirect" and route.out_path.split("/", 1)[0] in RESERVED_FOLDERS:
            errors.append(alias_error(route, entries, f"'{route.url}' is inside /{route.out_path.split('/', 1)[0]}/,"
                                                      " which holds Parley's own files", "remove it from aliases"))
        elif first is None:
            by_out_path[route.out_path] = route
        elif route.kind in ENTRY_OUTPUT_KINDS and first.kind in ENTRY_OUTPUT_KINDS:
            if route.kind != "entry":
                continue  # the clash of the two entries' pages is reported once, below
            line = entries[route.subject].line_of("slug") if entries else 1
            errors.append(ContentError(route.subject, line, "slug", f"URL {route.url} is also claimed by {first.subject}",
                                       "give one of them a different slug (file name or 'slug:' field)"))
        elif route.kind == "redirect":
            errors.append(alias_error(route, entries, claimed_by(first, route), "remove it from aliases"))
        elif first.kind == "redirect":  # a page planned after the redirects still wins its URL
            by_out_path[route.out_path] = route
            errors.append(alias_error(first, entries, claimed_by(route, first), "remove it from aliases"))
        else:  # only entries and redirects take their URL from content, so any other clash is a bug here
            raise AssertionError(f"route collision on {route.out_path}: {first} and {route}")
    routes = tuple(sorted(by_out_path.values(), key=lambda r: r.out_path))
    by_subject = {(r.kind, r.subject): r for r in routes if r.page_no == 1}
    by_page = {(r.kind, r.subject, r.page_no): r for r in routes}
    return Routes(routes, MappingProxyType(by_subject), MappingProxyType(by_page)), errors
