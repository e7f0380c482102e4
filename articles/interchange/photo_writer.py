"""The writer's photo side: the photos of stories and of an export's library.

A photo with a file is known by its content: a file already stored is the
same photo, whatever it is called. New stories' photos without a file are
inserted in bulk. PhotoSet then places each saved photo in its story's body.
"""

from __future__ import annotations

import re

from articles.imaging.inspect import sha256_of
from articles.interchange.lookups import Lookups
from articles.interchange.rows import (
    Result,
    assign,
    credit_keys,
    current_credits,
    differs,
    keep_dates,
    keep_ids,
    new_credits,
    replace_credits,
    reset_sequence,
)
from articles.interchange.story import IMAGE_MARKER, ImageRef, Story, StoryError
from articles.models import Article, Credit, Image
from articles.photos.renditions import primary_rendition_url

IMAGE_FIELDS = (
    "caption",
    "alt_text",
    "headline",
    "date_created",
    "copyright_notice",
    "usage_terms",
    "restrictions",
    "rights_expire_at",
    "focal_x",
    "focal_y",
    "credit_line_override",
)
MARKER_SRC = re.compile(r'src="' + re.escape(IMAGE_MARKER) + r'([^"]*)"')


class PhotoWriter:
    """Saves photos, crediting them through the story writer's lookups."""

    def __init__(self, lookups: Lookups) -> None:
        self.lookups = lookups

    def for_new(self, stories: list[Story]) -> PhotoSet:
        """Every photo of these new stories saved, files stored, credits set."""
        photos = PhotoSet()
        refs = [ref for story in stories for ref in story_photos(story)]
        fileless = []
        for ref in refs:
            if ref.file_path is not None:
                photos.add(ref, self.save(ref, None))
            else:
                image = Image()
                assign(image, image_fields(ref))
                # Constraints are the database's to check: validating them
                # here would cost a query per photo.
                image.full_clean(
                    exclude=["file"], validate_unique=False, validate_constraints=False
                )
                fileless.append((ref, image))
        images = [image for _, image in fileless]
        kept_ids = keep_ids(Image, images, [ref.id for ref, _ in fileless])
        Image.objects.bulk_create(images)
        if kept_ids:
            reset_sequence(Image)
        keep_dates(Image, images, [ref for ref, _ in fileless])
        Credit.objects.bulk_create(
            credit
            for ref, image in fileless
            for credit in new_credits(self.lookups, ref.credits, image=image)
        )
        for ref, image in fileless:
            photos.add(ref, image)
        return photos

    def for_changed(self, story: Story, article: Article) -> PhotoSet:
        """The photos of a changed story, saved one by one; the article's lead
        photo is reused for the story's where it can be."""
        photos = PhotoSet()
        for ref in story_photos(story):
            reuse = article.lead_image if ref is story.lead_image else None
            photos.add(ref, self.save(ref, reuse))
        return photos

    def library(self, ref: ImageRef) -> Result:
        """A photo that belongs to no story (exports carry the whole library)."""
        existing = Image.objects.filter(pk=ref.id).first() if ref.id else None
        if existing is not None and (
            ref.file_path is None or existing.sha256 == sha256_file(ref)
        ):
            changed = differs(existing, image_fields(ref)) or current_credits(
                existing
            ) != credit_keys(self.lookups, ref.credits)
            if not changed:
                return "unchanged"
            self.save(ref, existing)
            return "updated"
        self.save(ref, None)
        return "created"

    def save(self, ref: ImageRef, reuse: Image | None) -> Image:
        image = reuse or Image()
        if ref.file_path is not None:
            with open(ref.file_path, "rb") as file:
                digest = sha256_of(file)
                same = Image.objects.filter(sha256=digest).first()
                if same is not None:
                    image = same
                elif image.sha256 != digest:
                    if image.pk and image.sha256:  # the story's photo was replaced
                        image = Image()
                    image.set_file(file, ref.original_filename or ref.file_path.name)
                    if (
                        image.pk is None
                        and ref.id
                        and not Image.objects.filter(pk=ref.id).exists()
                    ):
                        image.pk = ref.id
                    return self._finish(image, ref, new_file=True)
        return self._finish(image, ref, new_file=False)

    def _finish(self, image: Image, ref: ImageRef, *, new_file: bool) -> Image:
        fields = image_fields(ref)
        credits = credit_keys(self.lookups, ref.credits)
        adding = image._state.adding
        if new_file or adding or differs(image, fields):
            assign(image, fields)
            image.full_clean(exclude=["file"], validate_unique=False)
            image.save()  # checks and stores a new file; ValidationError if bad
            if adding and ref.id and image.pk == ref.id:
                reset_sequence(Image)
        if adding or current_credits(image) != credits:
            replace_credits(image.credits, credits, image=image)
        keep_dates(Image, [image], [ref])
        return image


class PhotoSet:
    """The saved image of each ImageRef of a batch, and the body markup that
    places them."""

    def __init__(self) -> None:
        self.images: dict[int, Image] = {}
        self.known_ids: set[int] = set()

    def add(self, ref: ImageRef, image: Image) -> None:
        self.images[id(ref)] = image
        self.known_ids.add(image.pk)

    def get(self, ref: ImageRef | None) -> Image | None:
        return self.images.get(id(ref)) if ref is not None else None

    def id_of(self, ref: ImageRef | None) -> int | None:
        image = self.get(ref)
        return image.pk if image else None

    def place(self, story: Story) -> str:
        """The body with each placed photo's marker replaced by its address;
        a photo without a file cannot be shown, and its <img> goes."""

        def address(match: re.Match) -> str:
            image = self.get(story.images.get(match.group(1)))
            if image is None or not image.file:
                return 'src=""'
            return f'src="{primary_rendition_url(image)}"'

        html = MARKER_SRC.sub(address, story.body_html)
        for ref in story.images.values():
            # An export's photo restored under another id (that one was taken).
            image = self.get(ref)
            if image is not None and ref.id and image.pk != ref.id:
                html = html.replace(
                    f"/renditions/{ref.id}/", f"/renditions/{image.pk}/"
                )
        return re.sub(r'<img\b[^>]*\bsrc=""[^>]*>', "", html)


def story_photos(story: Story) -> list[ImageRef]:
    """The story's lead photo, then the photos its body places."""
    return ([story.lead_image] if story.lead_image else []) + list(
        story.images.values()
    )


def sha256_file(ref: ImageRef) -> str:
    try:
        with open(ref.file_path, "rb") as file:
            return sha256_of(file)
    except OSError as error:
        raise StoryError(
            f"cannot read the photo {ref.file_path.name}: {error.strerror or error}"
        ) from error


def image_fields(ref: ImageRef) -> dict[str, object]:
    return {name: getattr(ref, name) for name in IMAGE_FIELDS}
