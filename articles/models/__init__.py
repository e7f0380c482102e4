"""The content model, split by concern; import from `articles.models`.

Low-level modules (taxonomy, contributors, images) do not import high-level
ones (articles, credits) at module level.
"""

from articles.models.articles import Article, ArticleQuerySet, EditConflict
from articles.models.cdn import PendingPurge
from articles.models.content_version import ContentVersion
from articles.models.contributors import Contributor, ContributorQuerySet
from articles.models.corrections import Correction
from articles.models.credits import Credit
from articles.models.documents import ArticleDocument
from articles.models.drafts import ArticleDraft
from articles.models.images import Image, ImageQuerySet
from articles.models.renditions import Rendition
from articles.models.taxonomy import Section, Tag, TagQuerySet
from articles.models.webhooks import ArticleEvent, WebhookDelivery, WebhookEndpoint
from articles.models.withdrawals import Withdrawal

__all__ = [
    "Article",
    "ArticleDocument",
    "ArticleDraft",
    "ArticleEvent",
    "ArticleQuerySet",
    "ContentVersion",
    "EditConflict",
    "Contributor",
    "Correction",
    "ContributorQuerySet",
    "Credit",
    "Image",
    "ImageQuerySet",
    "PendingPurge",
    "Rendition",
    "Section",
    "Tag",
    "TagQuerySet",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Withdrawal",
]
