"""`manage.py load_demo`: a fresh install gets a small, credited newsroom with
real photos and a login, and running it again changes nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from PIL import Image as PILImage

from articles.models import Article, Contributor, Credit, Image, Section, Tag

READY = "Demo content ready: 12 articles, 10 images, 13 contributors."
CREDENTIALS = (
    "Admin: http://127.0.0.1:8000/admin/  user: admin  password: newsroom-demo"
)
MEMBERS = (
    "Also, with the same password: writer, editor, photos "
    "(a Writer, an Editor and a Photo editor)."
)


def log_in(client, username: str, password: str) -> bool:
    # django-axes checks every login against its lockouts, which needs the
    # request; the test client's login() has none of its own to pass.
    return client.login(request=HttpRequest(), username=username, password=password)


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "drafts": Article.objects.filter(status=Article.Status.DRAFT).count(),
        "archived": Article.objects.filter(status=Article.Status.ARCHIVED).count(),
        "images": Image.objects.count(),
        "contributors": Contributor.objects.count(),
        "credits": Credit.objects.count(),
        "sections": Section.objects.count(),
        "tags": Tag.objects.count(),
        "users": get_user_model().objects.count(),
    }


def stored_files(media_root: Path) -> list[Path]:
    return sorted(p for p in media_root.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_it_creates_the_promised_content_and_prints_the_login():
    output = load_demo()

    assert output.splitlines() == [READY, CREDENTIALS, MEMBERS]
    assert counts() == {
        "articles": 12,  # 10 English stories, 2 French editions
        "published": 9,  # the French translation is scheduled
        "drafts": 1,
        "archived": 1,
        "images": 10,
        "contributors": 13,
        # 12 bylines, 7 "with files from", 2 per photo
        "credits": 39,
        "sections": 5,
        "tags": 8,
        "users": 4,  # admin, and a writer, an editor, a photo editor
    }
    assert Section.objects.get(slug="politics").parent.slug == "canada"
    assert set(
        Contributor.objects.filter(kind=Contributor.Kind.AGENCY).values_list(
            "name", "short_name"
        )
    ) == {("The Associated Press", "AP"), ("Reuters", ""), ("The Canadian Press", "CP")}


@pytest.mark.django_db
def test_every_article_has_a_byline_and_a_generated_photo(media_root):
    load_demo()

    for article in Article.objects.select_related("lead_image"):
        assert article.credit_line.startswith("By "), article.slug
        image = article.lead_image
        assert (image.width, image.height, image.content_type) == (
            1200,
            800,
            "image/jpeg",
        )
        assert image.caption and image.alt_text and image.copyright_notice
        with PILImage.open(media_root / image.file.name) as picture:
            assert (picture.format, picture.size) == ("JPEG", (1200, 800))
    # Ten different pictures, not one picture ten times.
    assert len(set(Image.objects.values_list("sha256", flat=True))) == 10


@pytest.mark.django_db
def test_credit_lines_read_as_in_print():
    load_demo()

    def image_credit(scene: str) -> str:
        return Image.objects.get(original_filename=f"demo-{scene}.jpg").credit_line

    assert image_credit("prairie") == "Priya Raman/CP"
    assert image_credit("rail") == "Ministry of Transport via AP"
    assert image_credit("shelves") == "Jonah Becker via AP"
    harvest = Article.objects.get(source_id__endswith="late-harvest")
    assert (
        harvest.credit_line == "By Claire Tremblay. With files from The Canadian Press"
    )


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(media_root):
    load_demo()
    before, files, articles = (
        counts(),
        stored_files(media_root),
        list(Article.objects.values()),
    )

    output = load_demo()

    assert output.splitlines() == [READY, CREDENTIALS, MEMBERS]
    assert counts() == before
    assert stored_files(media_root) == files
    assert list(Article.objects.values()) == articles


@pytest.mark.django_db
def test_a_second_run_restores_edited_demo_stories():
    load_demo()
    story = Article.objects.get(
        source_id="demo:winter-carnival-draws-record-crowds-despite-cold-snap"
    )
    story.headline = "Edited"
    story.save()
    story.credits.all().delete()

    load_demo()

    story.refresh_from_db()
    assert story.headline == "Winter carnival draws record crowds despite a cold snap"
    assert story.credit_line == "By Claire Tremblay. With files from The Canadian Press"
    assert Article.objects.count() == 12


@pytest.mark.django_db
def test_it_redraws_photos_whose_files_are_gone(media_root):
    load_demo()
    for path in stored_files(media_root):
        path.unlink()

    load_demo()

    assert Image.objects.count() == 10
    assert len(stored_files(media_root)) == 10


@pytest.mark.django_db
def test_the_demo_user_can_log_in(client):
    load_demo()

    assert log_in(client, "admin", "newsroom-demo") is True
    assert client.get("/admin/articles/article/").status_code == 200


@pytest.mark.django_db
def test_demo_members_of_each_role_can_log_in(client):
    load_demo()

    assert log_in(client, "writer", "newsroom-demo") is True
    page = client.get("/admin/articles/article/add/")
    assert page.status_code == 200
    # A writer submits for review; an editor may publish (the action buttons).
    assert b'name="_submit_review"' in page.content
    assert b'name="_publish"' not in page.content
    assert log_in(client, "editor", "newsroom-demo") is True
    assert b'name="_publish"' in client.get("/admin/articles/article/add/").content
    groups = get_user_model().objects.get(username="photos").groups
    assert list(groups.values_list("name", flat=True)) == ["Photo editor"]


@pytest.mark.django_db
def test_the_password_can_come_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a much longer secret")

    output = load_demo()

    assert "a much longer secret" not in output
    assert output.splitlines()[-2:] == [
        "Admin: http://127.0.0.1:8000/admin/  user: admin  "
        "password: (the value of DEMO_ADMIN_PASSWORD)",
        MEMBERS,
    ]
    assert log_in(client, "admin", "a much longer secret") is True


@pytest.mark.django_db
def test_no_user_leaves_users_alone(django_user_model):
    django_user_model.objects.create_user("admin", password="their own password")

    output = load_demo("--no-user")

    assert output.splitlines() == [READY, "Users left alone (--no-user)."]
    admin = django_user_model.objects.get(username="admin")
    assert admin.check_password("their own password") is True
    assert admin.is_superuser is False


@pytest.mark.django_db
def test_resetting_an_existing_admins_password_is_announced(django_user_model):
    django_user_model.objects.create_user("admin", password="their own password")

    output = load_demo()

    assert output.splitlines() == [
        READY,
        'The existing user "admin" had another password or fewer rights; it is now '
        "a superuser with the demo password (use --no-user to leave users alone).",
        CREDENTIALS,
        MEMBERS,
    ]
    assert django_user_model.objects.get(username="admin").is_superuser is True


@pytest.mark.django_db
def test_published_demo_stories_are_served_by_the_api(api_client):
    load_demo()

    response = api_client.get("/api/v1/articles/")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 8
    slugs = {a["slug"] for a in response.json()["results"]}
    assert "port-authority-weighs-container-terminal-expansion" not in slugs


@pytest.mark.django_db
def test_it_keeps_existing_sections_tags_and_agencies(section, reuters):
    Tag.objects.create(name="climate", slug="climate-change")

    load_demo("--no-user")

    assert Section.objects.get(slug="world") == section
    assert Contributor.objects.filter(name="Reuters").count() == 1
    assert Tag.objects.filter(name__iexact="climate").count() == 1
    assert Tag.objects.count() == 8


@pytest.mark.django_db
def test_the_printed_admin_address_is_where_the_server_listens():
    # PORT=8100 make run passes --address 127.0.0.1:8100.
    output = load_demo("--address", "127.0.0.1:8100")

    assert output.splitlines()[1] == (
        "Admin: http://127.0.0.1:8100/admin/  user: admin  password: newsroom-demo"
    )
