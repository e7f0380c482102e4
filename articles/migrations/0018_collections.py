# Collections (fronts) and their slots (issue 18).
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def grant_fronts_to_editors(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_wire_facts"),
    ]

    operations = [
        migrations.CreateModel(
            name="Collection",
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
                (
                    "slug",
                    models.SlugField(
                        help_text="The front's address in the API, e.g. top-stories. Versions of one front share it.",
                        max_length=100,
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "max_items",
                    models.PositiveSmallIntegerField(
                        default=20,
                        help_text="The most stories the front shows; rules stop filling there.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="maximum length",
                    ),
                ),
                (
                    "live_from",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="When this version takes over the front. A later time prepares the next edition; it replaces this one at that moment.",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("revision", models.PositiveIntegerField(default=0, editable=False)),
            ],
            options={
                "ordering": ["slug", "-live_from"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("slug", "live_from"), name="collection_version_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Slot",
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
                    "headline",
                    models.CharField(
                        blank=True,
                        help_text="The front's headline, if not the story's.",
                        max_length=300,
                    ),
                ),
                (
                    "standfirst",
                    models.TextField(
                        blank=True,
                        help_text="The front's standfirst, if not the story's.",
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("section", "Latest in a section"),
                            ("tag", "Latest with a tag"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "count",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="How many stories the rule fills in.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        help_text="The chosen story. Leave empty for a rule.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slots",
                        to="articles.article",
                    ),
                ),
                (
                    "collection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slots",
                        to="articles.collection",
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        blank=True,
                        help_text="The front's photo, if not the story's lead photo. Shown only while it is public (on a public story, its rights current).",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.image",
                    ),
                ),
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="articles.section",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="articles.tag",
                    ),
                ),
            ],
            options={
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("collection", "article"), name="slot_story_once"
                    )
                ],
            },
        ),
        migrations.RunPython(grant_fronts_to_editors, migrations.RunPython.noop),
    ]
