"""The tag's list, newest first, at a million stories (docs/internals/scale.md, "Tag").

Each tag link (the many-to-many table `articles_article_tags`) carries a
copy of its story's `published_at`, indexed with the tag: the list of a tag
is then one walk of `(tag_id, published_at DESC, article_id DESC)` in the
list's own order, stopped after a page, whatever the tag's size.

PostgreSQL's alone, as the search column of 0011: the model does not know
the column, so the ORM, the admin, revisions, imports and exports are
unchanged. Triggers keep the copy: a new link takes its story's date, a new
date is copied to the story's links, whoever writes (save(), update(), bulk
imports, restore). A bulk load with triggers off (`session_replication_role
= replica`, as bench/scale.py) writes the column itself.
"""

from django.db import migrations

COLUMN = "published_at"
INDEX = "article_tag_newest_first"

FORWARDS = f"""
ALTER TABLE articles_article_tags ADD COLUMN {COLUMN} timestamp with time zone;

UPDATE articles_article_tags AS link SET {COLUMN} = story.published_at
FROM articles_article AS story
WHERE story.id = link.article_id AND story.published_at IS NOT NULL;

CREATE INDEX {INDEX} ON articles_article_tags
    (tag_id, {COLUMN} DESC, article_id DESC);

CREATE FUNCTION article_tag_take_date() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT published_at INTO NEW.{COLUMN}
    FROM articles_article WHERE id = NEW.article_id;
    RETURN NEW;
END $$;

CREATE TRIGGER article_tag_take_date
BEFORE INSERT OR UPDATE OF article_id ON articles_article_tags
FOR EACH ROW EXECUTE FUNCTION article_tag_take_date();

CREATE FUNCTION article_give_date_to_tags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article_tags SET {COLUMN} = NEW.published_at
    WHERE article_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER article_give_date_to_tags
AFTER UPDATE OF published_at ON articles_article
FOR EACH ROW
WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION article_give_date_to_tags();
"""

BACKWARDS = f"""
DROP TRIGGER article_give_date_to_tags ON articles_article;

DROP FUNCTION article_give_date_to_tags();

DROP TRIGGER article_tag_take_date ON articles_article_tags;

DROP FUNCTION article_tag_take_date();

DROP INDEX {INDEX};

ALTER TABLE articles_article_tags DROP COLUMN {COLUMN};
"""


def run(script: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # One statement at a time (a blank line ends each).
        for statement in script.strip().split("\n\n"):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_scale_indexes")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
