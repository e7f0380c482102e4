"""Where a story is found (mixed into Article): its API document and its
page on the website. A slug is unique within a language only (issue 23), so
an edition in another language than the default one says which.

`address()` works from the three values alone, with no model instance:
related stories and editions name dozens of stories per response, and an
Article costs far more to build than its address."""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from articles.models.editions import default_language

# What reverse() leaves as it is in a path; anything else goes through it.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MARKER = "slug-marker-0"


@lru_cache(maxsize=16)
def _detail_parts(prefix: str, urlconf) -> tuple[str, str]:
    """The API document's path around its slug, for this script prefix and
    URLconf: reversed once per process rather than once per story."""
    head, _, tail = reverse(
        "api:article-detail", kwargs={"slug": MARKER}, urlconf=urlconf
    ).partition(MARKER)
    return head, tail


def api_address(slug: str, language: str) -> str:
    """A story's API document, with `?language=` unless in the default one."""
    if PLAIN_SLUG.fullmatch(slug):
        head, tail = _detail_parts(
            get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
        )
        url = f"{head}{slug}{tail}"
    else:
        url = reverse("api:article-detail", kwargs={"slug": slug})
    if language != default_language():
        url += f"?language={language}"
    return url


def address(slug: str, language: str, section_slug: str | None) -> str:
    """Where readers find a story: the website (CMS_ARTICLE_URL, whose
    placeholders are {slug}, {section} and {language}) or, without one, its
    API document. May be relative to this site."""
    template = settings.CMS_ARTICLE_URL
    if not template:
        return api_address(slug, language)
    url = template.format(slug=slug, section=section_slug or "", language=language)
    # A story without a section leaves "//" where the section would be.
    return re.sub(r"(?<!:)//+", "/", url)


class StoryAddresses:
    def get_absolute_url(self) -> str:
        """Its API document, with `?language=` unless in the default one."""
        return api_address(self.slug, self.language)

    def public_url(self) -> str:
        """Where readers find the story (`address`)."""
        section = self.section.slug if self.section_id else ""
        return address(self.slug, self.language, section)
