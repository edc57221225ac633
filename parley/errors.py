"""Content errors: where a problem is, what it is, and how to fix it.

Stages collect ContentError values instead of raising, so one run reports every problem.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in one source file, printed as `source_path:line: field: message — hint`."""

    source_path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.source_path, self.line, self.field, self.message)


class BuildFailed(Exception):
    """Raised by the pipeline when content has errors; carries all of them."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = tuple(sorted(errors, key=ContentError.sort_key))
        super().__init__(f"{len(self.errors)} content error(s)")

    def __reduce__(self):  # raised in a worker process, it must arrive whole in the parent
        return BuildFailed, (self.errors,)


def format_error(error: ContentError) -> str:
    """ContentError -> the editor-clickable line the command line prints (no line number for a folder, line 0)."""
    where = f"{error.source_path}:{error.line}" if error.line else error.source_path
    text = f"{where}: {error.field}: {error.message}"
    return f"{text} — {error.hint}" if error.hint else text


def format_github(error: ContentError) -> str:
    """ContentError -> a GitHub Actions annotation, shown on the pull request's diff."""
    message = f"{error.field}: {error.message}" + (f" — {error.hint}" if error.hint else "")
    # Workflow commands end at a newline and treat % specially, so both are encoded.
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    line = f",line={error.line}" if error.line else ""
    return f"::error file={error.source_path}{line}::{message}"


def did_you_mean(value: str, choices: Iterable[str], label: str = "") -> str:
    """A hint naming the closest of `choices` to `value`, or "" when none is close."""
    matches = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {label}{matches[0]}?" if matches else ""
