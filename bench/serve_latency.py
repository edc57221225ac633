"""Benchmark: how long from saving a briefing to the preview serving the changed page (`make bench`).

Copies the real archive (content/) to a temporary folder, runs `build.py serve --port 0` on it, and
times each edit from the file write to the moment the reload event has arrived and the page fetched
after it shows the change: what a browser tab with the live-reload script waits for.
"""

from __future__ import annotations

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

REPO = Path(__file__).resolve().parent.parent
ENTRY = "content/briefings/2026/01-06-paris-talks-speed-up.md"
ENTRY_URL = "briefings/2026/01/06/paris-talks-speed-up/"
EDITS = 10
TARGET_SECONDS = 1.0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        root = Path(folder) / "project"
        shutil.copytree(REPO / "content", root / "content")
        server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--root", str(root)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            url = next(m.group(1) for line in server.stdout if (m := re.search(r"serving (\S+)", line)))
            timings = time_edits(root / ENTRY, url)
        finally:
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(f"save -> changed page served, {EDITS} edits of the real archive: median {statistics.median(timings):.3f} s,"
          f" max {max(timings):.3f} s (target: under {TARGET_SECONDS:.0f} s)")
    return 0 if statistics.median(timings) < TARGET_SECONDS else 1


def time_edits(source: Path, url: str) -> list[float]:
    """Seconds from each write to the reload event plus a page fetch that shows the new text."""
    events_url = urllib.parse.urljoin(url, "/__parley/events")
    original = source.read_text(encoding="utf-8")
    timings = []
    with urllib.request.urlopen(events_url, timeout=30) as events:
        events.readline(), events.readline()  # the current generation
        for number in range(EDITS):
            marker = f"benchmark edit {number}"
            started = time.perf_counter()
            source.write_text(original.replace("## What happened", f"## What happened\n\n{marker}", 1), encoding="utf-8")
            events.readline(), events.readline()
            with urllib.request.urlopen(url + ENTRY_URL, timeout=30) as response:
                assert marker in response.read().decode("utf-8"), "the page did not change"
            timings.append(time.perf_counter() - started)
            time.sleep(0.3)
    source.write_text(original, encoding="utf-8")
    return timings


if __name__ == "__main__":
    raise SystemExit(main())
