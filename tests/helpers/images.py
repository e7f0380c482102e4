"""Image bytes made on the spot, and what ended up in a media root."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image as PILImage


def make_jpeg(width: int = 64, height: int = 48, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def stored_files(media_root: Path) -> list[Path]:
    return (
        [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    )
