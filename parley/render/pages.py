"""Renders HTML pages from the layouts: one context builder per page kind, then Jinja.

Templates get read-only model objects and small functions (links, dates); they never see
build state, and a typo in a layout fails the build (StrictUndefined) instead of rendering blank.
"""

from __future__ import annotations

import datetime as dt
import json
import traceback
from itertools import groupby
from pathlib import Path
from typing import Callable, Mapping

import jinja2
from markupsafe import Markup

from .. import __version__
from ..errors import BuildFailed, ContentError
from ..model.archive import RTL_LANGUAGES, Archive, Entry
from ..model.routes import (Route, Routes, entry_url, page_items, permalink, plan_search_shards, relative_url,
                            root_prefix)
from .citations import bibtex, csl_json, plain_citation
from .exports import codebook
from .feed_items import topic_label
from .feeds import advertised_feeds
from .markup import rebase_site_links, render_note
from .notes import CORRECTIONS_ANCHOR, list_corrections
from .pagination import make_pager
from .timeline import Mark, plan_activity
from . import event_pages
from .markup import MarkdownRenderer
from ..model import talks

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Pages that summarise the whole archive: re-rendered whenever any entry changes.
ARCHIVE_WIDE_KINDS = frozenset({"home", "archive", "actors", "rounds", "topics", "timeline", "search", "subscribe",
                                "not-found", "events"})
HOME_LATEST = 10
ARCHIVE_LATEST = 20
ASSETS_DIR = "assets"

# Parley's own layouts: used where a project has none, and for any layout its folder lacks.
BUNDLED_LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
# Outputs that are not HTML pages: their layouts print text built in code (not autoescaped as HTML).
TEMPLATE_NAMES = {"cite-bibtex": "cite.bib", "cite-csl": "cite.json"}

Outputs = dict[str, bytes]


def make_environment(layouts_dir: Path, compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """A Jinja environment over `layouts_dir` that escapes HTML and XML and rejects undefined names.

    A layout the project's folder lacks (a page kind newer than its layouts) comes from Parley's own.
    `compiled` keeps compiled layouts between builds (the build cache's).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(layouts_dir), str(BUNDLED_LAYOUTS)]), bytecode_cache=compiled,
        autoescape=jinja2.select_autoescape(("html", "xml")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(long_date=long_date, month_name=month_name, iso_date=iso_date, to_json=to_json,
                       direction=text_direction, topic_label=topic_label)
    event_pages.register_filters(env.filters)
    return env


def long_date(value: dt.date) -> str:
    """6 January 2026: spelled out by hand, so output never depends on the machine's locale."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def iso_date(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


def text_direction(lang: str) -> str:
    """A language code -> the `dir` value for text in it: "rtl" for Arabic, Hebrew and the like."""
    return "rtl" if lang.split("-")[0].casefold() in RTL_LANGUAGES else "ltr"


def to_json(value) -> Markup:
    """A value -> JSON safe inside <script type="application/ld+json">: '<', '>' and '&' are escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_pages(routes: Routes, archive: Archive, bodies: Mapping[str, Markup], env: jinja2.Environment) -> Outputs:
    """Every HTML route -> its rendered bytes, keyed by out_path."""
    return {route.out_path: render_page(env, route, page_context(route, routes, archive, bodies))
            for route in routes.routes if route.kind in CONTEXT_BUILDERS}


def page_context(route: Route, routes: Routes, archive: Archive, bodies: Mapping[str, Markup]) -> dict:
    """Everything the layout of `route` may use.

    Only archive-wide pages get the whole `archive`; every other page gets exactly the data its
    context builder picks, so a page's inputs are known and unchanged pages can be reused.
    """
    context = CONTEXT_BUILDERS[route.kind](route, archive, bodies)
    context.update(page_helpers(route, routes, archive))
    if route.kind in ARCHIVE_WIDE_KINDS:
        context["archive"] = archive
    return context


def render_page(env: jinja2.Environment, route: Route, context: dict) -> bytes:
    """One page's context -> its HTML bytes; a layout mistake becomes a located error."""
    template_name = TEMPLATE_NAMES.get(route.kind, f"{route.kind}.html")
    try:
        return env.get_template(template_name).render(context).encode("utf-8")
    except (jinja2.TemplateError, KeyError) as exc:  # KeyError: url_for() with an unknown page
        raise BuildFailed([layout_error(exc, template_name, route)]) from None


def layout_error(exc: Exception, template_name: str, route: Route) -> ContentError:
    """A Jinja error -> a ContentError at the layout file and line where it happened."""
    name, line = getattr(exc, "name", None) or template_name, getattr(exc, "lineno", None) or 1
    if not isinstance(exc, jinja2.TemplateSyntaxError):
        # Runtime errors carry their template position only in the traceback Jinja rewrites.
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
        if frames:
            name, line = frames[-1].filename.rsplit("/", 1)[-1], frames[-1].lineno
            name = "/".join(frames[-1].filename.split("/")[-2:]) if "/partials/" in frames[-1].filename else name
    message = getattr(exc, "message", None) or (f"no page {exc}" if isinstance(exc, KeyError) else str(exc))
    return ContentError(f"layouts/{name}", line or 1, "layout", message, f"while rendering {route.url}")


def page_helpers(route: Route, routes: Routes, archive: Archive) -> dict:
    """What every layout gets: the site, the page, and link functions relative to this page."""
    # The 404 page is served at any depth, so its links are root-relative under the base path.
    base_path = "/" + archive.config.base_url.split("://", 1)[1].partition("/")[2]
    def link(url: str) -> str:
        if route.kind == "not-found":
            return base_path + url.lstrip("/")
        return relative_url(route.url, url)
    def url_for(kind: str, subject=None) -> str:
        return link(routes.url(kind, subject))
    def page_url_for(kind: str, subject, page_no: int) -> str:
        return link(routes.page_url(kind, subject, page_no))
    return {
        "site": archive.config, "registry": archive.registry, "page": route, "version": __version__,
        "link": link, "url_for": url_for, "page_url_for": page_url_for, "permalink": permalink(archive.config.base_url, route.url),
        "permalink_for": lambda kind, subject=None: permalink(archive.config.base_url, routes.url(kind, subject)),
        "pager": make_pager(route, routes, link, lambda url: permalink(archive.config.base_url, url)),
        "actor_names": lambda entry: [archive.actors[a] for a in entry.actor_ids],
        "archive_has_about": archive.about is not None,
        "feed_links": [(media_type, title, url_for(kind, subject))
                       for media_type, title, kind, subject in advertised_feeds(route.kind, route.subject, archive)],
    }



def home_context(route: Route, archive: Archive, bodies) -> dict:
    status = archive.status
    meeting, negotiators = talks.current_negotiators(archive)
    return {"latest": archive.entries[:HOME_LATEST], "status": status,
            # The state of play is Markdown like a briefing, sanitised by the same renderer.
            "status_body": MarkdownRenderer().render(status.body) if status else None,
            "next_event": talks.next_scheduled(archive, status.as_of) if status else None,
            "negotiators": negotiators, "negotiators_at": meeting}


def archive_context(route: Route, archive: Archive, bodies) -> dict:
    months = [(year, [(month, len(list(group))) for month, group in groupby(items, key=lambda e: e.date.month)])
              for year, items in groupby(archive.entries, key=lambda e: e.date.year)]
    return {"months": months, "latest": archive.entries[:ARCHIVE_LATEST]}


def year_context(route: Route, archive: Archive, bodies) -> dict:
    # From the month index, not a scan of the archive: a year of a large archive has hundreds of pages.
    months = [(month, items) for (year, month), items in archive.by_month.items() if year == route.subject]
    entries = [entry for _, items in months for entry in items]
    return {"year": route.subject, "months": [(month, len(items)) for month, items in months],
            "entry_count": len(entries), "by_month": group_by_month(page_items(entries, route))}


def month_context(route: Route, archive: Archive, bodies) -> dict:
    year, month = route.subject
    entries = archive.by_month[route.subject]
    return {"year": year, "month": month, "entries": page_items(entries, route), "entry_count": len(entries)}


def group_by_month(entries: list[Entry]) -> list[tuple[int, list[Entry]]]:
    return [(month, list(group)) for month, group in groupby(entries, key=lambda e: e.date.month)]


def entry_context(route: Route, archive: Archive, bodies) -> dict:
    entry = archive.entries[archive.positions[route.subject]]
    older, newer = archive.neighbours(entry)
    body = rebase_site_links(bodies[entry.source_path], root_prefix(route.url))
    return {"entry": entry, "body": body, "older": older, "newer": newer,
            "json_ld": entry_json_ld(entry, archive, permalink(archive.config.base_url, route.url)),
            "related": archive.related[entry.source_path], "citation": plain_citation(entry, archive.config),
            "corrections": [(c, render_note(c.note)) for c in entry.corrections], "corrections_id": CORRECTIONS_ANCHOR,
            "round": archive.rounds.get(entry.round_no) if entry.round_no else None,
            "events": [archive.events[e] for e in entry.event_ids],
            # Each actor's roles on the briefing's date, from their recorded tenures.
            "roles_then": {a: talks.roles_at(archive.actors[a], entry.date) for a in entry.actor_ids}}


SCHEMA_TYPES = {"person": "Person", "state": "Country", "organisation": "Organization"}


def entry_json_ld(entry: Entry, archive: Archive, url: str) -> dict:
    """schema.org NewsArticle data for an entry; serialised by `to_json`, never by templating strings."""
    config = archive.config
    return {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": entry.title, "url": url,
        "mainEntityOfPage": url, "description": entry.summary, "inLanguage": entry.lang or config.language,
        "datePublished": entry.published.isoformat(), "dateModified": entry.modified.isoformat(),
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
        "about": [{"@type": SCHEMA_TYPES[archive.actors[a].kind], "name": archive.actors[a].name} for a in entry.actor_ids],
        "citation": [{"@type": "CreativeWork", "publisher": s.outlet, **({"url": s.url} if s.url else {})}
                     for s in entry.sources],
        **({"contentLocation": {"@type": "Place", "name": entry.location}} if entry.location else {}),
    }


def actors_context(route: Route, archive: Archive, bodies) -> dict:
    by_affiliation = sorted(archive.actors.values(), key=lambda a: (a.affiliation.casefold(), a.name.casefold()))
    groups = [(affiliation, list(group)) for affiliation, group in groupby(by_affiliation, key=lambda a: a.affiliation)]
    return {"groups": groups}


def actor_context(route: Route, archive: Archive, bodies) -> dict:
    entries = archive.by_actor[route.subject]
    activity = None
    if entries:  # every strip spans the whole archive, so two actors' strips compare month by month
        activity = plan_activity([e.date for e in entries], archive.entries[-1].date, archive.entries[0].date)
    return {"actor": archive.actors[route.subject], "entries": page_items(entries, route),
            "entry_count": len(entries), "activity": activity, "rounds": archive.actor_rounds(route.subject),
            "took_part": talks.actor_events(archive, route.subject)}


def rounds_context(route: Route, archive: Archive, bodies) -> dict:
    return {"rounds": list(archive.rounds.values())}


def round_context(route: Route, archive: Archive, bodies) -> dict:
    numbers = list(archive.rounds)
    index = numbers.index(route.subject)
    event = talks.round_event(archive, route.subject)
    entries = archive.by_round[route.subject]
    return {"round": archive.rounds[route.subject], "entries": page_items(entries, route), "entry_count": len(entries),
            "event": event, "delegations": talks.delegations(event) if event else (),
            "also_named": talks.named_only(archive, entries, event),
            "previous_round": archive.rounds[numbers[index - 1]] if index > 0 else None,
            "next_round": archive.rounds[numbers[index + 1]] if index + 1 < len(numbers) else None}


def topics_context(route: Route, archive: Archive, bodies) -> dict:
    return {"topics": [(tag, len(entries)) for tag, entries in archive.by_tag.items()]}


def topic_context(route: Route, archive: Archive, bodies) -> dict:
    entries = archive.by_tag[route.subject]
    return {"tag": route.subject, "entries": page_items(entries, route), "entry_count": len(entries)}


def subscribe_context(route: Route, archive: Archive, bodies) -> dict:
    return {}


def timeline_context(route: Route, archive: Archive, bodies) -> dict:
    """The events timeline: events by kind, rounds as bands, briefings as ticks, and the events table."""
    return event_pages.timeline_context(archive)


def mark_target(mark: Mark) -> tuple[str, object]:
    """The (kind, subject) a mark links to: its briefing, or for a merged mark the narrowest list of them all."""
    first, last = mark.first_day, mark.last_day
    if not mark.is_merged:
        return ("entry", mark.keys[0])
    if (first.year, first.month) == (last.year, last.month):
        return ("month", (first.year, first.month))
    return ("year", first.year) if first.year == last.year else ("archive", None)


def search_context(route: Route, archive: Archive, bodies) -> dict:
    return {"entry_count": len(archive.entries),
            "search_bundles": [shard.url for shard in plan_search_shards(archive)]}


def not_found_context(route: Route, archive: Archive, bodies) -> dict:
    return {}


def corrections_context(route: Route, archive: Archive, bodies) -> dict:
    """Every correction newest first, each with its entry and its note rendered."""
    return {"corrections": [(entry, c, render_note(c.note)) for entry, c in list_corrections(archive)],
            "corrections_id": CORRECTIONS_ANCHOR}


def redirect_context(route: Route, archive: Archive, bodies) -> dict:
    """An old path's page: the entry it moved to, and that entry's absolute address for rel=canonical."""
    entry = archive.entries[archive.positions[route.subject[0]]]
    return {"entry": entry, "target_url": entry_url(entry),
            "canonical": permalink(archive.config.base_url, entry_url(entry))}


def citation_context(route: Route, archive: Archive, bodies) -> dict:
    entry = archive.entries[archive.positions[route.subject]]
    if route.kind == "cite-bibtex":
        return {"bibtex": bibtex(entry, archive.config)}
    return {"csl_json": csl_json(entry, archive.config)}


def about_context(route: Route, archive: Archive, bodies) -> dict:
    """The About page: its Markdown is rendered here, the one body that is not a briefing's."""
    return {"about": archive.about, "body": MarkdownRenderer().render(archive.about.body)}


def data_context(route: Route, archive: Archive, bodies) -> dict:
    """The codebook of the open data: every file, its fields and what they mean (from the schemas)."""
    newest = archive.entries[0].date if archive.entries else None
    return {"codebook": codebook(archive), "newest": newest}


CONTEXT_BUILDERS: dict[str, Callable[[Route, Archive, Mapping[str, Markup]], dict]] = {
    "home": home_context, "archive": archive_context, "year": year_context, "month": month_context,
    "entry": entry_context, "actors": actors_context, "actor": actor_context, "rounds": rounds_context,
    "round": round_context, "topics": topics_context, "topic": topic_context, "subscribe": subscribe_context,
    "timeline": timeline_context, "search": search_context, "not-found": not_found_context,
    "data": data_context, "cite-bibtex": citation_context, "cite-csl": citation_context, "about": about_context,
    "events": event_pages.events_context, "event": event_pages.event_context,
    "corrections": corrections_context, "redirect": redirect_context,
}


def collect_assets(layouts_dir: Path) -> Outputs:
    """Static files under layouts/assets -> Outputs under assets/, in a stable order."""
    assets_dir = layouts_dir / ASSETS_DIR
    files = sorted(p for p in assets_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    return {f"{ASSETS_DIR}/{p.relative_to(assets_dir).as_posix()}": p.read_bytes() for p in files}


def list_assets(layouts_dir: Path) -> tuple[str, ...]:
    """The out_paths (assets/…) of the static files under layouts/assets, sorted; nothing is read."""
    assets_dir = layouts_dir / ASSETS_DIR
    files = sorted(p for p in assets_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    return tuple(f"{ASSETS_DIR}/{p.relative_to(assets_dir).as_posix()}" for p in files)
