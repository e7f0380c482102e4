from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class CreditRole(models.TextChoices):
    AUTHOR = "author", "Author (byline)"
    CONTRIBUTOR = "contributor", "Contributor (with files from)"
    CREATOR = "creator", "Creator (photographer)"
    PROVIDER = "provider", "Provider (source of the photo)"
    DISTRIBUTOR = "distributor", "Distributor (via)"


ARTICLE_ROLES = (CreditRole.AUTHOR, CreditRole.CONTRIBUTOR)
IMAGE_ROLES = (CreditRole.CREATOR, CreditRole.PROVIDER, CreditRole.DISTRIBUTOR)


class Credit(models.Model):
    """Who gets credit for an article or an image, in what role, in order.

    One table for both, so every surface reads credits the same way; a check
    constraint keeps article roles on articles and image roles on images.
    """

    Role = CreditRole
    ARTICLE_ROLES = ARTICLE_ROLES
    IMAGE_ROLES = IMAGE_ROLES

    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="credits",
    )
    image = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="credits",
    )
    contributor = models.ForeignKey(
        "articles.Contributor", on_delete=models.PROTECT, related_name="credits"
    )
    role = models.CharField(max_length=20, choices=CreditRole)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, image__isnull=True, role__in=ARTICLE_ROLES)
                    | Q(article__isnull=True, image__isnull=False, role__in=IMAGE_ROLES)
                ),
                name="credit_role_fits_target",
                violation_error_message="Articles take author and contributor "
                "credits; images take creator, provider and distributor credits.",
            ),
            models.UniqueConstraint(
                fields=["article", "contributor", "role"],
                condition=Q(article__isnull=False),
                name="unique_article_credit",
                violation_error_message="This contributor already has this role.",
            ),
            models.UniqueConstraint(
                fields=["image", "contributor", "role"],
                condition=Q(image__isnull=False),
                name="unique_image_credit",
                violation_error_message="This contributor already has this role.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.contributor}"

    def clean(self) -> None:
        if self.article_id and self.role not in self.ARTICLE_ROLES:
            raise ValidationError(
                {"role": "An article credit is either author or contributor."}
            )
        if self.image_id and self.role not in self.IMAGE_ROLES:
            raise ValidationError(
                {"role": "An image credit is creator, provider or distributor."}
            )
