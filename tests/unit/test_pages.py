"""pages: Jinja over tiny layouts that print only the value under test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import write_tree
from parley.errors import BuildFailed, format_error
from parley.render.markup import render_bodies
from parley.model.archive import Actor, Entry, Round, SiteConfig, build_archive
from parley.render.pages import (CONTEXT_BUILDERS, TEMPLATE_NAMES, long_date, make_environment, mark_target, month_name, render_pages,
                          text_direction, to_json)
from parley.model.routes import plan_routes
from parley.render.timeline import Mark

ZONE = ZoneInfo("Europe/Paris")
CONFIG = SiteConfig("Parley", "D", "https://example.org/archive/", "en", "Europe/Paris")
ACTORS = (Actor("ron-dermer", "Ron Dermer", "person", "Israel", ""),
          Actor("asaad-al-shaibani", "Asaad al-Shaibani", "person", "Syria", ""))
ROUNDS = (Round(4, "London", dt.date(2025, 12, 1), dt.date(2025, 12, 1), None, ""),
          Round(5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6), None, ""))
PARIS = "content/briefings/2026/01-06-paris.md"
ENTRY_URL = "/briefings/2026/01/06/paris/"


def entry(slug: str, day: dt.date, actors: tuple[str, ...], round_no: int | None = None, **fields) -> Entry:
    published = dt.datetime.combine(day, dt.time(0), tzinfo=ZONE)
    values = {"title": slug.title(), "summary": "S", "body": "*body*", **fields}
    return Entry(source_path=f"content/briefings/{day:%Y/%m-%d}-{slug}.md", slug=slug, date=day, published=published,
                 body_line=8, actor_ids=actors, round_no=round_no, **values)


ARCHIVE = build_archive(CONFIG, ACTORS, ROUNDS, (
    entry("paris", dt.date(2026, 1, 6), ("ron-dermer",), 5, title='A <b> & "title"'),
    entry("rome", dt.date(2026, 1, 5), ("asaad-al-shaibani",)),
    entry("old", dt.date(2025, 12, 1), ("ron-dermer", "asaad-al-shaibani"), 4),
))


def render(tmp_path: Path, templates: dict[str, str], archive=ARCHIVE) -> dict[str, str]:
    """Render every page with layouts that print `page.url`, except the templates given -> {out_path: text}."""
    layouts = write_tree(tmp_path / "layouts", {**{TEMPLATE_NAMES.get(kind, f"{kind}.html"): "{{ page.url }}"
                                                   for kind in CONTEXT_BUILDERS},
                                                **templates})
    routes, errors = plan_routes(archive)
    assert errors == []
    outputs = render_pages(routes, archive, render_bodies(archive.entries), make_environment(layouts))
    return {out_path: html.decode("utf-8") for out_path, html in outputs.items()}


def layout_errors(tmp_path: Path, templates: dict[str, str]) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        render(tmp_path, templates)
    return [format_error(e) for e in failure.value.errors]


def test_every_page_kind_is_rendered_at_its_out_path(tmp_path):
    assert render(tmp_path, {}) == {
        "404.html": "/404.html", "actors/index.html": "/actors/", "actors/ron-dermer/index.html": "/actors/ron-dermer/",
        "actors/asaad-al-shaibani/index.html": "/actors/asaad-al-shaibani/",
        "briefings/2025/12/01/old/index.html": "/briefings/2025/12/01/old/",
        "briefings/2025/12/index.html": "/briefings/2025/12/", "briefings/2025/index.html": "/briefings/2025/",
        "briefings/2026/01/05/rome/index.html": "/briefings/2026/01/05/rome/",
        "briefings/2026/01/06/paris/index.html": ENTRY_URL, "briefings/2026/01/index.html": "/briefings/2026/01/",
        "briefings/2026/index.html": "/briefings/2026/", "briefings/index.html": "/briefings/", "index.html": "/",
        "corrections/index.html": "/corrections/",
        "rounds/4/index.html": "/rounds/4/", "rounds/5/index.html": "/rounds/5/", "rounds/index.html": "/rounds/",
        "search/index.html": "/search/", "timeline/index.html": "/timeline/", "subscribe/index.html": "/subscribe/",
        "topics/index.html": "/topics/",
        "data/index.html": "/data/",
        **{f"{entry_url[1:]}{name}": f"{entry_url}{name}" for name in ("cite.bib", "cite.json")
           for entry_url in ("/briefings/2025/12/01/old/", "/briefings/2026/01/05/rome/", ENTRY_URL)},
        "events/index.html": "/events/",
    }


def test_entry_title_is_escaped_and_actor_link_is_relative(tmp_path):
    pages = render(tmp_path, {"entry.html": "{{ entry.title }}|{{ url_for('actor', entry.actor_ids[0]) }}"})
    assert pages["briefings/2026/01/06/paris/index.html"] == "A &lt;b&gt; &amp; &#34;title&#34;|../../../../../actors/ron-dermer/"


def test_body_is_sanitised_html_not_escaped_again(tmp_path):
    pages = render(tmp_path, {"entry.html": "{{ body }}"})
    assert pages["briefings/2026/01/06/paris/index.html"] == "<p><em>body</em></p>"


def test_links_and_permalink_from_an_entry(tmp_path):
    pages = render(tmp_path, {"entry.html": "{{ url_for('home') }}|{{ link('/assets/style.css') }}|{{ permalink }}"})
    assert pages["briefings/2026/01/06/paris/index.html"] == (
        "../../../../../|../../../../../assets/style.css|https://example.org/archive/briefings/2026/01/06/paris/")


def test_not_found_page_links_are_root_relative_under_the_base_path(tmp_path):
    pages = render(tmp_path, {"not-found.html": "{{ url_for('home') }}|{{ link('/assets/style.css') }}"})
    assert pages["404.html"] == "/archive/|/archive/assets/style.css"


def test_entry_context_neighbours_round_and_related(tmp_path):
    template = ("{{ older.slug if older else '-' }}|{{ newer.slug if newer else '-' }}|{{ round.venue if round else '-' }}|"
                "{% for e in related %}{{ e.slug }},{% endfor %}|{% for a in actor_names(entry) %}{{ a.name }}{% endfor %}")
    pages = render(tmp_path, {"entry.html": template})
    assert pages["briefings/2026/01/06/paris/index.html"] == "rome|-|Paris|old,|Ron Dermer"


def test_actor_page_lists_its_entries_and_only_the_rounds_it_took_part_in(tmp_path):
    from parley.model.events import Event, EventDate, Moment, Participant
    london = Event("london", "London", "meeting", EventDate(Moment(dt.date(2025, 12, 1), "day"), None), "held", "London",
                   "S", (), (Participant("ron-dermer", "Israel", "", "attended", ("Axios",)),), round_no=4)
    archive = build_archive(CONFIG, ACTORS, ROUNDS, ARCHIVE.entries, events=(london,))
    template = "{% for e in entries %}{{ e.slug }},{% endfor %}|{% for r in rounds %}{{ r.round_no }},{% endfor %}"
    pages = render(tmp_path, {"actor.html": template}, archive)
    # Both are named in round 4's briefing; only Dermer is recorded as taking part.
    assert pages["actors/ron-dermer/index.html"] == "paris,old,|4,"
    assert pages["actors/asaad-al-shaibani/index.html"] == "rome,old,|"


def test_round_page_has_its_entries_and_neighbouring_rounds(tmp_path):
    template = ("{% for e in entries %}{{ e.slug }}{% endfor %}|{{ previous_round.round_no if previous_round else '-' }}"
                "|{{ next_round.round_no if next_round else '-' }}")
    pages = render(tmp_path, {"round.html": template})
    assert (pages["rounds/4/index.html"], pages["rounds/5/index.html"]) == ("old|-|5", "paris|4|-")


def test_year_and_month_pages(tmp_path):
    pages = render(tmp_path, {
        "year.html": "{{ year }}:{% for month, items in by_month %}{{ month|month_name }}={{ items|length }};{% endfor %}",
        "month.html": "{{ year }}-{{ month }}:{% for e in entries %}{{ e.slug }},{% endfor %}",
    })
    assert pages["briefings/2026/index.html"] == "2026:January=2;"
    assert pages["briefings/2026/01/index.html"] == "2026-1:paris,rome,"


def test_json_ld_is_built_in_code_and_escaped(tmp_path):
    pages = render(tmp_path, {"entry.html": "{{ json_ld|to_json }}"})
    text = pages["briefings/2026/01/06/paris/index.html"]
    assert "<" not in text and "&" not in text
    data = json.loads(text)
    assert (data["@type"], data["headline"], data["url"]) == (
        "NewsArticle", 'A <b> & "title"', "https://example.org/archive/briefings/2026/01/06/paris/")
    assert (data["datePublished"], data["about"]) == ("2026-01-06T00:00:00+01:00", [{"@type": "Person", "name": "Ron Dermer"}])


def test_layout_typo_fails_the_build_at_its_line(tmp_path):
    # Pages render in out_path order, so the oldest entry is the first to fail.
    assert layout_errors(tmp_path, {"entry.html": "{{ entry.title }}\n{{ entry.titel }}"}) == [
        "layouts/entry.html:2: layout: 'parley.model.archive.Entry object' has no attribute 'titel' — "
        "while rendering /briefings/2025/12/01/old/"]


def test_error_in_a_partial_names_the_partial(tmp_path):
    errors = layout_errors(tmp_path, {"actor.html": "{% include 'partials/list.html' %}",
                                      "partials/list.html": "ok\n{{ missing_name }}"})
    assert errors == ["layouts/partials/list.html:2: layout: 'missing_name' is undefined — "
                      "while rendering /actors/asaad-al-shaibani/"]


def test_error_in_a_base_layout_names_the_base(tmp_path):
    errors = layout_errors(tmp_path, {"base.html": "<title>\n{{ site.titel }}</title>{% block main %}{% endblock %}",
                                      "rounds.html": "{% extends 'base.html' %}{% block main %}x{% endblock %}"})
    assert errors == ["layouts/base.html:2: layout: 'parley.model.archive.SiteConfig object' has no attribute 'titel' — "
                      "while rendering /rounds/"]


def test_layout_syntax_error(tmp_path):
    assert layout_errors(tmp_path, {"home.html": "ok\n{% if %}"}) == [
        "layouts/home.html:2: layout: Expected an expression, got 'end of statement block' — while rendering /"]


def test_url_for_typo_fails_the_build_at_its_line(tmp_path):
    errors = layout_errors(tmp_path, {"home.html": "ok\n{{ url_for('actr', 'ron-dermer') }}"})
    assert [line.split(" — ")[0].rsplit(":", 1)[0] for line in errors] == ["layouts/home.html:2: layout"]


@pytest.mark.parametrize("day, text", [
    (dt.date(2026, 1, 6), "6 January 2026"), (dt.date(2025, 2, 28), "28 February 2025"),
    (dt.date(2025, 3, 1), "1 March 2025"), (dt.date(2025, 4, 9), "9 April 2025"), (dt.date(2025, 5, 9), "9 May 2025"),
    (dt.date(2025, 6, 9), "9 June 2025"), (dt.date(2025, 7, 9), "9 July 2025"), (dt.date(2025, 8, 19), "19 August 2025"),
    (dt.date(2025, 9, 9), "9 September 2025"), (dt.date(2025, 10, 9), "9 October 2025"),
    (dt.date(2025, 11, 9), "9 November 2025"), (dt.date(2025, 12, 31), "31 December 2025"),
])
def test_long_date_is_spelled_out_in_english_without_padding(day, text):
    assert long_date(day) == text
    assert long_date(dt.datetime.combine(day, dt.time(23, 59), tzinfo=ZONE)) == text


def test_month_name():
    assert [month_name(m) for m in (1, 12)] == ["January", "December"]


def test_to_json_escapes_markup_characters_and_sorts_keys():
    text = to_json({"b": "</script><!--", "a": "x & y", "c": "سوريا"})
    assert str(text) == '{"a": "x \\u0026 y", "b": "\\u003c/script\\u003e\\u003c!--", "c": "سوريا"}'
    assert json.loads(text) == {"a": "x & y", "b": "</script><!--", "c": "سوريا"}


DAY = dt.date(2025, 9, 17)


def test_merged_marks_link_to_the_narrowest_list_holding_them():
    def merged(first, last):
        return Mark(0, 0, "A", ("a", "b"), first, last)
    assert mark_target(Mark(0, 0, "A", ("a",), DAY, DAY)) == ("entry", "a")
    assert mark_target(merged(DAY, dt.date(2025, 9, 30))) == ("month", (2025, 9))
    assert mark_target(merged(DAY, dt.date(2025, 10, 1))) == ("year", 2025)
    assert mark_target(merged(dt.date(2025, 12, 31), dt.date(2026, 1, 1))) == ("archive", None)


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("AR", "rtl"),
                                                  ("en", "ltr"), ("en-GB", "ltr"), ("fr", "ltr")])
def test_text_direction_follows_the_language(lang, direction):
    assert text_direction(lang) == direction
