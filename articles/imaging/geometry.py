"""Crop and scale arithmetic for renditions: plain numbers, no pixels."""

from __future__ import annotations

from articles.imaging.specs import RenditionSpec

Box = tuple[float, float, float, float]


def output_size(spec: RenditionSpec, src_w: int, src_h: int) -> tuple[int, int]:
    """The rendition's size. Never larger than the source: a crop spec on a
    small photo gives the largest crop of the spec's shape at the photo's own
    resolution (a 640x360 card of a 64x48 photo is 64x36)."""
    if spec.height is None:
        width = min(spec.width, src_w)
        return width, max(1, round(src_h * width / src_w))
    scale = min(1.0, src_w / spec.width, src_h / spec.height)
    return max(1, round(spec.width * scale)), max(1, round(spec.height * scale))


def crop_box(
    src_w: int, src_h: int, focal_x: float, focal_y: float, out_w: int, out_h: int
) -> Box:
    """The largest box of the output's shape inside the source, centred on
    the focal point (fractions of the width and height) as far as the edges
    allow."""
    target = out_w / out_h
    if src_w / src_h > target:
        box_w, box_h = src_h * target, float(src_h)
    else:
        box_w, box_h = float(src_w), src_w / target
    left = _clamp(focal_x * src_w - box_w / 2, 0.0, src_w - box_w)
    top = _clamp(focal_y * src_h - box_h / 2, 0.0, src_h - box_h)
    return left, top, left + box_w, top + box_h


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))
