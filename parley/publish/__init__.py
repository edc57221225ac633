"""Publishing: what changed since the last build (plan), the cache beneath it, search indexing, and the one writer (output)."""
