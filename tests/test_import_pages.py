"""The import_articles command: text and HTML pages into articles."""

from __future__ import annotations

import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from articles.interchange.page_reader import parse_page
from articles.interchange.story import CreditRef, ImageRef, Story, StoryError
from articles.interchange.story_writer import write_story
from articles.management.progress import progress_bar
from articles.models import Article, Contributor, Credit, Image
from articles.text.photo_credits import looks_like_credit, parse_photo_credit
from tests.helpers.corpus import SEED_PAGE
from tests.helpers.imports import run_failing_import, run_import

HEADLINE = (
    "Canada joins countries in condemning Russia, North Korea for alleged "
    "missile transfers"
)
CAPTION = (
    "In this photo released by the Khabarovsky Krai region government, North "
    "Korean leader Kim Jong Un, centre, looks at a military jet cockpit while "
    "visiting a Russian aircraft plant that builds fighter jets in "
    "Komsomolsk-on-Amur, about 6,200 kilometres (3,900 miles) east of Moscow, "
    "Russia, Friday, Sept. 15, 2023."
)
FIRST_PARAGRAPH = (
    "Canada has joined nearly 50 countries in denouncing North Korea and Russia "
    "for alleged missile transfers and accused Russia of procuring North Korean "
    "ballistic missiles."
)
SUMMARY_ONE_CREATED = "1 file: 1 created, 0 updated, 0 unchanged, 0 failed\n"

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Kim visits jet plant | Example News</title>
<link rel="canonical" href="https://news.example.com/world/kim-jet-plant">
<meta name="description" content="Kim Jong Un toured a fighter jet factory.">
<script>var tracker = "SECRET TRACKING CODE";</script>
</head><body>
<header><a href="/">Example News</a><p>Breaking: site banner</p></header>
<nav><ul><li>Home</li><li>World</li></ul></nav>
<article>
<header><h1>Kim Jong Un visits Russian fighter jet plant</h1>
<p>By Jane Roe, Staff Reporter</p></header>
<figure><img src="kim.jpg" alt="Kim Jong Un in a cockpit">
<figcaption>Kim Jong Un looks at a cockpit in Komsomolsk-on-Amur. (Jane Doe/Reuters)</figcaption>
</figure>
<p>North Korean leader Kim Jong Un toured a plant that builds <a href="/jets">fighter jets</a>.</p>
<script>document.write("INJECTED BY SCRIPT")</script>
<p>The visit lasted<br>two hours &amp; ended at noon.</p>
<p>Share</p>
</article>
<aside><p>Most read: something else</p></aside>
<footer><p>Copyright Example News</p></footer>
</body></html>
"""


def credits_of(target: Article | Image) -> list[tuple[str, str, str, str]]:
    return [
        (c.role, c.contributor.name, c.contributor.short_name, c.contributor.kind)
        for c in target.credits.select_related("contributor")
    ]


def paragraphs(body: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", body, flags=re.S)


# What the sample page writes: its story and photo, and the three
# contributors credited on them.
SAMPLE_ROWS = {"articles": 1, "images": 1, "contributors": 3, "credits": 3}
NO_ROWS = {"articles": 0, "images": 0, "contributors": 0, "credits": 0}


def table_counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "images": Image.objects.count(),
        "contributors": Contributor.objects.count(),
        "credits": Credit.objects.count(),
    }


@pytest.fixture
def edited_page(tmp_path: Path) -> Path:
    """The sample page with one paragraph reworded, under the same file name."""
    text = SEED_PAGE.read_text(encoding="utf-8").replace(
        "North Korea and Russia have denied making any arms deals.",
        "North Korea and Russia deny any arms deals, officials said.",
    )
    path = tmp_path / "edited" / SEED_PAGE.name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


# The sample page


def test_importing_the_sample_creates_a_published_article(db):
    stdout, stderr = run_import(SEED_PAGE)

    assert stdout == SUMMARY_ONE_CREATED
    assert stderr == ""
    article = Article.objects.get()
    assert article.headline == HEADLINE
    assert article.source_id == "page:000_73e2e5c0feb7c169.txt"
    assert article.standfirst == ""
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published() is True
    assert article.first_published_at == article.published_at


def test_the_sample_lead_image_has_one_copy_of_the_caption_and_its_credits(db):
    run_import(SEED_PAGE)

    image = Article.objects.get().lead_image
    assert image.caption == CAPTION
    assert image.alt_text == ""
    assert bool(image.file) is False
    assert credits_of(image) == [
        ("provider", "Khabarovsky Krai region government", "", "organisation"),
        ("distributor", "The Associated Press", "AP", "agency"),
    ]
    assert image.credit_line == "Khabarovsky Krai region government via AP"


def test_the_sample_article_is_credited_with_files_from_reuters(db):
    run_import(SEED_PAGE)

    article = Article.objects.get()
    assert credits_of(article) == [("contributor", "Reuters", "", "agency")]
    assert article.credit_line == "With files from Reuters"


def test_the_sample_body_has_the_story_paragraphs_only(db):
    run_import(SEED_PAGE)

    body = Article.objects.get().body
    # The page has 11 paragraphs between the "Share" line and the trailer.
    assert body.count("<p>") == 11
    assert paragraphs(body)[0] == FIRST_PARAGRAPH
    assert paragraphs(body)[-1].startswith('"A permanent Security Council member')
    for chrome in (
        "Skip to main content",
        "Share",
        "CTVNews.ca Top Stories",
        "Local Spotlight",
        "Stay Connected",
        "With files from Reuters",
    ):
        assert chrome not in body
    assert CAPTION[:60] not in body


# Importing again


def test_reimporting_the_same_page_leaves_the_article_unchanged(db):
    run_import(SEED_PAGE)
    article = Article.objects.get()

    stdout, stderr = run_import(SEED_PAGE)

    assert stdout == "1 file: 0 created, 0 updated, 1 unchanged, 0 failed\n"
    again = Article.objects.get()
    assert again.pk == article.pk
    assert again.updated_at == article.updated_at
    assert table_counts() == SAMPLE_ROWS


def test_write_story_reports_unchanged_for_the_same_story(db):
    story = parse_page(SEED_PAGE.read_bytes(), SEED_PAGE.name)

    assert write_story(story, publish=True) == "created"
    assert write_story(story, publish=True) == "unchanged"


def test_reimporting_an_edited_page_updates_the_same_article_and_image(db, edited_page):
    run_import(SEED_PAGE)
    article = Article.objects.get()

    stdout, stderr = run_import(edited_page)

    assert stdout == "1 file: 0 created, 1 updated, 0 unchanged, 0 failed\n"
    updated = Article.objects.get()
    assert updated.pk == article.pk
    assert updated.lead_image_id == article.lead_image_id
    assert paragraphs(updated.body)[2] == (
        "North Korea and Russia deny any arms deals, officials said."
    )
    assert updated.updated_at > article.updated_at
    assert updated.first_published_at == article.first_published_at
    assert updated.published_at == article.published_at
    assert table_counts() == SAMPLE_ROWS


def test_reimporting_does_not_bring_back_an_unpublished_article(db):
    run_import(SEED_PAGE)
    article = Article.objects.get()
    article.unpublish()

    stdout, stderr = run_import(SEED_PAGE)

    assert stdout == "1 file: 0 created, 0 updated, 1 unchanged, 0 failed\n"
    again = Article.objects.get()
    assert again.status == Article.Status.DRAFT
    assert again.first_published_at == article.first_published_at


# Options


def test_draft_option_imports_a_draft(db):
    stdout, stderr = run_import(SEED_PAGE, "--draft")

    assert stdout == SUMMARY_ONE_CREATED
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.first_published_at is None


def test_draft_option_does_not_take_a_published_article_down(db):
    run_import(SEED_PAGE)

    stdout, stderr = run_import(SEED_PAGE, "--draft")

    assert stdout == "1 file: 0 created, 0 updated, 1 unchanged, 0 failed\n"
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_dry_run_writes_nothing_and_says_what_would_happen(db):
    stdout, stderr = run_import(SEED_PAGE, "--dry-run")

    assert stdout == (
        f"would create: {HEADLINE}\n"
        "1 file: 1 created, 0 updated, 0 unchanged, 0 failed "
        "(dry run: nothing was written)\n"
    )
    assert stderr == ""
    assert table_counts() == NO_ROWS


def test_dry_run_of_an_edited_page_changes_nothing(db, edited_page):
    run_import(SEED_PAGE)
    body = Article.objects.get().body

    stdout, stderr = run_import(edited_page, "--dry-run")

    assert stdout.startswith(f"would update: {HEADLINE}\n")
    assert Article.objects.get().body == body


def test_directories_import_their_pages_in_name_order(db, tmp_path):
    (tmp_path / "b.txt").write_text("Second story\n\nIts text.\n", encoding="utf-8")
    (tmp_path / "a.HTML").write_text(
        "<h1>First story</h1><p>Its text.</p>", encoding="utf-8"
    )
    (tmp_path / "notes.md").write_text("Not a page\n\nSkipped.\n", encoding="utf-8")

    stdout, stderr = run_import(tmp_path, verbosity=2)

    assert stdout == (
        "created: First story\n"
        "created: Second story\n"
        "2 files: 2 created, 0 updated, 0 unchanged, 0 failed\n"
    )
    assert set(Article.objects.values_list("source_id", flat=True)) == {
        "page:a.HTML",
        "page:b.txt",
    }


def test_a_directory_without_pages_is_an_error(db, tmp_path):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path)

    assert str(error.value) == (
        "No importable files (.atom, .htm, .html, .json, .jsonl, .ndjson, .rss, "
        ".tst, .txt, .xml) found in the given paths."
    )


# Bad input


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b" \n\t\n\n", "the file contains only whitespace"),
        (
            "photo.txt",
            png_bytes(),
            "a PNG image, which this command does not read (photos come in "
            "with import_images); it reads text and HTML pages, WordPress "
            "exports, RSS and Atom feeds, ninjs, NewsML-G2, NITF, IPTC 7901 and "
            "ANPA 1312 wire texts and its own exports (--format page, wxr, feed, "
            "ninjs, newsml, nitf, wire, jsonl)",
        ),
        (
            "latin1.txt",
            "Café au lait\n\nLe café était très bon.\n".encode("latin-1"),
            "the file is not valid UTF-8 (byte 0xE9 at offset 3); convert it to "
            "UTF-8 and import it again",
        ),
        (
            "chrome.txt",
            b"Skip to main content\n\nShare\n\nCTVNews.ca Top Stories\n\nStay Connected",
            "no headline found: nothing is left once navigation and share links "
            "are removed",
        ),
        (
            "headline.txt",
            b"Just a headline\n\nShare\n\nWith files from Reuters\n",
            "no body paragraphs found after the headline",
        ),
        (
            "empty.html",
            b"<html><body><nav><p>Home</p></nav></body></html>",
            "no headline found: nothing is left once navigation and share links "
            "are removed",
        ),
    ],
)
def test_a_bad_file_fails_with_a_one_line_reason(db, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)

    stdout, stderr, error = run_failing_import(path)

    assert stderr == f"{path}: {reason}\n"
    assert stdout == "1 file: 0 created, 0 updated, 0 unchanged, 1 failed\n"
    assert error == "1 file failed to import; see the errors above."
    assert table_counts()["articles"] == 0


def test_a_missing_path_fails_with_a_one_line_reason(db, tmp_path):
    path = tmp_path / "missing.txt"

    stdout, stderr, error = run_failing_import(path)

    assert stderr == f"{path}: cannot read the file: No such file or directory\n"
    assert error == "1 file failed to import; see the errors above."


def test_a_mixed_run_imports_the_good_file_and_reports_the_bad_one(db, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    stdout, stderr, error = run_failing_import(SEED_PAGE, empty)

    assert stdout == "2 files: 1 created, 0 updated, 0 unchanged, 1 failed\n"
    assert stderr == f"{empty}: the file is empty\n"
    assert error == "1 file failed to import; see the errors above."
    assert Article.objects.get().headline == HEADLINE


def test_the_failure_count_is_plural(db, tmp_path):
    paths = [tmp_path / "one.txt", tmp_path / "two.txt"]

    stdout, stderr, error = run_failing_import(*paths)

    assert stdout == "2 files: 0 created, 0 updated, 0 unchanged, 2 failed\n"
    assert error == "2 files failed to import; see the errors above."


def test_a_utf8_byte_order_mark_is_fine():
    story = parse_page(b"\xef\xbb\xbfHeadline\n\nBody text.\n", "bom.txt")

    assert story.headline == "Headline"
    assert story.body_html == "<p>Body text.</p>"


def test_an_html_page_may_declare_another_charset():
    page = b'<meta charset="windows-1252"><h1>Caf\xe9</h1><p>Tr\xe8s bon.</p>'

    story = parse_page(page, "cafe.html")

    assert story.headline == "Café"
    assert story.body_html == "<p>Très bon.</p>"


def test_a_page_labelled_latin_1_is_read_as_windows_1252_like_browsers_do():
    page = b'<meta charset="iso-8859-1"><h1>\x93Caf\xe9\x94</h1><p>Text.</p>'

    assert parse_page(page, "quotes.html").headline == "\u201cCaf\u00e9\u201d"


def test_a_text_file_cannot_declare_a_charset():
    page = b'<meta charset="iso-8859-1">\n\nCaf\xe9\n\nText.\n'

    with pytest.raises(StoryError) as error:
        parse_page(page, "cafe.txt")

    assert str(error.value) == (
        "the file is not valid UTF-8 (byte 0xE9 at offset 32); convert it to "
        "UTF-8 and import it again"
    )


# Writing is all or nothing


def test_a_story_the_database_refuses_leaves_nothing_behind(db):
    # An "author" credit on a photo breaks the credit_role_fits_target check,
    # after the article, its image and its other credits were written.
    story = Story(
        source_id="test:refused",
        headline="A refused story",
        body_html="<p>Text.</p>",
        credits=[CreditRef(name="Reuters", role="contributor")],
        lead_image=ImageRef(
            caption="A photo.",
            credits=[
                CreditRef(name="Jane Doe", role="creator"),
                CreditRef(name="John Roe", role="author"),
            ],
        ),
    )

    with pytest.raises(StoryError) as error:
        write_story(story, publish=True)

    assert str(error.value) == (
        "not saved: Articles take author and contributor credits; images take "
        "creator, provider and distributor credits."
    )
    assert table_counts() == NO_ROWS


def test_the_command_reports_a_page_that_cannot_be_saved(db, tmp_path):
    # A source id longer than the column: found only once the photo and its
    # contributors are written, and they must go too.
    long_url = "https://news.example.com/" + "a" * 480
    page = HTML_PAGE.replace("https://news.example.com/world/kim-jet-plant", long_url)
    path = tmp_path / "long.html"
    path.write_text(page, encoding="utf-8")

    stdout, stderr, error = run_failing_import(SEED_PAGE, path)

    assert stderr == (
        f"{path}: not saved: source_id: Ensure this value has at most 500 "
        "characters (it has 505).\n"
    )
    assert stdout == "2 files: 1 created, 0 updated, 0 unchanged, 1 failed\n"
    assert table_counts() == SAMPLE_ROWS


# HTML pages


def test_an_html_page_is_imported_from_its_article_text(db, tmp_path):
    path = tmp_path / "kim.html"
    path.write_text(HTML_PAGE, encoding="utf-8")

    stdout, stderr = run_import(path)

    assert stdout == SUMMARY_ONE_CREATED
    article = Article.objects.get()
    assert article.source_id == "https://news.example.com/world/kim-jet-plant"
    assert article.headline == "Kim Jong Un visits Russian fighter jet plant"
    assert article.standfirst == "Kim Jong Un toured a fighter jet factory."
    assert article.body == (
        "<p>North Korean leader Kim Jong Un toured a plant that builds fighter "
        "jets.</p>\n<p>The visit lasted two hours &amp; ended at noon.</p>"
    )
    assert credits_of(article) == [("author", "Jane Roe", "", "person")]
    assert article.credit_line == "By Jane Roe"
    image = article.lead_image
    assert image.caption == "Kim Jong Un looks at a cockpit in Komsomolsk-on-Amur."
    assert image.alt_text == "Kim Jong Un in a cockpit"
    assert credits_of(image) == [
        ("creator", "Jane Doe", "", "person"),
        ("provider", "Reuters", "", "agency"),
    ]
    assert image.credit_line == "Jane Doe/Reuters"
    assert (
        run_import(path)[0] == "1 file: 0 created, 0 updated, 1 unchanged, 0 failed\n"
    )


def test_an_html_page_loses_scripts_navigation_and_page_furniture():
    story = parse_page(HTML_PAGE.encode(), "kim.html")

    for text in ("SECRET", "INJECTED", "Home", "Example News", "banner", "Most read"):
        assert text not in story.body_html
    assert "Share" not in story.body_html


def test_an_html_page_without_h1_or_canonical_uses_title_and_file_name():
    page = b"<html><head><title>From the title</title></head><p>Text.</p></html>"

    story = parse_page(page, "old-page.htm")

    assert story.headline == "From the title"
    assert story.source_id == "page:old-page.htm"
    assert story.body_html == "<p>Text.</p>"


def test_og_url_is_the_source_id_without_a_canonical_link():
    page = b'<meta property="og:url" content="https://x.example/s"><h1>H</h1><p>T.</p>'

    assert parse_page(page, "s.html").source_id == "https://x.example/s"


# Line rules


def test_text_is_escaped_in_the_body():
    story = parse_page(b"Headline\n\nFish & chips <b>cost</b> more.\n", "f.txt")

    assert story.body_html == "<p>Fish &amp; chips &lt;b&gt;cost&lt;/b&gt; more.</p>"


def test_a_paragraph_ending_in_an_aside_is_not_a_caption():
    page = (
        "Headline\n\n"
        "The plant is about 6,200 kilometres from Moscow (3,900 miles)\n\n"
        "Second paragraph.\n"
    )

    story = parse_page(page.encode(), "aside.txt")

    assert story.lead_image is None
    assert paragraphs(story.body_html) == [
        "The plant is about 6,200 kilometres from Moscow (3,900 miles)",
        "Second paragraph.",
    ]


def test_bylines_and_trailers_become_credits():
    page = (
        "Headline\n\n"
        "By Jane Doe and John Roe, CTVNews.ca Writers\n\n"
        "Body paragraph.\n\n"
        "— With files from The Associated Press and Reuters\n\n"
        "With reporting by Ann Poe.\n"
    )

    story = parse_page(page.encode(), "bylines.txt")

    assert story.credits == [
        CreditRef(name="Jane Doe", role="author", kind="person"),
        CreditRef(name="John Roe", role="author", kind="person"),
        CreditRef(name="The Associated Press", role="contributor", kind="agency"),
        CreditRef(name="Reuters", role="contributor", kind="agency"),
        CreditRef(name="Ann Poe", role="contributor", kind="person"),
    ]
    assert story.body_html == "<p>Body paragraph.</p>"


def test_a_sentence_starting_with_by_is_not_a_byline():
    page = b"Headline\n\nBy the end of 2023, the plant had built 20 jets.\n"

    story = parse_page(page, "by.txt")

    assert story.credits == []
    assert story.body_html == "<p>By the end of 2023, the plant had built 20 jets.</p>"


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        (
            "Khabarovsky Krai region government via AP",
            [
                CreditRef(
                    name="Khabarovsky Krai region government",
                    role="provider",
                    kind="organisation",
                ),
                CreditRef(name="AP", role="distributor", kind="agency"),
            ],
        ),
        (
            "AP Photo/Jane Doe",
            [
                CreditRef(name="Jane Doe", role="creator", kind="person"),
                CreditRef(name="AP", role="provider", kind="agency"),
            ],
        ),
        (
            "Jane Doe/Reuters",
            [
                CreditRef(name="Jane Doe", role="creator", kind="person"),
                CreditRef(name="Reuters", role="provider", kind="agency"),
            ],
        ),
        (
            "Handout",
            [CreditRef(name="Handout", role="provider", kind="organisation")],
        ),
        (
            "AP Photo/Jane Doe, File",
            [
                CreditRef(name="Jane Doe", role="creator", kind="person"),
                CreditRef(name="AP", role="provider", kind="agency"),
            ],
        ),
        (
            "THE CANADIAN PRESS/Sean Kilpatrick",
            [
                CreditRef(name="Sean Kilpatrick", role="creator", kind="person"),
                CreditRef(name="THE CANADIAN PRESS", role="provider", kind="agency"),
            ],
        ),
    ],
)
def test_parse_photo_credit(text, credits):
    assert parse_photo_credit(text) == credits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khabarovsky Krai region government via AP", True),
        ("AP Photo/Jane Doe", True),
        ("Reuters", True),
        ("Getty Images", True),
        ("3,900 miles", False),
        ("50 km/h", False),
        ("DPRK", False),
    ],
)
def test_looks_like_credit(text, expected):
    assert looks_like_credit(text) is expected


# Progress


@pytest.mark.parametrize(
    ("current", "total", "bar"),
    [
        (0, 4, "[------------------------------] 0/4"),
        (1, 4, "[#######-----------------------] 1/4"),
        (2, 4, "[###############---------------] 2/4"),
        (4, 4, "[##############################] 4/4"),
        (0, 0, "[##############################] 0/0"),
    ],
)
def test_progress_bar(current, total, bar):
    assert progress_bar(current, total) == bar


class TerminalOutput(StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_only_on_a_terminal(db):
    terminal = TerminalOutput()

    call_command(
        "import_articles",
        str(SEED_PAGE),
        stdout=terminal,
        stderr=StringIO(),
        no_color=True,
    )

    bar = "[##############################] 100% 1 record"
    assert terminal.getvalue() == f"{bar}\r{' ' * len(bar)}\r{SUMMARY_ONE_CREATED}"


def test_no_progress_bar_in_a_pipe(db):
    stdout, stderr = run_import(SEED_PAGE)

    assert "\r" not in stdout
