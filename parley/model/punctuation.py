"""The archive's typographic punctuation: curly quotes, en and em dashes, ellipses.

One rule for every text a reader sees: bodies get it while rendering (render/typography.py),
titles and summaries when they are read, so pages, feeds, data and citations all agree.
"""

from __future__ import annotations

import re

REPLACEMENTS = {"---": "—", "--": "–", "...": "…"}
QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}
# A quote opens at the start of a text or after these; anywhere else it closes (or is an apostrophe).
OPENING_CONTEXT = frozenset(" \t\n\u00a0([{‘“—–-/")
PLAIN_TOKENS = re.compile("---|--|\\.\\.\\.|[\"']")


def punctuate(token: str, previous: str) -> str:
    """One straight token -> its typographic form, given the character before it."""
    if token in QUOTES:
        return QUOTES[token][0 if previous in OPENING_CONTEXT else 1]
    return REPLACEMENTS[token]


def smarten(text: str) -> str:
    """Plain text (a title or summary) -> the same text with typographic punctuation."""
    def replace(match: re.Match) -> str:
        previous = text[match.start() - 1] if match.start() else " "
        return punctuate(match.group(), previous)
    return PLAIN_TOKENS.sub(replace, text)
