"""The ninjs parser: IPTC ninjs 1.x-3.x from the shared corpus, Superdesk's
dialect, hostile JSON and our own ninjs export into `Story` objects.
Parsing only, no database."""

from __future__ import annotations

import codecs
import copy
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.interchange import ninjs_reader as ninjs
from articles.interchange import ninjs_writer as ninjs_export
from articles.interchange.ninjs_reader import parse_ninjs
from articles.interchange.story import (
    AGENCY,
    ARCHIVED,
    AUTHOR,
    CONTRIBUTOR,
    CREATOR,
    DISTRIBUTOR,
    DRAFT,
    PERSON,
    PROVIDER,
    CreditRef,
    RecordError,
    Skipped,
    Story,
    StoryError,
)
from tests.helpers.corpus import CORPUS

NINJS = CORPUS / "ninjs"
EXAMPLES = NINJS / "examples"
SUPERDESK = NINJS / "superdesk"
VALIDATION = NINJS / "validation-suite"

CONCORDIA = "Captain of wrecked cruise ship on trial in Italy"
DELL = (
    "Dell Redefines Workstation Computing Boundaries with Smallest Tower and Most "
    "Powerful Rack Workstations"
)
TOUR = "Anti-doping measures at the 'Tour Down Under' will be the toughest ever"
DERBY = "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
TT = "Militärövning i jätteformat hålls 2023"
SANTALUCIA_AND_DEMILIO = [
    CreditRef(name="Paulo Santalucia", role=AUTHOR, kind=PERSON),
    CreditRef(name="Frances d'Emilio", role=AUTHOR, kind=PERSON),
]
NEITHER = "a ninjs item with neither a type nor a body is not a story"

# What every example file gives: a story's headline, or why it is skipped
# or in error.
EXAMPLE_OUTCOMES = {
    "1.4/businesswire-newsml-20130515006361.json": ("story", DELL),
    "1.4/businesswire-newsml-20130612006110.json": (
        "story",
        "APP发布“2020 可持续发展路线图”第三次工作进展报告，并将继续落实森林保护政策",
    ),
    "1.4/ninjs-1-4-examples.json": ("skipped", NEITHER),
    "1.4/ninjsExComplex1.json": ("story", CONCORDIA),
    "1.4/ninjsExMediumText1.json": ("story", CONCORDIA),
    "1.4/ninjsExSimplePhoto1.json": ("skipped", "ninjs picture items are not stories"),
    "2.1/SIPA_image_2.json": ("skipped", "ninjs picture items are not stories"),
    "2.1/ap_audio.json": ("skipped", "ninjs audio items are not stories"),
    "2.1/ap_video.json": ("skipped", "ninjs video items are not stories"),
    "2.1/businesswire-newsml-20130605006126.json": (
        "story",
        "Cambrios被Gartner評選為「最酷供應商」",
    ),
    "2.1/dpa_text.json": ("story", DERBY),
    "2.1/imageEncodedRights.json": ("skipped", "ninjs picture items are not stories"),
    "2.1/ninjsExSimpleText_2.json": ("story", CONCORDIA),
    "2.1/ntb_text.json": ("story", "Google har kjøpt giganttomt i Skien"),
    "2.1/schema-extension/extension-example.json": ("story", TT),
    # A JSON Schema, not a ninjs item.
    "2.1/schema-extension/extension-schema.json": (
        "error",
        "no uri (nor a Superdesk guid): a later import could not find its story again",
    ),
    "3.0/20231004-UEFA-ChampionLeague.json": (
        "skipped",
        "ninjs event items are not stories",
    ),
    "3.0/20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest"
    "-ever-addb-ninjs-nitf.json": ("story", TOUR),
    "3.0/20231016-addb-example-press-conference.json": (
        "skipped",
        "ninjs event items are not stories",
    ),
    "3.0/ap_image.json": ("skipped", "ninjs picture items are not stories"),
    "3.0/businesswire-newsml-20130605006126.json": (
        "story",
        "Cambrios被Gartner評選為「最酷供應商」",
    ),
    "3.0/businesswire-newsml-20130731006140.json": (
        "story",
        "Lunch Taking a Toll? Let Applebee’s® Industrial Strength Lunch Decoy Stand In",
    ),
    "3.0/dpa_text.json": ("story", DERBY),
    "3.0/imageLinkedRights.json": ("skipped", "ninjs picture items are not stories"),
    "3.0/ninjsExSimpleText_3.json": ("story", CONCORDIA),
    "3.0/simpleEvent.json": ("skipped", "ninjs event items are not stories"),
    "3.0/tt_text_image_3.json": ("story", TT),
    "guidelines-1.6/001_simple_example.json": ("story", CONCORDIA),
    "guidelines-1.6/002_renditions_example.json": ("error", "no headline"),
    "guidelines-1.6/004_simple_text_article.json": ("story", CONCORDIA),
    "guidelines-1.6/005_complex_text_article.json": ("story", CONCORDIA),
    "guidelines-1.6/007_multimedia.json": ("story", CONCORDIA),
    "guidelines-2.2/001_simple_example.json": ("story", CONCORDIA),
    "guidelines-2.2/002_renditions_example.json": ("error", "no headline"),
    "guidelines-2.2/004_simple_text_article.json": ("story", CONCORDIA),
    "guidelines-2.2/005_complex_text_article.json": ("story", CONCORDIA),
    "guidelines-2.2/007_multimedia.json": ("story", CONCORDIA),
    "guidelines-3.1/001_simple_example.json": ("story", CONCORDIA),
    "guidelines-3.1/002_renditions_example.json": ("error", "no headline"),
    "guidelines-3.1/004_simple_text_article.json": ("story", CONCORDIA),
    "guidelines-3.1/005_complex_text_article.json": ("story", CONCORDIA),
    "guidelines-3.1/007_multimedia.json": ("story", CONCORDIA),
    "guidelines-3.1/008_event.json": ("skipped", "ninjs event items are not stories"),
}


def parse_bytes(data: bytes) -> list:
    return list(parse_ninjs(io.BytesIO(data), "test.json"))


def parse_document(document: object) -> list:
    return parse_bytes(json.dumps(document).encode())


def parse_file(path: Path) -> list:
    with path.open("rb") as stream:
        return list(parse_ninjs(stream, path.name))


def only_story(results: list) -> Story:
    [story] = results
    assert isinstance(story, Story), story
    return story


def example(name: str) -> Story:
    return only_story(parse_file(EXAMPLES / name))


# The IPTC examples


def test_every_example_file_is_listed():
    on_disk = {
        path.relative_to(EXAMPLES).as_posix() for path in EXAMPLES.rglob("*.json")
    }
    assert on_disk == set(EXAMPLE_OUTCOMES)


@pytest.mark.parametrize("name", sorted(EXAMPLE_OUTCOMES))
def test_example_files(name):
    outcome, expected = EXAMPLE_OUTCOMES[name]
    [result] = parse_file(EXAMPLES / name)
    if outcome == "story":
        assert isinstance(result, Story)
        assert result.headline == expected
        assert result.body_html.strip()
        assert result.source_id.startswith("ninjs:")
        assert result.published_at is None or result.published_at.tzinfo is UTC
    elif outcome == "skipped":
        assert result == Skipped(record=result.record, reason=expected)
    else:
        assert result == RecordError(record=result.record, message=expected)


def test_ninjs_1_text_item_with_text_and_xhtml_bodies():
    story = example("1.4/ninjsExMediumText1.json")
    assert story.source_id == "ninjs:http://ninjs.example.com/newsitems/20130709med123"
    assert (
        story.record
        == 'item 1 (uri "http://ninjs.example.com/newsitems/20130709med123")'
    )
    # body_xhtml before body_text.
    assert story.body_html.startswith("<p>GROSSETO, Italy (AP) -- The trial")
    assert story.credits == SANTALUCIA_AND_DEMILIO
    assert story.published_at == datetime(2013, 7, 9, 10, 37, tzinfo=UTC)
    assert story.status is None
    assert story.lead_image is None


def test_ninjs_1_composite_with_its_photo():
    story = example("1.4/ninjsExComplex1.json")
    image = story.lead_image
    assert image.headline == "Costa Concordia cruise ship"
    assert image.caption.startswith(
        "The Costa Concordia cruise ship lies on its side in the waters of the Tuscan "
        "island of Giglio, Italy, Monday, July 8, 2013."
    )
    assert image.credits == [
        CreditRef(name="Paulo Santalucia", role=CREATOR, kind=PERSON)
    ]
    # 1.x renditions are an object keyed by name: the larger one.
    assert image.missing_file == (
        "http://hosted.ap.org/photos/2/2643c588-dc8d-4923-bebd-e3b904edbb3a-big.jpg"
    )
    assert image.file_path is None
    assert image.record.endswith(' picture "mainpic"')


def test_ninjs_1_extension_properties_headline_main_and_body_main():
    story = example("guidelines-1.6/001_simple_example.json")
    assert story.headline == CONCORDIA
    # body_main is plain text: escaped into a paragraph.
    assert story.body_html.startswith("<p>GROSSETO, Italy (AP) --")
    assert story.body_html.endswith("Schettino has denied wrongdoing.</p>")
    # body_richtext is HTML and wins where there is one.
    assert (
        "</p> <p>The sole defendant"
        in example("guidelines-1.6/004_simple_text_article.json").body_html
    )


def test_composite_lead_photo_is_the_first_picture_not_the_logo():
    story = example("1.4/businesswire-newsml-20130515006361.json")
    assert story.lead_image.record.endswith(' picture "photo"')
    # "highres" 2055 x 2064 is the largest of four.
    assert story.lead_image.missing_file == (
        "http://mms.businesswire.com/media/newsItemId/en/369394/5/0025lf.jpg"
    )
    assert len(story.tags) == 9
    # The Applebee's release has only a logo (graphic) and a video.
    assert example("3.0/businesswire-newsml-20130731006140.json").lead_image is None


@pytest.mark.parametrize("version", ["1.6", "2.2", "3.1"])
def test_guidelines_multimedia_in_each_shape(version):
    story = example(f"guidelines-{version}/007_multimedia.json")
    assert story.credits == SANTALUCIA_AND_DEMILIO
    image = story.lead_image
    assert image.headline == "Costa Concordia cruise ship"
    # The plain-text description before the XHTML one.
    assert image.caption.startswith("The Costa Concordia cruise ship lies on its side")
    assert "</ br>" not in image.caption
    assert image.credits == [
        CreditRef(name="Paulo Santalucia", role=CREATOR, kind=PERSON)
    ]
    assert image.copyright_notice == (
        "Copyright 2013 The News Agency, www.tna.org - all rights reserved."
    )
    assert image.missing_file.endswith("-big.jpg")


def test_dpa_byline_keeps_the_writer_not_the_agency():
    story = example("3.0/dpa_text.json")
    assert story.credits == [
        CreditRef(name="Christian Hollmann", role=AUTHOR, kind=PERSON)
    ]
    assert story.body_html.startswith('<section class="main"><p>Für Lucien Favre')
    # +02:00 in the file.
    assert story.published_at == datetime(2019, 5, 10, 14, 2, 28, tzinfo=UTC)


def test_nitf_body_is_passed_over_for_the_plain_text_one():
    story = example(
        "3.0/20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-"
        "toughest-ever-addb-ninjs-nitf.json"
    )
    assert "<nitf" not in story.body_html
    assert story.body_html.startswith("<p>The initiatives are being implemented")
    assert story.standfirst.startswith("The Australian Sports Anti-Doping Authority")
    assert story.tags == ["Sport", "drug abuse in sport", "Cycling"]
    assert story.credits[0] == CreditRef(name="Trond Husø", role=AUTHOR, kind=PERSON)


def test_tt_html_document_body_and_wire_style_photo_credit():
    story = example("3.0/tt_text_image_3.json")
    assert story.body_html.startswith("<article>")
    assert "<head>" not in story.body_html and "<title>" not in story.body_html
    image = story.lead_image
    assert image.caption.startswith(
        "En stor internationell försvarsövning planeras 2023"
    )
    # "Karl Melander/TT": photographer, then agency.
    assert [(credit.name, credit.role) for credit in image.credits] == [
        ("Karl Melander", CREATOR),
        ("TT", PROVIDER),
    ]
    assert image.missing_file.endswith("/a001_NormalHires.jpg")  # 4724 x 3149


def test_text_item_whose_only_text_is_its_description():
    story = example("2.1/ntb_text.json")
    assert story.body_html == (
        "<p>IT-giganten Google har kjøpt en tomt på nærmere 2.000 mål i Skien i "
        "tilfelle det blir behov for flere datasentre i Europa.</p>"
    )
    assert story.standfirst == ""
    assert story.warnings == ["no body: the description is the story's text"]
    assert story.credits == [CreditRef(name="NTB", role=AUTHOR, kind=PERSON)]


# Superdesk's dialect


def test_envelope_with_an_item_list():
    story = only_story(parse_file(SUPERDESK / "bbc-ninjs-text-test.json"))
    assert story.source_id == "ninjs:https://www.example.com//12345"
    assert story.headline == "advisory"
    assert story.body_html == "<p><strong>body</strong></p>"
    assert story.standfirst == "LDRS WALES v.1"
    assert story.credits == [CreditRef(name="John Doe", role=AUTHOR, kind=PERSON)]
    assert story.tags == ["Planning Permission"]
    # No zone in the file: taken as UTC.
    assert story.published_at == datetime(2018, 5, 28, 16, 40, 8, tzinfo=UTC)
    assert story.warnings == ['unknown ninjs type "advisory": read as a text item']


def test_superdesk_guid_instead_of_uri():
    story = only_story(parse_file(SUPERDESK / "ninjs1.json"))
    guid = "urn:newsml:localhost:2017-08-24T14:37:19.783611:c044162e-7f40-4d04-b700-49b6a66e652c"
    assert story.source_id == f"ninjs:{guid}"
    assert story.record == f'item 1 (guid "{guid}")'
    assert story.warnings == ["no uri: identified by its Superdesk guid"]
    assert story.headline == "headline"
    assert story.standfirst == "abstract"
    assert story.body_html == "<p>The story so far.</p>"
    # The byline, then Superdesk's `authors` with the writer role.
    assert [credit.name for credit in story.credits] == ["Peter", "Jane", "John"]
    assert story.tags == ["arts, culture and entertainment"]
    assert story.published_at == datetime(2017, 8, 24, 4, 37, 19, tzinfo=UTC)


def test_superdesk_featuremedia():
    story = only_story(parse_file(SUPERDESK / "ninjs2.json"))
    assert story.credits == [
        CreditRef(name="Henning Gloystein", role=AUTHOR, kind=PERSON)
    ]
    image = story.lead_image
    assert image.record.endswith(' picture "featuremedia"')
    assert image.headline == "Financial Markets"
    assert image.caption == (
        "Oil prices edged up on Monday, supported by the first fall in US drilling "
        "activity in month."
    )
    assert image.credits == [
        CreditRef(name="Bebeto Matthews", role=CREATOR, kind=PERSON),
        CreditRef(name="Australian Associated Press", role=PROVIDER, kind=AGENCY),
    ]
    # "original", 3489 x 2296, with its point of interest (2128, 1193).
    assert (
        image.missing_file
        == "http://localhost:5000/api/upload-raw/599e31ec1d41c833e0b8a830.jpg"
    )
    assert image.focal_x == pytest.approx(2128 / 3489)
    assert image.focal_y == pytest.approx(1193 / 2296)
    assert image.copyright_notice == "Copyright"
    assert image.restrictions == "WEDNESDAY, JULY 8, 2015, FILE PHOTO"
    assert image.usage_terms.startswith("The direct recipient must comply")


def test_superdesk_keywords_and_embedded_images():
    story = only_story(parse_file(SUPERDESK / "ninjs4.json"))
    assert story.headline == "China behauptet, einen Polizeihund geklont zu haben"
    assert "Polizeihund" in story.tags and "Ethik" in story.tags
    assert story.lead_image.credits == [
        CreditRef(name="ANTHONY WALLACE", role=CREATOR, kind=PERSON),
        CreditRef(name="AFP", role=PROVIDER, kind=AGENCY),
        CreditRef(name="Getty Images", role=PROVIDER, kind=AGENCY),
    ]


def test_superdesk_picture_on_its_own_is_skipped():
    [skipped] = parse_file(SUPERDESK / "ninjs6.json")
    assert skipped == Skipped(
        record='item 1 (guid "20170825001315282180")',
        reason="ninjs picture items are not stories",
    )


# The IPTC validation suite: never an exception but StoryError


VALIDATION_FILES = sorted(VALIDATION.rglob("*.json"))


@pytest.mark.parametrize(
    "path", VALIDATION_FILES, ids=lambda path: path.relative_to(VALIDATION).as_posix()
)
def test_validation_suite_files_never_crash(path):
    try:
        results = parse_file(path)
    except StoryError as error:
        assert str(error).startswith("not JSON:")
    else:
        assert all(
            isinstance(result, (Story, RecordError, Skipped)) for result in results
        )


def test_should_fail_files_that_are_still_stories():
    # An association without a name is not worth losing the story over.
    story = only_story(
        parse_file(VALIDATION / "2.1/should_fail/002_good_association_but_no_name.json")
    )
    assert story.headline == DELL
    assert not any(
        isinstance(result, Story)
        for result in parse_file(
            VALIDATION / "1.0/should_fail/001_no_uri_declared.json"
        )
    )


SHAPES = [42, -1.5, "x", "", [], {}, None, True, [1, "a", None, {}], {"a": {"b": 1}}]
SAMPLES = [
    EXAMPLES / "1.4/ninjsExComplex1.json",
    EXAMPLES / "guidelines-2.2/007_multimedia.json",
    EXAMPLES / "guidelines-3.1/007_multimedia.json",
    SUPERDESK / "ninjs2.json",
]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_any_field_of_any_shape_costs_the_record_at_most(path):
    """Every field, of the item and of its first association, replaced in turn
    by values of every JSON shape: a story, a record error or a skip, never an
    exception."""
    original = json.loads(path.read_text(encoding="utf-8"))
    targets = [[]]
    associations = original.get("associations")
    if isinstance(associations, dict):
        targets.append(["associations", next(iter(associations))])
    elif isinstance(associations, list):
        targets.append(["associations", 0])
    for target in targets:
        node = original
        for step in target:
            node = node[step]
        for key in list(node):
            for shape in SHAPES:
                document = copy.deepcopy(original)
                place = document
                for step in target:
                    place = place[step]
                place[key] = shape
                [result] = parse_document(document)
                assert isinstance(result, (Story, RecordError, Skipped))


# Fields the corpus does not show


def text_item(**fields: object) -> dict[str, object]:
    return {
        "uri": "urn:test:1",
        "type": "text",
        "headline": "H",
        "body_html": "<p>B</p>",
        **fields,
    }


@pytest.mark.parametrize(
    ("pubstatus", "status"),
    [
        ("usable", None),
        ("withheld", DRAFT),
        ("canceled", ARCHIVED),
        ("cancelled", ARCHIVED),
    ],
)
def test_pubstatus(pubstatus, status):
    assert only_story(parse_document(text_item(pubstatus=pubstatus))).status == status
    # ninjs 3.x spells it pubStatus.
    assert only_story(parse_document(text_item(pubStatus=pubstatus))).status == status


def test_unknown_pubstatus_is_not_public():
    story = only_story(parse_document(text_item(pubstatus="replaced")))
    assert story.status == DRAFT
    assert story.warnings == ['unknown pubstatus "replaced": imported as a draft']


def test_embargo_and_dates():
    story = only_story(
        parse_document(
            text_item(
                versioncreated="2024-03-02T10:00:00+01:00",
                firstcreated="Last Tuesday",
                embargoed="2024-03-05",
            )
        )
    )
    assert story.published_at == datetime(2024, 3, 2, 9, 0, tzinfo=UTC)
    assert story.embargo_until == datetime(2024, 3, 5, tzinfo=UTC)
    assert story.warnings == ["unreadable firstcreated 'Last Tuesday': ignored"]
    story = only_story(parse_document(text_item(embargoedUntil="2024-03-05T06:00:00Z")))
    assert story.embargo_until == datetime(2024, 3, 5, 6, 0, tzinfo=UTC)


def test_bylines():
    def authors(byline: str) -> list[tuple[str, str]]:
        story = only_story(parse_document(text_item(byline=byline)))
        return [(credit.name, credit.role) for credit in story.credits]

    assert authors("By Jane Roe and John Doe") == [
        ("Jane Roe", AUTHOR),
        ("John Doe", AUTHOR),
    ]
    assert authors("Jane Roe, Staff Reporter") == [("Jane Roe", AUTHOR)]
    assert authors("By Jane Roe. With files from Reuters") == [
        ("Jane Roe", AUTHOR),
        ("Reuters", CONTRIBUTOR),
    ]
    # Portuguese surnames joined by "e" are one name.
    assert authors("Maria da Silva e Sousa") == [("Maria da Silva e Sousa", AUTHOR)]


def test_people_marked_as_authors_are_credited():
    story = only_story(
        parse_document(
            text_item(
                people=[
                    {"name": "Jane Roe", "rel": "author"},
                    {"name": "Francesco Schettino", "rel": "about"},
                ]
            )
        )
    )
    assert story.credits == [CreditRef(name="Jane Roe", role=AUTHOR, kind=PERSON)]


def test_plain_text_body_paragraphs_and_html_headline():
    story = only_story(
        parse_document(
            {
                "uri": "urn:test:2",
                "headlines": [
                    {"role": "short", "value": "Short"},
                    {"role": "main", "value": "Fish &amp; <em>chips</em>"},
                ],
                "bodies": [
                    {
                        "contenttype": "text/plain",
                        "value": "One & two.\n\nThree <four>.",
                    }
                ],
            }
        )
    )
    assert story.headline == "Fish & chips"
    assert story.body_html == "<p>One &amp; two.</p>\n<p>Three &lt;four&gt;.</p>"


def test_an_array_of_items_goes_on_past_a_bad_one():
    first, bad, third = parse_document(
        [text_item(), "oops", text_item(uri="urn:test:3")]
    )
    assert first.record == 'item 1 (uri "urn:test:1")'
    assert bad == RecordError(
        record="item 2", message="not a ninjs object but a string"
    )
    assert third.source_id == "ninjs:urn:test:3"


def test_envelope_with_items():
    results = parse_document(
        {"total": 2, "items": [text_item(), text_item(uri="urn:test:2")]}
    )
    assert [story.source_id for story in results] == [
        "ninjs:urn:test:1",
        "ninjs:urn:test:2",
    ]


# Files that are not usable JSON


def test_integer_with_thousands_of_digits():
    data = b'{"uri": "x", "headline": "h", "n": 1' + b"0" * 5000 + b"}"
    with pytest.raises(
        StoryError, match=r"^not usable JSON: a number with 5001 digits"
    ):
        parse_bytes(data)


def test_invalid_utf_8():
    with pytest.raises(StoryError, match=r"^not UTF-8 JSON: byte 0xE9 at offset 17"):
        parse_bytes(b'{"headline": "caf\xe9"}')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"^not JSON: the file is empty"),
        (b"<html>Moved</html>", r"^not JSON: Expecting value at line 1, column 1"),
        (b'{"uri": "x",}', r"^not JSON: "),
        (
            b"[" * 100_000 + b"]" * 100_000,
            r"^not usable JSON: arrays or objects nested",
        ),
        (b'"just a string"', r"^not a ninjs document: the JSON is a string"),
        (b"42", r"^not a ninjs document: the JSON is a number"),
    ],
    ids=["empty", "html", "broken", "deep", "string", "number"],
)
def test_not_usable_json(data, message):
    with pytest.raises(StoryError, match=message):
        parse_bytes(data)


def test_byte_order_marks():
    document = json.dumps(text_item(headline="Größe"), ensure_ascii=False)
    for data in (
        codecs.BOM_UTF8 + document.encode("utf-8"),
        codecs.BOM_UTF16_LE + document.encode("utf-16-le"),
    ):
        assert only_story(parse_bytes(data)).headline == "Größe"


def test_too_large(monkeypatch):
    monkeypatch.setattr(ninjs, "MAX_NINJS_BYTES", 100)
    with pytest.raises(StoryError, match=r"^too large"):
        parse_document([text_item()] * 5)


# Our own export, read back


OUR_DOCUMENT = {
    "uri": "urn:newsroom-cms:article:42",
    "type": "composite",
    "representationType": "full",
    "profile": "text-photo",
    "version": "1717243200",
    "firstCreated": "2024-06-01T08:00:00Z",
    "versionCreated": "2024-06-01T12:00:00Z",
    "contentCreated": "2024-06-01T09:30:00Z",
    "pubStatus": "usable",
    "language": "en",
    "headlines": [{"role": "main", "value": "Council approves the new bridge"}],
    "descriptions": [
        {"role": "summary", "value": "Seven votes to two, after a long night."}
    ],
    "bodies": [
        {
            "role": "main",
            "contentType": "text/html",
            "value": "<p>The council voted <em>for</em> it.</p><p>Work starts in May.</p>",
        }
    ],
    "by": "Jane Roe and John Doe",
    "infoSources": [
        {"name": "Jane Roe", "role": "author"},
        {"name": "John Doe", "role": "author"},
        {"name": "Reuters", "role": "contributor"},
    ],
    "subjects": [
        {"name": "Local", "rel": "section", "literal": "local"},
        {"name": "Transport", "rel": "about", "literal": "transport"},
        {"name": "River Tam", "rel": "about", "literal": "river-tam"},
    ],
    "altIds": [{"role": "slug", "value": "council-approves-the-new-bridge"}],
    "edNote": "By Jane Roe and John Doe. With files from Reuters",
    "associations": [
        {
            "name": "lead-image",
            "rel": "leadImage",
            "uri": "urn:newsroom-cms:image:7",
            "type": "picture",
            "headlines": [{"value": "The bridge site"}],
            "descriptions": [
                {
                    "role": "caption",
                    "value": "The site of the bridge, from the east bank.",
                }
            ],
            "by": "Ann Lee",
            "infoSources": [
                {"name": "Ann Lee", "role": "creator"},
                {"name": "Reuters", "role": "distributor"},
            ],
            "copyrightNotice": "© 2024 Reuters",
            "usageTerms": "Editorial use only",
            "edNote": "No sales",
            "contentCreated": "2024-05-30T08:15:00Z",
            "renditions": [
                {
                    "name": "thumbnail-webp",
                    "href": "https://cms.example/media/renditions/7/thumbnail.webp",
                    "contentType": "image/webp",
                    "width": 320,
                    "height": 180,
                },
                {
                    "name": "large-jpeg",
                    "href": "https://cms.example/media/renditions/7/large.jpg",
                    "contentType": "image/jpeg",
                    "width": 1600,
                    "height": 900,
                },
            ],
        }
    ],
}


def lower_case_keys(value: object) -> object:
    """The same document spelled as ninjs 2.x spells its names."""
    if isinstance(value, dict):
        return {key.lower(): lower_case_keys(member) for key, member in value.items()}
    if isinstance(value, list):
        return [lower_case_keys(member) for member in value]
    return value


def test_our_document_uses_the_names_our_export_writes():
    source = Path(ninjs_export.__file__).read_text(encoding="utf-8")
    names = set(OUR_DOCUMENT) | set(OUR_DOCUMENT["associations"][0])
    names |= set(OUR_DOCUMENT["associations"][0]["renditions"][0])
    missing = sorted(name for name in names if f'"{name}"' not in source)
    assert missing == []


@pytest.mark.parametrize("spelling", ["3.x", "2.x"])
def test_our_own_export_reads_back(spelling):
    document = OUR_DOCUMENT if spelling == "3.x" else lower_case_keys(OUR_DOCUMENT)
    story = only_story(parse_document(document))
    assert story.source_id == "ninjs:urn:newsroom-cms:article:42"
    assert story.headline == "Council approves the new bridge"
    assert story.standfirst == "Seven votes to two, after a long night."
    assert story.body_html == OUR_DOCUMENT["bodies"][0]["value"]
    assert story.credits == [
        CreditRef(name="Jane Roe", role=AUTHOR),
        CreditRef(name="John Doe", role=AUTHOR),
        CreditRef(name="Reuters", role=CONTRIBUTOR),
    ]
    assert story.section == "Local"
    assert story.tags == ["Transport", "River Tam"]
    assert story.published_at == datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
    assert story.status is None
    assert story.warnings == []
    image = story.lead_image
    assert image.caption == "The site of the bridge, from the east bank."
    assert image.headline == "The bridge site"
    assert image.credits == [
        CreditRef(name="Ann Lee", role=CREATOR),
        CreditRef(name="Reuters", role=DISTRIBUTOR),
    ]
    assert image.copyright_notice == "© 2024 Reuters"
    assert image.usage_terms == "Editorial use only"
    assert image.restrictions == "No sales"
    assert image.date_created == datetime(2024, 5, 30, 8, 15, tzinfo=UTC)
    assert image.missing_file == "https://cms.example/media/renditions/7/large.jpg"


def test_our_export_without_credits_reads_its_byline():
    document = copy.deepcopy(OUR_DOCUMENT)
    del document["infoSources"]
    document["by"] = "Jane Roe, John Doe and Ann Lee"
    story = only_story(parse_document(document))
    assert [credit.name for credit in story.credits] == [
        "Jane Roe",
        "John Doe",
        "Ann Lee",
    ]
