"""Wires the stages together: read and check everything, then render, then publish. Nothing else."""

from __future__ import annotations

from dataclasses import astuple, dataclass, replace
from pathlib import Path

import jinja2

from .hashing import digest
from .publish.cache import BuildCache, LastBuild
from .read.content import BuildOptions, Sources, load_sources, validate
from .errors import BuildFailed, ContentError
from .model.cross_fields import check_round_dates
from .model.links import check_links
from .model.archive import Archive
from .publish.output import SITE_MARKER, Clone, check_output, list_files, remove_site, staged_site
from .publish.plan import layouts_digest, plan_site, write_site
from .render.pages import list_assets
from .publish.search_plan import keep_search, plan_search, record_search, stage_search
from .model.routes import SEARCH_DIR, Routes, SearchShard, plan_routes, plan_search_shards
from .progress import QUIET, Progress
from .publish.search import find_indexer, index_shards

CACHE_DIR = ".cache"
SOURCE_FOLDERS = ("content", "layouts", ".git")


@dataclass(frozen=True, slots=True)
class BuildReport:
    entries: int
    files: int
    left_out: dict[str, int]
    base_url: str  # from site.yaml, so the preview server can serve the site at its path
    reused: int = 0  # files kept from the last build rather than rendered again (all of them: nothing changed)
    warnings: tuple[ContentError, ...] = ()


def check(root: Path, options: BuildOptions, cache: BuildCache | None = None,
          layouts_dir: Path | None = None) -> tuple[Archive, Routes, tuple[ContentError, ...]]:
    """Read and validate all content and plan every route -> (archive, routes, warnings).

    BuildFailed carries every error found; links to layout assets count as valid when `layouts_dir` is given.
    """
    return check_sources(load_sources(root), options, cache, layouts_dir)


def check_sources(sources: Sources, options: BuildOptions, cache: BuildCache | None,
                  layouts_dir: Path | None = None) -> tuple[Archive, Routes, tuple[ContentError, ...]]:
    archive, errors = validate(sources, options, cache)
    routes, warnings = None, []
    if archive is not None:
        routes, route_errors = plan_routes(archive)
        errors += route_errors
        assets = list_assets(layouts_dir) if layouts_dir is not None else ()
        errors += check_links(archive, routes, assets)
        warnings = check_round_dates(archive)
    if options.strict:
        errors += [replace(warning, severity="error") for warning in warnings]
        warnings = []
    if errors:
        raise BuildFailed(errors + warnings)
    return archive, routes, tuple(warnings)


def is_as_published(files: dict[str, tuple[int, int]], manifest: dict[str, tuple[str, int, int]]) -> bool:
    """Whether site/ (its listing: out_path -> (size, mtime_ns)) holds exactly the files the last build
    published, none touched since."""
    return bool(manifest) and files.keys() == manifest.keys() and all(
        files[path] == recorded[1:] for path, recorded in manifest.items())


def output_folder_errors(root: Path, layouts_dir: Path, site_dir: Path) -> list[ContentError]:
    """An error for an output folder whose replacement could destroy someone's files (checked before any write)."""
    return check_output_folder(root, layouts_dir, site_dir)[0]


def check_output_folder(root: Path, layouts_dir: Path,
                        site_dir: Path) -> tuple[list[ContentError], dict[str, tuple[int, int]]]:
    """`output_folder_errors`, and the output folder's listing (out_path -> (size, mtime_ns)), shared by
    every later step of the build so a large site is walked once."""
    protected = [root / name for name in SOURCE_FOLDERS] + [layouts_dir]
    refusal, files = check_output(site_dir, protected, root)
    return ([ContentError(str(site_dir), 0, "output", *refusal)] if refusal else []), files


def clean(root: Path, layouts_dir: Path, site_dir: Path) -> None:
    """Delete a site Parley built and the build cache; refuse (BuildFailed) a folder Parley did not write."""
    errors = output_folder_errors(root, layouts_dir, site_dir)
    if errors:
        raise BuildFailed(errors)
    if not remove_site(site_dir):
        raise BuildFailed([ContentError(str(site_dir), 0, "output", "the output folder was not written by Parley",
                                        "delete it yourself if it is yours to delete")])
    BuildCache.remove(root / CACHE_DIR)


def build(root: Path, layouts_dir: Path, site_dir: Path, options: BuildOptions, use_cache: bool = True,
          environment: jinja2.Environment | None = None, refresh_search: bool = True,
          progress: Progress = QUIET) -> BuildReport:
    """Project root -> a published site; on any error site_dir is left exactly as it was.

    `environment` lets the preview server reuse compiled layouts between rebuilds (Jinja still
    recompiles a layout whose file changed); a build without it makes its own. Without
    `refresh_search`, an existing search index is kept as it is instead of rebuilt (the preview's
    choice: indexing a large archive takes seconds). Each stage is reported to `progress`.
    """
    output_errors, site_files = check_output_folder(root, layouts_dir, site_dir)
    # A refused build writes nothing at all, not even the cache; it still checks the content, so the
    # editor sees every error in one run.
    cache = BuildCache(root / CACHE_DIR if use_cache and not output_errors else None)
    clone = None
    try:
        progress.stage("reading")
        sources = load_sources(root)
        progress.note(f"{len(sources.briefings):,} briefing files")
        site_key = str(site_dir.absolute())
        inputs_digest = digest(sources.registries_digest, layouts_digest(layouts_dir))
        build_digest = digest(inputs_digest, sources.digest,
                              repr((options.include_drafts, options.include_future, options.strict)))
        last = cache.last_build(site_key)
        if (not output_errors and last and last.is_current(build_digest, options.now)
                and is_as_published(site_files, cache.page_manifest(site_key))):
            # The same files as the last successful build, no entry come due since, site/ untouched.
            progress.note(f"{len(sources.briefings):,} briefing files, as at the last build: nothing to do")
            return BuildReport(last.entries, last.files, last.left_out, last.base_url, reused=last.files,
                               warnings=tuple(ContentError(*fields) for fields in last.warnings))
        if last and site_files and not output_errors:
            # Likely incremental: copy the site (hard links) on a spare core while the content is checked.
            clone = Clone(site_dir)
        # First gather and check everything, so nothing is written unless the whole archive is valid.
        progress.stage("checking")
        try:
            archive, routes, warnings = check_sources(sources, options, cache, layouts_dir)
        except BuildFailed as failure:
            raise BuildFailed([*output_errors, *failure.errors]) from None
        if output_errors:
            raise BuildFailed(output_errors)
        if not (layouts_dir / "base.html").is_file():
            raise BuildFailed([ContentError(str(layouts_dir), 1, "layouts", "no base.html in the layouts folder",
                                            "run from the project folder, or pass --layouts DIR")])
        progress.note(f"{len(archive.entries):,} entries, {len(routes.routes):,} pages and feeds")
        progress.stage("planning")
        plan = plan_site(archive, routes, layouts_dir, site_dir.absolute(), cache, inputs_digest, environment,
                         site_files)
        if clone is not None and not plan.reuse:
            clone.abandon()  # every file is rendered anew: the copy is not needed
        # Reused files come from a hard-linked copy of the site: the one started early, else one made now.
        copy = (clone or True) if plan.reuse else False
        # Only now is anything written: into a staging folder, swapped in when complete.
        # Changed search shards are indexed on the staging folder once it is complete (the search plan
        # is made in the block below, from the staged pages), so a failed index leaves the previous site.
        with staged_site(site_dir, finish=lambda folder: finish_site(folder, search.index, progress),
                         clone=copy, whole_folders=(f"{SEARCH_DIR}/",), site_files=site_files) as staging:
            manifest = write_site(plan, staging, progress)
            search = (plan_search(plan, plan_search_shards(archive), staging.folder, site_files,
                                  find_indexer()[1]) if refresh_search else keep_search(site_dir))
            manifest.update(stage_search(search, staging, plan.previous))
        # Recorded only once published, so a killed build never leaves a manifest that lies. Only the
        # files the indexer wrote are listed: every other file's size and time came back from its write.
        indexed = {f"{shard.out_dir}/{path}": stat for shard in search.index
                   for path, stat in list_files(site_dir / shard.out_dir).items()}
        manifest.update(record_search(search, indexed))
        marker = (site_dir / SITE_MARKER).stat()
        manifest[SITE_MARKER] = ("extra", marker.st_size, marker.st_mtime_ns)
        reused = sum(len(job.out_paths) for job in plan.reuse)
        report = BuildReport(len(archive.entries), len(manifest), dict(archive.left_out), archive.config.base_url, reused,
                             warnings)
        last = LastBuild(build_digest, archive.next_due, report.entries, report.files, report.left_out, report.base_url,
                         tuple(astuple(warning) for warning in warnings))
        cache.save_manifest(site_key, manifest, last, plan.index)
    finally:
        if clone is not None:
            clone.abandon()  # a failed build's, or one that rendered every file: never taken
        cache.close()
    return report


def finish_site(staging: Path, shards: tuple[SearchShard, ...], progress: Progress) -> None:
    """Runs on the complete staging folder just before it is swapped in: index the changed search shards."""
    if shards:
        progress.stage("indexing")
        index_shards(staging, shards)
    progress.stage("publishing")
