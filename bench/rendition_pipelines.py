"""The pipelines bench/renditions.py compares, and the quality it measures.

Each takes a source path, a RenditionSpec and a format and returns
(encoded bytes, (width, height)). Imported in the children only: the parent
never imports Pillow (see bench/renditions.py).
"""

from __future__ import annotations

import io
import math
from contextlib import contextmanager

# What render() used before issue 21: a draft only when it left twice the
# output size (so the 2048-wide rendition of a 24 MP JPEG decoded all of it),
# WebP at Pillow's default effort, AVIF at speed 8, and Pillow's LANCZOS.
PREVIOUS = {"DRAFT_MARGIN": 2, "WEBP_METHOD": 4, "AVIF_SPEED": 8}
# libvips' AVIF effort is 9 less aom's speed.
VIPS_AVIF_EFFORT = 9


def ours(source: str, spec, fmt: str):
    from articles.imaging.render import render

    with open(source, "rb") as file:
        rendered = render(file, spec, fmt)
    return rendered.data, (rendered.width, rendered.height)


def previous(source: str, spec, fmt: str):
    with previous_settings():
        return ours(source, spec, fmt)


def pillow(source: str, spec, fmt: str):
    """render() scaling with Pillow alone (its reduced decoding kept)."""
    with pillow_scaling():
        return ours(source, spec, fmt)


@contextmanager
def previous_settings():
    """render() as it was: the same code, the constants it had then."""
    from articles.imaging import render

    kept = {name: getattr(render, name) for name in PREVIOUS}
    for name, value in PREVIOUS.items():
        setattr(render, name, value)
    try:
        with pillow_scaling():
            yield
    finally:
        for name, value in kept.items():
            setattr(render, name, value)


@contextmanager
def pillow_scaling():
    from articles.imaging import resample

    resample.USE_LIBVIPS = False
    try:
        yield
    finally:
        resample.USE_LIBVIPS = True


def naive(source: str, spec, fmt: str):
    """What one writes first: full decode, copies at every step."""
    from PIL import Image, ImageOps

    with Image.open(source) as image:
        picture = ImageOps.exif_transpose(image).convert("RGB")
    width, height = picture.size
    if spec.height:
        aspect = spec.width / spec.height
        crop_w, crop_h = (
            (round(height * aspect), height)
            if width / height > aspect
            else (width, round(width / aspect))
        )
        left, top = (width - crop_w) // 2, (height - crop_h) // 2
        picture = picture.crop((left, top, left + crop_w, top + crop_h))
        size = (spec.width, spec.height)
    else:
        size = (spec.width, round(height * spec.width / width))
    picture = picture.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, fmt.upper(), **pillow_options(fmt))
    return buffer.getvalue(), size


def pillow_options(fmt: str) -> dict:
    """render()'s encoder options, so that only the pipeline differs."""
    from articles.imaging.render import (
        AVIF_SPEED,
        WEBP_METHOD,
        rendition_quality,
    )

    options: dict = {"quality": rendition_quality(fmt)}
    if fmt == "jpeg":
        options |= {"progressive": True, "optimize": True}
    elif fmt == "avif":
        options["speed"] = AVIF_SPEED
    elif fmt == "webp":
        options["method"] = WEBP_METHOD
    return options


def vips(source: str, spec, fmt: str):
    """libvips through pyvips, as sharp uses it: thumbnail() shrinks JPEGs
    while decoding, turns the photo upright, crops to the spec's shape at
    the centre and converts to sRGB; the same encoder settings as ours."""
    import pyvips

    from articles.imaging.render import AVIF_SPEED, WEBP_METHOD, rendition_quality

    options: dict = {"height": spec.height, "crop": "centre"} if spec.height else {}
    picture = pyvips.Image.thumbnail(
        source, spec.width, size="down", export_profile="srgb", **options
    )
    quality = rendition_quality(fmt)
    if fmt == "jpeg":
        data = picture.jpegsave_buffer(
            Q=quality, optimize_coding=True, interlace=True, keep="none"
        )
    elif fmt == "webp":
        data = picture.webpsave_buffer(Q=quality, effort=WEBP_METHOD, keep="none")
    else:
        data = picture.heifsave_buffer(
            Q=quality,
            compression="av1",
            effort=VIPS_AVIF_EFFORT - AVIF_SPEED,
            keep="none",
        )
    return data, (picture.width, picture.height)


PIPELINES = {
    "ours": ours,
    "pillow": pillow,
    "previous": previous,
    "naive": naive,
    "pyvips": vips,
}


def vips_available() -> bool:
    try:
        import pyvips  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


# Quality


def reference(source: str, spec):
    """The full decode scaled (and cropped at the centre) with LANCZOS: what
    the faster pipelines are measured against."""
    from PIL import Image, ImageOps

    from articles.imaging.geometry import crop_box, output_size

    with Image.open(source) as image:
        picture = ImageOps.exif_transpose(image).convert("RGB")
    width, height = output_size(spec, *picture.size)
    box = (
        crop_box(*picture.size, 0.5, 0.5, width, height)
        if spec.height
        else (0, 0, *picture.size)
    )
    return picture.resize((width, height), Image.Resampling.LANCZOS, box=box)


def psnr(expected, actual) -> float:
    """Peak signal-to-noise ratio over R, G and B, in dB (99 when equal)."""
    from PIL import ImageChops

    if expected.size != actual.size:
        raise ValueError(f"sizes differ: {expected.size} and {actual.size}")
    difference = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    histogram = difference.histogram()
    squares = sum(count * (i % 256) ** 2 for i, count in enumerate(histogram))
    mse = squares / (expected.width * expected.height * 3)
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


def pixels(pipeline: str, source: str, spec):
    """The pipeline's picture before encoding (ours, pillow and previous),
    or its lossless PNG output (pyvips)."""
    from PIL import Image

    if pipeline in ("ours", "pillow", "previous"):
        from articles.imaging.render import rendition_pixels

        settings = {"pillow": pillow_scaling, "previous": previous_settings}
        with open(source, "rb") as file:
            if pipeline == "ours":
                return rendition_pixels(file, spec)
            with settings[pipeline]():
                return rendition_pixels(file, spec)
    if pipeline == "pyvips":
        import pyvips

        options: dict = {"height": spec.height, "crop": "centre"} if spec.height else {}
        picture = pyvips.Image.thumbnail(
            source, spec.width, size="down", export_profile="srgb", **options
        )
        return Image.open(io.BytesIO(picture.pngsave_buffer(compression=1)))
    raise ValueError(pipeline)


def decoded(data: bytes):
    from PIL import Image

    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture
