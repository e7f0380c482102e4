# Related stories (issue 18, item 6): the editor's choices, and the stories a
# document may show under `related` kept beside it. Webhooks for fronts
# (item 4): the `collection.updated` event and its outbox rows.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_language_desks")]
    operations = [
        migrations.AddField(
            model_name="articledocument",
            name="related_ids",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="RelatedStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="related_links",
                        to="articles.article",
                    ),
                ),
                (
                    "target",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="related_from",
                        to="articles.article",
                        verbose_name="related story",
                    ),
                ),
            ],
            options={
                "verbose_name": "related story",
                "verbose_name_plural": "related stories",
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "target"), name="related_story_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("source", models.F("target")), _negated=True
                        ),
                        name="related_story_not_itself",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CollectionEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("occurred_at", models.DateTimeField()),
                ("due_at", models.DateTimeField(db_index=True)),
                ("version_id", models.BigIntegerField(blank=True, null=True)),
            ],
            options={"ordering": ["due_at", "pk"]},
        ),
        migrations.AlterField(
            model_name="articleevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("article.published", "Published"),
                    ("article.updated", "Updated"),
                    ("article.unpublished", "Unpublished"),
                    ("article.deleted", "Deleted"),
                    ("collection.updated", "Front updated"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="webhookdelivery",
            name="article_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="webhookdelivery",
            name="event",
            field=models.CharField(
                choices=[
                    ("article.published", "Published"),
                    ("article.updated", "Updated"),
                    ("article.unpublished", "Unpublished"),
                    ("article.deleted", "Deleted"),
                    ("collection.updated", "Front updated"),
                ],
                max_length=30,
            ),
        ),
    ]
