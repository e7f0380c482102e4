"""Editors upload photos and edit their captions and credits
(articles.roles): the groups again, with the new permissions."""

from django.db import migrations


def resync_roles(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_tag_link_dates")]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
