"""Who may do what to a story in the admin, and the guard against lost
edits. Permissions say what a role may touch at all (articles.roles); these
rules add what they cannot say: a writer works on their own drafts only, and
only editors set times, schedule, publish or unpublish."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from articles.models import Article

WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)
# Fields only those who may publish can set.
PUBLISHING_FIELDS = ("published_at", "embargo_until")


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


def can_edit(user, article: Article | None) -> bool:
    """Beyond the change permission: writers edit their own stories while
    they are drafts or in review, nothing else."""
    if article is None or can_publish(user):
        return True
    return article.created_by_id == user.pk and article.status in WRITER_STATUSES


class ArticleForm(forms.ModelForm):
    """Carries the revision the editor opened, so that a save over someone
    else's later save is refused with the editor's text still on screen."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # On the revert and recover pages (django-reversion) the old version is
    # already written, raw, when the form is made: the state to compare with
    # is the one before it (ArticleAdmin sets this per request).
    before_revert: tuple | None = None

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 (the admin picks them from its fieldsets)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_revision"].initial = (
            self.before_revert[0] if self.before_revert else self.instance.revision
        )

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_revision")
        if self.instance.pk is not None and opened is not None:
            state = self.before_revert or self.instance.saved_state()
            conflict = self.instance.conflict(opened, state)
            if self.before_revert and conflict is None:
                # Carry the number on from before the revert, never back.
                Article.objects.filter(pk=self.instance.pk).update(revision=opened)
            self.instance.revision = opened
            if conflict:
                raise ValidationError(
                    f"{conflict} Your version is still in the form below: copy "
                    "what you need, open the story again in a new tab to see "
                    "theirs, and merge.",
                    code="edit_conflict",
                )
        status = cleaned.get("status")
        if status == Article.Status.SCHEDULED and not cleaned.get("published_at"):
            self.add_error("published_at", "A scheduled story needs its time.")
        return cleaned
