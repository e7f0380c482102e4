"""import_articles on every format: WordPress, feeds, ninjs, with the real
files of the corpus; counts exact, drafts never public, re-runs unchanged."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from articles.models import Article, Image
from tests.helpers.corpus import CORPUS, HOSTILE_XML
from tests.helpers.images import make_jpeg
from tests.helpers.imports import run_failing_import, run_import
from tests.helpers.safety import record

THEME_UNIT_TEST = CORPUS / "wxr/theme-test-data/themeunittestdata.wordpress.xml"


def status_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Article.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def public_headlines(client) -> list[str]:
    return [
        a["headline"]
        for a in client.get("/api/v1/articles/?limit=100").json()["results"]
    ]


# Feeds


def test_a_news_feed_imports_every_item_once_and_a_rerun_changes_nothing(db):
    feed = CORPUS / "feeds/real-feeds/guardian.rss"

    stdout, stderr = run_import(feed)
    updated = dict(Article.objects.values_list("pk", "updated_at"))
    again, _ = run_import(feed)

    assert (
        stdout == "1 file, 55 records: 55 created, 0 updated, 0 unchanged, 0 failed\n"
    )
    assert stderr == ""
    assert again == "1 file, 55 records: 0 created, 0 updated, 55 unchanged, 0 failed\n"
    assert dict(Article.objects.values_list("pk", "updated_at")) == updated
    story = Article.objects.get(
        headline="Trump State of the Union address promised unity but emphasized discord"
    )
    assert story.status == Article.Status.PUBLISHED
    assert [c.contributor.name for c in story.credits.all()] == [
        "David Smith in Washington"
    ]
    photo = story.lead_image
    assert bool(photo.file) is False  # remote photos are never fetched
    assert [(c.role, c.contributor.name) for c in photo.credits.all()] == [
        ("creator", "Networ/Sipa USA/REX/Shutterstock")
    ]


def test_draft_keeps_a_feed_off_every_public_surface(db, client):
    stdout, _ = run_import(CORPUS / "feeds/real-feeds/heise.atom", draft=True)

    assert (
        stdout == "1 file, 15 records: 15 created, 0 updated, 0 unchanged, 0 failed\n"
    )
    assert status_counts() == {"draft": 15}
    assert public_headlines(client) == []
    assert client.get("/feeds/rss/").content.count(b"<item>") == 0


def test_the_format_is_told_from_the_content_not_the_name(db):
    # reddit-home.rss is an Atom feed; unrecognized.rss an HTML error page.
    stdout, stderr, error = run_failing_import(
        CORPUS / "feeds/real-feeds/reddit-home.rss",
        CORPUS / "feeds/real-feeds/unrecognized.rss",
    )

    assert (
        stdout == "2 files, 24 records: 24 created, 0 updated, 0 unchanged, 1 failed\n"
    )
    assert stderr.startswith(
        f"{CORPUS / 'feeds/real-feeds/unrecognized.rss'}: not an RSS or Atom feed"
    )
    assert error == "1 file failed to import; see the errors above."


def test_dry_run_writes_nothing(db):
    stdout, _ = run_import(CORPUS / "feeds/real-feeds/heise.atom", dry_run=True)

    assert stdout.endswith(
        "1 file, 15 records: 15 created, 0 updated, 0 unchanged, 0 failed "
        "(dry run: nothing was written)\n"
    )
    assert Article.objects.count() == Image.objects.count() == 0


# ninjs


def test_a_ninjs_wire_drop_imports_its_text_items_and_skips_the_rest(db):
    stdout, stderr = run_import(CORPUS / "ninjs/examples/3.0", verbosity=2)

    # Three stories in languages the newsroom (en, fr) does not publish in.
    assert stdout.endswith(
        "11 files: 6 created, 0 updated, 0 unchanged, 0 failed, 5 skipped; 3 warnings\n"
    )
    assert (
        'skipped: item 1 (uri "http://example.agency.com/item/TG346285"): ninjs '
        "picture items are not stories\n" in stdout
    )
    assert (
        "language 'sv' is not one of the newsroom's languages (en, fr): kept as "
        "'sv', not published as another language" in stderr
    )
    assert (
        Article.objects.get(headline="Militärövning i jätteformat hålls 2023").language
        == "sv"
    )
    assert sorted(Article.objects.values_list("language", flat=True)) == [
        "de",
        "en",
        "en",
        "en",
        "sv",
        "zh",
    ]


LONG_URI = "urn:test:2" + "2" * 600
REFUSED_LABEL = f'item 2 (uri "{LONG_URI}")'
REFUSAL = (
    # The source id is the uri after "ninjs:": 6 + 610 characters.
    "not saved: source_id: Ensure this value has at most 500 characters (it has 616)."
)


def test_one_refused_story_leaves_nothing_and_the_others_are_saved(db, tmp_path):
    items = [
        {
            "uri": "urn:test:1",
            "type": "text",
            "headline": "First",
            "body_html": "<p>One.</p>",
        },
        {
            # A source id no story can have (a long headline would be cut).
            "uri": LONG_URI,
            "type": "text",
            "headline": "Second",
            "body_html": "<p>Two.</p>",
            "by": "Nobody Else",
            "associations": {
                "featuremedia": {
                    "type": "picture",
                    "uri": "urn:test:p2",
                    "description_text": "A photo",
                }
            },
        },
        {
            "uri": "urn:test:3",
            "type": "text",
            "headline": "Third",
            "body_html": "<p>Three.</p>",
        },
    ]
    path = tmp_path / "wire.json"
    path.write_text(json.dumps(items))
    errors = tmp_path / "errors.jsonl"

    stdout, stderr, error = run_failing_import(path, errors=errors)

    assert stdout == "1 file, 3 records: 2 created, 0 updated, 0 unchanged, 1 failed\n"
    assert stderr == f"{path}: {REFUSED_LABEL}: {REFUSAL}\n"
    assert error == "1 record failed to import; see the errors above."
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "First",
        "Third",
    ]
    assert Image.objects.count() == 0
    assert not Article.objects.filter(credits__contributor__name="Nobody Else").exists()
    record("hostile inputs", "partial writes", 0)
    assert [json.loads(line) for line in errors.read_text().splitlines()] == [
        {
            "level": "error",
            "file": str(path),
            "record": REFUSED_LABEL,
            "message": REFUSAL,
        }
    ]


# Hostile files


@pytest.mark.parametrize("path", HOSTILE_XML, ids=lambda path: path.name)
@pytest.mark.parametrize("fmt", ["auto", "wxr", "feed"])
def test_entity_tricks_are_refused_quickly_and_write_nothing(db, path, fmt):
    started = time.perf_counter()
    stdout, stderr, error = run_failing_import(path, format=fmt)

    assert time.perf_counter() - started < 1
    assert stderr.startswith(f"{path}: refused: the XML declares ")
    assert stderr.count("\n") == 1
    assert stdout == "1 file: 0 created, 0 updated, 0 unchanged, 1 failed\n"
    assert Article.objects.count() == Image.objects.count() == 0
    record("hostile inputs", "files refused")
    record("hostile inputs", "partial writes", 0)


def test_huge_integers_and_bad_bytes_in_json_are_refused(db, tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_text('{"uri": "x", "headline": "h", "n": 1' + "0" * 5000 + "}")
    binary = tmp_path / "bad.json"
    binary.write_bytes(b'{"uri": "x", "headline": "\xff\xfe"}')

    stdout, stderr, error = run_failing_import(huge, binary)

    assert stdout == "2 files: 0 created, 0 updated, 0 unchanged, 2 failed\n"
    assert stderr.count("\n") == 2
    assert Article.objects.count() == 0
    record("hostile inputs", "files refused", 2)
    record("hostile inputs", "partial writes", 0)


# WordPress


def write_photo(path: Path, color=(30, 90, 200)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(make_jpeg(32, 24, color))
    return path


def test_the_wordpress_theme_unit_test_imports_with_exact_counts(db, client):
    stdout, stderr = run_import(THEME_UNIT_TEST)

    assert stdout == (
        "1 file, 186 records: 58 created, 0 updated, 0 unchanged, 0 failed, "
        "128 skipped; 9 warnings (shown with -v 2 or --errors FILE)\n"
    )
    assert stderr == ""
    assert status_counts() == {"published": 54, "draft": 4}
    # The draft, the scheduled, the password-protected post and the one
    # WordPress lets go without a title (a draft under a placeholder) are
    # not public.
    hidden = set(
        Article.objects.filter(status="draft").values_list("headline", flat=True)
    )
    assert hidden == {
        "Draft",
        "Scheduled",
        'Template: Password Protected (the password is "enter")',
        "Untitled WordPress post 1169",
    }
    public = Article.objects.published()
    assert public.count() == 54
    assert not public.filter(headline__in=hidden).exists()
    listed = client.get("/api/v1/articles/?limit=100").json()["results"]
    assert {a["headline"] for a in listed} & hidden == set()


def test_a_second_wordpress_run_reports_everything_unchanged(db):
    run_import(THEME_UNIT_TEST)
    updated = dict(Article.objects.values_list("pk", "updated_at"))

    stdout, _ = run_import(THEME_UNIT_TEST)

    assert stdout.startswith(
        "1 file, 186 records: 0 created, 0 updated, 58 unchanged, 0 failed, 128 skipped"
    )
    assert dict(Article.objects.values_list("pk", "updated_at")) == updated


def test_wordpress_photos_come_from_the_media_root_and_are_placed(db, tmp_path):
    featured = write_photo(tmp_path / "uploads/2008/06/dsc20050102_192118_51.jpg")
    write_photo(tmp_path / "uploads/2008/06/100_5478.jpg", (200, 200, 20))

    run_import(THEME_UNIT_TEST, media_root=tmp_path / "uploads")

    story = Article.objects.get(headline="WP 6.1 Theme block category")
    photo = story.lead_image
    assert photo.file.open("rb").read() == featured.read_bytes()
    assert (photo.caption, photo.alt_text, photo.headline) == (
        "Albany wind-farm against the sunset, Western Australia",
        "Wind Farm",
        "Wind Farm",
    )
    captioned = Article.objects.get(headline="Post Format: Image (Caption)")
    bell = captioned.body_images.get()
    assert bell.alt_text == "Bell on Wharf"
    assert f"/renditions/{bell.pk}/" in captioned.body


def test_a_missing_wordpress_photo_is_a_warning_in_the_errors_file(db, tmp_path):
    errors = tmp_path / "errors.jsonl"

    run_import(THEME_UNIT_TEST, errors=errors)

    lines = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [line["level"] for line in lines].count("warning") == 9
    assert {
        "level": "warning",
        "file": str(THEME_UNIT_TEST),
        "record": next(
            line["record"]
            for line in lines
            if "dsc20050102_192118_51" in line["message"]
        ),
        "message": "featured image file not found: "
        "https://wpthemetestdata.files.wordpress.com/2008/06/dsc20050102_192118_51.jpg",
    } in lines
    story = Article.objects.get(headline="WP 6.1 Theme block category")
    assert bool(story.lead_image.file) is False
    assert (
        story.lead_image.caption
        == "Albany wind-farm against the sunset, Western Australia"
    )


def test_a_private_wordpress_post_is_imported_as_a_draft(db):
    stdout, _ = run_import(CORPUS / "wxr/wordpress-importer/small-export.xml")

    assert (
        Article.objects.published().count()
        == Article.objects.filter(status="published").count()
    )
    assert "failed" in stdout and " 0 failed" in stdout
    assert Article.objects.filter(status="draft").count() == 1


def test_a_broken_wordpress_export_fails_with_its_line(db):
    path = CORPUS / "wxr/wordpress-importer/malformed.xml"

    stdout, stderr, error = run_failing_import(path)

    assert (
        stderr == f"{path}: not well-formed XML at line 90, column 2: mismatched tag\n"
    )
    assert Article.objects.count() == 0


def test_scripts_are_removed_and_bad_records_are_named(db, tmp_path):
    header = {"type": "export", "format": "newsroom-cms", "version": 1}
    good = {
        "type": "article",
        "source_id": "x:1",
        "headline": "Council votes",
        "status": "published",
        "body_html": '<p onclick="steal()">Vote passed.</p><script>steal()</script>',
    }
    bad_date = dict(good, source_id="x:2", published_at="yesterday-ish")
    no_headline = {"type": "article", "source_id": "x:3", "status": "draft"}
    path = tmp_path / "content.jsonl"
    path.write_text(
        "\n".join(json.dumps(r) for r in (header, good, bad_date, no_headline)) + "\n"
    )

    stdout, stderr, error = run_failing_import(path)

    assert stdout == "1 file, 3 records: 1 created, 0 updated, 0 unchanged, 2 failed\n"
    assert stderr == (
        f"{path}: line 3 (article \"x:2\"): Invalid isoformat string: 'yesterday-ish'\n"
        f"{path}: line 4 (article \"x:3\"): missing field 'headline'\n"
    )
    assert Article.objects.get().body == "<p>Vote passed.</p>"
    record("hostile inputs", "partial writes", 0)
