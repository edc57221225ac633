"""Page context builders that hold logic of their own: where a timeline mark links, text direction."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.pages import mark_target, text_direction
from parley.timeline import Mark

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
