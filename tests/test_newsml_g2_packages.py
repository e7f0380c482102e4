"""NewsML-G2 pictures and packages: a picture item with its file beside it
is a library photo, one without is skipped naming its rendition; a package
is one story with its text member and photos, found in the same message or
beside the package (Reuters), and imports again unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from articles.models import Article, Image
from articles.text.credits import CreditRef
from tests.helpers.images import make_jpeg
from tests.helpers.imports import run_import
from tests.helpers.newsml_corpus import G2, SAMPLES, read

PACKAGE = SAMPLES / "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10"
PICTURE = SAMPLES / "tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1"


# Pictures and packages


def test_a_picture_with_its_file_beside_it_is_a_library_photo():
    [photo] = read(PICTURE)

    assert (
        photo.file_path
        == SAMPLES / "tag_reuters.com_2014_binary_LYNXMPEA6F13M-BASEIMAGE"
    )
    assert photo.headline == (
        "Syria's President Bashar al-Assad places his right hand on a Koran as he "
        "is sworn in for a new seven-year term, at al-Shaab presidential palace in "
        "Damascus"
    )
    assert photo.caption.endswith("REUTERS/SANA/Handout via Reuters")
    assert photo.credits == [
        CreditRef(name="SANA", role="creator", kind="person"),
        CreditRef(name="Reuters", role="provider", kind="agency"),
    ]
    assert photo.copyright_notice == (
        "(c) Copyright Thomson Reuters 2014. Click For Restrictions - "
        "http://about.reuters.com/fulllegal.asp"
    )


def test_a_picture_without_its_file_is_skipped_naming_its_rendition():
    [skipped] = read(G2 / "iptc-examples" / "LISTING_3_Photo_in_NewsML-G2.xml")

    assert skipped.reason.startswith(
        "a NewsML-G2 picture whose file is not beside it (./GYI0062134533.jpg)"
    )


def test_a_package_is_one_story_with_its_photos():
    [story] = read(PACKAGE)

    assert (story.source_id, story.version, story.urgency, story.slugline) == (
        "newsml:tag_reuters.com_2014_newsml_KBN0FL0NM",
        10,
        4,
        "US-SYRIA-CRISIS-ASSAD",
    )
    assert story.headline == "Confident Assad launches new term in stronger position"
    assert story.credits == [
        CreditRef(name="Marwan Makdisi", role="author", kind="person")
    ]
    assert story.lead_image.file_path.name == (
        "tag_reuters.com_2014_binary_LYNXMPEA6F13M-BASEIMAGE"
    )
    assert [photo.file_path.name for photo in story.images.values()] == [
        "tag_reuters.com_2014_binary_LYNXMPEA6F0MS-BASEIMAGE",
        "tag_reuters.com_2014_binary_LYNXMPEA6F0MT-BASEIMAGE",
    ]
    assert story.body_html.endswith(
        '<figure><img src="story-image:photo-2"></figure>\n'
        '<figure><img src="story-image:photo-3"></figure>'
    )
    assert story.signals == ["edStat:U", "prodId:TXT", "pmt:composite"]
    assert story.published_at == datetime(2014, 7, 16, 8, 10, 15, tzinfo=UTC)
    assert story.updated_at == datetime(2014, 7, 17, 0, 24, 11, tzinfo=UTC)
    assert story.warnings[-1] == (
        "related items not part of this story: \"Syria's Assad says foreign states "
        "will pay for supporting 'terrorism'\""
    )


# Through the command


def test_the_package_imports_with_its_photos_and_again_unchanged(db, media_root):
    stdout, stderr = run_import(PACKAGE)

    assert (
        stdout
        == "1 file: 1 created, 0 updated, 0 unchanged, 0 failed; 3 warnings (shown with -v 2 or --errors FILE)\n"
    )
    article = Article.objects.get()
    assert article.source_id == "newsml:tag_reuters.com_2014_newsml_KBN0FL0NM"
    assert article.headline == "Confident Assad launches new term in stronger position"
    assert article.lead_image.original_filename == (
        "tag_reuters.com_2014_binary_LYNXMPEA6F13M-BASEIMAGE"
    )
    assert Image.objects.count() == 3

    stdout, stderr = run_import(PACKAGE)

    assert stdout.startswith("1 file: 0 created, 0 updated, 1 unchanged, 0 failed")
    assert Image.objects.count() == 3


def news_message_with_a_package() -> str:
    return """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-03-01T10:00:00Z</sent></header>
  <itemSet>
    <packageItem guid="urn:test:package" version="2">
      <itemMeta><itemClass qcode="ninat:composite"/>
        <firstCreated>2026-03-01T08:00:00Z</firstCreated></itemMeta>
      <contentMeta><headline>Dam opens: the day in pictures</headline></contentMeta>
      <groupSet root="main"><group id="main">
        <itemRef residref="urn:test:text" version="1"/>
        <itemRef residref="urn:test:photo" version="1"/>
        <itemRef residref="urn:test:remote-photo" version="1"/>
      </group></groupSet>
    </packageItem>
    <newsItem guid="urn:test:text" version="1">
      <itemMeta><itemClass qcode="ninat:text"/></itemMeta>
      <contentMeta><headline>Dam opens</headline><by>By Jane Doe</by>
        <slugline>DAM-OPENS</slugline></contentMeta>
      <contentSet><inlineXML contenttype="application/nitf+xml">
        <nitf><body><body.head><hedline><hl1>Dam opens</hl1></hedline></body.head>
          <body.content><p>The dam opened on Monday.</p>
            <media media-type="image"><media-reference source="x.jpg"/></media>
            <hl2>Water</hl2><block><p>It holds water.</p></block></body.content>
        </body></nitf></inlineXML></contentSet>
    </newsItem>
    <newsItem guid="urn:test:photo" version="1">
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta><headline>The dam</headline><by>Jane Doe/Example News</by>
        <description role="drol:caption">The dam on Monday.</description></contentMeta>
      <contentSet><remoteContent href="./dam.jpg" contenttype="image/jpeg"/></contentSet>
    </newsItem>
    <newsItem guid="urn:test:remote-photo" version="1">
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta><headline>The river</headline></contentMeta>
      <contentSet><remoteContent href="https://example.com/river.jpg"
        contenttype="image/jpeg" width="800" height="600"/></contentSet>
    </newsItem>
  </itemSet>
</newsMessage>"""


def test_a_package_in_a_message_takes_its_members_in(tmp_path):
    (tmp_path / "dam.jpg").write_bytes(make_jpeg())
    (tmp_path / "message.xml").write_text(news_message_with_a_package())

    story, *members = read(tmp_path / "message.xml")

    assert (story.source_id, story.headline, story.version, story.slugline) == (
        "newsml:urn:test:package",
        "Dam opens: the day in pictures",
        2,
        "DAM-OPENS",
    )
    assert story.body_html == (
        "<p>The dam opened on Monday.</p> <h3>Water</h3><p>It holds water.</p>\n"
        '<figure><img src="story-image:photo-2"></figure>'
    )
    assert story.credits == [CreditRef(name="Jane Doe", role="author", kind="person")]
    assert (story.lead_image.file_path, story.lead_image.caption) == (
        tmp_path / "dam.jpg",
        "The dam on Monday.",
    )
    assert story.lead_image.credits == [
        CreditRef(name="Jane Doe", role="creator", kind="person"),
        CreditRef(name="Example News", role="provider", kind="organisation"),
    ]
    remote = story.images["photo-2"]
    assert (remote.file_path, remote.missing_file) == (
        None,
        "https://example.com/river.jpg",
    )
    assert [(member.record, member.reason) for member in members] == [
        (
            f'item {number} (guid "urn:test:{guid}")',
            'part of package "urn:test:package", imported with it',
        )
        for number, guid in ((2, "text"), (3, "photo"), (4, "remote-photo"))
    ]


def test_the_package_in_a_message_imports_as_one_article(db, media_root, tmp_path):
    (tmp_path / "dam.jpg").write_bytes(make_jpeg())
    (tmp_path / "message.xml").write_text(news_message_with_a_package())

    stdout, stderr = run_import(tmp_path / "message.xml")

    assert (
        stdout
        == "1 file, 4 records: 1 created, 0 updated, 0 unchanged, 0 failed, 3 skipped\n"
    )
    article = Article.objects.get()
    assert (article.headline, article.lead_image.caption) == (
        "Dam opens: the day in pictures",
        "The dam on Monday.",
    )


def test_a_picture_imported_twice_is_one_library_photo(db, media_root):
    run_import(PICTURE)
    run_import(PICTURE)

    image = Image.objects.get()
    assert (
        image.original_filename == "tag_reuters.com_2014_binary_LYNXMPEA6F13M-BASEIMAGE"
    )
    assert image.copyright_notice == (
        "(c) Copyright Thomson Reuters 2014. Click For Restrictions - "
        "http://about.reuters.com/fulllegal.asp"
    )
    assert list(image.credits.values_list("contributor__name", "role")) == [
        ("SANA", "creator"),
        ("Reuters", "provider"),
    ]
