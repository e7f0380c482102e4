"""What kind of picture a file is, from its first bytes (its magic number),
before Pillow is asked: a photo Pillow cannot open (HEIF, as phones save
them) can then be named rather than called unreadable, and the importers can
say "a JPEG image" of a photo handed to them by mistake."""

from __future__ import annotations

# (signature at offset 0, format name)
SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
)
# ISO base media files (HEIF, AVIF, MP4) name their kind in an "ftyp" box of
# brands; a file is AVIF when any brand says so, else HEIF by these.
AVIF_BRANDS = {b"avif", b"avis"}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm",
               b"hevs", b"mif1", b"msf1", b"mif2"}  # fmt: skip


def picture_format(head: bytes) -> str | None:
    """ "JPEG", "PNG", "GIF", "TIFF", "WebP", "AVIF", "HEIF", "BMP", "ICO" or
    "PSD" when the first bytes say so, else None."""
    for signature, name in SIGNATURES:
        if head.startswith(signature):
            # "BM" also starts words: a bitmap says its own size next.
            if name == "BMP" and len(head) >= 14 and head[6:10] != b"\0\0\0\0":
                continue
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    brands = ftyp_brands(head)
    if brands & AVIF_BRANDS:
        return "AVIF"
    if brands & HEIF_BRANDS:
        return "HEIF"
    return None


def ftyp_brands(head: bytes) -> set[bytes]:
    """The major and compatible brands of an ISO base media file's leading
    "ftyp" box (empty when the file does not start with one)."""
    if head[4:8] != b"ftyp":
        return set()
    size = min(int.from_bytes(head[:4], "big"), len(head))
    brands = {head[8:12]}
    brands.update(head[offset : offset + 4] for offset in range(16, size - 3, 4))
    return brands
