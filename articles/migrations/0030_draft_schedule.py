# "Publish changes at…": a working draft made live at a chosen time, by the
# public read path or the task worker, whichever comes first
# (articles/publishing/due_drafts.py). Written by hand.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0029_wire_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.AddField(
            model_name="articledraft",
            name="publish_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="articledraft",
            name="scheduled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="articledraft",
            name="schedule_note",
            field=models.TextField(blank=True),
        ),
    ]
