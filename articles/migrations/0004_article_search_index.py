"""A GIN index over the weighted search vector, on PostgreSQL only (SQLite
has no such index and searches with the fallback)."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "article_search_vector"


def index(apps):
    from articles.delivery.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), index(apps))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), index(apps))


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_withdrawals")]

    operations = [migrations.RunPython(create, drop)]
