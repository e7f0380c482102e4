from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef

from articles.models.slugs import unique_slug

REFUSE, WARN, OFF = "refuse", "warn", "off"
RULE_CHOICES = [
    (REFUSE, "Refuse to publish (an editor may override, with a reason)"),
    (WARN, "Warn only"),
    (OFF, "Off"),
]


def publish_rule(default: str, help_text: str) -> models.CharField:
    return models.CharField(
        max_length=10, choices=RULE_CHOICES, default=default, help_text=help_text
    )


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Optional: the section this one sits under, e.g. World for Europe.",
    )
    # The rules at publish for this section's stories (articles.models.
    # publish_rules); a story without a section gets the defaults.
    ai_caption_rule = publish_rule(
        REFUSE,
        "A photo labelled AI-generated or AI-edited whose caption does not say "
        "so (AI-generated, generated with AI, illustration…).",
    )
    invalid_credentials_rule = publish_rule(
        REFUSE, "A photo whose content credentials are invalid."
    )
    agency_source_type_rule = publish_rule(
        WARN, "An agency's photo that states no digital source type."
    )
    forbidden_use_rule = publish_rule(
        REFUSE,
        "A photo whose terms forbid the use: a kill or no-online instruction "
        "in its restrictions, usage terms or PLUS constraints, or data-mining "
        "terms that prohibit AI training when this section is offered for it.",
    )
    offered_for_ai_training = models.BooleanField(
        "stories offered for AI training",
        default=False,
        help_text="This section's stories are licensed for text and data mining "
        "or AI training: photos whose PLUS terms prohibit it break the "
        "forbidden-use rule.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # A loop would make every section name in it recurse forever.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": "A section cannot sit under itself or one of "
                        "its subsections."
                    },
                    code="parent_loop",
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class TagQuerySet(models.QuerySet):
    def public(self) -> TagQuerySet:
        """Tags on at least one published article; a tag used only on drafts
        could give an unpublished story away."""
        from articles.models.articles import Article

        return self.filter(
            Exists(Article.objects.published().filter(tags=OuterRef("pk")))
        )


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # A controlled vocabulary's code with its scheme, as a URI
    # ("http://cv.iptc.org/newscodes/mediatopic/20000002"), when a source
    # gave one: the same code is the same tag, whatever name it came with.
    uri = models.CharField(max_length=255, blank=True, db_index=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)
