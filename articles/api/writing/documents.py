"""A story as the write API shows it: its working draft over the live
version (as the admin's form opens it), times as ISO strings (the same bytes
when an Idempotency-Key replays it), and the ETag that names this version."""

from __future__ import annotations

from articles.api.writing.serializers import credit_rows
from articles.models import Article, ArticleDraft, Section, Tag


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def story_document(article: Article, draft: ArticleDraft | None) -> dict:
    shown = Article.objects.get(pk=article.pk) if draft else article
    tag_ids = list(article.tags.values_list("pk", flat=True))
    if draft is not None:
        draft.apply_to(shown)
        tag_ids = draft.values.get("tags", tag_ids)
    section = (
        Section.objects.filter(pk=shown.section_id)
        .values_list("slug", flat=True)
        .first()
        if shown.section_id
        else None
    )
    return {
        "id": article.pk,
        "slug": shown.slug,
        "headline": shown.headline,
        "standfirst": shown.standfirst,
        "body": shown.body,
        "section": section,
        "tags": sorted(
            Tag.objects.filter(pk__in=tag_ids).values_list("slug", flat=True)
        ),
        "lead_image": shown.lead_image_id,
        "lead_image_caption": shown.lead_image_caption,
        "credit_line_override": shown.credit_line_override,
        "seo_headline": shown.seo_headline,
        "meta_description": shown.meta_description,
        "social_headline": shown.social_headline,
        "social_image": shown.social_image_id,
        "digital_source_type": shown.digital_source_type,
        "machine_translated": shown.machine_translated,
        "source_note": shown.source_note,
        "credits": credit_rows(article),
        "status": shown.status,
        "published_at": iso(shown.published_at),
        "embargo_until": iso(shown.embargo_until),
        # Whether readers see the story now: the live version's, not the
        # draft's.
        "is_public": article.is_published(),
        "revision": article.revision,
        "working_draft": draft_summary(draft),
        "updated_at": iso(article.updated_at),
    }


def draft_summary(draft: ArticleDraft | None) -> dict | None:
    if draft is None:
        return None
    by = draft.saved_by
    return {
        "saved_at": iso(draft.saved_at),
        "saved_by": by.get_username() if by else None,
        "submitted_for_review": draft.submitted_for_review,
        "from_agency": draft.agency_update_available,
    }


def summary(article: Article) -> dict:
    return {
        "id": article.pk,
        "slug": article.slug,
        "headline": article.headline,
        "status": article.status,
        "has_working_draft": article.has_working_draft,
        "updated_at": iso(article.updated_at),
    }
