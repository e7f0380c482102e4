"""A story's text source (issue 22, item 5): IPTC's digital source type for
text software drafted or edited, and our machine-translation flag, from the
model through the admin, the write API, working drafts, delivery, ninjs both
ways and backups."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from jsonschema import Draft202012Validator

from articles.imaging.source_types import SOURCE_TYPE_NAMES, text_source_type
from articles.interchange.fingerprints import _facts, fingerprint
from articles.interchange.ninjs_reader import parse_ninjs
from articles.interchange.story import CONTRIBUTOR, CreditRef, Story
from articles.interchange.story_writer import StoryWriter
from articles.models import Article, ArticleDraft, Image
from articles.models.story_source import TEXT_SOURCE_CHOICES, TEXT_SOURCE_FIELDS
from tests.helpers.corpus import CORPUS
from tests.helpers.imports import run_import
from tests.helpers.working_drafts import post_change

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
LLM = IPTC + "trainedAlgorithmicMedia"
AI_EDITED = IPTC + "compositeWithTrainedAlgorithmicMedia"
NINJS_SCHEMA = json.loads(
    (CORPUS / "ninjs" / "schemas" / "ninjs-schema_3.1.json").read_text()
)
HOT_PATH = "articles.api.hot_path.ArticleHotPathMiddleware"


@pytest.fixture
def drafted(published_article):
    """The sample story, drafted by a language model and machine-translated."""
    Article.objects.filter(pk=published_article.pk).update(
        digital_source_type=LLM,
        machine_translated=True,
        source_note="Drafted with a language model from Reuters copy; checked by the desk.",
    )
    published_article.refresh_from_db()
    return published_article


# The model --------------------------------------------------------------


def test_only_the_terms_for_text_are_offered():
    assert [uri for uri, _ in TEXT_SOURCE_CHOICES] == [
        LLM,
        AI_EDITED,
        IPTC + "algorithmicMedia",
    ]
    # IPTC's vocabulary has no machine-translation term: hence our own flag.
    assert [term for term in SOURCE_TYPE_NAMES if "ransl" in term.lower()] == []
    assert (
        text_source_type(
            "https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
        )
        == LLM
    )
    assert text_source_type(IPTC + "digitalCapture") == ""
    assert text_source_type(IPTC + "humanEdits") == ""


def test_the_source_and_its_badges(drafted):
    assert drafted.text_source() == {"uri": LLM, "name": "Trained algorithmic media"}
    assert drafted.text_source_badges() == ["AI-drafted", "Machine-translated"]
    article = Article(headline="Written by a reporter")
    assert (article.text_source(), article.text_source_badges()) == (None, [])
    article.digital_source_type = AI_EDITED
    assert article.text_source_badges() == ["AI-edited"]


# Delivery ---------------------------------------------------------------


def _get(path: str, *, hot: bool):
    from django.conf import settings

    middleware = [m for m in settings.MIDDLEWARE if hot or m != HOT_PATH]
    with override_settings(MIDDLEWARE=middleware, CMS_RESPONSE_CACHE_TIMEOUT=0):
        return Client().get(path)


def test_the_document_says_where_the_text_came_from(drafted):
    detail = _get(f"/api/v1/articles/{drafted.slug}/", hot=False)

    document = detail.json()
    assert {name: document[name] for name in TEXT_SOURCE_FIELDS} == {
        "digital_source_type": {"uri": LLM, "name": "Trained algorithmic media"},
        "machine_translated": True,
        "source_note": "Drafted with a language model from Reuters copy; checked "
        "by the desk.",
    }
    for path in (f"/api/v1/articles/{drafted.slug}/", "/api/v1/articles/"):
        assert _get(path, hot=True).content == _get(path, hot=False).content


def test_a_change_reaches_the_stored_document(api_client, drafted):
    path = f"/api/v1/articles/{drafted.slug}/"
    assert api_client.get(path).json()["machine_translated"] is True
    drafted.digital_source_type = ""
    drafted.machine_translated = False
    drafted.save()

    document = api_client.get(path).json()
    assert (document["digital_source_type"], document["machine_translated"]) == (
        None,
        False,
    )


def test_ninjs_gives_the_digital_source_type(api_client, drafted):
    document = api_client.get(f"/api/v1/articles/{drafted.slug}/ninjs/").json()

    assert [
        e.message for e in Draft202012Validator(NINJS_SCHEMA).iter_errors(document)
    ] == []
    assert document["digitalSourceType"] == {
        "uri": LLM,
        "name": "Trained algorithmic media",
    }


def test_the_openapi_schema_describes_the_fields(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    properties = components["Article"]["properties"]
    assert properties["digital_source_type"]["allOf"] == [
        {"$ref": "#/components/schemas/TextSource"}
    ]
    assert properties["digital_source_type"]["nullable"] is True
    assert properties["machine_translated"]["type"] == "boolean"
    assert sorted(components["TextSource"]["properties"]) == ["name", "uri"]


# Backups and importers --------------------------------------------------


def test_a_backup_restores_the_fields_exactly(drafted, tmp_path):
    before = Client().get(f"/api/v1/articles/{drafted.slug}/").json()
    saved = Article.objects.values(*TEXT_SOURCE_FIELDS).get(pk=drafted.pk)
    call_command("export_articles", str(tmp_path / "backup"), stdout=io.StringIO())
    record = next(
        json.loads(line)
        for line in (tmp_path / "backup" / "content.jsonl").open()
        if '"type": "article"' in line or '"type":"article"' in line
    )
    assert {name: record[name] for name in TEXT_SOURCE_FIELDS} == saved

    for image in Image.objects.exclude(file=""):
        image.file.delete(save=False)
    Article.objects.all().delete()
    Image.objects.all().delete()
    stdout, stderr = run_import(tmp_path / "backup")

    assert stderr == ""
    assert Article.objects.values(*TEXT_SOURCE_FIELDS).get(pk=drafted.pk) == saved
    assert Client().get(f"/api/v1/articles/{drafted.slug}/").json() == before


def _ninjs_item(**fields) -> dict:
    return {
        "uri": "urn:example:story:1",
        "type": "text",
        "headlines": [{"role": "main", "value": "Council approves budget"}],
        "bodies": [
            {"role": "main", "contentType": "text/html", "value": "<p>Approved.</p>"}
        ],
        **fields,
    }


def _parse(item: dict):
    return next(parse_ninjs(io.BytesIO(json.dumps(item).encode()), "item.json"))


def test_ninjs_in_reads_the_items_source_type():
    https = "https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    read = _parse(_ninjs_item(digitalSourceType={"uri": https, "name": "x"}))
    assert (read.text_source, read.warnings) == ({"digital_source_type": LLM}, [])
    assert _parse(_ninjs_item()).text_source is None

    capture = _parse(_ninjs_item(digitalSourceType={"uri": IPTC + "digitalCapture"}))
    assert capture.text_source is None
    assert capture.warnings == [
        f"digitalSourceType '{IPTC}digitalCapture' is not a term for text: ignored"
    ]


def test_a_source_that_never_says_keeps_its_fingerprint():
    # Re-importing yesterday's wire must not find every story changed.
    plain = _parse(_ninjs_item())
    assert "text_source" not in _facts(plain)
    said = _parse(_ninjs_item(digitalSourceType={"uri": LLM}))
    assert fingerprint(said) != fingerprint(plain)


def test_a_ninjs_import_stores_the_source_type(db, tmp_path):
    path = tmp_path / "item.json"
    path.write_text(json.dumps(_ninjs_item(digitalSourceType={"uri": AI_EDITED})))

    stdout, stderr = run_import(path)

    assert stderr == ""
    story = Article.objects.get(source_id="ninjs:urn:example:story:1")
    assert (story.digital_source_type, story.machine_translated) == (AI_EDITED, False)


def test_an_agency_update_offered_to_an_edited_story_carries_it(db, admin_user):
    StoryWriter(publish=True).write([_agency_story(1)])
    article = Article.objects.get(source_id="g2:wire-1")
    article.headline = "The desk's headline"
    article.updated_by = admin_user
    article.save()

    outcomes = StoryWriter(publish=True).write(
        [_agency_story(2, text_source={"digital_source_type": LLM})]
    )

    assert [o.result for o in outcomes] == ["offered"]
    article.refresh_from_db()
    assert article.digital_source_type == ""  # live: the editor's version
    draft = ArticleDraft.objects.get(article=article)
    assert draft.values["digital_source_type"] == LLM


def _agency_story(number: int, **fields) -> Story:
    return Story(
        source_id="g2:wire-1",
        headline=f"Harbour wall breached (v{number})",
        body_html=f"<p>Version {number}.</p>",
        published_at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
        updated_at=datetime(2026, 11, 30, 9, number, tzinfo=UTC),
        credits=[CreditRef(name="Reuters", role=CONTRIBUTOR)],
        version=number,
        **fields,
    )


# Editing ----------------------------------------------------------------


def test_a_live_storys_source_changes_through_its_working_draft(
    admin_client, published_article
):
    story = published_article
    response = post_change(
        admin_client,
        story,
        digital_source_type=LLM,
        machine_translated="on",
        source_note="Machine-translated from French.",
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.digital_source_type, story.machine_translated) == ("", False)
    values = ArticleDraft.objects.get(article=story).values
    assert {name: values[name] for name in TEXT_SOURCE_FIELDS} == {
        "digital_source_type": LLM,
        "machine_translated": True,
        "source_note": "Machine-translated from French.",
    }
    page = admin_client.get(f"/admin/articles/article/{story.pk}/change/")
    text = page.content.decode()
    assert "Text source" in text
    assert f'<option value="{LLM}" selected>' in text  # opens on the draft

    post_change(
        admin_client,
        story,
        "_publish",
        digital_source_type=LLM,
        machine_translated="on",
        source_note="Machine-translated from French.",
    )
    story.refresh_from_db()
    assert (story.digital_source_type, story.machine_translated) == (LLM, True)
    listing = admin_client.get("/admin/articles/article/").content.decode()
    assert (
        '<span class="provenance-badge provenance-label-ai_generated">AI-drafted'
        "</span>" in listing
    )
    assert ">Machine-translated</span>" in listing


def test_the_write_api_takes_the_source_type(
    client, published_article, django_user_model
):
    from tests.helpers.api_tokens import MANAGE, bearer, etag, issue
    from tests.helpers.newsroom import newsroom_staff

    raw = issue(newsroom_staff(django_user_model)["edith"])
    url = f"{MANAGE}{published_article.pk}/"

    def patch(data):
        return client.patch(
            url,
            data,
            content_type="application/json",
            HTTP_IF_MATCH=etag(client, raw, published_article.pk),
            **bearer(raw),
        )

    refused = patch({"digital_source_type": IPTC + "digitalCapture"})
    assert refused.status_code == 400
    assert refused.json()["digital_source_type"] == [
        f'"{IPTC}digitalCapture" is not a valid choice.'
    ]
    response = patch({"digital_source_type": AI_EDITED, "machine_translated": True})

    assert response.status_code == 200, response.json()
    story = response.json()
    assert {name: story[name] for name in TEXT_SOURCE_FIELDS} == {
        "digital_source_type": AI_EDITED,
        "machine_translated": True,
        "source_note": "",
    }
    published_article.refresh_from_db()
    assert published_article.digital_source_type == ""  # still live
    draft = ArticleDraft.objects.get(article=published_article).values
    assert draft["digital_source_type"] == AI_EDITED
