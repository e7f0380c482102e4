"""The common shape of an imported story.

Every importer (text and HTML pages now; WordPress, RSS, ninjs later) turns its
input into a `Story` before anything touches the database, and one writer
(`articles.importers.writer`) persists it. Plain dataclasses, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Plain strings, the values of Credit.Role and Contributor.Kind, so this module
# stays free of Django models. Wrong values are refused by the database.
AUTHOR, CONTRIBUTOR = "author", "contributor"
CREATOR, PROVIDER, DISTRIBUTOR = "creator", "provider", "distributor"
PERSON, ORGANISATION, AGENCY = "person", "organisation", "agency"


class StoryError(Exception):
    """A story that cannot be imported, with a one-line reason for the editor."""

    def __init__(self, message: str) -> None:
        # One line whatever the cause: the command prints "<file>: <reason>".
        super().__init__(" ".join(str(message).split()))


@dataclass(kw_only=True)
class CreditRef:
    """Someone credited by name. `kind` None lets the contributor lookup decide
    (known agencies become agencies, anyone else a person)."""

    name: str
    role: str
    kind: str | None = None


@dataclass(kw_only=True)
class ImageRef:
    """A photo known only by its caption and credits (no file)."""

    caption: str
    alt_text: str = ""
    credits: list[CreditRef] = field(default_factory=list)


@dataclass(kw_only=True)
class Story:
    """One story as an importer found it. `source_id` is what identifies it
    across imports: the same source id updates the same article."""

    source_id: str
    headline: str
    body_html: str
    standfirst: str = ""
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    credits: list[CreditRef] = field(default_factory=list)
    lead_image: ImageRef | None = None
    published_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.source_id.strip():
            raise StoryError("the story has no source id")
        if not self.headline.strip():
            raise StoryError("the story has no headline")
