"""Parley's benchmark: builds synthetic archives and prints a table of medians (`make bench`).

    python bench/run.py [--sizes 1000 10000] [--runs 3]      (BENCH_FULL=1 adds 100,000)

For each size: cold build (no cache, no output), no-op rebuild, rebuild after editing one entry's
body, rebuild after adding one entry, and peak resident memory of the build process and of its
largest child process (a rendering worker or the Pagefind indexer). The seconds spent in the
Pagefind indexer are shown on their own too (a build re-indexes the year shards whose pages changed).
Each figure is the median of `--runs` runs; every build runs in a fresh process, as editors run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# Runs one build and reports its own peak memory and its largest worker's, in MiB, and the seconds
# spent indexing (timed around the indexer the pipeline calls, so nothing in Parley needs a hook).
BUILD_SCRIPT = """
import resource, sys, time
sys.path.insert(0, {repo!r})
import parley.pipeline
from parley.cli import main
indexing = [0.0]
def timed_index_shards(*args, **options):
    started = time.perf_counter()
    try:
        return real_index_shards(*args, **options)
    finally:
        indexing[0] += time.perf_counter() - started
real_index_shards, parley.pipeline.index_shards = parley.pipeline.index_shards, timed_index_shards
code = main(["build", "--root", {root!r}])
usage = resource.getrusage
print("RSS", usage(resource.RUSAGE_SELF).ru_maxrss / 1024, usage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
      indexing[0])
sys.exit(code)
"""


def timed_build(root: Path) -> tuple[float, float, float, float]:
    """One build of `root` in a fresh interpreter -> (seconds, peak MiB of the build process, of its
    largest child, seconds spent indexing).

    The children are the rendering workers (forked, so much of their memory is shared with the
    build process) and the Pagefind indexer.
    """
    script = BUILD_SCRIPT.format(repo=str(REPO), root=str(root))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    self_mib, child_mib, index_seconds = map(float, result.stdout.strip().splitlines()[-1].split()[1:])
    return seconds, self_mib, child_mib, index_seconds


def clean(root: Path) -> None:
    for name in ("site", ".cache"):
        shutil.rmtree(root / name, ignore_errors=True)


def edit_one_body(root: Path, run: int) -> None:
    entry = sorted((root / "content/briefings").rglob("*.md"))[len(list((root / "content/briefings").rglob("*.md"))) // 2]
    with entry.open("a", encoding="utf-8") as file:
        file.write(f"\nA correction added by benchmark run {run}.\n")


def add_one_entry(root: Path, run: int) -> None:
    (root / f"content/briefings/2025/12-31-bench-added-{run}.md").write_text(
        f"---\ntitle: Added entry {run}\ndate: 2025-12-31\nactors: [{first_actor(root)}]\n"
        "summary: Added by the benchmark.\nsources: [AFP]\n---\n## What happened\n\nA new entry.\n", encoding="utf-8")


def first_actor(root: Path) -> str:
    line = next(l for l in (root / "content/actors.yaml").read_text().splitlines() if l.startswith("- id: "))
    return line.split(": ", 1)[1]


def measure(size: int, runs: int, workdir: Path) -> dict[str, float]:
    root = workdir / f"corpus-{size}"
    write_corpus(root, size)
    figures: dict[str, list[float]] = {name: [] for name in (
        "cold", "cold_index", "noop", "edit", "edit_index", "add", "add_index", "memory", "child")}
    for run in range(runs):
        clean(root)
        seconds, memory, child, index_seconds = timed_build(root)
        figures["cold"].append(seconds)
        figures["cold_index"].append(index_seconds)
        figures["memory"].append(memory)
        figures["child"].append(child)
    for run in range(runs):
        figures["noop"].append(timed_build(root)[0])
        for name, change in (("edit", edit_one_body), ("add", add_one_entry)):
            change(root, run)
            seconds, _, _, index_seconds = timed_build(root)
            figures[name].append(seconds)
            figures[f"{name}_index"].append(index_seconds)
    # Replaced sites are deleted in the background by the builds themselves; this races with them.
    shutil.rmtree(root, ignore_errors=True)
    return {name: statistics.median(values) for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Parley builds.")
    sizes = [1000, 10000] + ([100000] if os.environ.get("BENCH_FULL") == "1" else [])
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.runs} runs")
    print("Each time is the whole build; in brackets, the part of it spent in the Pagefind indexer.")
    print("| entries | cold build | entries/s | no-op rebuild | edit one body | add one entry "
          "| peak memory: build | largest child |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as workdir:
        for size in args.sizes:
            f = measure(size, args.runs, Path(workdir))
            print(f"| {size:,} | {f['cold']:.2f} s ({f['cold_index']:.2f}) | {size / f['cold']:,.0f} | "
                  f"{f['noop']:.2f} s | {f['edit']:.2f} s ({f['edit_index']:.2f}) | {f['add']:.2f} s "
                  f"({f['add_index']:.2f}) | {f['memory']:.0f} MiB | {f['child']:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
