"""The RSS/Atom parser: feeds from the shared corpus and small hand-made ones
into `Story` objects. Parsing only, no database."""

from __future__ import annotations

import codecs
import io
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.interchange import feed_reader as feeds
from articles.interchange.feed_reader import parse_feed
from articles.interchange.story import (
    AUTHOR,
    CREATOR,
    DISTRIBUTOR,
    PERSON,
    CreditRef,
    RecordError,
    Story,
    StoryError,
)
from tests.helpers.corpus import CORPUS, HARMLESS_XML, HOSTILE_XML

FEEDS = CORPUS / "feeds"
REAL = FEEDS / "real-feeds"
FEEDPARSER = FEEDS / "feedparser"

GUARDIAN_FIRST_ID = (
    "https://www.theguardian.com/us-news/2018/jan/31/"
    "donald-trump-state-of-the-union-address-unity-discord"
)
GUARDIAN_FIRST_IMAGE = (
    "https://i.guim.co.uk/img/media/b73c8752cd4667c923dff7f1542f1fb20089e421/"
    "0_108_3000_1799/master/3000.jpg?w=460&q=55&auto=format&usm=12&fit=max"
    "&s=a606a273a90104e57b1e09bc4c0a1e11"
)


def parse_bytes(data: bytes) -> list:
    return list(parse_feed(io.BytesIO(data), "test.xml"))


def parse_file(path: Path) -> list:
    with path.open("rb") as stream:
        return list(parse_feed(stream, path.name))


def stories(results: list) -> list[Story]:
    assert all(isinstance(result, Story) for result in results), results
    return results


def with_entry_id(path: Path) -> bytes:
    """A feedparser test file whose (single) entry gets the id it lacks, and
    a title when it has none: what makes it a story."""
    data = path.read_bytes()
    assert data.count(b"<entry>") == 1
    added = b"<id>urn:test:entry</id>"
    if b"<title" not in data.partition(b"<entry>")[2]:
        added += b"<title>Added title</title>"
    return data.replace(b"<entry>", b"<entry>" + added)


def rss(items: str, namespaces: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" {namespaces}>'
        f"<channel><title>Test</title>{items}</channel></rss>"
    ).encode()


# Real feeds


def test_guardian_rss_every_item_with_its_photo():
    results = stories(parse_file(REAL / "guardian.rss"))
    assert len(results) == 55
    first = results[0]
    assert first.source_id == f"feed:{GUARDIAN_FIRST_ID}"
    assert first.record == f'entry 1 (id "{GUARDIAN_FIRST_ID}")'
    assert first.headline == (
        "Trump State of the Union address promised unity but emphasized discord"
    )
    assert first.credits == [
        CreditRef(name="David Smith in Washington", role=AUTHOR, kind=PERSON)
    ]
    assert first.published_at == datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC)
    assert first.tags[:3] == ["Donald Trump", "State of the Union address", "US news"]
    assert first.body_html.startswith("<p>The president’s ‘new American moment’")
    assert first.standfirst == ""  # the description is the body: nothing separate
    assert first.status is None
    image = first.lead_image
    # Two sizes offered (140 and 460 wide): the wider; the label is dropped.
    assert image.missing_file == GUARDIAN_FIRST_IMAGE
    assert image.credits == [
        CreditRef(name="Networ/Sipa USA/REX/Shutterstock", role=CREATOR)
    ]
    assert image.caption == ""  # the Guardian sends no media:description
    assert image.file_path is None
    assert all(story.lead_image is not None for story in results)
    assert results[4].lead_image.credits == [CreditRef(name="AP", role=CREATOR)]


def test_heise_atom_german_text_and_html_content():
    results = stories(parse_file(REAL / "heise.atom"))
    assert len(results) == 15
    first = results[0]
    assert first.source_id == "feed:http://heise.de/-3088438"
    assert first.headline == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert "<p>Die nun verfügbare Version 10 des Enterprise-Java-Servers" in (
        first.body_html
    )
    # The summary repeats the content's paragraph: not a standfirst of its own.
    assert first.standfirst == ""
    assert first.published_at == datetime(2016, 2, 1, 16, 22, tzinfo=UTC)


def test_rss_1_rdf_feed():
    results = stories(parse_file(REAL / "rss-1.rss"))
    assert len(results) == 69
    first = results[0]
    assert first.headline == "Food for fungi"
    # "Surname, Initials" is one author, not two.
    assert first.credits == [CreditRef(name="Hines, P. J.", role=AUTHOR, kind=PERSON)]
    assert first.tags == ["Botany, Microbiology"]
    assert first.published_at == datetime(2017, 6, 15, 17, 29, 47, tzinfo=UTC)
    # The feed's descriptions are empty CDATA: headlines only, said so.
    assert first.body_html == ""
    assert first.warnings == ["the entry has no content or summary: a headline only"]


def test_latin_1_feed_keeps_its_accents():
    results = stories(parse_file(REAL / "encoding.rss"))
    assert len(results) == 40
    assert results[0].headline == "Mãe de utente é a nova presidente da Raríssimas"
    assert results[1].headline == "Reações dos partidos ao veto de Marcelo"
    assert results[0].body_html.startswith("Sónia Laygue, profissional na área")


def test_feedburner_atom():
    results = stories(parse_file(REAL / "feedburner.atom"))
    assert len(results) == 25
    first = results[0]
    assert (
        first.headline
        == "AdWords and DFP Java client library will soon require Java 7+"
    )
    assert first.source_id == (
        "feed:tag:blogger.com,1999:blog-7815614485808579332.post-8394866751819460570"
    )
    assert first.credits == [
        CreditRef(name="Google Ads Developer Advisor", role=AUTHOR, kind=PERSON)
    ]
    assert first.tags == ["adwords_api", "client_libraries", "dfp_api"]
    assert "<b>November 2016</b>" in first.body_html


def test_format_is_sniffed_not_taken_from_the_extension():
    # reddit-home.rss is Atom.
    results = stories(parse_file(REAL / "reddit-home.rss"))
    assert len(results) == 24
    assert results[0].headline == "How the British as seen by Americans and Europeans"
    assert results[0].credits == [
        CreditRef(name="/u/AngryRedditorsBelow", role=AUTHOR, kind=PERSON)
    ]
    assert results[0].tags == ["funny"]


def test_entity_escaped_html_content():
    [story] = stories(parse_file(REAL / "instant-article.rss"))
    assert story.headline == "My first Instant Article"
    assert story.body_html == "<b>Lorem</b> ipsum"
    assert story.standfirst == ""  # "Lorem ipsum" again
    assert story.credits == [CreditRef(name="tobi", role=AUTHOR, kind=PERSON)]
    assert story.published_at == datetime(2016, 5, 4, 6, 53, 45, tzinfo=UTC)


def test_entry_without_id_or_title_is_a_record_error():
    [error] = parse_file(REAL / "incomplete-fields.atom")
    assert isinstance(error, RecordError)
    assert error.record == "entry 1"
    assert error.message.startswith("no id:")


def test_ill_formed_feed_imports_what_feedparser_recovers():
    results = stories(parse_file(REAL / "itunes-missing-image.rss"))
    assert len(results) == 131
    assert results[0].headline == "Taverncast 62 - Temporal Anomaly"
    assert results[-1].headline == "Taverncast 1: Welcome to the Bar"
    assert "Society & Culture" in results[0].tags  # not "&amp;"


def test_padded_cdata_titles_are_trimmed():
    results = stories(parse_file(REAL / "customfields.rss"))
    assert len(results) == 15
    assert results[0].headline == (
        "ISUZU launches the ‘mu-X’ premium full-size 7 seater SUV in Bengaluru"
    )


@pytest.mark.parametrize(
    "data",
    [
        (REAL / "unrecognized.rss").read_bytes(),
        (FEEDPARSER / "illformed" / "rss_empty_document.xml").read_bytes(),
        b"",
        b"   \n",
        b'{"version": "https://jsonfeed.org/version/1", "items": []}',
        # Handed to feedparser as bytes, this would be opened as a file name.
        b"/etc/passwd",
    ],
    ids=["html-page", "empty-document", "empty", "blank", "json", "file-name"],
)
def test_not_a_feed(data):
    with pytest.raises(StoryError, match=r"^not an RSS or Atom feed"):
        parse_bytes(data)


def test_broken_feed_with_nothing_recovered_says_so():
    with pytest.raises(StoryError, match=r"^the feed is broken .*unclosed token"):
        parse_file(FEEDPARSER / "illformed" / "aaa_illformed.xml")


def test_feed_without_entries_is_empty_not_an_error():
    assert parse_file(FEEDPARSER / "wellformed" / "rss" / "rss_version_20.xml") == []
    # A wrong encoding declaration feedparser reads past.
    assert parse_file(FEEDPARSER / "encoding" / "bozo_bogus_encoding.xml") == []


def test_too_large(monkeypatch):
    monkeypatch.setattr(feeds, "MAX_FEED_BYTES", 1000)
    with pytest.raises(StoryError, match=r"^too large"):
        parse_bytes(rss("<item><title>x</title><guid>g</guid></item>" * 50))


# feedparser's own test files


ATOM10 = sorted((FEEDPARSER / "wellformed" / "atom10").glob("*.xml"))
MEDIA_RSS = sorted((FEEDPARSER / "wellformed" / "media-rss").glob("*.xml"))
EVERY_FEEDPARSER_FILE = sorted(FEEDPARSER.rglob("*.xml"))


@pytest.mark.parametrize("path", EVERY_FEEDPARSER_FILE, ids=lambda path: path.name)
def test_every_feedparser_file_parses_or_is_refused_cleanly(path):
    try:
        results = parse_file(path)
    except StoryError as error:
        assert "\n" not in str(error)
    else:
        assert all(isinstance(result, (Story, RecordError)) for result in results)


@pytest.mark.parametrize("path", ATOM10 + MEDIA_RSS, ids=lambda path: path.name)
def test_feedparser_entries_without_ids_are_record_errors(path):
    for result in parse_file(path):
        assert isinstance(result, RecordError)
        assert result.message.startswith("no id:")


def atom10_story(name: str) -> Story:
    [story] = stories(
        parse_bytes(with_entry_id(FEEDPARSER / "wellformed" / "atom10" / name))
    )
    return story


def test_escaped_markup_in_an_atom_title_becomes_plain_text():
    story = atom10_story("entry_title_escaped_markup.xml")
    assert story.headline == "Example Atom"
    assert story.source_id == "feed:urn:test:entry"


def test_atom_entry_with_several_authors():
    story = atom10_story("entry_authors_name.xml")
    assert story.credits == [
        CreditRef(name="one", role=AUTHOR, kind=PERSON),
        CreditRef(name="two", role=AUTHOR, kind=PERSON),
    ]


def test_atom_category_term_non_ascii():
    assert atom10_story("entry_category_term_non_ascii.xml").tags == ["Freiräume"]


def test_atom_inline_xhtml_content():
    assert atom10_story("entry_content_inline_markup.xml").body_html == (
        "Example <b>Atom</b>"
    )


def test_atom_base64_content_not_declared_html_stays_text():
    # type="application/octet-stream": its markup is shown, never run.
    assert atom10_story("entry_content_base64.xml").body_html == (
        "<p>Example &lt;b&gt;Atom&lt;/b&gt;</p>"
    )


def test_atom_enclosure_that_is_not_an_image_is_no_lead_image():
    assert atom10_story("entry_link_rel_enclosure.xml").lead_image is None


def test_media_rss_thumbnail_is_the_lead_image():
    [story] = stories(parse_bytes(with_entry_id(MEDIA_RSS[1])))
    assert MEDIA_RSS[1].name == "media_thumbnail.xml"
    assert story.headline == "Example Atom"
    assert story.lead_image.missing_file == "http://example.com/thumbnail.jpg"


def test_media_rss_group_caption_is_not_taken_for_the_summary():
    [story] = stories(parse_bytes(with_entry_id(MEDIA_RSS[0])))
    assert MEDIA_RSS[0].name == "media_group.xml"
    # feedparser files the group's media:description as the entry's summary;
    # it is the (absent) photo's caption, not the story's text.
    assert story.body_html == ""
    assert story.lead_image is None


# Hand-made feeds: what the corpus does not show


PHOTO = (
    '<media:content url="http://example.com/photo.jpg" type="image/jpeg" width="800">'
    "<media:title>Photo title</media:title>"
    "<media:description>The photo&#8217;s caption</media:description>"
    '<media:credit role="photographer">Photograph: Jane Doe</media:credit>'
    "</media:content>"
)


@pytest.mark.parametrize(
    "photo_first", [True, False], ids=["photo-first", "photo-last"]
)
def test_media_caption_and_credit_whichever_comes_first(photo_first):
    words = "<title>Story title</title><description>Story summary</description>"
    item = PHOTO + words if photo_first else words + PHOTO
    [story] = stories(parse_bytes(rss(f"<item><guid>g1</guid>{item}</item>")))
    assert story.headline == "Story title"
    assert story.body_html == "<p>Story summary</p>"
    image = story.lead_image
    assert image.caption == "The photo’s caption"
    assert image.credits == [CreditRef(name="Jane Doe", role=CREATOR)]
    assert image.missing_file == "http://example.com/photo.jpg"
    assert image.record == 'entry 1 (id "g1") image'


def test_media_group_words_apply_to_its_contents():
    item = (
        "<item><guid>g1</guid><title>T</title><media:group>"
        "<media:description>Group caption</media:description>"
        '<media:credit role="distributor">Reuters</media:credit>'
        '<media:content url="http://example.com/small.jpg" medium="image" width="100"/>'
        '<media:content url="http://example.com/big.jpg" medium="image" width="1200"/>'
        '<media:content url="http://example.com/clip.mp4" type="video/mp4" width="1920"/>'
        "</media:group></item>"
    )
    [story] = stories(parse_bytes(rss(item)))
    assert story.lead_image.missing_file == "http://example.com/big.jpg"
    assert story.lead_image.caption == "Group caption"
    assert story.lead_image.credits == [CreditRef(name="Reuters", role=DISTRIBUTOR)]


def test_image_enclosure_and_author_e_mail():
    item = (
        "<item><guid>g1</guid><title>T</title>"
        "<author>jane@example.com (Jane Roe)</author>"
        '<enclosure url="http://example.com/a.mp3" type="audio/mpeg" length="1"/>'
        '<enclosure url="http://example.com/b.png" type="image/png" length="1"/>'
        "</item>"
    )
    [story] = stories(parse_bytes(rss(item)))
    assert story.credits == [CreditRef(name="Jane Roe", role=AUTHOR, kind=PERSON)]
    assert story.lead_image.missing_file == "http://example.com/b.png"
    assert story.lead_image.caption == ""


def test_several_dc_creators_and_separate_content():
    namespaces = (
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    )
    item = (
        "<item><link>http://example.com/story</link>"
        "<title>Fish &amp;amp; chips &lt;em&gt;today&lt;/em&gt;</title>"
        "<description>A short summary.</description>"
        "<content:encoded><![CDATA[<p>The whole story.</p>]]></content:encoded>"
        "<dc:creator>Jane Roe</dc:creator><dc:creator>John Doe</dc:creator>"
        "<category>Food</category><category>food</category>"
        "</item>"
    )
    [story] = stories(parse_bytes(rss(item, namespaces)))
    # No guid: the link identifies the entry.
    assert story.source_id == "feed:http://example.com/story"
    assert story.headline == "Fish & chips today"
    assert story.body_html == "<p>The whole story.</p>"
    assert story.standfirst == "A short summary."
    assert [credit.name for credit in story.credits] == ["Jane Roe", "John Doe"]
    assert story.tags == ["Food"]
    assert story.published_at is None


def test_plain_text_atom_content_is_escaped_into_paragraphs():
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        b"<entry><id>urn:1</id><title>T</title><updated>2024-03-01T12:00:00+02:00</updated>"
        b'<content type="text">First &lt;line&gt; &amp; more.\n\nSecond.</content>'
        b"</entry></feed>"
    )
    [story] = stories(parse_bytes(feed))
    assert story.body_html == "<p>First &lt;line&gt; &amp; more.</p>\n<p>Second.</p>"
    assert story.published_at == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def test_entry_without_a_title_is_a_record_error_and_the_others_go_on():
    items = (
        "<item><guid>a</guid><title>First</title></item>"
        "<item><guid>b</guid><title>  </title></item>"
        "<item><guid>c</guid><title>Third</title></item>"
    )
    first, error, third = parse_bytes(rss(items))
    assert (first.headline, third.headline) == ("First", "Third")
    assert error == RecordError(record='entry 2 (id "b")', message="no title")


def test_utf_16_feed_with_byte_order_mark():
    data = rss("<item><guid>g</guid><title>Größe – 大</title></item>").decode()
    data = data.replace('encoding="utf-8"', 'encoding="utf-16"')
    [story] = stories(parse_bytes(codecs.BOM_UTF16_LE + data.encode("utf-16-le")))
    assert story.headline == "Größe – 大"


@pytest.mark.parametrize(
    "path",
    [
        FEEDPARSER / "illformed" / "chardet" / "big5.xml",
        FEEDPARSER / "illformed" / "chardet" / "koi8r.xml",
        FEEDPARSER / "illformed" / "chardet" / "shiftjis.xml",
        FEEDPARSER / "encoding" / "euc-kr.xml",
        FEEDPARSER / "encoding" / "utf-16le-bom.xml",
        FEEDPARSER / "encoding" / "bozo_invalid-bytes-with-bom.xml",
        FEEDPARSER / "encoding" / "bozo_linenoise.xml",
    ],
    ids=lambda path: path.name,
)
def test_other_encodings_do_not_crash(path):
    try:
        parse_file(path)
    except StoryError as error:
        assert not str(error).startswith("refused")


# Hostile XML


@pytest.mark.parametrize("path", HOSTILE_XML, ids=lambda path: path.name)
def test_hostile_xml_is_refused_quickly(path):
    started = time.perf_counter()
    with pytest.raises(StoryError, match=r"^refused:"):
        parse_file(path)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        ("euc-kr", "utf-8"),  # expat refuses multi-byte encodings outright
        ("big5", "utf-8"),
        ("shift_jis", "utf-8"),
        ("x-unknown", "utf-8"),  # and names it does not know
        ("x-unknown", "utf-16-le"),  # UTF-16 without a byte order mark
        ("ebcdic-cp-us", "cp037"),
    ],
)
def test_entity_declarations_are_refused_whatever_the_encoding(declared, codec):
    """What the screen sees is what feedparser will read, in any encoding."""
    bomb = (CORPUS / "hostile" / "xml" / "defusedxml-quadratic.xml").read_text(
        encoding="utf-8"
    )
    feed = bomb.replace(
        "<bomb>", '<rss version="2.0"><channel><item><guid>g</guid><title>'
    ).replace("</bomb>", "</title></item></channel></rss>")
    document = f'<?xml version="1.0" encoding="{declared}"?>\n{feed}'
    with pytest.raises(StoryError, match=r"^refused: the XML declares an entity"):
        parse_bytes(document.encode(codec))


def test_entities_are_refused_even_in_a_real_feed():
    with pytest.raises(StoryError, match=r"^refused:"):
        parse_file(FEEDPARSER / "wellformed" / "rss" / "entity_in_doctype.xml")


def test_harmless_xml_that_is_not_a_feed():
    for path in HARMLESS_XML:
        with pytest.raises(StoryError, match=r"^not an RSS or Atom feed"):
            parse_file(path)
