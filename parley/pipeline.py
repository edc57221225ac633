"""Wires the stages together: read and check everything, then render, then publish. Nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import BuildOptions, load_sources, validate
from .errors import BuildFailed, ContentError
from .feeds import render_feeds
from .markup import render_bodies
from .model import Archive
from .output import publish
from .pages import collect_assets, make_environment, render_pages
from .routes import Routes, plan_routes
from .search import index_site
from .sitemap import render_sitemap


@dataclass(frozen=True, slots=True)
class BuildReport:
    entries: int
    files: int
    left_out: dict[str, int]


def check(root: Path, options: BuildOptions) -> tuple[Archive, Routes]:
    """Read and validate all content and plan every route; BuildFailed carries every error found."""
    archive, errors = validate(load_sources(root), options)
    routes = None
    if archive is not None:
        routes, route_errors = plan_routes(archive)
        errors += route_errors
    if errors:
        raise BuildFailed(errors)
    return archive, routes


def render_site(archive: Archive, routes: Routes, layouts_dir: Path) -> dict[str, bytes]:
    """Archive and routes -> every output file's bytes, keyed by out_path."""
    bodies = render_bodies(archive.entries)
    outputs: dict[str, bytes] = {}
    for part in (render_pages(routes, archive, bodies, make_environment(layouts_dir)),
                 render_feeds(routes, archive, bodies),
                 render_sitemap(routes, archive),
                 collect_assets(layouts_dir)):
        clash = outputs.keys() & part.keys()
        assert not clash, f"two stages wrote {sorted(clash)}"
        outputs.update(part)
    return outputs


def build(root: Path, layouts_dir: Path, site_dir: Path, options: BuildOptions) -> BuildReport:
    """Project root -> a published site; on any error site_dir is left exactly as it was."""
    # First gather and check everything, so nothing is written unless the whole archive is valid.
    archive, routes = check(root, options)
    if not (layouts_dir / "base.html").is_file():
        raise BuildFailed([ContentError(str(layouts_dir), 1, "layouts", "no base.html in the layouts folder",
                                        "run from the project folder, or pass --layouts DIR")])
    outputs = render_site(archive, routes, layouts_dir)
    # Only now, with every byte in memory, is the output folder touched; the search index is built
    # on the staging folder, so a failed index leaves the previous site in place.
    publish(outputs, site_dir, finish=index_site)
    return BuildReport(len(archive.entries), len(outputs), dict(archive.left_out))
