"""The same input gives byte-identical output, whatever the hash seed, time zone, locale or folder."""

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
    assert trees[0].keys() == trees[1].keys()
    differing = [path for path in trees[0] if trees[0][path] != trees[1][path]]
    assert differing == []
    assert not any(str(tmp_path).encode() in content for content in trees[0].values())


def test_rebuild_over_an_existing_site_gives_the_same_bytes(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    assert run_cli("build", cwd=root).returncode == 0
    first = snapshot(root / "site")
    (root / "site" / "stale.html").write_text("left over")
    assert run_cli("build", cwd=root).returncode == 0
    assert snapshot(root / "site") == first
