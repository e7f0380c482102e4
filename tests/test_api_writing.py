"""The write API (articles/api/writing/): stories created, edited and
published with an API token through the admin's code (sanitising, the
revision check, working drafts of live stories, the one transition), with
If-Match and Idempotency-Key, in the story's history, never cached."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.api.writing import stories
from articles.models import (
    ApiToken,
    Article,
    ArticleDraft,
    ArticleEvent,
    ContentVersion,
    IdempotentResponse,
    Image,
    WebhookEndpoint,
)
from tests.helpers.api_tokens import MANAGE, bearer, etag, issue
from tests.helpers.corpus import CP_PHOTO
from tests.helpers.images import make_jpeg
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.servers import on_postgresql

JSON = "application/json"
WRITER_DRAFT_SAVE_QUERIES = 28


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def editor_token(staff):
    return issue(staff["edith"], name="Results service")


def post(client, url, raw, data=None, **headers):
    return client.post(url, data or {}, content_type=JSON, **bearer(raw), **headers)


def patch(client, pk, raw, data, **headers):
    return client.patch(
        f"{MANAGE}{pk}/", data, content_type=JSON, **bearer(raw), **headers
    )


def test_a_new_story_is_a_cleaned_draft_with_its_parts(
    client, editor_token, section, tag, reuters
):
    response = post(client, MANAGE, editor_token, {
        "headline": "Storm closes the coast road",
        "body": '<p onclick="x()">Shut<script>alert(1)</script> overnight.</p>',
        "section": "world", "tags": ["north-korea"],
        "credits": [{"contributor": "reuters", "role": "contributor"}],
    })  # fmt: skip

    assert response.status_code == 201, response.json()
    story = Article.objects.get(pk=response.json()["id"])
    assert story.status == "draft" and not story.is_published()
    assert story.body == "<p>Shut overnight.</p>"  # the admin's allowlist
    assert story.slug == "storm-closes-the-coast-road"
    assert story.section == section and list(story.tags.all()) == [tag]
    assert [(c.contributor.slug, c.role) for c in story.credits.all()] == [
        ("reuters", "contributor")
    ]
    assert response["ETag"] == f'"{story.pk}-0-0"'
    assert response["Location"] == f"{MANAGE}{story.pk}/"
    assert response["Cache-Control"] == "no-store, private"


def test_an_edit_needs_if_match_and_a_stale_one_changes_nothing(
    client, editor_token, article
):
    opened = etag(client, editor_token, article.pk)

    missing = patch(client, article.pk, editor_token, {"headline": "A"})
    first = patch(
        client, article.pk, editor_token, {"headline": "B"}, HTTP_IF_MATCH=opened
    )
    stale = patch(
        client, article.pk, editor_token, {"headline": "C"}, HTTP_IF_MATCH=opened
    )
    garbage = patch(
        client, article.pk, editor_token, {"headline": "D"}, HTTP_IF_MATCH='"x"'
    )

    assert missing.status_code == 428
    assert first.status_code == 200 and first["ETag"] != opened
    assert stale.status_code == 412
    assert "Nothing was overwritten" in stale.json()["detail"]
    assert garbage.status_code == 412
    article.refresh_from_db()
    assert article.headline == "B" and article.revision == 1


def test_an_admin_save_in_between_is_a_412(client, editor_token, article, staff):
    opened = etag(client, editor_token, article.pk)
    story = Article.objects.get(pk=article.pk)
    story.headline, story.updated_by = "Changed in the admin", staff["edith"]
    story.save()

    response = patch(
        client, article.pk, editor_token, {"headline": "Robot"}, HTTP_IF_MATCH=opened
    )

    assert response.status_code == 412
    assert "Edith saved" in response.json()["detail"]
    assert Article.objects.get(pk=article.pk).headline == "Changed in the admin"


def test_a_live_story_is_edited_in_its_working_draft_until_published(
    client, editor_token, published_article
):
    pk = published_article.pk
    version = ContentVersion.current()
    opened = etag(client, editor_token, pk)

    saved = patch(
        client, pk, editor_token, {"headline": "Draft words"}, HTTP_IF_MATCH=opened
    )

    assert saved.status_code == 200
    assert saved.json()["headline"] == "Draft words"
    assert saved.json()["working_draft"]["saved_by"] == "edith"
    live = Article.objects.get(pk=pk)
    assert live.headline == published_article.headline  # readers: unchanged
    assert ContentVersion.current() == version  # nothing public moved
    public = client.get(f"/api/v1/articles/{live.slug}/").json()
    assert public["headline"] == published_article.headline

    published = post(
        client, f"{MANAGE}{pk}/publish/", editor_token, HTTP_IF_MATCH=saved["ETag"]
    )

    assert published.status_code == 200, published.json()
    assert Article.objects.get(pk=pk).headline == "Draft words"
    assert not ArticleDraft.objects.filter(article_id=pk).exists()
    assert ContentVersion.current() != version  # the cache's keys moved
    assert (
        client.get(f"/api/v1/articles/{live.slug}/").json()["headline"] == "Draft words"
    )


def test_publish_schedule_and_unpublish_go_through_the_one_transition(
    client, editor_token, article, db
):
    WebhookEndpoint.objects.create(name="Site", url="https://hooks.example/in")
    at = timezone.now() + timedelta(days=1)

    scheduled = post(
        client,
        f"{MANAGE}{article.pk}/schedule/",
        editor_token,
        {"at": at.isoformat()},
        HTTP_IF_MATCH=etag(client, editor_token, article.pk),
    )
    article.refresh_from_db()
    assert scheduled.status_code == 200 and article.status == "scheduled"
    assert article.published_at == at and not article.is_published()

    unpublished = post(
        client,
        f"{MANAGE}{article.pk}/unpublish/",
        editor_token,
        HTTP_IF_MATCH=scheduled["ETag"],
    )
    published = post(
        client,
        f"{MANAGE}{article.pk}/publish/",
        editor_token,
        HTTP_IF_MATCH=unpublished["ETag"],
    )

    article.refresh_from_db()
    assert (unpublished.status_code, published.status_code) == (200, 200)
    assert article.status == "published" and article.is_published()
    events = set(ArticleEvent.objects.values_list("kind", flat=True))
    # The listeners did it themselves: the scheduled story's event dropped
    # when it was unpublished (never public), then its "published".
    assert events == {"article.published"}
    again = post(
        client,
        f"{MANAGE}{article.pk}/publish/",
        editor_token,
        HTTP_IF_MATCH=published["ETag"],
    )
    assert again.status_code == 409


def test_a_schedule_in_the_past_is_refused(client, editor_token, article):
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = post(
        client,
        f"{MANAGE}{article.pk}/schedule/",
        editor_token,
        {"at": past},
        HTTP_IF_MATCH=etag(client, editor_token, article.pk),
    )
    assert response.status_code == 400
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_every_write_is_in_the_history_with_the_token_and_its_user(
    client, editor_token, article
):
    opened = etag(client, editor_token, article.pk)
    patch(
        client, article.pk, editor_token, {"headline": "Edited"}, HTTP_IF_MATCH=opened
    )

    version = Version.objects.get_for_object(article).first()
    assert version.revision.user.username == "edith"
    assert version.revision.comment == "Changed (API token “Results service”)"
    assert version.field_dict["headline"] == "Edited"


def test_an_idempotency_key_replays_the_first_response(client, editor_token, db):
    key = {"HTTP_IDEMPOTENCY_KEY": "5f0c-robot-1"}
    first = post(client, MANAGE, editor_token, {"headline": "Once"}, **key)
    retry = post(client, MANAGE, editor_token, {"headline": "Once"}, **key)
    other = post(client, MANAGE, editor_token, {"headline": "Twice"}, **key)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.content == first.content and retry["ETag"] == first["ETag"]
    assert retry["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert Article.objects.filter(headline__in=["Once", "Twice"]).count() == 1
    assert IdempotentResponse.objects.count() == 1


def test_the_same_key_of_another_token_is_its_own(client, staff, editor_token):
    second = issue(staff["edith"], name="Second robot")
    key = {"HTTP_IDEMPOTENCY_KEY": "same"}
    post(client, MANAGE, editor_token, {"headline": "One"}, **key)
    post(client, MANAGE, second, {"headline": "One"}, **key)
    assert Article.objects.filter(headline="One").count() == 2


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "Send an API token: `Authorization: Bearer <token>`."),
        ("Bearer cms_000000000000_nope", "The API token is not valid."),
        ("Token abc", "Send the API token as `Authorization: Bearer <token>`."),
        ("expired", "The API token has expired."),
        ("revoked", "The API token has been revoked."),
    ],
)
def test_refused_tokens_are_a_clear_401(client, staff, header, detail):
    raw = issue(staff["edith"])
    token = ApiToken.objects.get()
    if header == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    if header == "revoked":
        token.revoke()
    if header in ("expired", "revoked"):
        header = f"Bearer {raw}"
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.post(MANAGE, {"headline": "x"}, content_type=JSON, **extra)

    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert not Article.objects.exists()


def test_a_missing_scope_is_a_403_naming_it(client, staff):
    raw = issue(staff["edith"], scopes="articles:read-drafts")
    response = post(client, MANAGE, raw, {"headline": "x"})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This API token lacks the `articles:write` scope."
    }


def test_a_session_gives_no_access(client, staff):
    client.force_login(staff["edith"])
    response = client.post(MANAGE, {"headline": "x"}, content_type=JSON)
    assert response.status_code == 401
    assert not Article.objects.exists()


def test_token_requests_are_never_cached_nor_answered_by_the_hot_path(
    client, editor_token, published_article, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 60
    url = f"/api/v1/articles/{published_article.slug}/"
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"

    with_token = client.get(url, **bearer(editor_token))
    manage = client.get(f"{MANAGE}{published_article.pk}/", **bearer(editor_token))

    assert "X-Cache" not in with_token  # stepped aside: not looked up, not stored
    assert with_token.json()["headline"] == published_article.headline
    assert "X-Cache" not in manage and manage["Cache-Control"] == "no-store, private"


def test_last_used_is_written_at_most_once_a_minute(client, editor_token, article):
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    etag(client, editor_token, article.pk)
    first = ApiToken.objects.get().last_used_at
    with CaptureQueriesContext(connection) as captured:
        etag(client, editor_token, article.pk)
    assert ApiToken.objects.get().last_used_at == first is not None
    assert not any("UPDATE" in q["sql"] for q in captured.captured_queries)


def test_each_token_has_its_own_allowance(client, staff, settings, article):
    # The test client's address exempt: only the tokens are counted.
    settings.CMS_API_THROTTLE_RATE = "2/minute"
    settings.CMS_API_THROTTLE_EXEMPT = ["127.0.0.1"]
    first, second = issue(staff["edith"]), issue(staff["edith"])
    codes = [
        client.get(f"{MANAGE}{article.pk}/", **bearer(first)).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert client.get(f"{MANAGE}{article.pk}/", **bearer(second)).status_code == 200


def test_a_photo_upload_is_checked_and_described_as_in_the_admin(client, staff):
    raw = issue(staff["pablo"], scopes="images:write")
    upload = SimpleUploadedFile("jet.jpg", make_jpeg(), content_type="image/jpeg")
    response = client.post(
        "/api/v1/manage/images/", {"file": upload, "caption": "Jet"}, **bearer(raw)
    )

    assert response.status_code == 201, response.json()
    image = Image.objects.get(pk=response.json()["id"])
    assert image.caption == "Jet" and image.sha256 and image.width
    assert Version.objects.get_for_object(image).first().revision.user == staff["pablo"]

    again = SimpleUploadedFile("copy.jpg", make_jpeg(), content_type="image/jpeg")
    duplicate = client.post("/api/v1/manage/images/", {"file": again}, **bearer(raw))
    bad = SimpleUploadedFile(
        "x.jpg", b"<html>not a photo</html>", content_type="image/jpeg"
    )
    refused = client.post("/api/v1/manage/images/", {"file": bad}, **bearer(raw))

    assert duplicate.status_code == 409 and duplicate.json()["existing"] == image.pk
    assert refused.status_code == 400
    assert Image.objects.count() == 1


def test_a_writers_draft_save_has_a_pinned_query_count(client, staff):
    raw = issue(staff["wanda"], scopes="articles:write,articles:read-drafts")
    story = Article.objects.create(headline="Own", created_by=staff["wanda"])
    opened = etag(client, raw, story.pk)
    ContentVersion.current()

    with CaptureQueriesContext(connection) as captured:
        response = patch(
            client, story.pk, raw, {"headline": "Own, edited"}, HTTP_IF_MATCH=opened
        )

    assert response.status_code == 200
    # The token with its user (1); the view's transaction and the story,
    # locked, with its working draft (3); the revision's savepoint (1); the
    # writer's desk languages (issue 23: may they edit in its language? 1);
    # the writer's permissions, own and by group (2); the save (savepoint,
    # lock and edit check, update, django-reversion's copy of the story's
    # tags, body photos, credits, corrections and related-story choices
    # (issue 18), its body photos, webhook endpoints?, release: 11); the
    # revision (the story still there?, its revision and version, two
    # releases: 5); the answer (the story, its draft, tags, credits: 4).
    assert len(captured.captured_queries) == WRITER_DRAFT_SAVE_QUERIES, [
        q["sql"][:60] for q in captured.captured_queries
    ]


def test_an_uploaded_photo_is_filled_in_from_its_metadata_as_in_the_admin(
    client, staff
):
    raw = issue(staff["edith"], scopes="images:write")
    upload = SimpleUploadedFile("montreal.jpg", CP_PHOTO.read_bytes(), "image/jpeg")

    response = client.post("/api/v1/manage/images/", {"file": upload}, **bearer(raw))

    assert response.status_code == 201
    body = response.json()
    # What tests/test_admin_photos.py finds after the admin's upload.
    assert body["caption"].startswith(
        "The Montreal Police logo is seen on a police car"
    )
    assert body["credit_line"] == "Paul Chiasson/CP"
    assert body["messages"][0] == (
        "Empty fields and credits were filled in from the photo's metadata; check them."
    )
    assert Image.objects.get().restrictions == "EDS NOTE:A FILE PHOTO"


def test_a_retried_upload_stores_one_photo(client, staff):
    raw = issue(staff["pablo"], scopes="images:write")
    key = {"HTTP_IDEMPOTENCY_KEY": "upload-7"}

    def upload():
        file = SimpleUploadedFile("jet.jpg", make_jpeg(), content_type="image/jpeg")
        return client.post(
            "/api/v1/manage/images/", {"file": file}, **bearer(raw), **key
        )

    first, retry = upload(), upload()

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json() and retry["Idempotent-Replayed"] == "true"
    assert Image.objects.count() == 1


def test_answers_older_than_a_day_are_forgotten(client, editor_token, db):
    key = {"HTTP_IDEMPOTENCY_KEY": "old"}
    post(client, MANAGE, editor_token, {"headline": "Monday"}, **key)
    IdempotentResponse.objects.update(created_at=timezone.now() - timedelta(days=2))

    again = post(client, MANAGE, editor_token, {"headline": "Monday"}, **key)

    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Article.objects.filter(headline="Monday").count() == 2
    assert IdempotentResponse.objects.count() == 1


@pytest.mark.skipif(
    not on_postgresql(),
    reason="two writing transactions at once need PostgreSQL (SQLite locks "
    "the whole database for the first)",
)
@pytest.mark.django_db(transaction=True)
def test_two_copies_of_a_post_racing_write_once(django_user_model, monkeypatch):
    """Both copies pass the key's lookup before either commits; the second
    waits on the first's rows (its story's slug, its stored answer), fails
    when the first commits, rolls its story back and answers the first's
    response."""
    editor = newsroom_staff(django_user_model, {"edith": "Editor"})["edith"]
    raw = issue(editor)
    both_in = threading.Barrier(2, timeout=10)
    create = stories.create_story

    def slow_create(values, *, user):
        both_in.wait()  # both past the key's lookup, neither committed
        return create(values, user=user)

    monkeypatch.setattr(stories, "create_story", slow_create)
    answers = []

    def send() -> None:
        try:
            answers.append(
                post(
                    Client(),
                    MANAGE,
                    raw,
                    {"headline": "Once"},
                    HTTP_IDEMPOTENCY_KEY="race",
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].content == answers[1].content
    assert sum(a.has_header("Idempotent-Replayed") for a in answers) == 1
    assert Article.objects.filter(headline="Once").count() == 1
    assert IdempotentResponse.objects.count() == 1


def test_the_story_list_pages_and_refuses_like_every_public_list(
    client, editor_token, staff
):
    for n in range(5):
        Article.objects.create(
            headline=f"Story {n}",
            slug=f"story-{n}",
            status="draft" if n % 2 else "review",
            created_by=staff["wanda"],
        )

    first = client.get(MANAGE, {"limit": "2"}, **bearer(editor_token)).json()
    second = client.get(first["next"], **bearer(editor_token)).json()
    third = client.get(second["next"], **bearer(editor_token)).json()
    in_review = client.get(MANAGE, {"status": "review"}, **bearer(editor_token))

    seen = [s["headline"] for page in (first, second, third) for s in page["results"]]
    assert seen == [f"Story {n}" for n in (4, 3, 2, 1, 0)]
    assert third["next"] is None
    assert [s["slug"] for s in in_review.json()["results"]] == [
        "story-4",
        "story-2",
        "story-0",
    ]
    for query, error in (
        ({"status": ""}, {"status": ["Empty value: give one, or leave `status` out."]}),
        ({"status": ["draft", "review"]}, {"status": ["Given 2 times: give it once."]}),
        ({"page": "2"}, None),
        ({"limit": "0"}, {"limit": ["Enter a whole number from 1."]}),
    ):
        response = client.get(MANAGE, query, **bearer(editor_token))
        assert response.status_code == 400, query
        if error:
            assert response.json() == error, query


def test_stories_are_written_in_json_only(client, editor_token):
    # A form cannot say a list of credits: refused, not read as "no credits".
    response = client.post(
        MANAGE, {"headline": "Form", "credits": "x"}, **bearer(editor_token)
    )

    assert response.status_code == 415
    assert not Article.objects.filter(headline="Form").exists()
