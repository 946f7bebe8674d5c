"""Demo pictures drawn with Pillow: abstract art, portraits as shapes, mountains, suzani, logos."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw
from PIL.ExifTags import GPS, Base

from hub.seed.plan import Art

Colour = tuple[int, int, int]
# Atlas silk and suzani colours.
PALETTE: list[Colour] = [
    (179, 32, 42),
    (232, 178, 58),
    (31, 122, 90),
    (43, 58, 140),
    (217, 85, 122),
    (42, 165, 160),
    (243, 233, 210),
    (29, 29, 43),
    (228, 107, 43),
    (107, 45, 92),
]
SKIN: list[Colour] = [(224, 172, 105), (198, 134, 66), (241, 194, 125), (141, 85, 36)]
JPEG_QUALITY = 85
# Dushanbe: a real-looking position, so that a test can prove the pipeline removes it.
_GPS = {
    GPS.GPSLatitudeRef: "N",
    GPS.GPSLatitude: (38.0, 33.0, 35.0),
    GPS.GPSLongitudeRef: "E",
    GPS.GPSLongitude: (68.0, 47.0, 13.0),
}


def draw(art: Art) -> bytes:
    """The JPEG a camera or an artist would hand in: same Art, same bytes."""
    rng = random.Random(art.seed)
    colours = rng.sample(PALETTE, 5)
    image = Image.new("RGB", art.size, colours[0])
    STYLES[art.style](ImageDraw.Draw(image), rng, art.size, colours)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, exif=_camera_exif() if art.photo else b"")
    return out.getvalue()


def _camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "DemoCam"
    exif[Base.Model] = "DC-1"
    exif[Base.Orientation] = 1
    exif[Base.GPSInfo] = _GPS
    return exif


Painter = Callable[[ImageDraw.ImageDraw, random.Random, tuple[int, int], list[Colour]], None]


def _abstract(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], colours: list[Colour]
) -> None:
    width, height = size
    for _ in range(rng.randint(8, 14)):
        colour = rng.choice(colours[1:])
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randint(height // 12, height // 3)
        shape = rng.randrange(4)
        if shape == 0:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        elif shape == 1:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
        elif shape == 2:
            points = [(x + rng.randint(-r, r), y + rng.randint(-r, r)) for _ in range(3)]
            draw.polygon(points, fill=colour)
        else:
            draw.arc(
                (x - r, y - r, x + r, y + r),
                rng.randrange(360),
                rng.randrange(360),
                fill=colour,
                width=max(4, r // 6),
            )


def _portrait(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], colours: list[Colour]
) -> None:
    width, height = size
    cx, cy = width // 2, int(height * 0.42)
    halo = int(min(width, height) * 0.36)
    draw.ellipse((cx - halo, cy - halo, cx + halo, cy + halo), fill=colours[1])
    draw.ellipse(
        (int(width * 0.12), int(height * 0.7), int(width * 0.88), int(height * 1.35)),
        fill=colours[2],
    )
    rx, ry = int(width * 0.16), int(height * 0.15)
    skin = rng.choice(SKIN)
    draw.rectangle((cx - rx // 3, cy + ry // 2, cx + rx // 3, int(height * 0.75)), fill=skin)
    # A headscarf (rumol): a larger oval behind the face, dotted like a printed chintz.
    scarf = colours[3]
    draw.ellipse((cx - rx * 1.35, cy - ry * 1.3, cx + rx * 1.35, cy + ry * 1.45), fill=scarf)
    dot = colours[4]
    for _ in range(40):
        angle = rng.uniform(0, 2 * math.pi)
        x = cx + math.cos(angle) * rx * rng.uniform(1.05, 1.3)
        y = cy + math.sin(angle) * ry * rng.uniform(1.05, 1.35)
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=dot)
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=skin)
    eye_y, eye_dx = cy - ry // 6, rx // 2
    for ex in (cx - eye_dx, cx + eye_dx):
        draw.ellipse((ex - 7, eye_y - 4, ex + 7, eye_y + 4), fill=(29, 29, 43))
    draw.arc(
        (cx - rx // 3, cy + ry // 4, cx + rx // 3, cy + ry // 2),
        20,
        160,
        fill=(150, 40, 50),
        width=3,
    )


def _landscape(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], colours: list[Colour]
) -> None:
    width, height = size
    top, bottom = (rng.randint(90, 150), rng.randint(150, 200), 235), (250, 214, 165)
    for y in range(height):
        t = y / height
        sky = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line((0, y, width, y), fill=sky)
    sx, sy, sr = rng.randrange(width), rng.randint(height // 8, height // 3), height // 10
    draw.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=(250, 240, 200))
    for layer in range(3):
        base = int(height * (0.55 + 0.15 * layer))
        shade = 60 + 50 * (2 - layer)
        colour = (shade // 2, shade, int(shade * 0.8))
        points = [(0, height)]
        x = 0
        while x < width:
            points.append((x, base - rng.randint(0, height // (3 + layer))))
            x += rng.randint(width // 10, width // 5)
        points += [(width, base - rng.randint(0, height // 4)), (width, height)]
        draw.polygon(points, fill=colour)
        if layer == 0:
            for px, py in points[1:-1]:
                if py < base - height // 6:
                    draw.polygon([(px - 18, py + 22), (px, py), (px + 18, py + 22)], fill="white")


def _pattern(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], colours: list[Colour]
) -> None:
    width, height = size
    draw.rectangle((0, 0, width, height), fill=(243, 233, 210))
    step = rng.choice([160, 200, 240])
    for row, cy in enumerate(range(step // 2, height + step // 2, step)):
        offset = step // 2 if row % 2 else 0
        for cx in range(step // 2 - offset, width + step, step):
            petal = rng.choice(colours[:3])
            r = step // 3
            for k in range(8):
                angle = k * math.pi / 4
                px, py = cx + math.cos(angle) * r, cy + math.sin(angle) * r
                draw.ellipse((px - r // 2, py - r // 2, px + r // 2, py + r // 2), fill=petal)
            draw.ellipse(
                (cx - r // 1.5, cy - r // 1.5, cx + r // 1.5, cy + r // 1.5), fill=colours[3]
            )
            draw.ellipse((cx - r // 3, cy - r // 3, cx + r // 3, cy + r // 3), fill=colours[4])


def _logo(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], colours: list[Colour]
) -> None:
    width, height = size
    draw.rectangle((0, 0, width, height), fill="white")
    cx, cy, r = width // 2, height // 2, int(min(width, height) * 0.32)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colours[1])
    inner = r * rng.uniform(0.4, 0.7)
    sides = rng.randint(3, 6)
    points = [
        (
            cx + math.cos(2 * math.pi * k / sides) * inner,
            cy + math.sin(2 * math.pi * k / sides) * inner,
        )
        for k in range(sides)
    ]
    draw.polygon(points, fill=colours[2])


STYLES: dict[str, Painter] = {
    "abstract": _abstract,
    "portrait": _portrait,
    "landscape": _landscape,
    "pattern": _pattern,
    "logo": _logo,
}
