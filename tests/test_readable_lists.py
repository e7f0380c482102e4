"""Lists and history that read well (issue 17, item 6): the article list's
columns and its pinned query count whatever the number of stories; the
body's history diff block by block with the changed words marked, escaped;
breadcrumbs on the history, version, changes and preview pages whose every
link opens."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles.admin.block_diff import block_diff
from articles.delivery.preview import preview_urls
from articles.models import (
    Article,
    ArticleDraft,
    Contributor,
    Credit,
    Image,
    Section,
)
from tests.helpers.images import make_jpeg

LIST = "/admin/articles/article/"


def stories(count: int, editor) -> None:
    """`count` stories with everything the list shows: a photo, a nested
    section, two credits, a last editor, and every other one live with a
    working draft waiting."""
    parent, _ = Section.objects.get_or_create(name="News", slug="news")
    section, _ = Section.objects.get_or_create(
        name="Harbours", slug="harbours", parent=parent
    )
    reporter, _ = Contributor.objects.get_or_create(name="Ana Lima", slug="lima")
    agency, _ = Contributor.objects.get_or_create(
        name="Reuters", slug="reuters", kind=Contributor.Kind.AGENCY
    )
    start = Article.objects.count()
    for n in range(start, start + count):
        image, _ = Image.objects.get_or_create_for_file(
            io.BytesIO(make_jpeg(20 + n, 16)), original_filename=f"{n}.jpg"
        )
        story = Article.objects.create(
            headline=f"Harbour story number {n} with a headline of a usual length",
            slug=f"story-{n}",
            section=section,
            lead_image=image,
            updated_by=editor,
        )
        Credit.objects.create(article=story, contributor=reporter, role="author")
        Credit.objects.create(article=story, contributor=agency, role="contributor")
        if n % 2:
            story.publish(at=timezone.now() - timedelta(hours=1))
            ArticleDraft.objects.create(
                article=story,
                values={"headline": "Changed"},
                base_revision=story.revision,
                saved_at=timezone.now(),
            )


# The article list: session, user, the filters' choices (sections, authors,
# tags), the counts (filtered and all), the rows (section, parents, photo,
# last editor and the waiting draft joined), credits with their
# contributors, in a savepoint (2); the date hierarchy's range and days (2).
ARTICLE_LIST_QUERIES = 13


@pytest.mark.parametrize("count", [3, 20])
def test_the_article_list_costs_the_same_for_3_or_20_stories(
    admin_client, superuser, django_assert_num_queries, count
):
    stories(count, superuser)

    with django_assert_num_queries(ARTICLE_LIST_QUERIES):
        response = admin_client.get(LIST)

    assert len(response.context["cl"].result_list) == count


def test_the_article_list_shows_what_an_editor_scans_for(admin_client, superuser):
    superuser.first_name, superuser.last_name = "Rita", "Root"
    superuser.save()
    stories(2, superuser)

    page = admin_client.get(LIST).content.decode()

    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)
    assert headers == [
        "lead_image_thumbnail",
        "headline",
        "section",
        "byline",
        "status_badge",
        "last_change",
    ]
    row = page[page.index('<tr><td class="action-checkbox">') :]
    row = row[: row.index("</tr>")]
    assert 'class="admin-thumbnail"' in row
    assert '<th class="field-headline"><a href=' in row  # the link
    assert "News › Harbours" in row or "Harbours" in row
    assert "Ana Lima" in row
    assert "status-badge" in row
    assert "by Rita Root</small>" in row
    assert "articles/admin/article-list.css" in page


# The history diff, block by block ----------------------------------------


def test_changed_words_are_marked_inside_paragraphs_and_headings():
    old = "<h2>Storm hits the coast</h2><p>The barrier held all night.</p>"
    new = "<h2>Storm hits the north coast</h2><p>The barrier held until dawn.</p>"

    diff = str(block_diff(old, new))

    assert diff.count('class="diff-block diff-changed"') == 2
    assert "Heading 2 (changed)" in diff
    assert "Storm hits the <ins>north</ins> coast" in diff
    assert "The barrier held <del>all night.</del> <ins>until dawn.</ins>" in diff


def test_blocks_that_came_or_went_are_marked_whole():
    old = "<p>One.</p><p>Two.</p><p>Three.</p>"
    new = "<p>One.</p><p>Three.</p><blockquote><p>A quote.</p></blockquote>"

    diff = str(block_diff(old, new))

    assert '<span class="diff-kind">Paragraph (removed)</span> <del>Two.</del>' in diff
    assert '<span class="diff-kind">Quote (added)</span> <ins>A quote.</ins>' in diff
    assert "One." in diff and "Three." in diff


def test_long_unchanged_runs_are_folded():
    same = "".join(f"<p>Paragraph {n}.</p>" for n in range(10))

    diff = str(block_diff(same + "<p>Old end.</p>", same + "<p>New end.</p>"))

    assert "… 9 unchanged blocks …" in diff
    assert "Paragraph 9." in diff and "Paragraph 0." not in diff
    assert "<del>Old</del> <ins>New</ins> end." in diff


def test_the_diff_shows_text_never_markup():
    old = "<p>Safe &lt;script&gt;alert(1)&lt;/script&gt; text.</p>"
    new = '<p>Safe <a href="javascript:x">&lt;img onerror=x&gt;</a> text.</p>'

    diff = str(block_diff(old, new))

    assert "<script" not in diff and "<img" not in diff and "<a " not in diff
    assert "&lt;img onerror=x&gt;" in diff


@pytest.fixture
def history(admin_client, article):
    """Two versions of a story: the second changes one word of its body."""
    for body in ("<h2>Barrier</h2><p>It held all night.</p>",
                 "<h2>Barrier</h2><p>It held until dawn.</p>"):  # fmt: skip
        with reversion.create_revision():
            article.body = body
            article.save()
    return Version.objects.get_for_object(article).first()


def test_the_history_page_shows_the_body_block_by_block(admin_client, article, history):
    url = f"{LIST}{article.pk}/history/{history.pk}/changes/"

    page = admin_client.get(url).content.decode()

    assert "It held <del>all night.</del> <ins>until dawn.</ins>" in page
    assert "articles/admin/changes.css" in page


def crumbs(page: str) -> list[str]:
    """The breadcrumbs' links; none of them may say "Not Found"."""
    found = re.search(
        r'<(ol|ul|div)[^>]*class="breadcrumbs?"[^>]*>(.*?)</\1>', page, re.S
    )
    assert found, "no breadcrumbs"
    assert "Not Found" not in found.group(2)
    return re.findall(r'href="([^"]+)"', found.group(2))


def test_every_breadcrumb_opens(admin_client, article, history):
    pages = [
        f"{LIST}{article.pk}/history/",
        f"{LIST}{article.pk}/history/{history.pk}/",
        f"{LIST}{article.pk}/history/{history.pk}/changes/",
        preview_urls(article).api,
    ]
    for url in pages:
        page = admin_client.get(url, HTTP_ACCEPT="text/html").content.decode()
        links = crumbs(page)
        assert len(links) >= 1, url
        for link in links:
            assert admin_client.get(link, HTTP_ACCEPT="text/html").status_code == 200, (
                url,
                link,
            )
    changes = admin_client.get(pages[2]).content.decode()
    assert crumbs(changes) == [
        "/admin/",
        "/admin/articles/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
    ]
