"""Each test module stands alone: what modules share comes from tests/helpers/
(or, for fixtures, tests/conftest.py, which pytest loads by itself), never
from another test module or from conftest.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MODULES = sorted(TESTS.glob("test_*.py"))
HELPERS = sorted((TESTS / "helpers").glob("*.py"))


def imported_modules(path: Path, root: Path = TESTS.parent) -> list[tuple[int, str]]:
    """Every module `path` (under `root`) imports, by line: for `from tests
    import x`, tests.x as well; relative imports made absolute."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return sorted(found)


def is_test_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "tests" and len(parts) > 1 and parts[1].startswith("test_")


def bad_imports(path: Path, root: Path = TESTS.parent) -> list[str]:
    return [
        f"{path.name}:{line} imports {name}"
        for line, name in imported_modules(path, root)
        if is_test_module(name) or name == "tests.conftest"
    ]


@pytest.mark.parametrize("path", MODULES + HELPERS, ids=lambda path: path.name)
def test_no_module_imports_a_test_module_or_conftest(path):
    assert bad_imports(path) == []


def test_conftest_imports_no_test_module():
    conftest = TESTS / "conftest.py"
    names = [name for _, name in imported_modules(conftest)]
    assert [name for name in names if is_test_module(name)] == []


def test_the_check_sees_every_way_of_importing(tmp_path):
    module = tmp_path / "tests" / "test_example.py"
    module.parent.mkdir()
    module.write_text(
        "import tests.test_admin\n"
        "from tests.test_webhooks import Receiver\n"
        "from tests import test_replicas, conftest\n"
        "from .test_s3_storage import KEYS\n"
        "from . import conftest as shared\n"
        "def f():\n"
        "    from tests.conftest import make_jpeg\n"
        "from tests.helpers.images import make_jpeg\n"
        "import tests.helpers.webhooks\n"
    )
    assert bad_imports(module, tmp_path) == [
        "test_example.py:1 imports tests.test_admin",
        "test_example.py:2 imports tests.test_webhooks",
        "test_example.py:2 imports tests.test_webhooks.Receiver",
        "test_example.py:3 imports tests.conftest",
        "test_example.py:3 imports tests.test_replicas",
        "test_example.py:4 imports tests.test_s3_storage",
        "test_example.py:4 imports tests.test_s3_storage.KEYS",
        "test_example.py:5 imports tests.conftest",
        "test_example.py:7 imports tests.conftest",
    ]
