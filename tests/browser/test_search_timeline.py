"""Search and the timeline in a real browser: what a reader types and clicks, under the /archive/ sub-path."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import csp_violations, horizontal_overflow, save_screenshot

pytestmark = pytest.mark.browser

DERMER = {"paris-meeting", "london-round", "paris-ends"}


def result_slugs(page) -> set[str]:
    hrefs = page.locator(".result-list .entry-title a").evaluate_all("links => links.map(a => a.pathname)")
    assert all(href.startswith("/archive/briefings/") for href in hrefs), hrefs
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}


def test_typing_a_surname_finds_that_actors_briefings_and_filters_narrow_them(open_page, site_url):
    watched = open_page(site_url + "search/", 375)
    page = watched.page
    page.get_by_label("Words to find").fill("Dermer")
    expect(page.locator(".search-status")).to_have_text("3 briefings found for “Dermer”.")
    assert result_slugs(page) == DERMER
    result = page.locator(".result-list li", has_text="Paris round ends")
    expect(result.locator(".meta")).to_have_text("6 January 2026")  # the date, from data-pagefind-meta
    expect(result.locator(".summary mark").first).to_contain_text("Dermer")  # Pagefind marks "Dermer,"
    assert page.url.endswith("/archive/search/?q=Dermer")
    page.get_by_text("Filter by actor, round, year or outlet").click()  # collapsed on a phone
    actors = page.get_by_role("group", name="Actor")
    expect(actors).to_contain_text("Ron Dermer")
    actors.get_by_label("Tom Barrack").check()
    expect(page.locator(".search-status")).to_have_text("2 briefings found for “Dermer”.")
    assert result_slugs(page) == {"paris-meeting", "paris-ends"}
    assert "actor=Tom+Barrack" in page.url
    assert watched.problems == [] and csp_violations(page) == []


def test_header_search_lands_on_results_that_open_the_briefing(open_page, site_url):
    watched = open_page(site_url + "rounds/2/", 1280)
    page = watched.page
    page.get_by_role("searchbox", name="Search briefings").fill("Dermer")
    page.keyboard.press("Enter")
    page.wait_for_url("**/archive/search/?q=Dermer")
    expect(page.locator(".result-list li")).to_have_count(3)
    expect(page.get_by_role("group", name="Actor")).to_be_hidden()  # collapsed on a wide screen too
    page.locator(".result-list .entry-title a", has_text="London round").click()
    page.wait_for_url("**/archive/briefings/2025/09/17/london-round/")
    expect(page.locator("h1")).to_have_text("London round")
    assert watched.problems == []


def test_a_filter_alone_lists_its_briefings(open_page, site_url):
    page = open_page(site_url + "search/?year=2025", 1280).page
    expect(page.locator(".search-status")).to_have_text("3 briefings found.")
    assert result_slugs(page) == {"paris-meeting", "london-round", "washington-visit"}
    expect(page.get_by_role("group", name="Year").get_by_label("2025")).to_be_checked()


def test_arabic_words_find_the_arabic_briefing_shown_right_to_left(open_page, site_url):
    page = open_page(site_url + "search/?q=دمشق", 375).page
    expect(page.locator(".search-status")).to_contain_text("1 briefing found")
    title = page.locator(".result-list .entry-title")
    assert title.get_attribute("lang") == "ar"
    assert title.evaluate("element => getComputedStyle(element).direction") == "rtl"
    save_screenshot(page, "search-arabic-375-light")


@pytest.mark.parametrize("width", [375, 1280])
def test_clicking_a_timeline_mark_opens_its_event(open_page, site_url, width):
    watched = open_page(site_url + "timeline/", width)
    page = watched.page
    page.locator("a.tl-mark-link", has_text="Second round in Paris").click()
    page.wait_for_url("**/archive/events/paris-round-2/")
    expect(page.locator("h1")).to_have_text("Second round in Paris")
    assert watched.problems == []


def test_timeline_marks_work_from_the_keyboard(open_page, site_url):
    page = open_page(site_url + "timeline/", 375).page
    mark = page.locator("a.tl-mark-link", has_text="Baku meeting")
    mark.focus()
    assert mark.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/archive/events/baku-meeting/")


@pytest.mark.parametrize("width", [375, 1280])
def test_timeline_chart_is_readable_and_scrolls_in_its_own_frame(open_page, site_url, width):
    page = open_page(site_url + "timeline/", width).page
    chart = page.locator("svg.timeline-chart")
    # Every label is drawn at a legible size, and the page itself never scrolls sideways.
    sizes = chart.locator("text").evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 11
    assert horizontal_overflow(page) <= 0
    marks = chart.locator("circle.tl-mark")
    assert marks.count() == 4
    for n in range(marks.count()):  # a target of at least 16 px: the marks' circles
        box = marks.nth(n).bounding_box()
        assert box["width"] >= 16 and box["height"] >= 16
    frame = page.locator(".timeline-scroll").bounding_box()
    assert frame["width"] <= width


@pytest.mark.parametrize("kind", ["timeline", "actors/ron-dermer"])
def test_charts_fit_the_page_when_printed(open_page, site_url, kind):
    page = open_page(site_url + kind + "/", 375).page
    page.emulate_media(media="print")
    chart = page.locator("svg").first
    assert chart.bounding_box()["width"] <= page.evaluate("window.innerWidth")
    assert horizontal_overflow(page) <= 0
    expect(page.locator(".site-search")).to_be_hidden()
    save_screenshot(page, f"{kind.replace('/', '-')}-375-print")
