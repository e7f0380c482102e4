"""The editor's day: statuses, scheduling and embargo, roles enforced on
every admin path, corrections, no lost edits, history and preview."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles.delivery.preview import make_token
from articles.models import Article, Correction, EditConflict
from articles.roles import EDITOR, PHOTO_EDITOR, WRITER
from tests.helpers.admin import article_form, management_form
from tests.helpers.clock import let_pass
from tests.helpers.newsroom import roles_in_place

ADMIN = "/admin/articles/article/"


@pytest.fixture
def roles(db):
    roles_in_place()  # a flushed database (transactional tests) has none


def member(django_user_model, username: str, group: str | None):
    user = django_user_model.objects.create_user(
        username, password="pw", is_staff=True, first_name=username.title()
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(roles, django_user_model):
    return member(django_user_model, "wanda", WRITER)


@pytest.fixture
def other_writer(roles, django_user_model):
    return member(django_user_model, "walter", WRITER)


@pytest.fixture
def editor(roles, django_user_model):
    return member(django_user_model, "edith", EDITOR)


@pytest.fixture
def second_editor(roles, django_user_model):
    return member(django_user_model, "eddie", EDITOR)


@pytest.fixture
def photo_editor(roles, django_user_model):
    return member(django_user_model, "pablo", PHOTO_EDITOR)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened_revision(response) -> str:
    return re.search(
        r'name="opened_revision" value="(\d+)"', response.content.decode()
    ).group(1)


def story(user=None, **fields) -> Article:
    fields.setdefault("headline", "Harbour barrier holds")
    return Article.objects.create(
        body="<p>The barrier held.</p>", created_by=user, **fields
    )


# Visibility: statuses, scheduling, embargo ------------------------------------

NOW = timezone.now()


@pytest.mark.parametrize(
    ("status", "published_at", "embargo", "public"),
    [
        ("draft", -1, None, False),
        ("review", -1, None, False),
        ("archived", -1, None, False),
        ("published", -1, None, True),
        ("scheduled", -1, None, True),  # its time has come: no job needed
        ("scheduled", +1, None, False),
        ("published", +1, None, False),
        ("published", -1, +1, False),  # the embargo still holds
        ("published", -1, -1, True),
        ("scheduled", -1, +1, False),
    ],
)
def test_the_one_rule_and_the_instance_agree(db, status, published_at, embargo, public):
    article = story(
        status=status,
        published_at=timezone.now() + timedelta(hours=published_at),
        embargo_until=timezone.now() + timedelta(hours=embargo) if embargo else None,
    )

    assert article.is_published() is public
    assert Article.objects.published().filter(pk=article.pk).exists() is public


def test_publish_now_or_at_a_time(db):
    now_story, later_story = story(), story(headline="Later")

    now_story.publish()
    later_story.publish(at=timezone.now() + timedelta(hours=2))

    assert now_story.status == "published" and now_story.is_published()
    assert later_story.status == "scheduled" and not later_story.is_published()


def test_an_embargo_keeps_a_story_out_of_the_api_until_it_lifts(
    api_client, db, time_machine
):
    # Three seconds: on PostgreSQL the wait is real, and a loaded machine
    # can take more than one over the requests before it.
    lifts = timezone.now() + timedelta(seconds=3)
    article = story(status="published", embargo_until=lifts)
    url = f"/api/v1/articles/{article.slug}/"

    assert api_client.get(url).status_code == 404
    assert api_client.get("/api/v1/articles/").json()["results"] == []
    assert article.slug.encode() not in api_client.get("/feeds/rss/").content
    let_pass(lifts, time_machine)

    assert api_client.get(url).status_code == 200
    assert api_client.get(url).json()["first_published_at"] == (
        lifts.isoformat().replace("+00:00", "Z")
    )


# Roles ------------------------------------------------------------------------


def test_the_roles_exist_with_their_permissions(roles):
    def codenames(name):
        return set(
            Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        )

    assert "publish_article" in codenames(EDITOR)
    assert "publish_article" not in codenames(WRITER)
    assert {"add_article", "change_article"} <= codenames(WRITER)
    assert "change_article" not in codenames(PHOTO_EDITOR)
    assert {"change_image", "change_contributor"} <= codenames(PHOTO_EDITOR)


def test_a_writer_files_a_draft_and_submits_it_for_review(writer):
    client = client_for(writer)

    response = client.post(f"{ADMIN}add/", article_form())
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.created_by, article.updated_by, article.status) == (
        writer,
        writer,
        "draft",
    )

    page = client.get(f"{ADMIN}{article.pk}/change/")
    response = client.post(
        f"{ADMIN}{article.pk}/change/",
        article_form(status="review", opened_revision=opened_revision(page)),
    )
    assert response.status_code == 302
    assert Article.objects.get().status == "review"


def test_a_writer_cannot_publish_by_any_path(writer, api_client):
    client = client_for(writer)
    own = story(writer, slug="own")
    later = timezone.now() + timedelta(days=1)

    # The form offers no such status, and refuses one posted by hand.
    page = client.get(f"{ADMIN}{own.pk}/change/")
    assert b'value="published"' not in page.content
    response = client.post(
        f"{ADMIN}{own.pk}/change/",
        article_form(
            slug="own", status="published", opened_revision=opened_revision(page)
        ),
    )
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    # Times are not theirs to set: posted by hand, they are ignored.
    client.post(
        f"{ADMIN}{own.pk}/change/",
        article_form(
            slug="own",
            status="review",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1="09:00:00",
            embargo_until_0=later.strftime("%Y-%m-%d"),
            embargo_until_1="09:00:00",
            opened_revision=opened_revision(page),
        ),
    )
    # The bulk action is not offered, and posting it by hand does nothing.
    action_form = client.get(ADMIN).context["action_form"]
    assert action_form is None or "publish_selected" not in str(
        action_form.fields["action"].choices
    )
    client.post(ADMIN, {"action": "publish_selected", "_selected_action": [own.pk]})

    own.refresh_from_db()
    assert (own.status, own.published_at, own.embargo_until) == ("review", None, None)
    assert api_client.get(f"/api/v1/articles/{own.slug}/").status_code == 404


def test_a_writer_cannot_touch_others_drafts_or_published_stories(writer, other_writer):
    client = client_for(writer)
    theirs = story(other_writer, slug="theirs")
    live = story(writer, slug="live", status="published")

    url = f"{ADMIN}{theirs.pk}/"
    assert (
        client.post(
            f"{url}change/", article_form(slug=theirs.slug, headline="Mine now")
        ).status_code
        == 403
    )
    # Reading is allowed: the page shows the story, without a save button.
    page = client.get(f"{url}change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    # Their own live story: changes only as a working draft, never published.
    url = f"{ADMIN}{live.pk}/"
    form = article_form(slug=live.slug, headline="Mine now", status="published")
    assert client.post(f"{url}change/", form | {"_publish": "1"}).status_code == 403
    assert client.post(f"{url}change/", form).status_code == 302
    assert live.working_draft.values["headline"] == "Mine now"
    for article in (theirs, live):
        url = f"{ADMIN}{article.pk}/"
        assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    client.post(
        ADMIN,
        {
            "action": "delete_selected",
            "_selected_action": [theirs.pk, live.pk],
            "post": "yes",
        },
    )

    assert set(Article.objects.values_list("slug", "headline")) == {
        ("theirs", "Harbour barrier holds"),
        ("live", "Harbour barrier holds"),
    }


def test_an_editor_schedules_publishes_and_unpublishes(editor, api_client):
    client = client_for(editor)
    draft = story(slug="ready", status="review")
    page = client.get(f"{ADMIN}{draft.pk}/change/")
    at = timezone.localtime() + timedelta(hours=3)

    response = client.post(
        f"{ADMIN}{draft.pk}/change/",
        article_form(
            slug="ready",
            status="scheduled",
            published_at_0=at.strftime("%Y-%m-%d"),
            published_at_1=at.strftime("%H:%M:%S"),
            opened_revision=opened_revision(page),
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "scheduled" and not draft.is_published()

    client.post(ADMIN, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published() and draft.updated_by == editor
    assert api_client.get("/api/v1/articles/ready/").status_code == 200

    client.post(ADMIN, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    assert Article.objects.get().status == "draft"
    assert api_client.get("/api/v1/articles/ready/").status_code == 404


def test_scheduling_needs_a_time(editor):
    client = client_for(editor)
    response = client.post(f"{ADMIN}add/", article_form(status="scheduled"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published_at"] == [
        "A scheduled story needs its time."
    ]
    assert Article.objects.count() == 0


def test_a_photo_editor_edits_photos_not_stories(photo_editor, photo):
    client = client_for(photo_editor)
    article = story(slug="s")

    assert (
        client.post(
            f"{ADMIN}{article.pk}/change/", article_form(slug="s", headline="X")
        ).status_code
        == 403
    )
    assert client.get(f"/admin/articles/image/{photo.pk}/change/").status_code == 200
    assert (
        b'name="_save"'
        in client.get(f"/admin/articles/image/{photo.pk}/change/").content
    )
    assert Article.objects.get().headline == "Harbour barrier holds"


def test_anonymous_visitors_are_sent_to_the_login_page(db):
    response = Client().post(f"{ADMIN}add/", article_form())

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Article.objects.count() == 0


# Corrections --------------------------------------------------------------------


def test_an_editor_adds_a_dated_correction_that_the_api_delivers(editor, api_client):
    client = client_for(editor)
    article = story(slug="fixed", status="published")
    page = client.get(f"{ADMIN}{article.pk}/change/")

    response = client.post(
        f"{ADMIN}{article.pk}/change/",
        article_form(
            slug="fixed",
            status="published",
            published_at_0=timezone.localtime(article.published_at).strftime(
                "%Y-%m-%d"
            ),
            published_at_1=timezone.localtime(article.published_at).strftime(
                "%H:%M:%S"
            ),
            opened_revision=opened_revision(page),
            _publish="1",  # a live story: corrections go with "Publish changes"
            **management_form("corrections", total=1),
            **{
                "corrections-0-kind": "correction",
                "corrections-0-noted_at_0": "2026-11-29",
                "corrections-0-noted_at_1": "10:15:00",
                "corrections-0-note": "An earlier version of this story gave the "
                "wrong date for the summit.",
            },
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    correction = Correction.objects.get()
    assert correction.created_by == editor
    data = api_client.get("/api/v1/articles/fixed/").json()
    assert data["corrections"] == [
        {
            "kind": "correction",
            "note": "An earlier version of this story gave the wrong date for the summit.",
            "noted_at": "2026-11-29T10:15:00Z",
        }
    ]


def test_writers_cannot_add_corrections(writer):
    client = client_for(writer)
    article = story(writer, slug="mine")
    page = client.get(f"{ADMIN}{article.pk}/change/")
    assert b"corrections-0-note" not in page.content

    client.post(
        f"{ADMIN}{article.pk}/change/",
        article_form(
            slug="mine",
            opened_revision=opened_revision(page),
            **management_form("corrections", total=1),
            **{
                "corrections-0-kind": "correction",
                "corrections-0-noted_at_0": "2026-11-29",
                "corrections-0-noted_at_1": "10:15:00",
                "corrections-0-note": "Slipped in by a writer.",
            },
        ),
    )

    assert Correction.objects.count() == 0


# No lost edits ------------------------------------------------------------------


def test_a_stale_copy_is_refused_at_the_model_level(editor, second_editor):
    article = story(slug="contested")
    first, second = Article.objects.get(), Article.objects.get()

    first.headline, first.updated_by = "Edith's headline", editor
    first.save()
    second.headline, second.updated_by = "Eddie's headline", second_editor

    with pytest.raises(EditConflict) as conflict:
        second.save()

    assert str(conflict.value).startswith("Edith saved “Eddie's headline” at ")
    assert conflict.value.saved_by == editor
    assert Article.objects.get(pk=article.pk).headline == "Edith's headline"


def test_the_second_editors_stale_save_is_refused_in_the_admin(editor, second_editor):
    article = story(slug="contested")
    edith, eddie = client_for(editor), client_for(second_editor)
    url = f"{ADMIN}{article.pk}/change/"
    edith_page, eddie_page = edith.get(url), eddie.get(url)

    assert (
        edith.post(
            url,
            article_form(
                slug="contested",
                headline="Edith's version",
                opened_revision=opened_revision(edith_page),
            ),
        ).status_code
        == 302
    )
    response = eddie.post(
        url,
        article_form(
            slug="contested",
            headline="Eddie's version",
            body="<p>Eddie's long paragraph.</p>",
            opened_revision=opened_revision(eddie_page),
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and errors[0].startswith("Edith saved ")
    assert "Your version is still in the form below" in errors[0]
    # Eddie's text is still in front of him, to merge.
    assert "Eddie&#x27;s version" in response.content.decode()
    assert "Eddie&#x27;s long paragraph." in response.content.decode()
    assert Article.objects.get().headline == "Edith's version"


# History ------------------------------------------------------------------------


def test_every_admin_save_is_a_version_with_a_readable_diff_and_a_revert(editor):
    client = client_for(editor)
    client.post(f"{ADMIN}add/", article_form(body="<p>The barrier held all night.</p>"))
    article = Article.objects.get()
    url = f"{ADMIN}{article.pk}/"
    page = client.get(f"{url}change/")
    client.post(
        f"{url}change/",
        article_form(
            headline="Harbour barrier fails",
            body="<p>The barrier broke at dawn.</p>",
            opened_revision=opened_revision(page),
        ),
    )

    history = client.get(f"{url}history/")
    actions = history.context["action_list"]
    assert len(actions) == 2
    assert actions[0]["revision"].user == editor
    latest = actions[0]["url"]
    changes = client.get(f"{latest}changes/").content.decode()
    assert "Harbour barrier holds" in changes and "Harbour barrier fails" in changes
    assert "<del>held all night.</del>" in changes
    assert "<ins>broke at dawn.</ins>" in changes

    # Revert to the first version: the form shows it, saving it restores it.
    first = actions[1]["url"]
    revert_page = client.get(first)
    assert "The barrier held all night." in revert_page.content.decode()
    response = client.post(
        first,
        article_form(
            body="<p>The barrier held all night.</p>",
            opened_revision=opened_revision(revert_page),
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Harbour barrier holds"
    assert article.revision == 2  # one on from before the revert, never back
    assert len(client.get(f"{url}history/").context["action_list"]) == 3


def test_a_deleted_article_can_be_recovered(editor):
    client = client_for(editor)
    client.post(f"{ADMIN}add/", article_form())
    article = Article.objects.get()
    client.post(f"{ADMIN}{article.pk}/delete/", {"post": "yes"})
    assert Article.objects.count() == 0

    deleted = client.get(f"{ADMIN}recover/").context["deleted"]
    assert [v.object_repr for v in deleted] == ["Harbour barrier holds"]
    recover_url = f"{ADMIN}recover/{deleted[0].pk}/"
    page = client.get(recover_url)
    response = client.post(
        recover_url, article_form(opened_revision=opened_revision(page))
    )

    assert response.status_code == 302
    assert Article.objects.get().headline == "Harbour barrier holds"


# Preview ------------------------------------------------------------------------


def test_a_preview_link_opens_that_draft_in_the_published_shape(api_client, article):
    token = make_token(article)

    response = api_client.get(f"/api/v1/preview/{token}/")

    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == article.slug and data["headline"] == article.headline
    assert data["credit_line"] == "With files from Reuters"
    assert data["lead_image"]["credit_line"] == (
        "Khabarovsky Krai region government via AP"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Cache" not in response
    # The same fields as a published article's document.
    article.publish()
    published = api_client.get(f"/api/v1/articles/{article.slug}/").json()
    assert set(data) == set(published)


def test_a_preview_token_opens_nothing_else(api_client, article, db):
    other = story(slug="other-draft")
    token = make_token(article)
    missing = api_client.get("/api/v1/articles/no-such-story/").json()

    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    # The other draft's token with this article's id put in its payload.
    _, *signed = make_token(other).split(":")
    payload = signing.b64_encode(b'{"article":%d}' % article.pk).decode()
    forged = ":".join([payload, *signed])
    for bad in (altered, forged, "garbage"):
        response = api_client.get(f"/api/v1/preview/{bad}/")
        assert response.status_code == 404
        assert response.json() == missing
    assert api_client.get(f"/api/v1/preview/{make_token(other)}/").json()["slug"] == (
        "other-draft"
    )
    other.delete()
    assert api_client.get(f"/api/v1/preview/{make_token(article)}/").status_code == 200


def test_an_expired_preview_token_gets_404(api_client, article, settings, time_machine):
    settings.CMS_PREVIEW_MAX_AGE = 1
    token = make_token(article)
    assert api_client.get(f"/api/v1/preview/{token}/").status_code == 200

    time_machine.move_to(timezone.now() + timedelta(seconds=2.1))  # signing's clock

    assert api_client.get(f"/api/v1/preview/{token}/").status_code == 404


def test_the_admin_shows_the_preview_link_for_drafts(editor, settings):
    settings.CMS_PREVIEW_URL = "https://news.example.com/preview/?token={token}"
    article = story(slug="drafty")

    page = client_for(editor).get(f"{ADMIN}{article.pk}/change/").content.decode()

    api_link = re.search(r'href="(/api/v1/preview/[^"]+/)"', page).group(1)
    assert Client().get(api_link).json()["slug"] == "drafty"
    assert "https://news.example.com/preview/?token=" in page


def test_photo_and_contributor_edits_are_versions_too(photo_editor, photo, reuters):
    client = client_for(photo_editor)
    image_url = f"/admin/articles/image/{photo.pk}/"
    page = client.get(f"{image_url}change/")
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None and name not in ("file",)
    }
    client.post(
        f"{image_url}change/",
        {
            **data,
            "caption": "A new caption for the photo.",
            "focal_x": "0.5",
            "focal_y": "0.5",
            **management_form("credits", total=2, initial=2),
            **{
                f"credits-{n}-{field}": getattr(credit, field + "_id", None)
                or getattr(credit, field)
                for n, credit in enumerate(photo.credits.all())
                for field in ("id", "contributor", "role", "position")
            },
        },
    )
    client.post(
        f"/admin/articles/contributor/{reuters.pk}/change/",
        {
            "name": "Thomson Reuters",
            "short_name": "",
            "slug": "reuters",
            "kind": "agency",
            "url": "",
            "bio": "",
        },
    )

    image_history = client.get(f"{image_url}history/").context["action_list"]
    people_history = client.get(
        f"/admin/articles/contributor/{reuters.pk}/history/"
    ).context["action_list"]
    photo.refresh_from_db()
    assert photo.caption == "A new caption for the photo."
    assert len(image_history) == 1 and image_history[0]["revision"].user == photo_editor
    assert len(people_history) == 1
    changes = client.get(f"{people_history[0]['url']}changes/").content.decode()
    assert "Thomson Reuters" in changes
