"""plan.write_site: every file it writes is announced once it is in the staging folder, in out_path order."""

from __future__ import annotations

import datetime as dt

from conftest import LAYOUTS, copy_fixture
from parley.model.routes import plan_routes
from parley.publish.cache import BuildCache
from parley.publish.output import list_files, staged_site
from parley.publish.plan import plan_site, write_site
from parley.read.content import BuildOptions, load_sources, validate


def test_each_written_file_is_announced_once_it_exists(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    archive, errors = validate(load_sources(root), BuildOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)))
    routes, _ = plan_routes(archive)
    plan = plan_site(archive, routes, LAYOUTS, tmp_path / "site", BuildCache(None), "inputs")
    announced = []

    def on_written(out_path):
        assert (staging.folder / out_path).is_file()  # a search indexer may read it straight away
        announced.append(out_path)

    with staged_site(tmp_path / "site") as staging:
        manifest = write_site(plan, staging, on_written=on_written)
    rendered = [out_path for job in plan.render for out_path in job.out_paths]
    assert sorted(announced) == sorted(rendered) and len(set(announced)) == len(announced)
    entry_pages = [out_path for out_path in announced
                   if out_path.startswith("briefings/") and out_path.count("/") == 5 and out_path.endswith("/index.html")]
    assert entry_pages == sorted(entry_pages) and len(entry_pages) == len(archive.entries)
    assert set(announced) | set(plan.small_outputs) == set(manifest)
    assert set(manifest) <= set(list_files(tmp_path / "site"))
