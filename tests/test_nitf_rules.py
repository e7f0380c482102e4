"""NITF rules the corpus does not show, in documents made here (codes with
their schemes, statuses, agency bylines), and the files the NITF reader
refuses: another format's file, named; entity tricks, as in every format."""

from __future__ import annotations

import time

import pytest

from articles.interchange.nitf_reader import parse_nitf
from articles.interchange.story import AGENCY, AUTHOR, CreditRef, Story, TagRef
from articles.models import Article
from tests.helpers.corpus import CORPUS, HOSTILE_XML
from tests.helpers.imports import run_failing_import

SUPERDESK = CORPUS / "agency-other" / "superdesk"

# Wrong format, hostile files


def test_a_wire_text_given_as_nitf_is_told_its_format(db):
    path = SUPERDESK / "IPTC7901.txt"

    stdout, stderr, error = run_failing_import(path, format="nitf")

    assert stderr == (
        f"{path}: an IPTC 7901 wire text, not an NITF document: import it with "
        "--format wire (or auto)\n"
    )
    assert Article.objects.count() == 0


def test_nitf_given_as_a_page_is_told_its_format(db):
    path = SUPERDESK / "nitf-ntb.xml"

    stdout, stderr, error = run_failing_import(path, format="page")

    assert stderr == (
        f"{path}: XML with root `nitf` (NITF), not a text or HTML page: import it "
        "with --format nitf (or auto)\n"
    )


@pytest.mark.parametrize("path", HOSTILE_XML, ids=lambda path: path.name)
def test_entity_tricks_are_refused_as_nitf_too(db, path):
    started = time.perf_counter()
    stdout, stderr, error = run_failing_import(path, format="nitf")

    assert time.perf_counter() - started < 1
    assert stderr.startswith(f"{path}: refused: the XML declares ")
    assert stderr.count("\n") == 1
    assert Article.objects.count() == 0


def test_an_entity_inside_an_nitf_document_is_refused(db, tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa">]>\n'
        '<nitf><head><docdata><doc-id id-string="x"/></docdata></head>'
        "<body><body.head><hedline><hl1>&a;</hl1></hedline></body.head>"
        "<body.content><p>&a;</p></body.content></body></nitf>"
    )

    stdout, stderr, error = run_failing_import(path)

    assert stderr == (
        f"{path}: refused: the XML declares an entity ('a'); entities are never "
        "expanded, to guard against entity bombs and file disclosure\n"
    )
    assert Article.objects.count() == 0


# Made-up documents: what the corpus does not show


def nitf(docdata: str, body: str = "<p>Text.</p>", attributes: str = "") -> bytes:
    return (
        f"<nitf><head><docdata{attributes}>{docdata}</docdata></head><body>"
        "<body.head><hedline><hl1>Dam opens</hl1></hedline></body.head>"
        f"<body.content>{body}</body.content></body></nitf>"
    ).encode()


def parse_bytes(data: bytes, tmp_path) -> Story:
    path = tmp_path / "story.xml"
    path.write_bytes(data)
    with path.open("rb") as stream:
        [story] = parse_nitf(stream, path.name)
    return story


def test_identified_content_becomes_tags_with_their_scheme(tmp_path):
    story = parse_bytes(
        nitf(
            '<doc-id id-string="d1"/><identified-content>'
            '<classifier idsrc="http://cv.iptc.org/newscodes/mediatopic/" '
            'value="20000002">arts and entertainment</classifier>'
            '<org idsrc="xmltag.org" value="SL/fa">Football Association</org>'
            "<person>Jane Roe</person></identified-content>"
        ),
        tmp_path,
    )

    assert story.tags == [
        TagRef(
            name="arts and entertainment",
            uri="http://cv.iptc.org/newscodes/mediatopic/20000002",
        ),
        TagRef(name="Football Association", uri="xmltag.org:SL/fa"),
        TagRef(name="Jane Roe"),
    ]


@pytest.mark.parametrize(
    ("attributes", "status"),
    [(' management-status="withheld"', "draft"),
     (' management-status="canceled"', "archived"),
     (' management-status="usable"', None)],
)  # fmt: skip
def test_management_status_maps_to_a_status(tmp_path, attributes, status):
    story = parse_bytes(
        nitf('<doc-id id-string="d1"/>', attributes=attributes), tmp_path
    )

    assert story.status == status


def test_an_embargo_without_a_release_date_is_a_draft(tmp_path):
    story = parse_bytes(
        nitf('<doc-id id-string="d1"/>', attributes=' management-status="embargoed"'),
        tmp_path,
    )

    assert (story.status, story.warnings) == (
        "draft",
        ["embargoed with no readable date.release: imported as a draft"],
    )


def test_an_agency_byline_is_the_agency(tmp_path):
    data = nitf('<doc-id id-string="d1"/>').replace(
        b"</hedline>", b"</hedline><byline>By Reuters</byline>"
    )

    assert parse_bytes(data, tmp_path).credits == [
        CreditRef(name="Reuters", role=AUTHOR, kind=AGENCY)
    ]
