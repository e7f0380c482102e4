"""The newsroom's roles, as Django groups with model permissions. A data
migration creates them; the rules below say what the permissions alone
cannot (a writer edits only their own drafts), for every way in: the admin
(`articles.admin.articles`, `articles.admin.workflow`) and the write API
(`articles.api.writing`).

Desks (issue 23): a user or group may be limited to some languages
(`articles.models.desks`). Outside them a limited user still reads every
story (a translation needs its source) but edits, deletes, submits,
publishes, schedules and unpublishes none, and creates none: `can_edit`
and `can_publish` say so for a story, `works_in` for a language."""

from __future__ import annotations

from articles.publishing.transitions import LIVE_STATUSES

WRITER, EDITOR, PHOTO_EDITOR = "Writer", "Editor", "Photo editor"

# Stored statuses a writer's story may have (drafts and those in review).
WRITER_STATUSES = ("draft", "review")
# Fields only those who may publish can set.
PUBLISHING_FIELDS = ("published_at", "embargo_until")
# What a writer cannot change on a live story, not even in a working draft.
LIVE_STORY_FIELDS = ("status", *PUBLISHING_FIELDS)


_UNKNOWN = object()


def desk_languages(user) -> frozenset[str] | None:
    """The languages `user` is limited to (their own and their groups'),
    None for every language; superusers are never limited. Read once per
    user object (a request's), like Django's permission cache."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    found = getattr(user, "_desk_languages", _UNKNOWN)
    if found is _UNKNOWN:
        from articles.models.desks import DeskLanguage

        rows = DeskLanguage.objects.of_user(user).values_list("language", flat=True)
        found = user._desk_languages = frozenset(rows) or None
    return found


def works_in(user, language: str) -> bool:
    """May `user` write and publish stories in `language`?"""
    desk = desk_languages(user)
    return desk is None or language in desk


def home_language(user) -> str:
    """The language a new story of `user`'s starts in: the newsroom's
    default, or the first of the newsroom's languages their desk has."""
    from articles.models.editions import default_language, languages

    desk = desk_languages(user)
    if desk is None or default_language() in desk:
        return default_language()
    return next((code for code in languages() if code in desk), sorted(desk)[0])


def language_refusal(user, language: str) -> str:
    """Why a limited user may not touch a story in `language`, for a 403
    or a message: names the language and their own."""
    from articles.models.edition_desk import language_name

    theirs = ", ".join(
        sorted(language_name(code) for code in desk_languages(user) or ())
    )
    return (
        f"Your desk works in {theirs}: stories in {language_name(language)} "
        "are not yours to edit or publish."
    )


def can_publish(user, article=None) -> bool:
    """Schedule, publish and unpublish (the Editor role, or a superuser);
    given a story, only in a language of the user's desk."""
    if not user.has_perm("articles.publish_article"):
        return False
    return article is None or works_in(user, article.language)


def can_edit(user, article) -> bool:
    """Beyond the change permission: writers edit their own stories while
    they are drafts or in review, and working drafts of their own live ones
    (never the live version: see `is_live`); nobody edits a story outside
    their desk's languages."""
    if article is None:
        return True
    if not works_in(user, article.language):
        return False
    if can_publish(user):
        return True
    return article.created_by_id == user.pk and (
        article.status in WRITER_STATUSES or article.status in LIVE_STATUSES
    )


def is_live(article) -> bool:
    """A stored published or scheduled story: its saves are working drafts."""
    return (
        article is not None
        and article.pk is not None
        and article.status in LIVE_STATUSES
    )


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
        *_crud("collection", "slot"),  # fronts
        *_crud("wiresource"), "view_wirepoll",
        "view_wireitem", "change_wireitem",
        "view_publishoverride",  # who published despite the rules, and why
    ],
    # Photos, their credits and the people credited.
    PHOTO_EDITOR: [
        *_crud("image", "credit", "contributor"),
        "view_rendition", "view_article", "view_section", "view_tag",
    ],
}  # fmt: skip


def sync_roles(apps) -> None:
    """Create the groups (again) with exactly these permissions."""
    from django.apps import apps as current
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    # An early migration's resync cannot grant a model made later: the
    # later model's own migration syncs again.
    def names(registry) -> set[str]:
        return {
            m._meta.model_name for m in registry.get_app_config("articles").get_models()
        }

    later = names(current) - names(apps)
    for name, all_codenames in ROLES.items():
        codenames = [c for c in all_codenames if c.split("_", 1)[1] not in later]
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {name}: {sorted(missing)}")
        group.permissions.set(permissions)
