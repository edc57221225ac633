"""Benchmark: how long from saving a briefing to the preview serving the changed page (`make bench`).

Runs `build.py serve --port 0` on a copy of the real archive (content/), then on synthetic archives
of 1,000 and 10,000 entries (`--entries`), and times each edit from the file write to the moment the
reload event has arrived and the pages fetched after it show the change: what a browser tab with
the live-reload script waits for. Body edits are checked on the entry page; title edits on the
entry page, its first actor's page and its round's page. A page fetched after the reload event
that does not show the change yet counts as stale (the issue's "never stale").
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
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REAL_ENTRY = "content/briefings/2026/01-06-paris-talks-speed-up.md"
EDITS = 10
# Waits for the first (cold) build of a large archive.
START_TIMEOUT = 600
MAX_LIST_PAGES, MAX_STALE_FETCHES = 500, 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="*", default=[1000, 10000],
                        help="sizes of synthetic archives to measure after the real one")
    args = parser.parse_args()
    print("| archive | edit | save -> pages updated: median | max | stale pages seen |")
    print("|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        real = Path(folder) / "real"
        shutil.copytree(REPO / "content", real / "content")
        report("the real archive", measure(real, real / REAL_ENTRY))
        for size in args.entries:
            synthetic = Path(folder) / f"corpus-{size}"
            write_corpus(synthetic, size)
            entries = sorted((synthetic / "content/briefings").rglob("*.md"))
            report(f"{size:,} synthetic entries", measure(synthetic, entries[len(entries) // 2]))
    return 0


def report(what: str, results: dict[str, tuple[list[float], int]]) -> None:
    """One table row per kind of edit."""
    for edit, (timings, stale) in results.items():
        print(f"| {what} | {edit} | {statistics.median(timings):.3f} s | {max(timings):.3f} s | {stale} |", flush=True)


def measure(root: Path, source: Path) -> dict[str, tuple[list[float], int]]:
    """Serve `root`, then time body edits and title edits of `source`."""
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--root", str(root)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = next(m.group(1) for line in server.stdout if (m := re.search(r"serving (\S+)", line)))
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()  # keep the pipe drained
        entry_url = url + page_url(root, source)
        pages = [entry_url, *linked_pages(entry_url)]
        return {"body edit (entry page)": time_edits(source, pages[:1], body_edit),
                "title edit (entry, actor, round pages)": time_edits(source, pages, title_edit)}
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def page_url(root: Path, source: Path) -> str:
    """content/briefings/YYYY/MM-DD-slug.md -> briefings/YYYY/MM/DD/slug/ (entries here set no slug:)."""
    year = source.parent.name
    month, day, slug = source.stem.split("-", 2)
    return f"briefings/{year}/{month}/{day}/{slug}/"


def linked_pages(entry_url: str) -> list[str]:
    """The page of its first actor's list and of its round's list that lists the entry (lists are paginated)."""
    links = page_links(entry_url)
    actor = next(link for link in links if re.search(r"/actors/[^/]+/$", link))
    rounds = [link for link in links if re.search(r"/rounds/\d+/$", link)]
    return [listing_page(actor, entry_url), *(listing_page(link, entry_url) for link in rounds[:1])]


def page_links(url: str, rel: str | None = None) -> list[str]:
    """The links of the page at `url` that stay on the preview server (a page's <link rel="next"> in
    its head is absolute, at the site's base_url), optionally only those with `rel`."""
    page = lxml.html.fromstring(fetch_text(url))
    host = urllib.parse.urlsplit(url).netloc
    links = [urllib.parse.urljoin(url, a.get("href")) for a in page.iter("a", "link")
             if a.get("href") and (rel is None or rel in (a.get("rel") or "").split())]
    return [link for link in links if urllib.parse.urlsplit(link).netloc == host]


def listing_page(url: str, entry_url: str) -> str:
    """Follow rel="next" from `url` to the page that links to `entry_url`."""
    for _ in range(MAX_LIST_PAGES):
        if entry_url in page_links(url):
            return url
        url = page_links(url, "next")[0]
    raise SystemExit(f"no page of {url} lists {entry_url}")


def body_edit(text: str, number: int) -> tuple[str, str]:
    end = text.index("\n---\n", 4) + len("\n---\n")
    marker = f"benchmark edit {number}"
    return f"{text[:end]}\n{marker}\n{text[end:]}", marker


def title_edit(text: str, number: int) -> tuple[str, str]:
    title = f"Benchmark title {number}"
    return re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), title


def time_edits(source: Path, pages: list[str], edit) -> tuple[list[float], int]:
    """Seconds from each write to the reload event plus fetches of `pages` that all show the change,
    and how many fetches after the event showed a stale page (each is fetched again until it is current)."""
    events_url = urllib.parse.urljoin(pages[0], "/__parley/events")
    original = source.read_text(encoding="utf-8")
    timings, stale = [], 0
    with urllib.request.urlopen(events_url, timeout=START_TIMEOUT) as events:
        events.readline(), events.readline()  # the current generation
        for number in range(EDITS):
            text, marker = edit(original, number)
            started = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            events.readline(), events.readline()
            for page in pages:
                while marker not in fetch_text(page):
                    stale += 1
                    if stale > MAX_STALE_FETCHES:
                        raise SystemExit(f"{page} still does not show {marker!r}")
            timings.append(time.perf_counter() - started)
            time.sleep(0.3)
    source.write_text(original, encoding="utf-8")
    return timings, stale


def fetch_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=START_TIMEOUT) as response:
        return response.read().decode("utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
