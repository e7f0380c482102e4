"""The editors' admin, one module per part of the content model. Importing
the modules registers their ModelAdmins."""

from articles.admin import (
    api_tokens,
    articles,
    collections,
    dashboard,
    images,
    people,
    records,
    taxonomy,
    webhooks,
    wire_queue,
    wire_sources,
)

__all__ = [
    "api_tokens",
    "articles",
    "collections",
    "dashboard",
    "images",
    "people",
    "records",
    "taxonomy",
    "webhooks",
    "wire_queue",
    "wire_sources",
]
