"""The search part of the incremental plan: which search shards keep their bundle, which are indexed anew.

It reads the staged pages and the published site, and the last build's manifest; it writes
nothing itself (linking goes through the Staging, indexing through `search.index_shards`).
"""

from __future__ import annotations

import filecmp
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..model.routes import SEARCH_DIR, SearchShard
from ..hashing import digest
from .output import Staging, list_files
from .plan import Manifest, SitePlan, is_unchanged


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """Which search shards keep their published bundle and which the indexer must write anew."""

    keys: dict[str, str]  # shard out_dir -> "search:" + digest of the indexer version and its pages' out_paths
    reuse: tuple[str, ...]  # bundle files of unchanged shards, linked from the published site
    index: tuple[SearchShard, ...]


def plan_search(plan: SitePlan, shards: tuple[SearchShard, ...], staged: Path,
                site_files: Mapping[str, tuple[int, int]], indexer_version: str) -> SearchPlan:
    """After the pages are staged: a shard keeps its bundle only if the indexer would write it again.

    That holds when the bundle is intact as the last build made it, from the same pages, and every
    page of the shard is byte-identical to the published one (Pagefind 1.6 is deterministic). Bytes
    are compared rather than fingerprints: a body edit changes the fingerprint of every page that
    lists the entry, though most show only its title.
    """
    rendered = {out_path for job in plan.render for out_path in job.out_paths}
    published: dict[str, list[str]] = {}  # by bundle folder, which is the shard's name
    for out_path in plan.previous:
        if out_path.startswith(SEARCH_DIR + "/"):
            published.setdefault(out_path.split("/", 2)[1], []).append(out_path)
    keys, reuse, index = {}, [], []
    for shard in shards:
        key = keys[shard.out_dir] = "search:" + digest(indexer_version, *shard.out_paths)
        files = sorted(published.get(shard.name, ()))
        if (files and all(is_unchanged(site_files, out_path, key, plan.previous) for out_path in files)
                and all(is_same_file(staged / p, plan.site_dir / p) for p in shard.out_paths if p in rendered)):
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
