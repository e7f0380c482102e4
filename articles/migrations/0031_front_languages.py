# Fronts by language (issue 23): each front's versions have a language;
# existing ones get the default language (CMS_LANGUAGES' first), as stories
# did in 0026. And an edition is stale only when what it follows changed:
# its source keeps the revision of that change (`followed_revision`; NULL,
# as for every existing story, reads as its current revision, so an edition
# stale before stays stale).
import articles.models.editions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0030_draft_schedule")]
    operations = [
        migrations.AddField(
            model_name="article",
            name="followed_revision",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="collection",
            name="language",
            field=models.CharField(
                default=articles.models.editions.default_language,
                help_text="The language of the front's stories (CMS_LANGUAGES): "
                "its rules fill it with stories in this language only.",
                max_length=12,
            ),
        ),
    ]
