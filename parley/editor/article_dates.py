"""Finds the date a news article reports on: date lines, written-out dates and weekday phrases.

Pure functions over text; `ingest` uses them to date a draft and to say how it chose the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model.archive import Round

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_NUMBERS = {**{name: n for n, name in enumerate(MONTHS, 1)},
                 **{name[:3]: n for n, name in enumerate(MONTHS, 1)}, "sept": 9}
# A bare weekday ("said Friday") dates the article only in its opening lines; later ones tell background.
LEDE_CHARACTERS = 600
# Words before a weekday that put it in the future ("will meet on Monday"): it is not the reported day.
FUTURE_CUES = re.compile(r"\b(will|would|is to|are to|(?:is|are) due|scheduled|expected to|set to|plans? to)\b", re.I)
# An undated "Tuesday, 6 January" is taken from the years around the anchor date, newest first.
YEARS_BACK = 6
DAYS_AHEAD = 7

_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
DATE_LINE = re.compile(r"^\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})(?!\d)", re.I | re.M)
ISO_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
WEEKDAY_DATE = re.compile(
    rf"\b({_WEEKDAY}),?\s+(?:{_DAY}\s+({_MONTH})\b\.?|({_MONTH})\b\.?\s+{_DAY}\b)(?:,?\s+(\d{{4}})\b)?", re.I)
WRITTEN_DATE = re.compile(
    rf"\b{_DAY}\s+({_MONTH})\b\.?,?\s+(\d{{4}})\b|\b({_MONTH})\b\.?\s+{_DAY},?\s+(\d{{4}})\b", re.I)
BARE_WEEKDAY = re.compile(rf"\b({_WEEKDAY})\b", re.I)


@dataclass(frozen=True, slots=True)
class DateFinding:
    """The date found (None if none), and how it was found, in words an editor can check."""

    date: dt.date | None
    how: str


def find_date_line(text: str) -> dt.date | None:
    """A 'date 2025-09-18' line, else the first ISO date anywhere in the text; None if neither is valid."""
    for pattern in (DATE_LINE, ISO_DATE):
        for match in pattern.finditer(text):
            try:
                return dt.date.fromisoformat(match.group(1))
            except ValueError:
                continue
    return None


def detect_date(text: str, reference: dt.date | None, today: dt.date, talks: Round | None = None) -> DateFinding:
    """Article text -> the reported date: a weekday with a date, a weekday in the lede, the date line, or a
    written-out date, in that order. Weekdays and years resolve against `reference` (--date), else the date
    line, else the dates of the round the article reports (`talks`, from rounds.yaml), else today."""
    date_line = find_date_line(text)
    if talks is not None and not reference and not date_line:
        # An editor reads "on Tuesday" in a report on round 5 as the Tuesday of round 5, not of this week.
        span = f"{talks.start}" if talks.start == talks.end else f"{talks.start} to {talks.end}"
        label = f"round {talks.round_no}'s dates ({span})"
        return (find_weekday_date(text, talks.end, f"the end of {label}")
                or find_round_weekday(text, talks, label) or detect_date(text, None, today))
    anchor, anchor_label = ((reference, f"--date {reference}") if reference else
                            (date_line, f"the date line {date_line}") if date_line else
                            (today, f"today, {today} (pass --date with the article's date if it is older)"))
    finding = find_weekday_date(text, anchor, anchor_label)
    finding = finding or find_lede_weekday(text, anchor, anchor_label)
    if finding:
        return finding
    if date_line:
        return DateFinding(date_line, "from the article's date line")
    if reference:
        return DateFinding(reference, "from --date (no date in the text)")
    match = WRITTEN_DATE.search(text)
    written = match and make_date(match.group(3) or match.group(6), match.group(2) or match.group(4),
                                  match.group(1) or match.group(5))
    if written:
        return DateFinding(written, f"from '{match.group(0)}', the first date written in full")
    return DateFinding(None, "no date line, written date or weekday found")


def find_weekday_date(text: str, anchor: dt.date, anchor_label: str) -> DateFinding | None:
    """'Tuesday, 6 January' (year optional) -> its date; an undated one gets the year that fits the weekday."""
    for match in WEEKDAY_DATE.finditer(text):
        phrase = match.group(0).rstrip(".")
        weekday = WEEKDAYS.index(match.group(1).lower())
        month, day = match.group(3) or match.group(4), match.group(2) or match.group(5)
        if match.group(6):
            date = make_date(match.group(6), month, day)
            if date is None:
                continue
            warning = "" if date.weekday() == weekday else f", though it is a {weekday_name(date.weekday())}: check it"
            return DateFinding(date, f"from '{phrase}'{warning}")
        date = year_for_weekday(MONTH_NUMBERS[month.lower()], int(day), weekday, anchor)
        if date is not None:
            return DateFinding(date, f"from '{phrase}': {date.year} is the latest year up to {anchor_label}"
                                     f" in which it falls on a {weekday_name(weekday)}")
    return None


def find_lede_weekday(text: str, anchor: dt.date, anchor_label: str) -> DateFinding | None:
    """A bare weekday in the opening lines ('said Friday') -> that weekday on or before the anchor date."""
    lede = DATE_LINE.sub("", text, count=1)[:LEDE_CHARACTERS]
    for match in BARE_WEEKDAY.finditer(lede):
        sentence_start = max(lede.rfind(mark, 0, match.start()) for mark in (".", "!", "?", "\n"))
        if FUTURE_CUES.search(lede, sentence_start + 1, match.start()):
            continue
        weekday = WEEKDAYS.index(match.group(1).lower())
        date = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
        return DateFinding(date, f"from '{match.group(1)}' in the opening lines: the {weekday_name(weekday)}"
                                 f" on or before {anchor_label}")
    return None


def find_round_weekday(text: str, talks: Round, label: str) -> DateFinding | None:
    """A bare weekday in the opening lines of a report on a round -> that weekday during (or just before) it.

    A weekday told as past ("concluded on Tuesday") is the reported day. One told as future ("will
    meet on Monday") is the round's day still to come, so the article dates from before it: the day
    before is the best guess, and the editor is asked to check it.
    """
    lede = DATE_LINE.sub("", text, count=1)[:LEDE_CHARACTERS]
    upcoming = None
    for match in BARE_WEEKDAY.finditer(lede):
        weekday = WEEKDAYS.index(match.group(1).lower())
        day = talks.end - dt.timedelta(days=(talks.end.weekday() - weekday) % 7)
        sentence_start = max(lede.rfind(mark, 0, match.start()) for mark in (".", "!", "?", "\n"))
        if not FUTURE_CUES.search(lede, sentence_start + 1, match.start()):
            return DateFinding(day, f"from '{match.group(1)}' in the opening lines: the {weekday_name(weekday)}"
                                    f" of {label}")
        if upcoming is None and talks.start <= day:
            upcoming = DateFinding(day - dt.timedelta(days=1),
                                   f"the article looks ahead to '{match.group(1)}', {day} in {label}, so it was"
                                   f" written before: the day before, {day - dt.timedelta(days=1)}; check it")
    return upcoming


def year_for_weekday(month: int, day: int, weekday: int, anchor: dt.date) -> dt.date | None:
    """The date `day month` nearest before (or just after) the anchor that falls on `weekday`."""
    latest = anchor + dt.timedelta(days=DAYS_AHEAD)
    for year in range(anchor.year + 1, anchor.year - YEARS_BACK - 1, -1):
        date = make_date(str(year), str(month), str(day))
        if date is not None and date <= latest and date.weekday() == weekday:
            return date
    return None


def make_date(year: str, month: str, day: str) -> dt.date | None:
    """Text parts (month as a number or an English name) -> a date, or None if there is no such day."""
    month_number = int(month) if month.isdigit() else MONTH_NUMBERS[month.lower().rstrip(".")]
    try:
        return dt.date(int(year), month_number, int(day))
    except ValueError:
        return None


def weekday_name(weekday: int) -> str:
    """0 -> 'Monday'."""
    return WEEKDAYS[weekday].title()
