"""Photo provenance (issue 22): what a photo's file says about its making
(XMP digital source type, PLUS data-mining terms, C2PA credentials), an
editor's correction, and the trust anchors in force."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_wire_sources"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TrustBundle",
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
                    "pem",
                    models.TextField(
                        help_text="The anchors, PEM certificates one after another."
                    ),
                ),
                ("certificate_count", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("source_name", models.CharField(blank=True, max_length=255)),
                ("imported_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-imported_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="image",
            name="content_credentials",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                verbose_name="content credentials (C2PA)",
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="data_mining",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=255,
                verbose_name="data mining (PLUS)",
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="other_constraints",
            field=models.TextField(
                blank=True, editable=False, verbose_name="other constraints (PLUS)"
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="source_type_override",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=255,
                verbose_name="digital source type set by an editor",
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="source_type_reason",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="image",
            name="source_type_set_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="image",
            name="source_type_set_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="xmp_source_type",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=255,
                verbose_name="digital source type (XMP)",
            ),
        ),
    ]
