"""The image pipeline: bytes in, clean bytes and metadata out (pure: no I/O, no database).

What makes an upload safe to serve:
- The type comes from the bytes, never from the file name or the declared content type, and each
  file is parsed only by the one Pillow decoder its signature names (no format guessing, so no
  PostScript, SVG or PDF interpreter is ever reached).
- The pixel count is checked from the header, before a single pixel is decoded.
- The whole image is decoded, so a truncated or corrupt file is refused rather than stored.
- Only re-encoded pixels are kept. A polyglot (a JPEG that is also an HTML page, a ZIP or a
  script, its payload in a comment, in metadata or after the end of the picture) loses that
  payload, because the hub's encoder writes the file anew from the decoded pixels: no byte of the
  upload reaches storage, even when the re-encoded file is larger. Data after the end of the
  picture is refused as well when it is cheap to see.
- No EXIF, XMP, IPTC or comment survives (GPS positions, camera serials and owners' names put the
  women shown at risk): the EXIF rotation is applied to the pixels first, then the picture is
  written without metadata. Only the ICC colour profile is kept.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from dataclasses import dataclass

import blurhash
import pillow_heif
from PIL import Image, ImageCms, ImageOps

# Phones send HEIC; the opener is registered once, and only used for files sniffed as HEIF.
# Thumbnails, depth maps and auxiliary images are never used: do not decode them.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# Accepted inputs (the sniffed kind) and what each is stored as. HEIC becomes JPEG: browsers
# other than Safari cannot show it.
STORED_AS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "AVIF": "AVIF", "HEIF": "JPEG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}
ACCEPTED = "a JPEG, PNG, WebP, AVIF or HEIC photo"
# The original is the source of every derivative: keep it close to what was uploaded.
JPEG_QUALITY = 90
AVIF_QUALITY = 80
# More than any phone camera produces (a 12 MP photo is 12,000,000), and well under Pillow's
# own decompression-bomb threshold (89,478,485), so this check is always the one that answers.
MAX_PIXELS = 50_000_000
# A 4x3-component BlurHash needs few pixels, and the encoder is pure Python: O(pixels).
_PLACEHOLDER_SIDE = 16

UNSUPPORTED_TYPE = "unsupported_type"
TOO_MANY_PIXELS = "too_many_pixels"
CORRUPT = "corrupt"


class UnsupportedImage(ValueError):
    """The bytes are not an image the hub accepts; `code` says why, the message what to do."""

    code = UNSUPPORTED_TYPE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooManyPixels(UnsupportedImage):
    """A decompression bomb, or simply a picture larger than any camera makes."""

    code = TOO_MANY_PIXELS


class CorruptImage(UnsupportedImage):
    """The signature says image, but the data is truncated or damaged."""

    code = CORRUPT


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    format: str
    width: int
    height: int
    blurhash: str
    dominant_color: str
    # What the upload was (HEIF for a HEIC from a phone), for messages and logs only.
    source_format: str = ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def digest(self) -> str:
        return self.sha256


def process(data: bytes) -> ProcessedImage:
    """Check, fully decode, turn upright (EXIF orientation), drop every metadata block but the
    colour profile, re-encode, and describe the result. Raises `UnsupportedImage`."""
    kind = sniff(data)
    image, icc = _decode(data, kind)
    fmt = STORED_AS[kind]
    image, icc = _encodable(image, fmt, icc)
    out = io.BytesIO()
    save(image, out, fmt, icc, original=True, lossless=kind == "WEBP" and _webp_lossless(data))
    thumb = _thumbnail(image)
    return ProcessedImage(
        data=out.getvalue(),
        format=fmt,
        width=image.width,
        height=image.height,
        blurhash=placeholder(thumb),
        dominant_color=dominant_color(thumb),
        source_format=kind,
    )


def save(
    image: Image.Image,
    out: io.BytesIO,
    fmt: str,
    icc: bytes | None,
    *,
    original: bool = False,
    lossless: bool = False,
    quality: int | None = None,
) -> None:
    """Encode without any metadata but `icc`: the only way the pipeline writes pixels."""
    # Encoders read a few blocks from `info` as well as from their arguments (a JPEG comment,
    # the ICC profile): keep only transparency, which is pixels, not metadata.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        # Progressive JPEGs show a whole blurry picture early on slow connections.
        options.update(quality=quality or JPEG_QUALITY, optimize=True, progressive=not original)
    elif fmt == "WEBP":
        # method 2 is 2-3x faster than the default 4, for files no larger on photographs.
        options.update(quality=quality or JPEG_QUALITY, method=4 if original else 2)
        if lossless:
            options.update(lossless=True, quality=80, method=4)
    elif fmt == "AVIF":
        # speed 8 is about 3x faster than the default 6 for the same size at the same quality.
        options.update(quality=quality or AVIF_QUALITY, speed=6 if original else 8)
    image.save(out, fmt, **options)


def sniff(data: bytes) -> str:
    """The accepted kind named by the file's signature, or `UnsupportedImage` naming what it is."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brands = _ftyp_brands(data)
        if brands & {b"avif", b"avis"}:
            return "AVIF"
        if brands & {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}:
            return "HEIF"
        raise UnsupportedImage(f"Videos and other media are not accepted: upload {ACCEPTED}.")
    name = _known_other(data)
    if name:
        raise UnsupportedImage(f"{name} files are not accepted: upload {ACCEPTED}.")
    raise UnsupportedImage(f"This file is not an image: upload {ACCEPTED}.")


def _ftyp_brands(data: bytes) -> set[bytes]:
    size = int.from_bytes(data[:4], "big")
    box = data[8 : min(max(size, 16), 256)]
    return {box[0:4]} | {box[at : at + 4] for at in range(8, len(box) - 3, 4)}


_MARKUP = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<\s*(!doctype\s+)?(\w+)", re.I | re.S
)
_SIGNATURES = (
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"%!PS", "PostScript"),
    (b"PK\x03\x04", "ZIP"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "Photoshop"),
)


def _known_other(data: bytes) -> str | None:
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    text = data[:1024].removeprefix(b"\xef\xbb\xbf")
    markup = _MARKUP.match(text)
    if markup:
        tag = markup.group(2).lower()
        return "SVG" if tag == b"svg" else "HTML" if tag in (b"html", b"head", b"body") else "XML"
    return None


def _decode(data: bytes, kind: str) -> tuple[Image.Image, bytes | None]:
    try:
        # Only the decoder the signature names: a file never reaches any other parser.
        source = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Past Pillow's own limit, its check answers first (as an error, or a warning that
        # the test suite turns into one): still a header-only refusal.
        raise TooManyPixels(
            f"The image is too large: keep it under {MAX_PIXELS:,} pixels."
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise CorruptImage(f"This {kind} file is damaged: upload another copy.") from None
    try:
        if source.width * source.height > MAX_PIXELS:
            raise TooManyPixels(
                f"The image is {source.width}x{source.height} pixels: keep it under "
                f"{MAX_PIXELS:,} pixels in all."
            )
        icc = source.info.get("icc_profile") or None
        try:
            # load() decodes every pixel, so truncation and damage show now, not when a
            # visitor's browser meets them. Turned in place: no second full-size copy.
            source.load()
            ImageOps.exif_transpose(source, in_place=True)
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, RuntimeError):
            raise CorruptImage(f"This {kind} file is damaged: upload another copy.") from None
    except UnsupportedImage:
        source.close()
        raise
    _check_trailer(data, kind)
    return source, icc


def _encodable(image: Image.Image, fmt: str, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """The image in a mode `fmt` can store, with a profile that still describes its pixels."""
    if image.mode == "CMYK":
        return _cmyk_to_rgb(image, icc)
    wanted = image.mode
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        return flatten(image) if has_alpha(image) else image.convert("RGB"), _same(image, icc)
    if fmt == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        wanted = "RGBA"
    if fmt in ("WEBP", "AVIF") and image.mode not in ("RGB", "RGBA"):
        wanted = "RGBA" if has_alpha(image) else "RGB"
    if wanted == image.mode:
        return image, icc
    return image.convert(wanted), _same(image, icc)


def _same(image: Image.Image, icc: bytes | None) -> bytes | None:
    # A grey profile does not describe the RGB pixels a conversion made; a palette's does.
    grey = image.mode in ("1", "L", "LA", "I", "I;16", "F")
    return None if grey else icc


def _cmyk_to_rgb(image: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """Convert through the embedded CMYK profile when there is one: a naive conversion of a
    print file gives washed-out colours."""
    if icc:
        try:
            srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
            if converted is not None:
                return converted, srgb.tobytes()
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert("RGB"), None


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency shown over white, as a page would show it."""
    if has_alpha(image):
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return image.convert("RGB")


def _thumbnail(image: Image.Image) -> Image.Image:
    # Resized without a full-size copy: the decoded photo is the largest thing in memory.
    if image.mode in ("1", "P", "PA"):
        image = image.convert("RGBA" if has_alpha(image) else "RGB")
    scale = _PLACEHOLDER_SIDE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return flatten(image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0))


def _webp_lossless(data: bytes) -> bool:
    at = 12
    while at + 8 <= len(data) and at < 1 << 16:
        fourcc, size = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "little")
        if fourcc in (b"VP8 ", b"VP8L"):
            return fourcc == b"VP8L"
        at += 8 + size + (size & 1)
    return False


# --- Data after the end of the picture ---------------------------------------------------------

# Markers of content that a browser, a PDF reader or an unzip tool would act upon.
_ACTIVE = re.compile(
    rb"<\s*(?:script|html|svg|body|iframe|object|embed|meta|\?php|!doctype)|%PDF-", re.I
)
_ZIP_END = b"PK\x05\x06"
_JPEG_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")
_BOX_TYPE = re.compile(rb"[\x20-\x7e]{4}")


def _check_trailer(data: bytes, kind: str) -> None:
    """Refuse non-trivial data after the end of the picture (a polyglot's usual hiding place).

    Phones append harmless trailers to JPEGs (a second picture in an MPO, the video of a motion
    photo, Samsung's SEF block), so those pass unless they carry active content."""
    end = _image_end(data, kind)
    if end is None or end >= len(data):
        return
    trailer = data[end:]
    if not trailer.strip(b"\x00\xff \t\r\n"):
        return
    active = _ACTIVE.search(trailer) or _ZIP_END in trailer[-65_600:]
    phone = kind == "JPEG" and (
        trailer.startswith(b"\xff\xd8\xff") or trailer[4:8] == b"ftyp" or trailer.endswith(b"SEFT")
    )
    if active or not phone:
        raise UnsupportedImage(
            f"This file carries other data after the picture: save it again as a plain "
            f"{kind} (or export it from a photo app) and upload that."
        )


def _image_end(data: bytes, kind: str) -> int | None:
    """Where the picture's own structure ends, or None when it cannot be told cheaply."""
    try:
        if kind == "PNG":
            return _png_end(data)
        if kind == "WEBP":
            size = int.from_bytes(data[4:8], "little")
            return 8 + size + (size & 1)
        if kind == "JPEG":
            return _jpeg_end(data)
        return _boxes_end(data)
    except (IndexError, struct.error):
        return None


def _png_end(data: bytes) -> int | None:
    at = 8
    while at + 12 <= len(data):
        length: int = struct.unpack_from(">I", data, at)[0]
        chunk = data[at + 4 : at + 8]
        at += 12 + length
        if chunk == b"IEND":
            return at
    return None


def _jpeg_end(data: bytes) -> int | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker == 0xD9:
            return at + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
        else:
            at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
            if marker == 0xDA:
                # Entropy-coded data: the next marker is an 0xFF not followed by 0 (a stuffed
                # byte), a restart marker or another 0xFF.
                found = _JPEG_MARKER.search(data, at)
                if found is None:
                    return None
                at = found.start()
    return None


def _boxes_end(data: bytes) -> int:
    """ISO base media (AVIF, HEIF): the end of the last well-formed top-level box."""
    at = 0
    while at + 8 <= len(data):
        size, box = struct.unpack_from(">I4s", data, at)
        if size == 1:
            size = struct.unpack_from(">Q", data, at + 8)[0]
        elif size == 0:
            return len(data)
        if size < 8 or at + size > len(data) or not _BOX_TYPE.fullmatch(box):
            return at
        at += size
    return at


# --- Placeholders ------------------------------------------------------------------------------


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
