"""Rules at publish (issue 22, item 7): each section's rules for its
stories' photos, and the record of every override."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def resync_roles(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_provenance"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="agency_source_type_rule",
            field=models.CharField(
                choices=[
                    (
                        "refuse",
                        "Refuse to publish (an editor may override, with a reason)",
                    ),
                    ("warn", "Warn only"),
                    ("off", "Off"),
                ],
                default="warn",
                help_text="An agency's photo that states no digital source type.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="ai_caption_rule",
            field=models.CharField(
                choices=[
                    (
                        "refuse",
                        "Refuse to publish (an editor may override, with a reason)",
                    ),
                    ("warn", "Warn only"),
                    ("off", "Off"),
                ],
                default="refuse",
                help_text="A photo labelled AI-generated or AI-edited whose caption does not say so (AI-generated, generated with AI, illustration…).",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="forbidden_use_rule",
            field=models.CharField(
                choices=[
                    (
                        "refuse",
                        "Refuse to publish (an editor may override, with a reason)",
                    ),
                    ("warn", "Warn only"),
                    ("off", "Off"),
                ],
                default="refuse",
                help_text="A photo whose terms forbid the use: a kill or no-online instruction in its restrictions, usage terms or PLUS constraints, or data-mining terms that prohibit AI training when this section is offered for it.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="invalid_credentials_rule",
            field=models.CharField(
                choices=[
                    (
                        "refuse",
                        "Refuse to publish (an editor may override, with a reason)",
                    ),
                    ("warn", "Warn only"),
                    ("off", "Off"),
                ],
                default="refuse",
                help_text="A photo whose content credentials are invalid.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="offered_for_ai_training",
            field=models.BooleanField(
                default=False,
                help_text="This section's stories are licensed for text and data mining or AI training: photos whose PLUS terms prohibit it break the forbidden-use rule.",
                verbose_name="stories offered for AI training",
            ),
        ),
        migrations.CreateModel(
            name="PublishOverride",
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
                ("reason", models.TextField()),
                ("problems", models.JSONField(default=list)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="publish_overrides",
                        to="articles.article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.RunPython(resync_roles, migrations.RunPython.noop),
    ]
