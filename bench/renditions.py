"""Benchmark: rendition time, peak memory and quality, ours against the
previous version, a naive Pillow pipeline and libvips (pyvips).

    .venv/bin/python bench/renditions.py [--repeat 3] [--no-quality]
    .venv/bin/python bench/renditions.py --sources 24,50 --specs full --stages

Generates large sources in a temporary folder (a 24 MP and a 50 MP JPEG with
photographic detail at quality 90, and a 17.5 MP PNG), then for each source,
for the "card" (640x360, a 16:9 crop) and "full" (2048 wide) specs in JPEG,
WebP and AVIF, times `render()` ("ours": Pillow decodes, libvips scales,
Pillow encodes), `render()` scaling with Pillow ("pillow"), `render()` with
the settings it had before issue 21 ("previous": full decode for the
2048-wide rendition, Pillow's LANCZOS, WebP effort 4, AVIF speed 8), a naive
open / exif_transpose / convert / crop / resize / save, and libvips'
thumbnail for the whole pipeline ("pyvips"). The naive
and libvips pipelines save with our encoder settings, so the difference is
the pipeline. Each case runs in a fresh subprocess, so its peak memory
(ru_maxrss, less that of a subprocess that imported the same modules and
rendered nothing) is its own. The cases of one source, spec and format run
one after the other: compare ratios within a row, not runs across machines.

Quality: for each JPEG source and spec, each pipeline's picture before
encoding and each encoded rendition against the full decode scaled with
LANCZOS (PSNR over R, G and B). --stages times decode, scale and encode one
by one for the 24 MP JPEG's 2048-wide rendition (bench/rendition_stages.py).
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
    # A 50 MP camera's size: it divides by the decoding scales, as camera
    # sizes do, so libvips scales it (8660x5773, before, went through Pillow).
    ("50 MP JPEG", "photo-50mp.jpg", (8640, 5760)),
    ("17 MP PNG", "graphic-17mp.png", (5000, 3500)),
]
SPECS = ["card", "full"]
PIPELINE_NAMES = ["ours", "pillow", "previous", "naive", "pyvips"]
FORMATS = ["jpeg", "webp", "avif"]
TARGET_SPEEDUP = 3.0  # full from the 24 MP JPEG, every format, against previous
TARGET_PEAK_MB = 150  # any rendition of the 50 MP JPEG
TARGET_PSNR = 40.0  # ours before encoding, against the full-decode reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--stages", action="store_true")
    parser.add_argument("--sources", default="24,50,17", help="e.g. 24,50")
    parser.add_argument("--specs", default=",".join(SPECS), help="card,full")
    parser.add_argument("--pipelines", default=",".join(PIPELINE_NAMES))
    parser.add_argument(
        "--child", nargs=4, metavar=("PIPELINE", "SOURCE", "SPEC", "FMT")
    )
    parser.add_argument("--quality", nargs="+", metavar="SOURCE SPEC PIPELINE")
    parser.add_argument("--stages-child", metavar="SOURCE")
    parser.add_argument("--make-sources", metavar="FOLDER")
    args = parser.parse_args()
    if args.make_sources:
        make_sources(Path(args.make_sources))
    elif args.child:
        print(json.dumps(run_case(*args.child, repeat=args.repeat)))
    elif args.quality:
        print(json.dumps(measure_quality(*args.quality)))
    elif args.stages_child:
        print(json.dumps(stages(args.stages_child, args.repeat)))
    else:
        sources = [s for s in SOURCES if s[0].split()[0] in args.sources.split(",")]
        pipelines = [p for p in PIPELINE_NAMES if p in args.pipelines.split(",")]
        compare(
            args.repeat,
            quality=not args.no_quality,
            cases=(sources, args.specs.split(","), pipelines),
            with_stages=args.stages,
        )


def compare(repeat: int, quality: bool, cases: tuple, with_stages: bool) -> None:
    # The parent never imports Pillow nor holds pixels: a child's ru_maxrss
    # starts from its parent's on Linux, so a big parent would spoil them all.
    started = time.perf_counter()
    sources, specs, pipelines = cases
    pipelines = sorted({"ours", "previous", *pipelines}, key=PIPELINE_NAMES.index)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*python(), "--make-sources", tmp], check=True, cwd=ROOT)
        base = child(["baseline", "-", "-", "-"], 1)
        if not base["pyvips"] and "pyvips" in pipelines:
            pipelines.remove("pyvips")
        print(
            f"median of {repeat} runs per case, each case in a fresh process; "
            f"peak = max RSS less {base['peak_mb']:.0f} MB (Python, Pillow, "
            f"pyvips and the pipelines imported); libvips {base['pyvips'] or 'absent'}\n"
        )
        header = f"{'source':<11} {'spec':<5} {'format':<6} {'output':>9}"
        header += "".join(f" {name + ' ms':>11}" for name in pipelines)
        header += f" {'vs prev':>7}"
        header += "".join(f" {name + ' cpu':>12}" for name in pipelines)
        header += f" {'cpu vs prev':>11}"
        header += "".join(f" {name + ' MB':>11}" for name in pipelines)
        print(header)
        results = {}
        for label, name, _size in sources:
            source = str(Path(tmp) / name)
            for spec in specs:
                for fmt in FORMATS:
                    row = {p: child([p, source, spec, fmt], repeat) for p in pipelines}
                    results[label, spec, fmt] = row
                    ms = row["ours"]["ms"]
                    line = f"{label:<11} {spec:<5} {fmt:<6} {row['ours']['output']:>9}"
                    line += "".join(f" {row[p]['ms']:>11.0f}" for p in pipelines)
                    line += f" {row['previous']['ms'] / ms:>6.1f}x"
                    line += "".join(f" {row[p]['cpu_ms']:>12.0f}" for p in pipelines)
                    cpu = row["ours"]["cpu_ms"], row["previous"]["cpu_ms"]
                    line += f" {cpu[1] / cpu[0]:>10.1f}x"
                    line += "".join(
                        f" {row[p]['peak_mb'] - base['peak_mb']:>11.0f}"
                        for p in pipelines
                    )
                    print(line, flush=True)
        print()
        psnrs = {}
        if quality:
            psnrs = print_quality(tmp, pipelines, sources, specs)
        if with_stages:
            from bench.rendition_stages import print_stages

            source = str(Path(tmp) / SOURCES[0][1])
            print_stages(
                child_json([*python(), "--stages-child", source]), SOURCES[0][0]
            )
            print()
    report_targets(results, base["peak_mb"], psnrs)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def print_quality(tmp: str, pipelines: list[str], sources, specs) -> dict:
    """PSNR against the full-decode LANCZOS reference, and file sizes."""
    compared = [p for p in pipelines if p != "naive"]
    print("quality: PSNR in dB against the full decode scaled with LANCZOS")
    header = f"{'source':<11} {'spec':<5} {'format':<6}"
    header += "".join(f" {p + ' dB':>11} {p + ' kB':>11}" for p in compared)
    print(header)
    psnrs = {}
    for label, name, _size in sources:
        if not name.endswith(".jpg"):
            continue  # no reduced decoding for PNGs: the same pixels as before
        for spec in specs:
            found = child_json(
                [*python(), "--quality", str(Path(tmp) / name), spec, *compared]
            )
            psnrs[label, spec] = found
            for fmt in ["pixels", *FORMATS]:
                line = f"{label:<11} {spec:<5} {fmt:<6}"
                for p in compared:
                    db, size = found[p][fmt]
                    kb = f"{size / 1000:.0f}" if size else "-"
                    line += f" {db:>11.1f} {kb:>11}"
                print(line, flush=True)
    return psnrs


def report_targets(results: dict, base: float, psnrs: dict) -> None:
    if ("24 MP JPEG", "full", "jpeg") not in results:
        return
    for clock in ("ms", "cpu_ms"):
        speedups = {
            fmt: results["24 MP JPEG", "full", fmt]["previous"][clock]
            / results["24 MP JPEG", "full", fmt]["ours"][clock]
            for fmt in FORMATS
        }
        slowest = min(speedups.values())
        print(
            f"target: full (2048 wide) from the 24 MP JPEG >= {TARGET_SPEEDUP:g}x "
            f"faster than previous in every format, "
            f"{'wall clock' if clock == 'ms' else 'CPU time'}: "
            + ", ".join(f"{fmt} {x:.1f}x" for fmt, x in speedups.items())
            + f" {'OK' if slowest >= TARGET_SPEEDUP else 'MISSED'}"
        )
    peaks = [
        row["ours"]["peak_mb"] - base
        for (label, _, _), row in results.items()
        if label == "50 MP JPEG"
    ]
    if peaks:
        peak = max(peaks)
        print(
            f"target: peak at most {TARGET_PEAK_MB} MB for the 50 MP JPEG: "
            f"{peak:.0f} MB {'OK' if peak <= TARGET_PEAK_MB else 'MISSED'}"
        )
    if psnrs:
        worst = min(found["ours"]["pixels"][0] for found in psnrs.values())
        print(
            f"target: ours before encoding >= {TARGET_PSNR:g} dB against the "
            f"full-decode reference: lowest {worst:.1f} dB "
            f"{'OK' if worst >= TARGET_PSNR else 'MISSED'}"
        )


def python() -> list[str]:
    return [sys.executable, __file__]


def child(args: list[str], repeat: int) -> dict:
    return child_json([*python(), "--repeat", str(repeat), "--child", *args])


def child_json(command: list[str]) -> dict:
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
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
    from articles.imaging import render  # noqa: F401 (in the baseline too)
    from articles.imaging.specs import get_specs
    from bench.rendition_pipelines import PIPELINES, vips_available

    libvips = ""
    if vips_available():  # imported by every case, the baseline too
        import pyvips

        libvips = ".".join(str(pyvips.version(i)) for i in range(3))
    timings, cpu, output = [], [], ""
    spec_obj = get_specs().get(spec)  # the baseline reads settings too
    if spec_obj is not None:
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            _data, size = PIPELINES[pipeline](source, spec_obj, fmt)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        output = f"{size[0]}x{size[1]}"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "ms": statistics.median(timings) if timings else 0.0,
        "cpu_ms": statistics.median(cpu) if cpu else 0.0,
        "peak_mb": peak_mb,
        "output": output,
        "pyvips": libvips,
    }


def stages(source: str, repeat: int) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from bench.rendition_stages import measure_stages

    return measure_stages(source, "full", repeat)


def measure_quality(source: str, spec: str, *pipelines: str) -> dict:
    """{pipeline: {"pixels" or format: [dB, bytes]}} for one source and spec."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from articles.imaging.specs import get_specs
    from bench.rendition_pipelines import (
        PIPELINES,
        decoded,
        pixels,
        psnr,
        reference,
    )

    spec_obj = get_specs()[spec]
    expected = reference(source, spec_obj)
    found = {}
    for pipeline in pipelines:
        found[pipeline] = {
            "pixels": [psnr(expected, pixels(pipeline, source, spec_obj)), 0]
        }
        for fmt in FORMATS:
            data, _size = PIPELINES[pipeline](source, spec_obj, fmt)
            found[pipeline][fmt] = [psnr(expected, decoded(data)), len(data)]
    return found


if __name__ == "__main__":
    main()
