from __future__ import annotations

from typing import IO

from django.core.files import File
from django.db import models
from django.db.models import Exists, OuterRef

from articles.credit_lines import image_credit_line
from articles.imaging.inspect import inspect_image, sha256_of


def image_upload_to(instance: Image, filename: str) -> str:
    # Stored names come from the content hash: they never collide, never
    # carry what the uploader typed, and the same bytes get the same name.
    return f"images/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class ImageQuerySet(models.QuerySet):
    def published(self) -> ImageQuerySet:
        """Images that appear on a published article. An image used only by
        drafts is as private as the drafts."""
        from articles.models.articles import Article

        return self.filter(
            Exists(Article.objects.published().filter(lead_image=OuterRef("pk")))
        )

    def get_or_create_for_file(
        self, file: IO[bytes], *, original_filename: str = "", **fields
    ) -> tuple[Image, bool]:
        """The image holding exactly these bytes, created from `file` (after
        validation) when the library does not have it yet."""
        digest = sha256_of(file)
        if existing := self.filter(sha256=digest).first():
            return existing, False
        image = self.model(**fields)
        image.set_file(file, original_filename)
        image.save()
        return image, True


class Image(models.Model):
    """A photo, or only what is known of it: an imported story may name a photo
    and its credit without having the file."""

    file = models.ImageField(
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        blank=True,
        help_text="JPEG, PNG, WebP, AVIF, GIF or TIFF. Leave empty when only the "
        "photo's caption and credit are known.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(
        "bytes", null=True, blank=True, editable=False
    )
    content_type = models.CharField(max_length=50, blank=True, editable=False)
    sha256 = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the photo shows, for readers who cannot see it.",
    )
    caption = models.TextField(blank=True)
    copyright_notice = models.CharField(max_length=255, blank=True)
    credit_line_override = models.CharField(
        max_length=255,
        blank=True,
        help_text="Replaces the credit line built from the credits below; "
        "for odd cases only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        label = self.caption or self.alt_text or self.original_filename
        if label:
            return label if len(label) <= 60 else f"{label[:59]}…"
        return f"Image #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.file._committed:
            self._describe_new_file()
        elif not self.file:
            # Facts about a removed file must go too, or its hash would block
            # uploading the same photo again.
            self.width = self.height = self.file_size = self.sha256 = None
            self.content_type = self.original_filename = ""
        super().save(*args, **kwargs)

    @property
    def extension(self) -> str:
        return {
            "image/jpeg": "jpg",
            "image/png": "png",
            "image/webp": "webp",
            "image/gif": "gif",
            "image/tiff": "tif",
            "image/avif": "avif",
        }.get(self.content_type, "bin")

    def set_file(self, file: IO[bytes], original_filename: str = "") -> None:
        """Attach `file`; it is checked and described when the image is saved."""
        self.file = File(file, name=original_filename or getattr(file, "name", ""))

    def _describe_new_file(self) -> None:
        """Check the new file is an image we accept and record its size, type
        and hash. Raises ValidationError otherwise, before anything is stored."""
        facts = inspect_image(self.file.file)
        self.sha256 = facts.sha256
        self.content_type = facts.content_type
        self.file_size = facts.size
        name = (self.file.name or "").replace("\\", "/").rsplit("/", 1)[-1]
        self.original_filename = name[:255]

    @property
    def url(self) -> str | None:
        return self.file.url if self.file else None

    @property
    def credit_line(self) -> str:
        """E.g. "Khabarovsky Krai region government via AP". Reads the credits,
        a query unless they were prefetched."""
        return self.credit_line_override or image_credit_line(self.credits.all())

    def is_published(self) -> bool:
        return type(self).objects.published().filter(pk=self.pk).exists()
