"""Wire copy's facts on a story (slugline, dateline, urgency, the agency's
version of its text, a hash of its words as the last import wrote them), a
tag's scheme-qualified code, and working drafts an agency offered (issue
19)."""

import django.core.serializers.json
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_contributor_affiliation"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="dateline",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="article",
            name="imported_copy",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="article",
            name="slugline",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="article",
            name="source_version",
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="urgency",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(9),
                ],
            ),
        ),
        migrations.AddField(
            model_name="articledraft",
            name="source",
            field=models.CharField(
                blank=True,
                choices=[("", "Editor"), ("agency", "Agency")],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="articledraft",
            name="source_facts",
            field=models.JSONField(
                default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.AddField(
            model_name="tag",
            name="uri",
            field=models.CharField(blank=True, db_index=True, max_length=255),
        ),
    ]
