"""NewsML-G2 (IPTC) into stories: every visible file of the corpus's
`newsml-g2/` imports with the values it states or is refused with a named
reason; text items in XHTML, NITF and inline text, news messages of several
items, pubStatus, and hostile XML refused as in every format. Pictures and
packages: tests/test_newsml_g2_packages.py."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from articles.interchange.formats import READ_LIST, detect, parser_for
from articles.interchange.newsml_reader import parse_newsml
from articles.interchange.story import (
    ARCHIVED,
    DRAFT,
    ImageRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
    TagRef,
)
from articles.models import Article
from articles.text.credits import CreditRef
from tests.helpers.corpus import CORPUS, HOSTILE_XML
from tests.helpers.imports import run_failing_import
from tests.helpers.newsml_corpus import (
    ERROR,
    EXPECTED,
    G2,
    PHOTO,
    REFUSED,
    SAMPLES,
    SKIPPED,
    STORY,
    read,
)


def named(value: object) -> str:
    return str(value)[-50:] if isinstance(value, str) else ""


def outcomes(path) -> list[tuple[str, ...]]:
    """What the command's reader makes of a file, chosen as --format auto
    chooses it."""
    with path.open("rb") as stream:
        fmt = detect(path, stream.read(64 * 1024))
        stream.seek(0)
        try:
            results = list(parser_for(fmt)(stream, path.name))
        except StoryError as error:
            return [(REFUSED, str(error).replace(f"; {READ_LIST}", "; READS"))]
    found: list[tuple[str, ...]] = []
    for result in results:
        if isinstance(result, Story):
            found.append((STORY, result.source_id, result.headline))
        elif isinstance(result, ImageRef):
            found.append((PHOTO, result.file_path.name, result.headline))
        elif isinstance(result, Skipped):
            found.append((SKIPPED, result.reason))
        else:
            found.append((ERROR, result.message))
    return found


def test_every_visible_file_is_listed():
    files = {str(path.relative_to(G2)) for path in G2.rglob("*") if path.is_file()}

    assert files == {name for name, _ in EXPECTED}


@pytest.mark.parametrize(("name", "expected"), EXPECTED, ids=named)
def test_every_file_imports_or_is_refused_with_a_reason(name, expected):
    assert outcomes(G2 / name) == expected


# What a text item states


def test_a_text_item_in_nitf_keeps_what_it_states():
    [story] = read(G2 / "iptc-examples" / "LISTING_2_NewsML-G2_Text_Document.xml")

    assert story.source_id == "newsml:urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert (story.headline, story.slugline, story.dateline) == (
        'Fed to halt QE to avert "bubble"',
        "US-Finance-Fed",
        "New York, NY",
    )
    assert (story.version, story.urgency, story.status, story.signals) == (
        11,
        None,
        None,
        [],
    )
    assert story.tags == [
        TagRef(
            name="economy, business and finance",
            uri="http://cv.iptc.org/newscodes/mediatopic/04000000",
        ),
        TagRef(
            name="central bank", uri="http://cv.iptc.org/newscodes/mediatopic/20000350"
        ),
        TagRef(
            name="money and monetary policy",
            uri="http://cv.iptc.org/newscodes/mediatopic/20000379",
        ),
    ]
    assert story.credits == [
        CreditRef(name="Meredith Jameson", role="author", kind="person")
    ]
    assert story.credits[0].affiliation == "Staff Reporter"
    # contentCreated dates it (no firstCreated); versionCreated is its change.
    assert story.published_at == datetime(2016, 11, 21, 20, 21, 6, tzinfo=UTC)
    assert story.updated_at == datetime(2018, 11, 21, 21, 25, 32, tzinfo=UTC)
    assert story.body_html.startswith(
        "<p>(New York, NY - October 21) Et, sent luptat luptat, commy Nim "
        "zzriureet vendreetue modo dolenis ex euisis nosto et lan ullandit"
    )
    assert story.body_html.endswith("exerili quismodion esto cons dolutpat, si. </p>")
    assert story.body_html.count("<p>") == 2


def test_a_news_message_gives_one_story_per_item():
    stories = read(SAMPLES / "ap.xml")

    assert [(s.version, s.urgency, s.slugline, s.dateline) for s in stories] == [
        (2, 4, "BC-US--Earns-Nutrisystem, 1st Ld-Writethru", "FORT WASHINGTON, Pa."),
        (
            2,
            4,
            "BC-US--Earns-DiamondRock Hospitality, 1st Ld-Writethru",
            "BETHESDA, Md.",
        ),
        (1, 4, "BC-US--Earns-Scripps Networks", "KNOXVILLE, Tenn."),
    ]
    first = stories[0]
    assert first.signals == ["apsig:consumerready"]
    assert first.body_html.startswith(
        "<p>FORT WASHINGTON, Pa. (AP) _ Nutrisystem Inc. (NTRI) on Monday reported "
        "fourth-quarter net income of $10.9 million.</p>"
    )
    # The NITF head (its hl1) is not the body: the headline is G2's.
    assert "<h2>" not in first.body_html
    assert '<a href="http://www.automatedinsights.com/ap">Automated Insights</a>' in (
        first.body_html
    )


def test_xhtml_in_another_prefix_and_inline_text():
    [dpa] = read(SAMPLES / "dpa.xml")
    [ansa] = read(SAMPLES / "ansa-newsmlg2-text.xml")

    assert (
        dpa.headline
        == "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter"
    )
    assert dpa.dateline == "London (dpa) -"
    assert ansa.body_html.startswith("<p>")
    assert "(ANSA) - Rome, October 11 - Italian Foreign Minister Angelino" in (
        ansa.body_html
    )
    assert (ansa.urgency, ansa.dateline, ansa.version) == (5, "Rome", 1)
    assert ansa.credits == [CreditRef(name="VRG", role="author", kind="person")]


def g2_item(
    pubstatus: str, *, guid: str = "urn:test:1", signal: str = "sig:correction"
) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="3"
  standard="NewsML-G2" standardversion="2.35" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Example News"/>
    <versionCreated>2026-03-01T10:00:00+01:00</versionCreated>
    <firstCreated>2026-03-01T08:00:00Z</firstCreated>
    <embargoed>2026-03-02T00:00:00Z</embargoed>
    <pubStatus qcode="stat:{pubstatus}"/>
    <signal qcode="{signal}"/>
  </itemMeta>
  <contentMeta>
    <urgency>2</urgency>
    <located literal="Oslo"><name>Oslo</name></located>
    <subject qcode="medtop:20000002"><name>arts and entertainment</name></subject>
    <subject qcode="medtop:01000000"/>
    <slugline>DAM-OPENS</slugline>
    <headline>Dam opens</headline>
    <by>By Jane Doe and John Roe</by>
    <creditline>Example News</creditline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>
      <body><h1>Dam opens</h1><p>The dam opened <b>on Monday</b>.</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>""".encode()


@pytest.mark.parametrize(
    ("pubstatus", "status"),
    [("usable", None), ("withheld", DRAFT), ("canceled", ARCHIVED)],
)
def test_pubstatus_withheld_is_not_public_and_canceled_withdraws(pubstatus, status):
    [story] = parse_newsml(io.BytesIO(g2_item(pubstatus)), "item.xml")

    assert story.status == status
    assert (story.source_id, story.version, story.urgency) == (
        "newsml:urn:test:1",
        3,
        2,
    )
    assert (story.slugline, story.dateline, story.signals) == (
        "DAM-OPENS",
        "Oslo",
        ["correction"],
    )
    assert story.embargo_until == datetime(2026, 3, 2, tzinfo=UTC)
    assert story.published_at == datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert story.updated_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert story.tags == [
        TagRef(
            name="arts and entertainment",
            uri="http://cv.iptc.org/newscodes/mediatopic/20000002",
        )
    ]
    assert story.warnings == [
        "1 subject code without a name not kept as tags: medtop:01000000"
    ]
    assert [credit.name for credit in story.credits] == ["Jane Doe", "John Roe"]
    assert story.body_html == (
        "<h1>Dam opens</h1><p>The dam opened <b>on Monday</b>.</p>"
    )


def test_an_unknown_pubstatus_is_a_draft_with_a_warning():
    [story] = parse_newsml(io.BytesIO(g2_item("pending")), "item.xml")

    assert story.status == DRAFT
    assert 'unknown pubStatus "pending": imported as a draft' in story.warnings


# Through the command


# Through the command


def test_format_newsml_names_a_file_of_another_format(db):
    feed = CORPUS / "feeds" / "real-feeds" / "guardian.rss"

    stdout, stderr, error = run_failing_import(feed, format="newsml")

    assert stderr == (
        f"{feed}: an RSS feed, not a NewsML-G2 item or message: import it with "
        "--format feed (or auto)\n"
    )
    assert Article.objects.count() == 0


@pytest.mark.parametrize("path", HOSTILE_XML, ids=lambda path: path.name[:40])
def test_hostile_xml_is_refused_as_newsml_too(db, path):
    stdout, stderr, error = run_failing_import(path, format="newsml")

    assert stderr.startswith(f"{path}: refused: the XML declares ")
    assert Article.objects.count() == 0


def test_a_record_error_names_the_item(db):
    path = (
        G2 / "iptc-examples" / "LISTING_21_A_complete_sample_SportsML-G2_document.xml"
    )

    stdout, stderr, error = run_failing_import(path)

    assert stderr == (
        f'{path}: item 1 (guid "urn:newsml:sportsml.org:20160502:xt.prog.'
        '20150606005942-43710-16.068-event-stats-progressive"): its text is inline '
        "XML of type 'application/sportsml+xml', which this reader does not read\n"
    )
    assert isinstance(read(path)[0], RecordError)
