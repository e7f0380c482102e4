import django_filters

from articles.models import Article


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(
        field_name="section__slug", help_text="Section slug."
    )
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="Tag slug.")

    class Meta:
        model = Article
        fields = ["section", "tag"]
