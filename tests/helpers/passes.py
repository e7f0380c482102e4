"""The second database pass (pytest plugin, loaded by tests/conftest.py).

`.ci/run` runs the whole suite on SQLite, then again on PostgreSQL with
`--second-pass`, which leaves out what cannot come out differently there:

- tests that never touch the project's database (parsers, imaging, text);
- tests marked `needs_postgres`, which bring up their own PostgreSQL
  servers whatever DATABASE_URL says (replicas, the production stack);
- the Chromium scenarios (every test using the `browser` fixture) and tests
  marked `single_pass` (the schema fuzzing, the role and API-token
  matrices): they drive code paths that request-level tests cover on both
  databases, or decide in Python, and cost minutes a pass.

`make test` alone runs everything, whichever database it is given."""

from __future__ import annotations

import pytest

DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--second-pass",
        action="store_true",
        help="leave out tests whose outcome cannot depend on the database "
        "(tests/helpers/passes.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "single_pass: runs in the first database pass only "
        "(tests/helpers/passes.py says why)",
    )


def touches_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return (
        bool(fixtures & DATABASE_FIXTURES)
        or item.get_closest_marker("django_db") is not None
    )


def same_on_every_database(item: pytest.Item) -> bool:
    return (
        not touches_database(item)
        or item.get_closest_marker("needs_postgres") is not None
        or "browser" in getattr(item, "fixturenames", ())
        or item.get_closest_marker("single_pass") is not None
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("--second-pass"):
        return
    kept = [item for item in items if not same_on_every_database(item)]
    left = [item for item in items if same_on_every_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
