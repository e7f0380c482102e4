"""Demo photos drawn with Pillow, so a fresh install has real images without
shipping or downloading any. Each scene is deterministic: the same name gives
the same bytes (with the same Pillow), which is what lets the library's
content hash recognise it on a second run."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from functools import cache
from random import Random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 800
RGB = tuple[int, int, int]


def gradient(
    top: RGB, bottom: RGB, size: tuple[int, int] = (WIDTH, HEIGHT)
) -> Image.Image:
    """A vertical blend from `top` to `bottom`."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask
    )


def shade(color: RGB, rng: Random, spread: int = 18) -> RGB:
    """`color`, a little lighter or darker, so repeated shapes look less flat."""
    r, g, b = (max(0, min(255, c + rng.randint(-spread, spread))) for c in color)
    return r, g, b


def skyline(
    draw: ImageDraw.ImageDraw, rng: Random, base: int, color: RGB, *, lit: bool
) -> None:
    x = 0
    while x < WIDTH:
        width, height = rng.randint(40, 110), rng.randint(60, 300)
        draw.rectangle([x, base - height, x + width, base], fill=shade(color, rng, 8))
        if lit:
            for wy in range(base - height + 12, base - 10, 18):
                for wx in range(x + 8, x + width - 10, 16):
                    if rng.random() < 0.45:
                        draw.rectangle([wx, wy, wx + 6, wy + 8], fill=(255, 214, 120))
        x += width + rng.randint(0, 12)


def harbour(rng: Random) -> Image.Image:
    image = gradient((150, 175, 205), (236, 226, 208))
    draw = ImageDraw.Draw(image)
    skyline(draw, rng, 470, (92, 104, 120), lit=False)
    draw.rectangle([0, 470, WIDTH, HEIGHT], fill=(38, 78, 108))
    for _ in range(220):
        x, y = rng.randint(0, WIDTH), rng.randint(480, HEIGHT)
        draw.line([x, y, x + rng.randint(10, 40), y], fill=(90, 130, 160), width=2)
    # The floating barrier: orange segments along a gentle curve.
    for i in range(26):
        x = i * 48
        y = 600 + int(30 * math.sin(i / 4))
        draw.rounded_rectangle([x, y, x + 42, y + 18], radius=8, fill=(236, 110, 36))
    return image


def prairie(rng: Random) -> Image.Image:
    image = gradient((110, 116, 128), (196, 196, 188))
    draw = ImageDraw.Draw(image)
    for i, y in enumerate(range(430, HEIGHT, 34)):
        gold = (206, 170, 82) if i % 2 else (178, 146, 66)
        draw.rectangle([0, y, WIDTH, y + 34 + i * 3], fill=shade(gold, rng, 6))
    # A grain elevator on the horizon.
    draw.rectangle([860, 220, 940, 440], fill=(140, 56, 50))
    draw.polygon([(850, 220), (900, 170), (950, 220)], fill=(110, 44, 40))
    draw.rectangle([940, 330, 1010, 440], fill=(150, 64, 56))
    rain = Image.new("L", image.size, 0)
    rain_draw = ImageDraw.Draw(rain)
    for _ in range(500):
        x, y = rng.randint(-100, WIDTH), rng.randint(0, HEIGHT)
        rain_draw.line([x, y, x + 12, y + 40], fill=90, width=1)
    return Image.composite(Image.new("RGB", image.size, (230, 232, 236)), image, rain)


def rail(rng: Random) -> Image.Image:
    image = gradient((176, 198, 222), (230, 220, 200))
    draw = ImageDraw.Draw(image)
    horizon, vanish = 360, (600, 360)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(120, 112, 96))
    draw.polygon([(380, HEIGHT), (820, HEIGHT), vanish], fill=(96, 90, 82))
    for step in range(1, 40):
        t = (step / 40) ** 2
        y = horizon + (HEIGHT - horizon) * t
        half = 20 + 300 * t
        draw.line(
            [600 - half, y, 600 + half, y], fill=(70, 52, 40), width=max(1, int(10 * t))
        )
    for rail_x in (440, 760):
        draw.line([rail_x, HEIGHT, *vanish], fill=(190, 190, 196), width=6)
    # A signal with its red light on.
    draw.rectangle([930, 180, 944, 520], fill=(50, 50, 54))
    draw.rounded_rectangle([905, 150, 970, 250], radius=12, fill=(30, 30, 32))
    draw.ellipse([922, 168, 952, 198], fill=(230, 40, 30))
    return image


def shelves(rng: Random) -> Image.Image:
    image = gradient((236, 236, 230), (200, 200, 196))
    draw = ImageDraw.Draw(image)
    palette = [
        (200, 50, 40),
        (40, 110, 180),
        (240, 190, 40),
        (60, 150, 80),
        (240, 240, 236),
    ]
    for shelf_y in range(120, HEIGHT, 170):
        x = 40
        while x < WIDTH - 80:
            width, height = rng.randint(40, 80), rng.randint(70, 140)
            draw.rectangle(
                [x, shelf_y - height, x + width, shelf_y],
                fill=shade(rng.choice(palette), rng),
            )
            draw.rectangle(
                [x + 8, shelf_y - height + 14, x + width - 8, shelf_y - height + 30],
                fill=(250, 250, 250),
            )
            x += width + 6
        draw.rectangle([0, shelf_y, WIDTH, shelf_y + 16], fill=(130, 130, 136))
    return image


def network(rng: Random) -> Image.Image:
    image = gradient((10, 22, 48), (24, 60, 90))
    points = [(rng.randint(40, WIDTH - 40), rng.randint(40, 560)) for _ in range(46)]
    links = Image.new("RGB", image.size)
    draw = ImageDraw.Draw(links)
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            if math.dist((x1, y1), (x2, y2)) < 190:
                draw.line([x1, y1, x2, y2], fill=(60, 150, 200), width=2)
    for x, y in points:
        draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(140, 230, 255))
    glow = links.filter(ImageFilter.GaussianBlur(8))
    image = ImageChops.add(ImageChops.add(image, glow), links)
    hills = ImageDraw.Draw(image)
    hills.polygon(
        [
            (0, 640),
            (300, 560),
            (640, 620),
            (900, 540),
            (WIDTH, 600),
            (WIDTH, HEIGHT),
            (0, HEIGHT),
        ],
        fill=(8, 18, 30),
    )
    return image


def skyline_at_dusk(rng: Random) -> Image.Image:
    image = gradient((58, 40, 100), (246, 146, 80))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randint(0, WIDTH), rng.randint(0, 240)
        draw.point([(x, y), (x + 1, y)], fill=(255, 250, 230))
    skyline(draw, rng, 640, (36, 30, 56), lit=True)
    draw.rectangle([0, 640, WIDTH, HEIGHT], fill=(28, 24, 40))
    # A night train crossing the bottom of the frame.
    draw.rounded_rectangle([-40, 650, 1100, 720], radius=24, fill=(60, 70, 96))
    for x in range(0, 1060, 46):
        draw.rectangle([x + 10, 668, x + 38, 690], fill=(255, 224, 150))
    return image


def kiosks(rng: Random) -> Image.Image:
    image = gradient((196, 214, 226), (176, 180, 184))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(120, 124, 128))
    draw.rectangle([0, 540, WIDTH, 560], fill=(200, 200, 196))
    for x in (160, 520, 880):
        draw.rounded_rectangle([x, 250, x + 170, 545], radius=18, fill=(20, 140, 130))
        for row in range(4):
            top = 280 + row * 62
            level = rng.randint(1, 5)
            draw.rectangle(
                [x + 30, top, x + 140, top + 40], outline=(240, 240, 240), width=4
            )
            draw.rectangle([x + 140, top + 12, x + 148, top + 28], fill=(240, 240, 240))
            draw.rectangle(
                [x + 36, top + 6, x + 36 + level * 20, top + 34], fill=(120, 230, 90)
            )
    for x in (380, 740):  # two parked bikes
        for wheel in (x, x + 110):
            draw.ellipse(
                [wheel - 45, 600, wheel + 45, 690], outline=(30, 30, 34), width=6
            )
        draw.line(
            [x, 645, x + 50, 590, x + 110, 645, x + 40, 645, x, 645],
            fill=(200, 60, 40),
            width=6,
        )
    return image


def aurora(rng: Random) -> Image.Image:
    image = gradient((4, 8, 28), (24, 44, 72))
    bands = Image.new("RGB", image.size)
    draw = ImageDraw.Draw(bands)
    for band in range(3):
        phase, height = rng.uniform(0, math.tau), 160 + band * 70
        points = [
            (x, height + 50 * math.sin(x / 150 + phase))
            for x in range(0, WIDTH + 10, 10)
        ]
        draw.line(points, fill=(40, 200 - band * 30, 120 + band * 30), width=36)
    image = ImageChops.add(image, bands.filter(ImageFilter.GaussianBlur(22)))
    draw = ImageDraw.Draw(image)
    for _ in range(90):
        x, y = rng.randint(0, WIDTH), rng.randint(0, 420)
        draw.point((x, y), fill=(230, 236, 255))
    draw.polygon(
        [(0, 560), (400, 500), (760, 570), (WIDTH, 520), (WIDTH, HEIGHT), (0, HEIGHT)],
        fill=(214, 226, 240),
    )
    # The new health centre, windows lit.
    draw.rectangle([520, 470, 780, 580], fill=(70, 60, 58))
    draw.polygon([(500, 470), (650, 420), (800, 470)], fill=(48, 42, 40))
    for x in range(540, 760, 44):
        draw.rectangle([x, 500, x + 24, 530], fill=(255, 210, 120))
    return image


def port(rng: Random) -> Image.Image:
    image = gradient((168, 192, 214), (226, 230, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 600, WIDTH, HEIGHT], fill=(44, 84, 112))
    draw.rectangle([0, 560, WIDTH, 600], fill=(110, 110, 112))
    colors = [
        (190, 60, 40),
        (40, 90, 160),
        (230, 170, 40),
        (60, 130, 90),
        (150, 150, 156),
    ]
    for column in range(14):
        x = 60 + column * 78
        for level in range(rng.randint(2, 6)):
            y = 560 - (level + 1) * 34
            draw.rectangle(
                [x, y, x + 72, y + 32], fill=shade(rng.choice(colors), rng, 10)
            )
            for rib in range(x + 8, x + 70, 10):
                draw.line([rib, y + 4, rib, y + 28], fill=(0, 0, 0), width=1)
    for x in (180, 620, 1000):  # gantry cranes
        red = (196, 52, 40)
        draw.line([x, 560, x, 180, x + 120, 180, x + 120, 560], fill=red, width=10)
        draw.line([x - 160, 200, x + 260, 200], fill=red, width=12)
        draw.line([x + 60, 200, x + 60, 300], fill=(40, 40, 40), width=3)
    return image


def carnival(rng: Random) -> Image.Image:
    image = gradient((190, 214, 238), (246, 248, 252))
    draw = ImageDraw.Draw(image)
    draw.polygon(
        [(0, 520), (360, 460), (700, 540), (WIDTH, 480), (WIDTH, HEIGHT), (0, HEIGHT)],
        fill=(240, 244, 250),
    )
    for x in (260, 560, 860):  # ice sculptures
        draw.polygon([(x, 600), (x + 60, 360), (x + 120, 600)], fill=(170, 214, 236))
        draw.polygon(
            [(x + 60, 360), (x + 120, 600), (x + 80, 600)], fill=(130, 186, 220)
        )
    # Flags on a sagging line.
    flag_colors = [(220, 50, 50), (40, 110, 200), (250, 190, 30), (60, 160, 90)]
    points = [(x, 246 - 0.00035 * (x - 600) ** 2) for x in range(0, WIDTH + 1, 40)]
    draw.line(points, fill=(80, 80, 90), width=3)
    for i, (x, y) in enumerate(points[:-1]):
        draw.polygon(
            [(x + 6, y), (x + 34, y), (x + 20, y + 36)], fill=flag_colors[i % 4]
        )
    for _ in range(160):
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.randint(2, 5)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255))
    return image


SCENES: dict[str, Callable[[Random], Image.Image]] = {
    "harbour": harbour,
    "prairie": prairie,
    "rail": rail,
    "shelves": shelves,
    "network": network,
    "skyline": skyline_at_dusk,
    "kiosks": kiosks,
    "aurora": aurora,
    "port": port,
    "carnival": carnival,
}


@cache
def render_jpeg(scene: str) -> bytes:
    """The scene as a 1200×800 JPEG. Cached: the bytes never change."""
    image = SCENES[scene](Random(scene))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
