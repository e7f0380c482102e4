"""Benchmark: rendition time and peak memory, ours against a naive Pillow pipeline.

    .venv/bin/python bench/renditions.py [--repeat 3]

Generates large sources in a temporary folder (a 24 MP and a ~50 MP JPEG with
photographic detail at quality 90, and a 17.5 MP PNG), then for each source,
for the "card" (640x360, a 16:9 crop) and "full" (2048 wide) specs in JPEG,
WebP and AVIF, times `render()` and a naive open / exif_transpose / convert /
crop / resize / save of the same spec. Both save with the same encoder
options, so the difference is the pipeline. Each case runs in a fresh
subprocess, so its peak memory (ru_maxrss, less that of a subprocess that
imported the same modules and rendered nothing) is its own. Prints a table.
Compare rows of one run, not runs across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = [
    ("24 MP JPEG", "photo-24mp.jpg", (6000, 4000)),
    ("50 MP JPEG", "photo-50mp.jpg", (8660, 5773)),
    ("17 MP PNG", "graphic-17mp.png", (5000, 3500)),
]
SPECS = ["card", "full"]
FORMATS = ["jpeg", "webp", "avif"]
TARGET_SPEEDUP = 3.0  # card from the 24 MP JPEG, as JPEG
TARGET_PEAK_MB = 300  # any rendition of the 50 MP JPEG


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--child", nargs=4, metavar=("PIPELINE", "SOURCE", "SPEC", "FMT")
    )
    parser.add_argument("--make-sources", metavar="FOLDER")
    args = parser.parse_args()
    if args.make_sources:
        make_sources(Path(args.make_sources))
    elif args.child:
        print(json.dumps(run_case(*args.child, repeat=args.repeat)))
    else:
        compare(args.repeat)


def compare(repeat: int) -> None:
    # The parent never imports Pillow nor holds pixels: a child's ru_maxrss
    # starts from its parent's on Linux, so a big parent would spoil them all.
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*python(), "--make-sources", tmp], check=True, cwd=ROOT)
        base = child(["baseline", "-", "-", "-"], 1)["peak_mb"]
        print(
            f"median of {repeat} runs per case, each case in a fresh process; "
            f"peak = max RSS less {base:.0f} MB (Python + Pillow + pipeline imported)\n"
        )
        print(
            f"{'source':<11} {'spec':<5} {'format':<6} {'output':>9} {'ours ms':>8} "
            f"{'naive ms':>9} {'speed-up':>8} {'ours MB':>8} {'naive MB':>9}"
        )
        results = {}
        for label, name, _size in SOURCES:
            source = str(Path(tmp) / name)
            for spec in SPECS:
                for fmt in FORMATS:
                    ours = child(["ours", source, spec, fmt], repeat)
                    naive = child(["naive", source, spec, fmt], repeat)
                    results[label, spec, fmt] = ours, naive, base
                    print(
                        f"{label:<11} {spec:<5} {fmt:<6} {ours['output']:>9} "
                        f"{ours['ms']:>8.0f} {naive['ms']:>9.0f} "
                        f"{naive['ms'] / ours['ms']:>7.1f}x "
                        f"{ours['peak_mb'] - base:>8.0f} {naive['peak_mb'] - base:>9.0f}",
                        flush=True,
                    )
    print()
    report_targets(results)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def report_targets(results: dict) -> None:
    ours, naive, _ = results["24 MP JPEG", "card", "jpeg"]
    speedup = naive["ms"] / ours["ms"]
    print(
        f"target: card JPEG from the 24 MP JPEG >= {TARGET_SPEEDUP:g}x faster than "
        f"naive: {speedup:.1f}x {'OK' if speedup >= TARGET_SPEEDUP else 'MISSED'}"
    )
    peak = max(
        ours["peak_mb"] - base
        for (label, _, _), (ours, _, base) in results.items()
        if label == "50 MP JPEG"
    )
    print(
        f"target: peak under {TARGET_PEAK_MB} MB for the 50 MP JPEG: {peak:.0f} MB "
        f"{'OK' if peak < TARGET_PEAK_MB else 'MISSED'}"
    )


def python() -> list[str]:
    return [sys.executable, __file__]


def child(args: list[str], repeat: int) -> dict:
    out = subprocess.run(
        [*python(), "--repeat", str(repeat), "--child", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


# In the children


def make_sources(folder: Path) -> None:

    for _label, name, size in SOURCES:
        picture = photo_like(size)
        if name.endswith(".png"):
            picture.save(folder / name, "PNG", compress_level=1)
        else:
            picture.save(folder / name, "JPEG", quality=90)
        picture.close()


def photo_like(size: tuple[int, int]):
    """Colour gradients under coarse texture and fine grain: compresses like
    a camera photo (about 0.4 bytes a pixel at JPEG quality 90, so ~10 MB
    for 24 MP), which matters because decoding time follows the data."""
    from PIL import Image, ImageChops

    width, height = size
    picture = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").rotate(90).resize(size),
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
        ),
    )
    coarse = Image.effect_noise((width // 6, height // 6), 40).resize(
        size, Image.Resampling.BICUBIC
    )
    texture = ImageChops.add(coarse, Image.effect_noise(size, 50), scale=2.0)
    return Image.blend(picture, Image.merge("RGB", (texture,) * 3), 0.45)


def run_case(pipeline: str, source: str, spec: str, fmt: str, repeat: int) -> dict:
    """Times `repeat` renditions in this process and reports its peak RSS."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    # render() only reads settings: no django.setup(), no apps, no database.
    from articles.imaging.render import render
    from articles.imaging.specs import get_specs

    timings, output = [], ""
    spec_obj = get_specs().get(spec)  # the baseline reads settings too
    if spec_obj is not None:
        for _ in range(repeat):
            start = time.perf_counter()
            if pipeline == "ours":
                with open(source, "rb") as file:
                    rendered = render(file, spec_obj, fmt)
                size = rendered.width, rendered.height
            else:
                size = naive(source, spec_obj, fmt)
            timings.append((time.perf_counter() - start) * 1000)
        output = f"{size[0]}x{size[1]}"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "ms": statistics.median(timings) if timings else 0.0,
        "peak_mb": peak_mb,
        "output": output,
    }


def naive(source: str, spec, fmt: str) -> tuple[int, int]:
    """What one writes first: full decode, copies at every step."""
    import io

    from PIL import Image, ImageOps

    from articles.imaging.render import AVIF_SPEED, rendition_quality

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
    # The same encoder options as render(): only the pipeline differs.
    options: dict = {"quality": rendition_quality(fmt)}
    if fmt == "jpeg":
        options |= {"progressive": True, "optimize": True}
    elif fmt == "avif":
        options["speed"] = AVIF_SPEED
    picture.save(io.BytesIO(), fmt.upper(), **options)
    return size


if __name__ == "__main__":
    main()
