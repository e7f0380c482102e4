"""A story's search and social fields as the story writer stores them: those
a backup carries (articles.interchange.exporting); other formats have none
and leave an article's as they are."""

from __future__ import annotations

from articles.interchange.story import Story

TEXTS = ("seo_headline", "meta_description", "social_headline")


def carries_search_and_social(story: Story) -> bool:
    return story.social_image is not None or any(getattr(story, n) for n in TEXTS)


def search_and_social(story: Story, photos, *, ids: bool) -> dict[str, object]:
    """The Article fields of `story`'s search and social values, the social
    image from `photos` (a PhotoSet): by id for a new article (`ids`), else
    as the Image; nothing when the story carries none."""
    if not carries_search_and_social(story):
        return {}
    values: dict[str, object] = {name: getattr(story, name) for name in TEXTS}
    if ids:
        values["social_image_id"] = photos.id_of(story.social_image)
    else:
        values["social_image"] = photos.get(story.social_image)
    return values
