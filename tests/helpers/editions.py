"""Language editions in admin tests (issue 23): an English story with its
photo, credit and tag, and the change form's POST for an edition as a
browser sends it back (its language and edition fields, its credits and
corrections as they are stored, then the changes over them)."""

from __future__ import annotations

from django.utils import timezone

from articles.models import Article, Contributor, Credit, Image, Section, Tag
from articles.photos.renditions import rendition_url
from tests.helpers.admin import article_form, management_form
from tests.helpers.working_drafts import opened

ADMIN = "/admin/articles/article/"


def change_url(article: Article) -> str:
    return f"{ADMIN}{article.pk}/change/"


def make_url(article: Article, language: str = "fr") -> str:
    return f"{ADMIN}{article.pk}/editions/make/?language={language}"


def english_story(author=None, **fields) -> Article:
    """A draft in English with a section, a tag, a lead photo (with its own
    credit), a photo in the body and a byline."""
    section = Section.objects.create(name="World", slug="world")
    tag = Tag.objects.create(name="Climate", slug="climate")
    photographer = Contributor.objects.create(name="Jane Doe", slug="jane-doe")
    photo = Image.objects.create(caption="Flooded street", alt_text="A street")
    Credit.objects.create(image=photo, contributor=photographer, role="creator")
    inline = Image.objects.create(caption="The dike", alt_text="A dike")
    story = Article.objects.create(
        headline="Harbour barrier holds",
        slug="harbour-barrier-holds",
        standfirst="The barrier held through the night.",
        body="<p>The barrier held.</p>"
        f'<figure><img src="{rendition_url(inline, "card", "jpeg")}" alt="A dike">'
        "<figcaption>The dike</figcaption></figure><p>Water rose.</p>",
        section=section,
        lead_image=photo,
        created_by=author,
        **fields,
    )
    story.tags.add(tag)
    reporter = Contributor.objects.create(name="Ann Reporter", slug="ann-reporter")
    Credit.objects.create(article=story, contributor=reporter, role="author")
    return story


def edition_form(client, article: Article, **fields) -> dict:
    """The change form's POST data for `article` as stored (opened now by
    `client`), with `fields` over it."""
    article.refresh_from_db()
    credits = list(article.credits.all())
    corrections = list(article.corrections.all())
    data = article_form(
        article,
        standfirst=article.standfirst,
        section=article.section_id or "",
        lead_image=article.lead_image_id or "",
        tags=list(article.tags.values_list("pk", flat=True)),
        language=article.language,
        edition_relation=article.edition_relation,
        edition_gate=article.edition_gate,
        gate_delay_minutes=article.gate_delay_minutes or "",
        **opened(client.get(change_url(article))),
        **management_form("credits", len(credits), len(credits)),
        **management_form("corrections", len(corrections), len(corrections)),
    )
    for n, credit in enumerate(credits):
        data |= {
            f"credits-{n}-id": credit.pk,
            f"credits-{n}-article": article.pk,
            f"credits-{n}-contributor": credit.contributor_id,
            f"credits-{n}-role": credit.role,
            f"credits-{n}-position": credit.position,
        }
    for n, correction in enumerate(corrections):
        noted = timezone.localtime(correction.noted_at)
        data |= {
            f"corrections-{n}-id": correction.pk,
            f"corrections-{n}-article": article.pk,
            f"corrections-{n}-kind": correction.kind,
            f"corrections-{n}-note": correction.note,
            f"corrections-{n}-noted_at_0": f"{noted:%Y-%m-%d}",
            f"corrections-{n}-noted_at_1": f"{noted:%H:%M:%S}",
        }
    return data | fields
