"""The newsroom's roles, as Django groups with model permissions. A data
migration creates them; the admin enforces what the permissions alone cannot
say (a writer edits only their own drafts, see `articles.admin.articles`)."""

from __future__ import annotations

WRITER, EDITOR, PHOTO_EDITOR = "Writer", "Editor", "Photo editor"


def _crud(*models: str) -> list[str]:
    return [
        f"{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    ]


ROLES: dict[str, list[str]] = {
    # Writes and edits their own drafts, submits them for review; cannot
    # publish, schedule or touch stories once they are past review.
    WRITER: [
        "add_article", "change_article", "view_article",
        "add_credit", "change_credit", "delete_credit", "view_credit",
        "view_correction", "view_section", "view_tag", "view_contributor",
        "add_image", "view_image",
    ],
    # Reviews, schedules, publishes and unpublishes; edits anything editorial.
    # Places photos: uploads them and fixes their captions and credits, but
    # deleting one (from every story that shows it) is the photo desk's call.
    EDITOR: [
        *_crud("article", "credit", "correction", "section", "tag"),
        "publish_article",
        "add_contributor", "change_contributor", "view_contributor",
        "add_image", "change_image", "view_image",
        "view_withdrawal", "view_rendition",
        *_crud("webhookendpoint"), "view_webhookdelivery",
    ],
    # Photos, their credits and the people credited.
    PHOTO_EDITOR: [
        *_crud("image", "credit", "contributor"),
        "view_rendition", "view_article", "view_section", "view_tag",
    ],
}  # fmt: skip


def sync_roles(apps) -> None:
    """Create the groups (again) with exactly these permissions."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {name}: {sorted(missing)}")
        group.permissions.set(permissions)
