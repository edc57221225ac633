"""Timeline geometry: marks at their day and in their lane, never overlapping, merged only when crowded."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from parley.render.timeline import (AGGREGATE_THRESHOLD, LANE_HEIGHT, MARK_PITCH, MAX_PX_PER_DAY, ROW_ORDER, STRIP_HEIGHT,
                                    TICK_LABEL_WIDTH, RoundSpan, TimelineItem, count_by_month, plan_activity,
                                    plan_timeline)

DAY = dt.date(2025, 9, 17)


def items_on(days_and_lanes) -> list[TimelineItem]:
    return [TimelineItem(f"e{n:05d}", day, lane) for n, (day, lane) in enumerate(days_and_lanes)]


def lane_of(timeline, label):
    return next(lane for lane in timeline.lanes if lane.label == label)


def test_nothing_to_draw_gives_no_timeline():
    assert plan_timeline([], [RoundSpan(1, DAY, DAY, "Round 1")]) is None


def test_sparse_briefings_get_one_mark_each_at_their_day_in_their_lane():
    items = items_on([(dt.date(2025, 8, 19), "Syria"), (dt.date(2025, 9, 30), "Israel"),
                      (dt.date(2025, 11, 2), "Syria")])
    timeline = plan_timeline(items, [])
    assert [lane.label for lane in timeline.lanes] == ["Israel", "Syria"]
    assert [m.keys for m in timeline.marks] == [("e00000",), ("e00001",), ("e00002",)]
    # Whole months from August to November: the first mark sits 18.5 days into the plot.
    px_per_day = (timeline.ticks[1].x - timeline.ticks[0].x) / 31
    assert timeline.marks[0].x == pytest.approx(timeline.plot_left + 18.5 * px_per_day, abs=0.1)
    for mark in timeline.marks:
        lane = lane_of(timeline, mark.lane)
        assert lane.y < mark.y < lane.y + lane.height
        assert mark.y == lane.middle  # alone in its neighbourhood: the middle row


def test_marks_never_overlap_even_when_crowded():
    days = [DAY + dt.timedelta(days=n % 9) for n in range(40)]
    timeline = plan_timeline(items_on(zip(days, itertools.cycle(["A", "B"]))), [])
    for first, second in itertools.combinations(timeline.marks, 2):
        assert math.dist((first.x, first.y), (second.x, second.y)) >= MARK_PITCH - 0.01, (first, second)


def test_crowded_day_fills_every_row_then_merges_the_rest():
    timeline = plan_timeline(items_on([(DAY, "Syria")] * 10), [])
    assert len(timeline.marks) == len(ROW_ORDER)
    assert sorted(len(m.keys) for m in timeline.marks) == [1, 1, 8]
    merged = next(m for m in timeline.marks if m.is_merged)
    assert (merged.first_day, merged.last_day) == (DAY, DAY)
    assert sorted(k for m in timeline.marks for k in m.keys) == [f"e{n:05d}" for n in range(10)]


def test_ten_thousand_briefings_stay_bounded_by_the_width_and_lose_none():
    start = dt.date(2016, 1, 1)
    items = items_on((start + dt.timedelta(days=n * 3653 // 10_000), f"side {n % 4}") for n in range(10_000))
    timeline = plan_timeline(items, [])
    assert sum(len(m.keys) for m in timeline.marks) == 10_000
    slots_per_row = (timeline.width - timeline.plot_left) / MARK_PITCH + 1
    assert len(timeline.marks) <= 4 * len(ROW_ORDER) * slots_per_row
    assert timeline.height == timeline.plot_bottom + 20 + 12
    assert timeline.plot_bottom - timeline.plot_top == 4 * LANE_HEIGHT


def test_round_bands_cover_their_days_and_labels_do_not_collide():
    items = items_on([(DAY, "Syria")])
    rounds = [RoundSpan(1, DAY, DAY, "Round 1"), RoundSpan(2, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=2),
                                                             "Round 2")]
    timeline = plan_timeline(items, rounds)
    first, second = timeline.bands
    px_per_day = MAX_PX_PER_DAY  # one month alone is drawn at the widest scale
    assert first.x == pytest.approx(timeline.plot_left + 16 * px_per_day, abs=0.1)
    assert second.width == pytest.approx(2 * px_per_day, abs=0.1)
    assert first.label_y != second.label_y  # a day apart: the labels would overlap on one row
    assert max(first.label_y, second.label_y) < timeline.plot_top


def test_rounds_outside_the_briefings_widen_the_axis():
    timeline = plan_timeline(items_on([(DAY, "Syria")]), [RoundSpan(3, dt.date(2026, 1, 5), dt.date(2026, 1, 6), "R3")])
    assert [t.label for t in timeline.ticks if t.label][-1] in ("Jan 2026", "Dec 2025", "Nov 2025")
    assert timeline.bands[0].x < timeline.width


@pytest.mark.parametrize("years", [1, 3, 10])
def test_month_labels_never_overlap(years):
    items = items_on([(dt.date(2020, 2, 1), "A"), (dt.date(2020 + years, 1, 31), "A")])
    labelled = [tick for tick in plan_timeline(items, []).ticks if tick.label]
    assert labelled[0].label == "Feb 2020"
    assert all(b.x - a.x >= TICK_LABEL_WIDTH for a, b in zip(labelled, labelled[1:]))


def test_activity_strip_has_a_bar_per_month_with_zero_months_kept():
    days = [dt.date(2025, 9, 1), dt.date(2025, 9, 20), dt.date(2025, 11, 3)]
    strip = plan_activity(days, dt.date(2025, 8, 19), dt.date(2026, 1, 10))
    assert [(bar.month.month, bar.count) for bar in strip.bars] == [(8, 0), (9, 2), (10, 0), (11, 1), (12, 0), (1, 0)]
    assert (strip.total, strip.active_months, strip.peak) == (3, 2, 2)
    assert strip.busiest.month == dt.date(2025, 9, 1)
    september, november = strip.bars[1], strip.bars[3]
    assert (september.height, september.y) == (STRIP_HEIGHT, 0)
    assert november.height == STRIP_HEIGHT / 2
    assert all(bar.x + bar.width <= strip.width for bar in strip.bars)


def test_activity_strip_names_no_busiest_month_when_months_tie():
    strip = plan_activity([dt.date(2025, 9, 1), dt.date(2025, 10, 1)], dt.date(2025, 9, 1), dt.date(2025, 10, 1))
    assert strip.busiest is None
    assert strip.peak == 1


def test_a_crowded_timeline_counts_each_side_by_month():
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n * 5 % 120) for n in range(AGGREGATE_THRESHOLD + 1)]
    items = items_on(zip(days, itertools.cycle(["Syria", "Israel", "Syria"])))
    timeline = plan_timeline(items, [])
    assert timeline.by_month
    expected = sorted({(item.lane, item.day.replace(day=1)) for item in items})
    assert sorted((m.lane, m.first_day.replace(day=1)) for m in timeline.marks) == expected
    for mark in timeline.marks:
        month = mark.first_day.replace(day=1)
        assert mark.last_day.replace(day=1) == month
        assert sorted(mark.keys) == sorted(i.key for i in items
                                           if i.lane == mark.lane and i.day.replace(day=1) == month)
        ticks = [t.x for t in timeline.ticks] + [timeline.width]
        index = (month.year - 2025) * 12 + month.month - 1
        assert ticks[index] < mark.x < ticks[index + 1]  # inside its month
    for first, second in itertools.combinations(timeline.marks, 2):
        assert math.dist((first.x, first.y), (second.x, second.y)) >= MARK_PITCH - 0.01
    rows = count_by_month(timeline)
    assert [row.month for row in rows] == [dt.date(2025, m, 1) for m in (1, 2, 3, 4)]
    assert sum(row.total for row in rows) == len(items)
    assert [sum(row.counts[n] for row in rows) for n in (0, 1)] == [
        sum(1 for i in items if i.lane == lane) for lane in ("Israel", "Syria")]


def test_up_to_the_threshold_each_briefing_keeps_its_own_mark():
    days = [DAY + dt.timedelta(days=n * 40) for n in range(12)]
    items = items_on((day, "Syria") for day in days)
    assert not plan_timeline(items, []).by_month
    assert not plan_timeline(items, [], threshold=12).by_month
    counted = plan_timeline(items, [], threshold=11)
    assert counted.by_month and all(len(m.keys) == 1 for m in counted.marks) and len(counted.marks) == 12


def test_ten_thousand_briefings_make_one_mark_per_side_and_month():
    start = dt.date(2016, 1, 1)
    items = items_on((start + dt.timedelta(days=n * 3653 // 10_000), f"side {n % 4}") for n in range(10_000))
    timeline = plan_timeline(items, [])
    assert len(timeline.marks) == 4 * 120
