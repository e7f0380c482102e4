"""Where the time of the 2048-wide rendition goes: decode, scale and encode
timed one by one in one process (bench/renditions.py --stages), and the
encoders' speed settings with the size and PSNR they give.

Imported in a child only: the parent never imports Pillow.
"""

from __future__ import annotations

import io
import statistics
import time

# (label, format, Pillow options): ours first, then the levers tried.
ENCODERS = [
    ("jpeg progressive (ours)", "JPEG", {"progressive": True, "optimize": True}),
    ("jpeg baseline", "JPEG", {"optimize": True}),
    ("webp method 2 (ours)", "WEBP", {"method": 2}),
    ("webp method 4 (previous)", "WEBP", {"method": 4}),
    ("webp method 1", "WEBP", {"method": 1}),
    ("webp method 0", "WEBP", {"method": 0}),
    ("avif speed 8 (ours)", "AVIF", {"speed": 8}),
    ("avif speed 9", "AVIF", {"speed": 9}),
]


def measure_stages(source: str, spec_name: str, repeat: int) -> list[dict]:
    """[{stage, cpu_ms, ms, kb, db}], each the median of `repeat` runs."""
    from PIL import Image

    from articles.imaging import resample
    from articles.imaging.render import rendition_quality
    from articles.imaging.specs import get_specs
    from bench.rendition_pipelines import psnr, reference

    spec = get_specs()[spec_name]
    with Image.open(source) as image:
        width, height = image.size
    size = (spec.width, round(height * spec.width / width))
    rows = []

    def timed(stage: str, work, **extra):
        work()  # libraries loaded, caches warm: not the first call's cost
        cpu, wall = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = work()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        rows.append(
            {
                "stage": stage,
                "cpu_ms": statistics.median(cpu),
                "ms": statistics.median(wall),
            }
            | extra
        )
        return result

    def decode(scale: int):
        def work():
            picture = Image.open(source)
            if scale > 1:
                picture.draft("RGB", (width // scale, height // scale))
            picture.load()
            return picture

        return work

    full = timed(f"decode whole ({width}x{height})", decode(1))
    half = timed(f"decode at 1/2 ({width // 2}x{height // 2})", decode(2))

    def scale(picture, vips: bool):
        def work():
            resample.USE_LIBVIPS = vips
            try:
                return resample.resample(picture, size, (0, 0, *picture.size))
            finally:
                resample.USE_LIBVIPS = True

        return work

    timed(f"scale {full.width} wide, Pillow LANCZOS", scale(full, vips=False))
    timed(f"scale {half.width} wide, Pillow LANCZOS", scale(half, vips=False))
    picture = timed(f"scale {half.width} wide, libvips lanczos3", scale(half, True))
    expected = reference(source, spec)
    for label, fmt, options in ENCODERS:
        options = {"quality": rendition_quality(fmt.lower())} | options

        def encode(fmt=fmt, options=options):
            buffer = io.BytesIO()
            picture.save(buffer, fmt, **options)
            return buffer.getvalue()

        data = timed(f"encode {label}", encode)
        decoded = Image.open(io.BytesIO(data))
        rows[-1] |= {"kb": len(data) / 1000, "db": psnr(expected, decoded)}
    return rows


def print_stages(rows: list[dict], label: str) -> None:
    print(f"stages of the 2048-wide rendition of the {label}, one process, median")
    print(f"{'stage':<46} {'cpu ms':>7} {'wall ms':>8} {'kB':>6} {'dB':>6}")
    for row in rows:
        line = f"{row['stage']:<46} {row['cpu_ms']:>7.0f} {row['ms']:>8.0f}"
        if "kb" in row:
            line += f" {row['kb']:>6.0f} {row['db']:>6.2f}"
        print(line)
    cpu = {row["stage"]: row["cpu_ms"] for row in rows}
    decode_whole, decode_half, scale_whole, _pillow, scale_vips = list(cpu.values())[:5]
    encoders = list(cpu.values())[5:]
    previous = {
        "jpeg": encoders[0],
        "webp": encoders[3],
        "avif": encoders[6],
    }
    ours = {"jpeg": encoders[0], "webp": encoders[2], "avif": encoders[6]}
    print("sum of the stages in CPU ms: previous (whole decode, Pillow) -> ours")
    for fmt in ours:
        before = decode_whole + scale_whole + previous[fmt]
        after = decode_half + scale_vips + ours[fmt]
        print(
            f"  {fmt:<5} {before:>5.0f} -> {after:>4.0f} ({before / after:.1f}x): "
            f"decode {decode_half:.0f}, scale {scale_vips:.0f}, encode {ours[fmt]:.0f}"
        )
