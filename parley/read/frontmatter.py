"""Reads source text: decoding, front-matter splitting and YAML with line numbers.

Only turns bytes into YAML nodes; what the fields mean is checked in `fields` and `content`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..errors import ContentError

try:  # libyaml's parser is several times faster on large archives; the pure one is the fallback.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import SafeLoader as _BaseLoader

FENCE = "---"
MAX_SOURCE_BYTES = 2 * 1024 * 1024
YAML_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


class SourceLoader(_BaseLoader):
    """A safe loader that leaves dates as text, so `fields` can check them with a clear message.

    PyYAML would otherwise turn `2026-02-30` into an exception and `2026-01-06` into a
    naive date that hides whether a time zone was meant.
    """


SourceLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A briefing file split into its front-matter node and Markdown body."""

    source_path: str
    front_matter: yaml.MappingNode
    body: str
    body_line: int


def decode_source(raw: bytes, source_path: str) -> str | ContentError:
    """Raw file bytes -> text with `\\n` line ends and no BOM, or an error naming the line."""
    if len(raw) > MAX_SOURCE_BYTES:
        return ContentError(source_path, 1, "file", f"file is {len(raw):,} bytes, over the limit of {MAX_SOURCE_BYTES:,}",
                            "split it into several entries or move large material elsewhere")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(re.split(rb"\r\n|\r|\n", raw[: exc.start]))
        return ContentError(source_path, line, "file", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                            "save the file as UTF-8")
    # YAML also breaks lines at NEL, LS and PS; making them plain line ends keeps YAML's line
    # numbers equal to the file's.
    return YAML_LINE_BREAKS.sub("\n", text)


def parse_yaml(text: str, source_path: str) -> yaml.Node | None | ContentError:
    """YAML text whose line 1 is the file's line 1 -> its root node (None if empty), or a syntax error."""
    try:
        return yaml.compose(text, Loader=SourceLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + 1
        problem = exc.problem or exc.context or "invalid YAML"
        if is_tab_indented(text, line):  # PyYAML's words for it ("cannot start any token") hide the cause
            return ContentError(source_path, line, "yaml", "a tab is used for indentation",
                                "indent with spaces only: YAML does not allow tabs there")
        return ContentError(source_path, line, "yaml", f"syntax error: {problem}",
                            "check indentation, and quote values that contain ': ' or start with a symbol")
    except yaml.YAMLError as exc:
        return ContentError(source_path, 1, "yaml", f"syntax error: {exc}", "")


def is_tab_indented(text: str, line: int) -> bool:
    """Whether the 1-based `line` of `text` has a tab in its leading whitespace."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return False
    content = lines[line - 1]
    return "\t" in content[:len(content) - len(content.lstrip(" \t"))]


def split_front_matter(text: str, source_path: str) -> SourceDocument | ContentError:
    """Briefing text -> its front-matter mapping node and body, or an error for a missing or broken block."""
    lines = text.split("\n")
    if not text.strip():
        return ContentError(source_path, 1, "front-matter", "file is empty",
                            "start it with a '---' line, the fields, and another '---' line")
    if lines[0].rstrip() != FENCE:
        return ContentError(source_path, 1, "front-matter", "no front-matter block at the top of the file",
                            "start the file with a '---' line, then the fields, then another '---' line")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if closing is None:
        return ContentError(source_path, 1, "front-matter", "front-matter is not closed",
                            "add a '---' line after the last field")
    # The opening fence becomes a blank line, so YAML marks count lines exactly as the file does.
    node = parse_yaml("\n".join([""] + lines[1:closing]), source_path)
    if isinstance(node, ContentError):
        return node
    if not isinstance(node, yaml.MappingNode):
        line = node_line(node) if node is not None else 2
        return ContentError(source_path, line, "front-matter", "front-matter is not a set of 'field: value' lines",
                            "write one 'field: value' per line, e.g. 'title: Talks resume in Paris'")
    body = "\n".join(lines[closing + 1:])
    return SourceDocument(source_path, node, body, body_line=closing + 2)


def node_line(node: yaml.Node) -> int:
    """The file line (1-based) where `node` starts."""
    return node.start_mark.line + 1


def construct_value(node: yaml.Node):
    """A YAML node -> plain Python value (str, int, bool, list, dict), dates left as text."""
    return SourceLoader("").construct_document(node)
