"""Language editions in the story admin (issue 23; the models' side is
articles.models.edition_desk): the story's language as a choice of the
newsroom's languages, an "Editions" part in the side panel listing the
group's other editions with a link to make each missing one, the page
that makes it, the stale notice with what changed in the source and "Mark
as up to date", a "Stale" badge in the list, and credits and corrections
shared with the group's other editions when they are saved here."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.admin.display import status_badge
from articles.admin.drafts import writes_story
from articles.admin.history import changes
from articles.admin.story_form import SIDE
from articles.models import Article, Correction, Credit
from articles.models.edition_desk import MADE_RELATIONS, language_name
from articles.models.editions import default_language, languages
from articles.roles import works_in

EDITIONS_CSS = "articles/admin/editions.css"
# Words marked in the stale diff, the headline's too.
TEXT_FIELDS = (models.CharField, models.TextField)
EDITION_FIELDS = ["edition_relation", "edition_gate", "gate_delay_minutes"]
RELATION_HELP = {
    "translation": "The same story in another language: the text is copied "
    "for the desk to translate, and kept in step with this one.",
    "adaptation": "Rewritten for another readership: the text is copied to "
    "start from, and changes here are shown there to consider.",
    "independent": "Its own story on the same news: an empty text, the same "
    "photos, credits and section; not kept in step.",
}


def change_url(pk: int) -> str:
    return reverse("admin:articles_article_change", args=[pk])


def edition_badges(article: Article) -> SafeString:
    """The language and, for a stale edition, "Stale", after the list's
    status (read from the row's annotations: no query)."""
    stale = stale_badge(article)
    if len(languages()) < 2:
        return stale
    return format_html(
        ' <span class="edition-language-badge" title="{}">{}</span>{}',
        language_name(article.language),
        article.language.upper(),
        stale,
    )


class StaleFilter(admin.SimpleListFilter):
    title = "editions"
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        return [("stale", "Stale editions")]

    def queryset(self, request, queryset):
        return queryset.stale() if self.value() == "stale" else queryset


class LanguageFilter(admin.SimpleListFilter):
    title = "language"
    parameter_name = "language__exact"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in languages()]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class EditionChecks:
    """Mixed into the story form: one edition per language in a group."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("language") and "language" not in self.errors:
            # Not sent (older clients, scripts): the story keeps its own.
            cleaned["language"] = self.instance.language or default_language()
        language = cleaned.get("language")
        if language and self.instance.pk is not None:
            taken = self.instance.other_editions().filter(language=language).first()
            if taken is not None:
                self.add_error(
                    "language",
                    f"The {language_name(language)} edition of this story is "
                    f"“{taken.headline}”: one edition per language.",
                )
        return cleaned


class EditionsAdmin:
    """Mixed into ArticleAdmin, before its ModelAdmin bases."""

    # The form ------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fields = ["language"]
        if obj is not None and obj.pk is not None:
            fields.append("editions")
            if obj.edition_source_id is not None:
                fields += EDITION_FIELDS
        part = (
            "Editions",
            {
                "classes": [SIDE],
                "description": "This story in the newsroom's other languages. "
                "Each edition is a story of its own, with its own status and "
                "time; photos, credits and corrections are shared.",
                "fields": fields,
            },
        )
        fieldsets = list(super().get_fieldsets(request, obj))
        after = next(
            (i + 1 for i, (name, _) in enumerate(fieldsets) if name == "Filing"),
            len(fieldsets),
        )
        return [*fieldsets[:after], part, *fieldsets[after:]]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "editions"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (EditionChecks, form), {})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            codes = languages()
            return forms.ChoiceField(
                choices=[(code, f"{language_name(code)} ({code})") for code in codes],
                initial=default_language(),
                required=False,
                label="Language",
                help_text="The language of this edition; its address is unique "
                "in its language.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Editions")
    def editions(self, article: Article) -> SafeString:
        if article.pk is None:
            return format_html("{}", "Save the story first.")
        others = list(
            article.other_editions()
            .with_source_revision()
            .select_related("edition_source")
            .order_by("language")
        )
        this = ""
        if article.edition_source_id is not None:
            source = article.edition_source
            this = format_html(
                '<p class="edition-this">This edition: {} of <a href="{}">the {} '
                "edition</a>.</p>",
                article.get_edition_relation_display(),
                change_url(source.pk),
                source.language_name,
            )
        listed = format_html_join(
            "",
            '<li><span class="edition-language">{}</span> <a href="{}">{}</a> '
            '<span class="edition-relation">{}</span> {}</li>',
            (
                (
                    other.language_name,
                    change_url(other.pk),
                    other.headline,
                    relation_note(other, article),
                    status_badge(other) + stale_badge(other),
                )
                for other in others
            ),
        )
        missing = article.missing_languages([o.language for o in others])
        make = format_html_join(
            " ",
            '<a class="edition-make" href="{}?language={}">Make the {} edition</a>',
            (
                (self.make_edition_url(article), code, language_name(code))
                for code in missing
            ),
        )
        return format_html(
            "{}{}{}",
            this,
            format_html('<ul class="edition-list">{}</ul>', listed) if others else "",
            format_html('<p class="edition-makes">{}</p>', make) if missing else "",
        )

    # The list ------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        # The source's revision with each row: the "Stale" badge, no query.
        return super().get_queryset(request).with_source_revision()

    def get_list_filter(self, request: HttpRequest):
        filters = list(super().get_list_filter(request))
        if len(languages()) > 1:
            filters[1:1] = [LanguageFilter, StaleFilter]
        return filters

    # Credits and corrections shared --------------------------------------

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        article = form.instance
        if article.edition_group_id is None:
            return
        if change and getattr(form, "drafting", False) and not writes_story(request):
            return  # a working draft: credits and corrections were not saved
        for formset in formsets:
            if formset.model is Credit and formset.has_changed():
                shared = article.share_credits(user=request.user)
                say_shared(request, shared, "Credits corrected on the {} too.")
            if formset.model is Correction:
                for correction in getattr(formset, "new_objects", []):
                    shared = article.share_correction(correction, user=request.user)
                    kind = correction.get_kind_display().lower()
                    say_shared(
                        request,
                        shared,
                        f"The {kind} is noted on the {{}} too, in these words: "
                        "the desk translates it there.",
                    )

    # The page ------------------------------------------------------------

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk is not None:
            context.update(stale_context(obj, self.up_to_date_url(obj)))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/editions/make/",
                self.admin_site.admin_view(self.make_edition_view),
                name=f"{name}_make_edition",
            ),
            path(
                "<path:object_id>/editions/up-to-date/",
                self.admin_site.admin_view(self.up_to_date_view),
                name=f"{name}_edition_up_to_date",
            ),
            *super().get_urls(),
        ]

    def make_edition_url(self, article: Article) -> str:
        return reverse("admin:articles_article_make_edition", args=[article.pk])

    def up_to_date_url(self, article: Article) -> str:
        return reverse("admin:articles_article_edition_up_to_date", args=[article.pk])

    def make_edition_view(self, request: HttpRequest, object_id: str):
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404
        language = request.POST.get("language") or request.GET.get("language", "")
        if language not in source.missing_languages():
            messages.error(
                request, "That edition exists already or is not one of ours."
            )
            return HttpResponseRedirect(change_url(source.pk))
        allowed = self.has_view_permission(request, source) and self.has_add_permission(
            request
        )
        if not allowed or not works_in(request.user, language):
            raise PermissionDenied
        if request.method == "POST":
            try:
                edition = source.make_edition(
                    language, request.POST.get("relation", ""), user=request.user
                )
            except ValidationError as refused:
                messages.error(request, " ".join(refused.messages))
                return HttpResponseRedirect(request.get_full_path())
            messages.success(
                request,
                f"Made the {edition.language_name} edition as a draft "
                f"({edition.get_edition_relation_display().lower()}). It is not "
                "public until it is published.",
            )
            return HttpResponseRedirect(change_url(edition.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": source,
            "title": f"Make the {language_name(language)} edition",
            "language": language,
            "language_name": language_name(language),
            "relations": [
                (value, Article.Relation(value).label, RELATION_HELP[value])
                for value in MADE_RELATIONS
            ],
        }
        return TemplateResponse(
            request, "admin/articles/article/make_edition.html", context
        )

    def up_to_date_view(self, request: HttpRequest, object_id: str):
        if request.method != "POST":
            raise Http404
        edition = self.get_object(request, unquote(object_id))
        if edition is None or edition.edition_source_id is None:
            raise Http404
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        try:
            revision = int(request.POST.get("up_to_date_revision", ""))
        except ValueError:
            revision = None
        edition.mark_up_to_date(revision, user=request.user)
        messages.success(
            request,
            f"Marked as up to date with the {edition.edition_source.language_name} "
            "edition.",
        )
        return HttpResponseRedirect(change_url(edition.pk))


def say_shared(request: HttpRequest, editions: list, message: str) -> None:
    if editions:
        names = " and ".join(f"{e.language_name} edition" for e in editions)
        messages.info(request, message.format(names))


def relation_note(other: Article, this: Article) -> str:
    if other.edition_source_id is None:
        return "original"
    label = other.get_edition_relation_display().lower()
    if other.edition_source_id == this.pk:
        return f"{label} of this one"
    return f"{label} of the {other.edition_source.language_name}"


def stale_badge(article: Article) -> SafeString:
    if not article.is_stale:
        return SafeString("")
    return format_html(
        ' <span class="status-badge edition-stale-badge" title="{}">Stale</span>',
        "Its source has changed since it was made or brought up to date.",
    )


def stale_context(edition: Article, up_to_date_url: str) -> dict:
    """The stale notice: what changed in the source since the revision the
    edition follows, field by field, the body block by block."""
    context = {"corrections_to_translate": edition.corrections_to_translate().count()}
    if not edition.is_stale:
        return context
    source = edition.edition_source
    followed = [Article._meta.get_field(name) for name in Article.FOLLOWED_FIELDS]
    now = {field.attname: getattr(source, field.attname) for field in followed}
    then = edition.source_state_made_from()
    context.update(
        edition_stale=True,
        edition_source=source,
        edition_stale_unknown=then is None,
        edition_stale_rows=(
            changes(Article, {key: then.get(key) for key in now}, now, TEXT_FIELDS)
            if then is not None
            else []
        ),
        edition_up_to_date_url=up_to_date_url,
    )
    return context
