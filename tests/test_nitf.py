"""NITF 3.x (issue 19): every NITF file of the shared corpus's agency-other
folder imports with the values it states, or is refused with a named
reason; every other file there is imported by its own reader or refused,
named. Real files, read in place (made-up documents and hostile files:
test_nitf_rules.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.interchange.formats import READ_LIST, detect
from articles.interchange.nitf_reader import parse_nitf
from articles.interchange.story import (
    AUTHOR,
    PERSON,
    CreditRef,
    Story,
    StoryError,
    TagRef,
)
from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_failing_import, run_import

SUPERDESK = CORPUS / "agency-other" / "superdesk"
NOT_READ = "which this command does not read; " + READ_LIST
SUBJECT = "http://cv.iptc.org/newscodes/subjectcode/"
NO_ID = (
    "no docdata/du-key@key or doc-id@id-string: an NITF story without its "
    "identifier could not be found again by a later import"
)
RIDEAU = "Man accused of ramming gate at Rideau Hall with truck faces multiple charges"
FAKTISK = (
    "Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030"
)


def parse(name: str) -> Story:
    with (SUPERDESK / name).open("rb") as stream:
        [story] = parse_nitf(stream, name)
    return story


def blocks(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<(p|h2|ul)>(.*?)</\1>", html)


def author(name: str, affiliation: str = "", kind: str = PERSON) -> CreditRef:
    credit = CreditRef(name=name, role=AUTHOR, kind=kind)
    credit.affiliation = affiliation
    return credit


def facts(story: Story) -> dict:
    return {
        "source_id": story.source_id,
        "headline": story.headline,
        "standfirst": story.standfirst,
        "published_at": story.published_at,
        "embargo_until": story.embargo_until,
        "status": story.status,
        "version": story.version,
        "urgency": story.urgency,
        "slugline": story.slugline,
        "dateline": story.dateline,
        "signals": story.signals,
    }


# Each file, as it states it


def test_efe_nitf_32():
    story = parse("efe_nitf.xml")

    assert facts(story) == {
        "source_id": "nitf:22751909",
        "headline": "Honduran president announces Cabinet changes",
        "standfirst": "Test Abstract",
        "published_at": datetime(2017, 1, 2, 22, 28, tzinfo=UTC),
        "embargo_until": None,
        "status": None,
        "version": None,
        "urgency": 5,
        "slugline": "HONDURAS GOVERNMENT",
        "dateline": "",  # only the story.date, which is no place
        "signals": [],
    }
    assert story.body_html == "<p>Tegucigalpa, Jan 2 (EFE).- Test body.</p>"
    # The IPTC subject with its scheme; EFE's own code has none.
    assert story.tags == [
        TagRef(name="Executive (government)", uri=SUBJECT + "11006005")
    ]
    assert story.credits == []
    assert story.warnings == ['byline "gr/bp" names no one: no credit']


def test_aap_nitf_without_doctype():
    story = parse("aap.xml")

    sydney = timezone(timedelta(hours=11))
    assert facts(story) == {
        "source_id": "nitf:AAP.115314987.5417374",
        "headline": "The main stories on today's 1900 ABC TV news",
        "standfirst": "",  # the abstract only repeats the headline
        "published_at": datetime(2013, 10, 20, 19, 27, 51, tzinfo=sydney),
        "embargo_until": datetime(2013, 10, 20, 19, 27, 51, tzinfo=sydney),
        "status": None,
        "version": None,
        "urgency": 5,
        "slugline": "",
        "dateline": "Sydney",
        "signals": [],
    }
    assert story.tags == [
        TagRef(name="law enforcement", uri=SUBJECT + "02003001"),
        TagRef(name="investigation", uri=SUBJECT + "02003002"),
    ]
    assert story.credits == [author("John Doe")]
    assert story.warnings == [
        "date.expire 2013-11-19T08:27:51+00:00 not applied: stories here do not "
        "expire; take it down by hand if the agency requires it"
    ]
    found = blocks(story.body_html)
    assert len(found) == 13  # the empty <p/>s are gone
    assert found[0] == ("p", "The main stories on ABC television's 1900 news:")
    assert found[1][1].startswith(
        "1A) More extreme weather forecast over the next few days the <br>fire "
    )
    assert found[-1] == ("p", "AAP RTV ar")


def test_pa_nitf_31_in_latin_1():
    story = parse("pa1.xml")

    assert facts(story) == {
        "source_id": "nitf:PA-SSS-SPORT-Trivia(Oct14)",
        "headline": "PA SPORT TRIVIA (OCTOBER 14)",
        "standfirst": "ON THIS DAY IN SPORT",
        "published_at": datetime(2015, 10, 14, 3, 30, 1, tzinfo=UTC),
        "embargo_until": None,
        "status": None,
        "version": None,
        "urgency": 4,
        "slugline": "Trivia (Oct 14)",
        "dateline": "",
        "signals": [],
    }
    assert story.tags == [] and story.credits == []
    assert story.warnings == [
        "IPTC subject codes without a name are not tags: 04011002, 10000000, "
        "15000000, 15054000"
    ]
    found = blocks(story.body_html)
    assert len(found) == 43
    # NITF's markup of meaning (person, org, location) keeps its words only.
    assert found[2] == (
        "p",
        "1996: Mark Bosnich, then of Aston Villa, was charged with misconduct by "
        "the Football Association after his Basil Fawlty impersonation at "
        "Tottenham, which had angered Spurs' Jewish following. The Australian "
        "claimed he had not realised his Nazi-style salute had been offensive.",
    )
    assert found[-1] == ("p", "ends")


def test_ntb_nitf_36_with_a_version_and_no_zone():
    story = parse("nitf-ntb.xml")

    assert facts(story) == {
        "source_id": "nitf:faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c",
        "headline": FAKTISK,
        "standfirst": "",
        "published_at": datetime(2020, 9, 7, 14, 45, 26, tzinfo=UTC),
        "embargo_until": None,
        "status": None,
        "version": 48,
        "urgency": 5,
        "slugline": "",
        "dateline": "Oslo",
        "signals": [],
    }
    assert story.credits == [author("Geir Molnes", "Faktisk.no")]
    assert story.warnings == [
        "1 media in the body not imported: NITF carries no photo file",
        'date.issue "2020-09-07T14:45:26" has no time zone: read as UTC',
    ]
    found = blocks(story.body_html)
    assert len(found) == 51
    assert [text for tag, text in found if tag == "h2"][:2] == [
        "Påstand",
        "Konklusjon: Faktisk helt feil",
    ]
    assert "<li>Én global verdensregjering</li>" in story.body_html
    assert (
        '<p>BILDE: <a href="http://res.cloudinary.com/faktisk/image/upload/'
        's--9bTiQh1t--/w_1200/grslmogu1j3l6vfenevp.jpg">Dette dokumentet skal '
        "angivelig vise målene bak FNs Agenda 21 og Agenda 2030.</a></p>"
    ) in story.body_html
    # Markup written as text stays text.
    assert found[-1][1].startswith("&lt;div class=")
    assert "<script" not in story.body_html


def test_canadian_press_nitf_with_invalid_fields():
    story = parse("handle_invalid_fields.xml")

    assert facts(story) == {
        "source_id": "nitf:eed713d46d74499d86b3250fa47b341b",
        "headline": RIDEAU,
        "standfirst": "",  # the abstract holds media metadata, no words
        "published_at": datetime(2020, 7, 3, 20, 51, 36, tzinfo=UTC),
        "embargo_until": None,
        "status": None,
        "version": None,
        "urgency": 2,  # misplaced in head, read anyway
        "slugline": "",
        "dateline": "Ottawa, Ontario, Canada",
        "signals": [],
    }
    assert story.tags == [
        TagRef(name="National"),
        TagRef(name="Justice"),
        TagRef(name="Politics"),
    ]
    assert story.credits == [
        author("Mia Rabson", "The Canadian Press"),
        author("Jordan Press", "The Canadian Press"),
    ]
    assert story.warnings == [
        'unreadable date.release "YYYYMMDD000000-HHMM": ignored',
        'unreadable date.expire "YYYYMMDD000000-HHMM": ignored',
    ]
    found = blocks(story.body_html)
    assert len(found) == 27
    assert found[-1] == (
        "p",
        "This report by The Canadian Press was first published July 3, 2020.",
    )


def test_ap_nitf_without_an_identifier_is_refused():
    with pytest.raises(StoryError) as error:
        parse("ap-nitf.xml")

    assert str(error.value) == NO_ID


# The command, on the whole folder


# Every file of agency-other, and what becomes of it under --format auto.
OUTCOMES = {
    "IPTC7901.txt": "created",
    "aap.xml": "created",
    "afp.xml": f"XML with root `NewsML` (NewsML 1.x), {NOT_READ}",
    "anpa-1.tst": "created",
    "ap-nitf.xml": NO_ID,
    "ap_media_item.json": "skipped",  # AP's own JSON: no ninjs story in it
    "dpa_two_line.txt": "created",
    "efe_nitf.xml": "created",
    "handle_invalid_fields.xml": "created",
    "nitf-ntb.xml": "created",
    "pa1.xml": "created",
    "ritzau_news.xml": f"XML with root `RBNews`, {NOT_READ}",
}


def test_every_agency_file_imports_or_is_refused_by_name(db):
    files = sorted(SUPERDESK.iterdir())
    assert [path.name for path in files] == sorted(OUTCOMES)

    stdout, stderr, error = run_failing_import(*files)

    assert stdout == (
        "12 files: 8 created, 0 updated, 0 unchanged, 3 failed, 1 skipped; "
        # One of them: NTB's Norwegian (nb-NO) is kept as "nb".
        "8 warnings (shown with -v 2 or --errors FILE)\n"
    )
    refused = {
        name: message
        for name, message in OUTCOMES.items()
        if message not in ("created", "skipped")
    }
    assert sorted(stderr.splitlines()) == sorted(
        f"{SUPERDESK / name}: {message}" for name, message in refused.items()
    )
    assert Article.objects.count() == 8
    # Only NTB's and EFE's files state a language (nb-NO, en-US).
    assert sorted(Article.objects.values_list("language", flat=True)) == [
        *["en"] * 7,
        "nb",
    ]


def test_nitf_files_are_found_by_their_content():
    for name in ("aap.xml", "efe_nitf.xml", "nitf-ntb.xml", "pa1.xml"):
        path = SUPERDESK / name
        assert detect(path, path.read_bytes()[:65536]) == "nitf"


def test_imported_nitf_stories_keep_what_the_files_state(db):
    run_import(SUPERDESK / "handle_invalid_fields.xml", SUPERDESK / "aap.xml")

    rideau = Article.objects.get(source_id="nitf:eed713d46d74499d86b3250fa47b341b")
    assert (rideau.headline, rideau.published_at, rideau.embargo_until) == (
        RIDEAU,
        datetime(2020, 7, 3, 20, 51, 36, tzinfo=UTC),
        None,
    )
    assert sorted(rideau.tags.values_list("name", flat=True)) == [
        "Justice",
        "National",
        "Politics",
    ]
    assert list(
        rideau.credits.order_by("position").values_list("contributor__name", "role")
    ) == [("Mia Rabson", AUTHOR), ("Jordan Press", AUTHOR)]
    assert rideau.body.startswith(
        "<p>OTTAWA - A Manitoba man is facing 22 criminal charges after allegedly"
    )
    aap = Article.objects.get(source_id="nitf:AAP.115314987.5417374")
    assert aap.embargo_until == datetime(2013, 10, 20, 8, 27, 51, tzinfo=UTC)


def test_importing_an_nitf_file_again_changes_nothing(db):
    run_import(SUPERDESK / "pa1.xml")

    stdout, stderr = run_import(SUPERDESK / "pa1.xml", format="nitf")

    assert stdout.startswith("1 file: 0 created, 0 updated, 1 unchanged, 0 failed")
    assert Article.objects.count() == 1
