# Placeholder for wire sources and the wire queue (issue 19): its helper fills in the operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_edit_sessions")]

    operations = []
