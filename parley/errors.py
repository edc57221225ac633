"""Content errors: where a problem is, what it is, and how to fix it.

Stages collect ContentError values instead of raising, so one run reports every problem.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable


# Characters no content value may hold: C0 and C1 controls other than tab and newline, DEL,
# the non-characters U+FFFE/U+FFFF and lone surrogates. They break XML and can drive a terminal.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Shown escaped in messages: those, plus tab, newline, line separators, zero-width characters and
# the bidi controls that could hide or reorder what a terminal or a pull request displays.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in one source file, printed as `source_path:line: field: message — hint`."""

    source_path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning": printed, but the build goes on (unless --strict)

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.source_path, self.line, self.field, self.message)


class BuildFailed(Exception):
    """Raised by the pipeline when content has errors; carries all of them (and any warnings found beside)."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = tuple(sorted(errors, key=ContentError.sort_key))
        super().__init__(f"{self.error_count} content error(s)")

    @property
    def error_count(self) -> int:
        return sum(not error.is_warning for error in self.errors)

    def __reduce__(self):  # raised in a worker process, it must arrive whole in the parent
        return BuildFailed, (self.errors,)


def escape_unprintable(text: str) -> str:
    """Text -> the same text with control, bidi and separator characters shown as \\xNN or \\uNNNN escapes."""
    return UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1] if match.group() not in "\t\n"
                           else {"\t": "\\t", "\n": "\\n"}[match.group()], text)


def describe_character(character: str) -> str:
    """One character -> its code point as editors look it up, e.g. 'U+001B'."""
    return f"U+{ord(character):04X}"


def format_error(error: ContentError) -> str:
    """ContentError -> the editor-clickable line the command line prints (one line, nothing a terminal obeys).

    A folder's errors (line 0) have no line number.
    """
    where = f"{error.source_path}:{error.line}" if error.line else error.source_path
    label = "warning: " if error.is_warning else ""
    text = f"{where}: {label}{error.field}: {error.message}"
    return escape_unprintable(f"{text} — {error.hint}" if error.hint else text)


def format_github(error: ContentError) -> str:
    """ContentError -> a GitHub Actions annotation, shown on the pull request's diff."""
    message = f"{error.field}: {error.message}" + (f" — {error.hint}" if error.hint else "")
    # Workflow commands end at a newline and treat % specially; properties also end at ',' and ':'.
    message = escape_unprintable(message).replace("%", "%25")
    source_path = escape_unprintable(error.source_path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    line = f",line={error.line}" if error.line else ""
    return f"::{error.severity} file={source_path}{line}::{message}"


def did_you_mean(value: str, choices: Iterable[str], label: str = "") -> str:
    """A hint naming the closest of `choices` to `value`, or "" when none is close."""
    matches = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {label}{matches[0]}?" if matches else ""
