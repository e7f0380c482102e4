"""From a story's admin page back to the wire items it came from, and from a
wire item (merged or not) to its story (issue 19)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from articles.admin.wire_links import wire_items_of
from articles.models import WireItem, WireSource
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.wire import OTHER, poll_source, wire_folder

QUEUE = "/admin/articles/wireitem/"
STORY = "/admin/articles/article/{}/change/"


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def queued(settings, tmp_path, staff) -> WireSource:
    settings.CMS_WIRE_ROOT = tmp_path
    wire_folder(tmp_path, "desk", [OTHER / "IPTC7901.txt", OTHER / "anpa-1.tst"])
    source = WireSource.objects.create(name="AP", location="desk")
    poll_source(source)
    return source


def received(item: WireItem) -> str:
    return timezone.localtime(item.received_at).strftime("%Y-%m-%d %H:%M")


def test_a_story_links_back_to_its_wire_item(client, queued, staff):
    client.force_login(staff["edith"])
    item = WireItem.objects.get(article__source_id__startswith="anpa:")

    page = client.get(STORY.format(item.article_id)).content.decode()

    assert (
        f'<a href="{QUEUE}{item.pk}/change/">the wire item</a>\n'
        f"  (AP, received {received(item)})"
    ) in page


def test_a_merged_story_links_to_every_item_and_each_item_to_it(client, queued, staff):
    client.force_login(staff["edith"])
    dpa = WireItem.objects.get(article__source_id__startswith="iptc7901:")
    ap = WireItem.objects.get(article__source_id__startswith="anpa:")
    client.post(
        QUEUE, {"action": "merge_selected", "_selected_action": [dpa.pk, ap.pk]}
    )
    dpa.refresh_from_db()
    ap.refresh_from_db()
    assert ap.merged_into_id == dpa.article_id

    page = client.get(STORY.format(dpa.article_id)).content.decode()
    kept = f'<a href="{QUEUE}{dpa.pk}/change/">the wire item</a>'
    merged = (
        f'<a href="{QUEUE}{ap.pk}/change/">'
        "“For Argentine chemo patients, mirrors can hurt”, merged in</a>"
    )
    assert kept in page and merged in page
    assert page.index(kept) < page.index(merged)  # earliest received first

    item_page = client.get(f"{QUEUE}{ap.pk}/change/").content.decode()
    assert (
        f'merged into <a href="{STORY.format(dpa.article_id)}">'
        f"story {dpa.article_id}</a>"
    ) in item_page
    assert f'href="{STORY.format(ap.article_id)}"' in item_page  # its own draft


def test_no_wire_link_for_who_cannot_open_the_queue_or_a_story_not_from_it(
    client, queued, staff
):
    item = WireItem.objects.get(article__source_id__startswith="anpa:")
    client.force_login(staff["pablo"])  # a photo editor may view stories
    page = client.get(STORY.format(item.article_id))
    assert page.status_code == 200
    assert "From the wire" not in page.content.decode()
    assert client.get(f"{QUEUE}{item.pk}/change/").status_code == 403

    client.force_login(staff["edith"])
    WireItem.objects.filter(pk=item.pk).delete()  # the story stays
    page = client.get(STORY.format(item.article_id))
    assert page.status_code == 200
    assert "From the wire" not in page.content.decode()


def test_a_storys_wire_items_are_one_query(queued, django_assert_num_queries):
    dpa, ap = WireItem.objects.order_by("received_at", "pk")
    WireItem.objects.filter(pk=ap.pk).update(merged_into=dpa.article)
    with django_assert_num_queries(1):
        items = wire_items_of(dpa.article)
        names = [item.article.headline for item in items]
    assert [item.pk for item in items] == [dpa.pk, ap.pk]
    assert len(names) == 2
