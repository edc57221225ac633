"""Timeline geometry: where each briefing, round and month sits in the build-time SVG timeline.

Pure arithmetic on dates and labels (no model, no URLs, no markup): the layouts draw the shapes.
Each mark sits at its exact day; marks that would overlap go to another row of their lane, and
only when every row is taken are they merged into one counted mark. Past AGGREGATE_THRESHOLD
briefings the chart counts them by side and month instead. Cost is linear in entries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GUTTER = 150  # room on the left for lane labels
PLOT_TARGET = 840  # preferred width of the dated part, in px
MIN_PX_PER_DAY, MAX_PX_PER_DAY = 1.0, 26.0  # long archives scroll sideways rather than squeeze
MARK_PITCH = 26  # centre-to-centre distance between marks: keeps every target clear of its neighbours
MARK_RADIUS = 8
# Rows of marks in a lane, filled middle first: a fourth mark within MARK_PITCH is merged instead.
ROW_ORDER = (0, -1, 1)
LANE_HEIGHT = len(ROW_ORDER) * MARK_PITCH + 10
ROW_HEIGHT = 20  # one row of round labels, or the month axis
CHAR_WIDTH = 7.5  # rough width of a label character, to keep round labels from overlapping
TICK_LABEL_WIDTH = 64
PADDING = 12

# Above this many briefings, one counted mark per side and month replaces one mark per briefing:
# each mark costs the page about 450 bytes (with its row in the table beside the chart), so this
# keeps the timeline page far under 200 KB however large the archive grows.
AGGREGATE_THRESHOLD = 150

STRIP_TARGET, STRIP_HEIGHT = 300, 36
MIN_BAR_PITCH, MAX_BAR_PITCH = 2.0, 20.0


@dataclass(frozen=True, slots=True)
class TimelineItem:
    key: str  # the caller's id for the briefing (its source_path)
    day: dt.date
    lane: str


@dataclass(frozen=True, slots=True)
class RoundSpan:
    round_no: int
    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    y: float  # top edge
    height: float

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class Band:
    round_no: int
    x: float
    width: float
    label: str
    label_y: float


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str  # "" for an unlabelled month line


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    lane: str
    keys: tuple[str, ...]  # one briefing, or every briefing merged into this mark
    first_day: dt.date
    last_day: dt.date

    @property
    def is_merged(self) -> bool:
        return len(self.keys) > 1


@dataclass(frozen=True, slots=True)
class Timeline:
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_bottom: float
    lanes: tuple[Lane, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    by_month: bool = False  # marks count a side's briefings in one month (see aggregate_marks)


@dataclass(frozen=True, slots=True)
class Scale:
    """Days since `start` -> x: a day is the span from x(day) to x(day + 1)."""

    start: dt.date
    px_per_day: float
    left: float

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.start).days * self.px_per_day

    def middle(self, day: dt.date) -> float:
        return self.x(day) + self.px_per_day / 2


def month_start(day: dt.date, months_later: int = 0) -> dt.date:
    """The first day of `day`'s month, moved `months_later` months on."""
    index = day.year * 12 + day.month - 1 + months_later
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from `first`'s month to `last`'s month, inclusive."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [month_start(first, n) for n in range(count)]


def make_scale(first: dt.date, last: dt.date) -> Scale:
    """The scale for whole months from `first`'s month to `last`'s month."""
    start, end = month_start(first), month_start(last, 1)
    span = (end - start).days
    px_per_day = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, PLOT_TARGET / span))
    return Scale(start, px_per_day, GUTTER)


def plan_timeline(items: Sequence[TimelineItem], rounds: Sequence[RoundSpan],
                  threshold: int = AGGREGATE_THRESHOLD) -> Timeline | None:
    """Briefings and rounds -> the timeline's geometry, counted by month above `threshold` briefings;
    None when there is nothing to draw."""
    if not items:
        return None
    days = [item.day for item in items] + [d for r in rounds for d in (r.start, r.end)]
    scale = make_scale(min(days), max(days))
    end = month_start(max(days), 1)
    bands, label_rows = place_bands(rounds, scale)
    plot_top = PADDING + label_rows * ROW_HEIGHT
    lane_labels = sorted({item.lane for item in items}, key=lambda label: (label.casefold(), label))
    lanes = tuple(Lane(label, plot_top + n * LANE_HEIGHT, LANE_HEIGHT) for n, label in enumerate(lane_labels))
    plot_bottom = plot_top + len(lanes) * LANE_HEIGHT
    widest_label = max([scale.x(end)] + [b.x + label_width(b.label) for b in bands])
    by_month = len(items) > threshold
    marks = aggregate_marks(items, lanes, scale) if by_month else place_marks(items, lanes, scale)
    return Timeline(
        width=round(widest_label + PADDING, 1), height=plot_bottom + ROW_HEIGHT + PADDING,
        plot_left=scale.left, plot_top=plot_top, plot_bottom=plot_bottom, lanes=lanes,
        bands=tuple(bands),
        ticks=place_ticks(scale, min(days), max(days)), marks=marks, by_month=by_month,
    )


def label_width(label: str) -> float:
    return len(label) * CHAR_WIDTH + 6


def place_bands(rounds: Sequence[RoundSpan], scale: Scale) -> tuple[list[Band], int]:
    """Rounds -> bands, each label on the first row above the plot where it overlaps no other."""
    row_ends: list[float] = []  # right edge of the last label placed in each row
    placed = []
    for span in sorted(rounds, key=lambda r: (r.start, r.round_no)):
        x = scale.x(span.start)
        width = max(4.0, scale.x(span.end + dt.timedelta(days=1)) - x)
        row = next((n for n, row_end in enumerate(row_ends) if row_end <= x), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = x + label_width(span.label)
        placed.append((span, x, width, row))
    rows = max(len(row_ends), 1)
    # Row 0 is drawn nearest the plot, later rows above it.
    bands = [Band(span.round_no, round(x, 1), round(width, 1), span.label, PADDING + (rows - row) * ROW_HEIGHT - 6)
             for span, x, width, row in placed]
    return bands, rows


def place_ticks(scale: Scale, first: dt.date, last: dt.date) -> tuple[Tick, ...]:
    """A line at every month start, labelled every 1, 2, 3, 6 or 12 months (from the first) so labels fit."""
    month_width = 30 * scale.px_per_day
    stride = next((s for s in (1, 2, 3, 6) if s * month_width >= TICK_LABEL_WIDTH), 12)
    ticks = []
    for n, month in enumerate(months_between(first, last)):
        text = f"{MONTH_ABBREVIATIONS[month.month - 1]} {month.year}" if n % stride == 0 else ""
        ticks.append(Tick(round(scale.x(month), 1), text))
    return tuple(ticks)


def place_marks(items: Sequence[TimelineItem], lanes: Sequence[Lane], scale: Scale) -> tuple[Mark, ...]:
    """One mark per briefing at its day, in the first free row of its lane; merged only when all rows are taken."""
    by_lane: dict[str, list[TimelineItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.day, i.key)):
        by_lane[item.lane].append(item)
    marks = []
    for lane in lanes:
        rows: list[list[TimelineItem]] = [[] for _ in ROW_ORDER]  # the latest group of marks in each row
        groups: list[tuple[int, list[TimelineItem]]] = []
        for item in by_lane[lane.label]:
            x = scale.middle(item.day)
            free = [n for n, group in enumerate(rows) if not group or x - scale.middle(group[0].day) >= MARK_PITCH]
            if free:
                rows[free[0]] = [item]
                groups.append((free[0], rows[free[0]]))
            else:  # crowded: join the row whose mark is nearest, which becomes a counted mark
                max(rows, key=lambda group: (group[0].day, group[0].key)).append(item)
        for row, group in groups:
            y = lane.middle + ROW_ORDER[row] * MARK_PITCH
            marks.append(Mark(round(scale.middle(group[0].day), 1), y, lane.label, tuple(i.key for i in group),
                              group[0].day, group[-1].day))
    return tuple(sorted(marks, key=lambda m: (m.first_day, m.lane, m.keys)))


def aggregate_marks(items: Sequence[TimelineItem], lanes: Sequence[Lane], scale: Scale) -> tuple[Mark, ...]:
    """One mark per lane and month that has briefings, at the middle of the month, holding all of them.

    A month is at least 28 px wide at the narrowest scale, more than MARK_PITCH, so marks never overlap.
    """
    groups: dict[tuple[str, dt.date], list[TimelineItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.day, i.key)):
        groups[(item.lane, month_start(item.day))].append(item)
    middles = {lane.label: lane.middle for lane in lanes}
    marks = [Mark(round((scale.x(month) + scale.x(month_start(month, 1))) / 2, 1), middles[lane], lane,
                  tuple(i.key for i in group), group[0].day, group[-1].day)
             for (lane, month), group in groups.items()]
    return tuple(sorted(marks, key=lambda m: (m.first_day, m.lane, m.keys)))


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: dt.date  # first day of the month
    counts: tuple[int, ...]  # briefings in each lane, in the order of Timeline.lanes
    total: int


def count_by_month(timeline: Timeline) -> tuple[MonthCount, ...]:
    """A timeline counted by month -> one row per month with briefings, oldest first: the chart's table."""
    counts: dict[dt.date, list[int]] = {}
    index = {lane.label: n for n, lane in enumerate(timeline.lanes)}
    for mark in timeline.marks:
        row = counts.setdefault(month_start(mark.first_day), [0] * len(timeline.lanes))
        row[index[mark.lane]] += len(mark.keys)
    return tuple(MonthCount(month, tuple(row), sum(row)) for month, row in sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: dt.date  # first day of the month
    count: int


@dataclass(frozen=True, slots=True)
class ActivityStrip:
    width: float
    height: float
    bars: tuple[Bar, ...]  # one per month, zero-count months included
    total: int
    active_months: int  # months with at least one briefing
    peak: int  # the most briefings in one month
    busiest: Bar | None  # the month with `peak` briefings, or None when several months tie


def plan_activity(days: Sequence[dt.date], first: dt.date, last: dt.date) -> ActivityStrip:
    """An actor's briefing days -> monthly bars from `first`'s month to `last`'s (the archive's span)."""
    counts: dict[dt.date, int] = defaultdict(int)
    for day in days:
        counts[month_start(day)] += 1
    months = months_between(first, last)
    pitch = min(MAX_BAR_PITCH, max(MIN_BAR_PITCH, STRIP_TARGET / len(months)))
    tallest = max(counts.values(), default=1)
    bars = []
    for n, month in enumerate(months):
        count = counts.get(month, 0)
        height = max(2.0, STRIP_HEIGHT * count / tallest) if count else 0.0
        bars.append(Bar(round(n * pitch, 2), round(STRIP_HEIGHT - height, 2), round(max(1.0, pitch * 0.8), 2),
                        round(height, 2), month, count))
    peak = max(counts.values(), default=0)
    leaders = [bar for bar in bars if bar.count == peak and peak]
    return ActivityStrip(round(len(months) * pitch, 2), STRIP_HEIGHT, tuple(bars), len(days), len(counts), peak,
                         leaders[0] if len(leaders) == 1 else None)
