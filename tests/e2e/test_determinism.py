"""The same input gives byte-identical output, whatever the hash seed, time zone, locale or folder.

One exception, outside Parley: Pagefind writes its filter index (and the two files naming it by
hash) with values in a different order on each run (Pagefind issue #638). Those files must hold
the same content; everything else must match byte for byte.
"""

from __future__ import annotations

import gzip

from conftest import LAYOUTS, PAGEFIND_UNORDERED, copy_fixture, run_cli, snapshot


def ordered_part(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: content for path, content in tree.items() if not path.startswith(PAGEFIND_UNORDERED)}


def filter_contents(tree: dict[str, bytes]) -> list[list[int]]:
    """Each Pagefind filter file's decompressed bytes, sorted: equal when only their order differs."""
    return sorted(sorted(gzip.decompress(content)) for path, content in tree.items()
                  if path.startswith("pagefind/filter/"))


def test_two_builds_are_byte_identical(tmp_path):
    trees = []
    for index, env in enumerate(({"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"},
                                 {"PYTHONHASHSEED": "4242", "TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"})):
        # Different absolute folders too: no path of the machine may leak into the output.
        root = copy_fixture("archive-small", tmp_path / f"build-{index}" / "somewhere")
        result = run_cli("build", "--layouts", str(LAYOUTS), cwd=root, env=env)
        assert result.returncode == 0, result.stderr
        trees.append(snapshot(root / "site"))
    first, second = (ordered_part(tree) for tree in trees)
    assert first.keys() == second.keys()
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []
    assert filter_contents(trees[0]) == filter_contents(trees[1]) != []
    assert len(trees[0]) == len(trees[1])
    assert not any(str(tmp_path).encode() in content for content in trees[0].values())


def test_rebuild_over_an_existing_site_gives_the_same_bytes(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    assert run_cli("build", cwd=root).returncode == 0
    first = snapshot(root / "site")
    # Files Parley wrote, edited or removed by hand since: the next build restores them.
    (root / "site" / "index.html").write_text("edited by hand")
    (root / "site" / "actors" / "index.html").unlink()
    assert run_cli("build", "--no-cache", cwd=root).returncode == 0
    assert ordered_part(snapshot(root / "site")) == ordered_part(first)
    assert filter_contents(snapshot(root / "site")) == filter_contents(first)
