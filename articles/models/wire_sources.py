"""Wire sources: a watched folder or a feed/API URL that the task worker
polls on an interval (articles/interchange/wire_polling.py), with the state
that drives its backoff, the fingerprints of what it has read, and a short
log of its polls. The wire queue's entries are in wire_queue.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

# import_articles' --format names (articles.interchange.formats.FORMATS),
# written out here: models do not import the interchange package.
FORMAT_CHOICES = [
    ("auto", "Tell from the content"),
    ("newsml", "NewsML-G2"),
    ("nitf", "NITF"),
    ("wire", "IPTC 7901 or ANPA 1312 wire text"),
    ("ninjs", "ninjs"),
    ("feed", "RSS or Atom"),
]
# A source silent for this many of its intervals is reported by /readyz.
SILENT_INTERVALS = 3
# The longest wait between polls of a failing source.
BACKOFF_CAP = timedelta(hours=6)
# Poll results kept per source.
LOG_KEPT = 50


class WireSourceQuerySet(models.QuerySet):
    def due(self, now: datetime) -> WireSourceQuerySet:
        return self.filter(enabled=True).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )

    def silent(self, now: datetime) -> list[WireSource]:
        """Enabled sources with no successful poll for SILENT_INTERVALS of
        their interval (since they were made, when never): their agency has
        gone quiet, or the worker is not polling them. Sources are few: the
        arithmetic is Python's, the same on every database."""
        return [source for source in self.filter(enabled=True) if source.is_silent(now)]


class WireSource(models.Model):
    class Kind(models.TextChoices):
        FOLDER = "folder", "Watched folder"
        URL = "url", "Feed or API URL"

    class Mode(models.TextChoices):
        QUEUE = "queue", "Wire queue (new items are drafts)"
        PUBLISH = "publish", "Publish directly"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.FOLDER)
    location = models.CharField(
        max_length=1000,
        help_text="The folder (inside CMS_WIRE_ROOT) or the http(s) URL to poll.",
    )
    format = models.CharField(max_length=10, choices=FORMAT_CHOICES, default="auto")
    section = models.ForeignKey(
        "articles.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For items that name no section.",
    )
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.QUEUE)
    poll_interval = models.DurationField(
        default=timedelta(minutes=5),
        validators=[MinValueValidator(timedelta(seconds=10))],
        help_text="How often to poll, e.g. 00:05:00.",
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # State, written by the poller only.
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_poll_at = models.DateTimeField(
        null=True, blank=True, editable=False, db_index=True
    )
    # What was read: a folder's files by name, [size, mtime_ns, sha256]; a
    # URL's {"etag", "last_modified", "sha256"}. Unchanged files are not read.
    seen = models.JSONField(default=dict, blank=True, editable=False)

    objects = WireSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.URL:
            if not self.location.startswith(("http://", "https://")):
                raise ValidationError({"location": "An http:// or https:// URL."})
            from articles.publishing.outbound import UnsafeDestination, check_url

            try:
                check_url(self.location)
            except UnsafeDestination as error:
                raise ValidationError({"location": str(error)}) from error
        else:
            try:
                self.folder()
            except ValueError as error:
                raise ValidationError({"location": str(error)}) from error

    def folder(self) -> Path:
        """The watched folder, resolved; ValueError outside CMS_WIRE_ROOT
        (editors type this path: no reading the server's other files)."""
        root = Path(settings.CMS_WIRE_ROOT).resolve()
        path = (root / self.location).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"The folder must be inside CMS_WIRE_ROOT ({root}).")
        return path

    def is_silent(self, now: datetime) -> bool:
        heard = self.last_success_at or self.created_at
        return now - heard > self.poll_interval * SILENT_INTERVALS

    def wait_after_failure(self) -> timedelta:
        """The interval, doubled for each failure in a row, at most BACKOFF_CAP."""
        doubled = self.poll_interval * 2 ** min(self.consecutive_failures, 20)
        return min(doubled, max(BACKOFF_CAP, self.poll_interval))


class WirePoll(models.Model):
    """One poll of a source: what it found, or why it failed."""

    source = models.ForeignKey(
        WireSource, on_delete=models.CASCADE, related_name="polls"
    )
    polled_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    files_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # The source's failure (the poll failed), or the items' refusals.
    error = models.TextField(blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-polled_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} at {self.polled_at:%Y-%m-%d %H:%M:%S}"
