"""Renders the whole site into a staging folder, reusing whatever has not changed since the last build.

Each page and feed gets a fingerprint of everything it is made from; when the fingerprint and the
published file both match the last build's manifest, the file is linked instead of rendered.
Markdown bodies come from the cache by content hash. What remains is rendered on all cores.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from ..hashing import digest
from .cache import BuildCache
from ..render.corrections import render_correction_feeds
from ..progress import QUIET, Progress
from .dependencies import (BodyTokens, OutputIndex, body_tokens, changed_entries, entry_links, entry_pages_to_check,
                           fingerprint, is_explained)
from ..render.feeds import FeedPlan, plan_feeds, render_feed
from ..render.markup import MarkdownRenderer
from ..model.archive import Archive, Entry
from .output import Staging, StagedTarget, list_files, write_claimed
from ..render.pages import BUNDLED_LAYOUTS, CONTEXT_BUILDERS, collect_assets, make_environment, page_context, render_page
from ..model.routes import ENTRY_OUTPUT_KINDS, FEED_FORMATS, Route, Routes
from ..render.exports import render_exports
from ..render.opml import render_opml
from ..render.sitemap import render_sitemap

# Below this many jobs, forking workers costs more than it saves.
PARALLEL_THRESHOLD = 64
CHUNK_SIZE = 32
Manifest = dict[str, tuple[str, int, int]]  # out_path -> (fingerprint, size, mtime_ns)


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of output: a page (one file) or a feed plan (its RSS, Atom and JSON files)."""

    out_paths: tuple[str, ...]
    fingerprint: str
    route: Route | None = None
    feed: FeedPlan | None = None


@dataclass(frozen=True, slots=True)
class RenderState:
    """What workers need to render any job; inherited by forked workers, never pickled."""

    archive: Archive
    routes: Routes
    bodies: Mapping[str, Markup]
    layouts_dir: Path
    environment: jinja2.Environment | None = None  # compiled layouts to reuse, if the caller has them
    compiled_layouts: jinja2.BytecodeCache | None = None  # else layouts compiled by earlier builds


@dataclass(frozen=True, slots=True)
class SitePlan:
    """What a build will publish: jobs whose last output can be reused, jobs to render, small files."""

    state: RenderState
    reuse: tuple[Job, ...]
    render: tuple[Job, ...]
    small_outputs: dict[str, bytes]  # sitemap, robots.txt, open data, corrections feeds, assets: cheap, always made afresh
    previous: Manifest
    index: OutputIndex  # to be saved once published, for the next build
    site_dir: Path  # the published site the plan reuses files from


def plan_site(archive: Archive, routes: Routes, layouts_dir: Path, site_dir: Path, cache: BuildCache,
              inputs_digest: str, environment: jinja2.Environment | None = None,
              site_files: Mapping[str, tuple[int, int]] | None = None) -> SitePlan:
    """Decide, for every page and feed, whether the published file can stay or must be rendered.

    `inputs_digest` stands for everything every page depends on: configuration, registries, layouts.
    Only the pages the entry -> outputs index names are fingerprinted again; the others keep the
    fingerprint recorded for them, and are reused if their published file is untouched. `site_files`
    is the published site's listing (`output.list_files`), made here if the caller has none.
    """
    previous = cache.page_manifest(str(site_dir))
    if site_files is None:
        site_files = list_files(site_dir) if previous else {}
    planned = plan_jobs(archive, routes, inputs_digest, cache.output_index(str(site_dir)), previous)
    reuse, render = [], []
    for job in planned.jobs:
        unchanged = all(is_unchanged(site_files, out_path, job.fingerprint, previous) for out_path in job.out_paths)
        (reuse if unchanged else render).append(job)
    bodies = render_bodies(bodies_needed(render, planned.bodies_asked, archive), cache)
    state = RenderState(archive, routes, bodies, layouts_dir, environment,
                        None if environment else cache.layouts_cache())
    small_outputs = {**render_sitemap(routes, archive), **render_opml(routes, archive), **render_exports(routes, archive),
                     **render_correction_feeds(routes, archive), **collect_assets(layouts_dir)}
    return SitePlan(state, tuple(reuse), tuple(render), small_outputs, previous, planned.index, site_dir)


def bodies_needed(render: list[Job], bodies_asked: dict[Job, set[str]], archive: Archive) -> list[Entry]:
    """The entries whose rendered bodies the jobs to render will use: fetched or rendered only for them."""
    needed: set[str] = set()
    for job in render:
        if job.feed is not None:
            needed.update(entry.source_path for entry in job.feed.entries)
        elif job in bodies_asked:
            needed.update(bodies_asked[job])
        else:  # an entry page not fingerprinted now (its file was edited by hand): its own body
            needed.add(job.route.subject)
    return [entry for entry in archive.entries if entry.source_path in needed]


def write_site(plan: SitePlan, staging: Staging, progress: Progress = QUIET,
               on_written: Callable[[str], None] | None = None) -> Manifest:
    """Link the reusable files, render the rest on all cores; returns the manifest of what was published.

    `on_written` hears each out_path once its file is in the staging folder, reused ones first, then
    rendered ones in out_path order (so briefings/2024/… are all written before briefings/2025/…):
    a search indexer can start on a year's pages while later years are still being rendered.
    """
    manifest: Manifest = {}
    announce = on_written or (lambda out_path: None)
    rendered = sum(len(job.out_paths) for job in plan.render)
    reused = sum(len(job.out_paths) for job in plan.reuse)
    progress.stage("rendering", rendered, "files")
    progress.note(f"{rendered:,} written, {reused:,} reused")
    for job in plan.reuse:
        for out_path in job.out_paths:
            staging.reuse(out_path)
            manifest[out_path] = plan.previous[out_path]
            announce(out_path)
    fingerprints = {out_path: job.fingerprint for job in plan.render for out_path in job.out_paths}
    # Workers write their pages themselves: the bytes never cross a pipe or pile up in this process.
    target = staging.claim_all(fingerprints)
    for out_path, size, mtime_ns in run_jobs(render_job_chunk, list(plan.render), plan.state, target):
        manifest[out_path] = (fingerprints[out_path], size, mtime_ns)
        announce(out_path)
        progress.advance()
    for out_path, content in plan.small_outputs.items():
        manifest[out_path] = ("small", *staging.write(out_path, content))
    return manifest


def is_unchanged(site_files: Mapping[str, tuple[int, int]], out_path: str, fingerprint: str,
                 previous: Manifest) -> bool:
    """Whether the published file (in `site_files`, the site's listing) is exactly the one the last
    build wrote from the same inputs."""
    recorded = previous.get(out_path)
    return recorded is not None and recorded[0] == fingerprint and site_files.get(out_path) == recorded[1:]


@dataclass(frozen=True, slots=True)
class PlannedJobs:
    jobs: list[Job]
    bodies_asked: dict[Job, set[str]]  # for each job fingerprinted now, the bodies its context took
    index: OutputIndex


def plan_jobs(archive: Archive, routes: Routes, base: str, previous_index: OutputIndex | None,
              previous: Manifest) -> PlannedJobs:
    """Every page and feed with its fingerprint: `base` (code, layouts, configuration) plus its own inputs.

    An entry page that no change can reach, by the entry -> outputs index, keeps its recorded fingerprint.
    """
    archive_digest = digest(base, *(entry.digest for entry in archive.entries))
    links = entry_links(archive)
    changed = changed_entries(previous_index, archive, base)
    check = None if changed is None else entry_pages_to_check(previous_index, links, changed)
    jobs, asked, unexplained, tokens_by_path = [], {}, set(), body_tokens(archive)
    for route in routes.routes:
        if route.kind not in CONTEXT_BUILDERS:
            continue
        recorded = previous.get(route.out_path)
        # Made from one entry (its page also from its links): an entry no change can reach keeps them.
        if route.kind in ENTRY_OUTPUT_KINDS and check is not None and route.subject not in check and recorded:
            jobs.append(Job((route.out_path,), recorded[0], route=route))
            continue
        tokens = BodyTokens(tokens_by_path)
        page_print, shown = fingerprint(page_context(route, routes, archive, tokens), archive_digest)
        if route.kind == "entry" and not is_explained(route.subject, shown, links):
            unexplained.add(route.subject)
        jobs.append(Job((route.out_path,), digest(base, route.kind, route.url, page_print), route=route))
        asked[jobs[-1]] = tokens.asked
    for plan in plan_feeds(routes, archive):
        out_paths = feed_out_paths(plan, routes)
        jobs.append(Job(out_paths, digest(base, "feed", fingerprint(plan, archive_digest)[0]), feed=plan))
    if check is not None:  # pages not checked now keep their standing
        unexplained.update(previous_index.unexplained - check)
    index = OutputIndex(base, {e.source_path: e.digest for e in archive.entries}, links, frozenset(unexplained))
    return PlannedJobs(jobs, asked, index)


def feed_out_paths(plan: FeedPlan, routes: Routes) -> tuple[str, ...]:
    """The files one planned feed is published as: one per format."""
    return tuple(routes.by_subject[plan.route_key(name)].out_path for name, _ in FEED_FORMATS)


def layouts_digest(layouts_dir: Path) -> str:
    """A hash of every layout a build may use: the project's and Parley's own, which fill its gaps."""
    folders = dict.fromkeys([layouts_dir.resolve(), BUNDLED_LAYOUTS])
    files = [(folder, p) for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    return digest(*(part for folder, p in files for part in (str(list(folders).index(folder)),
                                                             p.relative_to(folder).as_posix(), p.read_bytes())))


def render_bodies(entries: Iterable[Entry], cache: BuildCache) -> dict[str, Markup]:
    """Entries -> rendered bodies by source_path, from the cache where the Markdown is unchanged."""
    entries = list(entries)
    keys = {entry.source_path: digest(entry.body) for entry in entries}
    cached = cache.get_many("bodies", set(keys.values()))
    missing = sorted({keys[e.source_path]: e.body for e in entries if keys[e.source_path] not in cached}.items())
    fresh = dict(zip((key for key, _ in missing), run_jobs(render_body_chunk, [text for _, text in missing], None)))
    cache.put_many("bodies", fresh)
    found = {**cached, **fresh}
    return {entry.source_path: Markup(found[keys[entry.source_path]]) for entry in entries}


# Set in each worker process by `start_worker`: the build's state, inherited by fork.
_WORKER: dict = {}


def start_worker(state: RenderState | None, target: StagedTarget | None) -> None:
    _WORKER["state"], _WORKER["target"], _WORKER["made_dirs"] = state, target, set()
    _WORKER["markdown"] = MarkdownRenderer()
    _WORKER["env"] = (state.environment or make_environment(state.layouts_dir, state.compiled_layouts)) if state else None


def render_body_chunk(texts: list[str]) -> list[str]:
    return [str(_WORKER["markdown"].render(text)) for text in texts]


def render_job_chunk(jobs: list[Job]) -> list[tuple[str, int, int]]:
    """Render and write each job's files -> (out_path, size, mtime_ns) of each."""
    state: RenderState = _WORKER["state"]
    target: StagedTarget = _WORKER["target"]
    results = []
    for job in jobs:
        if job.route is not None:
            context = page_context(job.route, state.routes, state.archive, state.bodies)
            files = [(job.route.out_path, render_page(_WORKER["env"], job.route, context))]
        else:
            files = sorted(render_feed(job.feed, state.routes, state.archive, state.bodies).items())
        for out_path, content in files:
            results.append((out_path, *write_claimed(target.folder, target.cloned, out_path, content,
                                                     _WORKER["made_dirs"])))
    return results


def run_jobs(work: Callable[[list], list], items: list, state: RenderState | None,
             target: StagedTarget | None = None) -> Iterator:
    """Apply `work` to chunks of `items` on every core (in order), or in this process when few."""
    chunks = [items[i:i + CHUNK_SIZE] for i in range(0, len(items), CHUNK_SIZE)]
    workers = min(os.cpu_count() or 1, len(chunks))
    if len(items) < PARALLEL_THRESHOLD or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        start_worker(state, target)
        for chunk in chunks:
            yield from work(chunk)
        return
    # fork: workers inherit the archive instead of receiving a pickled copy of it.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=start_worker, initargs=(state, target)) as pool:
        for results in pool.map(work, chunks):
            yield from results
