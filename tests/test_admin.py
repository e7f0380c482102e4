"""The editors' admin: every page renders, actions and uploads change the
database the way the editor expects, and changelists stay at a fixed number
of queries."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Image, Section, Tag
from tests.helpers.admin import (
    article_form,
    changelist,
    image_form,
    management_form,
    messages_of,
    rows,
)
from tests.helpers.fronts import front
from tests.helpers.images import make_jpeg, stored_files

MODELS = ["article", "image", "contributor", "section", "tag", "collection"]


@pytest.fixture
def lead_photo(db, ap) -> Image:
    """A photo with a file and a photographer's credit."""
    photographer = Contributor.objects.create(name="Priya Raman", slug="priya-raman")
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(120, 80, (20, 90, 160))),
        original_filename="harbour.jpg",
        caption="The floating barrier at dawn.",
        alt_text="An orange barrier across a grey harbour",
    )
    Credit.objects.create(image=image, contributor=photographer, role="creator")
    Credit.objects.create(image=image, contributor=ap, role="distributor", position=1)
    return image


@pytest.fixture
def library(published_article, lead_photo) -> dict[str, object]:
    """One row of every registered model, with related rows present."""
    canada = Section.objects.create(name="Canada", slug="canada")
    politics = Section.objects.create(name="Politics", slug="politics", parent=canada)
    story = Article.objects.create(
        headline="Committee hears rail safety testimony",
        slug="rail-safety",
        section=politics,
        lead_image=lead_photo,
    )
    Credit.objects.create(
        article=story,
        contributor=Contributor.objects.get(slug="priya-raman"),
        role="author",
    )
    return {
        "article": published_article,
        "image": lead_photo,
        "contributor": published_article.credits.get().contributor,
        "section": politics,
        "tag": published_article.tags.get(),
        "collection": front("top-stories", [published_article, politics]),
    }


def test_admin_index_lists_every_model_but_credits(admin_client):
    response = admin_client.get("/admin/")

    app = next(a for a in response.context["app_list"] if a["app_label"] == "articles")
    assert sorted(m["object_name"].lower() for m in app["models"]) == sorted(
        [
            *MODELS,
            "rendition",
            "withdrawal",
            "webhookendpoint",
            "webhookdelivery",
            "wiresource",
            "wireitem",
            "apitoken",
            "publishoverride",
        ]
    )


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_renders_with_rows(admin_client, library, model):
    response = admin_client.get(changelist(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", MODELS)
def test_every_add_form_renders(admin_client, library, model):
    response = admin_client.get(f"{changelist(model)}add/")

    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_every_change_form_renders(admin_client, library, model):
    obj = library[model]

    response = admin_client.get(f"{changelist(model)}{obj.pk}/change/")

    assert response.status_code == 200
    assert response.context["original"] == obj


def test_article_change_form_shows_credit_line_and_lead_image_preview(
    admin_client, library
):
    story = Article.objects.get(slug="rail-safety")

    response = admin_client.get(f"{changelist('article')}{story.pk}/change/")

    assert "By Priya Raman" in response.content.decode()
    image = story.lead_image
    full = f"/renditions/{image.pk}/{image.rendition_version}/full.jpeg"
    assert f'src="{full}"' in response.content.decode()
    # Sized by the admin's stylesheet: a style attribute would break the CSP.
    assert 'class="admin-preview focal-point-preview"' in response.content.decode()
    assert "style=" not in response.content.decode()


def test_image_change_form_shows_preview_and_file_facts(admin_client, lead_photo):
    response = admin_client.get(f"{changelist('image')}{lead_photo.pk}/change/")
    html = response.content.decode()

    full = f"/renditions/{lead_photo.pk}/{lead_photo.rendition_version}/full.jpeg"
    assert f'src="{full}"' in html
    assert 'data-focal-x="0.5" data-focal-y="0.5"' in html
    assert "/static/articles/admin/focal-point.js" in html
    assert "Priya Raman via AP" in html
    assert lead_photo.sha256 in html


def test_thumbnails_escape_stored_text(admin_client, lead_photo):
    lead_photo.alt_text = '"><script>alert(1)</script>'
    lead_photo.save()

    response = admin_client.get(changelist("image"))

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def test_images_without_files_show_a_dash(admin_client, photo, published_article):
    images = admin_client.get(changelist("image")).content.decode()
    articles = admin_client.get(changelist("article")).content.decode()

    assert (
        f'<th class="field-list_thumbnail"><a href="/admin/articles/image/{photo.pk}'
        '/change/">-</a></th>'
    ) in images
    assert '<td class="field-lead_image_thumbnail">-</td>' in articles


def test_lead_image_picker_popup_renders(admin_client, lead_photo):
    response = admin_client.get(changelist("image"), {"_to_field": "id", "_popup": 1})

    assert response.status_code == 200
    assert rows(response) == [lead_photo]


def test_article_search_and_filters(admin_client, library, published_article):
    story = Article.objects.get(slug="rail-safety")
    year = published_article.published_at.year
    url = changelist("article")

    assert rows(admin_client.get(url, {"q": "missile"})) == [published_article]
    assert rows(admin_client.get(url, {"status__exact": "draft"})) == [story]
    assert rows(admin_client.get(url, {"section__id__exact": story.section_id})) == [
        story
    ]
    assert rows(admin_client.get(url, {"tags__id__exact": library["tag"].pk})) == [
        published_article
    ]
    assert rows(admin_client.get(url, {"published_at__year": year})) == [
        published_article
    ]


def test_image_search_and_filters(admin_client, lead_photo, photo):
    url = changelist("image")

    assert rows(admin_client.get(url, {"has_file": "yes"})) == [lead_photo]
    assert rows(admin_client.get(url, {"has_file": "no"})) == [photo]
    assert rows(admin_client.get(url, {"content_type": "image/jpeg"})) == [lead_photo]
    assert rows(admin_client.get(url, {"q": "Khabarovsky"})) == [photo]
    assert rows(admin_client.get(url, {"q": "Priya"})) == [lead_photo]


def test_contributor_section_and_tag_search_and_filters(admin_client, library, ap):
    assert rows(admin_client.get(changelist("contributor"), {"q": "AP"})) == [ap]
    agencies = rows(
        admin_client.get(changelist("contributor"), {"kind__exact": "agency"})
    )
    assert [c.name for c in agencies] == ["Reuters", "The Associated Press"]
    top_level = rows(admin_client.get(changelist("section"), {"parent__isempty": "1"}))
    assert [s.name for s in top_level] == ["Canada", "World"]
    assert rows(admin_client.get(changelist("tag"), {"q": "north"})) == [library["tag"]]


def test_contributor_changelist_counts_credits(admin_client, library, ap):
    response = admin_client.get(changelist("contributor"), {"q": "AP"})

    assert [c.credit_count for c in rows(response)] == [2]


def test_contributor_autocomplete_finds_reuters(admin_client, reuters, ap):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "credit",
            "field_name": "contributor",
            "term": "Reu",
        },
    )

    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": str(reuters.pk), "text": "Reuters"}],
        "pagination": {"more": False},
    }


def test_publish_action_publishes_drafts(admin_client, article):
    response = admin_client.post(
        changelist("article"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published() is True
    assert messages_of(response) == ["Published 1 article."]


def test_publish_action_leaves_live_articles_alone(admin_client, published_article):
    published_at = published_article.published_at

    response = admin_client.post(
        changelist("article"),
        {"action": "publish_selected", "_selected_action": [published_article.pk]},
        follow=True,
    )

    published_article.refresh_from_db()
    assert published_article.published_at == published_at
    assert messages_of(response) == [
        "Published 0 articles. 1 article already public, left as they were."
    ]


def test_unpublish_action_turns_published_articles_into_drafts(
    admin_client, published_article
):
    archived = Article.objects.create(
        headline="Old news", slug="old-news", status=Article.Status.ARCHIVED
    )

    response = admin_client.post(
        changelist("article"),
        {
            "action": "unpublish_selected",
            "_selected_action": [published_article.pk, archived.pk],
        },
        follow=True,
    )

    published_article.refresh_from_db()
    archived.refresh_from_db()
    assert published_article.status == Article.Status.DRAFT
    assert published_article.is_published() is False
    assert archived.status == Article.Status.ARCHIVED
    assert messages_of(response) == [
        "Unpublished 1 article; they are drafts now. "
        "1 article not published, left as they were."
    ]


def test_uploading_a_jpeg_stores_one_image_described_from_the_file(
    admin_client, media_root
):
    data = make_jpeg(320, 200)

    response = admin_client.post(
        f"{changelist('image')}add/",
        image_form(
            SimpleUploadedFile("kim-jet.jpg", data, content_type="image/jpeg"),
            caption="A jet on the runway",
        ),
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (320, 200)
    assert image.sha256 == hashlib.sha256(data).hexdigest()
    assert image.content_type == "image/jpeg"
    assert image.file_size == len(data)
    assert image.original_filename == "kim-jet.jpg"
    assert stored_files(media_root) == [media_root / image.file.name]


def test_uploading_the_same_bytes_again_names_the_existing_image(admin_client):
    data = make_jpeg()
    admin_client.post(
        f"{changelist('image')}add/",
        image_form(SimpleUploadedFile("a.jpg", data), caption="A jet on the runway"),
    )
    existing = Image.objects.get()

    response = admin_client.post(
        f"{changelist('image')}add/",
        image_form(SimpleUploadedFile("copy.jpg", data)),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        f"This photo is already in the library as “A jet on the runway” "
        f"(image #{existing.pk})."
    ]
    assert Image.objects.count() == 1


def test_reuploading_an_images_own_bytes_keeps_its_stored_file(
    admin_client, lead_photo, media_root
):
    data = lead_photo.file.read()
    lead_photo.file.close()

    response = admin_client.post(
        f"{changelist('image')}{lead_photo.pk}/change/",
        image_form(SimpleUploadedFile("again.jpg", data), caption="New caption"),
    )

    assert response.status_code == 302
    lead_photo.refresh_from_db()
    assert lead_photo.caption == "New caption"
    assert stored_files(media_root) == [media_root / lead_photo.file.name]


@pytest.mark.parametrize(
    "content",
    [b"This is a press release, not a photo.\n", make_jpeg(400, 300)[:300]],
    ids=["text-named-jpg", "truncated-jpeg"],
)
def test_uploading_a_non_image_is_refused_and_stores_nothing(
    admin_client, media_root, content
):
    response = admin_client.post(
        f"{changelist('image')}add/",
        image_form(SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        "The file is not a readable image (or it is truncated or corrupt)."
    ]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_clearing_an_images_file_forgets_its_facts(admin_client, lead_photo):
    response = admin_client.post(
        f"{changelist('image')}{lead_photo.pk}/change/",
        image_form("", **{"file-clear": "on"}),
    )

    assert response.status_code == 302
    lead_photo.refresh_from_db()
    assert not lead_photo.file
    assert (lead_photo.width, lead_photo.sha256, lead_photo.content_type) == (
        None,
        None,
        "",
    )


def test_adding_an_article_saves_its_inline_credit_and_cleans_the_body(
    admin_client, reuters
):
    response = admin_client.post(
        f"{changelist('article')}add/",
        article_form(
            body="<p>The barrier held.</p><script>alert('x')</script>",
            **management_form("credits", total=1),
            **{
                "credits-0-contributor": reuters.pk,
                "credits-0-role": "contributor",
                "credits-0-position": 0,
            },
        ),
    )

    assert response.status_code == 302
    story = Article.objects.get(slug="harbour-barrier-holds")
    assert story.body == "<p>The barrier held.</p>"
    assert [(c.contributor, c.role) for c in story.credits.all()] == [
        (reuters, "contributor")
    ]
    assert story.credit_line == "With files from Reuters"


def test_article_credit_inline_refuses_image_roles(admin_client, reuters):
    response = admin_client.post(
        f"{changelist('article')}add/",
        article_form(
            **management_form("credits", total=1),
            **{
                "credits-0-contributor": reuters.pk,
                "credits-0-role": "creator",
                "credits-0-position": 0,
            },
        ),
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [
        {
            "role": [
                "Select a valid choice. creator is not one of the available choices."
            ]
        }
    ]
    assert Article.objects.count() == 0


def test_article_credit_inline_refuses_the_same_credit_twice(admin_client, reuters):
    response = admin_client.post(
        f"{changelist('article')}add/",
        article_form(
            **management_form("credits", total=2),
            **{
                f"credits-{i}-{field}": value
                for i in range(2)
                for field, value in [
                    ("contributor", reuters.pk),
                    ("role", "contributor"),
                    ("position", i),
                ]
            },
        ),
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == [
        "Reuters is credited twice as contributor (with files from)."
    ]
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("model", "roles"),
    [
        ("article", ["author", "contributor"]),
        ("image", ["creator", "provider", "distributor"]),
    ],
)
def test_credit_inlines_offer_only_their_targets_roles(admin_client, model, roles):
    response = admin_client.get(f"{changelist(model)}add/")

    formset = response.context["inline_admin_formsets"][0].formset
    choices = [value for value, _ in formset.empty_form.fields["role"].choices]
    assert choices == ["", *roles]


def test_a_section_cannot_sit_under_its_own_subsection(admin_client):
    canada = Section.objects.create(name="Canada", slug="canada")
    politics = Section.objects.create(name="Politics", slug="politics", parent=canada)

    response = admin_client.post(
        f"{changelist('section')}{canada.pk}/change/",
        {"name": "Canada", "slug": "canada", "parent": politics.pk},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "A section cannot sit under itself or one of its subsections."
    ]
    canada.refresh_from_db()
    assert canada.parent is None


def make_articles(count: int) -> None:
    """`count` published stories with everything the changelist shows: a
    section with a parent, a lead image with a file, two credits and a tag."""
    canada, _ = Section.objects.get_or_create(name="Canada", slug="canada")
    politics, _ = Section.objects.get_or_create(
        name="Politics", slug="politics", parent=canada
    )
    tag, _ = Tag.objects.get_or_create(name="Rail", slug="rail")
    reporter, _ = Contributor.objects.get_or_create(name="Daniel Okafor", slug="okafor")
    agency, _ = Contributor.objects.get_or_create(
        name="Reuters", slug="reuters", kind=Contributor.Kind.AGENCY
    )
    start = Article.objects.count()
    for n in range(start, start + count):
        image, _ = Image.objects.get_or_create_for_file(
            io.BytesIO(make_jpeg(16 + n, 16)), original_filename=f"{n}.jpg"
        )
        Credit.objects.create(image=image, contributor=agency, role="distributor")
        story = Article.objects.create(
            headline=f"Story {n}",
            slug=f"story-{n}",
            section=politics,
            lead_image=image,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        story.tags.add(tag)
        Credit.objects.create(article=story, contributor=reporter, role="author")
        Credit.objects.create(article=story, contributor=agency, role="contributor")


def count_changelist_queries(client, model: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist(model))
    assert response.status_code == 200
    assert len(rows(response)) == expected_rows
    return len(queries.captured_queries)


@pytest.mark.parametrize("model", ["article", "image"])
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    make_articles(3)
    few = count_changelist_queries(admin_client, model, 3)
    make_articles(17)
    many = count_changelist_queries(admin_client, model, 20)

    # Session, user, counts, rows (with section, parent and lead image),
    # credits with contributors, and the filters' choices: none per row.
    assert many == few
