"""The reader's pages in the built fixture, read with lxml: search wiring, timeline, CSP, headings, RTL."""

from __future__ import annotations

import json
import re

from conftest import html_pages, parse_html, resolve_internal

ENTRY_PAGES = "briefings/*/*/*/*/index.html"


def entry_page(site, slug):
    return parse_html(next(site.glob(f"briefings/*/*/*/{slug}/index.html")))


def test_each_year_of_briefings_has_its_own_search_bundle_holding_exactly_them(small_site):
    pages = sorted(small_site.glob(ENTRY_PAGES))
    assert len(pages) == 7
    years = sorted({page.relative_to(small_site).parts[1] for page in pages})
    assert sorted(p.name for p in (small_site / "pagefind").iterdir()) == years == ["2025", "2026"]
    for year in years:
        entry = json.loads((small_site / "pagefind" / year / "pagefind-entry.json").read_text(encoding="utf-8"))
        in_year = [page for page in pages if page.relative_to(small_site).parts[1] == year]
        assert entry["languages"]["en"]["page_count"] == len(in_year)  # only pages with data-pagefind-body
    for page_path in html_pages(small_site):
        marked = parse_html(page_path).cssselect("[data-pagefind-body]")
        assert len(marked) == (1 if page_path.match(ENTRY_PAGES) else 0), page_path


def filters_of(page) -> dict[str, list[str]]:
    """data-pagefind-filter values as Pagefind reads them: `name:value`, or `name` with the element's text."""
    found: dict[str, list[str]] = {}
    for element in page.cssselect("[data-pagefind-filter]"):
        name, _, value = element.get("data-pagefind-filter").partition(":")
        found.setdefault(name, []).append(value or element.text_content())
    return found


def test_entry_pages_carry_filters_and_metadata_from_front_matter(small_site):
    page = entry_page(small_site, "paris-ends")
    assert filters_of(page) == {"round": ["Round 2"], "year": ["2026"],
                                "actor": ["Asaad al-Shaibani", "Ron Dermer", "Tom Barrack"],
                                "outlet": ["The Jerusalem Post", "Haaretz"]}
    assert page.cssselect('[data-pagefind-meta="title"]')[0].text == "Paris round ends"
    assert page.cssselect('[data-pagefind-meta="date"]')[0].text == "6 January 2026"
    hostile = entry_page(small_site, "hostile")
    assert filters_of(hostile)["actor"] == ['Mallory <script>alert("actor")</script> & Co']
    arabic = entry_page(small_site, "arabic")
    assert arabic.cssselect("article")[0].get("data-pagefind-meta") == "lang:ar"
    assert filters_of(arabic)["outlet"] == ["سانا"]


def test_search_box_is_a_plain_form_that_reaches_the_search_page(small_site):
    for page_path in html_pages(small_site):
        page = parse_html(page_path)
        forms = page.cssselect("form[role=search]")
        assert len(forms) == 1, page_path
        assert forms[0].get("method") == "get" and forms[0].cssselect('input[name="q"]')
        target = resolve_internal(small_site, page_path, forms[0].get("action"))
        assert target == small_site / "search" / "index.html", page_path
    search = parse_html(small_site / "search/index.html")
    bundles = search.cssselect("#search")[0].get("data-bundles").split()
    assert [(small_site / "search" / bundle).resolve() for bundle in bundles] == [
        (small_site / "pagefind" / year).resolve() for year in ("2026", "2025")]  # newest first: the primary
    assert all((small_site / "search" / bundle / "pagefind.js").is_file() for bundle in bundles)
    assert [s.get("src") for s in search.cssselect("script")] == ["../assets/search.js"]


def test_every_page_has_a_strict_csp_and_no_inline_script_or_style(small_site):
    for page_path in html_pages(small_site):
        page = parse_html(page_path)
        policy = page.cssselect('meta[http-equiv="Content-Security-Policy"]')[0].get("content")
        # WebAssembly (for Pagefind) is allowed on the search page alone.
        expected = "script-src 'self' 'wasm-unsafe-eval';" if page_path.parent.name == "search" else "script-src 'self';"
        assert expected in policy, page_path
        assert "unsafe-inline" not in policy and "default-src 'none'" in policy
        for script in page.iter("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", page_path
        assert not page.cssselect("style, [style]"), page_path
        assert not any(name.startswith("on") for element in page.iter() for name in element.attrib), page_path


def test_headings_start_at_one_h1_and_never_skip_a_level(small_site):
    for page_path in html_pages(small_site):
        levels = [int(h.tag[1]) for h in parse_html(page_path).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, page_path
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (page_path, levels)


def test_timeline_draws_events_by_kind_with_rounds_and_briefing_ticks(small_site):
    page = parse_html(small_site / "timeline/index.html")
    here = small_site / "timeline/index.html"
    marks = page.cssselect("svg a.tl-mark-link")
    targets = [resolve_internal(small_site, here, a.get("href")).parent.name for a in marks]
    # Every dated event once, oldest first; the undated resignation only in the table.
    assert targets == ["paris-meeting-august", "baku-meeting", "paris-round-2", "amman-meeting"]
    rows = [tr.cssselect("td a")[0].text for tr in page.cssselect(".events-table tbody tr")]
    assert rows == ["Paris meeting", "Baku meeting", "Second round in Paris", "Amman meeting", "Dermer resigns"]
    assert [t.text for t in page.cssselect(".tl-lane-label")] == ["Meeting", "Briefings"]
    assert [t.text for t in page.cssselect(".tl-band-label")] == ["Round 1", "Round 2"]
    assert page.cssselect(".tl-tick-label")[0].text == "Aug 2025"  # the axis starts at the first event
    assert len(page.cssselect("circle.tl-approximate")) == 2  # August 2025 and February 2026: month only
    published_days = {p.parent.parent.relative_to(small_site / "briefings").as_posix()
                      for p in small_site.glob(ENTRY_PAGES)}
    assert len(page.cssselect("line.tl-briefing")) == len(published_days)
    # Round 2's two briefings are two small ticks under its mark; its title says so too.
    paris = next(a for a in marks if a.get("href").endswith("events/paris-round-2/"))
    assert paris.find("title").text == "Second round in Paris (5–6 January 2026, meeting); 2 briefings"
    assert len(page.cssselect("line.tl-report")) == 1 + 2  # the August meeting's briefing, round 2's two
    assert "without a reported date" in page.cssselect("figcaption")[0].text_content()


def test_actor_pages_show_a_labelled_activity_strip(small_site):
    page = parse_html(small_site / "actors/asaad-al-shaibani/index.html")
    strip = page.cssselect("svg.activity-strip")[0]
    caption = page.get_element_by_id(strip.get("aria-labelledby"))
    assert strip.get("role") == "img"
    assert re.sub(r"\s+", " ", caption.text_content()) == (
        "Briefings per month, August 2025 to January 2026: 6 in all, in 3 of 6 months; busiest January 2026, with 3.")
    assert [bar.find("title").text for bar in strip.cssselect("rect")] == [
        "August 2025: 1 briefing", "September 2025: 2 briefings", "January 2026: 3 briefings"]
    assert not parse_html(small_site / "actors/quiet-observer/index.html").cssselect("svg")


def test_text_in_other_scripts_is_isolated_with_its_language(small_site):
    actors = parse_html(small_site / "actors/index.html")
    names = {(b.get("lang"), b.get("dir"), b.text) for b in actors.cssselect("bdi.other-name")}
    assert names == {("ar", "rtl", "أسعد الشيباني"), ("he", "rtl", "רון דרמר"), ("ar", "rtl", "سوريا"),
                     ("he", "rtl", "סוריה")}
    arabic = entry_page(small_site, "arabic")
    assert [(p.get("lang"), p.get("dir")) for p in arabic.cssselect("article .meta, article .actors, .sources")] == [
        ("en", "ltr")] * 3
    older = parse_html(small_site / "briefings/2026/01/06/hostile/index.html").cssselect('.pager a[rel="next"] bdi')
    assert (older[0].get("lang"), older[0].get("dir"), older[0].text) == ("ar", "rtl", "الشيباني يلتقي باراك في دمشق")
