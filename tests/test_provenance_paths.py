"""Every way a photo comes in reads its provenance through the one path
(Image.save on a new file): import_images, an article importer's photo,
the admin. What it costs in queries, and that no provenance data, however
odd, makes an upload fail (a property test)."""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

from articles.interchange.lookups import Lookups
from articles.interchange.photo_writer import PhotoWriter
from articles.interchange.story import ImageRef
from articles.models import Image, TrustBundle
from tests.helpers.photo_imports import run_import_images
from tests.helpers.provenance import IPTC_SOURCE_TYPES, PROVENANCE, corpus_anchors

XMP_TEMPLATE = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
    'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/">'
    "<Iptc4xmpExt:DigitalSourceType>{kind}</Iptc4xmpExt:DigitalSourceType>"
    "<plus:DataMining>{mining}</plus:DataMining>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def test_import_images_reads_the_credentials(db):
    TrustBundle.from_pem(corpus_anchors()).save()

    _out, _err, error = run_import_images(*sorted(PROVENANCE.glob("*.jpg")))

    assert error is None
    states = dict(
        Image.objects.values_list("original_filename", "content_credentials__state")
    )
    assert states == {
        "C.jpg": "trusted",
        "CA.jpg": "trusted",
        "E-sig-CA.jpg": "invalid",
        "cloud.jpg": "remote",
        "no_manifest.jpg": "none",
        "ocsp.jpg": "valid",
    }


def test_an_imported_storys_photo_reads_its_credentials(db):
    ref = ImageRef(caption="Harbour, retouched", file_path=PROVENANCE / "ocsp.jpg")

    image = PhotoWriter(Lookups()).save(ref, None)

    image.refresh_from_db()
    assert image.credentials_state == "valid"
    assert image.source_type.label == "ai_edited"


def queries_to_store(path) -> int:
    with CaptureQueriesContext(connection) as queries, open(path, "rb") as file:
        Image.objects.get_or_create_for_file(file, original_filename=path.name)
    return len(queries)


def test_only_a_photo_with_a_manifest_looks_up_the_trust_anchors(db):
    Image.objects.get_or_create_for_file(io.BytesIO(jpeg_with_xmp(b"")))  # warm up
    without = queries_to_store(PROVENANCE / "no_manifest.jpg")
    signed = queries_to_store(PROVENANCE / "C.jpg")
    remote = queries_to_store(PROVENANCE / "cloud.jpg")
    assert (signed - without, remote - without) == (1, 0)


def jpeg_with_xmp(xmp: bytes) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (16, 12), (40, 90, 160)).save(out, "JPEG", xmp=xmp)
    return out.getvalue()


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=400,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.one_of(
        TEXT, st.sampled_from([IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia"])
    ),
    mining=TEXT,
    raw=st.one_of(st.none(), st.binary(max_size=300)),
    manifest_junk=st.binary(max_size=200),
)
def test_no_upload_fails_because_of_provenance_data(
    db, kind, mining, raw, manifest_junk
):
    from xml.sax.saxutils import escape

    xmp = (
        raw
        if raw is not None
        else XMP_TEMPLATE.format(kind=escape(kind), mining=escape(mining)).encode()
    )
    # A fake manifest box after the pixels makes the C2PA reader look too.
    data = jpeg_with_xmp(xmp) + b"jumd" + manifest_junk

    image, created = Image.objects.get_or_create_for_file(
        io.BytesIO(data), original_filename="odd.jpg"
    )

    assert created
    image.refresh_from_db()
    assert image.credentials_state in {"none", "invalid"}
    assert len(image.xmp_source_type) <= 255 and len(image.data_mining) <= 255
    image.delete()
