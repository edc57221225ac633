"""Build progress on a terminal, and the summary of where a build's time went.

The pipeline and the publish stage report stages and counts to the Progress they are given; they
never read the clock. TerminalProgress, made by cli.py, is the one place that does: it redraws a
single line on an interactive terminal and prints the summary when the build ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, TextIO

# Redraw the progress line at most this often: a terminal is slower than a tight rendering loop.
REDRAW_SECONDS = 0.1
ERASE_LINE = "\r\x1b[K"  # back to the start of the line, then clear it


class Progress:
    """What a build reports to: stages, counts and results. This one ignores it all (tests, `serve`, --quiet)."""

    def stage(self, name: str, total: int = 0, unit: str = "") -> None:
        """A new stage begins (the previous one ends); `total` items of `unit` to do, if known."""

    def advance(self, count: int = 1) -> None:
        """`count` more items of the current stage are done."""

    def note(self, text: str) -> None:
        """What the current stage did, for the summary (e.g. "10,286 written, 0 reused")."""

    def finish(self, headline: str = "", summary: bool = True) -> None:
        """The build ended: erase the progress line; if it succeeded, print `headline` and the summary."""


QUIET = Progress()


@dataclass(slots=True)
class StageRecord:
    name: str
    started: float
    total: int = 0
    unit: str = ""
    done: int = 0
    note: str = ""
    seconds: float = 0.0

    def describe(self) -> str:
        """ "10,286 files: 10,286 written, 0 reused", or whatever of it is known."""
        counted = f"{self.total:,} {self.unit}" if self.total else ""
        return ": ".join(part for part in (counted, self.note) if part)


class TerminalProgress(Progress):
    """Reports to people: a live line on `progress_stream` (when `live`), then a summary on `summary_stream`.

    `live` is for an interactive terminal only; in CI logs and pipes a line rewritten in place is
    noise, so there only the summary is printed.
    """

    def __init__(self, progress_stream: TextIO, summary_stream: TextIO, live: bool,
                 clock: Callable[[], float] = time.monotonic):
        self.progress_stream, self.summary_stream, self.live, self.clock = progress_stream, summary_stream, live, clock
        self.started = clock()
        self.stages: list[StageRecord] = []
        self.last_drawn = float("-inf")
        self.drawn = False

    def stage(self, name: str, total: int = 0, unit: str = "") -> None:
        now = self.clock()
        self.close_stage(now)
        self.stages.append(StageRecord(name, now, total, unit))
        self.draw(now)

    def advance(self, count: int = 1) -> None:
        if not self.stages:
            return
        self.stages[-1].done += count
        now = self.clock()
        if now - self.last_drawn >= REDRAW_SECONDS or self.stages[-1].done == self.stages[-1].total:
            self.draw(now)

    def note(self, text: str) -> None:
        if self.stages:
            self.stages[-1].note = text

    def finish(self, headline: str = "", summary: bool = True) -> None:
        now = self.clock()
        self.close_stage(now)
        if self.drawn:  # erased first, so nothing printed next lands on the end of the live line
            self.progress_stream.write(ERASE_LINE)
            self.progress_stream.flush()
            self.drawn = False
        if summary:
            lines = format_summary(self.stages, now - self.started)
            self.summary_stream.write(f"{headline}\n{lines}" if headline else lines)
            self.summary_stream.flush()

    def close_stage(self, now: float) -> None:
        if self.stages and not self.stages[-1].seconds:
            self.stages[-1].seconds = now - self.stages[-1].started

    def draw(self, now: float) -> None:
        """Rewrite the live line: "rendering 4,210/10,286 files", or "indexing…" when there is no count."""
        if not self.live or not self.stages:
            return
        current = self.stages[-1]
        text = f"{current.name} {current.done:,}/{current.total:,} {current.unit}" if current.total else f"{current.name}…"
        self.progress_stream.write(ERASE_LINE + text)
        self.progress_stream.flush()
        self.last_drawn, self.drawn = now, True


def format_summary(stages: list[StageRecord], total_seconds: float) -> str:
    """Stages -> one line each with its seconds and what it did, then the total, like Hugo's build table."""
    width = max([len("total")] + [len(stage.name) for stage in stages]) + 2
    lines = [f"  {stage.name:<{width}}{stage.seconds:>6.2f} s  {stage.describe()}".rstrip() for stage in stages]
    lines.append(f"  {'total':<{width}}{total_seconds:>6.2f} s")
    return "\n".join(lines) + "\n"
