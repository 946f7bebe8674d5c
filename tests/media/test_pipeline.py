"""The image pipeline with real Pillow images: metadata out, orientation applied, bad files out."""

from __future__ import annotations

import struct
import zlib

import blurhash
import pytest
from pictures import (
    BLUE,
    RED,
    SECRETS,
    SRGB,
    XMP,
    assert_clean,
    camera_jpeg,
    encode,
    exif,
    near,
    noise,
    opened,
    picture,
)
from PIL import Image, ImageFile
from PIL.ExifTags import GPS, Base

from hub.media import pipeline


def png_claiming(width: int, height: int, idat: bytes = b"") -> bytes:
    """A PNG whose header claims any size: a decompression bomb needs no more than that."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def zeros_idat(width: int, height: int) -> bytes:
    """Real grey pixel rows, all black: a thousand to one when compressed."""
    compressor = zlib.compressobj(9)
    row = bytes(width + 1)
    return b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def load(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def refused(data: bytes, code: str) -> str:
    with pytest.raises(pipeline.UnsupportedImage) as caught:
        pipeline.process(data)
    assert caught.value.code == code, caught.value
    return str(caught.value)


def test_gps_serial_owner_and_xmp_are_removed_from_a_camera_jpeg() -> None:
    original = camera_jpeg()
    before = opened(original)
    assert before.getexif().get_ifd(0x8825) and "xmp" in before.info
    assert all(secret in original for secret in SECRETS)

    result = pipeline.process(original)

    assert_clean(result.data)


def test_exif_orientation_is_applied_to_the_pixels() -> None:
    # Orientation 6: the camera was turned; viewers rotate 90 degrees clockwise to show it.
    result = pipeline.process(camera_jpeg(orientation=6))

    assert (result.width, result.height) == (20, 40)
    upright = opened(result.data)
    assert upright.size == (20, 40)
    assert near(upright.getpixel((10, 5)), RED)
    assert near(upright.getpixel((10, 35)), BLUE)


def test_the_colour_profile_is_kept() -> None:
    result = pipeline.process(camera_jpeg(icc_profile=SRGB))
    assert opened(result.data).info.get("icc_profile") == SRGB


def test_it_describes_the_picture() -> None:
    image = Image.new("RGB", (300, 200), RED)
    image.paste(BLUE, (0, 0, 30, 20))

    result = pipeline.process(encode(image, "JPEG"))

    assert (result.width, result.height, result.format) == (300, 200, "JPEG")
    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert blurhash.components(result.blurhash) == (4, 3)
    assert near(tuple(int(result.dominant_color[i : i + 2], 16) for i in (1, 3, 5)), RED)
    assert len(result.sha256) == 64 and result.digest == result.sha256


def test_the_upload_is_re_encoded_even_when_that_makes_it_larger() -> None:
    # A coarsely compressed upload: the hub's encoding is larger, and still the one kept.
    gps = Image.Exif()
    gps[Base.GPSInfo] = {GPS.GPSLatitudeRef: "N", GPS.GPSLatitude: (38.0, 33.0, 35.0)}
    original = encode(noise((128, 128)), "JPEG", quality=30, exif=gps)

    result = pipeline.process(original)

    assert len(result.data) > len(original)
    assert_clean(result.data)


def test_heic_from_a_phone_is_accepted_and_stored_as_jpeg() -> None:
    original = encode(picture(), "HEIF", exif=exif(), xmp=XMP)
    assert original[4:12] == b"ftypheic" and SECRETS[0] in original

    result = pipeline.process(original)

    assert (result.format, result.content_type, result.source_format) == (
        "JPEG",
        "image/jpeg",
        "HEIF",
    )
    assert opened(result.data).format == "JPEG"
    assert_clean(result.data)
    assert near(opened(result.data).getpixel((5, 10)), RED)


def test_avif_is_accepted_kept_as_avif_turned_upright_and_cleaned() -> None:
    original = encode(picture(), "AVIF", exif=exif(orientation=6), xmp=XMP)

    result = pipeline.process(original)

    assert (result.format, result.content_type, result.extension) == ("AVIF", "image/avif", "avif")
    assert (result.width, result.height) == (20, 40)
    assert_clean(result.data)


def test_webp_is_kept_as_webp_and_cleaned() -> None:
    result = pipeline.process(encode(picture(), "WEBP", exif=exif(), xmp=XMP))
    assert (result.format, result.content_type) == ("WEBP", "image/webp")
    assert_clean(result.data)


def test_a_lossless_webp_stays_lossless() -> None:
    image = picture((16, 16))
    image.putpixel((3, 3), (1, 2, 3))
    result = pipeline.process(encode(image, "WEBP", lossless=True))
    assert opened(result.data).getpixel((3, 3)) == (1, 2, 3)


def test_png_stays_png_and_keeps_transparency() -> None:
    result = pipeline.process(encode(Image.new("RGBA", (10, 10), (0, 0, 0, 0)), "PNG"))
    assert (result.format, result.content_type) == ("PNG", "image/png")
    after = opened(result.data)
    assert after.mode == "RGBA" and after.getpixel((0, 0)) == (0, 0, 0, 0)


def test_palette_png_keeps_its_transparent_colour() -> None:
    image = Image.new("P", (10, 10), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    result = pipeline.process(encode(image, "PNG", transparency=1))
    assert opened(result.data).info.get("transparency") == 1
    # Shown over white, a fully transparent picture is white.
    assert result.dominant_color == "#ffffff"


def test_a_cmyk_jpeg_becomes_rgb() -> None:
    result = pipeline.process(encode(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG"))
    after = opened(result.data)
    assert after.mode == "RGB" and near(after.getpixel((4, 4)), (255, 0, 0), 60)


def test_a_phone_mpo_with_its_second_picture_is_accepted() -> None:
    first, second = picture(), picture().transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    original = encode(first, "MPO", save_all=True, append_images=[second], exif=exif())
    result = pipeline.process(original)
    assert result.format == "JPEG"
    assert_clean(result.data)


def test_the_same_file_gives_the_same_bytes() -> None:
    assert pipeline.process(camera_jpeg()) == pipeline.process(camera_jpeg())


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG"),
        (b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>", "HTML"),
        (b"\xef\xbb\xbf  <html><script>alert(1)</script>", "HTML"),
        (encode(picture(), "PDF"), "PDF"),
        (encode(picture().convert("P"), "GIF"), "GIF"),
        (encode(picture(), "BMP"), "BMP"),
        (encode(picture(), "TIFF"), "TIFF"),
        (b"PK\x03\x04 a zip archive", "ZIP"),
        (b"just some text", "not an image"),
        (b"", "not an image"),
    ],
)
def test_what_is_not_an_accepted_image_is_refused_by_name(data: bytes, named: str) -> None:
    message = refused(data, "unsupported_type")
    assert named in message and "JPEG, PNG, WebP, AVIF or HEIC" in message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_file_is_refused_as_corrupt(fmt: str) -> None:
    whole = encode(picture((200, 200)), fmt, quality=95) if fmt != "PNG" else camera_png()
    message = refused(whole[: len(whole) * 2 // 3], "corrupt")
    assert "damaged" in message


def camera_png() -> bytes:
    return encode(noise((200, 200)), "PNG")


def test_a_jpeg_with_garbage_instead_of_a_header_is_corrupt() -> None:
    refused(b"\xff\xd8\xff" + bytes(200), "corrupt")


@pytest.mark.usefixtures("no_decoding")
@pytest.mark.parametrize(
    "side",
    [
        30_000,  # past Pillow's own error threshold
        10_000,  # past Pillow's warning threshold only
        7_500,  # past the hub's MAX_PIXELS only
    ],
)
def test_a_decompression_bomb_is_refused_from_its_header(side: int) -> None:
    message = refused(png_claiming(side, side), "too_many_pixels")
    assert "50,000,000 pixels" in message


@pytest.mark.usefixtures("no_decoding")
def test_a_real_compressed_bomb_is_refused_before_decoding() -> None:
    bomb = png_claiming(8_000, 8_000, zeros_idat(8_000, 8_000))
    assert len(bomb) < 200_000  # 64 megapixels in a few dozen kilobytes
    assert "8000x8000 pixels" in refused(bomb, "too_many_pixels")


def test_the_pixel_limit_is_a_setting_of_the_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_PIXELS", 100)
    assert "40x20 pixels: keep it under 100 pixels" in refused(camera_jpeg(), "too_many_pixels")


@pytest.mark.parametrize(
    "payload",
    [
        b"<html><script>fetch('/steal')</script></html>",
        b"<?php system($_GET['c']); ?>",
        b"PK\x03\x04" + bytes(30) + b"PK\x05\x06" + bytes(18),  # a ZIP (or JAR, or DOCX)
        b"\x00 some payload a tool could find",
    ],
)
def test_a_polyglot_with_data_after_the_picture_is_refused(payload: bytes) -> None:
    for fmt in ("JPEG", "PNG", "WEBP"):
        message = refused(encode(picture(), fmt) + payload, "unsupported_type")
        assert "other data after the picture" in message


def test_a_payload_inside_the_picture_does_not_survive_re_encoding() -> None:
    script = b"<script>alert('polyglot')</script>"
    original = encode(picture(), "JPEG", comment=script)
    assert script in original

    result = pipeline.process(original)

    assert script not in result.data and b"<script" not in result.data


def test_padding_after_the_picture_is_harmless() -> None:
    assert pipeline.process(encode(picture(), "JPEG") + bytes(64)).width == 40
    assert pipeline.process(encode(picture(), "PNG") + b"\n").width == 40


def test_a_motion_photo_video_after_the_jpeg_is_accepted() -> None:
    video = struct.pack(">I", 24) + b"ftypmp42" + bytes(12) + b"moov-and-mdat-boxes"
    assert pipeline.process(encode(picture(), "JPEG") + video).format == "JPEG"


def test_every_refusal_has_a_code_and_a_message() -> None:
    for error_type, code in [
        (pipeline.UnsupportedImage, "unsupported_type"),
        (pipeline.TooManyPixels, "too_many_pixels"),
        (pipeline.CorruptImage, "corrupt"),
    ]:
        error = error_type("What to do.")
        assert isinstance(error, pipeline.UnsupportedImage)
        assert (error.code, error.message, str(error)) == (code, "What to do.", "What to do.")
