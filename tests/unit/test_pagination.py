"""pagination: long lists split into pages at stable URLs, page 1 at the list's own URL; the page-number nav."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parley.model.archive import Actor, Entry, Round, SiteConfig, build_archive
from parley.model.routes import PAGE_SIZE, count_pages, make_paged_routes, page_items, paged_url, plan_routes
from parley.render.pagination import PageLink, make_pager, page_window

ZONE = ZoneInfo("Europe/Paris")
CONFIG = SiteConfig("T", "D", "https://example.org/", "en", "Europe/Paris")
ACTORS = (Actor("ron-dermer", "Ron Dermer", "person", "Israel", ""), Actor("syria", "Syria", "state", "Syria", ""))
ROUND = Round(5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6), None, "")


def entries(count: int, actor_ids=("ron-dermer",), round_no: int | None = 5) -> tuple[Entry, ...]:
    made = []
    for n in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n // 3)
        published = dt.datetime.combine(day, dt.time(n % 3), tzinfo=ZONE)
        made.append(Entry(source_path=f"content/briefings/{day:%Y/%m-%d}-e{n}.md", slug=f"e{n}", title="T", date=day,
                          published=published, summary="S", body="B", body_line=8, actor_ids=actor_ids,
                          round_no=round_no))
    return tuple(made)


def test_page_one_keeps_the_list_url_and_later_pages_add_page_n():
    assert paged_url("/actors/x/", 1) == "/actors/x/"
    assert paged_url("/actors/x/", 2) == "/actors/x/page/2/"
    routes = make_paged_routes("actor", "/actors/x/", "x", 101)
    assert [(r.url, r.out_path, r.page_no, r.page_count) for r in routes] == [
        ("/actors/x/", "actors/x/index.html", 1, 3),
        ("/actors/x/page/2/", "actors/x/page/2/index.html", 2, 3),
        ("/actors/x/page/3/", "actors/x/page/3/index.html", 3, 3)]


@pytest.mark.parametrize("items, pages", [(0, 1), (1, 1), (PAGE_SIZE, 1), (PAGE_SIZE + 1, 2), (3 * PAGE_SIZE, 3)])
def test_count_pages(items, pages):
    assert count_pages(items) == pages


def test_pages_cover_the_list_once_in_order():
    items = list(range(PAGE_SIZE * 2 + 7))
    routes = make_paged_routes("round", "/rounds/5/", 5, len(items))
    shown = [item for route in routes for item in page_items(items, route)]
    assert shown == items
    assert all(len(page_items(items, route)) <= PAGE_SIZE for route in routes)


def test_plan_routes_splits_actor_round_year_and_month_lists():
    archive = build_archive(CONFIG, ACTORS, (ROUND,), entries(PAGE_SIZE + 1))
    routes, errors = plan_routes(archive)
    assert errors == []
    paged = [(r.kind, r.url) for r in routes.routes if r.page_no > 1]
    assert sorted(paged) == [("actor", "/actors/ron-dermer/page/2/"), ("month", "/briefings/2026/01/page/2/"),
                             ("round", "/rounds/5/page/2/"), ("year", "/briefings/2026/page/2/")]
    # page 1 is what every existing link resolves to; later pages are looked up by number
    assert routes.url("actor", "ron-dermer") == "/actors/ron-dermer/"
    assert routes.page_url("actor", "ron-dermer", 2) == "/actors/ron-dermer/page/2/"
    assert routes.url("actor", "syria") == "/actors/syria/"
    assert not any(r.url.startswith("/actors/syria/page/") for r in routes.routes)


@pytest.mark.parametrize("page_no, page_count, window", [
    (1, 1, [1]), (1, 3, [1, 2, 3]), (1, 10, [1, 2, 3, None, 10]), (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),
    (6, 10, [1, None, 4, 5, 6, 7, 8, 9, 10]), (10, 10, [1, None, 8, 9, 10]),
    (50, 100, [1, None, 48, 49, 50, 51, 52, None, 100]),
])
def test_page_window_shows_first_last_and_neighbours(page_no, page_count, window):
    assert page_window(page_no, page_count) == window


def test_pager_links_neighbours_and_marks_the_current_page():
    archive = build_archive(CONFIG, ACTORS, (ROUND,), entries(PAGE_SIZE * 2 + 1))
    routes, _ = plan_routes(archive)
    second = routes.by_page[("actor", "ron-dermer", 2)]
    pager = make_pager(second, routes, lambda url: "rel:" + url, lambda url: "abs:" + url)
    assert (pager.page_no, pager.page_count) == (2, 3)
    assert (pager.previous_url, pager.next_url) == ("rel:/actors/ron-dermer/", "rel:/actors/ron-dermer/page/3/")
    assert (pager.previous_permalink, pager.next_permalink) == (
        "abs:/actors/ron-dermer/", "abs:/actors/ron-dermer/page/3/")
    assert pager.links == (PageLink(1, "rel:/actors/ron-dermer/"), PageLink(2, "rel:/actors/ron-dermer/page/2/", True),
                           PageLink(3, "rel:/actors/ron-dermer/page/3/"))
    first = make_pager(routes.by_subject[("actor", "ron-dermer")], routes, str, str)
    assert first.previous_url is None and first.next_url == "/actors/ron-dermer/page/2/"


def test_a_list_that_fits_on_one_page_has_no_pager():
    archive = build_archive(CONFIG, ACTORS, (ROUND,), entries(PAGE_SIZE))
    routes, _ = plan_routes(archive)
    assert make_pager(routes.by_subject[("actor", "ron-dermer")], routes, str, str) is None
