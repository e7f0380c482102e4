"""The layout the architecture page draws, kept: database-free rules import
no database, and no module grows past what a reader takes in."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Declarations rather than logic: migrations and the demo newsroom's texts.
EXEMPT = ("migrations", "demo")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("package", ["text", "imaging"])
def test_database_free_packages_import_no_database(package):
    offending = {
        str(path.relative_to(ROOT)): sorted(
            module
            for module in imported_modules(path)
            if module.startswith(("django.db", "articles.models"))
        )
        for path in (ROOT / "articles" / package).rglob("*.py")
    }
    assert {path: found for path, found in offending.items() if found} == {}


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for package in ("articles", "cms")
        for path in (ROOT / package).rglob("*.py")
        if not set(path.relative_to(ROOT).parts) & set(EXEMPT)
    }
    assert {path: lines for path, lines in long.items() if lines > 400} == {}


def test_the_import_scan_sees_both_forms(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import django.db.models\nfrom articles.models import Article\n")
    assert imported_modules(module) == {"django.db.models", "articles.models"}
