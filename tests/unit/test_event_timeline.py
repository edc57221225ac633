"""event_timeline: lanes by kind, an axis from the first event, crowded events merged, briefing ticks."""

from __future__ import annotations

import datetime as dt

from parley.model.events import EVENT_KINDS
from parley.render.event_timeline import DatedEvent, plan_event_timeline
from parley.render.timeline import RoundSpan


def event(key: str, day: dt.date, kind: str = "meeting", briefings: int = 0) -> DatedEvent:
    return DatedEvent(key, kind, day, day, briefings)


def test_axis_runs_from_the_first_event_and_lanes_follow_the_kinds_order():
    events = [event("fall", dt.date(2024, 12, 8), "military"), event("paris", dt.date(2026, 1, 5), briefings=7),
              event("visit", dt.date(2025, 9, 18), "visit")]
    timeline = plan_event_timeline(events, EVENT_KINDS, [RoundSpan(5, dt.date(2026, 1, 5), dt.date(2026, 1, 6), "R5")],
                                   [dt.date(2025, 9, 18), dt.date(2026, 1, 6), dt.date(2026, 1, 6)])
    assert [lane.label for lane in timeline.lanes] == ["meeting", "visit", "military"]
    assert timeline.ticks[0].label == "Dec 2024" and timeline.ticks[0].x == timeline.plot_left
    assert [(t.day, t.count) for t in timeline.briefing_ticks] == [(dt.date(2025, 9, 18), 1), (dt.date(2026, 1, 6), 2)]
    assert timeline.event_ticks == {"fall": 0, "paris": 5, "visit": 0}  # at most five drawn
    assert [m.keys for m in timeline.marks] == [("fall",), ("visit",), ("paris",)]


def test_hundreds_of_events_stay_bounded_and_crowded_ones_are_merged():
    start = dt.date(2025, 1, 1)
    events = [event(f"e{n:03d}", start + dt.timedelta(days=n // 3)) for n in range(600)]
    timeline = plan_event_timeline(events, EVENT_KINDS, [], [])
    assert sum(len(m.keys) for m in timeline.marks) == 600
    assert timeline.by_month and len(timeline.marks) < 100  # one counted mark per month
    assert timeline.width < 2000


def test_nothing_to_draw_without_a_dated_event():
    assert plan_event_timeline([], EVENT_KINDS, [], [dt.date(2026, 1, 1)]) is None
