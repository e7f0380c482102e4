"""Schema fuzzing: Schemathesis reads the live OpenAPI schema and throws
generated requests, valid and invalid, at every operation of the running app
over real HTTP, with every check it has. Any failure is a place where the API
and its schema disagree, or a server error.

Schemathesis runs here through its engine, as `st run --checks all` does
(probing, then the examples, coverage, fuzzing and stateful phases), rather
than through its pytest integration: `schemathesis.pytest.from_fixture`
renames the test node through `Function._nodeid`, which pytest 9.2 no longer
has. The site is the real app on a live server (`site` in tests/conftest.py), serving
the demo newsroom plus the conftest's sample story."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from django.utils import timezone
from schemathesis.engine import Status, StopReason, events, from_schema

from articles.demo.loader import load_demo_content
from articles.models import Article
from articles.roles import EDITOR
from tests.helpers.api_tokens import issue
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.safety import record

# Once, on SQLite (tests/helpers/passes.py): the API's request-level tests
# run on both databases.
pytestmark = pytest.mark.single_pass

# Generated cases per operation in the fuzzing phase; the examples and
# coverage phases add their own, deterministic and bounded.
MAX_EXAMPLES = 50

CONFIG = {
    # Seeded and derandomized: every run sends the same requests.
    "seed": 20260601,
    # Valid and invalid data both: negative_data_rejection needs the latter.
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "mode": "all"},
    # Nothing remembered between runs (Schemathesis keeps failures on disk).
    "cache": {"enabled": False},
    # The live server answers one request at a time.
    "workers": 1,
    # No `max-time`: with one, the fuzzing and stateful phases go on until it
    # runs out. The run is bounded by its count (about 25 s here).
    "request-timeout": 30,
}


def _content() -> None:
    load_demo_content()
    # A story that went away, so the withdrawals list has something in it.
    gone = Article.objects.create(headline="Gone", slug="gone")
    gone.publish(at=timezone.now() - timedelta(hours=2))
    gone.unpublish()


def test_the_api_keeps_to_its_schema(site, published_article):
    _content()
    config = schemathesis.Config.from_dict(CONFIG)
    schema = schemathesis.openapi.from_url(
        f"{site}/api/v1/schema/?format=json", config=config
    )
    schema.config.checks.update(included_check_names=["all"])

    operations = {result.ok().label for result in schema.get_all_operations()}
    cases = 0
    fuzzed: set[str] = set()
    failures: list[str] = []
    stop_reason = None
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.interactions)
            if event.phase.value == "fuzzing" and event.recorder.interactions:
                fuzzed.add(event.label)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE:
                        info = check.failure_info
                        failures.append(
                            f"[{event.phase.value}] {event.label}: {check.name}\n"
                            + (f"{info.failure}\n{info.code_sample}" if info else "")
                        )
        elif isinstance(event, events.NonFatalError):
            failures.append(f"error in {event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            raise event.exception
        elif isinstance(event, events.EngineFinished):
            stop_reason = event.stop_reason
            failures.extend(str(failure) for failure in event.failures)

    record("schema fuzzing", "cases", cases)
    assert not failures, f"{len(failures)} failure(s):\n\n" + "\n\n".join(
        dict.fromkeys(failures)
    )
    assert stop_reason == StopReason.COMPLETED
    # Every operation in the schema was fuzzed (none skipped or lost).
    assert len(operations) >= 12
    assert fuzzed == operations
    record("schema fuzzing", "failures", 0)


# The write API with an editor's token, every scope: the stateful phase
# follows a created story's id into its edits and actions. Whether a
# well-formed request is accepted depends on what the database holds (a tag
# that exists, a story's current ETag, a real photo's bytes), which no
# schema can say, so `positive_data_acceptance` is left out; what must never
# happen is a server error or an answer the schema does not describe.


def test_the_write_api_keeps_to_its_schema(site, published_article, django_user_model):
    editor = newsroom_staff(django_user_model, {"edith": EDITOR})["edith"]
    raw = issue(editor, name="Schemathesis")
    config = schemathesis.Config.from_dict(
        {
            **CONFIG,
            "generation": {**CONFIG["generation"], "max-examples": 25},
            "headers": {"Authorization": f"Bearer {raw}"},
        }
    )
    schema = schemathesis.openapi.from_url(
        f"{site}/api/v1/schema/?format=json", config=config
    ).include(tag="manage")
    schema.config.checks.update(
        included_check_names=["all"],
        excluded_check_names=["positive_data_acceptance"],
    )

    operations = {result.ok().label for result in schema.get_all_operations()}
    cases, failures, stop_reason = 0, [], None
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.interactions)
            for checks in event.recorder.checks.values():
                failures += [
                    f"[{event.phase.value}] {event.label}: {check.name}\n"
                    + (f"{check.failure_info.failure}" if check.failure_info else "")
                    for check in checks
                    if check.status == Status.FAILURE
                ]
        elif isinstance(event, events.NonFatalError):
            failures.append(f"error in {event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            raise event.exception
        elif isinstance(event, events.EngineFinished):
            stop_reason = event.stop_reason

    record("schema fuzzing, write API", "cases", cases)
    assert not failures, f"{len(failures)} failure(s):\n\n" + "\n\n".join(
        dict.fromkeys(failures)
    )
    assert stop_reason == StopReason.COMPLETED
    assert len(operations) == 9
    assert Article.objects.count() > 1  # stories were really written
    record("schema fuzzing, write API", "failures", 0)
