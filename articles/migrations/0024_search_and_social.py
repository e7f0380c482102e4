# Search and social fields (issue 17, item 9).
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_publish_rules")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="meta_description",
            field=models.TextField(
                blank=True,
                help_text="The summary under the title in search results; empty "
                "uses the standfirst. About 160 characters are shown.",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="seo_headline",
            field=models.CharField(
                blank=True,
                help_text="The title in search results; empty uses the headline. "
                "Search results show about 60 characters.",
                max_length=300,
                verbose_name="SEO headline",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="social_headline",
            field=models.CharField(
                blank=True,
                help_text="The title of the card when the story is shared; empty "
                "uses the SEO headline, else the headline.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="social_image",
            field=models.ForeignKey(
                blank=True,
                help_text="The picture of the card when the story is shared, "
                "cropped around its focal point; empty uses the lead photo.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="social_for",
                to="articles.image",
            ),
        ),
    ]
