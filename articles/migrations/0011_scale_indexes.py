"""Indexes for a million stories (see docs/internals/scale.md).

- The public list, newest first: a partial index on (published_at, id) over
  live stories only, which the list, its filters and deep cursor pages walk
  in order and stop after a page. (The (status, published_at) index cannot
  give that order for two statuses at once.)
- Search, on PostgreSQL: the weighted text-search vector stored in a
  generated column, kept by PostgreSQL on every write, with the GIN index on
  it. Matching and ranking then read a stored vector instead of parsing each
  matching story's text again (seconds for a common word at this size). The
  column is PostgreSQL's alone: the model does not know it, so SQLite and
  every ORM read and write are unchanged.
"""

from django.db import migrations, models

COLUMN = "search_document"
INDEX = "article_search_document"
OLD_INDEX = "article_search_vector"


def vector_sql(config: str) -> str:
    """The same weighted vector as `articles.delivery.search.search_vector()`."""
    literal = "'" + config.replace("'", "''") + "'::regconfig"
    parts = (("headline", "A"), ("standfirst", "B"), ("body", "C"))
    return " || ".join(
        f"setweight(to_tsvector({literal}, COALESCE({field}, '')), '{weight}')"
        for field, weight in parts
    )


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.conf import settings

    schema_editor.execute(
        f"ALTER TABLE articles_article ADD COLUMN {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({vector_sql(settings.CMS_SEARCH_CONFIG)}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON articles_article USING gin ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from articles.delivery.search import search_vector

    schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN {COLUMN}")
    schema_editor.add_index(
        apps.get_model("articles", "Article"),
        GinIndex(search_vector(), name=OLD_INDEX),
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_pending_cdn_purges")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status__in=["scheduled", "published"]),
                name="article_live_newest_first",
            ),
        ),
        migrations.RunPython(add_column, drop_column),
    ]
