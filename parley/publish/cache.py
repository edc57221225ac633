"""The build cache under .cache/: a SQLite store of work that can be reused between builds.

Everything here is keyed by content hashes and by a version stamp of everything that can change
the result, so a stale value can never be served; the cache is safe to delete, and a damaged one
is discarded with a warning. Only this module touches .cache/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import pickle
import shutil
import sqlite3
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import jinja2
import markdown
import nh3
import yaml

from .. import __version__
from ..hashing import digest

CACHE_FILE = "parley.sqlite3"
LAYOUTS_PREFIX = "layouts-"  # folders of compiled layouts (see BuildCache.layouts_cache)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pages (site TEXT, out_path TEXT, fingerprint TEXT NOT NULL, size INTEGER NOT NULL,
                                  mtime_ns INTEGER NOT NULL, PRIMARY KEY (site, out_path));
CREATE TABLE IF NOT EXISTS indexes (site TEXT PRIMARY KEY, output_index BLOB NOT NULL);
"""
def code_stamp() -> str:
    """A version stamp of everything that shapes the output: Parley's own source (so a developer's
    edit counts as a new version), the libraries that render, and Python."""
    package = Path(__file__).resolve().parent.parent
    sources = sorted(package.rglob("*.py"))
    code = hashlib.blake2b(b"".join(path.relative_to(package).as_posix().encode() + path.read_bytes()
                                    for path in sources), digest_size=16).hexdigest()
    return "|".join(["parley", __version__, code, "schema-2", markdown.__version__, getattr(nh3, "__version__", "nh3"),
                     jinja2.__version__, yaml.__version__, sys.version.split()[0]])


# Any change of Parley or of a library that shapes its output invalidates the whole cache.
STAMP = code_stamp()


@dataclass(frozen=True, slots=True)
class LastBuild:
    """The last successful build to one output folder: what it was made from and what it reported."""

    digest: str  # every source file, layout and option
    next_due: dt.datetime | None  # the earliest future entry it left out
    entries: int
    files: int
    left_out: dict[str, int]
    base_url: str
    warnings: tuple[tuple, ...] = ()  # the build's warnings as ContentError fields, shown again when it is reused

    def is_current(self, build_digest: str, now: dt.datetime) -> bool:
        """Whether a build now, from inputs with `build_digest`, would publish exactly the same."""
        return self.digest == build_digest and (self.next_due is None or now < self.next_due)

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "next_due": self.next_due.isoformat() if self.next_due else None})

    @classmethod
    def from_json(cls, text: str) -> LastBuild:
        values = json.loads(text)
        due = values["next_due"]
        return cls(**{**values, "next_due": dt.datetime.fromisoformat(due) if due else None})


class BuildCache:
    """Bodies, validated entries and the page manifest of earlier builds; a no-op when disabled."""

    def __init__(self, cache_dir: Path | None):
        self._connection = open_store(cache_dir) if cache_dir is not None else None
        self._dir = cache_dir if self._connection is not None else None

    def layouts_cache(self) -> jinja2.BytecodeCache | None:
        """Compiled layouts, kept between builds so a build that renders a few pages does not compile
        every layout first (a third of a second). Jinja checks each layout's source before using its
        code; the folder is named after STAMP, because the environment's settings (Parley's code)
        shape the compiled code too, and older folders are removed."""
        if self._dir is None:
            return None
        folder = self._dir / f"{LAYOUTS_PREFIX}{digest(STAMP)}"
        for old in self._dir.glob(f"{LAYOUTS_PREFIX}*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            return None
        return jinja2.FileSystemBytecodeCache(str(folder))

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, object]:
        """The stored values for `keys` that exist (bodies as str, entries unpickled)."""
        if self._connection is None:
            return {}
        column = {"bodies": "html", "entries": "entry"}[table]
        found: dict[str, object] = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):  # SQLite limits the number of parameters per query
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self._connection.execute(
                    f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", chunk):
                if table == "entries":
                    value = load_entry(value)
                if value is not None:
                    found[key] = value
        return found

    def put_many(self, table: str, items: dict[str, object]) -> None:
        if self._connection is None or not items:
            return
        column = {"bodies": "html", "entries": "entry"}[table]
        rows = [(k, pickle.dumps(v) if table == "entries" else v) for k, v in items.items()]
        self._connection.executemany(f"INSERT OR REPLACE INTO {table} (key, {column}) VALUES (?, ?)", rows)
        self._connection.commit()

    def page_manifest(self, site: str) -> dict[str, tuple[str, int, int]]:
        """out_path -> (fingerprint, size, mtime_ns) of the pages the last build published to `site`."""
        if self._connection is None:
            return {}
        rows = self._connection.execute("SELECT out_path, fingerprint, size, mtime_ns FROM pages WHERE site = ?", (site,))
        return {out_path: (fingerprint, size, mtime_ns) for out_path, fingerprint, size, mtime_ns in rows}

    def save_manifest(self, site: str, manifest: dict[str, tuple[str, int, int]], last: LastBuild,
                      output_index=None) -> None:
        """Record what was just published to `site`, what the build was made from, and its entry -> outputs
        index (in one transaction, so the three always describe the same build)."""
        if self._connection is None:
            return
        with self._connection:
            self._connection.execute("DELETE FROM pages WHERE site = ?", (site,))
            self._connection.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                                         [(site, path, *values) for path, values in manifest.items()])
            self._connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("build:" + site, last.to_json()))
            self._connection.execute("DELETE FROM indexes WHERE site = ?", (site,))
            if output_index is not None:
                self._connection.execute("INSERT INTO indexes VALUES (?, ?)", (site, pickle.dumps(output_index, protocol=5)))

    def output_index(self, site: str):
        """The entry -> outputs index of the last build published to `site` (an OutputIndex), if any."""
        if self._connection is None:
            return None
        row = self._connection.execute("SELECT output_index FROM indexes WHERE site = ?", (site,)).fetchone()
        return load_entry(row[0]) if row else None

    def last_build(self, site: str) -> LastBuild | None:
        """What the last build published to `site` was made from, if known."""
        if self._connection is None:
            return None
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", ("build:" + site,)).fetchone()
        try:
            return LastBuild.from_json(row[0]) if row else None
        except (ValueError, KeyError, TypeError):
            return None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    @staticmethod
    def remove(cache_dir: Path) -> None:
        """Delete the store (and the folder, if nothing else is in it); other files are left alone."""
        for name in (CACHE_FILE, CACHE_FILE + "-journal", CACHE_FILE + "-wal", CACHE_FILE + "-shm"):
            (cache_dir / name).unlink(missing_ok=True)
        for folder in cache_dir.glob(f"{LAYOUTS_PREFIX}*"):
            shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            cache_dir.rmdir()


def load_entry(blob: bytes):
    """A stored entry or index, or None when it no longer loads (then it is simply made again)."""
    try:
        return pickle.loads(blob)
    except Exception:  # a damaged or outdated pickle can raise almost anything
        return None


def open_store(cache_dir: Path) -> sqlite3.Connection | None:
    """Open (or create) the store; a damaged or foreign file is deleted and recreated, with a warning."""
    path = cache_dir / CACHE_FILE
    for attempt in range(2):
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path)
            connection.executescript(SCHEMA)
            row = connection.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
            if row is None or row[0] != STAMP:
                with connection:
                    for table in ("meta", "bodies", "entries", "pages", "indexes"):
                        connection.execute(f"DELETE FROM {table}")
                    connection.execute("INSERT INTO meta VALUES ('stamp', ?)", (STAMP,))
            return connection
        except (sqlite3.DatabaseError, OSError) as exc:
            if attempt == 0:
                print(f"warning: the build cache {path} was damaged ({exc}) and has been discarded", file=sys.stderr)
                path.unlink(missing_ok=True)
    return None
