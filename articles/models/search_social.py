"""What search engines and social networks show of a story (issue 17, item
9): an SEO headline, a meta description, a social headline and a social
image, each empty by default and falling back to the story's own. The limits
are those search results and social cards show, warned about in the admin,
never refused: a longer text is still saved and shown cut by the reader's
service."""

from __future__ import annotations

from django.db import models

from articles.text.plain import plain_text

# What a search result shows before cutting: a ~600 px title (about 60
# characters, as the headline's counter on the story form says) and a
# ~160-character snippet.
SEO_HEADLINE_LIMIT = 60
META_DESCRIPTION_LIMIT = 160
# Open Graph and X cards cut longer titles.
SOCIAL_HEADLINE_LIMIT = 95
SEARCH_AND_SOCIAL_FIELDS = (
    "seo_headline",
    "meta_description",
    "social_headline",
    "social_image",
)


def cut_at_word(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters, cut after a whole word
    with an ellipsis when it had to be cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


class SearchAndSocial(models.Model):
    seo_headline = models.CharField(
        "SEO headline",
        max_length=300,
        blank=True,
        help_text=f"The title in search results; empty uses the headline. "
        f"Search results show about {SEO_HEADLINE_LIMIT} characters.",
    )
    meta_description = models.TextField(
        blank=True,
        help_text=f"The summary under the title in search results; empty uses "
        f"the standfirst. About {META_DESCRIPTION_LIMIT} characters are shown.",
    )
    social_headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="The title of the card when the story is shared; empty uses "
        "the SEO headline, else the headline.",
    )
    social_image = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_for",
        help_text="The picture of the card when the story is shared, cropped "
        "around its focal point; empty uses the lead photo.",
    )

    class Meta:
        abstract = True

    @property
    def effective_seo_headline(self) -> str:
        return self.seo_headline or self.headline

    @property
    def effective_meta_description(self) -> str:
        if self.meta_description:
            return " ".join(self.meta_description.split())
        return cut_at_word(plain_text(self.standfirst), META_DESCRIPTION_LIMIT)

    @property
    def effective_social_headline(self) -> str:
        return self.social_headline or self.effective_seo_headline

    @property
    def effective_social_image(self):
        """The social image, else the lead photo. For delivery both come
        prefetched from the public photos only: one whose rights ended is
        None here, and so withheld, not replaced."""
        if self.social_image_id:
            return self.social_image
        return self.lead_image


def photo_prefetches(images, credits) -> list[models.Prefetch]:
    """The story's lead and social photos from `images`, with their credits."""
    with_credits = images.prefetch_related(models.Prefetch("credits", queryset=credits))
    return [
        models.Prefetch("lead_image", queryset=with_credits),
        models.Prefetch("social_image", queryset=with_credits),
    ]
