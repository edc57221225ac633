"""Benchmark: Lighthouse scores for one page of every kind of the real archive (`make lighthouse`).

Builds content/ into a temporary folder, serves it on 127.0.0.1 as a static host would (missing
paths get 404.html with a 404 status), runs Lighthouse 12 (node_modules, pinned in package.json) on
Debian's Chromium for each page at mobile and desktop settings, and prints the four category scores
with the targets met or missed: accessibility and best practices 100 everywhere, SEO 100 on pages
meant to be indexed (not the 404 or search pages), performance >= 95 on the search page.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules/.bin/lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# One Lighthouse run may not take longer than this (seconds); the shared machine is slow.
RUN_TIMEOUT = 240
# kind -> glob of index.html files below site/ (the first match, sorted, is measured), or a fixed path.
KINDS = (
    ("home", ""),
    ("briefings", "briefings/"),
    ("year", "briefings/[0-9][0-9][0-9][0-9]/index.html"),
    ("month", "briefings/*/[0-9][0-9]/index.html"),
    ("briefing", "briefings/*/*/*/*/index.html"),
    ("actors", "actors/"),
    ("actor", "actors/*/index.html"),
    ("rounds", "rounds/"),
    ("round", "rounds/*/index.html"),
    ("events", "events/"),
    ("event", "events/*/index.html"),
    ("timeline", "timeline/"),
    ("search", "search/?q=Dermer"),
    ("topics", "topics/"),
    ("topic", "topics/*/index.html"),
    ("subscribe", "subscribe/"),
    ("data", "data/"),
    ("about", "about/"),
    # Lighthouse refuses to audit a document served with status 404, so the page itself is measured.
    ("404", "404.html"),
)
# Pages not meant to be indexed: the SEO target does not apply.
NOT_INDEXED = {"404", "search"}


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at /; any missing file gets 404.html with a 404 status, as static hosts do."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def send_head(self):
        target = Path(self.translate_path(unquote(urlsplit(self.path).path)))
        if not (target.is_file() or (target / "index.html").is_file()):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, format, *args):  # keep the table readable
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["mobile", "desktop"], choices=["mobile", "desktop"])
    parser.add_argument("--kinds", nargs="*", help="only these page kinds (default: all)")
    parser.add_argument("--desktop-kinds", nargs="*", help="desktop runs only for these kinds (default: all)")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        print(f"{LIGHTHOUSE} is missing: run npm ci", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="parley-lighthouse-") as folder:
        site = build(Path(folder))
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            rows = [measure(base, site, kind, pattern, preset)
                    for preset in args.presets for kind, pattern in KINDS
                    if (not args.kinds or kind in args.kinds)
                    and (preset == "mobile" or not args.desktop_kinds or kind in args.desktop_kinds)]
        finally:
            server.shutdown()
            server.server_close()
    return report(rows)


def build(folder: Path) -> Path:
    """Copy content/ into `folder` and build it with the repository's layouts -> the site folder."""
    shutil.copytree(REPO / "content", folder / "content")
    subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(folder), "--layouts",
                    str(REPO / "layouts"), "--no-cache", "--quiet"], check=True, timeout=600)
    return folder / "site"


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """Serve `site` on a free port of 127.0.0.1 from a background thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page_path(site: Path, pattern: str) -> str:
    """A KINDS pattern -> the URL path of the first page it names in `site`."""
    if not pattern.endswith("index.html"):
        return pattern
    found = sorted(site.glob(pattern))
    return found[0].parent.relative_to(site).as_posix() + "/" if found else pattern


def measure(base: str, site: Path, kind: str, pattern: str, preset: str) -> dict:
    """Run Lighthouse once -> {kind, preset, path, scores: {category: 0-100 or None}, error}."""
    path = page_path(site, pattern)
    command = [str(LIGHTHOUSE), base + path, f"--chrome-path={CHROMIUM}", f"--chrome-flags={CHROME_FLAGS}",
               "--output=json", "--quiet"] + (["--preset=desktop"] if preset == "desktop" else [])
    row = {"kind": kind, "preset": preset, "path": "/" + path, "scores": dict.fromkeys(CATEGORIES), "error": ""}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        result = json.loads(done.stdout)
        for name in CATEGORIES:
            score = result["categories"][name]["score"]
            row["scores"][name] = None if score is None else round(score * 100)
        row["failing"] = failing_audits(result)
    except (subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as error:
        row["error"] = type(error).__name__
    print(line(row), flush=True)
    return row


def failing_audits(result: dict) -> list[str]:
    """Audits below full marks in the accessibility, best-practices and SEO categories -> their ids."""
    ids = {ref["id"] for name in CATEGORIES[1:] for ref in result["categories"][name]["auditRefs"]
           if ref.get("weight")}
    return sorted(i for i in ids if result["audits"][i].get("score") not in (None, 1))


def missed(row: dict) -> list[str]:
    """The targets a row misses -> their names."""
    scores, misses = row["scores"], []
    for name in ("accessibility", "best-practices"):
        if scores[name] != 100:
            misses.append(name)
    if row["kind"] not in NOT_INDEXED and scores["seo"] != 100:
        misses.append("seo")
    if row["kind"] == "search" and (scores["performance"] or 0) < 95:
        misses.append("performance")
    return misses


def line(row: dict) -> str:
    """One table line: kind, preset, the four scores, targets met or missed."""
    scores = " ".join(f"{'-' if row['scores'][c] is None else row['scores'][c]:>5}" for c in CATEGORIES)
    verdict = row["error"] or ("met" if not missed(row) else "MISSED " + ",".join(missed(row)))
    audits = f"  [{' '.join(row.get('failing', []))}]" if row.get("failing") else ""
    return f"{row['kind']:<10} {row['preset']:<8}{scores}  {verdict}{audits}"


def report(rows: list[dict]) -> int:
    """Print the summary; 0 (a benchmark reports, it does not fail the run)."""
    print(f"{'page':<10} {'preset':<8}{'perf':>5}{'a11y':>6}{'best':>6}{'seo':>6}  targets")
    for row in rows:
        print(line(row))
    bad = [r for r in rows if r["error"] or missed(r)]
    print(f"{len(rows) - len(bad)} of {len(rows)} runs met every target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
