"""The rules at publish (issue 22, item 7), as requests: the story form's
Publish, Schedule and Publish changes, the bulk action and the write API
refuse a story whose photos (the lead photo, photos placed in the body)
break a rule of its section, with the corpus's real photos; an editor
overrides with a reason, recorded; warnings do not stop publishing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleDraft, Credit, PublishOverride, Section
from articles.models.publish_rules import Override
from tests.helpers.admin import article_form, messages_of
from tests.helpers.api_tokens import MANAGE, bearer, etag, issue
from tests.helpers.newsroom import newsroom_staff
from tests.helpers.provenance import stored_photo

CHANGE = "/admin/articles/article/{}/change/"
AI_REFUSAL = (
    "Photo “The harbour at night” (#{}) is labelled AI-edited and its caption does not say "
    "so: add “AI-generated”, “generated with AI” or “illustration” to the caption."
)


@pytest.fixture
def staff(db, django_user_model):
    return newsroom_staff(django_user_model)


@pytest.fixture
def editor(client, staff):
    client.force_login(staff["edith"])
    return client


def draft(**fields) -> Article:
    fields.setdefault("headline", "Harbour at night")
    return Article.objects.create(**fields)


def figure(image, caption: str) -> str:
    return (
        f'<figure><img src="/renditions/{image.pk}/column.jpg" alt="">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def form(story: Article, **fields) -> dict:
    """The change form's POST data with the story's photo and section."""
    own = {
        "lead_image": story.lead_image_id or "",
        "lead_image_caption": story.lead_image_caption,
        "section": story.section_id or "",
    }
    return article_form(story, **(own | fields))


def refusals(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def test_an_ai_lead_photo_without_a_caption_saying_so_is_refused(editor):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft(lead_image=photo)

    response = editor.post(CHANGE.format(story.pk), form(story, _publish="1"))

    assert response.status_code == 200
    assert refusals(response) == [AI_REFUSAL.format(photo.pk)]
    assert b'name="publish_override_reason"' in response.content
    story.refresh_from_db()
    assert (story.status, story.revision) == ("draft", 0)


@pytest.mark.parametrize(
    "caption",
    [
        "The harbour at night (AI-generated image)",
        "Illustration: the harbour at night",
        "The harbour, generated with AI",
    ],
)
def test_a_caption_that_says_so_lets_it_publish(editor, caption):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft(lead_image=photo)

    response = editor.post(
        CHANGE.format(story.pk),
        form(story, lead_image_caption=caption, _publish="1"),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "published" and story.is_published()


def test_a_photo_placed_in_the_body_is_checked_by_its_figure_caption(editor):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft(body=figure(photo, "Boats in the harbour"))

    refused = editor.post(
        CHANGE.format(story.pk),
        form(story, body=figure(photo, "The harbour at night"), _publish="1"),
    )
    assert refusals(refused) == [AI_REFUSAL.format(photo.pk)]

    published = editor.post(
        CHANGE.format(story.pk),
        form(story, body=figure(photo, "AI-generated: the harbour"), _publish="1"),
    )
    assert published.status_code == 302
    assert Article.objects.get(pk=story.pk).status == "published"


def test_invalid_credentials_are_refused_unless_the_section_turns_the_rule_off(
    editor,
):
    photo = stored_photo("E-sig-CA.jpg", caption="Ships")
    section = Section.objects.create(name="Weather", slug="weather")
    story = draft(lead_image=photo, section=section)

    refused = editor.post(CHANGE.format(story.pk), form(story, _publish="1"))
    assert refusals(refused) == [
        f"Photo “Ships” (#{photo.pk}) has invalid content credentials (altered "
        "after signing, or unreadable)."
    ]

    section.invalid_credentials_rule = "off"
    section.save()
    published = editor.post(CHANGE.format(story.pk), form(story, _publish="1"))
    assert published.status_code == 302
    assert Article.objects.get(pk=story.pk).status == "published"


def test_an_agency_photo_without_a_source_type_publishes_with_a_warning(
    editor, reuters
):
    photo = stored_photo("no_manifest.jpg", caption="Ships")
    Credit.objects.create(image=photo, contributor=reuters, role="provider")
    story = draft(lead_image=photo)

    response = editor.post(CHANGE.format(story.pk), form(story, _publish="1"))

    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).status == "published"
    assert (
        f"Published with a warning: Photo “Ships” (#{photo.pk}) is an agency's "
        "photo with no digital source type: ask the agency, or set it on the "
        "photo's page."
    ) in messages_of(response)


def test_a_kill_in_the_photos_terms_refuses_the_schedule_button(editor):
    photo = stored_photo("C.jpg", caption="Ships", restrictions="MANDATORY KILL")
    story = draft(lead_image=photo)
    at = timezone.localtime() + timedelta(days=1)

    response = editor.post(
        CHANGE.format(story.pk),
        form(
            story,
            _schedule="1",
            published_at_0=f"{at:%Y-%m-%d}",
            published_at_1="09:00:00",
        ),
    )

    assert refusals(response) == [
        f"Photo “Ships” (#{photo.pk}): its terms forbid publishing it (“KILL”)."
    ]
    assert Article.objects.get(pk=story.pk).status == "draft"


def test_data_mining_terms_refuse_only_in_a_section_offered_for_ai_training(
    editor,
):
    photo = stored_photo("C.jpg", caption="Ships")
    photo.data_mining = "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING"
    photo.save()
    offered = Section.objects.create(
        name="Data", slug="data", offered_for_ai_training=True
    )
    plain = Section.objects.create(name="News", slug="news")
    story = draft(lead_image=photo, section=offered)

    refused = editor.post(
        CHANGE.format(story.pk), form(story, section=offered.pk, _publish="1")
    )
    assert refusals(refused) == [
        f"Photo “Ships” (#{photo.pk}): its data-mining terms prohibit AI "
        "training, and this section's stories are offered for it."
    ]
    published = editor.post(
        CHANGE.format(story.pk), form(story, section=plain.pk, _publish="1")
    )
    assert published.status_code == 302


def test_an_editor_overrides_with_a_reason_recorded_with_the_problems(editor, staff):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft(lead_image=photo)

    response = editor.post(
        CHANGE.format(story.pk),
        form(
            story,
            _publish="1",
            publish_override_reason="The caption names the artist's method",
        ),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "published"
    override = PublishOverride.objects.get()
    assert (override.article, override.user, override.reason) == (
        story,
        staff["edith"],
        "The caption names the artist's method",
    )
    assert override.problems == [
        {
            "rule": "ai_caption",
            "image": photo.pk,
            "message": AI_REFUSAL.format(photo.pk),
        }
    ]
    comment = Version.objects.get_for_object(story).first().revision.comment
    assert "Published despite the rules at publish: The caption names the " in comment


def test_publish_changes_of_a_live_story_is_refused_and_the_draft_kept(editor):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft()
    story.publish()

    response = editor.post(
        CHANGE.format(story.pk), form(story, lead_image=photo.pk, _publish="1")
    )

    assert refusals(response) == [AI_REFUSAL.format(photo.pk)]
    story.refresh_from_db()
    assert story.lead_image is None and not ArticleDraft.objects.exists()


def test_the_bulk_action_refuses_each_story_and_says_why(editor):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    refused, fine = draft(lead_image=photo), draft(headline="Plain story")

    response = editor.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [refused.pk, fine.pk]},
        follow=True,
    )

    assert Article.objects.get(pk=refused.pk).status == "draft"
    assert Article.objects.get(pk=fine.pk).status == "published"
    assert (
        f"“Harbour at night” not published: {AI_REFUSAL.format(photo.pk)}"
        in messages_of(response)
    )


def test_the_write_api_publish_is_refused_with_the_reasons(client, staff):
    token = issue(staff["edith"])
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft(lead_image=photo, created_by=staff["edith"])

    response = client.post(
        f"{MANAGE}{story.pk}/publish/",
        content_type="application/json",
        HTTP_IF_MATCH=etag(client, token, story.pk),
        **bearer(token),
    )

    assert response.status_code == 400, response.content
    assert AI_REFUSAL.format(photo.pk) in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == "draft"


def test_the_model_refuses_a_writers_override_and_one_without_a_reason(staff):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    story = draft(lead_image=photo)

    for override, code in (
        (Override(staff["wanda"], "I think it is fine"), "override_role"),
        (Override(staff["edith"], "  "), "override_reason"),
    ):
        story.publish_override = override
        with pytest.raises(ValidationError) as refused:
            story.publish()
        assert refused.value.error_list[0].code == code
    assert Article.objects.get(pk=story.pk).status == "draft"
    assert not PublishOverride.objects.exists()


def test_the_rules_cost_no_query_without_photos_and_one_for_any_number(
    staff, django_assert_num_queries
):
    story = draft(body="<p>No photo.</p>")
    with django_assert_num_queries(0):
        assert story.publishing_problems() == []

    fine = [stored_photo(name, caption="Ships") for name in ("C.jpg", "CA.jpg")]
    story.body = "".join(figure(photo, "Ships") for photo in fine)
    with django_assert_num_queries(1):
        assert story.publishing_problems() == []


def test_an_import_publishing_an_unlabelled_ai_photo_makes_a_draft_and_says_why(
    db,
):
    from articles.interchange.story import ImageRef, Story
    from articles.interchange.story_writer import StoryWriter
    from tests.helpers.provenance import PROVENANCE

    def story(source_id: str, caption: str) -> Story:
        return Story(
            source_id=source_id,
            headline=f"Harbour {source_id}",
            body_html="<p>The barrier held.</p>",
            lead_image=ImageRef(
                caption="The harbour at night", file_path=PROVENANCE / "ocsp.jpg"
            ),
            lead_image_caption=caption,
            status="published",
        )

    held, labelled = story("held", "The harbour"), story("ok", "AI-generated harbour")
    outcomes = StoryWriter(publish=True).write([held, labelled])

    assert [o.result for o in outcomes] == ["created", "created"]
    statuses = dict(Article.objects.values_list("source_id", "status"))
    assert statuses == {"held": "draft", "ok": "published"}
    photo = Article.objects.get(source_id="held").lead_image
    assert held.warnings == [
        "imported as a draft: the rules at publish refuse it: "
        + AI_REFUSAL.format(photo.pk)
    ]
    assert labelled.warnings == []
    assert Article.objects.get(source_id="held").first_published_at is None


def test_an_editor_sets_a_sections_rules_in_the_admin(editor):
    section = Section.objects.create(name="Opinion", slug="opinion")

    response = editor.post(
        f"/admin/articles/section/{section.pk}/change/",
        {
            "name": "Opinion",
            "slug": "opinion",
            "parent": "",
            "ai_caption_rule": "warn",
            "invalid_credentials_rule": "refuse",
            "agency_source_type_rule": "off",
            "forbidden_use_rule": "refuse",
            "offered_for_ai_training": "on",
        },
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert (
        section.ai_caption_rule,
        section.agency_source_type_rule,
        section.offered_for_ai_training,
    ) == ("warn", "off", True)


def test_a_warning_rule_publishes_an_ai_photo_and_says_so(editor):
    photo = stored_photo("ocsp.jpg", caption="The harbour at night")
    section = Section.objects.create(name="Arts", slug="arts", ai_caption_rule="warn")
    story = draft(lead_image=photo, section=section)

    response = editor.post(CHANGE.format(story.pk), form(story, _publish="1"))

    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).status == "published"
    assert f"Published with a warning: {AI_REFUSAL.format(photo.pk)}" in messages_of(
        response
    )
    assert not PublishOverride.objects.exists()
