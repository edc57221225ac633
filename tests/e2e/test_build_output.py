"""What `build.py build` prints: a live progress line on a terminal, a summary of the stages, and
nothing at all with --quiet. Runs the CLI as editors do: in a pseudo-terminal, piped, and as CI."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from conftest import LAYOUTS, REPO, copy_fixture, run_cli
from parley.progress import ERASE_LINE

STAGES = ["reading", "checking", "planning", "rendering", "indexing", "publishing", "total"]
SUMMARY_LINE = re.compile(r"  (\w+) +\d+\.\d\d s(  .+)?")


def environment(**changes: str) -> dict[str, str]:
    """The test's environment without CI (CI runs set CI=true), plus `changes`."""
    return {**{k: v for k, v in os.environ.items() if k != "CI"}, **changes}


def run_in_terminal(*args: str, cwd, env) -> tuple[int, str]:
    """Run build.py with stdin, stdout and stderr on a pseudo-terminal -> (exit code, all it printed)."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
                               stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the build exited and the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    code = process.wait(timeout=300)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")  # the terminal turns \n into \r\n


def summary_stages(lines: list[str]) -> list[str]:
    matches = [SUMMARY_LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    return [match.group(1) for match in matches]


@pytest.fixture
def project(tmp_path):
    return copy_fixture("archive-small", tmp_path / "project")


def test_a_terminal_shows_progress_in_place_then_the_summary(project):
    code, printed = run_in_terminal("build", "--layouts", str(LAYOUTS), cwd=project, env=environment())
    assert code == 0, printed
    live, _, rest = printed.rpartition(ERASE_LINE)  # the last erase clears the line before the summary
    drawn = live.split(ERASE_LINE)
    assert "reading…" in drawn and "indexing…" in drawn
    counts = [re.fullmatch(r"rendering (\d+)/(\d+) files", line) for line in drawn]
    counts = [(int(m.group(1)), int(m.group(2))) for m in counts if m]
    assert counts and counts[-1][0] == counts[-1][1] > 0  # it counts up to every file it renders
    lines = rest.splitlines()
    assert lines[0].startswith("built 7 entries into site (")
    assert summary_stages(lines[1:]) == STAGES
    assert re.search(r"  rendering +\d+\.\d\d s  (\d+) files: \1 written, 0 reused", rest)


def test_piped_output_gets_the_summary_only(project):
    result = run_cli("build", "--layouts", str(LAYOUTS), cwd=project, env=environment())
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("built 7 entries into site (")
    assert summary_stages(lines[1:]) == STAGES
    again = run_cli("build", "--layouts", str(LAYOUTS), cwd=project, env=environment())
    assert summary_stages(again.stdout.splitlines()[1:]) == ["reading", "total"]
    assert "as at the last build: nothing to do" in again.stdout


def test_ci_on_a_terminal_gets_the_summary_only(project):
    code, printed = run_in_terminal("build", "--layouts", str(LAYOUTS), cwd=project, env=environment(CI="true"))
    assert code == 0, printed
    assert ERASE_LINE not in printed
    lines = printed.splitlines()
    assert lines[0].startswith("built 7 entries into site (")
    assert summary_stages(lines[1:]) == STAGES


def test_quiet_prints_nothing_on_a_terminal_or_a_pipe(project):
    code, printed = run_in_terminal("build", "--quiet", "--layouts", str(LAYOUTS), cwd=project, env=environment())
    assert (code, printed) == (0, "")
    assert (project / "site/index.html").is_file()
    result = run_cli("build", "--quiet", "--no-cache", "--layouts", str(LAYOUTS), cwd=project, env=environment())
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_failed_build_on_a_terminal_erases_the_line_and_shows_only_the_errors(project):
    (project / "content/briefings/2026/01-05-paris-opens.md").write_text("no front matter\n", encoding="utf-8")
    code, printed = run_in_terminal("build", "--layouts", str(LAYOUTS), cwd=project, env=environment())
    assert code == 1
    _, _, rest = printed.rpartition(ERASE_LINE)
    assert rest.splitlines()[-1] == "1 error(s); nothing was written"
    assert not any(SUMMARY_LINE.fullmatch(line) for line in rest.splitlines())
