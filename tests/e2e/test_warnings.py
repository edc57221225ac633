"""Warnings: printed in the same format (marked `warning:`), the build goes on; --strict makes them errors."""

from __future__ import annotations

import shutil

from conftest import FIXTURES, run_cli, snapshot, write_tree

FAR = "content/briefings/2025/09-01-far-from-round.md"
WARNING = (f"{FAR}:4: warning: round: dated 2025-09-01, 126 days before round 5 (2026-01-05 to 2026-01-06)"
           " — check the date and the round number, or the round's dates in content/rounds.yaml")


def project(tmp_path, date: str = "2025-09-01"):
    """The valid base archive plus a briefing of round 5 (5-6 January 2026) dated `date`."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "invalid/_base", root)
    write_tree(root, {f"content/briefings/{date[:4]}/{date[5:]}-far-from-round.md": f"""
        ---
        title: Far from its round
        date: {date}
        round: 5
        actors: [ron-dermer]
        summary: Talks.
        sources: [Axios]
        ---
        The talks went on.
        """})
    return root


def test_a_briefing_far_from_its_round_warns_and_still_builds(tmp_path):
    root = project(tmp_path)
    for _ in range(2):  # the second build reuses the first (nothing changed) and warns all the same
        result = run_cli("build", cwd=root)
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines() == [WARNING]
        assert result.stdout.splitlines()[0].endswith("; 1 warning (--strict makes them errors)")
    assert (root / "site/briefings/2025/09/01/far-from-round/index.html").is_file()


def test_strict_turns_the_warning_into_an_error_and_keeps_the_site(tmp_path):
    root = project(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    before = snapshot(root / "site")
    for command in ("check", "build"):
        result = run_cli(command, "--strict", cwd=root)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [WARNING.replace("warning: ", ""), "1 error(s); nothing was written"]
    assert snapshot(root / "site") == before


def test_github_format_annotates_warnings_as_warnings(tmp_path):
    result = run_cli("check", "--format", "github", cwd=project(tmp_path))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"::warning file={FAR},line=4::round: dated 2025-09-01, 126 days before round 5 (2026-01-05 to 2026-01-06)"
        " — check the date and the round number, or the round's dates in content/rounds.yaml"]


def test_warnings_are_listed_with_errors_when_the_build_fails(tmp_path):
    root = project(tmp_path)
    write_tree(root, {"content/briefings/2026/01-07-broken.md": "---\ntitle: Broken\n---\n"})
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    assert WARNING in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "4 error(s), 1 warning(s); nothing was written"


def test_sixty_days_from_the_round_is_still_fine(tmp_path):
    result = run_cli("check", "--strict", cwd=project(tmp_path, "2026-03-07"))  # 60 days after 6 January
    assert (result.returncode, result.stderr) == (0, "")
