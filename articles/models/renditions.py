from __future__ import annotations

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver


class Rendition(models.Model):
    """One size and format of an image, made once and then served from
    storage. Unique per image, spec, format and version (file + focal point),
    so concurrent requests cannot make two."""

    image = models.ForeignKey(
        "articles.Image", on_delete=models.CASCADE, related_name="renditions"
    )
    spec = models.CharField(max_length=50)
    format = models.CharField(max_length=10)
    version = models.CharField(max_length=40)
    file = models.FileField(upload_to="renditions/", max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file_size = models.PositiveIntegerField("bytes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format", "version"],
                name="unique_rendition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.spec}.{self.format} of image #{self.image_id}"


@receiver(post_delete, sender=Rendition)
def delete_rendition_file(sender, instance: Rendition, **kwargs) -> None:
    # Rows go with their image or when the focal point moves; their files
    # would otherwise pile up in storage.
    if instance.file:
        instance.file.delete(save=False)
