"""Following the archive in a browser: the subscribe page without JavaScript, the header's Feed link,
and a feed opened by a person, shown through its XSL stylesheet within the site's CSP."""

from __future__ import annotations

import re

import pytest

from .support import csp_violations, save_screenshot

pytestmark = pytest.mark.browser


def test_header_feed_link_leads_to_the_subscribe_page(open_page, site_url):
    watched = open_page(site_url + "actors/ron-dermer/", 375)
    watched.page.get_by_role("navigation", name="Main").get_by_role("link", name="Feed").click()
    watched.page.wait_for_load_state()
    assert watched.page.url == site_url + "subscribe/"
    assert watched.page.locator("h1").inner_text() == "Subscribe"


@pytest.mark.parametrize("width", [375, 1280])
def test_subscribe_page_shows_every_address_without_javascript(open_page, site_url, width):
    watched = open_page(site_url + "subscribe/", width, java_script_enabled=False)
    page = watched.page
    save_screenshot(page, f"subscribe-{width}-no-js")
    addresses = page.locator("code.feed-url").all_inner_texts()
    assert "https://example.org/archive/feed.xml" in addresses
    assert "https://example.org/archive/actors/ron-dermer/feed.xml" in addresses
    assert "https://example.org/archive/rounds/2/feed.xml" in addresses
    assert "https://example.org/archive/topics/de-escalation/feed.xml" in addresses
    assert "https://example.org/archive/feeds.opml" in addresses
    # Each address is on screen, whole, and selected in one click (user-select: all).
    first = page.locator("code.feed-url").nth(1)
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert first.evaluate("e => getComputedStyle(e).userSelect") == "all"
    assert watched.problems == [] and csp_violations(page) == []


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml", "actors/ron-dermer/feed.xml"])
def test_a_feed_opened_in_the_browser_reads_as_a_page(open_page, site_url, feed):
    watched = open_page(site_url + feed, 375, wait_until="load")
    page = watched.page
    save_screenshot(page, "feed-" + feed.replace("/", "-"))
    assert page.locator("h1").count() == 1
    assert page.locator(".entry-title a").count() >= 1
    assert page.locator("code.feed-url").inner_text() == "https://example.org/archive/" + feed
    # The site's own stylesheet applies (the same font as its pages), within the site's CSP.
    assert page.locator("body").evaluate("e => getComputedStyle(e).fontFamily") == home_font(open_page, site_url)
    assert page.evaluate("[...document.querySelectorAll('main [style], main script')].length") == 0
    problems = watched.problems
    if page.locator("xslt-warning-banner").count():
        # Chromium announces XSLT's removal with a banner styled inline; the page's CSP blocks those
        # styles and handlers of the browser's, and nothing else.
        problems = [p for p in problems if not BANNER_BLOCKED.search(p)]
    assert problems == []
    page.get_by_role("link", name="How to subscribe").click()
    page.wait_for_load_state()
    assert page.url == site_url + "subscribe/"


BANNER_BLOCKED = re.compile(r"^console: (Applying inline style|Executing inline event handler) violates")


def home_font(open_page, site_url) -> str:
    return open_page(site_url, 375).page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
