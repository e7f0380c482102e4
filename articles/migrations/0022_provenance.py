# Placeholder for photo provenance (issue 22): its helper fills in the operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_wire_sources")]

    operations = []
