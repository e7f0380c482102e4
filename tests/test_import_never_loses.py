"""What an import must never lose: a live story's words when a source comes
back cut short, a WordPress post WordPress allowed without a title, the posts
of a WordPress export read before it broke."""

from __future__ import annotations

import json
import re

from articles.models import Article
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_failing_import, run_import

HEISE = CORPUS / "feeds/real-feeds/heise.atom"
THEME_UNIT_TEST = CORPUS / "wxr/theme-test-data/themeunittestdata.wordpress.xml"
SMALL_EXPORT = CORPUS / "wxr/wordpress-importer/small-export.xml"
FIRST_ENTRY = "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"


def shortened_heise(tmp_path):
    """The feed's first seven entries, the first of them without its summary
    and content: a feed cut short whose entry lost its words."""
    text = HEISE.read_text(encoding="utf-8")
    head, *entries = text.split("    <entry>")
    first = re.sub(r"<summary.*?</summary>", "", entries[0], flags=re.S)
    first = re.sub(r"<content.*?</content>", "", first, flags=re.S)
    kept = [first, *entries[1:6], entries[6].split("</feed>")[0]]
    path = tmp_path / "heise.atom"
    path.write_text(head + "".join("    <entry>" + e for e in kept) + "</feed>\n")
    return path


# A shortened feed never empties a published story


def test_a_shortened_feed_never_empties_a_published_story(db, tmp_path):
    run_import(HEISE)
    story = Article.objects.get(headline=FIRST_ENTRY)
    body, updated_at = story.body, story.updated_at
    assert "WildFly" in body and story.status == "published"

    stdout, stderr, error = run_failing_import(shortened_heise(tmp_path))

    assert stdout == (
        "1 file, 7 records: 0 created, 0 updated, 6 unchanged, 1 failed "
        "(1 refused: would empty a story)\n"
    )
    assert stderr == (
        f'{tmp_path / "heise.atom"}: entry 1 (id "http://heise.de/-3088438"): '
        "refused: the source has no body now and the story has; importing it "
        "would empty the story (--allow-emptying allows it)\n"
    )
    assert error == "1 record failed to import; see the errors above."
    story.refresh_from_db()
    assert (story.body, story.updated_at) == (body, updated_at)


def test_allow_emptying_lets_the_source_empty_the_story(db, tmp_path):
    run_import(HEISE)

    stdout, _ = run_import(shortened_heise(tmp_path), allow_emptying=True)

    assert stdout.startswith(
        "1 file, 7 records: 0 created, 1 updated, 6 unchanged, 0 failed"
    )
    assert Article.objects.get(headline=FIRST_ENTRY).body == ""


def test_a_new_story_without_a_body_is_still_imported(db, tmp_path):
    stdout, _ = run_import(shortened_heise(tmp_path))

    assert stdout.startswith("1 file, 7 records: 7 created,")
    assert Article.objects.get(headline=FIRST_ENTRY).body == ""


# An untitled WordPress post is a draft with a placeholder headline


def test_an_untitled_wordpress_post_is_imported_as_a_draft(db, tmp_path):
    errors = tmp_path / "errors.jsonl"

    stdout, stderr = run_import(THEME_UNIT_TEST, errors=errors)

    assert stdout == (
        "1 file, 186 records: 58 created, 0 updated, 0 unchanged, 0 failed, "
        "128 skipped; 9 warnings\n"
    )
    assert stderr == ""
    untitled = Article.objects.get(source_id__endswith=":1169")
    assert (untitled.headline, untitled.status, untitled.slug) == (
        "Untitled WordPress post 1169",
        "draft",
        "untitled-wordpress-post-1169",
    )
    assert {
        "level": "warning",
        "file": str(THEME_UNIT_TEST),
        "record": "item 161 (post 1169)",
        "message": "the post has no title; imported as a draft: "
        "'Untitled WordPress post 1169'",
    } in [json.loads(line) for line in errors.read_text().splitlines()]


def test_an_untitled_post_an_editor_named_is_not_renamed_by_a_rerun(db):
    run_import(THEME_UNIT_TEST)
    Article.objects.filter(source_id__endswith=":1169").update(headline="Named")

    stdout, _ = run_import(THEME_UNIT_TEST)

    assert " 58 unchanged" in stdout
    assert Article.objects.get(source_id__endswith=":1169").headline == "Named"


# A broken WordPress export keeps the posts read before the break


def test_a_broken_wordpress_export_keeps_the_posts_before_the_break(db, tmp_path):
    lines = SMALL_EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.xml"
    # Cut after the eighth item (post "Foo-child"), inside an unclosed item.
    broken.write_text(
        "".join(lines[:337]) + "\t<item>\n\t\t<title>Cut off</title>\n\t</channel>\n"
    )

    stdout, stderr, error = run_failing_import(broken)

    assert stdout == (
        "1 file, 8 records: 3 created, 0 updated, 0 unchanged, 1 failed, "
        "5 skipped; 1 warning (shown with -v 2 or --errors FILE)\n"
    )
    assert stderr == (
        f"{broken}: not well-formed XML at line 340, column 3: mismatched tag\n"
    )
    assert error == "1 file failed to import; see the errors above."
    assert sorted(Article.objects.values_list("headline", "status")) == [
        ("Foo-child", "published"),
        ("Hello world!", "published"),
        ("Private Post", "draft"),
    ]


def test_a_wordpress_export_broken_before_any_post_writes_nothing(db):
    path = CORPUS / "wxr/wordpress-importer/malformed.xml"

    _, stderr, _ = run_failing_import(path)

    assert (
        stderr == f"{path}: not well-formed XML at line 90, column 2: mismatched tag\n"
    )
    assert Article.objects.count() == 0


# One over-long field never loses the whole story

TT_TEXT_IMAGE = CORPUS / "ninjs/examples/3.0/tt_text_image_3.json"
NOTICE = "© " + " ".join(f"clause-{n:03d}" for n in range(79)) + "."


def test_a_photo_with_a_long_copyright_notice_keeps_it_whole(db, tmp_path):
    document = json.loads(TT_TEXT_IMAGE.read_text(encoding="utf-8"))
    picture = document["associations"][0]
    picture["copyrightnotice"] = NOTICE
    picture["usageterms"] = NOTICE.upper()
    document["headlines"][0]["value"] = " ".join(["Försvarsövning"] * 25)
    path = tmp_path / "tt.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"

    stdout, _ = run_import(path, errors=errors)

    assert len(NOTICE) == 871
    assert stdout == "1 file: 1 created, 0 updated, 0 unchanged, 0 failed; 2 warnings\n"
    article = Article.objects.get()
    assert article.headline == " ".join(["Försvarsövning"] * 19) + "…"
    assert len(article.headline) == 285
    photo = article.lead_image
    assert (photo.copyright_notice, photo.usage_terms) == (NOTICE, NOTICE.upper())
    assert article.language == "sv"
    assert [
        json.loads(line)["message"] for line in errors.read_text().splitlines()
    ] == [
        "headline cut to 300 characters (it had 374)",
        "language 'sv' is not one of the newsroom's languages (en, fr): kept as "
        "'sv', not published as another language",
    ]


def test_over_long_names_tags_and_photo_words_are_cut_not_fatal(db, tmp_path):
    long_name = "Agence " + " ".join(["Internationale"] * 20)  # 306 characters
    photo = {
        "id": 7,
        "headline": "Harbour " * 50,
        "alt_text": "Cranes " * 100,
        "copyright_notice": NOTICE,
        "credit_line_override": NOTICE,
        "credits": [{"role": "creator", "contributor": {"name": long_name}}],
    }
    story = {
        "type": "article",
        "source_id": "x:long",
        "headline": "Port reopens",
        "status": "published",
        "body_html": "<p>Ships are back.</p>",
        "section": {"name": "Section " * 20},
        "tags": [{"name": "tag " * 40}],
        "credits": [{"role": "author", "contributor": {"name": long_name}}],
        "lead_image": photo,
    }
    header = {"type": "export", "format": "newsroom-cms", "version": 1}
    path = tmp_path / "content.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (header, story)) + "\n")

    stdout, _ = run_import(path)

    assert stdout == (
        "1 file: 1 created, 0 updated, 0 unchanged, 0 failed; 6 warnings "
        "(shown with -v 2 or --errors FILE)\n"
    )
    article = Article.objects.get()
    assert article.section.name == " ".join(["Section"] * 12) + "…"
    assert [t.name for t in article.tags.all()] == [" ".join(["tag"] * 24) + "…"]
    names = {c.contributor.name for c in article.credits.all()}
    assert names == {"Agence " + " ".join(["Internationale"] * 12) + "…"}
    image = article.lead_image
    assert (image.copyright_notice, image.credit_line_override) == (NOTICE, NOTICE)
    assert len(image.headline) <= 300 and image.headline.endswith("Harbour…")
    assert len(image.alt_text) <= 500 and image.alt_text.endswith("Cranes…")
