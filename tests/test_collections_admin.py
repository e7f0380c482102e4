"""Fronts in the admin: built with slots inline (a chosen story with the
front's headline, a rule), a bad slot refused with nothing written, a save
over someone else's later one refused, the preview of what readers see, the
story found by search, and history with revert (django-reversion)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Collection, Section, Slot
from tests.helpers.admin import messages_of, rows
from tests.helpers.front_admin import URL, front_form
from tests.helpers.fronts import front, headlines, story
from tests.helpers.newsroom import newsroom_staff


@pytest.fixture
def world(db):
    return Section.objects.create(name="World", slug="world")


def test_an_editor_builds_a_front(admin_client, api_client, world):
    chosen = story("Harbour wall rebuilt", section=world, hours_ago=3)
    story("Ferry strike ends", section=world, hours_ago=1)

    response = admin_client.post(f"{URL}add/", front_form(slots=[
        {"article": chosen.pk, "headline": "Sea wall back up"},
        {"rule": "section", "section": world.pk},
    ]))  # fmt: skip

    assert response.status_code == 302, response.context["errors"]
    collection = Collection.objects.get()
    assert collection.slots.count() == 2
    assert headlines(api_client, "top-stories") == [
        "Sea wall back up",
        "Ferry strike ends",
    ]
    assert Version.objects.get_for_object(collection).count() == 1


@pytest.mark.parametrize(
    "slot, error",
    [
        ({"rule": "section"}, "Name the section the rule reads."),
        ({"headline": "x"}, "Choose a story or a rule."),
        (
            {"rule": "section", "section": "world", "headline": "Mine"},
            "stories show their own headline",
        ),
    ],
)
def test_a_bad_slot_is_refused_and_nothing_is_written(admin_client, world, slot, error):
    if slot.get("section") == "world":
        slot = dict(slot, section=world.pk)
    response = admin_client.post(f"{URL}add/", front_form(slots=[slot]))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert (Collection.objects.count(), Slot.objects.count()) == (0, 0)


def test_a_save_over_someone_elses_later_save_is_refused(admin_client, world):
    chosen = story("Harbour wall rebuilt", section=world)
    collection = front("top-stories", [chosen])
    slot = collection.slots.get()
    opened = front_form(collection, slots=[{"id": slot.pk, "article": chosen.pk}])
    # Someone else saves first.
    admin_client.post(f"{URL}{collection.pk}/change/", front_form(
        collection, slots=[{"id": slot.pk, "article": chosen.pk, "headline": "Theirs"}]))  # fmt: skip

    opened["slots-0-headline"] = "Mine"
    response = admin_client.post(f"{URL}{collection.pk}/change/", opened)

    assert response.status_code == 200
    assert (
        "after this copy was opened. Nothing was overwritten"
        in response.content.decode()
    )
    assert Slot.objects.get().headline == "Theirs"


def test_the_change_page_previews_what_readers_see(admin_client, world):
    chosen = story("Harbour wall rebuilt", section=world, hours_ago=3)
    draft = story("Draft in a slot", section=world)
    draft.status = "draft"
    draft.save()
    collection = front("top-stories", [chosen, draft, world])

    page = admin_client.get(f"{URL}{collection.pk}/change/").content.decode()

    preview = page[page.index('class="front-preview"') :]
    preview = preview[: preview.index("</ol>")]
    assert "Harbour wall rebuilt <small>(chosen)</small>" in preview
    assert "Draft in a slot" not in preview
    assert "slot-order.js" in page


def test_the_story_is_found_by_search(admin_client, world):
    story("Harbour wall rebuilt", section=world)

    response = admin_client.get("/admin/autocomplete/", {
        "app_label": "articles", "model_name": "slot", "field_name": "article",
        "term": "harbour"})  # fmt: skip

    assert [r["text"] for r in response.json()["results"]] == ["Harbour wall rebuilt"]


def test_history_reverts_the_front_and_its_slots(admin_client, api_client, world):
    first = story("Harbour wall rebuilt", section=world, hours_ago=3)
    second = story("Ferry strike ends", section=world, hours_ago=1)
    admin_client.post(f"{URL}add/", front_form(slots=[{"article": first.pk}]))
    collection = Collection.objects.get()
    slot = collection.slots.get()
    admin_client.post(f"{URL}{collection.pk}/change/", front_form(
        collection, slots=[{"id": slot.pk, "article": second.pk}]))  # fmt: skip
    assert headlines(api_client, "top-stories") == ["Ferry strike ends"]
    oldest = Version.objects.get_for_object(collection).order_by("pk").first()

    url = f"{URL}{collection.pk}/history/{oldest.pk}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    opened = page.context["adminform"].form["opened_revision"].value()
    stale = front_form(collection, slots=[{"id": slot.pk, "article": second.pk}])
    response = admin_client.post(url, front_form(
        collection, slots=[{"id": slot.pk, "article": first.pk}],
        opened_revision=opened), follow=True)  # fmt: skip

    assert response.status_code == 200 and messages_of(response)
    assert headlines(api_client, "top-stories") == ["Harbour wall rebuilt"]
    # A copy opened before the revert cannot be saved over it.
    refused = admin_client.post(f"{URL}{collection.pk}/change/", stale)
    assert "Nothing was overwritten" in refused.content.decode()


def test_editors_build_fronts_and_writers_do_not(client, django_user_model, world):
    staff = newsroom_staff(django_user_model)
    chosen = story("Harbour wall rebuilt", section=world)

    client.force_login(staff["wanda"])
    assert client.get(f"{URL}add/").status_code == 403
    client.force_login(staff["edith"])
    response = client.post(f"{URL}add/", front_form(slots=[{"article": chosen.pk}]))

    assert response.status_code == 302
    assert Collection.objects.get().slots.get().article == chosen


def test_the_list_ticks_the_version_live_now(admin_client, world):
    chosen = story("Harbour wall rebuilt", section=world)
    tonight = front("top-stories", [chosen], name="Tonight")
    later = timezone.now() + timedelta(hours=6)
    morning = front("top-stories", [chosen], name="Morning", live_from=later)

    response = admin_client.get(URL)

    ticks = {row.pk: response.context["cl"].model_admin.is_live(row)
             for row in rows(response)}  # fmt: skip
    assert ticks == {tonight.pk: True, morning.pk: False}
