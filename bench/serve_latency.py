"""Benchmark: how long from saving a briefing to the preview serving the changed page (`make bench`).

Runs `build.py serve --port 0` on a copy of the real archive (content/), then on a synthetic archive
of 10,000 entries (`--entries`), and times each edit from the file write to the moment the reload
event has arrived and the page fetched after it shows the change: what a browser tab with the
live-reload script waits for.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REAL_ENTRY = "content/briefings/2026/01-06-paris-talks-speed-up.md"
EDITS = 10
# Seconds from save to changed page: the real archive, and a large synthetic one.
TARGET_REAL, TARGET_LARGE = 1.0, 2.0
# Waits for the first (cold) build of a large archive.
START_TIMEOUT = 600


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="*", default=[10000],
                        help="sizes of synthetic archives to measure after the real one")
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        real = Path(folder) / "real"
        shutil.copytree(REPO / "content", real / "content")
        failures += report("the real archive", measure(real, real / REAL_ENTRY), TARGET_REAL)
        for size in args.entries:
            synthetic = Path(folder) / f"corpus-{size}"
            write_corpus(synthetic, size)
            entries = sorted((synthetic / "content/briefings").rglob("*.md"))
            failures += report(f"{size:,} synthetic entries", measure(synthetic, entries[len(entries) // 2]),
                               TARGET_LARGE)
    if failures:
        print(f"{failures} latency target(s) missed")
    return 0


def report(what: str, timings: list[float], target: float) -> int:
    """Print one line of figures; 1 if the median misses the target."""
    median = statistics.median(timings)
    verdict = "met" if median < target else "missed"
    print(f"save -> changed page served, {EDITS} edits, {what}: median {median:.3f} s, max {max(timings):.3f} s "
          f"(target: under {target:.0f} s, {verdict})", flush=True)
    return 0 if median < target else 1


def measure(root: Path, source: Path) -> list[float]:
    """Serve `root`, then time edits of `source`."""
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--root", str(root)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = next(m.group(1) for line in server.stdout if (m := re.search(r"serving (\S+)", line)))
        return time_edits(source, url + page_url(root, source))
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def page_url(root: Path, source: Path) -> str:
    """content/briefings/YYYY/MM-DD-slug.md -> briefings/YYYY/MM/DD/slug/ (entries here set no slug:)."""
    year = source.parent.name
    month, day, slug = source.stem.split("-", 2)
    return f"briefings/{year}/{month}/{day}/{slug}/"


def time_edits(source: Path, page: str) -> list[float]:
    """Seconds from each write to the reload event plus a page fetch that shows the new text."""
    events_url = urllib.parse.urljoin(page, "/__parley/events")
    original = source.read_text(encoding="utf-8")
    front_matter_end = original.index("\n---\n", 4) + len("\n---\n")
    timings = []
    with urllib.request.urlopen(events_url, timeout=START_TIMEOUT) as events:
        events.readline(), events.readline()  # the current generation
        for number in range(EDITS):
            marker = f"benchmark edit {number}"
            started = time.perf_counter()
            source.write_text(f"{original[:front_matter_end]}\n{marker}\n{original[front_matter_end:]}", encoding="utf-8")
            events.readline(), events.readline()
            with urllib.request.urlopen(page, timeout=30) as response:
                assert marker in response.read().decode("utf-8"), "the page did not change"
            timings.append(time.perf_counter() - started)
            time.sleep(0.3)
    source.write_text(original, encoding="utf-8")
    return timings


if __name__ == "__main__":
    raise SystemExit(main())
