"""The writer's photo side: the photos of stories and of an export's library.

A photo with a file is known by its content: a file already stored is the
same photo, whatever it is called. New stories' photos without a file are
inserted in bulk. PhotoSet then places each saved photo in its story's body.
"""

from __future__ import annotations

import re

from django.utils import timezone

from articles.imaging.inspect import sha256_of
from articles.interchange.jsonl_rules import label_fields
from articles.interchange.lookups import Lookups
from articles.interchange.rows import (
    Result,
    assign,
    credit_keys,
    current_credits,
    differs,
    insert_with_dates,
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
        refs = [(story, ref) for story in stories for ref in story_photos(story)]
        # An export's photo without a file is known by its id: the row a
        # restore made for it (for an earlier story, or an earlier run).
        restored = _fileless_by_id(ref for _, ref in refs)
        fileless, by_id = [], {}
        for story, ref in refs:
            if ref.file_path is not None:
                photos.add(ref, self.save(ref, None, story.warnings))
            elif ref.id in restored:
                photos.add(ref, self.save(ref, restored[ref.id], story.warnings))
            elif ref.id and ref.id in by_id:  # a photo two new stories share
                photos.add(ref, by_id[ref.id])
            else:
                image = Image()
                assign(image, image_fields(ref))
                # Constraints are the database's to check: validating them
                # here would cost a query per photo.
                image.full_clean(
                    exclude=["file"], validate_unique=False, validate_constraints=False
                )
                fileless.append((ref, image))
                if ref.id:
                    by_id[ref.id] = image
        images = [image for _, image in fileless]
        kept_ids = keep_ids(Image, images, [ref.id for ref, _ in fileless])
        for story, ref in refs:
            if ref.id and ref.id in by_id and by_id[ref.id].pk != ref.id:
                story.warnings.append(_clash(ref))
        insert_with_dates(Image, images, [ref for ref, _ in fileless], timezone.now())
        if kept_ids:
            reset_sequence(Image)
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
        restored = _fileless_by_id(story_photos(story))
        for ref in story_photos(story):
            reuse = article.lead_image if ref is story.lead_image else None
            if ref.file_path is None and ref.id in restored:
                reuse = restored[ref.id]
            photos.add(ref, self.save(ref, reuse, story.warnings))
        return photos

    def library(self, ref: ImageRef) -> Result:
        """A photo that belongs to no story (exports carry the whole library)."""
        existing = Image.objects.filter(pk=ref.id).first() if ref.id else None
        same = (
            existing is not None
            and (ref.file_path is None) == (not existing.file)
            and (
                existing.sha256 == sha256_file(ref)
                if ref.file_path is not None
                else existing.created_at == (ref.created_at or existing.created_at)
            )
        )
        if same:
            changed = differs(existing, image_fields(ref)) or current_credits(
                existing
            ) != credit_keys(self.lookups, ref.credits)
            if not changed:
                return "unchanged"
            self.save(ref, existing)
            return "updated"
        self.save(ref, None)
        return "created"

    def save(
        self, ref: ImageRef, reuse: Image | None, warnings: list[str] | None = None
    ) -> Image:
        """The photo saved: the stored one with the same file, else `reuse`,
        else a new one under the export's id when that id is free."""
        image = reuse or Image()
        if image.pk is None and ref.file_path is None:
            _claim_id(image, ref, warnings)
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
                    if image.pk is None:
                        _claim_id(image, ref, warnings)
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

    def story_fields(self, story: Story, *, ids: bool) -> dict[str, object]:
        """The Article fields of `story`'s lead photo, and of its search and
        social values (articles.interchange.search_social) and where its text
        came from: ids for a new article's row, Images for a changed one."""
        from articles.interchange.search_social import search_and_social

        lead = (
            {"lead_image_id": self.id_of(story.lead_image)}
            if ids
            else {"lead_image": self.get(story.lead_image)}
        )
        text_source = story.text_source or {}
        return {**lead, **search_and_social(story, self, ids=ids), **text_source}

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


def _claim_id(image: Image, ref: ImageRef, warnings: list[str] | None) -> None:
    """A new photo takes the export's id when it is free; when another photo
    holds it, the photo gets a new id and the story says so."""
    if not ref.id:
        return
    if Image.objects.filter(pk=ref.id).exists():
        if warnings is not None:
            warnings.append(_clash(ref))
        return
    image.pk = ref.id


def _clash(ref: ImageRef) -> str:
    return (
        f"photo {ref.id} of the export was restored under a new id: another "
        f"photo here has id {ref.id}"
    )


def _fileless_by_id(refs) -> dict[int, Image]:
    """The photos without a file a restore already made for these refs: under
    the export's id, with its creation time (another photo that merely has
    the id is not one of them)."""
    created = {
        ref.id: ref.created_at
        for ref in refs
        if ref.id and ref.file_path is None and ref.created_at
    }
    if not created:
        return {}
    return {
        image.pk: image
        for image in Image.objects.filter(pk__in=created, file="")
        if image.created_at == created[image.pk]
    }


def story_photos(story: Story) -> list[ImageRef]:
    """The story's lead photo, its social image, then the photos its body
    places."""
    chosen = [ref for ref in (story.lead_image, story.social_image) if ref]
    return chosen + list(story.images.values())


def sha256_file(ref: ImageRef) -> str:
    try:
        with open(ref.file_path, "rb") as file:
            return sha256_of(file)
    except OSError as error:
        raise StoryError(
            f"cannot read the photo {ref.file_path.name}: {error.strerror or error}"
        ) from error


def image_fields(ref: ImageRef) -> dict[str, object]:
    # The editor's label only when the source gives one (exports do).
    fields = {name: getattr(ref, name) for name in IMAGE_FIELDS}
    return fields | label_fields(ref.editor_label)
