"""What the write API accepts and answers. Input is validated here (types,
lengths, what the slugs and ids name); what a write may do is decided by
the models and the role rules (articles/api/writing/stories.py)."""

from __future__ import annotations

from rest_framework import serializers

from articles.models import Article, Contributor, Credit, Image, Section, Tag
from articles.models.credits import ARTICLE_ROLES
from articles.models.editions import default_language, languages
from articles.models.story_source import TEXT_SOURCE_CHOICES
from articles.roles import home_language


class SlugReference(serializers.SlugRelatedField):
    """A slug naming a row; one holding NUL names none (PostgreSQL refuses
    to compare text with NUL in it, so it is not looked up)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class CreditInput(serializers.Serializer):
    contributor = SlugReference(
        slug_field="slug",
        queryset=Contributor.objects.all(),
        help_text="The contributor's slug (contributors are made in the admin).",
    )
    role = serializers.ChoiceField(choices=[(r.value, r.label) for r in ARTICLE_ROLES])


class StoryInput(serializers.Serializer):
    """A story's fields; on PATCH any subset. Times need the publish
    permission; credits replace the story's credits."""

    headline = serializers.CharField(max_length=300)
    slug = serializers.SlugField(max_length=255, required=False, allow_blank=True)
    standfirst = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="HTML, cleaned on save by the same allowlist as the admin's.",
    )
    section = SlugReference(
        slug_field="slug",
        queryset=Section.objects.all(),
        allow_null=True,
        required=False,
    )
    tags = SlugReference(
        slug_field="slug", queryset=Tag.objects.all(), many=True, required=False
    )
    lead_image = serializers.PrimaryKeyRelatedField(
        queryset=Image.objects.all(), allow_null=True, required=False
    )
    lead_image_caption = serializers.CharField(required=False, allow_blank=True)
    credit_line_override = serializers.CharField(
        max_length=255, required=False, allow_blank=True
    )
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    embargo_until = serializers.DateTimeField(required=False, allow_null=True)
    credits = CreditInput(many=True, required=False)
    # Search and social (articles.models.search_social): empty uses the
    # story's own.
    seo_headline = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    meta_description = serializers.CharField(required=False, allow_blank=True)
    social_headline = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    social_image = serializers.PrimaryKeyRelatedField(
        queryset=Image.objects.all(), allow_null=True, required=False
    )
    # Where the text came from (articles.models.story_source): empty and
    # false for a story a person wrote.
    digital_source_type = serializers.ChoiceField(
        choices=[""] + [uri for uri, _ in TEXT_SOURCE_CHOICES],
        required=False,
        help_text="IPTC's digital source type URI: trainedAlgorithmicMedia "
        "(drafted by a language model), compositeWithTrainedAlgorithmicMedia "
        "(edited with AI) or algorithmicMedia; empty for none.",
    )
    machine_translated = serializers.BooleanField(required=False)
    # Set when the story is made (default: the user's desk's first language);
    # another language's version is another edition, not a change.
    language = serializers.CharField(
        max_length=12,
        required=False,
        help_text="The story's language, one of CMS_LANGUAGES; set when the "
        "story is made.",
    )
    source_note = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )

    def validate_slug(self, value: str) -> str:
        story = self.context.get("article")
        # Unique within the story's language (its editions may share it).
        given = getattr(self, "initial_data", None)
        language = given.get("language") if isinstance(given, dict) else None
        if story is not None:
            language = story.language
        elif not isinstance(language, str):  # made in the user's desk language
            user = self.context.get("user")
            language = home_language(user) if user else default_language()
        taken = Article.objects.filter(slug=value, language=language).exclude(
            pk=story.pk if story else None
        )
        if value and taken.exists():
            raise serializers.ValidationError("Another story has this slug.")
        return value

    def validate_language(self, value: str) -> str:
        story = self.context.get("article")
        if story is not None and value != story.language:
            raise serializers.ValidationError(
                "A story's language is set when it is made: make an edition in "
                "the other language instead."
            )
        if value not in languages():
            raise serializers.ValidationError(
                f"Not one of the newsroom's languages ({', '.join(languages())})."
            )
        return value

    def validate_lead_image(self, image: Image | None) -> Image | None:
        return self._photo_with_rights(image, "lead_image_id")

    def validate_social_image(self, image: Image | None) -> Image | None:
        return self._photo_with_rights(image, "social_image_id")

    def _photo_with_rights(self, image: Image | None, kept_as: str) -> Image | None:
        # As the admin's lead photo field: a newly chosen photo whose rights
        # have expired is refused; one the story already had is kept.
        story = self.context.get("article")
        kept = (
            story is not None
            and image is not None
            and getattr(story, kept_as) == image.pk
        )
        if image is not None and image.rights_expired() and not kept:
            raise serializers.ValidationError(
                "The rights to this photo have expired; choose another photo."
            )
        return image

    def validate_credits(self, credits: list[dict]) -> list[dict]:
        seen = {(c["contributor"].pk, c["role"]) for c in credits}
        if len(seen) != len(credits):
            raise serializers.ValidationError("This contributor already has this role.")
        return credits


class ScheduleInput(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When the story goes live; still to come.")


class CreditOutput(serializers.Serializer):
    contributor = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()


class WorkingDraftOutput(serializers.Serializer):
    saved_at = serializers.DateTimeField()
    saved_by = serializers.CharField(allow_null=True)
    submitted_for_review = serializers.BooleanField()
    from_agency = serializers.BooleanField()


class StoryOutput(serializers.Serializer):
    """A story as an editor sees it: a live story's working draft over its
    live version (as the admin's form opens it), with what is live beside."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    headline = serializers.CharField()
    standfirst = serializers.CharField()
    body = serializers.CharField()
    section = serializers.CharField(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    lead_image = serializers.IntegerField(allow_null=True)
    lead_image_caption = serializers.CharField()
    credit_line_override = serializers.CharField()
    seo_headline = serializers.CharField()
    meta_description = serializers.CharField()
    social_headline = serializers.CharField()
    social_image = serializers.IntegerField(allow_null=True)
    digital_source_type = serializers.CharField()
    machine_translated = serializers.BooleanField()
    source_note = serializers.CharField()
    credits = CreditOutput(many=True)
    status = serializers.ChoiceField(choices=Article.Status.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    embargo_until = serializers.DateTimeField(allow_null=True)
    is_public = serializers.BooleanField()
    revision = serializers.IntegerField()
    working_draft = WorkingDraftOutput(allow_null=True)
    updated_at = serializers.DateTimeField()


class StorySummary(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    headline = serializers.CharField()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    has_working_draft = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


class PhotoInput(serializers.Serializer):
    file = serializers.FileField(
        help_text="JPEG, PNG, WebP, AVIF, GIF or TIFF; checked as on the admin's "
        "upload (what it is, its size, already in the library)."
    )
    caption = serializers.CharField(required=False, allow_blank=True)
    alt_text = serializers.CharField(required=False, allow_blank=True, max_length=500)
    headline = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PhotoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField()
    alt_text = serializers.CharField()
    headline = serializers.CharField()
    credit_line = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    content_type = serializers.CharField()
    sha256 = serializers.CharField()
    messages = serializers.ListField(child=serializers.CharField())


class RefusalOutput(serializers.Serializer):
    detail = serializers.CharField()


def credit_rows(article: Article) -> list[dict]:
    credits = Credit.objects.filter(article=article).select_related("contributor")
    return [
        {"contributor": c.contributor.slug, "name": c.contributor.name, "role": c.role}
        for c in credits
    ]
