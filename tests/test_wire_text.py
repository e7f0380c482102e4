"""IPTC 7901 and ANPA 1312 wire texts (issue 19): the shared corpus's dpa
and AP messages import with the values they state; character sets are
decoded exactly as declared (or as the standard says) and bytes that do not
decode refuse the file, named; control characters are structure, never text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from articles.interchange.formats import detect
from articles.interchange.story import (
    AGENCY,
    AUTHOR,
    PERSON,
    CreditRef,
    Story,
    StoryError,
)
from articles.interchange.wire_text_reader import parse_wire_text
from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_failing_import, run_import

SUPERDESK = CORPUS / "agency-other" / "superdesk"
DPA = CreditRef(name="Deutsche Presse-Agentur", role=AUTHOR, kind=AGENCY)
COALITION = "Germany Social Democrats: Coalition talks with Merkel could fail"
YEMEN = "Peace talks on Yemen to take place in Sweden next month, Mattis says"
MIRRORS = "For Argentine chemo patients, mirrors can hurt"
# Anything a control character could leave behind.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def parse(path) -> Story:
    with path.open("rb") as stream:
        [story] = parse_wire_text(stream, path.name)
    return story


def paragraphs(html: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", html)


def facts(story: Story) -> dict:
    return {
        "source_id": story.source_id,
        "headline": story.headline,
        "published_at": story.published_at,
        "urgency": story.urgency,
        "slugline": story.slugline,
        "dateline": story.dateline,
        "signals": story.signals,
        "credits": story.credits,
        "warnings": story.warnings,
    }


def person(name: str, affiliation: str) -> CreditRef:
    credit = CreditRef(name=name, role=AUTHOR, kind=PERSON)
    credit.affiliation = affiliation
    return credit


# The corpus's messages, as they state them


def test_dpa_iptc_7901_message():
    story = parse(SUPERDESK / "IPTC7901.txt")

    assert facts(story) == {
        "source_id": "iptc7901:eca062@201311131137",
        "headline": COALITION,
        "published_at": datetime(2013, 11, 13, 11, 37, tzinfo=UTC),
        "urgency": 4,
        "slugline": "Germany-politics",
        "dateline": "Berlin (dpa)",
        "signals": [],
        "credits": [DPA],
        "warnings": [],
    }
    found = paragraphs(story.body_html)
    assert len(found) == 5
    assert found[0] == (
        "Berlin (dpa) - Negotiations between German conservatives headed by "
        "Chancellor Angela Merkel and the left-leaning Social Democrats (SPD) on "
        "forming a coalition government could fail, a senior SPD member warned "
        "Wednesday."
    )
    assert found[-1].endswith("sworn in for a third term before Christmas.")
    # The notebook's heading, the separator and what is not for publication.
    assert "NOTEBOOK" not in story.body_html
    assert "Wolfgang Schmidt" not in story.body_html


def test_dpa_extra_with_a_two_line_header():
    story = parse(SUPERDESK / "dpa_two_line.txt")

    assert facts(story) == {
        "source_id": "iptc7901:eca0124@201811212101",
        "headline": YEMEN,
        "published_at": datetime(2018, 11, 21, 21, 1, tzinfo=UTC),
        "urgency": 3,
        "slugline": "Yemen/conflict",
        "dateline": "Washington (dpa)",
        "signals": ["extra"],
        "credits": [DPA],
        "warnings": [],
    }
    assert paragraphs(story.body_html)[-4:] == [
        "# Notebook",
        "## Internet links",
        "- [DOD news](http://dpaq.de/3UXnb)",
        "dpa grj rmo",
    ]


def test_ap_anpa_1312_message():
    story = parse(SUPERDESK / "anpa-1.tst")

    assert facts(story) == {
        "source_id": "anpa:W2870@201311131509",
        "headline": MIRRORS,
        "published_at": datetime(2013, 11, 13, 15, 9, tzinfo=UTC),
        "urgency": 1,  # priority code f: flash
        "slugline": "Argentina-Cancer Beauty",
        "dateline": "BUENOS AIRES, Argentina (AP)",
        "signals": [],
        "credits": [
            person("PAUL BYRNE", "Associated Press"),
            person("ALMUDENA CALATRAVA", "Associated Press"),
        ],
        "warnings": [],
    }
    found = paragraphs(story.body_html)
    assert len(found) == 15
    assert found[0].startswith(
        "BUENOS AIRES, Argentina (AP) — For cancer patients dealing with"
    )
    assert found[1].startswith("“Look Good Feel Better” is a program")
    assert (
        found[-1]
        == "APTN contributor Kacey Cherry in Buenos Aires helped with this story."
    )
    # Notes to editors are not the story's text.
    assert "AP Photo XNP101" not in story.body_html
    assert "Eds:" not in story.body_html


@pytest.mark.parametrize("name", ["IPTC7901.txt", "dpa_two_line.txt", "anpa-1.tst"])
def test_no_control_character_reaches_the_text(name):
    story = parse(SUPERDESK / name)

    for text in (story.headline, story.body_html, story.slugline, story.dateline):
        assert not CONTROL.search(text)


def test_wire_texts_are_found_by_their_content():
    for name in ("IPTC7901.txt", "dpa_two_line.txt", "anpa-1.tst"):
        path = SUPERDESK / name
        assert detect(path, path.read_bytes()[:65536]) == "wire"


def test_the_command_imports_them_and_again_changes_nothing(db):
    files = [
        SUPERDESK / name for name in ("IPTC7901.txt", "dpa_two_line.txt", "anpa-1.tst")
    ]

    first, _ = run_import(*files)
    again, _ = run_import(*files, format="wire")

    assert first == "3 files: 3 created, 0 updated, 0 unchanged, 0 failed\n"
    assert again == "3 files: 0 created, 0 updated, 3 unchanged, 0 failed\n"
    story = Article.objects.get(source_id="anpa:W2870@201311131509")
    assert (story.headline, story.published_at) == (
        MIRRORS,
        datetime(2013, 11, 13, 15, 9, tzinfo=UTC),
    )
    assert list(
        story.credits.order_by("position").values_list("contributor__name", flat=True)
    ) == ["PAUL BYRNE", "ALMUDENA CALATRAVA"]
    dpa = Article.objects.get(source_id="iptc7901:eca062@201311131137")
    assert dpa.body.startswith("<p>Berlin (dpa) - Negotiations between")


def test_nitf_given_as_a_wire_text_is_told_its_format(db):
    path = SUPERDESK / "aap.xml"

    stdout, stderr, error = run_failing_import(path, format="wire")

    assert stderr == (
        f"{path}: XML with root `nitf` (NITF), not an IPTC 7901 or ANPA 1312 wire "
        "text: import it with --format nitf (or auto)\n"
    )


# Character sets and structure, in messages made here


def iptc7901(headline: bytes, text: bytes = b"Zurich (dpa) - Text.", head=b"") -> bytes:
    return (
        b"\x01eca101 4 i 20  dpa 001\r\n" + head + b"\r\nSlug/\r\n\x02" + headline
        + b" =\r\n\r\n" + text + b"\r\n\r\n\x03071200 GMT Dec 26\r\n\x04"
    )  # fmt: skip


def anpa(text: bytes) -> bytes:
    return (
        b"\x16\x16\x01a1234\x1fsel\nr a\x13\x11 BC-Slug  12-07 0100\n\x02"
        b"^BC-AS--Slug,10<\n^Headline<\n\t   " + text + b"\n\t   \x03AP-WF-12-07-26 1200GMT<\n\x04"
    )  # fmt: skip


def refusal(data: bytes, tmp_path) -> str:
    path = tmp_path / "message.txt"
    path.write_bytes(data)
    with pytest.raises(StoryError) as error:
        parse(path)
    return str(error.value)


def story_of(data: bytes, tmp_path) -> Story:
    path = tmp_path / "message.txt"
    path.write_bytes(data)
    return parse(path)


def test_iptc_7901_is_latin_1_unless_it_declares_otherwise(tmp_path):
    latin = story_of(iptc7901(b"Z\xfcrich votes"), tmp_path)
    utf8 = story_of(iptc7901(b"Z\xc3\xbcrich votes", head=b"\x1b%G"), tmp_path)

    assert latin.headline == utf8.headline == "Zürich votes"
    assert latin.source_id == "iptc7901:eca101@202612071200"
    assert latin.urgency == 4


def test_windows_1252_quotes_are_no_latin_1(tmp_path):
    message = refusal(iptc7901(b"\x93Quoted\x94"), tmp_path)

    assert message == (
        "byte 0x93 at offset 35 is a control code, not a character, in ISO 8859-1 "
        "(the character set IPTC 7901 texts use when they declare none)"
    )


def test_bytes_that_are_not_the_declared_utf_8_refuse_the_file(tmp_path):
    message = refusal(iptc7901(b"Z\xfcrich", head=b"\x1b%G"), tmp_path)

    assert message == "byte 0xfc at offset 39 is not UTF-8 (as declared)"


def test_anpa_is_ascii_unless_it_declares_otherwise(tmp_path):
    message = refusal(anpa(b"Caf\xe9 opens."), tmp_path)

    assert message == (
        "byte 0xe9 at offset 75 is not ASCII (the character set ANPA 1312 texts "
        "use when they declare none)"
    )


def test_an_unknown_character_set_is_refused_by_name(tmp_path):
    message = refusal(iptc7901(b"Votes", head=b"\x1b$B"), tmp_path)

    assert message == (
        "an escape sequence at byte 25 (b'\\x1b$B') declares a character set this "
        "reader does not know; it reads UTF-8, ISO 8859-1 and ASCII"
    )


def test_control_characters_in_a_headline_are_structure_not_text(tmp_path):
    story = story_of(iptc7901(b"Dam\x07 opens\x7f now"), tmp_path)

    assert story.headline == "Dam opens now"


def test_a_message_without_its_end_of_text_is_refused(tmp_path):
    data = iptc7901(b"Dam opens").replace(b"\x03", b"")

    assert refusal(data, tmp_path) == (
        "not a story: the IPTC 7901 message has no end of text (no ETX)"
    )


def test_a_message_without_a_date_is_identified_by_its_number_and_warned(tmp_path):
    data = iptc7901(b"Dam opens").replace(b"071200 GMT Dec 26", b"")

    story = story_of(data, tmp_path)

    assert (story.source_id, story.published_at) == ("iptc7901:eca101", None)
    assert story.warnings == [
        "no date in the message: identified by its number eca101 alone, which "
        "the agency reuses; a later message with that number will update this story"
    ]


def test_anpa_priority_codes_map_onto_iptc_urgency(tmp_path):
    routine = story_of(anpa(b"Text."), tmp_path)
    unknown = story_of(anpa(b"Text.").replace(b"r a\x13", b"q a\x13"), tmp_path)

    assert (routine.urgency, routine.warnings) == (5, [])
    assert (unknown.urgency, unknown.warnings) == (
        None,
        ['unknown priority code "q": no urgency'],
    )
    assert routine.source_id == "anpa:a1234@202612071200"


def test_a_short_anpa_message_is_found_by_its_content(tmp_path):
    # A few lines of text among its header's control characters: more than
    # one byte in twenty is a control character, which binary files have.
    message = anpa(b"Text.")
    controls = sum(1 for byte in message if byte < 32 and byte not in b"\t\n\r")
    assert controls > len(message) * 0.05
    path = tmp_path / "short.tst"
    path.write_bytes(message)

    assert detect(path, message) == "wire"
