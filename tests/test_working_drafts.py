"""Working drafts of live stories (articles/models/drafts.py,
articles/admin/drafts.py): a save of a published or scheduled story keeps a
draft that no reader sees; "Publish changes" makes it live in one
transition; "Discard draft" drops it; the edit-conflict rule covers drafts;
writers submit drafts for review but cannot publish them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.admin.display import status_label
from articles.api.serializers import ArticleSerializer
from articles.delivery.preview import make_token, preview_article
from articles.models import (
    Article,
    ArticleDocument,
    ArticleDraft,
    ArticleEvent,
    ContentVersion,
    Correction,
    EditConflict,
    PendingPurge,
    Tag,
    WebhookEndpoint,
)
from articles.publishing.transitions import story_changed
from articles.roles import EDITOR, WRITER
from tests.helpers.admin import management_form, messages_of, rows
from tests.helpers.newsroom import roles_in_place
from tests.helpers.working_drafts import ADMIN, opened, post_change


def member(django_user_model, username: str, group: str) -> Client:
    user = django_user_model.objects.create_user(
        username, password="pw", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff(db, django_user_model):
    roles_in_place()
    return {
        name: member(django_user_model, name, group)
        for name, group in (
            ("edith", EDITOR),
            ("eddie", EDITOR),
            ("wanda", WRITER),
            ("walter", WRITER),
        )
    }


@pytest.fixture
def outbound(db, settings):
    """Webhooks and CDN purging on: every write a reader could see leaves rows."""
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "https://cdn.example/purge"
    WebhookEndpoint.objects.create(name="Site", url="https://hooks.example/in")
    ContentVersion.bump()


@pytest.fixture
def live(published_article, staff):
    published_article.created_by = staff["wanda"].user
    published_article.save()
    return Article.objects.get(pk=published_article.pk)


@pytest.fixture
def announced():
    """Every story_changed sent while the test runs: (kind, article id) lists."""
    sent: list[list[tuple[str, int]]] = []

    def listen(sender, transitions, now, **kwargs):
        sent.append([(str(t.kind), t.article_id) for t in transitions])

    story_changed.connect(listen, dispatch_uid="test-working-drafts")
    yield sent
    story_changed.disconnect(dispatch_uid="test-working-drafts")


def public_state(api_client, article: Article) -> tuple:
    """What readers and the outbound queues have of the story."""
    document = api_client.get(f"/api/v1/articles/{article.slug}/").json()
    return (
        document["headline"],
        document["standfirst"],
        [t["slug"] for t in document["tags"]],
        ContentVersion.current(),
        list(ArticleEvent.objects.values_list("kind", "due_at")),
        PendingPurge.objects.count(),
        list(ArticleDocument.objects.values_list("article_id", "article_updated_at")),
        Article.objects.filter(pk=article.pk)
        .values_list("headline", "updated_at", "revision")
        .get(),
    )


def test_a_draft_save_of_a_live_story_changes_nothing_readers_see(
    staff, live, outbound, api_client, announced
):
    edith = staff["edith"]
    extra = Tag.objects.create(name="Sanctions", slug="sanctions")
    before = public_state(api_client, live)

    response = post_change(
        edith,
        live,
        headline="Canada and 49 countries condemn missile transfers",
        standfirst="A joint statement.",
        tags=[extra.pk],
    )

    assert response.status_code == 302
    assert messages_of(edith.get(ADMIN)) == [
        "Saved a working draft of “Canada and 49 countries condemn missile "
        "transfers”. Readers still see the live version."
    ]
    assert public_state(api_client, live) == before
    assert announced == []
    draft = ArticleDraft.objects.get(article=live)
    assert (draft.values["headline"], draft.values["tags"]) == (
        "Canada and 49 countries condemn missile transfers",
        [extra.pk],
    )
    assert (draft.saved_by, draft.base_revision) == (edith.user, live.revision)
    # The list and the page say so; the form opens on the draft, with a diff.
    listed = edith.get(ADMIN)
    assert status_label(rows(listed)[0], timezone.now()) == (
        "Live with pending changes",
        "published",
    )
    page = edith.get(f"{ADMIN}{live.pk}/change/")
    text = page.content.decode()
    assert page.context["adminform"].form.initial["headline"] == (
        "Canada and 49 countries condemn missile transfers"
    )
    assert [r["label"] for r in page.context["working_draft_rows"]] == [
        "Headline",
        "Standfirst",
        "Tags",
    ]
    assert page.context["working_draft_rows"][2]["old"] == "North Korea"
    assert page.context["working_draft_rows"][2]["new"] == "Sanctions"
    for button in ('name="_save"', 'name="_publish"', 'name="_discard"'):
        assert button in text
    assert "Live with pending changes." in text
    # The admin's log records the draft save; it is no version to revert to.
    assert LogEntry.objects.get().change_message == (
        "Saved a working draft (the live version is unchanged)."
    )
    assert (
        not Version.objects.get_for_object(live)
        .filter(revision__user=edith.user)
        .exists()
    )


def test_publishing_changes_makes_them_live_in_one_transition(
    staff, live, outbound, api_client, announced
):
    edith = staff["edith"]
    extra = Tag.objects.create(name="Sanctions", slug="sanctions")
    post_change(edith, live, headline="Draft headline", tags=[extra.pk])
    version = ContentVersion.current()

    response = post_change(
        edith, live, "_publish", headline="Final headline", tags=[extra.pk]
    )

    assert response.status_code == 302
    assert announced == [[("updated", live.pk)]]
    assert not ArticleDraft.objects.exists()
    document = api_client.get(f"/api/v1/articles/{live.slug}/").json()
    assert (document["headline"], [t["slug"] for t in document["tags"]]) == (
        "Final headline",
        ["sanctions"],
    )
    assert ContentVersion.current() != version
    assert list(ArticleEvent.objects.values_list("kind", flat=True)) == [
        "article.updated"
    ]
    assert PendingPurge.objects.exists()
    # The agency's photo states no digital source type: published, warned.
    assert messages_of(edith.get(ADMIN)) == [
        f"Published with a warning: Photo “{live.lead_image}” (#"
        f"{live.lead_image_id}) is an agency's photo with no digital source "
        "type: ask the agency, or set it on the photo's page.",
        "Published the changes to “Final headline”.",
    ]


def test_a_stored_draft_publishes_once_and_refuses_a_stale_base(staff, live, announced):
    draft = ArticleDraft.store(
        live,
        {"headline": "Stored draft", "body": "<p>New.</p><script>x()</script>"},
        user=staff["edith"].user,
        opened_revision=live.revision,
        opened_draft="",
    )
    assert draft.values["body"] == "<p>New.</p>"  # cleaned as a save cleans
    # Someone saves the live story after the draft was made from it.
    other = Article.objects.get(pk=live.pk)
    other.standfirst = "Changed live."
    other.save()
    announced.clear()

    with pytest.raises(EditConflict):
        ArticleDraft.objects.get().publish(user=staff["edith"].user)

    assert announced == []
    assert Article.objects.get(pk=live.pk).headline == live.headline
    assert ArticleDraft.objects.exists()


def test_discard_drops_the_draft_and_leaves_the_live_story(staff, live, api_client):
    edith = staff["edith"]
    post_change(edith, live, headline="Not this")
    before = public_state(api_client, live)

    response = post_change(edith, live, "_discard")

    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}{live.pk}/change/"
    assert not ArticleDraft.objects.exists()
    assert public_state(api_client, live) == before


def test_the_edit_conflict_rule_covers_drafts(staff, live):
    edith, eddie = staff["edith"], staff["eddie"]
    url = f"{ADMIN}{live.pk}/change/"
    eddie_opened = opened(eddie.get(url))
    post_change(edith, live, headline="Edith's draft")

    for button in (None, "_publish"):
        response = eddie.post(
            url,
            {
                **_form(live, eddie_opened, headline="Eddie's draft"),
                **({button: "1"} if button else {}),
            },
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.non_field_errors()
        assert "Edith saved a working draft of" in errors[0]
    assert ArticleDraft.objects.get().values["headline"] == "Edith's draft"
    # Publishing moves the live story on: a form opened before is refused.
    edith_opened = opened(edith.get(url))
    post_change(eddie, live, "_publish", headline="Eddie's final")
    response = edith.post(url, _form(live, edith_opened, headline="Late draft"))
    assert response.status_code == 200
    assert Article.objects.get(pk=live.pk).headline == "Eddie's final"
    assert not ArticleDraft.objects.exists()


def _form(article, hidden, **fields):
    from tests.helpers.admin import article_form

    return (
        article_form(
            article,
            standfirst=article.standfirst,
            section=article.section_id,
            lead_image=article.lead_image_id,
            tags=list(article.tags.values_list("pk", flat=True)),
            **hidden,
        )
        | fields
    )


def test_a_writer_submits_changes_to_a_live_story_but_cannot_publish(
    staff, live, api_client
):
    wanda, walter = staff["wanda"], staff["walter"]
    url = f"{ADMIN}{live.pk}/change/"
    page = wanda.get(url).content.decode()
    assert 'name="_submit_review"' in page and 'name="_publish"' not in page
    before = public_state(api_client, live)

    assert post_change(wanda, live, "_publish", headline="Mine").status_code == 403
    response = post_change(wanda, live, "_submit_review", headline="Wanda's fix")

    assert response.status_code == 302
    draft = ArticleDraft.objects.get()
    assert (draft.values["headline"], draft.submitted_for_review) == (
        "Wanda's fix",
        True,
    )
    assert "status" not in draft.values  # not theirs to change, even in a draft
    in_review = staff["edith"].get(f"{ADMIN}?working_draft=review")
    assert [a.pk for a in rows(in_review)] == [live.pk]
    assert public_state(api_client, live) == before
    assert status_label(rows(staff["edith"].get(ADMIN))[0], timezone.now())[0] == (
        "Live with changes in review"
    )
    # Another writer's live story stays out of reach.
    assert post_change(walter, live, headline="Walter's").status_code == 403
    assert post_change(walter, live, "_discard").status_code == 403
    # An editor publishes the submitted draft as it stands.
    post_change(staff["edith"], live, "_publish", headline="Wanda's fix")
    assert api_client.get(f"/api/v1/articles/{live.slug}/").json()["headline"] == (
        "Wanda's fix"
    )


def test_credits_and_corrections_wait_for_publish_changes(staff, live, api_client):
    edith = staff["edith"]
    correction = {
        **management_form("corrections", total=1),
        "corrections-0-kind": "correction",
        "corrections-0-noted_at_0": "2026-11-29",
        "corrections-0-noted_at_1": "10:15:00",
        "corrections-0-note": "An earlier version gave the wrong date.",
    }

    refused = post_change(edith, live, headline="With a note", **correction)
    published = post_change(edith, live, "_publish", **correction)

    assert refused.status_code == 200
    assert "not kept in a working draft" in refused.content.decode()
    assert published.status_code == 302
    assert Correction.objects.get().created_by == edith.user
    document = api_client.get(f"/api/v1/articles/{live.slug}/").json()
    assert [c["note"] for c in document["corrections"]] == [
        "An earlier version gave the wrong date."
    ]


def test_the_preview_shows_the_draft(staff, live, photo):
    extra = Tag.objects.create(name="Sanctions", slug="sanctions")
    post_change(
        staff["edith"],
        live,
        headline="Previewed draft",
        body='<p>Draft text.</p><p onclick="x()">Clean.</p>',
        tags=[extra.pk],
        lead_image="",
    )

    article = preview_article(make_token(live))
    data = ArticleSerializer(article).data

    assert (data["headline"], data["body_html"]) == (
        "Previewed draft",
        "<p>Draft text.</p><p>Clean.</p>",
    )
    assert ([t["slug"] for t in data["tags"]], data["lead_image"]) == (
        ["sanctions"],
        None,
    )
    assert Article.objects.get(pk=live.pk).headline == live.headline


def test_the_badge_follows_the_clock(db, section):
    now = timezone.now()
    story = Article.objects.create(headline="Later", slug="later")
    story.publish(at=now + timedelta(hours=2))
    at = timezone.localtime(story.published_at)

    assert status_label(story, now) == (
        f"Scheduled for {at:%Y-%m-%d %H:%M}",
        "scheduled",
    )
    assert status_label(story, now + timedelta(hours=3)) == ("Live", "published")
    story.embargo_until = now + timedelta(hours=5)
    lifts = timezone.localtime(story.embargo_until)
    assert status_label(story, now + timedelta(hours=3)) == (
        f"Embargoed until {lifts:%Y-%m-%d %H:%M}",
        "embargoed",
    )


def queries_of(write) -> int:
    ContentVersion.current()  # a reader came: a change would move it
    with CaptureQueriesContext(connection) as captured:
        write()
    LAST[:] = [" ".join(q["sql"].split()[:4]) for q in captured.captured_queries]
    return len(captured.captured_queries)


LAST = []


def test_query_counts_of_a_draft_save_and_a_publish(staff, live, outbound):
    edith = staff["edith"]
    url = f"{ADMIN}{live.pk}/change/"
    hidden = opened(edith.get(url))

    draft = _form(live, hidden, headline="Draft")
    saved = queries_of(lambda: edith.post(url, draft))
    publish = _form(live, opened(edith.get(url)), headline="Final", _publish="1")
    published = queries_of(lambda: edith.post(url, publish))

    assert not ArticleDraft.objects.exists()
    assert Article.objects.get(pk=live.pk).headline == "Final"
    # A draft save: the admin's own (session, user, the story and its
    # credits and related stories, permissions, the form's photo, tags, section and draft, the
    # checks of its choices and slug, the log entry: 20 with savepoints),
    # the edit check in the form, then locked again with the draft read
    # and written (5), the editor's autosave removed (1). Nothing of the
    # publishing core runs.
    assert saved == 30, "\n".join(LAST)
    # Publishing it: the admin's own as above, the tags written through
    # their link table (2, no m2m signal), the story's one save (its lock,
    # update, body photos, corrections, endpoints?, events, purge, content
    # version: 13 with savepoints), the draft's delete, django-reversion's
    # revision (4), the editor's autosave removed (1); the rules at publish
    # (1: the story's photos, read once for the form's check and the save's;
    # the section is the form's); the related stories' inline reads its
    # rows (2).
    assert published == 49, "\n".join(LAST)
