"""`build.py serve` as a real process: serves archive-small at its base path, rebuilds on edits, shows errors
(escaped), recovers, and on SIGTERM stops, removes its temporary folder and never creates site/."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from conftest import LAYOUTS, REPO, copy_fixture

WAIT_SECONDS = 30  # generous: the machines that run the tests are shared
ENTRY = "content/briefings/2026/01-05-paris-opens.md"
ENTRY_URL = "briefings/2026/01/05/paris-opens/"
BROKEN_ACTOR = '"Tom <b>Barak</b> & co"'
EXPECTED_ERROR = (f"{ENTRY}:4: actors: unknown actor 'Tom <b>Barak</b> & co'"
                  " — add it to content/actors.yaml, or use one of its ids")


class PreviewProcess:
    """`build.py serve --port 0` on a project, its output collected line by line as it comes."""

    def __init__(self, root: Path, temp_dir: Path, exist_ok: bool = False):
        temp_dir.mkdir(exist_ok=exist_ok)
        self.temp_dir = temp_dir
        self.lines: list[str] = []
        # TMPDIR points the server's mkdtemp at a folder the test can inspect afterwards.
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--root", str(root)],
            cwd=root.parent, env={**os.environ, "TMPDIR": str(temp_dir)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self.collect_output, daemon=True).start()
        self.url = ""

    def start(self) -> PreviewProcess:
        """Wait for the URL the server prints once it is listening."""
        self.url = re.search(r"serving (http://127\.0\.0\.1:\d+/\S*)", self.wait_for_line("serving ")).group(1)
        return self

    def collect_output(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str) -> str:
        found = wait_until(lambda: next((line for line in self.lines if text in line), None))
        assert found, f"no line with {text!r} in {self.lines}"
        return found

    def stop(self) -> int:
        """SIGTERM by process id, then wait; returns the exit code."""
        os.kill(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout=WAIT_SECONDS)


def wait_until(probe, seconds: float = WAIT_SECONDS):
    """Poll `probe` until it returns something truthy (returned) or the time runs out (returns None)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.05)
    return None


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET -> (status, final URL after redirects, body), for error statuses too."""
    try:
        with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as response:
            return response.status, response.geturl(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read()


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_fixture("archive-small", tmp_path / "project")


@pytest.fixture
def start_preview(tmp_path):
    """Starts `serve` on a project; any server a failing test left running is killed by its process id."""
    started: list[PreviewProcess] = []

    def start(project: Path) -> PreviewProcess:
        started.append(PreviewProcess(project, tmp_path / f"tmp-{len(started)}"))
        return started[-1].start()

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


@pytest.fixture
def preview(project, start_preview) -> PreviewProcess:
    return start_preview(project)


def page_title(body: bytes) -> str:
    return lxml.html.fromstring(body).findtext(".//h1")


def test_serves_the_site_at_the_base_path_with_the_reload_script(preview):
    assert preview.url.endswith("/archive/")
    status, _, body = fetch(preview.url)
    assert status == 200
    scripts = [s.get("src") for s in lxml.html.fromstring(body).iter("script")]
    assert "/__parley/reload.js" in scripts
    root_url = preview.url[: -len("archive/")]
    assert fetch(root_url)[:2] == (200, preview.url)
    status, _, body = fetch(preview.url + "no/such/page/")
    assert status == 404
    assert lxml.html.fromstring(body).cssselect(".site-title")[0].get("href") == "/archive/"
    assert fetch(preview.url + "feed.xml")[0] == 200
    assert b"EventSource" in fetch(root_url + "__parley/reload.js")[2]


def test_edit_break_and_fix_a_file_while_serving(preview, project):
    # Pages come from memory; only the search index is built on disk, here, never into the project.
    [build_folder] = preview.temp_dir.iterdir()
    assert build_folder.name.startswith(f"parley-serve-{preview.process.pid}-")
    entry_url = preview.url + ENTRY_URL
    assert page_title(fetch(entry_url)[2]) == "Paris round opens"
    source = project / ENTRY
    original = source.read_text(encoding="utf-8")

    source.write_text(original.replace("title: Paris round opens", "title: Paris round reopens"), encoding="utf-8")
    assert wait_until(lambda: page_title(fetch(entry_url)[2]) == "Paris round reopens")

    source.write_text(original.replace("actors: [", f"actors: [{BROKEN_ACTOR}, "), encoding="utf-8")
    assert wait_until(lambda: fetch(entry_url)[0] == 500)
    body = fetch(entry_url)[2]
    assert [li.text_content() for li in lxml.html.fromstring(body).cssselect(".errors li")] == [EXPECTED_ERROR]
    assert html.escape(EXPECTED_ERROR).encode() in body
    assert b"<b>Barak</b>" not in body
    assert preview.wait_for_line(EXPECTED_ERROR) == EXPECTED_ERROR
    assert fetch(preview.url + "assets/style.css")[0] == 200  # the last good build still serves its files

    source.write_text(original, encoding="utf-8")
    assert wait_until(lambda: fetch(entry_url)[0] == 200)
    assert page_title(fetch(entry_url)[2]) == "Paris round opens"

    assert preview.stop() == 0
    assert list(preview.temp_dir.iterdir()) == []
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content"]  # never site/


def test_layout_edits_are_picked_up_and_layout_errors_shown(project, start_preview):
    shutil.copytree(LAYOUTS, project / "layouts")
    layout = project / "layouts/entry.html"
    original = layout.read_text(encoding="utf-8")
    preview = start_preview(project)
    entry_url = preview.url + ENTRY_URL
    layout.write_text(original.replace("{% block content %}", "{% block content %}<p id=marker>new</p>"),
                      encoding="utf-8")
    assert wait_until(lambda: b"<p id=marker>new</p>" in fetch(entry_url)[2])
    layout.write_text(original.replace("{% block content %}", "{% block content %}{% if %}"), encoding="utf-8")
    assert wait_until(lambda: fetch(entry_url)[0] == 500)
    [message] = [li.text_content() for li in lxml.html.fromstring(fetch(entry_url)[2]).cssselect(".errors li")]
    line = next(n for n, text in enumerate(original.splitlines(), 1) if "{% block content %}" in text)
    # Pages are rendered as they are asked for, so the error names the page asked for.
    assert message == (f"layouts/entry.html:{line}: layout: Expected an expression, got 'end of statement block'"
                       f" — while rendering /{ENTRY_URL}")
    layout.write_text(original, encoding="utf-8")
    assert wait_until(lambda: fetch(entry_url)[0] == 200)
    assert b"marker" not in fetch(entry_url)[2]
    assert preview.stop() == 0


def test_events_carry_a_new_generation_after_each_rebuild(preview, project):
    events_url = preview.url.split("/archive/")[0] + "/__parley/events"
    with urllib.request.urlopen(events_url, timeout=WAIT_SECONDS) as stream:
        first = stream.readline().decode()
        assert re.fullmatch(r"data: \d+\n", first)
        stream.readline()
        (project / "content/rounds.yaml").write_text(
            (project / "content/rounds.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert stream.readline().decode() == f"data: {int(first[6:]) + 1}\n"


def test_sigint_also_stops_and_cleans_up(preview, project):
    assert len(list(preview.temp_dir.iterdir())) == 1
    os.kill(preview.process.pid, signal.SIGINT)
    assert preview.process.wait(timeout=WAIT_SECONDS) == 0
    assert list(preview.temp_dir.iterdir()) == []
    assert not (project / "site").exists()


def test_a_port_in_use_is_refused_with_a_hint(project, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "TMPDIR": str(tmp_path)}
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--root",
                                 str(project)], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert f"serve: cannot listen on 127.0.0.1:{port}: Address already in use — choose another --port, or --port 0" \
        in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("parley-serve-")]


def titles_linked(body: bytes) -> list[str]:
    return [a.text_content().strip() for a in lxml.html.fromstring(body).iter("a")]


def test_a_title_edit_reaches_every_page_that_shows_the_entry(preview, project):
    # The pages are kept in memory once served; none of them may be served stale after the save.
    pages = {name: preview.url + path for name, path in (
        ("entry", ENTRY_URL), ("actor", "actors/tom-barrack/"), ("round", "rounds/2/"),
        ("newer entry", "briefings/2026/01/06/paris-ends/"), ("home", ""), ("month", "briefings/2026/01/"))}
    for name, url in pages.items():
        assert "Paris round opens" in b" ".join(fetch(url)[2].split()).decode(), name
    source = project / ENTRY
    source.write_text(source.read_text(encoding="utf-8").replace("title: Paris round opens",
                                                                 "title: Paris round resumes"), encoding="utf-8")
    assert wait_until(lambda: page_title(fetch(pages["entry"])[2]) == "Paris round resumes")
    for name, url in pages.items():
        body = fetch(url)[2]
        assert any("Paris round resumes" in title for title in titles_linked(body)) or \
            page_title(body) == "Paris round resumes", name
        assert not any(title == "Paris round opens" for title in titles_linked(body)), name
    feed = fetch(preview.url + "actors/tom-barrack/feed.xml")[2]
    assert b"Paris round resumes" in feed and b"Paris round opens<" not in feed


def test_input_that_crashes_a_parser_shows_an_error_and_the_preview_survives(preview, project):
    # 100,000 nested brackets crash libyaml's composer (a segmentation fault, not an exception).
    entry_url = preview.url + ENTRY_URL
    source = project / ENTRY
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace("round: 2", "round: " + "[" * 100_000), encoding="utf-8")
    assert wait_until(lambda: fetch(entry_url)[0] == 500, seconds=120)  # a crashing child can take a while
    messages = [li.text_content() for li in lxml.html.fromstring(fetch(entry_url)[2]).cssselect(".errors li")]
    assert [message.split(":")[0] for message in messages] == [ENTRY]
    assert preview.process.poll() is None
    # A registry edit reads every file again: still only the file that crashes its reader is reported.
    rounds = project / "content/rounds.yaml"
    seen = len(preview.lines)
    rounds.write_text(rounds.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    # The preview's own count line: the search indexer, running beside it, may report its last attempt first.
    counts = lambda: [line for line in preview.lines[seen:] if re.match(r"\d+ error\(s\)", line)]  # noqa: E731
    assert wait_until(counts, seconds=120)
    assert counts()[0].startswith("1 error(s)"), preview.lines
    messages = [li.text_content() for li in lxml.html.fromstring(fetch(entry_url)[2]).cssselect(".errors li")]
    assert [message.split(":")[0] for message in messages] == [ENTRY]
    source.write_text(original, encoding="utf-8")
    assert wait_until(lambda: fetch(entry_url)[0] == 200)
    assert page_title(fetch(entry_url)[2]) == "Paris round opens"
    assert preview.stop() == 0


def test_a_killed_preview_s_folder_is_removed_by_the_next_one(project, tmp_path):
    first = PreviewProcess(project, tmp_path / "tmp").start()
    [left] = first.temp_dir.iterdir()
    first.process.kill()
    first.process.wait()
    assert left.is_dir()  # SIGKILL gives the server no chance to clean up
    (tmp_path / "tmp/parley-serve-notes").mkdir()  # not a preview's folder: never touched
    second = PreviewProcess(project, tmp_path / "tmp", exist_ok=True).start()
    try:
        assert not left.exists()
        assert sorted(p.name.split("-")[2] for p in second.temp_dir.iterdir()) == sorted(["notes", str(second.process.pid)])
    finally:
        assert second.stop() == 0


def test_search_is_served_once_indexed(preview):
    # The index is one shard per year of briefings (archive-small has briefings in 2026).
    assert wait_until(lambda: fetch(preview.url + "pagefind/2026/pagefind.js")[0] == 200, seconds=120)
    assert fetch(preview.url + "pagefind/no-such-file.js")[0] == 404


def test_a_registry_edit_reaches_pages_already_served(preview, project):
    entry_url = preview.url + ENTRY_URL
    assert "Tom Barrack" in fetch(entry_url)[2].decode()
    actors = project / "content/actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("name: Tom Barrack", "name: Thomas J. Barrack"),
                      encoding="utf-8")
    assert wait_until(lambda: "Thomas J. Barrack" in fetch(entry_url)[2].decode())
    assert "Tom Barrack<" not in fetch(entry_url)[2].decode()


def test_every_feed_and_the_sitemap_are_served(preview):
    for path in ("feed.xml", "atom.xml", "actors/tom-barrack/feed.xml", "actors/tom-barrack/atom.xml", "sitemap.xml",
                 "robots.txt"):
        assert fetch(preview.url + path)[0] == 200, path
