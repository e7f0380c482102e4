"""The story form's "Search and social" part (issue 17, item 9): the fields,
the social image through the photo chooser, and a preview of the search
result and of the shared card as readers' services show them, with each
text's length against what they show. Rendered on the server from the
saved story, or from a live story's working draft, and kept in step with
the fields as the editor types by a static script (SEARCH_SOCIAL_JS; the
picture changes on save); nothing inline."""

from __future__ import annotations

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from articles.admin.display import admin_rendition_url
from articles.models import Article, ArticleDraft
from articles.models.search_social import (
    META_DESCRIPTION_LIMIT,
    SEO_HEADLINE_LIMIT,
    SOCIAL_HEADLINE_LIMIT,
    cut_at_word,
)
from articles.roles import is_live

SEARCH_SOCIAL_CSS = "articles/admin/search-social.css"
SEARCH_SOCIAL_JS = "articles/admin/search-social.js"
SEARCH_AND_SOCIAL_FIELDSET = (
    "Search and social",
    {
        "classes": ["collapse", "search-social"],
        "description": "What search results and shared links show. Each field "
        "left empty uses the story's own: the headline, the standfirst, the "
        "lead photo. Longer texts are saved; the services cut them.",
        "fields": [
            "seo_headline",
            "meta_description",
            "social_headline",
            "social_image",
            "search_and_social_preview",
        ],
    },
)


def length_note(text: str, limit: int) -> dict:
    """A text's length against what a service shows of it."""
    length = len(text)
    return {"length": length, "limit": limit, "over": length > limit}


def preview_context(article: Article) -> dict:
    title = article.effective_seo_headline
    description = article.effective_meta_description
    social = article.effective_social_headline
    image = article.social_image if article.social_image_id else article.lead_image
    return {
        "url": article.public_url(),
        "title": title,
        "title_shown": cut_at_word(title, SEO_HEADLINE_LIMIT),
        "title_note": length_note(title, SEO_HEADLINE_LIMIT),
        "description": description,
        "description_shown": cut_at_word(description, META_DESCRIPTION_LIMIT),
        "description_note": length_note(description, META_DESCRIPTION_LIMIT),
        "social": social,
        "social_shown": cut_at_word(social, SOCIAL_HEADLINE_LIMIT),
        "social_note": length_note(social, SOCIAL_HEADLINE_LIMIT),
        "image": image,
        # The card's crop around the focal point, as readers' cards get it.
        "image_url": admin_rendition_url(image, "card")
        if image is not None and image.file
        else "",
        "image_withheld": image is not None and image.rights_expired(),
    }


class SearchAndSocialAdmin:
    """For ArticleAdmin: the preview, a read-only field of the fieldset."""

    @admin.display(description="Preview")
    def search_and_social_preview(self, article: Article | None) -> SafeString:
        if article is None or article.pk is None:
            return SafeString("<p class='help'>Shown once the story is saved.</p>")
        return render_to_string(
            "admin/articles/includes/search_social_preview.html",
            preview_context(drafted(article)),
        )


def drafted(article: Article) -> Article:
    """`article` as its form shows it: its working draft over it, if any."""
    if not is_live(article):
        return article
    draft = ArticleDraft.objects.filter(article=article).first()
    if draft is None:
        return article
    shown = Article.objects.get(pk=article.pk)
    draft.apply_to(shown)
    return shown
