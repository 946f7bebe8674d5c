"""The image pipeline with real Pillow images: metadata out, orientation applied, facts right."""

from __future__ import annotations

import io

import blurhash
import pytest
from PIL import Image, ImageCms
from PIL.ExifTags import GPS, Base

from hub.media import pipeline

RED, BLUE = (220, 20, 30), (20, 40, 200)
SECRET = "Secret-Camera-7"


def jpeg(size: tuple[int, int] = (40, 20), orientation: int = 1, **options: object) -> bytes:
    """Left half red, right half blue, with a camera name and a GPS position."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[Base.Make] = SECRET
    exif[Base.Orientation] = orientation
    exif[Base.GPSInfo] = {
        GPS.GPSLatitudeRef: "N",
        GPS.GPSLatitude: (38.0, 33.0, 35.0),
        GPS.GPSLongitudeRef: "E",
        GPS.GPSLongitude: (68.0, 47.0, 13.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif, **options)
    return out.getvalue()


def near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


def test_gps_and_camera_metadata_are_removed() -> None:
    original = jpeg(xmp=b"<x:xmpmeta>where I live</x:xmpmeta>", comment=b"my street")
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(Base.GPSInfo)

    result = pipeline.process(original)

    with Image.open(io.BytesIO(result.data)) as after:
        assert not after.getexif()
        assert not after.getexif().get_ifd(Base.GPSInfo)
        assert {"exif", "xmp", "comment"}.isdisjoint(after.info)
    for marker in (SECRET.encode(), b"Exif\x00\x00", b"xmpmeta", b"my street"):
        assert marker not in result.data


def test_exif_orientation_is_applied() -> None:
    # Orientation 6: the camera was turned; viewers rotate 90 degrees clockwise to show it.
    result = pipeline.process(jpeg(orientation=6))

    assert (result.width, result.height) == (20, 40)
    with Image.open(io.BytesIO(result.data)) as upright:
        assert upright.size == (20, 40)
        assert near(upright.getpixel((10, 5)), RED)
        assert near(upright.getpixel((10, 35)), BLUE)


def test_the_colour_profile_is_kept() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    result = pipeline.process(jpeg(icc_profile=profile))
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.info.get("icc_profile") == profile


def test_it_describes_the_picture() -> None:
    image = Image.new("RGB", (300, 200), RED)
    image.paste(BLUE, (0, 0, 30, 20))
    out = io.BytesIO()
    image.save(out, "JPEG")

    result = pipeline.process(out.getvalue())

    assert (result.width, result.height, result.format) == (300, 200, "JPEG")
    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert blurhash.components(result.blurhash) == (4, 3)
    red = tuple(int(result.dominant_color[i : i + 2], 16) for i in (1, 3, 5))
    assert near(red, RED), result.dominant_color
    assert len(result.digest) == 64


def test_png_stays_png_and_keeps_transparency() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG")
    result = pipeline.process(out.getvalue())
    assert (result.format, result.content_type) == ("PNG", "image/png")
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.mode == "RGBA" and after.getpixel((0, 0)) == (0, 0, 0, 0)


def test_palette_png_keeps_its_transparent_colour() -> None:
    image = Image.new("P", (10, 10), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    out = io.BytesIO()
    image.save(out, "PNG", transparency=1)
    result = pipeline.process(out.getvalue())
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.info.get("transparency") == 1
    # Shown over white, a fully transparent picture is white.
    assert result.dominant_color == "#ffffff"


def test_the_same_file_gives_the_same_bytes() -> None:
    assert pipeline.process(jpeg()) == pipeline.process(jpeg())


def test_what_is_not_an_accepted_image_is_refused() -> None:
    with pytest.raises(pipeline.UnsupportedImage, match="not an image"):
        pipeline.process(b"GIF? no: plain text")
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF")
    with pytest.raises(pipeline.UnsupportedImage, match="GIF images are not accepted"):
        pipeline.process(gif.getvalue())


def test_huge_images_are_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_PIXELS", 100)
    with pytest.raises(pipeline.UnsupportedImage, match="40x20 pixels: keep it under 100 pixels"):
        pipeline.process(jpeg())
