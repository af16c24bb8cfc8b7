"""`core` imports only the standard library and tzdata (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import core

ALLOWED = set(sys.stdlib_module_names) | {"tzdata", "core", "__future__"}


def test_core_imports_only_the_standard_library() -> None:
    root = Path(core.__file__).parent
    offenders: list[str] = []
    files = sorted(root.rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative import: inside core
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in ALLOWED:
                    offenders.append(f"{path.relative_to(root)}: {name}")
    assert offenders == []
