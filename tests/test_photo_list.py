"""The photo list (issue 17, item 6, in part): each photo's thumbnail,
credit line, rights status and the stories it is used on, in a number of
queries that does not grow with the photos or their stories."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers.admin import changelist
from tests.helpers.photo_library import library_photo


def story(headline: str, slug: str, **fields) -> Article:
    return Article.objects.create(headline=headline, slug=slug, **fields)


def cell(html: str, column: str) -> str:
    """The first cell of `column` on the page."""
    match = re.search(rf'<t[dh] class="field-{column}[" ][^>]*>(.*?)</t[dh]>', html)
    assert match, column
    return match.group(1)


def test_a_photo_row_shows_thumbnail_credit_rights_and_where_it_is_used(admin_client):
    expired_at = timezone.now() - timedelta(days=1)
    photo = library_photo(
        "Barrier", shade=1, credits=("Paul Chiasson",), rights_expire_at=expired_at
    )
    lead = story("Barrier holds", "barrier-holds", lead_image=photo)
    body = story(
        "Storm passes",
        "storm-passes",
        body=f'<figure><img src="/renditions/{photo.pk}/v/card.jpeg" alt=""></figure>',
    )

    html = admin_client.get(changelist("image")).content.decode()

    assert f"/renditions/{photo.pk}/" in cell(html, "list_thumbnail")
    assert cell(html, "credit") == "Paul Chiasson"
    assert cell(html, "rights") == (
        '<span class="rights-badge rights-expired">Expired: withheld</span>'
    )
    assert cell(html, "where_used") == (
        f'<a href="/admin/articles/article/{body.pk}/change/">Storm passes</a>, '
        f'<a href="/admin/articles/article/{lead.pk}/change/">Barrier holds</a>'
    )


def test_a_photo_on_many_stories_names_three_and_counts_the_rest(admin_client):
    photo = library_photo("Barrier", shade=1)
    for number in range(5):
        story(f"Story {number}", f"story-{number}", lead_image=photo)

    html = admin_client.get(changelist("image")).content.decode()

    assert cell(html, "where_used").endswith("Story 2</a> and 2 more")


def test_an_unused_photo_with_no_expiry(admin_client):
    library_photo("Barrier", shade=1)

    html = admin_client.get(changelist("image")).content.decode()

    assert cell(html, "rights") == (
        '<span class="rights-badge rights-none">No expiry</span>'
    )
    assert cell(html, "where_used") == "-"


# Session and user (2), the changelist's savepoint and its release (2), the
# page's count and the unfiltered count (2), the photos (1), their credits
# with contributors (1), the stories they lead (1) and appear in (1), the
# content-type filter's choices (1): the same for 1 photo or 6, each on two
# stories.
PHOTO_LIST_QUERIES = 11


@pytest.mark.parametrize("photos", [1, 6])
def test_the_photo_list_costs_the_same_queries_for_any_number_of_photos(
    admin_client, django_assert_num_queries, photos
):
    for shade in range(photos):
        photo = library_photo(f"Photo {shade}", shade=shade, credits=("Anna Smith",))
        story(f"Lead {shade}", f"lead-{shade}", lead_image=photo)
        src = f"/renditions/{photo.pk}/v/card.jpeg"
        story(f"Body {shade}", f"body-{shade}", body=f'<p><img src="{src}"></p>')

    with django_assert_num_queries(PHOTO_LIST_QUERIES):
        response = admin_client.get(changelist("image"))

    assert response.content.decode().count('<td class="field-where_used">') == photos
