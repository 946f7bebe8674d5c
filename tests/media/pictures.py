"""Real pictures made with Pillow for the media tests: no file is downloaded or committed."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageCms
from PIL.ExifTags import GPS, IFD, Base

RED, BLUE = (220, 20, 30), (20, 40, 200)
# What a phone writes about its owner: none of it may reach a stored or served file.
SECRETS = (b"Secret-Camera-7", b"SN-0042-LEAK", b"Dilnoza Owner", b"where-i-live")
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">where-i-live</x:xmpmeta>'
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif(orientation: int = 1) -> Image.Exif:
    """A camera's EXIF block: make, owner, serial number and a GPS position in Dushanbe."""
    data = Image.Exif()
    data[Base.Make] = SECRETS[0].decode()
    data[Base.Artist] = SECRETS[2].decode()
    data[Base.Orientation] = orientation
    data.get_ifd(IFD.Exif).update(
        {Base.BodySerialNumber: SECRETS[1].decode(), Base.CameraOwnerName: SECRETS[2].decode()}
    )
    data[Base.GPSInfo] = {
        GPS.GPSLatitudeRef: "N",
        GPS.GPSLatitude: (38.0, 33.0, 35.0),
        GPS.GPSLongitudeRef: "E",
        GPS.GPSLongitude: (68.0, 47.0, 13.0),
    }
    return data


def picture(size: tuple[int, int] = (40, 20), mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue."""
    image = Image.new(mode, size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def noise(size: tuple[int, int], seed: int = 4) -> Image.Image:
    """Deterministic RGB noise: the hardest thing to compress."""
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def camera_jpeg(size: tuple[int, int] = (40, 20), orientation: int = 1, **options: object) -> bytes:
    """A JPEG as a phone makes it: EXIF with GPS, serial and owner, XMP and a comment."""
    return encode(
        picture(size),
        "JPEG",
        quality=95,
        exif=exif(orientation),
        xmp=XMP,
        comment=b"where-i-live",
        **options,
    )


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def near(pixel: object, colour: tuple[int, ...], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < tolerance for a, b in zip(pixel, colour, strict=False))


def assert_clean(data: bytes) -> None:
    """No EXIF, GPS, XMP or comment, read by Pillow and searched for in the raw bytes."""
    image = opened(data)
    assert not image.getexif()
    assert not image.getexif().get_ifd(Base.GPSInfo)
    assert {"exif", "xmp", "XML:com.adobe.xmp", "comment"}.isdisjoint(image.info)
    for marker in (*SECRETS, b"Exif\x00\x00", b"xmpmeta", b"GPS"):
        assert marker not in data, marker
