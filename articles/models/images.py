from __future__ import annotations

from typing import IO

from django.core.files import File
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from articles.imaging.inspect import ACCEPTED_FORMATS, inspect_image, sha256_of
from articles.models.expressions import CurrentTime
from articles.models.provenance import ImageProvenance
from articles.text.credit_lines import image_credit_line


def image_upload_to(instance: Image, filename: str) -> str:
    # Stored names come from the content hash: they never collide, never
    # carry what the uploader typed, and the same bytes get the same name.
    return f"images/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


def rights_hold(field: str = "rights_expire_at") -> Q:
    """The rights half of the image rule, by the query's clock (see
    CurrentTime), as for stories; `field` is the expiry as reached from the
    query's model (e.g. through a story's lead photo)."""
    now = CurrentTime(read_once=True)
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": now})


class ImageQuerySet(models.QuerySet):
    def rights_current(self) -> ImageQuerySet:
        return self.filter(rights_hold())

    def rights_expired(self) -> ImageQuerySet:
        return self.filter(rights_expire_at__lte=CurrentTime(read_once=True))

    def published(self) -> ImageQuerySet:
        """What the public may see: images whose rights have not expired and
        that appear on a published article (as its lead photo, social image or in
        its text). An image used only by drafts is
        as private as the drafts. Every public surface (API, renditions,
        feeds) starts here."""
        from articles.models.articles import Article

        published = Article.objects.published()
        return self.rights_current().filter(
            Exists(published.filter(lead_image=OuterRef("pk")))
            | Exists(published.filter(body_images=OuterRef("pk")))
            | Exists(published.filter(social_image=OuterRef("pk")))
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


class Image(ImageProvenance):
    """A photo, or only what is known of it: an imported story may name a photo
    and its credit without having the file."""

    # A FileField, not an ImageField: inspect_image() does the checking and
    # gives editors a precise reason where ImageField says "not valid".
    file = models.FileField(
        upload_to=image_upload_to,
        max_length=255,
        blank=True,
        help_text="JPEG, PNG, WebP, AVIF, GIF or TIFF. Leave empty when only the "
        "photo's caption and credit are known.",
    )
    # As the photo stands upright, after its EXIF orientation is applied.
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
    headline = models.CharField(
        max_length=300, blank=True, help_text="The photo's own short title."
    )
    caption = models.TextField(blank=True)
    date_created = models.DateTimeField(
        null=True, blank=True, help_text="When the photo was taken."
    )
    # Unlimited: agencies' notices run to paragraphs, and a notice cut short
    # would misstate the rights (sources' free text is never fatal).
    copyright_notice = models.TextField(blank=True)
    usage_terms = models.TextField(
        "rights usage terms",
        blank=True,
        help_text="How the photo may be used, as the supplier states it.",
    )
    restrictions = models.TextField(
        blank=True,
        help_text='Special instructions, e.g. "No sales. No archive. Editorial '
        'use only."',
    )
    rights_expire_at = models.DateTimeField(
        "rights expire at",
        null=True,
        blank=True,
        db_index=True,
        help_text="From this moment the photo is withheld from every public surface.",
    )
    focal_x = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Horizontal position of the subject, 0 (left) to 1 (right). "
        "Crops keep it in frame.",
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Vertical position of the subject, 0 (top) to 1 (bottom).",
    )
    dominant_color = models.CharField(max_length=7, blank=True, editable=False)
    placeholder = models.CharField(
        max_length=100, blank=True, editable=False, help_text="BlurHash."
    )
    credit_line_override = models.TextField(
        blank=True,
        help_text="Replaces the credit line built from the credits below; "
        "for odd cases only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1
                ),
                name="image_focal_point_inside",
                violation_error_message="The focal point must lie inside the photo.",
            )
        ]

    def __str__(self) -> str:
        label = self.caption or self.alt_text or self.original_filename
        if label:
            return label if len(label) <= 60 else f"{label[:59]}…"
        return f"Image #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        new_file = bool(self.file) and not self.file._committed
        if new_file:
            self._describe_new_file()
        elif not self.file:
            # Facts about a removed file must go too, or its hash would block
            # uploading the same photo again.
            self.width = self.height = self.file_size = self.sha256 = None
            self.content_type = self.original_filename = ""
            self.dominant_color = self.placeholder = ""
            self.forget_provenance()
        try:
            super().save(*args, **kwargs)
        except BaseException:
            # Storage is not transactional: a file stored for a row that was
            # never written would be an orphan.
            if new_file and self.file._committed:
                self.file.delete(save=False)
            raise
        # Renditions of another file or focal point are stale.
        self.renditions.exclude(version=self.rendition_version).delete()

    @property
    def extension(self) -> str:
        extensions = dict(ACCEPTED_FORMATS.values())  # content type -> extension
        return extensions.get(self.content_type, "bin")

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
        self.width, self.height = facts.width, facts.height
        self.dominant_color, self.placeholder = facts.dominant_color, facts.placeholder
        self.read_provenance(self.file.file, self.content_type)
        name = (self.file.name or "").replace("\\", "/").rsplit("/", 1)[-1]
        # Kept for editors to read: no control characters (PostgreSQL refuses
        # NUL in text, and none belongs in a name).
        self.original_filename = "".join(ch for ch in name if ch.isprintable())[:255]

    @property
    def credit_line(self) -> str:
        """E.g. "Khabarovsky Krai region government via AP". Reads the credits,
        a query unless they were prefetched."""
        return self.credit_line_override or image_credit_line(self.credits.all())

    @property
    def rendition_version(self) -> str:
        """Changes whenever the file or the focal point does, so rendition URLs
        change with them and caches never serve an old crop."""
        if not self.sha256:
            return ""
        return f"{self.sha256[:12]}-{round(self.focal_x * 1000)}-{round(self.focal_y * 1000)}"

    def rights_expired(self) -> bool:
        """For the admin's display; public surfaces ask the query
        (`rights_current()`), by its clock."""
        expiry = self.rights_expire_at
        return expiry is not None and expiry <= timezone.now()
