"""The entry -> outputs index: which entries each page shows, so an edit re-checks only the pages it can change.

The index is recorded while pages are fingerprinted (every Entry a page's context holds), kept in
the build cache between builds and in memory by the preview server. Entry pages, the bulk of a
site, are re-checked only when an entry they show (or would now show, as a neighbour or a related
entry) changed; every other page and feed is few enough to be re-checked every time.
"""

from __future__ import annotations

import io
import pickle
import types
from dataclasses import dataclass
from typing import Iterator, Mapping

from ..hashing import digest
from ..model.archive import Archive, Entry, Registry, SiteConfig


@dataclass(frozen=True, slots=True)
class OutputIndex:
    """What the last build's pages were made from: enough to tell which pages an edit can change."""

    inputs: str  # digest of configuration, registries, layouts and code: any change re-checks every page
    digests: Mapping[str, str]  # source_path -> digest of every published entry
    links: Mapping[str, tuple[str, ...]]  # source_path -> its page's older, newer and related entries
    unexplained: frozenset[str]  # entry pages that show entries other than their links: checked every time


def entry_links(archive: Archive) -> dict[str, tuple[str, ...]]:
    """Each entry -> the source paths of the other entries its page shows: older, newer, related."""
    return dict(EntryLinks(archive))


class EntryLinks(Mapping[str, tuple[str, ...]]):
    """`entry_links`, worked out for an entry when it is asked for: the preview, after a save, asks
    only for the pages it keeps, and working out every entry's related entries took a third of a second."""

    def __init__(self, archive: Archive):
        self._archive = archive
        self._index = {entry.source_path: i for i, entry in enumerate(archive.entries)}

    def __getitem__(self, source_path: str) -> tuple[str, ...]:
        entries, i = self._archive.entries, self._index[source_path]
        return (entries[i + 1].source_path if i + 1 < len(entries) else "",
                entries[i - 1].source_path if i > 0 else "",
                *(other.source_path for other in self._archive.related[source_path]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def changed_entries(previous: OutputIndex | None, archive: Archive, inputs: str) -> frozenset[str] | None:
    """Source paths of entries added, removed or edited since `previous`; None when every page must be checked."""
    if previous is None or previous.inputs != inputs:
        return None
    current = {entry.source_path: entry.digest for entry in archive.entries}
    changed = {path for path, entry_digest in current.items() if previous.digests.get(path) != entry_digest}
    return frozenset(changed | (previous.digests.keys() - current.keys()))


def entry_pages_to_check(previous: OutputIndex, links: Mapping[str, tuple[str, ...]],
                         changed: frozenset[str]) -> frozenset[str]:
    """Entries whose page may differ after `changed`: the changed ones, pages whose neighbours or related
    entries are now others or include a changed one, and pages that show more than their links."""
    check = set(changed) | previous.unexplained
    check.update(path for path, linked in links.items()
                 if previous.links.get(path) != linked or not changed.isdisjoint(linked))
    return frozenset(check)


def is_explained(subject: str, shown: tuple[str, ...], links: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether an entry page shows only itself and its links, which `entry_pages_to_check` follows;
    a layout or context that shows any other entry makes the page checked on every build."""
    return {subject, *links[subject]}.issuperset(shown)


def body_tokens(archive: Archive) -> dict[str, str]:
    """Each entry's source_path -> the token that stands for its rendered body while fingerprinting."""
    return {entry.source_path: "body:" + entry.digest for entry in archive.entries}


class BodyTokens(Mapping[str, str]):
    """Stands in for rendered bodies while fingerprinting: a body is fixed by its entry's file, so its
    entry's digest stands for it, and the keys asked for tell which bodies rendering will need."""

    def __init__(self, tokens: Mapping[str, str]):
        self._tokens = tokens  # from `body_tokens`, made once per archive and shared by every page
        self.asked: set[str] = set()

    def __getitem__(self, source_path: str) -> str:
        self.asked.add(source_path)
        return self._tokens[source_path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tokens)

    def __len__(self) -> int:
        return len(self._tokens)


class FingerprintPickler(pickle.Pickler):
    """Serialises a page's inputs, with entries and the archive replaced by their digests, noting each entry.

    The C pickler walks the context far faster than Python code could; only the objects below
    are handed to Python, through `persistent_id`.
    """

    def __init__(self, file: io.BytesIO, archive_digest: str):
        super().__init__(file, protocol=5)
        self.archive_digest = archive_digest
        self.shown: dict[str, None] = {}  # source paths of the entries met, in order

    def persistent_id(self, value):
        kind = type(value)
        if kind is Entry:
            self.shown[value.source_path] = None
            return "entry:" + value.digest
        if kind is Archive:
            return "archive:" + self.archive_digest
        if kind is Registry or kind is SiteConfig:
            return kind.__name__  # counted once for all pages, in the inputs digest
        if kind is types.FunctionType:
            return "fn"  # link helpers: what they return depends only on the page's URL, already counted
        return None


def fingerprint(value, archive_digest: str) -> tuple[str, tuple[str, ...]]:
    """A hash of everything in `value` that can change a rendered page, and the entries it holds."""
    buffer = io.BytesIO()
    pickler = FingerprintPickler(buffer, archive_digest)
    pickler.dump(value)
    return digest(buffer.getvalue()), tuple(pickler.shown)
