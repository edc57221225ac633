"""Long lists split into pages: builds an archive whose actor, round, year and month lists need
several pages, then follows the page-number navigation the way a reader (and a crawler) does."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import LAYOUTS, broken_links, html_pages, parse_html, resolve_internal, run_cli, write_tree
from parley.model.routes import PAGE_SIZE
from parley.render.timeline import AGGREGATE_THRESHOLD

BASE = "https://example.org/"
# Enough briefings for three pages or more and a timeline counted by month, three to a day, so
# ties on one date are ordered too.
COUNT = max(2 * PAGE_SIZE, AGGREGATE_THRESHOLD) + 17
FIRST_DAY = dt.date(2026, 1, 1)
PAGE_BUDGET = 200 * 1024


def day_of(n: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=n // 3)


def actors_of(n: int) -> list[str]:
    return ["syria", "ron-dermer"] if n % 3 == 0 else ["ron-dermer"]


def long_archive() -> dict[str, str]:
    files = {
        "content/site.yaml": "title: Long\ndescription: Many briefings.\nbase_url: https://example.org/\n"
                             "language: en\ntimezone: Asia/Damascus\n",
        "content/actors.yaml": "- id: ron-dermer\n  name: Ron Dermer\n  kind: person\n  affiliation: Israel\n\n"
                               "- id: syria\n  name: Syria\n  kind: state\n  affiliation: Syria\n\n"
                               "- id: quiet\n  name: Quiet Observer\n  kind: organisation\n  affiliation: United Nations\n",
        "content/rounds.yaml": "- number: 1\n  venue: Paris\n  start: 2026-01-01\n  end: 2026-03-31\n  summary: Long.\n",
    }
    for n in range(COUNT):
        files[f"content/briefings/{day_of(n):%Y/%m-%d}-b{n:03d}.md"] = (
            f"---\ntitle: Briefing {n}\ndate: {day_of(n)}\nactors: [{', '.join(actors_of(n))}]\nround: 1\n"
            f"summary: Item {n}.\nsources: [AFP]\n---\nBody of briefing {n}.\n")
    # As many events as briefings, of two kinds: a timeline crowded enough to be counted by month.
    files["content/events.yaml"] = "".join(
        f"- {{id: e{n:03d}, title: Event {n}, kind: {kind_of(n)}, date: {day_of(n)}, status: held, summary: S,"
        f" sources: [AFP]}}\n" for n in range(COUNT))
    return files


def kind_of(n: int) -> str:
    return "meeting" if n % 3 == 0 else "statement"


def newest_first(numbers) -> list[str]:
    """Slugs in the order every list shows them: newest day first, then by slug."""
    return [f"b{n:03d}" for n in sorted(numbers, key=lambda n: (-day_of(n).toordinal(), f"b{n:03d}"))]


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("long") / "project", long_archive())
    result = run_cli("build", "--layouts", str(LAYOUTS), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def listed(page) -> list[str]:
    return [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in page.cssselect(".entry-list .entry-title a")]


def follow_pages(site, first_page):
    """Page 1 of a list, then each page its rel="next" link leads to -> [(file, parsed page)].

    Checks, on the way, that every page's prev/next links (in the head and in the navigation)
    resolve to the neighbouring files and that each page names itself canonical and current.
    """
    pages, path, previous = [], first_page, None
    while path is not None:
        assert path.is_file(), path
        page = parse_html(path)
        own_url = BASE + path.parent.relative_to(site).as_posix() + "/"
        assert page.cssselect('link[rel="canonical"]')[0].get("href") == own_url
        for navigation in page.cssselect("nav.pagination"):
            assert navigation.get("aria-label")
            current = navigation.cssselect('a[aria-current="page"]')
            assert len(current) == 1 and resolve_internal(site, path, current[0].get("href")) == path
        prev_links = page.cssselect('nav.pagination a[rel="prev"]')
        head_prev = page.cssselect('link[rel="prev"]')
        if previous is None:
            assert prev_links == [] and head_prev == []
        else:
            assert resolve_internal(site, path, prev_links[0].get("href")) == previous
            assert resolve_internal(site, path, head_prev[0].get("href")[len(BASE) - 1:]) == previous
        pages.append((path, page))
        next_links = page.cssselect('nav.pagination a[rel="next"]')
        head_next = page.cssselect('link[rel="next"]')
        assert len(next_links) == len(head_next) <= 1
        previous, path = path, None
        if next_links:
            path = resolve_internal(site, previous, next_links[0].get("href"))
            assert resolve_internal(site, previous, head_next[0].get("href")[len(BASE) - 1:]) == path
    return pages


@pytest.mark.parametrize("list_url, numbers", [
    ("actors/ron-dermer/", range(COUNT)),
    ("actors/syria/", [n for n in range(COUNT) if n % 3 == 0]),
    ("actors/quiet/", []),
    ("rounds/1/", range(COUNT)),
    ("briefings/2026/", range(COUNT)),
    ("briefings/2026/01/", [n for n in range(COUNT) if day_of(n).month == 1]),
])
def test_the_pages_of_a_list_hold_exactly_its_briefings_once_newest_first(long_site, list_url, numbers):
    pages = follow_pages(long_site, long_site / list_url / "index.html")
    shown = [slug for _, page in pages for slug in listed(page)]
    assert shown == newest_first(numbers)
    assert len(pages) == max(1, -(-len(numbers) // PAGE_SIZE))
    assert [path.relative_to(long_site).as_posix() for path, _ in pages][1:] == [
        f"{list_url}page/{n}/index.html" for n in range(2, len(pages) + 1)]


def test_every_page_number_in_the_navigation_leads_to_that_page(long_site):
    first = parse_html(long_site / "actors/ron-dermer/index.html")
    numbers = first.cssselect("nav.pagination li a:not([rel])")
    page_count = -(-COUNT // PAGE_SIZE)
    assert [a.text_content().split()[-1] for a in numbers] == [str(n) for n in range(1, page_count + 1)]
    targets = [resolve_internal(long_site, long_site / "actors/ron-dermer/index.html", a.get("href")) for a in numbers]
    assert [t.relative_to(long_site).as_posix() for t in targets] == ["actors/ron-dermer/index.html"] + [
        f"actors/ron-dermer/page/{n}/index.html" for n in range(2, page_count + 1)]
    titles = {parse_html(t).find(".//title").text for t in targets}
    assert len(titles) == page_count


def test_a_crowded_timeline_counts_events_by_month_and_kind(long_site):
    timeline = long_site / "timeline/index.html"
    page = parse_html(timeline)
    marks = page.cssselect("svg a.tl-mark-link")
    per_month = {(n.year, n.month) for n in map(day_of, range(COUNT))}
    assert len(marks) == 2 * len(per_month)  # two kinds, every month
    counts = [int(a.cssselect("text.tl-count")[0].text) for a in marks]
    assert sum(counts) == COUNT
    for mark in marks:  # each month's mark opens the page of the list of events holding that month
        target = resolve_internal(long_site, timeline, mark.get("href"))
        month = mark.get("href").rsplit("#", 1)[1]
        assert parse_html(target).get_element_by_id(month) is not None
    rows = page.cssselect(".timeline-table tbody tr")
    assert [int(row.cssselect("td")[-1].text) for row in rows] == [
        sum(1 for n in range(COUNT) if (day_of(n).year, day_of(n).month) == month) for month in sorted(per_month)]


def test_the_list_of_events_is_split_into_pages(long_site):
    pages = follow_pages(long_site, long_site / "events/index.html")
    assert len(pages) == -(-COUNT // PAGE_SIZE)
    names = [a.text for _, page in pages for a in page.cssselect(".event-title a")]
    assert names == [f"Event {n}" for n in sorted(range(COUNT), key=lambda n: (-day_of(n).toordinal(), -n))]


def test_no_list_page_holds_more_than_a_page_of_briefings_and_no_page_is_over_budget(long_site):
    for path in html_pages(long_site):
        assert len(listed(parse_html(path))) <= PAGE_SIZE, path
        assert path.stat().st_size <= PAGE_BUDGET, path


def test_every_link_on_every_page_resolves(long_site):
    assert broken_links(long_site) == []
