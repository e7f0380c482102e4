"""import_articles: a page's source id is its whole file name, and --draft
keeps every new story of every format off the public API."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_import


def write_pages(directory: Path, *names: str) -> None:
    for name in names:
        text = f"Story from {name}\n\nThe text of {name}.\n"
        if name.endswith((".html", ".htm")):
            text = f"<h1>Story from {name}</h1><p>The text of {name}.</p>"
        (directory / name).write_text(text, encoding="utf-8")


def ids_and_headlines() -> set[tuple[str, str]]:
    return set(Article.objects.values_list("source_id", "headline"))


# Page source ids


def test_pages_sharing_a_name_up_to_the_extension_are_distinct_stories(db, tmp_path):
    write_pages(tmp_path, "story.txt", "story.html", "story.htm", "story.a.txt")

    stdout, stderr = run_import(tmp_path)
    again, _ = run_import(tmp_path)

    assert stdout == "4 files: 4 created, 0 updated, 0 unchanged, 0 failed\n"
    assert stderr == ""
    assert ids_and_headlines() == {
        ("page:story.txt", "Story from story.txt"),
        ("page:story.html", "Story from story.html"),
        ("page:story.htm", "Story from story.htm"),
        ("page:story.a.txt", "Story from story.a.txt"),
    }
    assert again == "4 files: 0 created, 0 updated, 4 unchanged, 0 failed\n"


def test_a_page_imported_under_its_old_id_is_updated_not_duplicated(db, tmp_path):
    write_pages(tmp_path, "story.txt")
    run_import(tmp_path / "story.txt")
    # As an earlier version keyed and fingerprinted it (by the name without
    # its extension), since unpublished by an editor.
    Article.objects.update(
        source_id="page:story",
        import_fingerprint="0" * 64,
        status=Article.Status.DRAFT,
    )
    before = Article.objects.get()

    stdout, _ = run_import(tmp_path / "story.txt")
    again, _ = run_import(tmp_path / "story.txt")

    assert stdout == "1 file: 0 created, 1 updated, 0 unchanged, 0 failed\n"
    assert again == "1 file: 0 created, 0 updated, 1 unchanged, 0 failed\n"
    article = Article.objects.get()
    assert (article.pk, article.slug) == (before.pk, before.slug)
    assert article.source_id == "page:story.txt"
    assert article.status == Article.Status.DRAFT


def test_an_old_id_two_files_share_is_left_to_neither(db, tmp_path):
    write_pages(tmp_path, "story.txt", "story.html")
    run_import(tmp_path / "story.txt")
    Article.objects.update(source_id="page:story")

    stdout, _ = run_import(tmp_path)

    assert stdout == "2 files: 2 created, 0 updated, 0 unchanged, 0 failed\n"
    assert ids_and_headlines() == {
        ("page:story", "Story from story.txt"),
        ("page:story.txt", "Story from story.txt"),
        ("page:story.html", "Story from story.html"),
    }


# --draft, format by format


def import_as_drafts(*args: object) -> str:
    stdout = StringIO()
    call_command(
        "import_articles", *map(str, args), "--draft", stdout=stdout, stderr=StringIO()
    )
    return stdout.getvalue()


def statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Article.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def public_list(api_client) -> list[dict]:
    return api_client.get("/api/v1/articles/?limit=100").json()["results"]


def test_draft_keeps_new_pages_off_the_api(db, tmp_path, api_client):
    write_pages(tmp_path, "one.txt", "two.html")

    stdout = import_as_drafts(tmp_path)

    assert stdout == "2 files: 2 created, 0 updated, 0 unchanged, 0 failed\n"
    assert statuses() == {"draft": 2}
    assert public_list(api_client) == []


def test_draft_keeps_a_new_feed_off_the_api(db, tmp_path, api_client):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><guid>urn:wire:1</guid><title>Rates held</title>"
        "<description>The bank held its rate.</description>"
        "<pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate></item>"
        "</channel></rss>",
        encoding="utf-8",
    )

    stdout = import_as_drafts(feed)

    assert stdout == "1 file: 1 created, 0 updated, 0 unchanged, 0 failed\n"
    assert statuses() == {"draft": 1}
    assert public_list(api_client) == []


def test_draft_keeps_usable_ninjs_off_the_api(db, api_client):
    stdout = import_as_drafts(CORPUS / "ninjs/examples/3.0")

    # The Chinese, German and Swedish stories are kept in their languages.
    assert stdout == (
        "11 files: 6 created, 0 updated, 0 unchanged, 0 failed, 5 skipped; "
        "3 warnings (shown with -v 2 or --errors FILE)\n"
    )
    assert statuses() == {"draft": 6}
    assert public_list(api_client) == []


def test_draft_keeps_published_wordpress_posts_off_the_api(db, api_client):
    # Seven posts, all "publish" in WordPress.
    stdout = import_as_drafts(CORPUS / "wxr/theme-test-data/theme-preview.xml")

    assert stdout == (
        "1 file, 7 records: 7 created, 0 updated, 0 unchanged, 0 failed; "
        "7 warnings (shown with -v 2 or --errors FILE)\n"
    )
    assert statuses() == {"draft": 7}
    assert public_list(api_client) == []


def test_draft_restores_an_export_as_drafts_keeping_ids_and_slugs(
    db, tmp_path, api_client
):
    now = timezone.now()
    live = Article.objects.create(headline="Live story", body="<p>Text.</p>")
    live.publish()
    soon = Article.objects.create(
        headline="Scheduled story",
        body="<p>Later.</p>",
        status=Article.Status.SCHEDULED,
        published_at=now + timedelta(days=1),
    )
    call_command("export_articles", str(tmp_path / "backup"), stdout=StringIO())
    kept = {(live.pk, live.slug), (soon.pk, soon.slug)}
    Article.objects.all().delete()

    stdout = import_as_drafts(tmp_path / "backup")

    assert stdout == "1 file, 2 records: 2 created, 0 updated, 0 unchanged, 0 failed\n"
    assert statuses() == {"draft": 2}
    assert set(Article.objects.values_list("pk", "slug")) == kept
    assert public_list(api_client) == []
