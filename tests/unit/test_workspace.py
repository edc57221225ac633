"""The preview's background search build: stopping the preview stops all of it."""

from __future__ import annotations

import datetime as dt
import os
import time

from parley.editor.workspace import SearchIndexer
from parley.read.content import BuildOptions


def test_stopping_the_search_build_stops_the_workers_it_forked(tmp_path, monkeypatch):
    indexer = SearchIndexer(tmp_path, tmp_path / "layouts", tmp_path / "site", refresh=False)
    # A build that has forked a worker: the shell's background `sleep` stands for a rendering worker.
    monkeypatch.setattr(indexer, "command", lambda options: ["sh", "-c", "sleep 300 & sleep 300"])
    indexer.update(BuildOptions(now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    deadline = time.monotonic() + 10
    while (indexer.process is None or len(group_members(indexer.process.pid)) < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    group = indexer.process.pid
    assert len(group_members(group)) == 3  # the shell and its two sleeps
    indexer.stop()
    deadline = time.monotonic() + 5
    while group_members(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(group) == []


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes of process group `group`, from /proc."""
    members = []
    for stat in os.scandir("/proc"):
        if not stat.name.isdigit():
            continue
        try:
            fields = open(f"/proc/{stat.name}/stat", encoding="utf-8").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.name))
    return members
