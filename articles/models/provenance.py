"""Where a photo comes from (issue 22): what its file says (XMP digital
source type, PLUS data-mining terms, C2PA content credentials), an editor's
correction, and the one label readers see; the trust anchors that decide
whether credentials are "trusted".

The file is read when the image describes a new file (Image.save), the one
path every upload and import takes; nothing read here ever refuses a photo.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import models

from articles.imaging.c2pa_read import (
    NONE,
    STATES,
    TRUSTED,
    VALID,
    credentials_source_type,
    may_have_manifest,
    read_credentials,
)
from articles.imaging.provenance_xmp import read_xmp_provenance
from articles.imaging.source_types import (
    LABEL_NAMES,
    ai_label,
    is_known_source_type,
    source_type_name,
)

PEM_CERTIFICATE = re.compile(
    r"-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----"
)
EDITOR, C2PA, XMP = "editor", "c2pa", "xmp"
CREDENTIAL_STATES = STATES  # none, valid, trusted, invalid, remote


class TrustBundleQuerySet(models.QuerySet):
    def current(self) -> TrustBundle | None:
        """The bundle in force: the newest imported."""
        return self.order_by("-imported_at", "-pk").first()


class TrustBundle(models.Model):
    """Trust anchors (PEM root certificates) against which credentials are
    "trusted"; without a bundle, valid credentials are only ever "valid"."""

    pem = models.TextField(help_text="The anchors, PEM certificates one after another.")
    certificate_count = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    source_name = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = TrustBundleQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.certificate_count} anchors from {self.source_name or 'PEM'}"

    @classmethod
    def from_pem(cls, text: str, source_name: str = "") -> TrustBundle:
        """An unsaved bundle of the certificates in `text`; ValueError when it
        holds none."""
        certificates = PEM_CERTIFICATE.findall(text)
        if not certificates:
            raise ValueError("no PEM certificate (-----BEGIN CERTIFICATE-----) found")
        pem = "\n".join(certificates) + "\n"
        return cls(
            pem=pem,
            certificate_count=len(certificates),
            sha256=hashlib.sha256(pem.encode()).hexdigest(),
            source_name=source_name[:255],
        )


def current_trust_anchors() -> str:
    bundle = TrustBundle.objects.current()
    return bundle.pem if bundle else ""


def read_credentials_trusted(file: IO[bytes], content_type: str) -> dict:
    """The credentials' summary, "trusted" only against the bundle in force.
    The bundle is looked up only for a file that carries a manifest, so a
    photo without one costs no query."""
    anchors = current_trust_anchors() if may_have_manifest(file) else ""
    return read_credentials(file, content_type, anchors)


@dataclass(frozen=True)
class SourceType:
    """The photo's effective digital source type and where it came from."""

    uri: str = ""
    source: str = ""  # "editor", "c2pa", "xmp", or "" for none

    @property
    def name(self) -> str:
        return source_type_name(self.uri)

    @property
    def known(self) -> bool:
        return is_known_source_type(self.uri)

    @property
    def label(self) -> str:
        """ "ai_generated", "ai_edited" or "" (no label)."""
        return ai_label(self.uri)

    @property
    def label_name(self) -> str:
        return LABEL_NAMES.get(self.label, "")


class ImageProvenance(models.Model):
    """The provenance fields of Image (an abstract base: Image's own module
    stays about the file and its rights)."""

    xmp_source_type = models.CharField(
        "digital source type (XMP)", max_length=255, blank=True, editable=False
    )
    data_mining = models.CharField(
        "data mining (PLUS)", max_length=255, blank=True, editable=False
    )
    other_constraints = models.TextField(
        "other constraints (PLUS)", blank=True, editable=False
    )
    content_credentials = models.JSONField(
        "content credentials (C2PA)", default=dict, blank=True, editable=False
    )
    source_type_override = models.CharField(
        "digital source type set by an editor",
        max_length=255,
        blank=True,
        editable=False,
    )
    source_type_reason = models.TextField(blank=True, editable=False)
    source_type_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_type_set_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def read_provenance(self, file: IO[bytes], content_type: str) -> None:
        """Record what the file says about its making; never raises for the
        file's sake."""
        xmp = read_xmp_provenance(file)
        self.xmp_source_type = xmp.digital_source_type
        self.data_mining = xmp.data_mining
        self.other_constraints = xmp.other_constraints
        self.content_credentials = read_credentials_trusted(file, content_type)

    def forget_provenance(self) -> None:
        """For a removed file: what it said goes with it (not an editor's
        correction, which is about the photo)."""
        self.xmp_source_type = self.data_mining = self.other_constraints = ""
        self.content_credentials = {}

    @property
    def credentials_state(self) -> str:
        return (self.content_credentials or {}).get("state") or NONE

    @property
    def source_type(self) -> SourceType:
        """The effective source type: an editor's, else the credentials' when
        they are valid or trusted, else the XMP's, else none."""
        if self.source_type_override:
            return SourceType(self.source_type_override, EDITOR)
        verified = self.credentials_state in (VALID, TRUSTED)
        if verified and (uri := credentials_source_type(self.content_credentials)):
            return SourceType(uri, C2PA)
        if self.xmp_source_type:
            return SourceType(self.xmp_source_type, XMP)
        return SourceType()

    def set_source_type(self, uri: str, reason: str, user, now) -> None:
        """An editor's label (or "" to clear it); `reason` is required."""
        if not reason.strip():
            raise ValueError("A reason is required to set the source type.")
        self.source_type_override = uri.strip()
        self.source_type_reason = reason.strip()
        self.source_type_set_by = user
        self.source_type_set_at = now


def recheck_credentials() -> tuple[int, int]:
    """Read again, against the bundle now in force, the credentials of every
    stored photo whose manifest verified (valid or trusted): (checked,
    changed). Saved one by one so that documents and caches hear of it."""
    from articles.models.images import Image

    anchors = current_trust_anchors()
    checked = changed = 0
    photos = Image.objects.exclude(file="").filter(
        content_credentials__state__in=[VALID, TRUSTED]
    )
    for image in photos.iterator(chunk_size=100):
        with image.file.open("rb") as file:
            summary = read_credentials(file, image.content_type, anchors)
        checked += 1
        if summary != image.content_credentials:
            image.content_credentials = summary
            image.save(update_fields=["content_credentials", "updated_at"])
            changed += 1
    return checked, changed


def delivered_provenance(image: ImageProvenance) -> dict:
    """What readers are told (the API's `provenance`, ninjs): the effective
    source type and where it came from, the PLUS data-mining URI, and the
    credentials' state and facts. Reads no related rows."""
    kind = image.source_type
    credentials = image.content_credentials or {}
    return {
        "digital_source_type": {
            "uri": kind.uri,
            "name": kind.name or None,
            "source": kind.source,
            "label": kind.label or None,
        }
        if kind.uri
        else None,
        "data_mining": image.data_mining or None,
        "c2pa": {
            "state": image.credentials_state,
            "claim_generator": credentials.get("claim_generator") or None,
            "signer": credentials.get("signer") or None,
            "signed_at": credentials.get("signed_at") or None,
            "actions": [
                {
                    "action": action["action"],
                    "digital_source_type": action["digital_source_type"] or None,
                }
                for action in credentials.get("actions") or []
            ],
            # Where the credentials are public: a remote manifest's address
            # (never fetched here), for readers to verify the original.
            "manifest_url": credentials.get("remote_url") or None,
        },
    }
