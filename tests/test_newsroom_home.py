"""The newsroom's home page at /admin/: each role's panels with their counts
and links, agreeing with the changelists they link to and with what readers
see; a fixed number of queries whatever the number of stories; and the
technical records kept from everyone but superusers."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin.dashboard import working_draft_model
from articles.models import Article, Image
from tests.helpers.admin import rows
from tests.helpers.clock import let_pass
from tests.helpers.newsroom import newsroom_staff

HOME = "/admin/"


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def story(headline: str, author, status: str = "draft", **fields) -> Article:
    slug = headline.lower().replace(" ", "-").replace("'", "").replace(",", "")
    return Article.objects.create(
        headline=headline, slug=slug, status=status, created_by=author, **fields
    )


@pytest.fixture
def newsroom(staff):
    """A day's stories and photos, around now."""
    now = timezone.now()
    wanda, walter, edith = staff["wanda"], staff["walter"], staff["edith"]
    story("Wanda's first draft", wanda)
    story("Wanda's second draft", wanda)
    story("Wanda's review", wanda, "review")
    story("Walter's draft", walter)
    story("Walter's review", walter, "review")
    story("Scheduled soon", edith, "scheduled", published_at=now + timedelta(hours=2))
    story("Scheduled later", edith, "scheduled", published_at=now + timedelta(hours=30))
    story(
        "Published, embargoed",
        edith,
        "published",
        published_at=now - timedelta(hours=1),
        embargo_until=now + timedelta(hours=3),
    )
    story(
        "Draft under embargo", edith, embargo_until=now + timedelta(hours=2)
    )  # a draft's embargo lifting makes nothing public
    story(
        "Published an hour ago",
        edith,
        "published",
        published_at=now - timedelta(hours=1),
    )
    story(
        "Published last week", edith, "published", published_at=now - timedelta(days=7)
    )
    live = Article.objects.get(headline="Published an hour ago")
    working_draft_model().objects.create(
        article=live, base_revision=live.revision, saved_at=now
    )
    Image.objects.create(
        caption="Harbour at dawn", rights_expire_at=now + timedelta(days=3)
    )
    Image.objects.create(
        caption="Pier at night", rights_expire_at=now + timedelta(days=10)
    )
    Image.objects.create(caption="Old ferry", rights_expire_at=now - timedelta(days=1))
    Image.objects.create(caption="Lighthouse")
    return staff


def panels_of(response) -> dict[str, dict]:
    """Each panel on the page by its key: title, count, row labels, and the
    link to the whole list (None when the panel is empty)."""
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content)
    found = {}
    for section in doc.xpath('//section[contains(@class, "newsroom-panel")]'):
        count = section.xpath('.//span[contains(@class, "newsroom-count")]')[0]
        link = section.xpath('.//p[@class="newsroom-all"]/a/@href')
        found[section.get("id").removeprefix("panel-")] = {
            "title": section.xpath(".//span[@class='newsroom-panel-name']")[0].text,
            "count": int(count.text_content().split()[-1]),
            "rows": [
                a.text for a in section.xpath('.//ul[@class="newsroom-rows"]/li/a')
            ],
            "link": link[0] if link else None,
        }
    return found


def test_an_editor_sees_what_waits_across_the_newsroom(newsroom):
    panels = panels_of(client_for(newsroom["edith"]).get(HOME))
    assert {key: (p["count"], p["rows"]) for key, p in panels.items()} == {
        "my-drafts": (1, ["Draft under embargo"]),
        "review": (2, ["Walter's review", "Wanda's review"]),
        "scheduled": (1, ["Scheduled soon"]),
        "embargoes": (1, ["Published, embargoed"]),
        "published": (1, ["Published an hour ago"]),
        "rights": (1, ["Harbour at dawn"]),
        "pending-drafts": (1, ["Published an hour ago"]),
        "stale-editions": (0, []),  # issue 23: tests/test_edition_stale.py
    }
    assert panels["review"]["title"] == "Waiting for review"


def test_a_writer_sees_their_own_drafts_and_submissions(newsroom):
    panels = panels_of(client_for(newsroom["wanda"]).get(HOME))
    assert panels["my-drafts"]["count"] == 2
    assert sorted(panels["my-drafts"]["rows"]) == [
        "Wanda's first draft",
        "Wanda's second draft",
    ]
    assert panels["review"]["title"] == "My stories waiting for review"
    assert (panels["review"]["count"], panels["review"]["rows"]) == (
        1,
        ["Wanda's review"],
    )
    assert panels["rights"]["rows"] == ["Harbour at dawn"]


def test_a_photo_editor_sees_no_drafts_panel(newsroom):
    panels = panels_of(client_for(newsroom["pablo"]).get(HOME))
    assert "my-drafts" not in panels
    assert panels["rights"]["rows"] == ["Harbour at dawn"]


def test_each_panels_link_lists_what_the_panel_counts(newsroom):
    for user in (newsroom["wanda"], newsroom["edith"]):
        client = client_for(user)
        for key, panel in panels_of(client.get(HOME)).items():
            if panel["link"] is None:
                continue
            listed = [str(row) for row in rows(client.get(panel["link"]))]
            if key == "published":
                # The list is by date: it also shows stories of the day still
                # under embargo, marked "Published (waiting)".
                assert set(panel["rows"]) < set(listed), key
            else:
                assert sorted(listed) == sorted(panel["rows"]), (user, key)


def test_panels_follow_the_clock_readers_see(staff, time_machine):
    now, edith = timezone.now(), staff["edith"]
    soon = story(
        "Goes public in a moment",
        edith,
        "scheduled",
        published_at=now + timedelta(seconds=2),
    )
    held = story(
        "Held a moment",
        edith,
        "published",
        published_at=now - timedelta(hours=1),
        embargo_until=now + timedelta(seconds=2),
    )
    client = client_for(edith)
    panels = panels_of(client.get(HOME))
    assert panels["scheduled"]["rows"] == [soon.headline]
    assert panels["embargoes"]["rows"] == [held.headline]
    assert panels["published"]["rows"] == []
    assert not Article.objects.published().exists()

    let_pass(max(soon.published_at, held.embargo_until), time_machine)
    panels = panels_of(client.get(HOME))
    assert panels["scheduled"]["rows"] == panels["embargoes"]["rows"] == []
    assert panels["published"]["rows"] == [soon.headline, held.headline]
    assert set(Article.objects.published()) == {soon, held}


def queries_for_home(user) -> int:
    client = client_for(user)
    client.get(HOME)  # the session and the permission caches, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


# Session, user, the user's own and their groups' permissions, recent
# actions, then one query per panel: eight for an editor, as for a writer
# (the eighth: stale editions, issue 23).
HOME_QUERIES = 13


def test_the_home_page_costs_the_same_with_many_stories(newsroom):
    edith, wanda = newsroom["edith"], newsroom["wanda"]
    assert queries_for_home(edith) == HOME_QUERIES
    assert queries_for_home(wanda) == HOME_QUERIES
    now = timezone.now()
    for n in range(30):
        story(f"Draft {n}", wanda)
        story(f"Review {n}", wanda, "review")
        story(f"Soon {n}", edith, "scheduled", published_at=now + timedelta(hours=1))
        story(f"Old {n}", edith, "published", published_at=now - timedelta(minutes=n))
        Image.objects.create(
            caption=f"Photo {n}", rights_expire_at=now + timedelta(days=1)
        )
    assert queries_for_home(edith) == HOME_QUERIES
    assert queries_for_home(wanda) == HOME_QUERIES
    panels = panels_of(client_for(wanda).get(HOME))
    assert panels["my-drafts"]["count"] == 32 and len(panels["my-drafts"]["rows"]) == 5


TECHNICAL = [
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_tasks_database_dbtaskresult",
    "articles_rendition",
    "articles_withdrawal",
    "articles_webhookdelivery",
]


def listed_models(response) -> set[str]:
    return {
        f"{app['app_label']}_{model['object_name'].lower()}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


def test_technical_records_are_for_superusers_only(newsroom, superuser):
    edith = newsroom["edith"]
    # Whatever a group or the user is given: here every view permission.
    edith.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    editor, chief = client_for(edith), client_for(superuser)
    assert listed_models(editor.get(HOME)).isdisjoint(TECHNICAL)
    assert set(TECHNICAL) <= listed_models(chief.get(HOME))
    for model in TECHNICAL:
        url = reverse(f"admin:{model}_changelist")
        assert editor.get(url).status_code == 403, model
        assert chief.get(url).status_code == 200, model
    # The newsroom's own models stay where they were.
    assert {"articles_article", "articles_image", "articles_webhookendpoint"} <= (
        listed_models(editor.get(HOME))
    )
