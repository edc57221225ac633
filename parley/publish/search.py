"""Full-text search: runs the Pagefind indexer over the staged site, one shard at a time, before the swap.

It reads the entry pages already written to the staging folder and adds one bundle per shard
(`pagefind/<year>/`, or `pagefind/<year>-<month>/` for a large year) beside them; it never touches
the live site, so a failed index leaves the previous site in place. What gets indexed is decided by
the layouts (`data-pagefind-*` attributes); which shards need indexing, by `search_plan.plan_search`.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..errors import BuildFailed, ContentError
from ..model.routes import SEARCH_DIR, SearchShard

# Pagefind comes from npm (package.json pins it; `npm ci` installs it beside Parley).
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
INDEXER_ENV = "PARLEY_PAGEFIND"  # a Pagefind binary to use instead, e.g. on a machine without npm
INDEX_TIMEOUT_SECONDS = 600
# npm's names for this machine, as in @pagefind/<os>-<cpu>.
NPM_PLATFORMS = {"Linux": "linux", "Darwin": "darwin", "FreeBSD": "freebsd", "Windows": "windows"}
NPM_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


@lru_cache(maxsize=1)
def find_indexer() -> tuple[tuple[str, ...], str]:
    """The command that runs Pagefind -> (command, version); an empty command if it is not installed.

    The native binary from the platform package is run directly: the npm wrapper would start Node
    once per shard for nothing.
    """
    if os.environ.get(INDEXER_ENV):
        return (os.environ[INDEXER_ENV],), "custom:" + os.environ[INDEXER_ENV]
    try:
        version = json.loads((NODE_MODULES / "pagefind" / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return (), "none"
    system, cpu = NPM_PLATFORMS.get(platform.system(), ""), NPM_CPUS.get(platform.machine().lower(), "")
    folder = NODE_MODULES / "@pagefind" / f"{system}-{cpu}" / "bin"
    for name in ("pagefind_extended", "pagefind", "pagefind_extended.exe", "pagefind.exe"):
        if (folder / name).is_file():
            return (str(folder / name),), version
    wrapper = NODE_MODULES / ".bin" / "pagefind"
    return ((str(wrapper),) if wrapper.is_file() else ()), version


def index_shards(staging: Path, shards: Sequence[SearchShard], command: Sequence[str] | None = None) -> None:
    """A staged site folder -> each shard's bundle written in it, one shard at a time; BuildFailed if any fails.

    One indexer process per shard, in turn, so its memory follows the largest shard, not the archive.
    """
    if not shards:
        return
    command = tuple(command) if command is not None else find_indexer()[0]
    if not command:
        raise BuildFailed([indexer_error("the Pagefind indexer is not installed")])
    for shard in shards:
        index_shard(staging, shard, command)


def index_shard(staging: Path, shard: SearchShard, command: Sequence[str]) -> None:
    arguments = [*command, "--site", str(staging), "--output-subdir", shard.out_dir, "--glob", shard.glob, "--quiet"]
    try:
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=INDEX_TIMEOUT_SECONDS,
                                stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildFailed([indexer_error(f"could not run the indexer: {exc}", shard)]) from None
    if result.returncode != 0:
        raise BuildFailed([indexer_error(f"the indexer failed (exit {result.returncode}): {last_line(result)}", shard)])
    if not (staging / shard.out_dir / "pagefind-entry.json").is_file():
        raise BuildFailed([indexer_error("the indexer wrote no pagefind-entry.json", shard)])


def indexer_error(message: str, shard: SearchShard | None = None) -> ContentError:
    return ContentError(shard.out_dir if shard else SEARCH_DIR, 1, "search", message,
                        "nothing was published; the previous site is unchanged (run `npm ci` to install Pagefind)")


def last_line(result: subprocess.CompletedProcess) -> str:
    """The indexer's last non-empty line of output: Pagefind prints its reason there."""
    lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    return repr(lines[-1]) if lines else "no output"
