"""dependencies: the entry -> outputs index names every page an edit can change, and few others.

Each edit is planned twice on a 300-entry synthetic archive: with the index of the build before it,
and from scratch. Every page and feed must get the same fingerprint both ways (a page the index
skipped keeps its old fingerprint, so a wrong skip shows as a difference), while far fewer pages
are fingerprinted.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bench.make_corpus import write_corpus
from parley.model.routes import plan_routes
from parley.publish.dependencies import changed_entries
from parley.publish.plan import plan_jobs
from parley.read.content import BuildOptions, load_sources, validate

OPTIONS = BuildOptions(now=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
BASE = "inputs"


def plan(root: Path, previous=None):
    archive, errors = validate(load_sources(root), OPTIONS)
    assert errors == []
    routes, errors = plan_routes(archive)
    assert errors == []
    manifest = {} if previous is None else {path: (fp, 0, 0) for job in previous.jobs
                                           for path, fp in [(p, job.fingerprint) for p in job.out_paths]}
    return archive, plan_jobs(archive, routes, BASE, previous and previous.index, manifest)


def fingerprints(planned) -> dict[tuple[str, ...], str]:
    return {job.out_paths: job.fingerprint for job in planned.jobs}


def middle_entry(root: Path) -> Path:
    files = sorted((root / "content/briefings").rglob("*.md"))
    return files[len(files) // 2]


def edit_body(root):
    path = middle_entry(root)
    path.write_text(path.read_text() + "\nA sentence added.\n")


def edit_title(root):
    path = middle_entry(root)
    path.write_text(re.sub(r"(?m)^title: .*$", "title: A new title", path.read_text(), count=1))


def change_actors(root):
    path = middle_entry(root)
    path.write_text(re.sub(r"(?m)^actors: .*$", "actors: [miya-dahara]", path.read_text(), count=1))


def drop_round(root):
    path = middle_entry(root)
    path.write_text(re.sub(r"(?m)^round: .*\n", "", path.read_text(), count=1))


def move_to_another_day(root):
    path = middle_entry(root)
    year, month, day = int(path.parent.name), *map(int, path.name.split("-")[:2])
    moved = dt.date(year, month, day) - dt.timedelta(days=40)
    text = re.sub(r"(?m)^date: .*$", f"date: {moved}", path.read_text(), count=1)
    target = root / f"content/briefings/{moved:%Y}/{moved:%m-%d}-{path.name.split('-', 2)[2]}"
    path.unlink()
    target.parent.mkdir(exist_ok=True)
    target.write_text(text)


def remove_entry(root):
    middle_entry(root).unlink()


def add_entry(root):
    (root / "content/briefings/2023/06-15-added.md").write_text(
        "---\ntitle: Added\ndate: 2023-06-15\nactors: [miya-dahara]\nround: 3\nsummary: Added.\n"
        "sources: [AFP]\n---\nA body.\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 300)
    return root


@pytest.mark.parametrize("edit", [edit_body, edit_title, change_actors, drop_round, move_to_another_day,
                                  remove_entry, add_entry])
def test_an_edit_planned_with_the_index_equals_one_planned_from_scratch(corpus, tmp_path, edit):
    import shutil
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    _, before = plan(root)
    edit(root)
    archive, incremental = plan(root, before)
    _, from_scratch = plan(root)
    assert fingerprints(incremental) == fingerprints(from_scratch)
    assert incremental.index == from_scratch.index
    entry_pages = sum(job.route is not None and job.route.kind == "entry" for job in incremental.jobs)
    checked = sum(job.route.kind == "entry" for job in incremental.bodies_asked)
    assert 1 <= checked <= entry_pages // 10  # in proportion to the change, not to the archive


def test_other_inputs_make_every_page_checked(corpus):
    archive, planned = plan(corpus)
    assert changed_entries(planned.index, archive, BASE) == frozenset()
    assert changed_entries(planned.index, archive, "other layouts") is None
    assert changed_entries(None, archive, BASE) is None
