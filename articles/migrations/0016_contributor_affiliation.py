"""A contributor's affiliation, as bylines give it ("Jane Doe, University of
Oslo"): kept on the person, no longer a second author."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_source_text_lengths")]

    operations = [
        migrations.AddField(
            model_name="contributor",
            name="affiliation",
            field=models.CharField(
                blank=True,
                help_text='Who they are with, as a byline says: "University of '
                'Oslo", "dpa".',
                max_length=200,
            ),
        ),
    ]
