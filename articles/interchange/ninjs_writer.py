"""Articles as IPTC ninjs 3.1 (News in JSON), the format other newsroom
systems already read. Built from the same prefetched objects as the JSON API,
so it costs the same queries and follows the same visibility."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from articles.imaging.specs import FORMATS
from articles.models import Article, Image
from articles.models.edition_siblings import LiveEdition, live_editions, siblings
from articles.photos.renditions import planned_renditions
from articles.text.credit_lines import join_names

NINJS_VERSION = "3.1"


def _when(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _drop_empty(document: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value for key, value in document.items() if value not in (None, "", [])
    }


def _info_sources(credits) -> list[dict[str, str]]:
    return [{"name": c.contributor.name, "role": c.role} for c in credits]


def article_to_ninjs(
    article: Article,
    request: HttpRequest,
    editions: dict[int, list[LiveEdition]] | None = None,
) -> dict[str, Any]:
    """`editions`: `live_editions()` of the stories' groups, for many
    stories at once; without it, this story's are read (one query, none for
    a story without editions)."""
    credits = list(article.credits.all())
    authors = [c.contributor.name for c in credits if c.role == "author"]
    subjects = [
        {"name": tag.name, "rel": "about", "literal": tag.slug}
        for tag in article.tags.all()
    ]
    if article.section_id:
        subjects.insert(
            0,
            {
                "name": article.section.name,
                "rel": "section",
                "literal": article.section.slug,
            },
        )
    image = article.lead_image
    document = {
        "uri": f"urn:newsroom-cms:article:{article.pk}",
        "type": "composite" if image is not None else "text",
        "representationType": "full",
        "profile": "text-photo" if image is not None else "text-only",
        "version": str(int(article.updated_at.timestamp())),
        "firstCreated": _when(article.first_published_at or article.created_at),
        "versionCreated": _when(article.updated_at),
        "contentCreated": _when(article.published_at),
        "pubStatus": "usable",
        "language": article.language or settings.CMS_PUBLICATION_LANGUAGE,
        "headlines": _headlines(article),
        "descriptions": _descriptions(article),
        "bodies": [{"role": "main", "contentType": "text/html", "value": article.body}],
        "by": join_names(authors) or article.credit_line,
        "infoSources": _info_sources(credits),
        "subjects": subjects,
        "altIds": [{"role": "slug", "value": article.slug}],
        "associations": [
            *_associations(article, request),
            *_editions(article, request, editions),
        ],
        # How software made the text (articles.models.story_source).
        "digitalSourceType": article.text_source(),
    }
    if article.credit_line and authors:
        document["edNote"] = article.credit_line
    return _drop_empty(document)


def _headlines(article: Article) -> list[dict[str, str]]:
    """The headline, and those for search and sharing that an editor wrote
    (receivers fall back to the main one themselves, as the API does)."""
    headlines = [{"role": "main", "value": article.headline}]
    for role, value in (
        ("seo", article.seo_headline),
        ("social", article.social_headline),
    ):
        if value:
            headlines.append({"role": role, "value": value})
    return headlines


def _descriptions(article: Article) -> list[dict[str, str]]:
    descriptions = []
    if article.standfirst:
        descriptions.append({"role": "summary", "value": article.standfirst})
    if article.meta_description:
        descriptions.append({"role": "seo", "value": article.meta_description})
    return descriptions


def _associations(article: Article, request: HttpRequest) -> list[dict[str, Any]]:
    """The lead photo and the social image an editor chose; each prefetched
    from the public photos, so one whose rights ended is left out."""
    pictures = []
    if (image := article.lead_image) is not None:
        caption = article.lead_image_display_caption
        pictures.append(_picture(image, "lead-image", "leadImage", caption, request))
    if article.social_image_id and (image := article.social_image) is not None:
        pictures.append(
            _picture(image, "social-image", "socialImage", image.caption, request)
        )
    return pictures


def _editions(
    article: Article, request: HttpRequest, found: dict | None
) -> list[dict[str, Any]]:
    """The story's live editions in other languages, each a partial ninjs
    item named `edition-<language>`, its `rel` its relation to the edition
    it was made from (original, translation, adaptation, independent), as
    the JSON API's `editions` gives it."""
    if not article.edition_group_id:
        return []
    if found is None:
        found = live_editions([article.edition_group_id])
    return [
        {
            "name": f"edition-{edition.language}",
            "rel": edition.relation,
            "uri": f"urn:newsroom-cms:article:{edition.id}",
            "type": "text",
            "representationType": "partial",
            "language": edition.language,
            "altIds": [{"role": "slug", "value": edition.slug}],
            "renditions": [
                {
                    "name": "web",
                    "href": request.build_absolute_uri(edition.address),
                    "contentType": "text/html",
                }
            ],
        }
        for edition in siblings(found, article.pk, article.edition_group_id)
    ]


def _picture(
    image: Image, name: str, rel: str, caption: str, request: HttpRequest
) -> dict[str, Any]:
    credits = list(image.credits.all())
    creators = [c.contributor.name for c in credits if c.role == "creator"]
    renditions = [
        {
            "name": f"{planned.spec}-{planned.format}",
            "href": request.build_absolute_uri(planned.url),
            "contentType": FORMATS[planned.format][0],
            "width": planned.width,
            "height": planned.height,
        }
        for planned in planned_renditions(image)
    ]
    return _drop_empty(
        {
            "name": name,
            "rel": rel,
            "uri": f"urn:newsroom-cms:image:{image.pk}",
            "type": "picture",
            "headlines": [{"value": image.headline}] if image.headline else [],
            "descriptions": [{"role": "caption", "value": caption}] if caption else [],
            "by": join_names(creators) or image.credit_line,
            "infoSources": _info_sources(credits),
            "copyrightNotice": image.copyright_notice,
            "usageTerms": image.usage_terms,
            "edNote": image.restrictions,
            "contentCreated": _when(image.date_created),
            "digitalSourceType": _digital_source_type(image),
            "renditions": renditions,
        }
    )


def _digital_source_type(image: Image) -> dict[str, str] | None:
    """The photo's effective source type, as the API gives it."""
    kind = image.source_type
    if not kind.uri:
        return None
    # ninjs wants a URI in "uri"; anything else an editor or a file wrote
    # goes in "literal".
    found = {"uri": kind.uri} if ":" in kind.uri else {"literal": kind.uri}
    return _drop_empty({**found, "name": kind.name})
