"""How close a rendition's pixels are to the slow, exact way of making them."""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageChops, ImageCms, ImageOps

from articles.imaging.geometry import crop_box, output_size
from articles.imaging.specs import RenditionSpec


def psnr(expected: PILImage.Image, actual: PILImage.Image) -> float:
    """Peak signal-to-noise ratio over R, G and B, in dB; 99 when equal."""
    assert expected.size == actual.size
    difference = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    squares = sum(
        count * (value % 256) ** 2 for value, count in enumerate(difference.histogram())
    )
    mse = squares / (expected.width * expected.height * 3)
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


def full_decode_reference(
    path: Path, spec: RenditionSpec, focal: tuple[float, float] = (0.5, 0.5)
) -> PILImage.Image:
    """Every pixel decoded, turned upright, converted to sRGB, cropped and
    scaled with LANCZOS in one step: the quality a faster pipeline is
    measured against."""
    with PILImage.open(path) as image:
        icc = image.info.get("icc_profile")
        picture = ImageOps.exif_transpose(image).convert("RGB")
    if icc:
        picture = ImageCms.profileToProfile(
            picture,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
    width, height = output_size(spec, *picture.size)
    box = (
        crop_box(*picture.size, *focal, width, height)
        if spec.crops
        else (0.0, 0.0, float(picture.width), float(picture.height))
    )
    return picture.resize((width, height), PILImage.Resampling.LANCZOS, box=box)
