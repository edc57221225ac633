"""Renders the whole site into a staging folder, reusing whatever has not changed since the last build.

Each page and feed gets a fingerprint of everything it is made from; when the fingerprint and the
published file both match the last build's manifest, the file is linked instead of rendered.
Markdown bodies come from the cache by content hash. What remains is rendered on all cores.
"""

from __future__ import annotations

import filecmp
import io
import multiprocessing
import os
import pickle
import types
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from .cache import BuildCache, digest
from ..render.feeds import FeedPlan, plan_feeds, render_feed
from ..render.markup import MarkdownRenderer
from ..model.archive import Archive, Entry, Registry, SiteConfig
from .output import Staging, StagedTarget, list_files, write_claimed
from ..render.pages import CONTEXT_BUILDERS, collect_assets, make_environment, page_context, render_page
from ..model.routes import SEARCH_DIR, Route, Routes, SearchShard
from ..render.sitemap import render_sitemap

# Below this many jobs, forking workers costs more than it saves.
PARALLEL_THRESHOLD = 64
CHUNK_SIZE = 32
Manifest = dict[str, tuple[str, int, int]]  # out_path -> (fingerprint, size, mtime_ns)


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of output: a page (one file) or a feed plan (its RSS and Atom files)."""

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


@dataclass(frozen=True, slots=True)
class SitePlan:
    """What a build will publish: jobs whose last output can be reused, jobs to render, small files."""

    state: RenderState
    reuse: tuple[Job, ...]
    render: tuple[Job, ...]
    small_outputs: dict[str, bytes]  # sitemap, robots.txt, assets: cheap, so always made afresh
    previous: Manifest


def plan_site(archive: Archive, routes: Routes, layouts_dir: Path, site_dir: Path, cache: BuildCache,
              inputs_digest: str, environment: jinja2.Environment | None = None) -> SitePlan:
    """Decide, for every page and feed, whether the published file can stay or must be rendered.

    `inputs_digest` stands for everything every page depends on: configuration, registries, layouts.
    """
    bodies = render_bodies(archive.entries, cache)
    state = RenderState(archive, routes, bodies, layouts_dir, environment)
    jobs = plan_jobs(state, inputs_digest)
    previous = cache.page_manifest(str(site_dir))
    reuse, render = [], []
    for job in jobs:
        unchanged = all(is_unchanged(site_dir, out_path, job.fingerprint, previous) for out_path in job.out_paths)
        (reuse if unchanged else render).append(job)
    small_outputs = {**render_sitemap(routes, archive), **collect_assets(layouts_dir)}
    return SitePlan(state, tuple(reuse), tuple(render), small_outputs, previous)


def write_site(plan: SitePlan, staging: Staging) -> Manifest:
    """Link the reusable files, render the rest on all cores; returns the manifest of what was published."""
    manifest: Manifest = {}
    for job in plan.reuse:
        for out_path in job.out_paths:
            staging.reuse(out_path)
            manifest[out_path] = plan.previous[out_path]
    fingerprints = {out_path: job.fingerprint for job in plan.render for out_path in job.out_paths}
    # Workers write their pages themselves: the bytes never cross a pipe or pile up in this process.
    target = staging.claim_all(fingerprints)
    for out_path, size, mtime_ns in run_jobs(render_job_chunk, list(plan.render), plan.state, target):
        manifest[out_path] = (fingerprints[out_path], size, mtime_ns)
    for out_path, content in plan.small_outputs.items():
        manifest[out_path] = ("small", *staging.write(out_path, content))
    return manifest


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """Which search shards keep their published bundle and which the indexer must write anew."""

    keys: dict[str, str]  # shard out_dir -> "search:" + digest of the indexer version and its pages' out_paths
    reuse: tuple[str, ...]  # bundle files of unchanged shards, linked from the published site
    index: tuple[SearchShard, ...]


def plan_search(plan: SitePlan, shards: tuple[SearchShard, ...], staged: Path, site_dir: Path,
                indexer_version: str) -> SearchPlan:
    """After the pages are staged: a shard keeps its bundle only if the indexer would write it again.

    That holds when the bundle is intact as the last build made it, from the same pages, and every
    page of the shard is byte-identical to the published one (Pagefind 1.6 is deterministic). Bytes
    are compared rather than fingerprints: a body edit changes the fingerprint of every page that
    lists the entry, though most show only its title.
    """
    rendered = {out_path for job in plan.render for out_path in job.out_paths}
    published: dict[str, list[str]] = {}
    for out_path in plan.previous:
        if out_path.startswith(SEARCH_DIR + "/"):
            published.setdefault(out_path.split("/", 2)[1], []).append(out_path)
    keys, reuse, index = {}, [], []
    for shard in shards:
        key = keys[shard.out_dir] = "search:" + digest(indexer_version, *shard.out_paths)
        files = sorted(published.get(shard.name, ()))
        if (files and all(is_unchanged(site_dir, out_path, key, plan.previous) for out_path in files)
                and all(is_same_file(staged / p, site_dir / p) for p in shard.out_paths if p in rendered)):
            reuse += files
        else:
            index.append(shard)
    return SearchPlan(keys, tuple(reuse), tuple(index))


def is_same_file(first: Path, second: Path) -> bool:
    try:
        return filecmp.cmp(first, second, shallow=False)
    except OSError:
        return False


def keep_search(site_dir: Path) -> SearchPlan:
    """Keep every published bundle as it is, stale or not (the preview's choice; the next build re-indexes)."""
    return SearchPlan({}, tuple(sorted(f"{SEARCH_DIR}/{p}" for p in list_files(site_dir / SEARCH_DIR))), ())


def stage_search(search: SearchPlan, staging: Staging, previous: Manifest) -> Manifest:
    """Link the kept bundle files into the staging folder -> their manifest rows (kept stale ones as "stale")."""
    for out_path in search.reuse:
        staging.reuse(out_path)
    checked = bool(search.keys)
    return {out_path: previous[out_path] if checked else ("stale", *previous[out_path][1:])
            for out_path in search.reuse if out_path in previous}


def record_search(search: SearchPlan, published: dict[str, tuple[int, int]]) -> Manifest:
    """The manifest rows of freshly indexed bundles: each file under its shard's key."""
    rows: Manifest = {}
    for shard in search.index:
        prefix = shard.out_dir + "/"
        rows.update({p: (search.keys[shard.out_dir], *stat) for p, stat in published.items() if p.startswith(prefix)})
    return rows


def is_unchanged(site_dir: Path, out_path: str, fingerprint: str, previous: Manifest) -> bool:
    """Whether the published file is exactly the one the last build wrote from the same inputs."""
    recorded = previous.get(out_path)
    if recorded is None or recorded[0] != fingerprint:
        return False
    try:
        current = (site_dir / out_path).stat()
    except OSError:
        return False
    return (current.st_size, current.st_mtime_ns) == recorded[1:]


def plan_jobs(state: RenderState, base: str) -> list[Job]:
    """Every page and feed with its fingerprint: `base` (code, layouts, configuration) plus its own inputs."""
    archive_digest = digest(base, *(entry.digest for entry in state.archive.entries))
    jobs = []
    for route in state.routes.routes:
        if route.kind in CONTEXT_BUILDERS:
            context = page_context(route, state.routes, state.archive, state.bodies)
            jobs.append(Job((route.out_path,), digest(base, route.kind, route.url, fingerprint(context, archive_digest)),
                            route=route))
    for plan in plan_feeds(state.routes, state.archive):
        out_paths = tuple(state.routes.by_subject[key].out_path for key in (plan.rss_key, plan.atom_key))
        jobs.append(Job(out_paths, digest(base, "feed", fingerprint(plan, archive_digest)), feed=plan))
    return jobs


class FingerprintPickler(pickle.Pickler):
    """Serialises a page's inputs, with entries and the archive replaced by their digests.

    The C pickler walks the context far faster than Python code could; only the objects below
    are handed to Python, through `persistent_id`.
    """

    def __init__(self, file: io.BytesIO, archive_digest: str):
        super().__init__(file, protocol=5)
        self.archive_digest = archive_digest

    def persistent_id(self, value):
        kind = type(value)
        if kind is Entry:
            return "entry:" + value.digest
        if kind is Archive:
            return "archive:" + self.archive_digest
        if kind is Registry or kind is SiteConfig:
            return kind.__name__  # counted once for all pages, in the inputs digest
        if kind is types.FunctionType:
            return "fn"  # link helpers: what they return depends only on the page's URL, already counted
        return None


def fingerprint(value, archive_digest: str) -> str:
    """A hash of everything in `value` that can change a rendered page."""
    buffer = io.BytesIO()
    FingerprintPickler(buffer, archive_digest).dump(value)
    return digest(buffer.getvalue())


def layouts_digest(layouts_dir: Path) -> str:
    files = sorted(p for p in layouts_dir.rglob("*") if p.is_file())
    return digest(*(part for p in files for part in (p.relative_to(layouts_dir).as_posix(), p.read_bytes())))


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
    _WORKER["env"] = (state.environment or make_environment(state.layouts_dir)) if state else None


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
