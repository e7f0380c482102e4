"""A photo's copyright notice and credit line as long as their source wrote
them: one long notice no longer costs a whole story."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_working_drafts")]

    operations = [
        migrations.AlterField(
            model_name="image",
            name="copyright_notice",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="image",
            name="credit_line_override",
            field=models.TextField(
                blank=True,
                help_text="Replaces the credit line built from the credits below; "
                "for odd cases only.",
            ),
        ),
    ]
