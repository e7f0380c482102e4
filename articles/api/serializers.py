from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.provenance import PROVENANCE_SCHEMA
from articles.models import (
    Article,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    Tag,
    Withdrawal,
)
from articles.models.provenance import delivered_provenance
from articles.photos.renditions import planned_renditions, primary_rendition_url


class SectionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["name", "slug"]


class SectionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Section
        fields = ["name", "slug", "parent"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["name", "slug", "uri"]


class ContributorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "slug", "kind"]


class ContributorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "slug", "kind", "short_name", "url", "bio", "affiliation"]


class CreditSerializer(serializers.ModelSerializer):
    contributor = ContributorSummarySerializer()

    class Meta:
        model = Credit
        fields = ["role", "contributor"]


class RenditionSerializer(serializers.Serializer):
    spec = serializers.CharField()
    format = serializers.CharField()
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class FocalPointSerializer(serializers.Serializer):
    x = serializers.FloatField(source="focal_x")
    y = serializers.FloatField(source="focal_y")


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="The photo at full width (JPEG), or null when only its "
        "caption and credit are known."
    )
    srcset = serializers.SerializerMethodField(
        help_text="Every named size in every format, with exact dimensions."
    )
    focal_point = FocalPointSerializer(source="*")
    credits = CreditSerializer(many=True)
    copyright = serializers.CharField(source="copyright_notice")
    provenance = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = [
            "id",
            "url",
            "width",
            "height",
            "alt_text",
            "headline",
            "caption",
            "credits",
            "credit_line",
            "copyright",
            "usage_terms",
            "restrictions",
            "srcset",
            "focal_point",
            "dominant_color",
            "placeholder",
            "provenance",
        ]

    @extend_schema_field(PROVENANCE_SCHEMA)
    def get_provenance(self, image: Image) -> dict:
        return delivered_provenance(image)

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, image: Image) -> str | None:
        if not image.file:
            return None
        return self._absolute(primary_rendition_url(image))

    @extend_schema_field(RenditionSerializer(many=True))
    def get_srcset(self, image: Image) -> list[dict]:
        return [
            {
                "spec": planned.spec,
                "format": planned.format,
                "url": self._absolute(planned.url),
                "width": planned.width,
                "height": planned.height,
            }
            for planned in planned_renditions(image)
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["kind", "note", "noted_at"]


BODY_BLOCK_SCHEMA = {
    "type": "array",
    "description": "The body as typed blocks, in order: `paragraph` and `quote` "
    "(`html`: inline markup, no `<p>`; a quote's paragraphs are joined by "
    "`<br>`), `heading` (`level` 1-6, `text`: plain text), `list` (`ordered`, "
    "`items`: inline markup each, like a paragraph's `html`; an item's "
    "paragraphs are joined by `<br>`, a nested list stays in its item), "
    "`image` (`image`: a library photo with its renditions and credit line, "
    "`caption`), `html` (anything else, such as a table, as sanitised HTML).",
    "items": {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {
                "type": "string",
                "enum": ["paragraph", "heading", "list", "quote", "image", "html"],
            },
            "html": {"type": "string"},
            "text": {"type": "string"},
            "level": {"type": "integer", "minimum": 1, "maximum": 6},
            "ordered": {"type": "boolean"},
            "items": {"type": "array", "items": {"type": "string"}},
            "caption": {"type": "string"},
            "image": {"$ref": "#/components/schemas/Image"},
        },
    },
}


EDITIONS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["language", "id", "slug", "url", "relation"],
        "properties": {
            "language": {"type": "string", "description": "A CMS_LANGUAGES tag."},
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "url": {
                "type": "string",
                "format": "uri",
                "description": "Where readers find it: CMS_ARTICLE_URL's "
                "address, else its API document.",
            },
            "relation": {
                "type": "string",
                "enum": ["original", "translation", "adaptation", "independent"],
                "description": "Its relation to the edition it was made from.",
            },
        },
    },
}


RELATED_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "slug", "headline", "published_at", "url"],
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "headline": {"type": "string"},
            "published_at": {"type": "string", "format": "date-time"},
            "url": {
                "type": "string",
                "format": "uri",
                "description": "Where readers find it: CMS_ARTICLE_URL's "
                "address, else its API document.",
            },
        },
    },
}


class SeoSerializer(serializers.Serializer):
    headline = serializers.CharField(
        source="effective_seo_headline",
        help_text="The title for search results: the SEO headline, else the headline.",
    )
    description = serializers.CharField(
        source="effective_meta_description",
        help_text="The meta description: the editor's, else the standfirst as "
        "plain text, cut after a whole word at 160 characters.",
    )


class SocialSerializer(serializers.Serializer):
    headline = serializers.CharField(
        source="effective_social_headline",
        help_text="The title of a shared card: the social headline, else the SEO "
        "headline, else the headline.",
    )
    image = serializers.SerializerMethodField(
        help_text="The card's picture: the social image, else the lead photo; "
        "null when there is none or its rights have ended. Crop it with the "
        "srcset's sizes, around the focal point."
    )

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, article: Article) -> dict | None:
        image = article.effective_social_image
        if image is None:
            return None
        return ImageSerializer(image, context=self.context).data


class TextSourceSerializer(serializers.Serializer):
    uri = serializers.CharField(help_text="The IPTC digital source type URI.")
    name = serializers.CharField(help_text="IPTC's English name for it.")


class ArticleSerializer(serializers.ModelSerializer):
    body_html = serializers.CharField(source="body")
    body = serializers.SerializerMethodField()
    corrections = CorrectionSerializer(
        many=True,
        help_text="Dated corrections, clarifications and updates, oldest first.",
    )
    section = SectionSummarySerializer(allow_null=True)
    tags = TagSerializer(many=True)
    credits = CreditSerializer(many=True)
    lead_image = serializers.SerializerMethodField()
    seo = SeoSerializer(source="*")
    social = SocialSerializer(source="*")
    digital_source_type = serializers.SerializerMethodField(
        help_text="How software made the text (IPTC's digital source type: "
        "trainedAlgorithmicMedia, drafted by a language model; "
        "compositeWithTrainedAlgorithmicMedia, edited with AI; algorithmicMedia); "
        "null when a person wrote it."
    )

    related = serializers.SerializerMethodField(
        help_text="Related stories: the editor's choices, topped up from "
        "shared tags and the section, at most CMS_RELATED_STORIES; only public "
        "ones, as they are at the request."
    )
    editions = serializers.SerializerMethodField(
        help_text="The story's live editions in other languages, in the order "
        "of CMS_LANGUAGES, the story itself not included: enough for a language "
        "switcher. An edition that is not public is never listed."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            # Language editions (issue 23): `editions` is filled in when
            # served (articles.delivery.editions), never stored.
            "language",
            "editions",
            "headline",
            "standfirst",
            "body_html",
            "body",
            "section",
            "tags",
            "published_at",
            "first_published_at",
            "updated_at",
            # What the agency said, for wire copy (empty or null otherwise).
            "slugline",
            "dateline",
            "urgency",
            "source_version",
            "corrections",
            "credits",
            "credit_line",
            "lead_image",
            "seo",
            "social",
            # Where the text came from (articles.models.story_source).
            "digital_source_type",
            "machine_translated",
            "source_note",
            # Filled in when served (articles.delivery.related), never
            # stored: last, so the placeholder is the document's tail.
            "related",
        ]

    @extend_schema_field(EDITIONS_SCHEMA)
    def get_editions(self, article: Article) -> list[dict]:
        # Stored empty; the serving path puts the live ones in at each request.
        return self.context.get("editions", [])

    @extend_schema_field(RELATED_SCHEMA)
    def get_related(self, article: Article) -> list[dict]:
        # Stored empty; the serving path puts the public ones in (a preview
        # passes its own).
        return self.context.get("related", [])

    @extend_schema_field(BODY_BLOCK_SCHEMA)
    def get_body(self, article: Article) -> list[dict]:
        from articles.text.body import blocks

        # Prefetched: the body's photos that may be shown (rights current).
        photos = {image.pk: image for image in article.body_images.all()}

        def image_block(pk: int, caption: str, alt: str) -> dict | None:
            image = photos.get(pk)
            if image is None:
                return None
            data = ImageSerializer(image, context=self.context).data
            if alt:
                data["alt_text"] = alt
            return {"type": "image", "image": data, "caption": caption or image.caption}

        return blocks(article.body, image_block)

    @extend_schema_field(TextSourceSerializer(allow_null=True))
    def get_digital_source_type(self, article: Article) -> dict | None:
        return article.text_source()

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_lead_image(self, article: Article) -> dict | None:
        image = article.lead_image
        if image is None:
            return None
        data = ImageSerializer(image, context=self.context).data
        data["caption"] = article.lead_image_display_caption
        return data


class WithdrawalSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="article_id")

    class Meta:
        model = Withdrawal
        fields = ["id", "slug", "reason", "withdrawn_at"]
