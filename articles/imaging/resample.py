"""Scaling the decoded pixels: libvips where it can, Pillow otherwise.

Pillow decodes (with DCT scaling), reads the metadata and encodes; only the
scaling goes through libvips (pyvips, from the `pyvips-binary` wheel), whose
LANCZOS3 reduce is vectorised: 2048 wide from a 3000x2000 decode took 53 to
78 ms of CPU, copies included, against Pillow's 151 to 194
(docs/internals/benchmarks.md#renditions). It is the same filter: against a
full decode scaled by Pillow, 44.4 dB for both on the bench's photo, 43.9 to
47.5 dB on camera photos. Boxes not on whole pixels, modes libvips would
need converting for (alpha, which Pillow premultiplies, palettes, 16 bits)
and a missing libvips use Pillow.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType

from PIL import Image as PILImage

# Pillow mode -> bands handed to libvips as 8-bit samples.
LIBVIPS_MODES = {"L": 1, "RGB": 3, "CMYK": 4}
# Both libraries first shrink by a whole factor (averaging blocks) while that
# leaves at least this many times the output's size, then apply LANCZOS.
REDUCING_GAP = 3.0
# Handing the pixels to libvips: in one copy up to this size, by bands of
# rows above it (see _packed).
PACK_IN_ONE_PIXELS = 8_000_000
ROWS_PER_COPY = 256
# The bench switches libvips off to measure Pillow alone.
USE_LIBVIPS = True

Box = tuple[float, float, float, float]


def resample(
    picture: PILImage.Image, size: tuple[int, int], box: Box, *, close: bool = False
) -> PILImage.Image:
    """`box` (in `picture`'s pixels) of `picture` scaled to `size` with LANCZOS.
    With `close`, `picture` is closed once its pixels are copied for libvips:
    the decoded photo is a rendition's largest buffer (50 MB for a 50 MP
    photo decoded at 1/2), and the copy need not sit beside it."""
    vips = _pyvips() if USE_LIBVIPS else None
    if vips is None or picture.mode not in LIBVIPS_MODES or not _whole_pixels(box):
        scaled = picture.resize(
            size, PILImage.Resampling.LANCZOS, box=box, reducing_gap=REDUCING_GAP
        )
    else:
        scaled = _with_libvips(vips, picture, size, box, close=close)
    if close:
        picture.close()
    return scaled


def libvips_version() -> str | None:
    """The version of libvips ("8.18.7"), or None when it cannot be loaded."""
    vips = _pyvips()
    return None if vips is None else ".".join(str(vips.version(i)) for i in range(3))


def _whole_pixels(box: Box) -> bool:
    """libvips spreads the output evenly over whole input pixels, with no
    offset: it matches Pillow only for boxes on whole pixels, like the whole
    photo whose size divides by the decoding scale. A box ending inside a
    pixel (3001 wide decoded at 1/2 ends at 1500.5) moved the picture by a
    quarter pixel, 40.3 dB from the reference on the bench's grain, and a
    crop (a card's, decoded at 1/8, cheap to scale) starts anywhere: both
    are left to Pillow."""
    return all(edge == int(edge) for edge in box)


def _with_libvips(
    vips: ModuleType,
    picture: PILImage.Image,
    size: tuple[int, int],
    box: Box,
    *,
    close: bool,
) -> PILImage.Image:
    mode = picture.mode
    width, height = picture.size
    left, top, right, bottom = (int(edge) for edge in box)
    pixels = _packed(picture)
    if close:
        picture.close()
    source = vips.Image.new_from_memory(
        pixels, width, height, LIBVIPS_MODES[mode], "uchar"
    )
    scaled = source.crop(left, top, right - left, bottom - top).resize(
        size[0] / (right - left),
        vscale=size[1] / (bottom - top),
        kernel="lanczos3",
        gap=REDUCING_GAP,
    )
    if (scaled.width, scaled.height) != size:  # libvips rounds, as planned
        raise ValueError(f"libvips made {scaled.width}x{scaled.height}, not {size}")
    return PILImage.frombytes(mode, size, scaled.write_to_memory())


def _packed(picture: PILImage.Image) -> bytes | bytearray:
    """The pixels as one buffer of 8-bit samples. `tobytes()` holds its
    chunks and their join at once, twice the buffer: above
    PACK_IN_ONE_PIXELS, bands of rows are copied one at a time instead (37 MB
    less at the peak of a 50 MP photo decoded at 1/2, for 15 ms more)."""
    width, height = picture.size
    if width * height <= PACK_IN_ONE_PIXELS:
        return picture.tobytes()
    row = width * LIBVIPS_MODES[picture.mode]
    pixels = bytearray(row * height)
    for top in range(0, height, ROWS_PER_COPY):
        bottom = min(height, top + ROWS_PER_COPY)
        pixels[top * row : bottom * row] = picture.crop(
            (0, top, width, bottom)
        ).tobytes()
    return pixels


@cache
def _pyvips() -> ModuleType | None:
    try:
        import pyvips
    except (ImportError, OSError):
        return None
    # libvips caches recent operations with their pixels: a rendition is
    # made once, so the cache would only hold memory.
    pyvips.cache_set_max(0)
    # pyvips logs every operation libvips reports, at INFO.
    logging.getLogger("pyvips").setLevel(logging.WARNING)
    return pyvips
