"""The real archive in content/ builds cleanly and reads well: every link works, the feeds carry it all.

Every expectation is derived from content/ itself (tests/archive_checks.py), so a pull request that
adds a valid briefing, actor or round keeps this test green.
"""

from __future__ import annotations

import datetime as dt

from archive_checks import assert_site_matches_content, expected_archive
from conftest import REPO, run_cli


def test_real_archive_builds_and_lists_exactly_what_content_holds(tmp_path):
    site = tmp_path / "site"
    result = run_cli("build", "--output", str(site), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    now = dt.datetime.now(dt.timezone.utc)
    assert expected_archive(REPO, now).briefings, "the real archive publishes no briefing"
    assert_site_matches_content(REPO, site, now)
