"""progress: the live line (rewritten in place, throttled) and the summary, on a fake clock."""

from __future__ import annotations

import io

from parley.progress import ERASE_LINE, QUIET, TerminalProgress


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def run_build(live: bool) -> tuple[str, str]:
    """A made-up build reported step by step, with the clock moved by hand -> (progress text, summary text)."""
    clock, progress_stream, summary_stream = FakeClock(), io.StringIO(), io.StringIO()
    progress = TerminalProgress(progress_stream, summary_stream, live, clock)
    progress.stage("reading")
    progress.note("3 briefing files")
    clock.now += 0.25
    progress.stage("rendering", 3, "files")
    progress.note("3 written, 1,200 reused")
    for step in (0.01, 0.2, 0.01):  # the second item is drawn at once; the third only because it is the last
        clock.now += step
        progress.advance()
    progress.stage("indexing")
    clock.now += 1.5
    progress.finish()
    return progress_stream.getvalue(), summary_stream.getvalue()


def test_a_terminal_sees_each_stage_and_count_rewritten_in_place_then_the_summary():
    live, summary = run_build(live=True)
    assert live.split(ERASE_LINE) == ["", "reading…", "rendering 0/3 files", "rendering 2/3 files",
                                      "rendering 3/3 files", "indexing…", ""]
    assert summary == ("  reading      0.25 s  3 briefing files\n"
                       "  rendering    0.22 s  3 files: 3 written, 1,200 reused\n"
                       "  indexing     1.50 s\n"
                       "  total        1.97 s\n")


def test_without_a_terminal_only_the_summary_is_printed():
    live, summary = run_build(live=False)
    assert live == ""
    assert summary.splitlines()[-1] == "  total        1.97 s"


def test_a_failed_build_erases_the_line_and_prints_no_summary():
    progress_stream, summary_stream = io.StringIO(), io.StringIO()
    progress = TerminalProgress(progress_stream, summary_stream, True, FakeClock())
    progress.stage("checking")
    progress.finish(summary=False)
    assert progress_stream.getvalue() == ERASE_LINE + "checking…" + ERASE_LINE
    assert summary_stream.getvalue() == ""


def test_quiet_reports_nothing():
    QUIET.stage("rendering", 10, "files")
    QUIET.advance()
    QUIET.note("x")
    QUIET.finish()  # nothing to assert but that it accepts every call: it has no streams at all
