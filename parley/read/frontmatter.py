"""Reads source text: decoding, front-matter splitting and YAML with line numbers.

Only turns bytes into YAML nodes; what the fields mean is checked in `fields` and `content`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..errors import CONTROL_CHARACTERS, ContentError, describe_character, escape_unprintable

try:  # libyaml's parser is several times faster on large archives; the pure one is the fallback.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import SafeLoader as _BaseLoader

FENCE = "---"
MAX_SOURCE_BYTES = 2 * 1024 * 1024
# YAML limits, checked while composing so no input can exhaust the stack, memory or time.
MAX_YAML_DEPTH = 16  # lists and mappings inside one another; Parley's deepest record nests 3
MAX_ALIAS_NODES = 1_000  # values that `*alias` references may add once expanded
INT_TAG, FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_NUMBER_LENGTH = 20  # characters in a plain whole number; Python refuses int() of thousands of digits
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
    text = YAML_LINE_BREAKS.sub("\n", text)
    control = CONTROL_CHARACTERS.search(text)
    if control:  # invisible in an editor, yet they break XML feeds and can drive a terminal
        line = text.count("\n", 0, control.start()) + 1
        return ContentError(source_path, line, "file", f"contains the control character {describe_character(control.group())}",
                            "delete it: it is invisible in most editors and breaks feeds")
    return text


def parse_yaml(text: str, source_path: str) -> yaml.Node | None | ContentError:
    """YAML text whose line 1 is the file's line 1 -> its root node (None if empty), or an error.

    Every file Parley reads goes through here, so every file gets the same limits: bounded depth
    and alias expansion, no explicit tags, no endless numbers, no control characters, no
    duplicate keys at any level.
    """
    loader = SourceLoader(text)
    try:
        return compose_bounded(loader)
    except YamlProblem as problem:
        return ContentError(source_path, problem.line, problem.field, problem.message, problem.hint)
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
    finally:
        loader.dispose()


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


class YamlProblem(Exception):
    """A YAML file breaks one of Parley's limits; reported like a syntax error, at its line."""

    def __init__(self, mark: yaml.Mark, field: str, message: str, hint: str):
        super().__init__(message)
        self.line, self.field, self.message, self.hint = mark.line + 1, field, message, hint


@dataclass(slots=True)
class OpenCollection:
    """A list or mapping being composed, with what its limits need to know."""

    node: yaml.CollectionNode
    anchor: str | None
    size: int = 1  # nodes inside it, aliases counted as expanded
    height: int = 1  # its own depth, aliases counted as expanded
    key: yaml.ScalarNode | None = None  # a mapping's key still waiting for its value
    key_lines: dict[str, int] | None = None  # a mapping's keys so far -> their lines


def compose_bounded(loader) -> yaml.Node | None:
    """Parser events -> the document's node graph, composed without recursion and within the limits.

    libyaml's own composer recurses once per level (100,000 '[' crash the process) and lets
    aliases multiply a few bytes into gigabytes, so Parley composes the events itself.
    """
    anchors: dict[str, tuple[yaml.Node, int, int]] = {}  # anchor -> (node, size, height)
    stack: list[OpenCollection] = []
    root, documents, alias_nodes = None, 0, 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                  "but found another document", event.start_mark)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias '{event.anchor}'", event.start_mark)
            node, size, height = anchors[event.anchor]
            alias_nodes += size
            if alias_nodes > MAX_ALIAS_NODES:
                raise YamlProblem(event.start_mark, field_of(stack), f"aliases expand to more than {MAX_ALIAS_NODES:,} values",
                                  "write the values out instead of repeating them with '*' aliases")
            check_depth(stack, height, event.start_mark)
            root = attach(stack, node, size, height) or root
        elif isinstance(event, yaml.ScalarEvent):
            check_scalar(loader, event, stack)
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            check_number(loader, node, stack)
            if event.anchor:
                anchors[event.anchor] = (node, 1, 0)
            root = attach(stack, node, 1, 0) or root
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            check_tag(event, stack)
            check_depth(stack, 1, event.start_mark)
            if stack and stack[-1].key_lines is not None and stack[-1].key is None:
                raise YamlProblem(event.start_mark, field_of(stack), "a field name is a list or mapping",
                                  "field names are plain words, e.g. 'title:'")
            is_mapping = isinstance(event, yaml.MappingStartEvent)
            kind = yaml.MappingNode if is_mapping else yaml.SequenceNode
            node = kind(loader.resolve(kind, None, event.implicit), [], event.start_mark, None,
                        flow_style=event.flow_style)
            stack.append(OpenCollection(node, event.anchor, key_lines={} if is_mapping else None))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            closed = stack.pop()
            closed.node.end_mark = event.end_mark
            if closed.anchor:
                anchors[closed.anchor] = (closed.node, closed.size, closed.height)
            root = attach(stack, closed.node, closed.size, closed.height) or root
    return root


def attach(stack: list[OpenCollection], node: yaml.Node, size: int, height: int) -> yaml.Node | None:
    """Add a finished node to the collection being composed; returns it when it is the document's root."""
    if not stack:
        return node
    parent = stack[-1]
    parent.size += size
    parent.height = max(parent.height, height + 1)
    if parent.key_lines is None:
        parent.node.value.append(node)
    elif parent.key is None:
        check_key(node, stack)
        parent.key = node
    else:
        parent.node.value.append((parent.key, node))
        parent.key = None
    return None


def check_key(node: yaml.Node, stack: list[OpenCollection]) -> None:
    """A mapping key must be text and new in its mapping: a repeated field is never silently overwritten."""
    if not isinstance(node, yaml.ScalarNode):
        raise YamlProblem(node.start_mark, field_of(stack), "a field name is a list or mapping",
                          "field names are plain words, e.g. 'title:'")
    key_lines = stack[-1].key_lines
    name = str(node.value)
    if name in key_lines:
        outer = field_of(stack[:-1])
        field, message = (name, "field") if outer == "yaml" else (outer, f"'{escape_unprintable(name)}'")
        raise YamlProblem(node.start_mark, field, f"{message} appears twice (also on line {key_lines[name]})",
                          "keep one of them")
    key_lines[name] = node_line(node)


def check_depth(stack: list[OpenCollection], height: int, mark: yaml.Mark) -> None:
    if len(stack) + height > MAX_YAML_DEPTH:
        raise YamlProblem(mark, field_of(stack), f"lists and mappings nest more than {MAX_YAML_DEPTH} deep",
                          "flatten the value; no Parley field needs more than 3 levels")


def check_tag(event: yaml.NodeEvent, stack: list[OpenCollection]) -> None:
    """Explicit tags (`!!int abc`, `!!binary …`) are refused: Parley reads every value by its field's rules."""
    if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
        tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)  # shown as it was written
        raise YamlProblem(event.start_mark, field_of(stack), f"the YAML tag '{shorten(tag)}' is not allowed",
                          "remove the tag and write the value plainly; quote text that must stay text")


def check_scalar(loader, event: yaml.ScalarEvent, stack: list[OpenCollection]) -> None:
    """A value: no explicit tag, no control characters, no number too long to read."""
    check_tag(event, stack)
    value = event.value
    control = CONTROL_CHARACTERS.search(value)
    if control:
        raise YamlProblem(event.start_mark, field_of(stack),
                          f"'{shorten(value)}' contains the control character {describe_character(control.group())}",
                          "delete it: it is invisible to readers and breaks feeds")


def check_number(loader, node: yaml.ScalarNode, stack: list[OpenCollection]) -> None:
    """A plain number must be short and readable: YAML 1.1 takes '0x_' for a number Python cannot read."""
    if node.tag == INT_TAG and len(node.value) > MAX_NUMBER_LENGTH:
        raise YamlProblem(node.start_mark, field_of(stack),
                          f"number '{shorten(node.value)}' is {len(node.value):,} characters long",
                          f"write a number of at most {MAX_NUMBER_LENGTH} digits")
    if node.tag in (INT_TAG, FLOAT_TAG):
        try:
            (loader.construct_yaml_int if node.tag == INT_TAG else loader.construct_yaml_float)(node)
        except ValueError:
            raise YamlProblem(node.start_mark, field_of(stack), f"'{shorten(node.value)}' is not a number",
                              "write digits, e.g. 5, or quote the value if it is text") from None


def field_of(stack: list[OpenCollection]) -> str:
    """The outermost field name on the way to the current value (how errors name a field), or 'yaml'."""
    for collection in stack:
        if collection.key is not None:
            name = str(collection.key.value)
            return escape_unprintable(name) if name.strip() else repr(name)
    return "yaml"


def shorten(text: str, limit: int = 40) -> str:
    """A value for a message: escaped, and cut with an ellipsis when long."""
    text = escape_unprintable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
