"""Crop and scale arithmetic for renditions: plain numbers, no pixels."""

from __future__ import annotations

import math

from articles.imaging.specs import RenditionSpec

Box = tuple[float, float, float, float]


def output_size(spec: RenditionSpec, src_w: int, src_h: int) -> tuple[int, int]:
    """The rendition's size for an upright source of src_w x src_h. Never
    larger than the source: a crop spec on a small photo gives the largest
    crop of the spec's shape at the photo's own resolution (a 640x360 card of
    a 64x48 photo is 64x36)."""
    if spec.height is None:
        width = min(spec.width, src_w)
        return width, max(1, _round(src_h * width / src_w))
    scale = min(1.0, src_w / spec.width, src_h / spec.height)
    if scale == 1.0:
        return spec.width, spec.height
    # The limiting side comes out at exactly the source's size; min() guards
    # the other against float error.
    width = min(src_w, max(1, _round(spec.width * scale)))
    height = min(src_h, max(1, _round(spec.height * scale)))
    return width, height


def crop_box(
    src_w: int, src_h: int, focal_x: float, focal_y: float, out_w: int, out_h: int
) -> Box:
    """(left, top, right, bottom): the largest box of the output's aspect
    ratio inside the source, centred on the focal point (fractions of the
    width and height, 0 to 1) as far as the edges allow."""
    # Cross-multiplied so that equal ratios compare equal, without floats.
    if src_w * out_h > out_w * src_h:
        box_w, box_h = src_h * out_w / out_h, float(src_h)
    else:
        box_w, box_h = float(src_w), src_w * out_h / out_w
    left = _clamp(focal_x * src_w - box_w / 2, 0.0, src_w - box_w)
    top = _clamp(focal_y * src_h - box_h / 2, 0.0, src_h - box_h)
    # min(): Pillow refuses a box a rounding error past the edge.
    return left, top, min(left + box_w, float(src_w)), min(top + box_h, float(src_h))


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def _round(value: float) -> int:
    # Half up, not Python's half-to-even: sizes should not depend on parity.
    return math.floor(value + 0.5)


def stored_box(box: Box, orientation: int, stored_w: int, stored_h: int) -> Box:
    """`box`, given on the upright photo, on the pixels as stored with EXIF
    `orientation` (1 to 8) in a stored_w x stored_h file. Lets a pipeline crop
    and scale first and turn only the small result upright."""
    left, top, right, bottom = box
    w, h = stored_w, stored_h
    return {
        1: (left, top, right, bottom),
        2: (w - right, top, w - left, bottom),  # mirrored
        3: (w - right, h - bottom, w - left, h - top),  # upside down
        4: (left, h - bottom, right, h - top),  # upside down, mirrored
        5: (top, left, bottom, right),  # transposed
        6: (top, h - right, bottom, h - left),  # needs a quarter turn clockwise
        7: (w - bottom, h - right, w - top, h - left),  # transverse
        8: (w - bottom, left, w - top, right),  # needs a quarter turn anticlockwise
    }.get(orientation, box)
