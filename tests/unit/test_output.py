"""output: publishing to site/ through a staging folder, so a failure never leaves a broken site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import parley.publish.output
from conftest import snapshot, write_tree
from parley.publish.output import MARKER_HEADER, SITE_MARKER, publish, recover, write_manifest

PUBLISHED = {"index.html": b"<p>new home</p>", "briefings/2026/01/06/paris/index.html": b"<p>paris</p>",
             "feed.xml": b"<rss/>"}
# What a reader of the folder finds: the published files and Parley's manifest of them.
OUTPUTS = {**PUBLISHED, SITE_MARKER: MARKER_HEADER + b"briefings/2026/01/06/paris/index.html\nfeed.xml\nindex.html\n"}


def parley_folder(root: Path, name: str, files: dict[str, str]) -> Path:
    """A folder as Parley leaves it: `files` and a manifest listing them."""
    write_tree(root, {f"{name}/{path}": text for path, text in files.items()})
    write_manifest(root / name, files)
    return root / name


def old_site(tmp_path: Path) -> Path:
    """A site/ from an earlier build, with a file the next build no longer makes."""
    return parley_folder(tmp_path, "site", {"index.html": "<p>old home</p>", "gone/index.html": "<p>gone</p>"})


def siblings(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir())


def test_publish_creates_the_site(tmp_path):
    publish(PUBLISHED, tmp_path / "site")
    assert snapshot(tmp_path / "site") == OUTPUTS
    assert siblings(tmp_path) == ["site"]


def test_publish_replaces_the_whole_previous_site(tmp_path):
    site = old_site(tmp_path)
    publish(PUBLISHED, site)
    assert snapshot(site) == OUTPUTS
    assert siblings(tmp_path) == ["site"]


def test_failure_while_writing_leaves_site_unchanged_and_no_staging(tmp_path, monkeypatch):
    site = old_site(tmp_path)
    before = snapshot(site)
    real_write = parley.publish.output.Staging.write

    def write_one_then_fail(staging, out_path, content):
        if any(staging.folder.iterdir()):  # something really was written before the failure
            raise OSError("disk full")
        real_write(staging, out_path, content)

    monkeypatch.setattr(parley.publish.output.Staging, "write", write_one_then_fail)
    with pytest.raises(OSError, match="disk full"):
        publish(PUBLISHED, site)
    assert snapshot(site) == before
    assert siblings(tmp_path) == ["site"]


def without_exchange(monkeypatch) -> None:
    """Publish as on systems without renameat2: two renames instead of one atomic exchange."""
    monkeypatch.setattr(parley.publish.output, "exchange", lambda first, second: False)


def test_publish_with_two_renames_replaces_the_site(tmp_path, monkeypatch):
    without_exchange(monkeypatch)
    site = old_site(tmp_path)
    publish(PUBLISHED, site)
    assert snapshot(site) == OUTPUTS
    assert siblings(tmp_path) == ["site"]


def test_exchange_swaps_two_folders(tmp_path):
    write_tree(tmp_path, {"a/one": "1", "b/two": "2"})
    swapped = parley.publish.output.exchange(tmp_path / "a", tmp_path / "b")
    if sys.platform == "linux":  # renameat2 exists on every Linux that CI and editors run
        assert swapped
    folders = (snapshot(tmp_path / "a"), snapshot(tmp_path / "b"))
    # Where the system cannot exchange, nothing moves and publish falls back to two renames.
    assert folders == (({"two": b"2"}, {"one": b"1"}) if swapped else ({"one": b"1"}, {"two": b"2"}))


def test_finish_step_sees_the_staged_site_before_the_swap(tmp_path):
    seen = []
    publish(PUBLISHED, old_site(tmp_path), finish=lambda staging: seen.append((staging.name, snapshot(staging))))
    # The manifest is written after the finish step, which may add files (the search index).
    assert [(name, {path: tree[path] for path in PUBLISHED}) for name, tree in seen] == [
        (f"site.staging-{os.getpid()}", PUBLISHED)]


def test_failing_finish_step_leaves_site_unchanged(tmp_path):
    site = old_site(tmp_path)
    before = snapshot(site)

    def fail(staging):
        raise RuntimeError("indexer crashed")

    with pytest.raises(RuntimeError, match="indexer crashed"):
        publish(PUBLISHED, site, finish=fail)
    assert snapshot(site) == before
    assert siblings(tmp_path) == ["site"]


def test_failure_during_a_two_rename_swap_leaves_site_in_place(tmp_path, monkeypatch):
    without_exchange(monkeypatch)
    site = old_site(tmp_path)
    before = snapshot(site)
    real_rename = Path.rename

    def refuse_staging_rename(self, target):
        if ".staging-" in self.name:
            raise OSError("rename refused")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_staging_rename)
    with pytest.raises(OSError, match="rename refused"):
        publish(PUBLISHED, site)
    assert site.is_dir() and snapshot(site) == before


@pytest.mark.parametrize("out_path", ["../outside.html", "/etc/evil", "a/../../outside.html", ""])
def test_out_path_escaping_the_folder_is_refused(tmp_path, out_path):
    site = old_site(tmp_path)
    before = snapshot(site)
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        publish({"index.html": b"x", out_path: b"evil"}, site)
    assert snapshot(site) == before
    assert siblings(tmp_path) == ["site"]


def test_recover_restores_previous_site_when_site_is_missing(tmp_path):
    parley_folder(tmp_path, "site.previous", {"index.html": "<p>old</p>"})
    recover(tmp_path / "site")
    assert snapshot(tmp_path / "site")["index.html"] == b"<p>old</p>"
    assert siblings(tmp_path) == ["site"]


def test_recover_deletes_previous_site_when_site_exists(tmp_path):
    parley_folder(tmp_path, "site.previous", {"index.html": "<p>old</p>"})
    parley_folder(tmp_path, "site", {"index.html": "<p>new</p>"})
    recover(tmp_path / "site")
    assert snapshot(tmp_path / "site")["index.html"] == b"<p>new</p>"
    assert siblings(tmp_path) == ["site"]


def test_recover_removes_stale_staging_but_not_a_running_builds(tmp_path):
    running = os.getppid()  # our parent process is alive for the whole test
    write_tree(tmp_path, {"site/index.html": "x"})
    for name in (f"site.staging-{os.getpid()}", "site.staging-notapid", f"site.staging-{running}"):
        parley_folder(tmp_path, name, {"a": "left by a build"})
    recover(tmp_path / "site")
    assert siblings(tmp_path) == ["site", f"site.staging-{running}"]


def test_recover_leaves_alone_folders_parley_did_not_write(tmp_path):
    # Someone's own folders that merely have the names Parley gives its leftovers.
    mine = {"site.previous/notes.txt": "mine", "site.staging-notapid/notes.txt": "mine",
            "site.replaced-notapid/notes.txt": "mine"}
    write_tree(tmp_path, {**mine, "site/index.html": "x"})
    recover(tmp_path / "site")
    assert {path: snapshot(tmp_path / path.split("/")[0])["notes.txt"] for path in mine} == {
        path: b"mine" for path in mine}


def test_publish_recovers_an_interrupted_swap_first(tmp_path):
    parley_folder(tmp_path, "site.previous", {"index.html": "<p>old</p>"})
    publish(PUBLISHED, tmp_path / "site")
    assert snapshot(tmp_path / "site") == OUTPUTS
    assert siblings(tmp_path) == ["site"]


def test_recover_leaves_this_process_s_trash_to_its_background_rm(tmp_path):
    # A preview server publishes on every save; its previous site is still being deleted by the `rm`
    # it started. Deleting it again in the foreground made a save wait 10-25 s.
    write_tree(tmp_path, {"site/index.html": "x"})
    parley_folder(tmp_path, f"site.replaced-{os.getpid()}-7", {"a": "being deleted"})
    parley_folder(tmp_path, "site.replaced-999999999-7", {"a": "a dead build's"})
    recover(tmp_path / "site")
    assert siblings(tmp_path) == ["site", f"site.replaced-{os.getpid()}-7"]


def test_two_incremental_publishes_in_one_process_never_delete_in_the_foreground(tmp_path, monkeypatch):
    started, real_popen = [], parley.publish.output.subprocess.Popen

    def popen(arguments, **options):  # the deletion is recorded, not run, so what the build itself deleted shows
        if arguments[:3] != ["sh", "-c", parley.publish.output.DISCARD_SCRIPT]:
            return real_popen(arguments, **options)
        started.append(arguments)

    monkeypatch.setattr(parley.publish.output.subprocess, "Popen", popen)
    site = old_site(tmp_path)
    for content in (b"first", b"second"):
        with parley.publish.output.staged_site(site, clone=True) as staging:
            staging.reuse("gone/index.html")
            staging.write("index.html", content)
    assert snapshot(site) == {"index.html": b"second", "gone/index.html": b"<p>gone</p>",
                              SITE_MARKER: MARKER_HEADER + b"gone/index.html\nindex.html\n"}
    trash = sorted(p.name for p in tmp_path.iterdir() if p.name != "site")
    # Each replaced site got its own name and its own `rm`; neither was removed by the build itself.
    assert len(trash) == 2 and all(name.startswith(f"site.replaced-{os.getpid()}-") for name in trash)
    assert sorted(arguments[-1] for arguments in started) == sorted(str(tmp_path / name) for name in trash)


def test_an_incremental_publish_leaves_no_empty_folders_behind(tmp_path):
    site = parley_folder(tmp_path, "site", {"index.html": "home", "pagefind/2025/filter/a.pf_filter": "old bundle",
                                            "pagefind/2025/pagefind.js": "old bundle", "pagefind/2025-09/pagefind.js": ""})
    with parley.publish.output.staged_site(site, clone=True) as staging:
        staging.reuse("index.html")
        staging.write("pagefind/2025-09/pagefind.js", b"new bundle")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        SITE_MARKER, "index.html", "pagefind", "pagefind/2025-09", "pagefind/2025-09/pagefind.js"]


def test_a_link_someone_put_in_a_site_is_theirs_and_is_never_followed(tmp_path):
    site = parley_folder(tmp_path, "site", {"index.html": "home"})
    elsewhere = tmp_path / "elsewhere"
    write_tree(elsewhere, {"precious.txt": "keep"})
    (site / "data").symlink_to(elsewhere, target_is_directory=True)
    (site / "gone.html").symlink_to(tmp_path / "missing")
    assert sorted(parley.publish.output.list_files(site)) == [SITE_MARKER, "data", "gone.html", "index.html"]
    refusal, _ = parley.publish.output.check_output(site, [], tmp_path / "project")
    assert refusal[0] == "the output folder holds files Parley did not write: 'data', 'gone.html'"
    assert (elsewhere / "precious.txt").read_text() == "keep"
