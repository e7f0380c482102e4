from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Contributor, Credit, Image
from tests.helpers.images import make_jpeg


def test_body_is_sanitised_on_save(db):
    story = Article.objects.create(
        headline="Story",
        body='<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:x">'
        "link</a><style>p{}</style><strong>bold</strong></p><iframe src=x></iframe>",
    )

    assert Article.objects.get(pk=story.pk).body == (
        '<p>Hi <a rel="noopener noreferrer">link</a><strong>bold</strong></p>'
    )


def test_slug_is_made_unique_from_the_headline(db):
    first = Article.objects.create(headline="Flood warning for the valley")
    second = Article.objects.create(headline="Flood warning for the valley")

    assert first.slug == "flood-warning-for-the-valley"
    assert second.slug == "flood-warning-for-the-valley-2"


def test_publish_sets_dates_once(article):
    article.publish()
    first = article.first_published_at
    article.unpublish()
    assert article.status == Article.Status.DRAFT

    article.publish()

    assert article.first_published_at == first
    assert article.is_published() is True


def test_source_id_is_unique(db):
    Article.objects.create(headline="A", source_id="wire:1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="B", source_id="wire:1")


def test_blank_source_ids_do_not_collide(db):
    Article.objects.create(headline="A", source_id="")
    Article.objects.create(headline="B", source_id="")

    assert Article.objects.filter(source_id__isnull=True).count() == 2


def test_image_role_on_an_article_is_refused_by_the_database(article, reuters):
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(article=article, contributor=reuters, role="distributor")


def test_credit_needs_exactly_one_target(article, photo, reuters):
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(
            article=article, image=photo, contributor=reuters, role="author"
        )


def test_credit_clean_explains_the_role_rule(article, reuters):
    credit = Credit(article=article, contributor=reuters, role="creator")

    with pytest.raises(ValidationError) as error:
        credit.clean()

    assert error.value.message_dict == {
        "role": ["An article credit is either author or contributor."]
    }


def test_same_bytes_give_one_image(db):
    data = make_jpeg(80, 60)

    first, created_first = Image.objects.get_or_create_for_file(
        io.BytesIO(data), original_filename="a.jpg"
    )
    second, created_second = Image.objects.get_or_create_for_file(
        io.BytesIO(data), original_filename="copy-of-a.jpg"
    )

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Image.objects.count() == 1


def test_image_records_what_the_file_is(db, media_root):
    data = make_jpeg(80, 60)

    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(data), original_filename="../../etc/Kim jet.JPG"
    )

    image.refresh_from_db()
    assert (image.width, image.height) == (80, 60)
    assert image.file_size == len(data)
    assert image.content_type == "image/jpeg"
    assert image.original_filename == "Kim jet.JPG"
    assert image.file.name == f"images/{image.sha256[:2]}/{image.sha256}.jpg"
    assert (media_root / image.file.name).read_bytes() == data


def test_text_disguised_as_jpeg_is_refused_and_nothing_is_stored(db, media_root):
    with pytest.raises(ValidationError) as error:
        Image.objects.get_or_create_for_file(
            io.BytesIO(b"<script>alert(1)</script>"), original_filename="photo.jpg"
        )

    assert error.value.messages == [
        "The file is not a readable image (or it is truncated or corrupt)."
    ]
    assert Image.objects.count() == 0
    assert not (media_root / "images").exists()


def test_truncated_jpeg_is_refused(db):
    data = make_jpeg(200, 200)[:300]

    with pytest.raises(ValidationError):
        Image.objects.get_or_create_for_file(
            io.BytesIO(data), original_filename="x.jpg"
        )
    assert Image.objects.count() == 0


def test_contributor_resolve_matches_agencies_by_either_name(db):
    ap = Contributor.objects.resolve("AP")

    assert (ap.name, ap.short_name, ap.kind) == ("The Associated Press", "AP", "agency")
    assert Contributor.objects.resolve("The Associated Press") == ap
    assert Contributor.objects.resolve("Associated Press") == ap
    assert Contributor.objects.resolve("  reuters ").name == "Reuters"
    assert Contributor.objects.count() == 2


def test_contributor_resolve_creates_others_with_the_kind_given(db):
    gov = Contributor.objects.resolve(
        "Khabarovsky Krai region government", kind=Contributor.Kind.ORGANISATION
    )

    assert gov.kind == "organisation"
    assert gov.slug == "khabarovsky-krai-region-government"
    assert Contributor.objects.resolve("khabarovsky krai region government") == gov


def test_removing_the_file_forgets_its_facts_so_it_can_be_uploaded_again(db):
    data = make_jpeg(80, 60)
    image, _ = Image.objects.get_or_create_for_file(io.BytesIO(data))

    image.file = None
    image.save()

    image.refresh_from_db()
    assert (image.sha256, image.width, image.content_type) == (None, None, "")
    again, created = Image.objects.get_or_create_for_file(io.BytesIO(data))
    assert created is True


def test_a_section_cannot_sit_under_its_own_subsection(section):
    from articles.models import Section

    europe = Section.objects.create(name="Europe", parent=section)
    section.parent = europe

    with pytest.raises(ValidationError) as error:
        section.full_clean()

    assert error.value.message_dict == {
        "parent": ["A section cannot sit under itself or one of its subsections."]
    }
