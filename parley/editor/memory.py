"""The preview's archive in memory: source files, validated entries, rendered bodies and the pages served so far.

A save re-reads only the files the watcher reports. They are parsed (and their Markdown rendered)
in a forked child first, so input that crashes or hangs a parser costs that child, never the server.
Pages are rendered when asked for and kept; after a change, only kept pages that the entry ->
outputs index says the change can reach are fingerprinted again, and dropped if they differ.
Nothing here writes files.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping

import jinja2
from markupsafe import Markup

from ..errors import BuildFailed, ContentError
from ..model.archive import Archive
from ..model.routes import Route, Routes, plan_routes
from ..hashing import digest
from ..publish.cache import BuildCache
from ..publish.dependencies import BodyTokens, EntryLinks, body_tokens, fingerprint, is_explained
from ..publish.plan import feed_out_paths, render_bodies
from ..read.content import (BRIEFINGS_PATH, BuildOptions, SourceFile, Sources, load_sources, read_inside,
                            validate)
from ..read.config import CONFIG_PATH
from ..read.registry import ACTORS_PATH, ROUNDS_PATH
from ..render.feeds import plan_feeds, render_feed
from ..render.pages import CONTEXT_BUILDERS, collect_assets, page_context, render_page
from ..render.sitemap import render_sitemap

# A child that reads for longer than this (plus the allowance per file) is stopped, and the files it
# read are reported; bodies are bounded to about 2 s each when they are checked.
READ_TIMEOUT_SECONDS = 60
READ_SECONDS_PER_FILE = 2


class MemoryCache:
    """The BuildCache interface (get_many/put_many) over dictionaries: what the preview keeps between saves."""

    def __init__(self):
        self.tables: dict[str, dict[str, object]] = {"entries": {}, "bodies": {}}

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, object]:
        stored = self.tables[table]
        return {key: stored[key] for key in keys if key in stored}

    def put_many(self, table: str, items: dict[str, object]) -> None:
        self.tables[table].update(items)


class RecordingCache(MemoryCache):
    """Reads through to the build cache on disk and records every value found or made, to hand back."""

    def __init__(self, cache: BuildCache):
        super().__init__()
        self.cache = cache

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, object]:
        found = self.cache.get_many(table, keys)
        self.tables[table].update(found)
        return found

    def put_many(self, table: str, items: dict[str, object]) -> None:
        super().put_many(table, items)
        try:
            self.cache.put_many(table, items)
        except sqlite3.Error:
            pass  # a build holds the store: the preview keeps what it made in memory all the same


def read_in_child(sources: Sources, options: BuildOptions, cache_dir: Path) -> dict[str, dict[str, object]]:
    """Validate `sources` and render their bodies -> the entries and bodies made, keyed as the cache keys them."""
    recording = RecordingCache(BuildCache(cache_dir))
    # Drafts and future entries too: the server may be asked for them once an option or the clock changes.
    everything = replace(options, include_drafts=True, include_future=True)
    archive, _ = validate(sources, everything, recording)
    if archive is not None:
        render_bodies(archive.entries, recording)
    recording.cache.close()
    return recording.tables


def run_isolated(work: Callable, *arguments, timeout: float = READ_TIMEOUT_SECONDS) -> tuple[object, str | None]:
    """Run `work(*arguments)` in a forked child -> (its result, None), or (None, why it did not finish)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        os.setpgrp()  # its own process group, so that stopping it stops any workers it forked
        try:
            sender.send(work(*arguments))
        except BaseException as exc:  # the parent reports it; nothing may escape the child
            sender.send(exc)
        os._exit(0)

    process = context.Process(target=child)  # not a daemon: it may fork rendering workers of its own
    process.start()
    sender.close()
    result, reason = None, None
    if receiver.poll(timeout):
        try:
            result = receiver.recv()
        except EOFError:
            pass
    process.join(1 if result is not None else 0.1)
    if process.is_alive():
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.join()
        reason = reason or f"it took longer than {timeout:.0f} s"
    if result is None and reason is None:
        code = process.exitcode
        reason = f"the reader was killed by signal {-code}" if code and code < 0 else f"the reader exited ({code})"
    if isinstance(result, BaseException):
        result, reason = None, f"{type(result).__name__}: {result}"
    return result, reason


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One consistent state of the archive: what every page served in one generation is made from."""

    archive: Archive
    routes: Routes
    by_out_path: dict[str, Route]
    bodies: dict[str, Markup]
    links: Mapping[str, tuple[str, ...]]  # worked out per entry when asked for (EntryLinks)
    inputs: str  # configuration and registries: what every page depends on
    archive_digest: str
    tokens: dict[str, str]  # what stands for each body in fingerprints


class PreviewArchive:
    """The archive the preview serves, kept in memory and brought up to date file by file."""

    def __init__(self, root: Path, layouts_dir: Path, environment: jinja2.Environment, cache_dir: Path):
        self.root, self.layouts_dir, self.environment, self.cache_dir = root, layouts_dir, environment, cache_dir
        self.sources: Sources | None = None
        self.cache = MemoryCache()
        self.crashed: dict[str, ContentError] = {}  # files a reader child could not get through
        self.snapshot: Snapshot | None = None
        self.pages: dict[str, tuple[str, tuple[str, ...], dict[str, bytes]]] = {}  # out_path -> (fingerprint, shown, files)
        self.feeds: dict[str, bytes] = {}  # feeds and the sitemap served since the last change

    def reload(self, options: BuildOptions, changed_paths: Iterable[str] | None = None,
               lock: threading.Condition | None = None) -> None:
        """Re-read the changed files (every file when None or when a registry changed), then bring the
        archive and the kept pages up to date; BuildFailed carries every content error.

        Reading and checking happen without `lock`, so requests are answered from the last state
        meanwhile; only swapping in the new state holds it.
        """
        fresh = self.read_sources(changed_paths)
        self.read_isolated(fresh, options)
        sources = replace(self.sources, briefings=tuple(f for f in self.sources.briefings if f.source_path not in self.crashed),
                          errors=self.sources.errors + tuple(self.crashed.values()))
        archive, errors = validate(sources, options, self.cache)
        routes = None
        if archive is not None:
            routes, route_errors = plan_routes(archive)
            errors += route_errors
        if errors:
            raise BuildFailed(errors)
        bodies = self.bodies_for(archive)
        inputs = digest(sources.registries_digest)
        snapshot = Snapshot(archive, routes, {route.out_path: route for route in routes.routes}, bodies,
                            EntryLinks(archive), inputs, digest(inputs, *(entry.digest for entry in archive.entries)),
                            body_tokens(archive))
        with lock or contextlib.nullcontext():
            self.forget_changed_pages(snapshot)
            self.snapshot = snapshot

    def bodies_for(self, archive: Archive) -> dict[str, Markup]:
        """Rendered bodies by source_path: the last snapshot's where the entry's file is unchanged."""
        kept: dict[str, Markup] = {}
        if self.snapshot is not None:
            digests = {entry.source_path: entry.digest for entry in self.snapshot.archive.entries}
            kept = {entry.source_path: self.snapshot.bodies[entry.source_path] for entry in archive.entries
                    if digests.get(entry.source_path) == entry.digest}
        fresh = render_bodies([entry for entry in archive.entries if entry.source_path not in kept], self.cache)
        return {**kept, **fresh}

    def read_sources(self, changed_paths: Iterable[str] | None) -> list[SourceFile]:
        """Bring `self.sources` up to date -> the briefing files read afresh."""
        relative = None if changed_paths is None else sorted({self.relative(path) for path in changed_paths})
        if self.sources is None or relative is None or not all(is_briefing(path) for path in relative):
            self.sources = load_sources(self.root)
            self.crashed.clear()
            return list(self.sources.briefings)
        files = {f.source_path: f for f in self.sources.briefings}
        read_errors = [e for e in self.sources.errors if e.source_path not in relative]
        fresh = []
        for source_path in relative:
            files.pop(source_path, None)
            self.crashed.pop(source_path, None)
            raw = read_inside(self.root / source_path, (self.root / "content").resolve(), source_path, read_errors)
            if raw is not None:
                files[source_path] = SourceFile(source_path, raw)
                fresh.append(files[source_path])
        self.sources = replace(self.sources, briefings=tuple(files[path] for path in sorted(files)),
                               errors=tuple(read_errors))
        return fresh

    def relative(self, path: str) -> str:
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def read_isolated(self, fresh: list[SourceFile], options: BuildOptions) -> None:
        """Parse `fresh` files in a child; what it made joins the memory cache. When the child dies,
        each half is read again on its own, down to the single files that kill a reader."""
        if not fresh:
            return
        subset = replace(self.sources, briefings=tuple(fresh), errors=())
        tables, reason = run_isolated(read_in_child, subset, options, self.cache_dir,
                                      timeout=READ_TIMEOUT_SECONDS + READ_SECONDS_PER_FILE * len(fresh))
        if tables is not None:
            for table, items in tables.items():
                self.cache.put_many(table, items)
        elif len(fresh) > 1:
            self.read_isolated(fresh[:len(fresh) // 2], options)
            self.read_isolated(fresh[len(fresh) // 2:], options)
        else:
            self.crashed[fresh[0].source_path] = ContentError(
                fresh[0].source_path, 1, "file", f"could not be read: {reason}",
                "the preview keeps running; fix the file, or run `build.py check` on it")

    def forget_changed_pages(self, snapshot: Snapshot) -> None:
        """Drop every kept page whose inputs differ in `snapshot`, so none is ever served stale."""
        previous = self.snapshot
        self.feeds.clear()  # a few, cheap, and made from many entries: rendered again when asked for
        if previous is None or previous.inputs != snapshot.inputs:
            self.pages.clear()  # pages count the registries in only through `inputs`
            return
        old = {e.source_path: e.digest for e in previous.archive.entries}
        new = {e.source_path: e.digest for e in snapshot.archive.entries}
        changed = {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}
        for key, (page_print, shown, _) in list(self.pages.items()):
            route = snapshot.by_out_path.get(key)
            if route is not None and route.kind == "entry" and is_explained(route.subject, shown, snapshot.links) \
                    and route.subject not in changed and previous.links.get(route.subject) == snapshot.links[route.subject] \
                    and changed.isdisjoint(shown):
                continue  # no change reaches this entry page
            if route is None or self.page_print(route, snapshot)[0] != page_print:
                del self.pages[key]

    def page_print(self, route: Route, snapshot: Snapshot) -> tuple[str, tuple[str, ...]]:
        tokens = BodyTokens(snapshot.tokens)
        return fingerprint(page_context(route, snapshot.routes, snapshot.archive, tokens), snapshot.archive_digest)

    def output(self, out_path: str) -> bytes | None:
        """The bytes of one output of the current snapshot, rendered now unless kept; None if there is no such file."""
        snapshot = self.snapshot
        route = snapshot.by_out_path.get(out_path)
        if route is None:
            return collect_assets(self.layouts_dir).get(out_path)
        if route.kind in CONTEXT_BUILDERS:
            if out_path not in self.pages:
                context = page_context(route, snapshot.routes, snapshot.archive, snapshot.bodies)
                page_print, shown = self.page_print(route, snapshot)
                self.pages[out_path] = (page_print, shown, {out_path: render_page(self.environment, route, context)})
            return self.pages[out_path][2][out_path]
        if out_path not in self.feeds:
            self.feeds.update(render_small_output(route, snapshot))
        return self.feeds.get(out_path)


def render_small_output(route: Route, snapshot: Snapshot) -> dict[str, bytes]:
    """The files of the feed (or sitemap) that `route` belongs to, as a build renders them."""
    outputs = render_sitemap(snapshot.routes, snapshot.archive)
    if route.out_path in outputs:
        return outputs
    for plan in plan_feeds(snapshot.routes, snapshot.archive):
        if route.out_path in feed_out_paths(plan, snapshot.routes):
            return render_feed(plan, snapshot.routes, snapshot.archive, snapshot.bodies)
    return {}


def is_briefing(source_path: str) -> bool:
    """Whether a changed path is one briefing file, which can be read again on its own."""
    name = source_path.rpartition("/")[2]
    return source_path.startswith(BRIEFINGS_PATH + "/") and name.endswith(".md") and not name.startswith(".") \
        and source_path not in (CONFIG_PATH, ACTORS_PATH, ROUNDS_PATH)
