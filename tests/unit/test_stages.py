"""The package's folders are the pipeline's stages: an earlier stage never imports a later one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "parley"
# Each stage may import itself, the stages before it, and the shared top-level helpers.
ORDER = ["read", "model", "render", "publish", "editor"]
ALLOWED = {"read": {"read", "model"}, "model": {"model"}, "render": {"model", "render"},
           "publish": {"model", "render", "publish"}}


def imported_stages(path: Path) -> set[str]:
    """The parley subpackages a module imports, from its relative and absolute imports."""
    stages = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 2 or (node.level == 0 and module.startswith("parley.")):
                first = module.removeprefix("parley.").split(".")[0]
                if first in ORDER:
                    stages.add(first)
            elif node.level == 1:
                stages.add(path.parent.name)
    return stages


def test_no_stage_imports_a_later_stage():
    crossings = []
    for stage, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / stage).glob("*.py")):
            for imported in imported_stages(path) - allowed:
                crossings.append(f"{path.relative_to(PACKAGE)} imports parley.{imported}")
    assert crossings == []


def test_the_check_sees_a_crossing(tmp_path):
    module = tmp_path / "read" / "example.py"
    module.parent.mkdir()
    module.write_text("from ..publish.cache import BuildCache\nfrom .fields import Field\n")
    assert imported_stages(module) == {"publish", "read"}
