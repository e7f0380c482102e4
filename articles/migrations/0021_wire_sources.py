"""Wire sources polled by the task worker, their poll log, and the wire
queue (issue 19); editors manage sources and use queued items (articles.roles)."""

import datetime

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def resync_roles(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_edit_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WireSource",
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
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("folder", "Watched folder"),
                            ("url", "Feed or API URL"),
                        ],
                        default="folder",
                        max_length=10,
                    ),
                ),
                (
                    "location",
                    models.CharField(
                        help_text="The folder (inside CMS_WIRE_ROOT) or the http(s) URL to poll.",
                        max_length=1000,
                    ),
                ),
                (
                    "format",
                    models.CharField(
                        choices=[
                            ("auto", "Tell from the content"),
                            ("newsml", "NewsML-G2"),
                            ("nitf", "NITF"),
                            ("wire", "IPTC 7901 or ANPA 1312 wire text"),
                            ("ninjs", "ninjs"),
                            ("feed", "RSS or Atom"),
                        ],
                        default="auto",
                        max_length=10,
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("queue", "Wire queue (new items are drafts)"),
                            ("publish", "Publish directly"),
                        ],
                        default="queue",
                        max_length=10,
                    ),
                ),
                (
                    "poll_interval",
                    models.DurationField(
                        default=datetime.timedelta(seconds=300),
                        help_text="How often to poll, e.g. 00:05:00.",
                        validators=[
                            django.core.validators.MinValueValidator(
                                datetime.timedelta(seconds=10)
                            )
                        ],
                    ),
                ),
                ("enabled", models.BooleanField(default=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "last_polled_at",
                    models.DateTimeField(blank=True, editable=False, null=True),
                ),
                (
                    "last_success_at",
                    models.DateTimeField(blank=True, editable=False, null=True),
                ),
                ("last_error", models.TextField(blank=True, editable=False)),
                (
                    "consecutive_failures",
                    models.PositiveIntegerField(default=0, editable=False),
                ),
                (
                    "next_poll_at",
                    models.DateTimeField(
                        blank=True, db_index=True, editable=False, null=True
                    ),
                ),
                ("seen", models.JSONField(blank=True, default=dict, editable=False)),
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        help_text="For items that name no section.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.section",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="WirePoll",
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
                ("polled_at", models.DateTimeField()),
                ("seconds", models.FloatField(default=0)),
                ("files_read", models.PositiveIntegerField(default=0)),
                ("created", models.PositiveIntegerField(default=0)),
                ("updated", models.PositiveIntegerField(default=0)),
                ("unchanged", models.PositiveIntegerField(default=0)),
                ("refused", models.PositiveIntegerField(default=0)),
                ("skipped", models.PositiveIntegerField(default=0)),
                ("error", models.TextField(blank=True)),
                ("failed", models.BooleanField(default=False)),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="polls",
                        to="articles.wiresource",
                    ),
                ),
            ],
            options={
                "ordering": ["-polled_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="WireItem",
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
                ("agency", models.CharField(blank=True, db_index=True, max_length=200)),
                ("origin", models.CharField(blank=True, max_length=1000)),
                ("received_at", models.DateTimeField(db_index=True)),
                ("last_received_at", models.DateTimeField()),
                ("updates", models.PositiveIntegerField(default=0)),
                ("used_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="wire_item",
                        to="articles.article",
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="merged_wire_items",
                        to="articles.article",
                    ),
                ),
                (
                    "used_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="items",
                        to="articles.wiresource",
                    ),
                ),
            ],
            options={
                "verbose_name": "wire item",
                "verbose_name_plural": "wire queue",
                "ordering": ["-received_at", "-pk"],
            },
        ),
        migrations.RunPython(resync_roles, migrations.RunPython.noop),
    ]
