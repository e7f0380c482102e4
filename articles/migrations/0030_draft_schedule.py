# Placeholder: filled by the work it is named after (kept in the chain so
# parallel work never forks the migration graph).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0029_wire_links")]
    operations = []
