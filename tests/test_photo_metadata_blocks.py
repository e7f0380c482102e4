"""Photo metadata where Pillow alone loses it: IPTC in several APP13
segments, old IIM in Mac Roman, XMP after a PNG's image data, an XMP date
without a zone, and Pillow's warnings about damaged EXIF."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime, timedelta, timezone
from io import StringIO

from django.core.management import call_command
from PIL import Image as PILImage

from articles.imaging.metadata import PhotoMetadata, read_metadata
from articles.imaging.png_xmp import png_xmp
from articles.models import Image
from tests.helpers.corpus import CORPUS

IIM_STRUCTURE = CORPUS / "images" / "iptc-iim-structure"
BRT = timezone(timedelta(hours=-3))


def read(path) -> PhotoMetadata:
    with open(path, "rb") as file:
        return read_metadata(file)


# Files made byte by byte


def dataset(number: int, value: bytes) -> bytes:
    return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value


def iptc_resource(block: bytes) -> bytes:
    padding = b"\x00" * (len(block) % 2)
    return b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(block)) + block + padding


def segment(marker: bytes, payload: bytes) -> bytes:
    return marker + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with(*segments: bytes) -> io.BytesIO:
    """A small JPEG with `segments` right after its start marker."""
    plain = io.BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(plain, "JPEG")
    data = plain.getvalue()
    return io.BytesIO(data[:2] + b"".join(segments) + data[2:])


def app13(resources: bytes) -> bytes:
    return segment(b"\xff\xed", b"Photoshop 3.0\x00" + resources)


def xmp_segment(packet: bytes) -> bytes:
    return segment(b"\xff\xe1", b"http://ns.adobe.com/xap/1.0/\x00" + packet)


XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
  photoshop:Headline="Harbour at dawn" photoshop:DateCreated="%s">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Boats leave at six.</rdf:li>
</rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_with_xmp_after_idat(packet: bytes, *, compressed: bool) -> io.BytesIO:
    plain = io.BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(plain, "PNG")
    data = plain.getvalue()
    text = zlib.compress(packet) if compressed else packet
    itxt = b"XML:com.adobe.xmp\x00" + bytes([compressed, 0]) + b"\x00\x00" + text
    end = data.rindex(b"IEND") - 4  # IEND's length field
    return io.BytesIO(data[:end] + png_chunk(b"iTXt", itxt) + data[end:])


# Several APP13 segments


def test_two_photoshop_segments_keep_the_first_credit():
    # Exiv2's file: each segment holds an IPTC block with its own Credit.
    meta = read(IIM_STRUCTURE / "iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg")
    assert meta.credit_line == "This is credit number one"


def test_every_dataset_of_every_block_is_read():
    first = iptc_resource(dataset(110, b"Reuters") + dataset(80, b"Jane Roe"))
    second = iptc_resource(dataset(105, b"Flood") + dataset(80, b"John Doe"))
    meta = read_metadata(jpeg_with(app13(first), app13(second)))
    assert meta.credit_line == "Reuters"
    assert meta.headline == "Flood"
    assert meta.creators == ("Jane Roe", "John Doe")


def test_a_resource_split_across_two_segments_is_joined():
    # Photoshop splits a resource list longer than a segment where it falls.
    caption = b"A long caption. " * 20
    resources = iptc_resource(dataset(120, caption.strip()) + dataset(110, b"AFP"))
    cut = 40
    meta = read_metadata(jpeg_with(app13(resources[:cut]), app13(resources[cut:])))
    assert meta.caption == caption.decode().strip()
    assert meta.credit_line == "AFP"


def test_an_empty_iptc_resource_is_no_metadata():
    meta = read(IIM_STRUCTURE / "iptc-psAPP13-wIPTCempty.jpg")
    assert meta == PhotoMetadata()


# Charsets of old IIM


def test_mac_roman_iim_is_read_as_mac_roman():
    # By-line "Jens Trübiger" with ü as Mac Roman's 0x9F, split across the
    # file's two APP13 segments.
    meta = read(IIM_STRUCTURE / "iptc-psAPP13s-wIPTCs-psAPP13s-wIPTCs.jpg")
    assert meta.creators == ("Jens Trübiger",)


def test_the_bytes_choose_between_mac_roman_windows_and_utf_8():
    for codec in ("mac_roman", "cp1252", "utf-8"):
        block = dataset(80, "Zoë Müller".encode(codec)) + dataset(
            120, "Café in São Paulo".encode(codec)
        )
        meta = read_metadata(jpeg_with(app13(iptc_resource(block))))
        assert meta.creators == ("Zoë Müller",), codec
        assert meta.caption == "Café in São Paulo", codec


# XMP after a PNG's image data


def test_xmp_after_the_image_data_of_a_png_is_read():
    for compressed in (False, True):
        png = png_with_xmp_after_idat(XMP % b"2020-07-08", compressed=compressed)
        meta = read_metadata(png)
        assert meta.headline == "Harbour at dawn"
        assert meta.caption == "Boats leave at six."
        assert meta.date_created == datetime(2020, 7, 8)


def test_a_real_png_with_xmp_after_idat():
    with open(CORPUS / "images" / "exif-gps" / "png_with_exif_and_gps.png", "rb") as f:
        f.seek(5)
        packet = png_xmp(f)
        assert f.tell() == 5
    assert packet.startswith(b"<?xpacket begin=")
    assert b"<aux:Lens>7.1 - 21.3 mm</aux:Lens>" in packet


def test_a_png_bomb_in_place_of_xmp_is_refused():
    bomb = png_with_xmp_after_idat(b" " * (8 * 1024 * 1024), compressed=True)
    assert png_xmp(bomb) is None
    assert read_metadata(bomb) == PhotoMetadata()


# An XMP date without a zone


def iim_dated(day: bytes, clock: bytes) -> bytes:
    return app13(iptc_resource(dataset(55, day) + dataset(60, clock)))


def test_a_zoneless_xmp_date_takes_the_iim_offset_of_the_same_moment():
    photo = jpeg_with(
        xmp_segment(XMP % b"2018-09-24T19:42:40"),
        iim_dated(b"20180924", b"194240-0300"),
    )
    assert read_metadata(photo).date_created == datetime(
        2018, 9, 24, 19, 42, 40, tzinfo=BRT
    )


def test_an_iim_offset_for_another_moment_lends_nothing():
    photo = jpeg_with(
        xmp_segment(XMP % b"2018-09-24T19:42:40"),
        iim_dated(b"20180924", b"184240-0300"),
    )
    assert read_metadata(photo).date_created == datetime(2018, 9, 24, 19, 42, 40)


def test_an_xmp_date_with_its_own_zone_keeps_it():
    photo = jpeg_with(
        xmp_segment(XMP % b"2018-09-24T19:42:40+01:00"),
        iim_dated(b"20180924", b"194240-0300"),
    )
    assert read_metadata(photo).date_created == datetime(
        2018, 9, 24, 19, 42, 40, tzinfo=timezone(timedelta(hours=1))
    )


# Pillow's warnings


def corrupt_exif() -> bytes:
    # An IFD that promises five entries and holds one.
    entry = struct.pack("<HHI4s", 0x010F, 2, 4, b"abc\x00")
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 5) + entry
    out = io.BytesIO()
    PILImage.new("RGB", (8, 8)).save(out, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return out.getvalue()


def test_corrupt_exif_is_a_warning_of_the_photo_not_stray_output(recwarn, capsys):
    meta = read_metadata(io.BytesIO(corrupt_exif()))
    assert meta.warnings == (
        "damaged metadata: Corrupt EXIF data. Expecting to read 12 bytes but "
        "only got 0.",
    )
    assert meta.date_created is None
    assert len(recwarn) == 0
    assert capsys.readouterr() == ("", "")


def test_a_sound_photo_has_no_warnings():
    meta = read(IIM_STRUCTURE / "iptc-psAPP13-wIPTCmid.jpg")
    assert meta.credit_line == "This is a credit"
    assert meta.creators == ("This is a by-line",)
    assert meta.warnings == ()


def test_import_images_counts_damaged_metadata_and_names_it_when_asked(
    db, media_root, tmp_path, recwarn
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "damaged.jpg").write_bytes(corrupt_exif())
    quiet, loud = (StringIO(), StringIO()), (StringIO(), StringIO())

    call_command("import_images", str(inbox), stdout=quiet[0], stderr=quiet[1])
    Image.objects.all().delete()
    call_command(
        "import_images", str(inbox), verbosity=2, stdout=loud[0], stderr=loud[1]
    )

    assert quiet[0].getvalue() == (
        "1 file: 1 created, 0 duplicate, 0 failed; 1 warning (shown with -v 2)\n"
    )
    assert quiet[1].getvalue() == ""
    assert loud[1].getvalue() == (
        f"{inbox / 'damaged.jpg'}: warning: damaged metadata: Corrupt EXIF data. "
        "Expecting to read 12 bytes but only got 0.\n"
    )
    assert len(recwarn) == 0  # nothing stray besides
