# Language desks (issue 23): users and groups limited to some languages.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_editions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DeskLanguage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(help_text="A language of CMS_LANGUAGES this desk works in.", max_length=12)),
                ("group", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="desk_languages", to="auth.group")),
                ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="desk_languages", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "desk language",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(models.Q(("group__isnull", True), ("user__isnull", False)), models.Q(("group__isnull", False), ("user__isnull", True)), _connector="OR"), name="desk_language_user_or_group"),
                    models.UniqueConstraint(fields=("user", "language"), name="desk_language_once_per_user"),
                    models.UniqueConstraint(fields=("group", "language"), name="desk_language_once_per_group"),
                ],
            },
        ),
    ]  # fmt: skip
