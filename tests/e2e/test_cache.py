"""The build cache never changes the output: cold, warm, after edits, and when damaged."""

from __future__ import annotations

import os
import shutil

from conftest import LAYOUTS, copy_fixture, run_cli, snapshot

ENTRY = "content/briefings/2026/01-05-paris-opens.md"


def build(root, *args):
    result = run_cli("build", "--layouts", str(LAYOUTS), *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return result


def cold_build(tmp_path, root, name):
    """The same project built with no cache into a separate folder: what every build must equal."""
    output = tmp_path / name
    build(root, "--no-cache", "--output", str(output))
    return snapshot(output)


def test_warm_builds_equal_cold_builds_after_each_kind_of_change(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    build(root)
    assert (root / ".cache").is_dir()
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-0")
    build(root)  # no-op
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-1")
    entry = root / ENTRY
    entry.write_text(entry.read_text().replace("Talks resumed.", "Talks resumed after a pause."))
    build(root)
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-2")
    entry.write_text(entry.read_text().replace("title: Paris round opens", "title: Paris round opens again"))
    build(root)
    after_title = snapshot(root / "site")
    assert after_title == cold_build(tmp_path, root, "cold-3")
    assert b"Paris round opens again" in after_title["briefings/2026/01/06/paris-ends/index.html"]  # a neighbour
    actors = root / "content/actors.yaml"
    actors.write_text(actors.read_text().replace("name: Tom Barrack", "name: Thomas J. Barrack"))
    build(root)
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-4")


def bundle_inodes(site, year):
    return {path.relative_to(site).as_posix(): path.stat().st_ino for path in (site / "pagefind" / year).rglob("*")
            if path.is_file()}


def test_an_edit_re_indexes_only_the_search_shard_of_its_year(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    build(root)
    site = root / "site"
    before = {year: bundle_inodes(site, year) for year in ("2025", "2026")}
    entry = root / ENTRY  # a 2026 briefing
    entry.write_text(entry.read_text().replace("Talks resumed.", "Talks resumed amid a hailstorm."))
    build(root)
    assert bundle_inodes(site, "2025") == before["2025"]  # the very same files, linked, not rewritten
    assert set(bundle_inodes(site, "2026").values()).isdisjoint(before["2026"].values())
    assert snapshot(site) == cold_build(tmp_path, root, "cold")
    (site / "pagefind/2025/pagefind-entry.json").write_text("{}")  # edited by hand: indexed again
    build(root)
    assert snapshot(site) == cold_build(tmp_path, root, "cold-again")


def test_a_year_split_by_month_re_indexes_only_the_search_shard_of_the_edited_month(tmp_path, monkeypatch):
    import datetime as dt

    from parley.model import routes
    from parley.pipeline import build as build_site
    from parley.read.content import BuildOptions
    monkeypatch.setattr(routes, "SHARD_SPLIT_PAGES", 3)  # 2025 has three briefings, 2026 four (all in January)
    root = copy_fixture("archive-small", tmp_path / "project")
    site, options = root / "site", BuildOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
    build_site(root, LAYOUTS, site, options)
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["2025", "2026-01"]
    added = root / "content/briefings/2025/09-20-new-york.md"
    added.write_text("---\ntitle: New York\ndate: 2025-09-20\nactors: [Syria]\nsummary: At the UN.\n"
                     "sources: [AFP]\n---\nA speech in New York.\n")
    build_site(root, LAYOUTS, site, options)  # a fourth briefing: 2025 is split, its year bundle goes
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["2025-08", "2025-09", "2026-01"]
    before = {name: bundle_inodes(site, name) for name in ("2025-08", "2025-09", "2026-01")}
    added.write_text(added.read_text().replace("A speech", "A long speech"))
    build_site(root, LAYOUTS, site, options)
    assert bundle_inodes(site, "2025-08") == before["2025-08"]  # linked, not rewritten
    assert bundle_inodes(site, "2026-01") == before["2026-01"]
    assert set(bundle_inodes(site, "2025-09").values()).isdisjoint(before["2025-09"].values())
    build_site(root, LAYOUTS, tmp_path / "cold", options, use_cache=False)
    assert snapshot(site) == snapshot(tmp_path / "cold")


def test_a_damaged_cache_is_discarded_with_a_warning(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    build(root)
    damaged = [path for path in (root / ".cache").rglob("*") if path.is_file()]
    assert any(path.parent.name.startswith("layouts-") for path in damaged)  # compiled layouts too
    for path in damaged:
        path.write_bytes(b"this is not a database" * 100)
    result = build(root)
    assert "warning: the build cache" in result.stderr and "has been discarded" in result.stderr
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold")
    assert "warning" not in build(root).stderr  # rebuilt cleanly


def test_a_hand_edited_output_file_is_rendered_again(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    build(root)
    page = root / "site/actors/ron-dermer/index.html"
    page.write_text("edited by hand")
    build(root)
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold")


def test_an_entry_that_comes_due_is_published_though_no_file_changed(tmp_path):
    import datetime as dt

    from parley.read.content import BuildOptions
    from parley.pipeline import build as build_site
    root = copy_fixture("archive-small", tmp_path / "project")
    future_page = root / "site/briefings/2099/01/01/future/index.html"
    before = build_site(root, LAYOUTS, root / "site", BuildOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)))
    again = build_site(root, LAYOUTS, root / "site", BuildOptions(now=dt.datetime(2027, 6, 1, tzinfo=dt.timezone.utc)))
    assert (before.left_out, again.left_out) == ({"draft": 1, "future": 1}, {"draft": 1, "future": 1})
    assert not future_page.exists()
    due = build_site(root, LAYOUTS, root / "site", BuildOptions(now=dt.datetime(2099, 1, 2, tzinfo=dt.timezone.utc)))
    assert due.left_out == {"draft": 1, "future": 0}
    assert future_page.is_file()


def test_a_build_can_keep_the_existing_search_index(tmp_path):
    import datetime as dt

    from parley.read.content import BuildOptions
    from parley.pipeline import build as build_site
    root = copy_fixture("archive-small", tmp_path / "project")
    options = BuildOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
    build_site(root, LAYOUTS, root / "site", options)
    index = {path: content for path, content in snapshot(root / "site").items() if path.startswith("pagefind/")}
    entry = root / ENTRY
    entry.write_text(entry.read_text().replace("Talks resumed.", "Talks resumed, slowly."))
    build_site(root, LAYOUTS, root / "site", options, refresh_search=False)
    after = snapshot(root / "site")
    assert b"Talks resumed, slowly." in after["briefings/2026/01/05/paris-opens/index.html"]
    assert {path: content for path, content in after.items() if path.startswith("pagefind/")} == index


def test_warm_builds_equal_cold_builds_when_entries_move_appear_and_go(tmp_path):
    # The entry -> outputs index decides which pages are checked again; a wrong skip would differ here.
    root = copy_fixture("archive-small", tmp_path / "project")
    build(root)
    moved = root / "content/briefings/2025/09-17-london-round.md"
    text = moved.read_text().replace("date: 2025-09-17", "date: 2026-01-07")
    moved.unlink()
    (root / "content/briefings/2026/01-07-london-round.md").write_text(text)
    build(root)
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-moved")
    (root / ENTRY).unlink()
    build(root)
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-removed")
    (root / "content/briefings/2026/01-05-paris-opens.md").write_text(
        "---\ntitle: Paris round opens once more\ndate: 2026-01-05\nactors: [ron-dermer]\nsummary: Back.\n"
        "sources: [AFP]\n---\nTalks resumed.\n")
    build(root)
    assert snapshot(root / "site") == cold_build(tmp_path, root, "cold-added")


def test_compiled_layouts_are_kept_and_an_edited_layout_is_compiled_again(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    run = lambda: run_cli("build", "--layouts", str(layouts), cwd=root)  # noqa: E731
    assert run().returncode == 0
    compiled = list((root / ".cache").glob("layouts-*/*.cache"))
    assert compiled, "the first build keeps its compiled layouts"
    # The file keeps its modification time: only a check of the layout's text itself sees this edit.
    base = layouts / "base.html"
    text = base.read_text(encoding="utf-8")
    assert "</footer>" in text
    stat = base.stat()
    base.write_text(text.replace("</footer>", "<p>Edited</p></footer>", 1), encoding="utf-8")
    os.utime(base, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run().returncode == 0
    assert b"<p>Edited</p>" in (root / "site/index.html").read_bytes()
    cold = tmp_path / "cold"
    assert run_cli("build", "--layouts", str(layouts), "--no-cache", "--output", str(cold), cwd=root).returncode == 0
    assert snapshot(root / "site") == snapshot(cold)
    assert run_cli("clean", "--layouts", str(layouts), cwd=root).returncode == 0
    assert not list(root.glob(".cache/layouts-*")), "clean removes the compiled layouts with the cache"
