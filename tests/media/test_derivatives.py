"""Responsive derivatives: preset sizes only, right formats and pixels, focal crops, no metadata."""

from __future__ import annotations

import pytest
from pictures import BLUE, RED, SRGB, assert_clean, camera_jpeg, encode, near, opened, picture
from PIL import Image

from hub.enums import ImageFit, ImageFormat
from hub.media import derivatives, pipeline
from hub.media.storage import check_key

CONTAIN, COVER = ImageFit.CONTAIN, ImageFit.COVER
PIL_NAMES = {ImageFormat.JPEG: "JPEG", ImageFormat.WEBP: "WEBP", ImageFormat.AVIF: "AVIF"}


def stored(image: Image.Image, **options: object) -> bytes:
    """What the hub keeps for an upload: the pipeline's clean original."""
    return pipeline.process(encode(image, "JPEG", quality=95, **options)).data


def test_the_presets_and_formats() -> None:
    assert derivatives.WIDTHS == (160, 320, 640, 1024, 1600, 2400)
    assert derivatives.FORMATS == (ImageFormat.JPEG, ImageFormat.WEBP, ImageFormat.AVIF)
    assert derivatives.CONTENT_TYPES[ImageFormat.AVIF] == "image/avif"
    assert derivatives.CONTENT_TYPES[ImageFormat.WEBP] == "image/webp"
    assert derivatives.CONTENT_TYPES[ImageFormat.JPEG] == "image/jpeg"


@pytest.mark.parametrize(
    ("requested", "original_width", "snapped"),
    [
        (700, 4000, 1024),  # rounds up: never blurrier than asked
        (640, 4000, 640),
        (1, 4000, 160),
        (-5, 4000, 160),
        (10_000, 4000, 2400),  # the largest preset, whatever is asked
        (None, 4000, 2400),
        (700, 500, 500),  # a 500 px original: its own width is its largest size
        (200, 500, 320),
        (None, 100, 100),
        (2400, 2400, 2400),
    ],
)
def test_requested_widths_snap_to_a_preset_and_never_upscale(
    requested: int | None, original_width: int, snapped: int
) -> None:
    assert derivatives.snap_width(requested, original_width) == snapped


def test_the_sizes_of_a_small_original_stop_at_its_width() -> None:
    assert derivatives.sizes(500) == (160, 320, 500)
    assert derivatives.sizes(100) == (100,)
    assert derivatives.sizes(6000) == derivatives.WIDTHS


def test_derivative_keys_are_valid_storage_keys_in_one_folder() -> None:
    key = derivatives.key("originals/ab12cd.jpg", 320, ImageFormat.WEBP, COVER)
    assert key == "derivatives/ab12cd/320-cover.webp" == check_key(key)
    assert derivatives.key("originals/ab12cd.png", 160, ImageFormat.AVIF, CONTAIN).startswith(
        derivatives.prefix("originals/ab12cd.png")
    )
    with pytest.raises(ValueError, match="ORIGINAL"):
        derivatives.key("originals/ab12cd.jpg", 320, ImageFormat.ORIGINAL, CONTAIN)


def test_every_size_and_format_is_rendered_with_the_right_dimensions() -> None:
    original = stored(picture((1000, 500)))

    rendered = derivatives.render_all(original, (0.5, 0.5), fits=(CONTAIN, COVER))

    expected_widths = (160, 320, 640, 1000)
    assert set(rendered) == {
        (w, f, fit)
        for w in expected_widths
        for f in derivatives.FORMATS
        for fit in (CONTAIN, COVER)
    }
    for (width, fmt, fit), data in rendered.items():
        image = opened(data)
        assert image.format == PIL_NAMES[fmt]
        # COVER squares of a 500 px tall original stop at 500: never upscaled.
        assert image.size == ((width, width // 2) if fit is CONTAIN else (min(width, 500),) * 2)


def test_contain_keeps_the_picture() -> None:
    original = stored(picture((1000, 500)))
    for fmt in derivatives.FORMATS:
        image = opened(derivatives.render(original, 320, fmt, CONTAIN, (0.5, 0.5))).convert("RGB")
        assert image.size == (320, 160)
        assert near(image.getpixel((40, 80)), RED), fmt
        assert near(image.getpixel((280, 80)), BLUE), fmt


def with_red_square(at: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", (1200, 400), BLUE)
    image.paste(RED, (at[0] - 20, at[1] - 20, at[0] + 20, at[1] + 20))
    return image


@pytest.mark.parametrize("width", [160, 320])
def test_cover_crops_keep_the_focal_point(width: int) -> None:
    # The subject sits near the right edge; a centred square would cut it off.
    original = stored(with_red_square((1100, 200)))
    focal = (1100 / 1200, 0.5)

    crop = opened(derivatives.render(original, width, ImageFormat.JPEG, COVER, focal))

    assert crop.size == (width, width)
    # The square is the right-most 400 px: the subject is at 300/400 of its width.
    assert near(crop.getpixel((width * 3 // 4, width // 2)), RED)
    centred = opened(derivatives.render(original, width, ImageFormat.JPEG, COVER, (0.5, 0.5)))
    assert not any(
        near(centred.getpixel((x, y)), RED) for x in range(0, width, 8) for y in range(0, width, 8)
    )


def test_render_all_gives_the_same_crops_as_render() -> None:
    original = stored(with_red_square((150, 200)))
    focal = (150 / 1200, 0.5)
    every = derivatives.render_all(original, focal, fits=(COVER,))
    for width in (160, 320):
        crop = opened(every[(width, ImageFormat.WEBP, COVER)]).convert("RGB")
        assert near(crop.getpixel((width * 150 // 400, width // 2)), RED)


def test_a_size_outside_the_presets_is_refused() -> None:
    with pytest.raises(ValueError, match="Width 300 is not one of"):
        derivatives.render(stored(picture((1000, 500))), 300, ImageFormat.JPEG, CONTAIN, (0.5, 0.5))


def test_no_derivative_carries_metadata_but_every_one_keeps_the_colour_profile() -> None:
    original = pipeline.process(camera_jpeg((800, 600), orientation=6, icc_profile=SRGB)).data

    rendered = derivatives.render_all(original, (0.5, 0.5), fits=(CONTAIN, COVER))

    for (width, _, fit), data in rendered.items():
        assert_clean(data)
        image = opened(data)
        assert image.info.get("icc_profile") == SRGB
        # Upright: the camera's 800x600 was turned, so the stored picture is 600 wide.
        if fit is CONTAIN:
            assert image.size == (width, round(width * 4 / 3))


def test_transparency_survives_in_webp_and_avif_and_is_white_in_jpeg() -> None:
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    image.paste((*RED, 255), (0, 0, 200, 200))
    original = pipeline.process(encode(image, "PNG")).data

    rendered = derivatives.render_all(original, (0.5, 0.5))

    for fmt in (ImageFormat.WEBP, ImageFormat.AVIF):
        out = opened(rendered[(160, fmt, CONTAIN)])
        assert out.mode == "RGBA" and out.getchannel("A").getpixel((150, 40)) == 0, fmt
    jpeg = opened(rendered[(160, ImageFormat.JPEG, CONTAIN)])
    assert near(jpeg.getpixel((150, 40)), (255, 255, 255)) and near(jpeg.getpixel((10, 40)), RED)


def test_a_grey_original_gives_grey_pictures_without_a_wrong_profile() -> None:
    original = stored(Image.new("L", (400, 200), 128))
    for data in derivatives.render_all(original, (0.5, 0.5)).values():
        image = opened(data).convert("RGB")
        assert near(image.getpixel((10, 10)), (128, 128, 128), 8)
        assert "icc_profile" not in opened(data).info
