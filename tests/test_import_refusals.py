"""Files that are no page, feed, export, ninjs or NewsML-G2 (NITF, NewsML
1.x, wire texts, SVG, photos) are refused, named by what they look like, and
nothing is written; real pages still import; NewsML-G2 given as another
format says which one reads it (tests/test_newsml_g2.py has the rest). HEIF photos are named, not called
corrupt. Every file is a real one from the shared corpus, read in place."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.imaging.inspect import inspect_image
from articles.interchange.sniffing import Kind, sniff
from articles.models import Article, Image
from tests.helpers.admin import changelist, image_form
from tests.helpers.corpus import CORPUS, HOSTILE_XML, SEED_PAGE
from tests.helpers.images import stored_files
from tests.helpers.imports import run_failing_import, run_import
from tests.helpers.photo_imports import run_import_images

READS = (
    "it reads text and HTML pages, WordPress exports, RSS and Atom feeds, ninjs, "
    "NewsML-G2, NITF, IPTC 7901 and ANPA 1312 wire texts and its own exports "
    "(--format page, wxr, feed, ninjs, newsml, nitf, wire, jsonl)"
)
NOT_READ = "which this command does not read; " + READS
SUPERDESK = CORPUS / "agency-other" / "superdesk"
G2_SAMPLES = CORPUS / "newsml-g2" / "agency-samples" / "superdesk"
# A NewsML-G2 news message as Reuters names them: no extension at all.
REUTERS_ITEM = G2_SAMPLES / "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10"
REUTERS_PHOTO = G2_SAMPLES / "tag_reuters.com_2014_binary_LYNXMPEA6F0MS-BASEIMAGE"
G2_ITEM = CORPUS / "newsml-g2" / "iptc-examples" / "LISTING_1_A_NewsML-G2_News_Item.xml"
HEIC = CORPUS / "images" / "formats" / "IMG_5195.HEIC"
HEIF_REFUSED = (
    "HEIF photos are not accepted; convert to JPEG (or PNG, WebP, AVIF) and try again."
)

XML_SCHEMA = CORPUS / "newsml-g2" / "schema" / "xml.xsd"

REFUSED = [
    (XML_SCHEMA, f"XML with root `xs:schema` (an XML Schema), {NOT_READ}"),
    (SUPERDESK / "afp.xml", f"XML with root `NewsML` (NewsML 1.x), {NOT_READ}"),
    (SUPERDESK / "ritzau_news.xml", f"XML with root `RBNews`, {NOT_READ}"),
    (
        CORPUS / "hostile" / "svg" / "svgTestOne.svg",
        f"XML with root `svg` (an SVG drawing), {NOT_READ}",
    ),
    (
        REUTERS_PHOTO,
        "a JPEG image, which this command does not read (photos come in with "
        f"import_images); {READS}",
    ),
    (
        HEIC,
        "a HEIF image, which this command does not read (photos come in with "
        f"import_images); {READS}",
    ),
]


def named(value: object) -> str:
    return getattr(value, "name", "")[:40]


@pytest.mark.parametrize(("path", "message"), REFUSED, ids=named)
@pytest.mark.parametrize("fmt", ["auto", "page"])
def test_a_file_that_is_no_page_is_refused_by_what_it_looks_like(
    db, path, message, fmt
):
    stdout, stderr, error = run_failing_import(path, format=fmt)

    assert stderr == f"{path}: {message}\n"
    assert stdout == "1 file: 0 created, 0 updated, 0 unchanged, 1 failed\n"
    assert error == "1 file failed to import; see the errors above."
    assert Article.objects.count() == 0


NITF_GIVEN_AS_A_PAGE = (
    "XML with root `nitf` (NITF), not a text or HTML page: import it with "
    "--format nitf (or auto)"
)


@pytest.mark.parametrize(
    ("path", "looks_like", "fmt"),
    [
        (REUTERS_ITEM, "XML with root `newsMessage` (NewsML-G2)", "newsml"),
        (G2_ITEM, "XML with root `newsItem` (NewsML-G2)", "newsml"),
        (SUPERDESK / "IPTC7901.txt", "an IPTC 7901 wire text", "wire"),
        (SUPERDESK / "dpa_two_line.txt", "an IPTC 7901 wire text", "wire"),
        (SUPERDESK / "anpa-1.tst", "an ANPA 1312 wire text", "wire"),
    ],
    ids=named,
)
def test_wire_formats_given_as_a_page_say_which_format_reads_them(
    db, path, looks_like, fmt
):
    stdout, stderr, error = run_failing_import(path, format="page")

    assert stderr == (
        f"{path}: {looks_like}, not a text or HTML page: import it with "
        f"--format {fmt} (or auto)\n"
    )
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "path", [SUPERDESK / "ap-nitf.xml", SUPERDESK / "nitf-ntb.xml"], ids=named
)
def test_xml_with_a_dtd_is_no_page(db, path):
    stdout, stderr, error = run_failing_import(path, format="page")

    assert stderr == f"{path}: {NITF_GIVEN_AS_A_PAGE}\n"
    assert Article.objects.count() == 0


@pytest.mark.parametrize("path", HOSTILE_XML, ids=named)
def test_entity_declarations_are_refused_as_such_as_pages_too(db, path):
    started = time.perf_counter()
    stdout, stderr, error = run_failing_import(path, format="page")

    assert time.perf_counter() - started < 1
    assert stderr.startswith(f"{path}: refused: the XML declares ")
    assert stderr.count("\n") == 1
    assert Article.objects.count() == 0


def test_an_xhtml_document_with_no_article_is_no_page(db):
    path = CORPUS / "hostile" / "xml" / "defusedxml-dtd.xml"

    stdout, stderr, error = run_failing_import(path, format="page")

    assert stderr == (
        f"{path}: no headline found: nothing is left once navigation and share "
        "links are removed\n"
    )
    assert Article.objects.count() == 0


def test_a_feed_given_as_a_page_says_which_format_reads_it(db):
    feed = CORPUS / "feeds" / "real-feeds" / "guardian.rss"

    stdout, stderr, error = run_failing_import(feed, format="page")

    assert stderr == (
        f"{feed}: an RSS feed, not a text or HTML page: import it with "
        "--format feed (or auto)\n"
    )
    assert Article.objects.count() == 0


def test_the_feed_reader_names_what_it_was_given_instead(db):
    error_page = CORPUS / "feeds" / "real-feeds" / "unrecognized.rss"

    stdout, stderr, error = run_failing_import(G2_ITEM, error_page, format="feed")

    assert stderr.splitlines() == [
        f"{G2_ITEM}: not an RSS or Atom feed: XML with root `newsItem` "
        "(NewsML-G2); import it with --format newsml (or auto)",
        f"{error_page}: not an RSS or Atom feed: an HTML page; to import it as a "
        "story, use --format page",
    ]
    assert "an HTML page?" not in stderr
    assert Article.objects.count() == 0


def test_real_pages_still_import_beside_the_refused_files(db):
    svg = CORPUS / "hostile" / "svg" / "svgTestOne.svg"

    stdout, stderr, error = run_failing_import(SEED_PAGE, XML_SCHEMA, svg)

    assert stdout == "3 files: 1 created, 0 updated, 0 unchanged, 2 failed\n"
    assert stderr.count("\n") == 2
    assert list(Article.objects.values_list("headline", flat=True)) == [
        "Canada joins countries in condemning Russia, North Korea for alleged "
        "missile transfers"
    ]


def test_an_html_page_without_an_extension_imports_as_html(db, tmp_path):
    page = tmp_path / "story"
    page.write_text(
        "<article><h1>Dam opens</h1><p>By Jane Doe</p>"
        "<p>The dam opened on Monday.</p></article>"
    )

    stdout, stderr = run_import(page)

    story = Article.objects.get()
    assert (story.headline, story.body) == (
        "Dam opens",
        "<p>The dam opened on Monday.</p>",
    )


# What a file looks like


@pytest.mark.parametrize(
    ("path", "kind", "description"),
    [
        (SEED_PAGE, Kind.TEXT, "a plain-text page"),
        (CORPUS / "feeds/real-feeds/unrecognized.rss", Kind.HTML, "an HTML page"),
        (CORPUS / "feeds/real-feeds/guardian.rss", Kind.RSS, "an RSS feed"),
        (CORPUS / "feeds/real-feeds/reddit-home.rss", Kind.ATOM, "an Atom feed"),
        (
            CORPUS / "wxr/wordpress-importer/valid-wxr-1.1.xml",
            Kind.WXR,
            "a WordPress export (WXR)",
        ),
        (CORPUS / "hostile/xml/defusedxml-dtd.xml", Kind.XHTML, "an XHTML page"),
        (
            G2_SAMPLES / "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
            Kind.NEWSML_G2,
            "XML with root `ns0:newsMessage` (NewsML-G2)",
        ),
        (
            CORPUS / "newsml-g2/schema/xml.xsd",
            Kind.XML,
            "XML with root `xs:schema` (an XML Schema)",
        ),
        (
            CORPUS / "feeds/feedparser/json/example.json",
            Kind.JSON_FEED,
            "a JSON Feed (jsonfeed.org)",
        ),
        (SUPERDESK / "ap_media_item.json", Kind.JSON, "a JSON document"),
        (HEIC, Kind.IMAGE, "a HEIF image"),
        (CORPUS / "images/formats/sunrise.avif", Kind.IMAGE, "an AVIF image"),
    ],
    ids=named,
)
def test_what_a_file_looks_like(path, kind, description):
    sniffed = sniff(path.read_bytes()[: 64 * 1024])

    assert (sniffed.kind, sniffed.description) == (kind, description)


@pytest.mark.parametrize(
    ("head", "kind", "description"),
    [
        (
            b"<!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html>\n<html>",
            Kind.HTML,
            "an HTML page",
        ),
        (b"\xef\xbb\xbf<div><h1>Dam opens</h1>", Kind.HTML, "an HTML page"),
        (b"<3 for the readers\n\nBody.", Kind.TEXT, "a plain-text page"),
        (
            b'<?xml version="1.0"?>\n<!-- nothing else -->',
            Kind.XML,
            "XML with no root element in its first 64 KB",
        ),
        (b"ZCZC\r\nBC-Flash\r\nNNNN\r\n", Kind.IPTC_7901, "an IPTC 7901 wire text"),
        (b"%PDF-1.7\n", Kind.PDF, "a PDF document"),
        (b"\x1f\x8b\x08\x00", Kind.GZIP, "a gzip-compressed file"),
        (
            b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml",
            Kind.ZIP,
            "a ZIP archive (a Word document, .docx)",
        ),
        (
            b'{"type": "export", "version": 1}\n',
            Kind.EXPORT,
            "this CMS's JSON Lines export",
        ),
        (b"   \n", Kind.EMPTY, "an empty file"),
    ],
    ids=[
        "saved-page",
        "fragment",
        "heart",
        "prolog-only",
        "telex",
        "pdf",
        "gzip",
        "docx",
        "export",
        "blank",
    ],
)
def test_what_made_up_bytes_look_like(head, kind, description):
    sniffed = sniff(head)

    assert (sniffed.kind, sniffed.description) == (kind, description)


# HEIF photos


def test_a_heif_photo_is_named_not_called_corrupt():
    with HEIC.open("rb") as file, pytest.raises(ValidationError) as error:
        inspect_image(file)

    assert error.value.messages == [HEIF_REFUSED]
    assert error.value.code == "unsupported_format"


def test_import_images_refuses_a_heif_photo_and_stores_nothing(db, media_root):
    stdout, stderr, error = run_import_images(HEIC)

    assert stderr == f"{HEIC}: {HEIF_REFUSED}\n"
    assert stdout == "1 file: 0 created, 0 duplicate, 1 failed\n"
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_uploading_a_heif_photo_in_the_admin_is_refused(admin_client, media_root):
    upload = SimpleUploadedFile("IMG_5195.HEIC", HEIC.read_bytes(), "image/heic")

    response = admin_client.post(f"{changelist('image')}add/", image_form(upload))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [HEIF_REFUSED]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []
