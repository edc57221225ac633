"""Content hashes: how every stage recognises unchanged input (entries, pages, layouts, search shards)."""

from __future__ import annotations

import hashlib


def digest(*parts: bytes | str) -> str:
    """A content hash of the parts (length-prefixed, so ("ab", "c") and ("a", "bc") differ)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()
