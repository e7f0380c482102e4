from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Field, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.admin.credits import ArticleCreditInline, with_credits
from articles.admin.display import (
    ADMIN_CSS,
    DRAFTS_CSS,
    WIDE_TEXT_INPUTS,
    preview,
    status_badge,
    thumbnail,
)
from articles.admin.drafts import WorkingDraftAdmin, WorkingDraftFilter
from articles.admin.history import ReadableHistoryAdmin
from articles.admin.workflow import (
    LIVE_STORY_FIELDS,
    PUBLISHING_FIELDS,
    WRITER_STATUSES,
    ArticleForm,
    can_edit,
    can_publish,
    is_live,
)
from articles.delivery.preview import preview_urls
from articles.models import Article, ArticleDraft, Correction, Section

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


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


def _change_each(
    request: HttpRequest,
    articles: QuerySet[Article],
    change: Callable[[Article], object],
    *,
    skip: Callable[[Article], bool],
) -> tuple[int, int]:
    """`change` each of `articles` that `skip` leaves, as the requesting user:
    how many were changed, and how many skipped."""
    changed = skipped = 0
    for article in articles:
        if skip(article):
            skipped += 1
            continue
        article.updated_by = request.user
        change(article)
        changed += 1
    return changed, skipped


class SectionFilter(admin.RelatedFieldListFilter):
    """Section choices with their parents loaded in the same query; the
    default filter reads each section's parent (for its name) separately."""

    def field_choices(
        self, field: Field, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[int, str]]:
        sections = Section.objects.select_related("parent__parent")
        return sorted(((s.pk, str(s)) for s in sections), key=lambda c: c[1])


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "noted_at", "note"]
    verbose_name_plural = "Corrections and updates (shown to readers with the story)"

    def _editable(self, request, obj) -> bool:
        return can_publish(request.user) and can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(
            request, obj
        )


class ByAuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "byline"

    def lookups(self, request, model_admin):
        from articles.models import Contributor

        authors = Contributor.objects.filter(credits__role="author").distinct()
        return [(c.slug, c.name) for c in authors.order_by("name")[:200]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                credits__role="author", credits__contributor__slug=self.value()
            ).distinct()
        return queryset


@admin.register(Article)
class ArticleAdmin(WorkingDraftAdmin, ReadableHistoryAdmin):
    form = ArticleForm
    list_display = [
        "headline",
        "section",
        "status_badge",
        "is_published",
        "published_at",
        "credit_line",
        "lead_image_thumbnail",
    ]
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
    list_select_related = ["section__parent__parent", "lead_image"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "standfirst", "body", "slug", "source_id"]
    prepopulated_fields = {"slug": ["headline"]}
    formfield_overrides = WIDE_TEXT_INPUTS
    raw_id_fields = ["lead_image"]
    autocomplete_fields = ["section", "tags"]
    readonly_fields = [
        "credit_line",
        "lead_image_preview",
        "is_published",
        "first_published_at",
        "created_at",
        "updated_at",
        "links",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Filing", {"fields": ["section", "tags", "credit_line"]}),
        (
            "Lead image",
            {
                "description": "Pick a photo from the library with the magnifier; "
                "upload new photos under Images first.",
                "fields": ["lead_image", "lead_image_preview", "lead_image_caption"],
            },
        ),
        (
            "Publishing",
            {
                "description": "Writers save drafts and submit them for review; "
                "editors schedule (status Scheduled and a time), publish and "
                "unpublish. An embargo keeps any story private until it lifts.",
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
        (
            "Import and credits override",
            {"classes": ["collapse"], "fields": ["source_id", "credit_line_override"]},
        ),
    ]
    inlines = [ArticleCreditInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]
    history_latest_first = True

    class Media:
        css = {"all": [ADMIN_CSS, DRAFTS_CSS]}

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
                "italic. To place a photo, copy the “Place in a story” address "
                "from its page under Images and paste it in the image dialog. "
                "Cleaned on save: pasted scripts, styles and event handlers go.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
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
        return status_badge(article)

    @admin.display(description="Links")
    def links(self, article: Article) -> SafeString:
        if article.pk is None:
            return self.get_empty_value_display()
        if article.is_published():
            api = reverse("api:article-detail", kwargs={"slug": article.slug})
            return format_html('<a href="{}" target="_blank">View in API</a>', api)
        urls = preview_urls(article)
        frontend = (
            format_html(
                ' · <a href="{}" target="_blank">Preview on the website</a>',
                urls.frontend,
            )
            if urls.frontend
            else ""
        )
        return format_html(
            '<a href="{}" target="_blank">Preview (API)</a>{} '
            "<br><small>Valid until {}; anyone with the link can read this draft."
            "</small>",
            urls.api,
            frontend,
            timezone.localtime(urls.expires_at).strftime("%Y-%m-%d %H:%M"),
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The credit-line column reads every row's credits and contributors;
        # the status column whether a working draft waits (None: none).
        drafts = ArticleDraft.objects.filter(article=OuterRef("pk"))
        return with_credits(super().get_queryset(request)).annotate(
            pending_draft=Subquery(drafts.values("submitted_for_review")[:1])
        )

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        article = self.get_object(request, object_id)
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
        published, skipped = _change_each(
            request, queryset, Article.publish, skip=Article.is_published
        )
        message = f"Published {_articles(published)}."
        if skipped:
            message += f" {_articles(skipped)} already public, left as they were."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        # Drafts and archived stories are already off the public surfaces;
        # unpublishing an archived one would turn it into a draft.
        unpublished, skipped = _change_each(
            request,
            queryset,
            Article.unpublish,
            skip=lambda article: article.status not in Article.LIVE_STATUSES,
        )
        message = f"Unpublished {_articles(unpublished)}; they are drafts now."
        if skipped:
            message += f" {_articles(skipped)} not published, left as they were."
        self.message_user(request, message, messages.SUCCESS)
