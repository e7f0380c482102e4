from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Contributor, Credit, Image, Section, Tag


class SectionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["name", "slug"]


class SectionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Section
        fields = ["name", "slug", "parent"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["name", "slug"]


class ContributorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "slug", "kind"]


class ContributorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "slug", "kind", "short_name", "url", "bio"]


class CreditSerializer(serializers.ModelSerializer):
    contributor = ContributorSummarySerializer()

    class Meta:
        model = Credit
        fields = ["role", "contributor"]


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    credits = CreditSerializer(many=True)
    copyright = serializers.CharField(source="copyright_notice")

    class Meta:
        model = Image
        fields = [
            "id",
            "url",
            "width",
            "height",
            "alt_text",
            "caption",
            "credits",
            "credit_line",
            "copyright",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, image: Image) -> str | None:
        if not image.file:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(image.url) if request else image.url


class ArticleSerializer(serializers.ModelSerializer):
    body_html = serializers.CharField(source="body")
    section = SectionSummarySerializer(allow_null=True)
    tags = TagSerializer(many=True)
    credits = CreditSerializer(many=True)
    lead_image = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "headline",
            "standfirst",
            "body_html",
            "section",
            "tags",
            "published_at",
            "first_published_at",
            "updated_at",
            "credits",
            "credit_line",
            "lead_image",
        ]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_lead_image(self, article: Article) -> dict | None:
        image = article.lead_image
        if image is None:
            return None
        data = ImageSerializer(image, context=self.context).data
        data["caption"] = article.lead_image_display_caption
        return data
