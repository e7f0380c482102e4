"""The common shape of an imported story.

Every importer (text and HTML pages, WordPress WXR, RSS/Atom, IPTC ninjs and
our own JSON Lines export) turns its input into `Story` objects before
anything touches the database, and one writer (`articles.interchange.story_writer`)
persists them. Plain dataclasses, no Django.

A parser reads one file and yields, in order, a `Story` per story, an
`ImageRef` per library photo that belongs to no story (JSON Lines only) and a
`RecordError` per record it could not understand, a `Skipped` per
record that is not a story by design; it raises `StoryError` when
the file as a whole is unusable (not the format, unsafe XML, unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

# Who is credited by name, and the values of Credit.Role and Contributor.Kind:
# shared with the text rules that read bylines and photo credits.
from articles.text.credits import AGENCY as AGENCY
from articles.text.credits import AUTHOR as AUTHOR
from articles.text.credits import CONTRIBUTOR as CONTRIBUTOR
from articles.text.credits import CREATOR as CREATOR
from articles.text.credits import DISTRIBUTOR as DISTRIBUTOR
from articles.text.credits import ORGANISATION as ORGANISATION
from articles.text.credits import PERSON as PERSON
from articles.text.credits import PROVIDER as PROVIDER
from articles.text.credits import CreditRef

# The values of Article.Status.
DRAFT, REVIEW, SCHEDULED, PUBLISHED, ARCHIVED = (
    "draft",
    "review",
    "scheduled",
    "published",
    "archived",
)
STATUSES = (DRAFT, REVIEW, SCHEDULED, PUBLISHED, ARCHIVED)

# A photo placed in `Story.body_html` before it has an id: <img src="story-image:KEY">
# where KEY is a key of `Story.images`; the writer puts the photo's address there.
IMAGE_MARKER = "story-image:"


class StoryError(Exception):
    """A story that cannot be imported, with a one-line reason for the editor."""

    def __init__(self, message: str) -> None:
        # One line whatever the cause: the command prints "<file>: <reason>".
        super().__init__(" ".join(str(message).split()))


@dataclass(kw_only=True)
class RecordError:
    """One record of a file that could not be read; the others go on.
    `record` names it for the editor: 'item 12 (post 1234 "Title")'."""

    record: str
    message: str


@dataclass(kw_only=True)
class Skipped:
    """A record that is deliberately not a story here (a WordPress page or
    menu item, a trashed post, a ninjs event): counted, not an error."""

    record: str
    reason: str


@dataclass(kw_only=True)
class CorrectionRef:
    kind: str
    note: str
    noted_at: datetime


@dataclass(kw_only=True)
class ImageRef:
    """A photo: its words and credits, and its file when there is one.

    `file_path` is a local file to store (checked like an upload). A photo
    whose file was named but not found keeps `missing_file` (the name or
    address looked for): the image is saved with its words, the file is
    reported. Remote addresses are never fetched by a parser."""

    caption: str = ""
    alt_text: str = ""
    headline: str = ""
    credits: list[CreditRef] = field(default_factory=list)
    file_path: Path | None = None
    missing_file: str = ""
    original_filename: str = ""
    date_created: datetime | None = None
    copyright_notice: str = ""
    usage_terms: str = ""
    restrictions: str = ""
    rights_expire_at: datetime | None = None
    focal_x: float = 0.5
    focal_y: float = 0.5
    credit_line_override: str = ""
    # Exports only: the id to keep when restoring, the row's own dates, and
    # the editor's source type label (None: the source says nothing of it).
    id: int | None = None
    editor_label: EditorLabelRef | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # How the record is named in messages.
    record: str = ""


@dataclass(kw_only=True)
class EditorLabelRef:
    """A photo's digital source type as an editor set it ("" for none), why,
    by whom (a username) and when."""

    source_type: str = ""
    reason: str = ""
    set_by: str = ""
    set_at: datetime | None = None


@dataclass(kw_only=True)
class SectionRef:
    name: str
    slug: str = ""
    parent: SectionRef | None = None
    # Exports only: the section's rules at publish by field name (None: the
    # source says nothing of them; a new section gets the defaults).
    rules: dict[str, str | bool] | None = None


@dataclass(kw_only=True)
class TagRef:
    name: str
    slug: str = ""
    # A controlled vocabulary's code with its scheme, as a URI
    # ("http://cv.iptc.org/newscodes/mediatopic/20000002"), when the source
    # gives one (IPTC Media Topics in NewsML-G2, NITF, ninjs).
    uri: str = ""


@dataclass(kw_only=True)
class Story:
    """One story as an importer found it. `source_id` is what identifies it
    across imports: the same source id updates the same article.

    `status` is the source's own state mapped to ours (None: published);
    with --draft every new story is a draft whatever it says. Parsers map anything that was not
    public at the source (drafts, pending, private, password-protected,
    withheld) to a status that is not public here."""

    source_id: str
    headline: str
    body_html: str
    standfirst: str = ""
    section: str | SectionRef | None = None
    tags: list[str | TagRef] = field(default_factory=list)
    credits: list[CreditRef] = field(default_factory=list)
    lead_image: ImageRef | None = None
    lead_image_caption: str = ""
    # Photos placed in the body through IMAGE_MARKER, by key.
    images: dict[str, ImageRef] = field(default_factory=dict)
    published_at: datetime | None = None
    status: str | None = None
    embargo_until: datetime | None = None
    credit_line_override: str = ""
    corrections: list[CorrectionRef] = field(default_factory=list)
    # Exports only: what to keep when restoring.
    id: int | None = None
    slug: str = ""
    first_published_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # How the record is named in messages: 'item 3 (guid "…")'.
    record: str = ""
    # The id an earlier version gave the same source (pages: "page:" + the
    # name without its extension); an article still under it is taken over.
    former_source_id: str = ""
    # Things worth telling the operator that did not stop the story.
    warnings: list[str] = field(default_factory=list)
    # Wire copy (NewsML-G2, NITF, IPTC 7901, ANPA 1312): the agency's
    # version of this item (an older one arriving after a newer one changes
    # nothing), its urgency (1 most urgent to 9, IPTC's scale), slugline and
    # dateline as the agency wrote them, and what the agency signals with
    # this version ("correction", "update").
    version: int | None = None
    urgency: int | None = None
    slugline: str = ""
    dateline: str = ""
    signals: list[str] = field(default_factory=list)
    # Backups only: what search results and shared cards show (empty: the
    # story's own; articles.models.search_social).
    seo_headline: str = ""
    meta_description: str = ""
    social_headline: str = ""
    social_image: ImageRef | None = None
    # Where the text came from, as Article fields (digital_source_type,
    # machine_translated, source_note: articles.models.story_source) when the
    # format says (a backup: all three; ninjs: the source type); None leaves
    # an article's as they are.
    text_source: dict[str, object] | None = None
    # The language tag the source gives ("en-US", "fr"; "" for none): the
    # writer stores one of CMS_LANGUAGES (articles.interchange.story_language).
    language: str = ""
    # A backup's gated edition: not public before this moment (HELD: its
    # source is not live), set as the row is made so that the edition is
    # never public before its gate (articles.interchange.jsonl_editions).
    held_until: datetime | None = None

    def __post_init__(self) -> None:
        if not self.source_id.strip():
            raise StoryError("the story has no source id")
        if not self.headline.strip():
            raise StoryError("the story has no headline")
        if self.status is not None and self.status not in STATUSES:
            raise StoryError(f"unknown status {self.status!r}")
