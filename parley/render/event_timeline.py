"""Geometry of the events timeline: events in lanes by kind, rounds as bands, briefings as ticks.

Pure arithmetic on dates (no model objects beyond plain values, no URLs, no markup); the month
scale, round bands and crowding rules are those of parley/render/timeline.py, reused as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .timeline import (AGGREGATE_THRESHOLD, LANE_HEIGHT, PADDING, ROW_HEIGHT, Band, Lane, Mark, RoundSpan, Tick,
                       TimelineItem, aggregate_marks, label_width, make_scale, month_start, place_bands, place_marks,
                       place_ticks)

BRIEFING_ROW_HEIGHT = 28  # the strip of briefing ticks below the lanes
TICK_PITCH = 3  # px between the small ticks under an event, one per briefing that reports it
MAX_EVENT_TICKS = 5  # more briefings than this are said in the mark's title, not drawn


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """What the geometry needs of an event: its id, lane (kind), first and last day, and how many briefings."""

    key: str
    lane: str
    first: dt.date
    last: dt.date
    briefings: int


@dataclass(frozen=True, slots=True)
class BriefingTick:
    x: float
    day: dt.date
    count: int  # briefings dated that day


@dataclass(frozen=True, slots=True)
class EventTimeline:
    width: float
    height: float
    plot_left: float
    plot_top: float
    lanes_bottom: float  # where the event lanes end and the briefing strip begins
    axis_y: float  # where month ticks end and their labels start
    lanes: tuple[Lane, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]  # a merged mark stands for several events close together
    briefing_ticks: tuple[BriefingTick, ...]
    event_ticks: dict[str, int]  # event key -> ticks to draw under its mark (capped at MAX_EVENT_TICKS)
    by_month: bool = False  # marks count a kind's events in one month (see timeline.aggregate_marks)


def plan_event_timeline(events: Sequence[DatedEvent], lane_order: Sequence[str], rounds: Sequence[RoundSpan],
                        briefing_days: Sequence[dt.date], threshold: int = AGGREGATE_THRESHOLD) -> EventTimeline | None:
    """Dated events, rounds and briefing dates -> the chart's geometry; None when no event has a date.

    The axis runs from the month of the earliest event, round or briefing to the month of the latest.
    Above `threshold` events, each lane shows one counted mark per month, so the chart stays legible.
    """
    if not events:
        return None
    days = [d for e in events for d in (e.first, e.last)] + [d for r in rounds for d in (r.start, r.end)]
    days += list(briefing_days)
    scale = make_scale(min(days), max(days))
    bands, label_rows = place_bands(rounds, scale)
    plot_top = PADDING + label_rows * ROW_HEIGHT
    present = {e.lane for e in events}
    labels = [lane for lane in lane_order if lane in present]
    lanes = tuple(Lane(label, plot_top + n * LANE_HEIGHT, LANE_HEIGHT) for n, label in enumerate(labels))
    lanes_bottom = plot_top + len(lanes) * LANE_HEIGHT
    axis_y = lanes_bottom + BRIEFING_ROW_HEIGHT
    items = [TimelineItem(e.key, e.first, e.lane) for e in events]
    end = month_start(max(days), 1)
    widest = max([scale.x(end)] + [b.x + label_width(b.label) for b in bands])
    counts = Counter(briefing_days)
    by_month = len(events) > threshold
    return EventTimeline(
        width=round(widest + PADDING, 1), height=axis_y + ROW_HEIGHT + PADDING, plot_left=scale.left,
        plot_top=plot_top, lanes_bottom=lanes_bottom, axis_y=axis_y, lanes=lanes, bands=tuple(bands),
        ticks=place_ticks(scale, min(days), max(days)),
        marks=aggregate_marks(items, lanes, scale) if by_month else place_marks(items, lanes, scale),
        briefing_ticks=tuple(BriefingTick(round(scale.middle(day), 1), day, counts[day]) for day in sorted(counts)),
        event_ticks={e.key: min(e.briefings, MAX_EVENT_TICKS) for e in events}, by_month=by_month,
    )
