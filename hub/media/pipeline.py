"""The image pipeline: bytes in, clean bytes and metadata out (pure: no I/O, no database)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import blurhash
from PIL import Image, ImageOps, UnidentifiedImageError

# Allow-listed inputs and what each is stored as. MPO is what many phones call their JPEGs.
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
JPEG_QUALITY = 85
# Well under Pillow's decompression-bomb threshold, and more than any phone camera produces.
MAX_PIXELS = 50_000_000
# A 4x3-component BlurHash needs few pixels, and the encoder is pure Python: O(pixels).
_PLACEHOLDER_SIZE = (16, 16)


class UnsupportedImage(ValueError):
    """The bytes are not an image the hub accepts; the message says what is accepted."""


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    format: str
    width: int
    height: int
    blurhash: str
    dominant_color: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def process(data: bytes) -> ProcessedImage:
    """Decode, turn upright (EXIF orientation), drop every metadata block but the colour
    profile, re-encode, and describe the result."""
    decoded, fmt, icc = _decode(data)
    image = _encodable(decoded, fmt)
    # A CMYK or grey profile does not describe the RGB pixels a conversion made.
    if image.mode[:1] != decoded.mode[:1] and decoded.mode not in ("P", "PA"):
        icc = None
    # Encoders copy some blocks from `info` (a JPEG comment, for one): keep only transparency,
    # which is pixels, not metadata.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=JPEG_QUALITY, method=4)
    else:
        options.update(optimize=True)
    image.save(out, fmt, **options)
    thumb = image.copy()
    thumb.thumbnail(_PLACEHOLDER_SIZE)
    thumb = _flatten(thumb)
    return ProcessedImage(
        data=out.getvalue(),
        format=fmt,
        width=image.width,
        height=image.height,
        blurhash=placeholder(thumb),
        dominant_color=dominant_color(thumb),
    )


def _decode(data: bytes) -> tuple[Image.Image, str, bytes | None]:
    accepted = "JPEG, PNG or WebP"
    try:
        source = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise UnsupportedImage(
            f"The image is too large: keep it under {MAX_PIXELS:,} pixels."
        ) from None
    except (UnidentifiedImageError, OSError):
        raise UnsupportedImage(f"This file is not an image: upload a {accepted}.") from None
    with source:
        fmt = FORMATS.get(source.format or "")
        if fmt is None:
            raise UnsupportedImage(f"{source.format} images are not accepted: use {accepted}.")
        if source.width * source.height > MAX_PIXELS:
            raise UnsupportedImage(
                f"The image is {source.width}x{source.height} pixels: keep it under "
                f"{MAX_PIXELS:,} pixels in all."
            )
        icc = source.info.get("icc_profile")
        try:
            # exif_transpose returns a new, loaded image, so nothing reads `source` afterwards.
            image = ImageOps.exif_transpose(source)
        except (OSError, SyntaxError, ValueError):
            raise UnsupportedImage(f"This image is damaged: upload another {accepted}.") from None
    return image, fmt, icc


def _encodable(image: Image.Image, fmt: str) -> Image.Image:
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if fmt == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        return image.convert("RGBA")
    if fmt == "WEBP" and image.mode not in ("RGB", "RGBA"):
        has_alpha = image.mode in ("LA", "PA", "RGBa") or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency shown over white, as a page would show it."""
    if image.mode in ("RGBA", "LA", "PA", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return image.convert("RGB")


def placeholder(thumb: Image.Image) -> str:
    """A BlurHash of a small RGB image, with more components along its longer side."""
    width, height = thumb.size
    x, y = (4, 3) if width >= height else (3, 4)
    raw = thumb.tobytes()
    stride = width * 3
    rows = [
        [raw[at : at + 3] for at in range(row * stride, (row + 1) * stride, 3)]
        for row in range(height)
    ]
    return str(blurhash.encode(rows, components_x=x, components_y=y))


def dominant_color(thumb: Image.Image) -> str:
    """The most common of a few representative colours, as #rrggbb."""
    quantized = thumb.quantize(colors=5, method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    counts = quantized.getcolors() or [(1, 0)]
    # Ties go to the lower palette index, so the answer never depends on the order of counts.
    _, index = max(counts, key=lambda item: (item[0], -item[1]))
    assert isinstance(index, int)  # a palette image counts palette indexes
    red, green, blue = palette[index * 3 : index * 3 + 3]
    return f"#{red:02x}{green:02x}{blue:02x}"
