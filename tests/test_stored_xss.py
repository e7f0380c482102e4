"""Stored XSS: script payloads written into every text field, caption,
credit, name and file name, then every admin page and the API's HTML pages
loaded in Chromium as a superuser. Not one payload may run."""

from __future__ import annotations

import io
import os

import pytest

from articles.models import (
    Article,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
    WebhookEndpoint,
)
from tests.helpers.browser import CHROMIUM, log_in, new_page
from tests.helpers.images import make_jpeg
from tests.helpers.safety import record

if CHROMIUM is None and os.environ.get("CMS_REQUIRE_BROWSER") != "1":
    pytest.skip("Chromium is not installed.", allow_module_level=True)

RUN = "window.__xss=(window.__xss||0)+1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'<svg onload="{RUN}"></svg>',
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f'<a href="jav&#x09;ascript:{RUN}">link</a>',
    f'<div style="background:url(javascript:{RUN})">css</div>',
    f'<iframe src="javascript:{RUN}"></iframe>',
]
PAYLOAD = " ".join(PAYLOADS)


@pytest.fixture
def poisoned(transactional_db):
    """Content where a writer (or a photo's metadata) could put text."""
    section = Section.objects.create(name=f"Section {PAYLOADS[1]}", slug="world")
    tag = Tag.objects.create(name=f"Tag {PAYLOADS[2]}", slug="tag")
    person = Contributor.objects.create(
        name=f"Name {PAYLOADS[3]}", short_name=PAYLOADS[4][:40], slug="person",
        bio=PAYLOAD,
    )  # fmt: skip
    image, _ = Image.objects.get_or_create_for_file(
        io.BytesIO(make_jpeg(320, 200)),
        original_filename=f'"><img src=x onerror={RUN}>.jpg',
    )
    for field in ("caption", "alt_text", "headline", "copyright_notice", "usage_terms",
                  "restrictions", "credit_line_override"):  # fmt: skip
        max_length = Image._meta.get_field(field).max_length
        setattr(image, field, PAYLOAD[:max_length] if max_length else PAYLOAD)
    image.save()
    Credit.objects.create(image=image, contributor=person, role="creator")
    article = Article.objects.create(
        headline=PAYLOAD[:300],
        slug="poisoned",
        standfirst=PAYLOAD,
        body=PAYLOAD,
        lead_image=image,
        lead_image_caption=PAYLOAD,
        credit_line_override=PAYLOAD[:255],
        section=section,
        source_id=PAYLOADS[0],
    )
    article.tags.add(tag)
    Credit.objects.create(article=article, contributor=person, role="author")
    Correction.objects.create(article=article, note=PAYLOAD)
    article.publish()
    WebhookEndpoint.objects.create(name=PAYLOADS[1][:100], url="https://example.com/h")
    return {"article": article, "image": image, "person": person, "section": section,
            "tag": tag}  # fmt: skip


def admin_pages(objects) -> list[str]:
    pages = ["/admin/"]
    for model, obj in (
        ("article", objects["article"]),
        ("image", objects["image"]),
        ("contributor", objects["person"]),
        ("section", objects["section"]),
        ("tag", objects["tag"]),
        ("webhookendpoint", WebhookEndpoint.objects.get()),
    ):
        base = f"/admin/articles/{model}/"
        pages += [
            base,
            f"{base}?q=script",
            f"{base}{obj.pk}/change/",
            f"{base}{obj.pk}/history/",
        ]
    pages += [
        "/admin/articles/rendition/",
        "/admin/articles/withdrawal/",
        "/admin/articles/webhookdelivery/",
        "/admin/articles/article/?_popup=1",
        "/admin/articles/image/?_to_field=id&_popup=1",
        "/api/v1/docs/",
        "/api/v1/articles/",
        "/api/v1/articles/poisoned/",
        "/api/v1/contributors/",
    ]
    return pages


def test_no_payload_runs_on_any_admin_or_api_page(browser, site, superuser, poisoned):
    editor = new_page(browser, site)
    page = editor.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(editor, superuser.username)

    executed = {}
    pages = admin_pages(poisoned)
    for path in pages:
        response = page.goto(f"{site}{path}", wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_timeout(50)  # let onerror/onload handlers fire
        if count := page.evaluate("window.__xss || 0"):
            executed[path] = count
    page.context.close()

    assert len(pages) >= 30
    assert executed == {}
    assert dialogs == []
    record("stored XSS", "payloads", len(PAYLOADS))
    record("stored XSS", "pages loaded in Chromium", len(pages))
    record("stored XSS", "executions", len(executed) + len(dialogs))


def test_the_api_delivers_the_body_sanitised(api_client, poisoned):
    data = api_client.get("/api/v1/articles/poisoned/").json()
    body = data["body_html"].lower()

    for fragment in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "style=",
        "<svg",
    ):
        assert fragment not in body, fragment
    # Plain-text fields are delivered as text, exactly as typed; they are
    # JSON strings, and frontends escape them like any text.
    assert data["standfirst"] == PAYLOAD
