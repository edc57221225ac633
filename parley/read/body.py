"""Bounds what one Markdown body may cost to render, checked when content is read.

Python-Markdown spends about a tenth of a millisecond on each element and inline mark, rescans
the rest of a paragraph for every unmatched '[' and the rest of the file for every unclosed '<tag',
and recurses once per level of nested lists and quotes. Rather than swap the parser, Parley refuses
bodies whose cost it can tell in one linear pass would be too high, so `check` refuses what `build`
could not render in about a second.
"""

from __future__ import annotations

import bisect
import re

from ..errors import ContentError

MAX_BODY_BYTES = 256 * 1024  # about 70 times the longest briefing; renders in well under a second
MAX_BODY_NESTING = 32  # lists and quotes inside one another
MAX_MARKS = 10_000  # lines (weighted by how deep they nest), markup characters and abbreviations used
MAX_SCAN_STEPS = 150_000  # characters Python-Markdown may rescan for brackets, or for tags, per body
MAX_HEADINGS = 300  # each needs a unique id, found by a search that grows with the headings before it
MAX_ABBREVIATIONS = 100  # each adds an alternative to one regular expression run over the whole body
MAX_FOOTNOTE_REFERENCES = 300  # each reference is matched against every earlier one

BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
NESTING_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
TAG_START = re.compile(r"<[A-Za-z/!?]")
HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
ABBREVIATION = re.compile(r"^ {0,3}\*\[([^\]\n]+)\]:", re.MULTILINE)
FOOTNOTE_REFERENCE = re.compile(r"\[\^")
# Characters that can start an element or inline pattern; ordinary prose has a few per line.
MARKUP = re.compile(r"[\[\]()<>&\\`*_|~^!#:]")


def check_body(body: str, source_path: str, body_line: int) -> ContentError | None:
    """A Markdown body -> None if it renders within the bounds above, else the error refusing it."""
    def refuse(offset: int, message: str, hint: str) -> ContentError:
        return ContentError(source_path, body_line + body.count("\n", 0, offset), "body", message, hint)

    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        return refuse(0, f"is {size:,} bytes, over the limit of {MAX_BODY_BYTES:,}", "split it into several entries")
    deep, line_marks = measure_lines(body)
    if deep is not None:
        return refuse(deep, f"lists and quotes nest more than {MAX_BODY_NESTING} deep", "flatten the list or quote")
    for pattern, limit, what in ((HEADING, MAX_HEADINGS, "headings"), (ABBREVIATION, MAX_ABBREVIATIONS, "abbreviations"),
                                 (FOOTNOTE_REFERENCE, MAX_FOOTNOTE_REFERENCES, "footnote marks")):
        found = [match.start() for match in pattern.finditer(body)]
        if len(found) > limit:
            return refuse(found[limit], f"has {len(found):,} {what}, over the limit of {limit}",
                          "split it into several entries")
    marks = line_marks + len(MARKUP.findall(body)) + 2 * abbreviations_used(body)  # an abbreviation costs two marks
    if marks > MAX_MARKS:
        return refuse(0, f"has {marks:,} lines and markup marks, over the limit of {MAX_MARKS:,}",
                      "split it into several entries")
    costly = find_costly_brackets(body)
    if costly is not None:
        return refuse(costly, "'[' or '(' is unmatched or nested too deeply to render in time",
                      "close each '[' with ']' and each '(' with ')', or write \\[ for a literal bracket")
    if tag_scan_steps(body) > MAX_SCAN_STEPS:
        first = TAG_START.search(body).start()
        return refuse(first, "'<' starts tags that never close with '>'",
                      "close each tag with '>', or write &lt; for a literal '<'")
    return None


def measure_lines(body: str) -> tuple[int | None, int]:
    """The offset of the first line nested too deep (outside fenced code) or None, and the lines' weight.

    Each line weighs one plus twice its depth: Python-Markdown parses a nested line again at every level.
    """
    offset, fence, weight = 0, None, 0
    for line in body.split("\n"):
        fenced = FENCE.match(line)
        depth = 0
        if fence is None and fenced:
            fence = fenced.group(1)[0] * 3
        elif fence is not None:
            fence = None if line.lstrip().startswith(fence) else fence
        elif line[:1] in " \t>-*+0123456789":
            depth = line_depth(line)
            if depth > MAX_BODY_NESTING:
                return offset, weight
        weight += 1 + 2 * depth
        offset += len(line) + 1
    return None, weight


def abbreviations_used(body: str) -> int:
    """How often the body uses the abbreviations it defines (each use becomes an element)."""
    terms = sorted({match.group(1) for match in ABBREVIATION.finditer(body)}, key=len, reverse=True)
    if not terms:
        return 0
    return len(re.findall(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b", body))


def line_depth(line: str) -> int:
    """How deep a line nests: a level per four columns of indent and per list or quote marker."""
    indent = len(line) - len(line.lstrip(" \t"))
    depth = len(line[:indent].expandtabs(4)) // 4
    position = indent
    while depth <= MAX_BODY_NESTING:
        marker = NESTING_MARKER.match(line, position)
        if not marker or marker.end() == position:
            break
        depth, position = depth + 1, marker.end()
    return depth


def find_costly_brackets(body: str) -> int | None:
    """The offset of the paragraph where the '[' and '](' scans exceed the body's budget, or None.

    For each '[' Python-Markdown reads on to its matching ']' (or the paragraph's end), and for each
    '](' on to the matching ')': the sum of those distances is the work, found here in one pass.
    """
    start, steps = 0, 0
    for block in BLOCK_BREAK.split(body):
        start = body.index(block, start)
        if "[" in block:
            steps += scan_steps(block, "[", "]") + scan_steps(block, "(", ")", after="]")
            if steps > MAX_SCAN_STEPS:
                return start + block.index("[")
        start += len(block)
    return None


def scan_steps(text: str, opener: str, closer: str, after: str = "") -> int:
    """The summed distance from each `opener` (preceded by `after`, if given) to its match or the text's end."""
    open_at: list[int] = []
    steps = 0
    for match in re.finditer(re.escape(opener) + "|" + re.escape(closer), text):
        position = match.start()
        if match.group() == opener:
            open_at.append(position)
        elif open_at:
            begun = open_at.pop()
            if not after or text[begun - 1:begun] == after:
                steps += position - begun
    return steps + sum(len(text) - begun for begun in open_at if not after or text[begun - 1:begun] == after)


def tag_scan_steps(body: str) -> int:
    """The summed distance from each '<tag' start to the next '>': what the HTML block parser rescans."""
    closes = [match.start() for match in re.finditer(">", body)]
    steps = 0
    for match in TAG_START.finditer(body):
        index = bisect.bisect_left(closes, match.start())
        steps += (closes[index] if index < len(closes) else len(body)) - match.start()
        if steps > MAX_SCAN_STEPS:
            break
    return steps
