"""Parley's benchmark: builds synthetic archives and prints a table of medians (`make bench`).

    python bench/run.py [--sizes 1000 10000] [--runs 3]      (BENCH_FULL=1 adds 100,000)

For each size, the rows of issue 14's targets table: cold build (no cache, no output), rebuild
after editing one entry's body and after adding one, no-op rebuild (the seconds spent in the
Pagefind indexer in brackets: a build re-indexes only the year shards whose pages changed); peak resident memory of the build process, of the indexer, and of
all the build's processes together (sampled from /proc; pages shared by forked workers counted once); the largest HTML page; and whether the
site after those incremental builds equals a cold build of the same content, byte for byte.
Each figure is the median of `--runs` runs; every build runs in a fresh process, as editors run it.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# Sampling costs CPU on the cores it measures (smaps_rollup walks page tables): every 0.05 s it took
# half a core during the 100,000-entry run, so every 0.2 s, still many samples per stage.
SAMPLE_SECONDS = 0.2
# Runs one build and reports its own peak memory in MiB and the seconds spent indexing (timed around
# the indexer the pipeline calls, so nothing in Parley needs a hook).
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
code = main({arguments!r})
print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, indexing[0])
sys.exit(code)
"""


@dataclass
class Build:
    """One timed build: seconds, seconds in the indexer, and peak resident memory in MiB."""

    seconds: float
    index_seconds: float
    build_mib: float  # the build process itself (ru_maxrss)
    indexer_mib: float  # the Pagefind indexer, sampled
    together_mib: float  # every process of the build at one moment, sampled (proportional set sizes: shared pages once)


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, stack = [], [pid]
    while stack:
        tree.append(stack.pop())
        stack.extend(children.get(tree[-1], []))
    return tree


def resident_mib(pid: int) -> tuple[str, float, float]:
    """(command name, resident MiB, proportional MiB) of one process; ("", 0, 0) once it has gone.

    The proportional size (Pss) splits each page shared between processes among them: forked
    rendering workers share most of the build's memory, and summing their resident sizes would
    count those pages once per worker.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return "", 0.0, 0.0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    pss = next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return fields.get("Name", "").strip(), int(fields.get("VmRSS", "0 kB").split()[0]) / 1024, pss / 1024


def sample_memory(process: subprocess.Popen, peaks: dict[str, float]) -> None:
    """Until `process` ends, every SAMPLE_SECONDS: the indexer's resident memory and the whole tree's
    memory (proportional: what the build's processes use together, shared pages counted once)."""
    while process.poll() is None:
        sizes = [resident_mib(pid) for pid in process_tree(process.pid)]
        indexer = sum(rss for name, rss, _ in sizes if "pagefind" in name)
        peaks["indexer"] = max(peaks["indexer"], indexer)
        peaks["together"] = max(peaks["together"], sum(pss for _, _, pss in sizes))
        time.sleep(SAMPLE_SECONDS)


def timed_build(root: Path, *arguments: str) -> Build:
    """One build of `root` in a fresh interpreter, as editors run it, with its memory sampled."""
    script = BUILD_SCRIPT.format(repo=str(REPO), arguments=["build", "--root", str(root), *arguments])
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = {"indexer": 0.0, "together": 0.0}
    sampler = threading.Thread(target=sample_memory, args=(process, peaks))
    sampler.start()
    out, errors = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{out}\n{errors}")
    wait_for_discards(root)
    build_mib, index_seconds = map(float, out.strip().splitlines()[-1].split()[1:])
    return Build(seconds, index_seconds, build_mib, peaks["indexer"], max(peaks["together"], build_mib))


def wait_for_discards(root: Path, timeout: float = 120.0) -> None:
    """Wait until the replaced site an incremental build deletes in the background is gone, so the
    next build is timed alone (an editor's next build rarely follows within a second or two)."""
    deadline = time.monotonic() + timeout
    while any(root.glob("site.replaced-*")) and time.monotonic() < deadline:
        time.sleep(0.1)


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


def largest_page(site: Path) -> tuple[int, str]:
    """(bytes, out_path) of the largest HTML page."""
    return max((page.stat().st_size, page.relative_to(site).as_posix()) for page in site.rglob("*.html"))


def differing_files(site: Path, cold: Path) -> list[str]:
    """Out paths whose bytes differ between two built sites, or that only one of them has."""
    first = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(cold).as_posix() for p in cold.rglob("*") if p.is_file()}
    same = first & second
    return sorted((first ^ second) | {path for path in same if not filecmp.cmp(site / path, cold / path, shallow=False)})


def measure(size: int, runs: int, workdir: Path) -> dict[str, object]:
    """Every row of the table for one archive size: medians of `runs` builds each."""
    root = workdir / f"corpus-{size}"
    write_corpus(root, size)
    builds: dict[str, list[Build]] = {"cold": [], "noop": [], "edit": [], "add": []}
    for run in range(runs):
        clean(root)
        builds["cold"].append(timed_build(root))
    largest = largest_page(root / "site")
    for run in range(runs):
        builds["noop"].append(timed_build(root))
        for name, change in (("edit", edit_one_body), ("add", add_one_entry)):
            change(root, run)
            builds[name].append(timed_build(root))
    # The incremental site after all those edits against a cold build of the same content.
    timed_build(root, "--no-cache", "--output", str(workdir / "cold-site"))
    differing = differing_files(root / "site", workdir / "cold-site")
    # Replaced sites are deleted in the background by the builds themselves; this races with them.
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(workdir / "cold-site", ignore_errors=True)
    figures: dict[str, object] = {"largest": largest, "differing": differing}
    for name, timed in builds.items():
        for field in ("seconds", "index_seconds", "build_mib", "indexer_mib", "together_mib"):
            figures[f"{name}_{field}"] = statistics.median(getattr(build, field) for build in timed)
    return figures


def print_rows(size: int, f: dict[str, object]) -> None:
    """The issue 14 targets table's rows for one size (the preview rows come from serve_latency.py)."""
    def timed(name: str) -> str:
        return f"{f[name + '_seconds']:.2f} s (indexer {f[name + '_index_seconds']:.2f} s)"
    size_bytes, page = f["largest"]
    differing = f["differing"]
    identity = "byte-identical" if not differing else f"{len(differing)} files differ, e.g. {', '.join(differing[:3])}"
    rows = [("cold build, search included", timed("cold") + f"; {size / f['cold_seconds']:,.0f} entries/s"),
            ("one edited entry, search updated", timed("edit")),
            ("one added entry, search updated", timed("add")),
            ("no-op", f"{f['noop_seconds']:.2f} s"),
            ("peak memory: build process", f"{f['cold_build_mib']:.0f} MiB"),
            ("peak memory: indexer", f"{f['cold_indexer_mib']:.0f} MiB"),
            ("peak memory: all processes together (shared pages once)", f"{f['cold_together_mib']:.0f} MiB"),
            ("largest HTML page", f"{size_bytes / 1024:,.0f} KiB ({page})"),
            ("incremental output vs cold output", identity)]
    for label, value in rows:
        print(f"| {size:,} | {label} | {value} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Parley builds.")
    sizes = [1000, 10000] + ([100000] if os.environ.get("BENCH_FULL") == "1" else [])
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.runs} runs; load average at start {os.getloadavg()[0]:.1f}")
    print("| entries | what | measured |")
    print("|---:|---|---|")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as workdir:
        for size in args.sizes:
            print_rows(size, measure(size, args.runs, Path(workdir)))


if __name__ == "__main__":
    main()
