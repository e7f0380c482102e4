"""The content model, split by concern; import from `articles.models`.

Low-level modules (taxonomy, contributors, images) do not import high-level
ones (articles, credits) at module level.
"""

from articles.models.api_tokens import ApiToken, IdempotentResponse
from articles.models.articles import Article, ArticleQuerySet, EditConflict
from articles.models.cdn import PendingPurge
from articles.models.collections import Collection, CollectionQuerySet, Slot
from articles.models.content_version import ContentVersion
from articles.models.contributors import Contributor, ContributorQuerySet
from articles.models.corrections import Correction
from articles.models.credits import Credit
from articles.models.desks import DeskLanguage
from articles.models.documents import ArticleDocument
from articles.models.drafts import ArticleDraft
from articles.models.edit_sessions import Autosave, EditLock
from articles.models.editions import EditionGroup
from articles.models.front_events import CollectionEvent
from articles.models.images import Image, ImageQuerySet
from articles.models.provenance import SourceType, TrustBundle
from articles.models.publish_rules import PublishOverride, PublishRefused
from articles.models.related import RelatedStory
from articles.models.renditions import Rendition
from articles.models.taxonomy import Section, Tag, TagQuerySet
from articles.models.webhooks import ArticleEvent, WebhookDelivery, WebhookEndpoint
from articles.models.wire_queue import WireItem
from articles.models.wire_sources import WirePoll, WireSource
from articles.models.withdrawals import Withdrawal

__all__ = [
    "ApiToken",
    "Article",
    "ArticleDocument",
    "ArticleDraft",
    "ArticleEvent",
    "ArticleQuerySet",
    "Autosave",
    "Collection",
    "CollectionEvent",
    "CollectionQuerySet",
    "ContentVersion",
    "EditConflict",
    "EditionGroup",
    "EditLock",
    "Contributor",
    "Correction",
    "ContributorQuerySet",
    "Credit",
    "DeskLanguage",
    "IdempotentResponse",
    "Image",
    "ImageQuerySet",
    "PendingPurge",
    "PublishOverride",
    "PublishRefused",
    "RelatedStory",
    "Rendition",
    "Section",
    "Slot",
    "Tag",
    "TagQuerySet",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WireItem",
    "WirePoll",
    "WireSource",
    "SourceType",
    "TrustBundle",
    "Withdrawal",
]
