"""Plans every page and feed: the only place URLs and output paths are decided.

Routes are planned before anything is rendered, so two entries claiming one URL is a content
error naming both files rather than one page silently overwriting the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Hashable, Mapping

from ..errors import ContentError
from .archive import Archive, Entry

# Page kinds rendered from a layout, and the feeds/text files rendered by code.
PAGE_KINDS = ("home", "archive", "year", "month", "entry", "actors", "actor", "rounds", "round", "timeline", "search",
              "not-found", "corrections", "redirect")
FEED_KINDS = ("rss", "atom", "actor-rss", "actor-atom", "corrections-rss", "corrections-atom")
# Folders of files that are not routes (layout assets, the search bundle): no old path may lead into them.
RESERVED_FOLDERS = ("assets", "pagefind")


@dataclass(frozen=True, slots=True)
class Route:
    kind: str
    url: str  # site-relative, starting with "/"
    out_path: str  # relative to site/
    # entry source_path, actor_id, round_no, year, (year, month), (source_path, old url) of a redirect, or None
    subject: Hashable = None


@dataclass(frozen=True, slots=True)
class Routes:
    routes: tuple[Route, ...]
    by_subject: Mapping[tuple[str, Hashable], Route]

    def url(self, kind: str, subject: Hashable = None) -> str:
        """The site-relative URL of a planned page; a KeyError here is a bug in a layout or stage."""
        return self.by_subject[(kind, subject)].url

    def of_kind(self, *kinds: str) -> tuple[Route, ...]:
        return tuple(route for route in self.routes if route.kind in kinds)


def entry_url(entry: Entry) -> str:
    return f"/briefings/{entry.date:%Y/%m/%d}/{entry.slug}/"


# The out_paths of entry pages, and only of them: what the search indexer needs to read. Redirect pages
# of old paths under /briefings/ match it too; having no data-pagefind-body, they are left out of the index.
ENTRY_PAGES_GLOB = "briefings/*/*/*/*/index.html"


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


def plan_routes(archive: Archive) -> tuple[Routes, list[ContentError]]:
    """Archive -> one Route per page and feed; entries that claim one URL become errors naming both files."""
    planned: list[Route] = [
        make_route("home", "/"), make_route("archive", "/briefings/"),
        make_route("actors", "/actors/"), make_route("rounds", "/rounds/"),
        make_route("timeline", "/timeline/"), make_route("search", "/search/"),
        make_route("rss", "/feed.xml"), make_route("atom", "/atom.xml"),
        make_route("sitemap", "/sitemap.xml"), make_route("robots", "/robots.txt"),
        make_route("not-found", "/404.html"), make_route("corrections", "/corrections/"),
        make_route("corrections-rss", "/corrections/feed.xml"), make_route("corrections-atom", "/corrections/atom.xml"),
    ]
    months = sorted({(e.date.year, e.date.month) for e in archive.entries})
    planned += [make_route("year", f"/briefings/{year}/", year) for year in sorted({y for y, _ in months})]
    planned += [make_route("month", f"/briefings/{y}/{m:02d}/", (y, m)) for y, m in months]
    for actor_id in archive.actors:
        planned += [make_route("actor", f"/actors/{actor_id}/", actor_id),
                    make_route("actor-rss", f"/actors/{actor_id}/feed.xml", actor_id),
                    make_route("actor-atom", f"/actors/{actor_id}/atom.xml", actor_id)]
    planned += [make_route("round", f"/rounds/{n}/", n) for n in archive.rounds]
    # Oldest first, so when two entries claim one URL the error lands on the newer file.
    by_age = sorted(archive.entries, key=lambda e: (e.published.timestamp(), e.date, e.source_path))
    planned += [make_route("entry", entry_url(e), e.source_path) for e in by_age]
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
        elif route.kind == "entry" and first.kind == "entry":
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
    return Routes(routes, MappingProxyType({(r.kind, r.subject): r for r in routes})), errors
