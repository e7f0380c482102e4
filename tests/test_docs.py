"""The docs stay true to the tree: every relative link in README.md and docs/
resolves (to a file, and to a heading when it names one), every file they
name in `code` exists, and every environment variable the project package
reads is in the settings reference.

No Django here: the links are read from the Markdown source and the
variables from the Python source of cms/ (all of it, so that settings split
into several modules are still covered)."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_REFERENCE = ROOT / "docs" / "reference" / "settings.md"

FENCE = re.compile(r"^ {0,3}(```|~~~)")
INLINE_CODE = re.compile(r"(`+).*?\1")
# [text](target) and ![alt](target); the target ends at a space (a title
# may follow) or the closing parenthesis.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def prose_lines(path: Path):
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def links(path: Path):
    for number, line in prose_lines(path):
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            yield number, match.group(1)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text lowercased, punctuation
    dropped (letters, digits, marks, `_`, `-` and spaces kept), spaces made
    hyphens. Inline markup goes first: `code`, *emphasis*, [links](...)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    kept = (
        char
        for char in text.lower()
        if char.isalnum() or char in "-_ " or unicodedata.category(char).startswith("M")
    )
    return "".join(kept).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for _, line in prose_lines(path):
        if match := HEADING.match(line):
            slug = github_slug(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(files: list[Path], root: Path = ROOT) -> list[str]:
    broken = []
    for path in files:
        for number, target in links(path):
            if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # http:, https:, mailto: ...
            where = f"{path.relative_to(root)}:{number}: {target}"
            file_part, _, anchor = target.partition("#")
            resolved = (
                (path.parent / unquote(file_part)).resolve() if file_part else path
            )
            if not resolved.exists():
                broken.append(f"{where} (no such file)")
            elif not resolved.is_relative_to(root):
                broken.append(f"{where} (outside the repository)")
            elif (
                anchor
                and resolved.suffix == ".md"
                and unquote(anchor).lower() not in anchors(resolved)
            ):
                broken.append(f"{where} (no such heading)")
    return broken


def test_every_relative_link_resolves():
    files = markdown_files()
    assert len(files) > 20  # README plus the docs tree: the glob found them
    broken = broken_links(files)
    assert not broken, "\n".join(broken)


def test_a_broken_link_or_anchor_is_reported(tmp_path):
    (tmp_path / "a.md").write_text(
        "# A `title`: here\n\n[ok](b.md#second-part) [self](#a-title-here)\n"
        "[gone](missing.md) [no anchor](b.md#nowhere) [nor here](#nowhere)\n"
        "```\n[in code](ignored.md)\n```\n`[inline](ignored.md)` [web](https://x.y)\n"
    )
    (tmp_path / "b.md").write_text("# First\n\n## Second part\n")
    assert broken_links([tmp_path / "a.md"], root=tmp_path) == [
        "a.md:4: missing.md (no such file)",
        "a.md:4: b.md#nowhere (no such heading)",
        "a.md:4: #nowhere (no such heading)",
    ]


# A path in the repository, named in `code`: it must exist.
REPOSITORY_PATH = re.compile(r"`((?:articles|cms|tests|bench|docs|\.ci)/[^`\s:]*)")


def missing_paths(files: list[Path], root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number}: {match.group(1)}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for match in REPOSITORY_PATH.finditer(line)
        if not (root / match.group(1)).exists()
    ]


def test_every_file_the_docs_name_exists():
    missing = missing_paths(markdown_files())
    assert not missing, "\n".join(missing)


def test_a_missing_file_is_reported(tmp_path):
    (tmp_path / "cms").mkdir()
    (tmp_path / "cms" / "urls.py").write_text("")
    page = tmp_path / "a.md"
    page.write_text(
        "`cms/urls.py`, `cms/gone.py` and `tests/x.py::test`, `db.sqlite3`\n"
    )
    assert missing_paths([page], root=tmp_path) == [
        "a.md:1: cms/gone.py",
        "a.md:1: tests/x.py",
    ]


def test_github_slugs():
    assert github_slug("Limits & CORS") == "limits--cors"
    assert github_slug("Static files (WhiteNoise)") == "static-files-whitenoise"
    assert github_slug("Parameters of `/api/v1/articles/`") == (
        "parameters-of-apiv1articles"
    )
    assert github_slug("What-goes_where?") == "what-goes_where"


# Environment variables -------------------------------------------------------

ENVIRON = {"os.environ", "environ"}


def environ_key(node: ast.AST) -> ast.expr | None:
    """KEY in os.environ.get(KEY), os.getenv(KEY), os.environ[KEY] (a read)
    or `KEY in os.environ`; else None."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and (
            (func.attr == "get" and ast.unparse(func.value) in ENVIRON)
            or (func.attr == "getenv" and ast.unparse(func.value) == "os")
        ):
            return node.args[0]
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)
        and ast.unparse(node.value) in ENVIRON
    ):
        return node.slice
    if (
        isinstance(node, ast.Compare)
        and isinstance(node.ops[0], ast.In)
        and ast.unparse(node.comparators[0]) in ENVIRON
    ):
        return node.left
    return None


def named_by(key: ast.expr, parameters: list[str]) -> tuple[str, str] | None:
    """(parameter, suffix) when KEY is a parameter, or f"{parameter}SUFFIX"."""
    if isinstance(key, ast.Name) and key.id in parameters:
        return key.id, ""
    if (
        isinstance(key, ast.JoinedStr)
        and len(key.values) == 2
        and isinstance(key.values[0], ast.FormattedValue)
        and isinstance(key.values[0].value, ast.Name)
        and key.values[0].value.id in parameters
        and isinstance(key.values[1], ast.Constant)
    ):
        return key.values[0].value.id, key.values[1].value
    return None


class Scan:
    """The environment variables some Python sources read: directly
    (os.environ.get("X"), os.getenv("X"), os.environ["X"], "X" in
    os.environ) or through a helper, a function that reads the variable
    its parameter names (envint("X", 1) reads X; envsecret("X") reads X and
    X_FILE; envint("X", 1, old_name="Y") reads Y too), however deep."""

    def __init__(self, sources: list[Path]):
        self.trees = [ast.parse(path.read_text(), str(path)) for path in sources]
        functions = [
            node
            for tree in self.trees
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        self.positional: dict[str, list[str]] = {}
        self.helpers: dict[str, dict[str, set[str]]] = {}
        for function in functions:
            arguments = function.args
            positional = [a.arg for a in arguments.posonlyargs + arguments.args]
            if positional[:1] in (["self"], ["cls"]):
                positional = positional[1:]
            self.positional[function.name] = positional
        # Until no helper is found that passes its parameter to another.
        while any(self._learn(function) for function in functions):
            pass

    def _learn(self, function) -> bool:
        arguments = function.args
        names = [a.arg for a in arguments.posonlyargs + arguments.args]
        names += [a.arg for a in arguments.kwonlyargs]
        learned = False
        for node in ast.walk(function):
            reads = []
            if (key := environ_key(node)) is not None and (
                found := named_by(key, names)
            ):
                reads.append(found)
            for argument, suffixes in self._helper_arguments(node):
                if isinstance(argument, ast.Name) and argument.id in names:
                    reads += [(argument.id, suffix) for suffix in suffixes]
            for parameter, suffix in reads:
                suffixes = self.helpers.setdefault(function.name, {}).setdefault(
                    parameter, set()
                )
                if suffix not in suffixes:
                    suffixes.add(suffix)
                    learned = True
        return learned

    def _helper_arguments(self, node: ast.AST):
        """(argument, suffixes) for each parameter of a helper this node
        calls that names a variable."""
        if not isinstance(node, ast.Call):
            return
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        positional = self.positional.get(name, [])
        for parameter, suffixes in self.helpers.get(name, {}).items():
            given = [k.value for k in node.keywords if k.arg == parameter]
            if parameter in positional and positional.index(parameter) < len(node.args):
                given.append(node.args[positional.index(parameter)])
            for argument in given:
                yield argument, suffixes

    def variables(self) -> set[str]:
        found = set()
        for tree in self.trees:
            for node in ast.walk(tree):
                key = environ_key(node)
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.add(key.value)
                for argument, suffixes in self._helper_arguments(node):
                    if isinstance(argument, ast.Constant) and isinstance(
                        argument.value, str
                    ):
                        found |= {argument.value + suffix for suffix in suffixes}
        return found


def test_every_environment_variable_is_in_the_settings_reference():
    variables = Scan(sorted((ROOT / "cms").rglob("*.py"))).variables()
    # The scan works on the real sources: direct reads and each kind of helper.
    assert {"DATABASE_URL", "DEBUG", "CMS_PROXY_COUNT", "ALLOWED_HOSTS"} <= variables
    assert {"SECRET_KEY", "SECRET_KEY_FILE"} <= variables
    named = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", SETTINGS_REFERENCE.read_text()))
    undocumented = sorted(variables - named)
    assert not undocumented, f"not in {SETTINGS_REFERENCE.name}: {undocumented}"


def test_the_scan_finds_reads_through_helpers(tmp_path):
    source = tmp_path / "settings.py"
    source.write_text(
        "import os\n"
        "def env(name, default, *, old_name=None):\n"
        "    return os.environ.get(name) or (old_name and os.environ[old_name])\n"
        "def secret(name):\n"
        "    return os.environ.get(f'{name}_FILE') or env(name, None)\n"
        "class Env:\n"
        "    def read(self, key):\n"
        "        return os.getenv(key)\n"
        "A = os.environ.get('PLAIN')\n"
        "B = os.getenv('GETENV')\n"
        "C = os.environ['INDEXED']\n"
        "D = env('HELPED', 1, old_name='FORMER')\n"
        "E = secret('TOKEN')\n"
        "F = 'FLAG' in os.environ\n"
        "G = Env().read('METHOD')\n"
        "os.environ.setdefault('WRITTEN', '1')\n"
        "os.environ['ASSIGNED'] = '1'\n"
        "H = {}.get('NOT_ENV')\n"
    )
    assert Scan([source]).variables() == {
        "PLAIN",
        "GETENV",
        "INDEXED",
        "HELPED",
        "FORMER",
        "TOKEN",
        "TOKEN_FILE",
        "FLAG",
        "METHOD",
    }


def test_readme_opens_with_the_two_commands_and_stays_short():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= 200
    start = lines.index("```sh")
    assert start < 5
    assert lines[start + 1].startswith("make run")
    assert lines[start + 2].startswith("make test")
