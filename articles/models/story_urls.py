"""Where a story is found (mixed into Article): its API document and its
page on the website. A slug is unique within a language only (issue 23), so
an edition in another language than the default one says which."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from articles.models.editions import default_language


class StoryAddresses:
    def get_absolute_url(self) -> str:
        """Its API document, with `?language=` unless in the default one."""
        url = reverse("api:article-detail", kwargs={"slug": self.slug})
        if self.language != default_language():
            url += f"?language={self.language}"
        return url

    def public_url(self) -> str:
        """Where readers find the story: the website (CMS_ARTICLE_URL, whose
        placeholders are {slug}, {section} and {language}) or, without one,
        its API document. May be relative to this site."""
        template = settings.CMS_ARTICLE_URL
        if not template:
            return self.get_absolute_url()
        section = self.section.slug if self.section_id else ""
        url = template.format(slug=self.slug, section=section, language=self.language)
        # A story without a section leaves "//" where the section would be.
        return re.sub(r"(?<!:)//+", "/", url)
