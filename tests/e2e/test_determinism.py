"""The same input gives byte-identical output, whatever the hash seed, time zone, locale or folder.

Every file is compared byte for byte, the search bundles included: no exceptions.
"""

from __future__ import annotations

from conftest import LAYOUTS, copy_fixture, run_cli, snapshot


def test_two_builds_are_byte_identical(tmp_path):
    trees = []
    for index, env in enumerate(({"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"},
                                 {"PYTHONHASHSEED": "4242", "TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"})):
        # Different absolute folders too: no path of the machine may leak into the output.
        root = copy_fixture("archive-small", tmp_path / f"build-{index}" / "somewhere")
        result = run_cli("build", "--layouts", str(LAYOUTS), cwd=root, env=env)
        assert result.returncode == 0, result.stderr
        trees.append(snapshot(root / "site"))
    first, second = trees
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    assert any(path.startswith("pagefind/2026/filter/") for path in first)  # the search bundles were compared
    assert not any(str(tmp_path).encode() in content for content in first.values())


def test_rebuild_over_an_existing_site_gives_the_same_bytes(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    assert run_cli("build", cwd=root).returncode == 0
    first = snapshot(root / "site")
    # Files Parley wrote, edited or removed by hand since: the next build restores them.
    (root / "site" / "index.html").write_text("edited by hand")
    (root / "site" / "actors" / "index.html").unlink()
    assert run_cli("build", "--no-cache", cwd=root).returncode == 0
    assert snapshot(root / "site") == first
