"""Wires the stages together: read and check everything, then render, then publish. Nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .cache import BuildCache
from .content import BuildOptions, Sources, load_sources, validate
from .errors import BuildFailed, ContentError
from .model import Archive
from .output import list_files, staged_site
from .render import plan_site, write_site
from .routes import Routes, plan_routes

CACHE_DIR = ".cache"


@dataclass(frozen=True, slots=True)
class BuildReport:
    entries: int
    files: int
    left_out: dict[str, int]
    base_url: str  # from site.yaml, so the preview server can serve the site at its path


def check(root: Path, options: BuildOptions, cache: BuildCache | None = None) -> tuple[Archive, Routes]:
    """Read and validate all content and plan every route; BuildFailed carries every error found."""
    return check_sources(load_sources(root), options, cache)


def check_sources(sources: Sources, options: BuildOptions, cache: BuildCache | None) -> tuple[Archive, Routes]:
    archive, errors = validate(sources, options, cache)
    routes = None
    if archive is not None:
        routes, route_errors = plan_routes(archive)
        errors += route_errors
    if errors:
        raise BuildFailed(errors)
    return archive, routes


def build(root: Path, layouts_dir: Path, site_dir: Path, options: BuildOptions, use_cache: bool = True,
          environment: jinja2.Environment | None = None) -> BuildReport:
    """Project root -> a published site; on any error site_dir is left exactly as it was.

    `environment` lets the preview server reuse compiled layouts between rebuilds (Jinja still
    recompiles a layout whose file changed); a build without it makes its own.
    """
    cache = BuildCache(root / CACHE_DIR if use_cache else None)
    try:
        # First gather and check everything, so nothing is written unless the whole archive is valid.
        sources = load_sources(root)
        archive, routes = check_sources(sources, options, cache)
        if not (layouts_dir / "base.html").is_file():
            raise BuildFailed([ContentError(str(layouts_dir), 1, "layouts", "no base.html in the layouts folder",
                                            "run from the project folder, or pass --layouts DIR")])
        site_key = str(site_dir.absolute())
        plan = plan_site(archive, routes, layouts_dir, site_dir.absolute(), cache, sources.registries_digest,
                         environment)
        if (not plan.render and cache.last_build(site_key) == plan.build_digest
                and set(list_files(site_dir)) == set(plan.previous)):
            # Nothing changed since the last build, and site/ holds exactly what it published.
            return BuildReport(len(archive.entries), len(plan.previous), dict(archive.left_out), archive.config.base_url)
        # Only now is anything written: into a staging folder, swapped in when complete.
        with staged_site(site_dir) as staging:
            manifest = write_site(plan, staging)
        # Recorded only once published, so a killed build never leaves a manifest that lies.
        published = list_files(site_dir)
        manifest.update({path: ("extra", *stat) for path, stat in published.items() if path not in manifest})
        cache.save_manifest(site_key, manifest, plan.build_digest)
        files = len(published)
    finally:
        cache.close()
    return BuildReport(len(archive.entries), files, dict(archive.left_out), archive.config.base_url)
