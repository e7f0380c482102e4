"""The editors' admin, one module per part of the content model. Importing
the modules registers their ModelAdmins."""

from articles.admin import (
    articles,
    dashboard,
    images,
    people,
    records,
    taxonomy,
    webhooks,
)

__all__ = [
    "articles",
    "dashboard",
    "images",
    "people",
    "records",
    "taxonomy",
    "webhooks",
]
