"""Responsive derivatives of a stored original: preset widths, formats and fits only.

Sizes are fixed so that nobody can make the server render arbitrary ones: `snap_width` maps any
requested width onto the presets, and a derivative is never wider than its original. An original
narrower than a preset gets its own width as its largest size: a 500 px original has the sizes
160, 320 and 500 (never 640, which would only be an upscaled 500).

Fits:
- `ImageFit.CONTAIN` keeps the aspect ratio: the derivative is that wide, and as tall as the
  original's proportions make it.
- `ImageFit.COVER` is a square of that width, for avatars and thumbnails: the largest square the
  original holds, placed so that the focal point is as near its centre as the edges allow (a
  subject at the focal point is always in the crop), then scaled down. When the original's
  shorter side is under that width, the square keeps that side rather than being upscaled.

Derivatives carry no metadata: the original is already clean (hub.media.pipeline), and every
encode goes through `pipeline.save`, which writes nothing but the pixels and the ICC profile.
"""

from __future__ import annotations

import functools
import io
from pathlib import PurePosixPath

from PIL import Image, features

from hub.enums import ImageFit, ImageFormat
from hub.media import pipeline

WIDTHS = (160, 320, 640, 1024, 1600, 2400)
# AVIF where this Pillow can encode it (Pillow 11.3+ wheels can).
FORMATS: tuple[ImageFormat, ...] = (ImageFormat.JPEG, ImageFormat.WEBP) + (
    (ImageFormat.AVIF,) if features.check("avif") else ()
)
CONTENT_TYPES: dict[ImageFormat, str] = {
    ImageFormat.JPEG: "image/jpeg",
    ImageFormat.WEBP: "image/webp",
    ImageFormat.AVIF: "image/avif",
}
EXTENSIONS: dict[ImageFormat, str] = {
    ImageFormat.JPEG: "jpg",
    ImageFormat.WEBP: "webp",
    ImageFormat.AVIF: "avif",
}
# Derivatives are for screens: lower than the originals' 90, which are the source of every size.
QUALITY: dict[ImageFormat, int] = {
    ImageFormat.JPEG: 80,
    ImageFormat.WEBP: 80,
    ImageFormat.AVIF: 60,
}
_RESAMPLE = Image.Resampling.LANCZOS

Key = tuple[int, ImageFormat, ImageFit]


@functools.cache
def sizes(original_width: int) -> tuple[int, ...]:
    """Every width a derivative of this original may have, smallest first."""
    largest = min(original_width, WIDTHS[-1])
    return tuple(sorted({w for w in WIDTHS if w < largest} | {largest}))


def snap_width(requested: int | None, original_width: int) -> int:
    """The smallest allowed width at least as wide as asked, so that a picture never shows
    blurrier than requested; the largest allowed one when none is, or when nothing is asked."""
    allowed = sizes(original_width)
    if requested is None:
        return allowed[-1]
    return next((w for w in allowed if w >= requested), allowed[-1])


def key(storage_key: str, width: int, fmt: ImageFormat, fit: ImageFit) -> str:
    """The storage key of a derivative: `derivatives/<original's stem>/<width>-<fit>.<ext>`.

    All derivatives of an original share the folder `prefix(storage_key)`, so deleting the
    original (or changing its focal point, which COVER crops depend on) clears them in one call.
    """
    if fmt not in EXTENSIONS:
        raise ValueError(f"No derivative in {fmt.name}: the original is at {storage_key}")
    return f"{prefix(storage_key)}{width}-{fit.value}.{EXTENSIONS[fmt]}"


@functools.lru_cache(maxsize=8192)  # every image URL of a page asks it; PurePosixPath is slow
def prefix(storage_key: str) -> str:
    """The folder holding every derivative of one original, for `Storage.delete_prefix`."""
    return f"derivatives/{PurePosixPath(storage_key).stem}/"


def render(
    original: bytes, width: int, fmt: ImageFormat, fit: ImageFit, focal: tuple[float, float]
) -> bytes:
    """One derivative of a stored (already clean) original; `width` must be one of `sizes`."""
    return render_all(original, focal, fits=(fit,), widths=(width,), formats=(fmt,))[
        (width, fmt, fit)
    ]


def render_all(
    original: bytes,
    focal: tuple[float, float],
    fits: tuple[ImageFit, ...] = (ImageFit.CONTAIN,),
    *,
    widths: tuple[int, ...] | None = None,
    formats: tuple[ImageFormat, ...] = FORMATS,
) -> dict[Key, bytes]:
    """Every derivative of an original (or those of `widths`), by (width, format, fit).

    Fast on purpose: the original is decoded once, at the smallest size JPEG's DCT scaling
    allows for the largest derivative (draft mode), and each size is resized from the next larger
    one rather than from the full picture, which costs a fraction of a full-size resize."""
    largest, wanted, icc, full = _decode_largest(original, focal, fits, widths)
    out: dict[Key, bytes] = {}
    for fit, image in largest.items():
        encoded: dict[ImageFormat, bytes] = {}
        for width in wanted:
            size = _size(width, fit, full)
            # A square capped by a short original can be the same as the size above it.
            if size != image.size or not encoded:
                if size != image.size:
                    image = image.resize(size, _RESAMPLE, reducing_gap=3.0)
                encoded = {fmt: _encode(image, fmt, icc) for fmt in formats}
            for fmt in formats:
                out[(width, fmt, fit)] = encoded[fmt]
    return out


def _decode_largest(
    original: bytes,
    focal: tuple[float, float],
    fits: tuple[ImageFit, ...],
    widths: tuple[int, ...] | None,
) -> tuple[dict[ImageFit, Image.Image], list[int], bytes | None, tuple[int, int]]:
    """The largest wanted derivative of each fit, not yet encoded; the wanted widths, largest
    first; the colour profile; and the original's size."""
    with Image.open(io.BytesIO(original)) as source:
        full = source.size
        allowed = sizes(full[0])
        wanted = sorted(set(widths or allowed), reverse=True)
        unknown = set(wanted) - set(allowed)
        if unknown:
            raise ValueError(f"Width {min(unknown)} is not one of {allowed} for this original")
        # A grey profile does not describe the RGB pixels made from a grey original.
        icc = None if source.mode in ("1", "L", "LA") else source.info.get("icc_profile")
        needed = max(
            max(_size(wanted[0], fit, full)) / (min(full) if fit is ImageFit.COVER else full[0])
            for fit in fits
        )
        # The decoder may halve, quarter or eighth a JPEG for free; never below what is needed.
        source.draft(source.mode, (round(full[0] * needed), round(full[1] * needed)))
        source.load()
        base = _screen_mode(source)
        # The decoded image may be smaller than the original (draft): map original pixels on it.
        scale = (base.width / full[0], base.height / full[1])
        largest = {
            fit: base.resize(
                _size(wanted[0], fit, full),
                _RESAMPLE,
                box=_box(fit, full, focal, scale),
                reducing_gap=3.0,
            )
            for fit in fits
        }
    # The full-size pixels are released here, before any encoder runs: encoding a 2400 px AVIF
    # needs about 100 MB of its own.
    return largest, wanted, icc, full


def _size(width: int, fit: ImageFit, full: tuple[int, int]) -> tuple[int, int]:
    if fit is ImageFit.CONTAIN:
        return width, max(1, round(full[1] * width / full[0]))
    side = min(width, *full)
    return side, side


def _box(
    fit: ImageFit, full: tuple[int, int], focal: tuple[float, float], scale: tuple[float, float]
) -> tuple[float, float, float, float]:
    """The part of the decoded image a fit shows: all of it, or the COVER square."""
    if fit is ImageFit.CONTAIN:
        return 0.0, 0.0, full[0] * scale[0], full[1] * scale[1]
    crop = min(full)
    left = _clamp(focal[0] * full[0] - crop / 2, 0, full[0] - crop)
    top = _clamp(focal[1] * full[1] - crop / 2, 0, full[1] - crop)
    return left * scale[0], top * scale[1], (left + crop) * scale[0], (top + crop) * scale[1]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def _screen_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA for pictures with transparency (JPEG derivatives flatten it over white)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    return image.convert("RGBA" if pipeline.has_alpha(image) else "RGB")


def _encode(image: Image.Image, fmt: ImageFormat, icc: bytes | None) -> bytes:
    if fmt is ImageFormat.JPEG and image.mode == "RGBA":
        image = pipeline.flatten(image)
    out = io.BytesIO()
    pipeline.save(image, out, fmt.name, icc, quality=QUALITY[fmt])
    return out.getvalue()
