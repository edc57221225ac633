"""The page-number navigation of a list split into pages: which numbers to show, and where each leads.

Pure: it reads a planned Route and the Routes (from parley/model/routes.py, where the pages and
their URLs are planned) and returns a small view that layouts/partials/pagination.html draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model.routes import Route, Routes

# Page numbers shown on each side of the current one; the first and last are always shown.
WINDOW = 2


@dataclass(frozen=True, slots=True)
class PageLink:
    page_no: int | None  # None stands for a gap ("…") between shown numbers
    url: str = ""  # relative to the page the navigation is on
    is_current: bool = False


@dataclass(frozen=True, slots=True)
class Pager:
    page_no: int
    page_count: int
    previous_url: str | None  # the newer page, or None on page 1
    next_url: str | None  # the older page, or None on the last page
    previous_permalink: str | None  # the same two, absolute, for <link rel="prev"/"next">
    next_permalink: str | None
    links: tuple[PageLink, ...]


def page_window(page_no: int, page_count: int, window: int = WINDOW) -> list[int | None]:
    """The page numbers to show: the first, the last, `window` either side of `page_no`, None for each gap."""
    shown = sorted({1, page_count, *range(max(1, page_no - window), min(page_count, page_no + window) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] == 2:
            numbers.append(number - 1)  # a gap of one page is shown as its number, not as "…"
        elif numbers and number - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers


def make_pager(route: Route, routes: Routes, link: Callable[[str], str],
               absolute: Callable[[str], str]) -> Pager | None:
    """A page of a list -> its navigation (links made by `link`, head links by `absolute`); None if unsplit."""
    if route.page_count < 2:
        return None
    def url_of(page_no: int) -> str:
        return routes.page_url(route.kind, route.subject, page_no)
    previous = url_of(route.page_no - 1) if route.page_no > 1 else None
    following = url_of(route.page_no + 1) if route.page_no < route.page_count else None
    links = tuple(PageLink(None) if n is None else PageLink(n, link(url_of(n)), n == route.page_no)
                  for n in page_window(route.page_no, route.page_count))
    return Pager(route.page_no, route.page_count,
                 link(previous) if previous else None, link(following) if following else None,
                 absolute(previous) if previous else None, absolute(following) if following else None, links)
