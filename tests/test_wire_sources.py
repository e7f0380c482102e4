"""Wire sources polled for real: corpus files copied into a folder under
tmp_path, a feed on 127.0.0.1 that answers with an ETag or fails, the
readers and the writer import_articles uses, the clock moved with
time-machine."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Section, WireItem, WirePoll, WireSource
from tests.helpers.wire import OTHER, SAMPLES, FeedServer, poll_source, wire_folder

pytestmark = pytest.mark.django_db

AP = "newsml:tag:ap.org,2011:"
AP_NITF_REFUSED = (
    "ap-nitf.xml: no docdata/du-key@key or doc-id@id-string: an NITF story "
    "without its identifier could not be found again by a later import"
)
# (source id, headline, urgency, slugline, version, agency in the queue)
EXPECTED = [
    ("iptc7901:eca062@201311131137",
     "Germany Social Democrats: Coalition talks with Merkel could fail",
     4, "Germany-politics", None, "Deutsche Presse-Agentur"),
    ("anpa:W2870@201311131509", "For Argentine chemo patients, mirrors can hurt",
     1, "Argentina-Cancer Beauty", None, "Wire desk"),
    (AP + "5e565888b587889c5c8bd62b6164118c-text",
     "Nutrisystem beats 4Q earnings and revenue expectations",
     4, "BC-US--Earns-Nutrisystem, 1st Ld-Writethru", 2, "Wire desk"),
    (AP + "b6d5d4eb781939b5fe8722f3fba28ee2-text",
     "DiamondRock Hospitality posts 4Q FFO of $50.7 million, results top "
     "expectations",
     4, "BC-US--Earns-DiamondRock Hospitality, 1st Ld-Writethru", 2, "Wire desk"),
    (AP + "4db5f9c37aac8924db872ba5a7e287e6-text",
     "Scripps Networks tops 4Q profit and revenue expectations",
     4, "BC-US--Earns-Scripps Networks", 1, "Wire desk"),
    ("newsml:urn:newsml:dpa.com:20090101:221011-930-4303",
     "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter",
     4, "", 1, "Wire desk"),
    ("nitf:22751909", "Honduran president announces Cabinet changes",
     5, "HONDURAS GOVERNMENT", None, "Wire desk"),
]  # fmt: skip
DESK_FILES = [SAMPLES / "ap.xml", SAMPLES / "dpa.xml", OTHER / "efe_nitf.xml",
              OTHER / "anpa-1.tst", OTHER / "IPTC7901.txt", OTHER / "ap-nitf.xml"]  # fmt: skip


@pytest.fixture
def wire_root(settings, tmp_path):
    settings.CMS_WIRE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def desk(wire_root) -> WireSource:
    wire_folder(wire_root, "desk", DESK_FILES)
    return WireSource.objects.create(
        name="Wire desk",
        location="desk",
        section=Section.objects.create(name="World", slug="world"),
        poll_interval=timedelta(minutes=1),
    )


def counts(entry: WirePoll) -> tuple:
    return (entry.failed, entry.files_read, entry.created, entry.updated,
            entry.unchanged, entry.refused, entry.skipped)  # fmt: skip


def test_a_poll_imports_what_the_files_state(desk):
    entry = poll_source(desk)

    assert counts(entry) == (False, 6, 7, 0, 0, 1, 0)
    assert entry.error == AP_NITF_REFUSED
    stories = Article.objects.order_by("pk")
    assert [
        (a.source_id, a.headline, a.urgency, a.slugline, a.source_version)
        for a in stories
    ] == [row[:5] for row in EXPECTED]
    # Queue mode: drafts in the source's section, waiting in the wire queue.
    assert {(a.status, a.section.slug) for a in stories} == {("draft", "world")}
    items = WireItem.objects.select_related("article").order_by("article_id")
    assert [(i.article.source_id, i.agency, i.updates) for i in items] == [
        (row[0], row[5], 0) for row in EXPECTED
    ]
    assert items[0].origin == "IPTC7901.txt"
    desk.refresh_from_db()
    assert desk.last_success_at == entry.polled_at
    assert desk.next_poll_at == entry.polled_at + timedelta(minutes=1)
    assert (desk.consecutive_failures, desk.last_error) == (0, "")
    assert sorted(desk.seen) == sorted(path.name for path in DESK_FILES)


def test_a_second_poll_reads_nothing_and_a_touched_file_is_not_read(desk):
    poll_source(desk)
    again = poll_source(desk)
    assert counts(again) == (False, 0, 0, 0, 0, 0, 0)

    # Copied over with the same bytes: a new mtime, the same hash.
    dpa = desk.folder() / "dpa.xml"
    os.utime(dpa, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    touched = poll_source(desk)
    assert counts(touched) == (False, 0, 0, 0, 0, 0, 0)
    desk.refresh_from_db()
    assert desk.seen["dpa.xml"][1] == 1_700_000_000_000_000_000


def test_a_changed_file_updates_its_story_and_counts_on_its_queue_entry(desk):
    poll_source(desk)
    dpa = desk.folder() / "dpa.xml"
    text = dpa.read_text(encoding="utf-8")
    dpa.write_text(
        text.replace('version="1" xml:lang="de"', 'version="2" xml:lang="de"').replace(
            "Hintereggers Tränen und Attacke", "Hintereggers Tränen"
        ),
        encoding="utf-8",
    )

    entry = poll_source(desk)

    assert counts(entry) == (False, 1, 0, 1, 0, 0, 0)
    story = Article.objects.get(source_id=EXPECTED[5][0])
    assert story.headline == "Eintracht in London: Hintereggers Tränen auf Reporter"
    assert story.source_version == 2
    assert (story.wire_item.updates, story.wire_item.received_at) == (
        1,
        WirePoll.objects.order_by("pk").first().polled_at,
    )
    assert story.wire_item.last_received_at == entry.polled_at
    assert Article.objects.count() == 7  # updated, never duplicated


def queries_of_an_unchanged_poll(source, django_assert_num_queries, expected):
    poll_source(source)
    WireSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    from articles.interchange.wire_polling import claim, poll

    with django_assert_num_queries(expected):
        claimed = claim(source.pk, timezone.now())
        entry = poll(claimed)
    return entry


@pytest.mark.parametrize("copies", [2, 20])
def test_an_unchanged_poll_costs_the_same_queries_for_any_number_of_files(
    wire_root, copies, django_assert_num_queries
):
    folder = wire_root / "many"
    folder.mkdir()
    for number in range(copies):
        (folder / f"dpa-{number}.xml").write_bytes((SAMPLES / "dpa.xml").read_bytes())
    source = WireSource.objects.create(name="dpa", location="many")
    # claim (update, select), the source's state, the log entry, the log trimmed
    entry = queries_of_an_unchanged_poll(source, django_assert_num_queries, 5)
    assert counts(entry) == (False, 0, 0, 0, 0, 0, 0)


@pytest.fixture
def feed(settings):
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = True  # the feed is on 127.0.0.1
    server = FeedServer((SAMPLES / "dpa.xml").read_bytes())
    yield server
    server.close()


def test_a_failing_url_backs_off_then_recovers_and_asks_conditionally(feed):
    feed.failures = 3
    source = WireSource.objects.create(
        name="dpa feed", kind="url", location=feed.url, mode="publish",
        poll_interval=timedelta(minutes=1),
    )  # fmt: skip
    waits = []
    for _ in range(3):
        entry = poll_source(source)
        source.refresh_from_db()
        waits.append(source.next_poll_at - entry.polled_at)
        assert entry.failed and entry.error == f"HTTP 500 from {feed.url}"
    assert waits == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert source.consecutive_failures == 3
    assert source.last_error == f"HTTP 500 from {feed.url}"

    recovered = poll_source(source)
    assert counts(recovered) == (False, 1, 1, 0, 0, 0, 0)
    story = Article.objects.get()
    assert (story.status, story.headline) == ("published", EXPECTED[5][1])
    assert not WireItem.objects.exists()  # published directly, not queued
    source.refresh_from_db()
    assert (source.consecutive_failures, source.last_error) == (0, "")
    assert source.next_poll_at - recovered.polled_at == timedelta(minutes=1)

    unchanged = poll_source(source)
    assert counts(unchanged) == (False, 0, 0, 0, 0, 0, 0)
    assert feed.requests[-1]["If-None-Match"] == '"v1"'
    assert "If-None-Match" not in feed.requests[0]


def test_backoff_is_capped_at_six_hours():
    source = WireSource(poll_interval=timedelta(minutes=5), consecutive_failures=12)
    assert source.wait_after_failure() == timedelta(hours=6)


def test_a_url_on_a_private_address_is_refused_by_the_outbound_guard(settings):
    settings.CMS_WEBHOOK_ALLOW_PRIVATE = False
    source = WireSource.objects.create(
        name="inside", kind="url", location="http://127.0.0.1:9/feed.xml"
    )
    entry = poll_source(source)
    assert entry.failed
    assert entry.error == (
        "http://127.0.0.1:9/feed.xml: refused: 127.0.0.1 is a private, loopback, "
        "link-local or reserved address"
    )
    with pytest.raises(ValidationError, match="private, loopback"):
        source.full_clean()


def test_a_folder_outside_the_wire_root_is_refused(wire_root):
    source = WireSource.objects.create(name="etc", location="../../etc")
    with pytest.raises(ValidationError, match="inside CMS_WIRE_ROOT"):
        source.full_clean()
    entry = poll_source(source)
    assert entry.failed and entry.files_read == 0
    assert entry.error.startswith("The folder must be inside CMS_WIRE_ROOT")


def test_a_missing_folder_fails_the_poll(wire_root):
    source = WireSource.objects.create(name="gone", location="gone")
    entry = poll_source(source)
    assert (entry.failed, entry.error) == (
        True,
        f"the folder {wire_root.resolve() / 'gone'} does not exist",
    )


def test_the_log_keeps_the_last_fifty_polls(wire_root):
    (wire_root / "empty").mkdir()
    source = WireSource.objects.create(name="quiet", location="empty")
    for _ in range(52):
        poll_source(source)
    assert source.polls.count() == 50


def test_readyz_names_a_source_silent_for_three_intervals(client, desk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        poll_source(desk)
    with time_machine.travel(start + timedelta(minutes=2, seconds=59), tick=False):
        assert "wire_sources" not in client.get("/readyz").json()
    with time_machine.travel(start + timedelta(minutes=3, seconds=1), tick=False):
        response = client.get("/readyz")
    assert response.status_code == 200
    payload = response.json()
    assert payload["status"] == "degraded"
    assert payload["wire_sources"] == {
        "Wire desk": f"silent since {start:%Y-%m-%d %H:%M:%S} UTC"
    }


def test_a_link_out_of_the_folder_is_refused_not_read(wire_root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("Secret words\n\nNot for the wire.")
    folder = wire_folder(wire_root, "links", [SAMPLES / "dpa.xml"])
    (folder / "secret.txt").symlink_to(outside)
    source = WireSource.objects.create(name="links", location="links")

    entry = poll_source(source)

    assert counts(entry) == (False, 1, 1, 0, 0, 1, 0)
    assert entry.error == "secret.txt: a link to a file outside the watched folder"
    assert not Article.objects.filter(headline__contains="Secret").exists()
    assert counts(poll_source(source)) == (False, 0, 0, 0, 0, 0, 0)
