from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.admin.credits import ArticleCreditInline, with_credits
from articles.admin.display import (
    ADMIN_CSS,
    ARTICLE_LIST_CSS,
    DRAFTS_CSS,
    STORY_ACTIONS_CSS,
    STORY_ACTIONS_JS,
    WIDE_TEXT_INPUTS,
    last_change,
    preview,
    status_badge,
    story_links,
    thumbnail,
)
from articles.admin.drafts import WorkingDraftAdmin, WorkingDraftFilter
from articles.admin.edit_sessions import (
    EDIT_SESSION_CSS,
    EDIT_SESSION_JS,
    EditSessionAdmin,
)
from articles.admin.editions import EDITIONS_CSS, EditionsAdmin, edition_badges
from articles.admin.history import CHANGES_CSS, ReadableHistoryAdmin
from articles.admin.language_desks import LanguageDeskAdmin, desk_badge
from articles.admin.provenance import PROVENANCE_CSS
from articles.admin.related import RelatedStoryInline
from articles.admin.search_social import (
    SEARCH_AND_SOCIAL_FIELDSET,
    SEARCH_SOCIAL_CSS,
    SEARCH_SOCIAL_JS,
    SearchAndSocialAdmin,
)
from articles.admin.story_action_views import StoryActionsAdmin
from articles.admin.story_form import SIDE, STORY_FORM_CSS, STORY_FORM_JS
from articles.admin.story_parts import (
    TEXT_SOURCE_FIELDSET,
    ByAuthorFilter,
    CorrectionInline,
    SectionFilter,
    change_each,
    count_articles,
    text_source_badges,
)
from articles.admin.wire_links import WireLinksAdmin
from articles.admin.workflow import (
    LIVE_STORY_FIELDS,
    PUBLISHING_FIELDS,
    WRITER_STATUSES,
    ArticleForm,
    can_edit,
    can_publish,
    is_live,
)
from articles.models import Article, ArticleDraft, Correction

# What the body editor offers; the stored HTML is cleaned by the one
# allowlist (articles.text.sanitize) whatever the editor sends.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "HorizontalRule": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    "History": True,
}


@admin.register(Article)
class ArticleAdmin(
    WireLinksAdmin,
    LanguageDeskAdmin,
    EditionsAdmin,
    EditSessionAdmin,
    StoryActionsAdmin,
    WorkingDraftAdmin,
    ReadableHistoryAdmin,
    SearchAndSocialAdmin,
):
    form = ArticleForm
    # Readable at 1280 px (ARTICLE_LIST_CSS): the photo, then the headline
    # (the link), and what an editor scans for.
    list_display = [
        "lead_image_thumbnail",
        "headline",
        "section",
        "byline",
        "status_badge",
        "last_change",
    ]
    list_display_links = ["headline"]
    list_filter = [
        "status",
        WorkingDraftFilter,
        ("section", SectionFilter),
        ByAuthorFilter,
        "published_at",
        "tags",
    ]
    ordering = ["-updated_at"]
    # Section names include their parent's (and grandparent's), so load them
    # with the row; deeper nesting would cost a query per row.
    list_select_related = ["section__parent__parent", "lead_image", "updated_by"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "standfirst", "body", "slug", "source_id"]
    prepopulated_fields = {"slug": ["headline"]}
    formfield_overrides = WIDE_TEXT_INPUTS
    raw_id_fields = ["lead_image"]
    autocomplete_fields = ["section", "tags"]
    readonly_fields = [
        "credit_line",
        "lead_image_preview",
        "search_and_social_preview",
        "is_published",
        "first_published_at",
        "created_at",
        "updated_at",
        "links",
        # What the agency said (issue 19): read, not edited.
        "slugline",
        "dateline",
        "urgency",
        "source_version",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        # SIDE: the side panel (articles/admin/story_form.py).
        ("Filing", {"classes": [SIDE], "fields": ["section", "tags", "credit_line"]}),
        TEXT_SOURCE_FIELDSET,
        (
            "Lead image",
            {
                "classes": [SIDE],
                "description": "Choose a photo from the library, or upload one, "
                "with Choose a photo….",
                "fields": ["lead_image", "lead_image_preview", "lead_image_caption"],
            },
        ),
        (
            "Publishing",
            {
                "classes": [SIDE],
                "description": "Writers save drafts and submit them for review; "
                "editors publish, schedule (a time still to come, then "
                "Schedule) and unpublish with the buttons below the form. An "
                "embargo keeps any story private until it lifts.",
                "fields": [
                    "status",
                    "published_at",
                    "embargo_until",
                    "is_published",
                    "first_published_at",
                    ("created_at", "updated_at"),
                    "links",
                    "opened_revision",
                    "opened_draft",
                ],
            },
        ),
        SEARCH_AND_SOCIAL_FIELDSET,
        (
            "Import and credits override",
            {"classes": ["collapse"], "fields": ["source_id", "credit_line_override"]},
        ),
        (
            "Wire",
            {
                "classes": ["collapse"],
                "fields": [("slugline", "urgency"), "dateline", "source_version"],
            },
        ),
    ]
    inlines = [ArticleCreditInline, CorrectionInline, RelatedStoryInline]
    actions = ["publish_selected", "unpublish_selected"]
    history_latest_first = True

    class Media:
        css = {
            "all": [
                ADMIN_CSS,
                DRAFTS_CSS,
                STORY_ACTIONS_CSS,
                STORY_FORM_CSS,
                EDIT_SESSION_CSS,
                ARTICLE_LIST_CSS,
                CHANGES_CSS,
                SEARCH_SOCIAL_CSS,
                PROVENANCE_CSS,
                EDITIONS_CSS,
            ]
        }
        js = [STORY_ACTIONS_JS, STORY_FORM_JS, EDIT_SESSION_JS, SEARCH_SOCIAL_JS]

    # Permissions: every path (forms, actions, URLs typed by hand) asks these.

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_edit(
            request.user, obj
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.article_before_revert = self._state_before_revert(unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        from reversion.models import Version

        version = Version.objects.filter(pk=version_id).first()
        object_id = version.object_id if version else None
        request.article_before_revert = self._state_before_revert(object_id)
        return super().recover_view(request, version_id, extra_context)

    def _state_before_revert(self, object_id) -> tuple:
        return Article(pk=object_id).saved_state() or (0, None, timezone.now())

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        before = getattr(request, "article_before_revert", None)
        if before is not None:
            form = type(form.__name__, (form,), {"before_revert": before})
        return form

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += LIVE_STORY_FIELDS if is_live(obj) else PUBLISHING_FIELDS
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            return ProseEditorFormField(
                config={"extensions": BODY_EDITOR_EXTENSIONS},
                widget=AdminProseEditorWidget,
                required=False,
                help_text="Paragraphs, headings, lists, quotes, links, bold and "
                "italic. To place a photo, use the toolbar's Photo button: search "
                "the library or upload one. "
                "Cleaned on save: pasted scripts, styles and event handlers go.",
            )
        if db_field.name in ("lead_image", "social_image"):
            # The photo chooser, and no photo whose rights have expired.
            from articles.admin.lead_photo import lead_photo_formfield

            return lead_photo_formfield(db_field, self.admin_site, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # The action buttons set it (articles.admin.story_actions); the
            # field carries the stored status, checked against the role.
            kwargs["widget"] = forms.HiddenInput
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [
                (s.value, s.label) for s in Article.Status if s in WRITER_STATUSES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction) and instance.created_by_id is None:
                instance.created_by = request.user
        formset.save_m2m()
        for instance in instances:
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()

    @admin.display(description="Status", ordering="status")
    def status_badge(self, article: Article) -> SafeString:
        badges = status_badge(article) + text_source_badges(article)
        return badges + edition_badges(article) + desk_badge(article)

    @admin.display(description="Links")
    def links(self, article: Article) -> SafeString:
        if article.pk is None:
            return self.get_empty_value_display()
        return story_links(article)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The credit-line column reads every row's credits and contributors;
        # the status column whether a working draft waits (None: none).
        drafts = ArticleDraft.objects.filter(article=OuterRef("pk"))
        return with_credits(super().get_queryset(request)).annotate(
            pending_draft=Subquery(drafts.values("submitted_for_review")[:1]),
            draft_publish_at=Subquery(drafts.values("publish_at")[:1]),
        )

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        article = self.get_object(request, object_id)
        self.story_action_post(request, article)
        if response := self.working_draft_post(request, article):
            return response
        image = article.lead_image if article is not None else None
        if request.method == "GET" and image is not None and image.rights_expired():
            when = timezone.localtime(image.rights_expire_at).strftime("%Y-%m-%d %H:%M")
            messages.warning(
                request,
                f"The lead image's rights expired on {when}; readers see this "
                "story without it.",
            )
        return super().change_view(request, object_id, *args, **kwargs)

    @admin.display(description="Credit line")
    def credit_line(self, article: Article) -> str:
        return article.credit_line

    @admin.display(description="Byline")
    def byline(self, article: Article) -> str:
        return article.credit_line or self.get_empty_value_display()

    @admin.display(description="Last change", ordering="updated_at")
    def last_change(self, article: Article) -> SafeString:
        return last_change(article)

    @admin.display(description="Lead image")
    def lead_image_thumbnail(self, article: Article) -> SafeString | None:
        image = article.lead_image  # select_related: no query per row
        if image is not None and image.rights_expired():
            return format_html(
                "{}<br><strong>Rights expired</strong>",
                thumbnail(image) or "",
            )
        return thumbnail(image)

    @admin.display(description="Preview")
    def lead_image_preview(self, article: Article) -> SafeString:
        # Read-only fields show None as "None", unlike changelist columns.
        return preview(article.lead_image) or self.get_empty_value_display()

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published, skipped = change_each(
            request, queryset, Article.publish, skip=Article.is_published
        )
        message = f"Published {count_articles(published)}."
        if skipped:
            message += f" {count_articles(skipped)} already public, left as they were."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        # Drafts and archived stories are already off the public surfaces;
        # unpublishing an archived one would turn it into a draft.
        unpublished, skipped = change_each(
            request,
            queryset,
            Article.unpublish,
            skip=lambda article: article.status not in Article.LIVE_STATUSES,
        )
        message = f"Unpublished {count_articles(unpublished)}; they are drafts now."
        if skipped:
            message += f" {count_articles(skipped)} not published, left as they were."
        self.message_user(request, message, messages.SUCCESS)
