"""Storing an image: a clean file and its row together, or neither."""

from __future__ import annotations

import functools
import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from hub import tables
from hub.access import ANONYMOUS, SYSTEM
from hub.content import images
from hub.enums import Locale
from hub.errors import ErrorCode, HubError
from hub.media.storage import LocalStorage

ALT = {Locale.TG: "Расми кӯҳ", Locale.EN: "A mountain"}
_COLOURS = itertools.count(1)


def photo(camera: str = "Secret-Camera-7") -> bytes:
    """A picture no other test stores (keys are content hashes), carrying a camera name."""
    n = next(_COLOURS)
    image = Image.new("RGB", (64, 48), (n * 37 % 256, n * 11 % 256, 90))
    exif = Image.Exif()
    exif[0x010F] = camera
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def store(run: Callable[..., Any], storage: LocalStorage, data: bytes, **options: Any) -> Any:
    return run(functools.partial(images.store, SYSTEM, storage, data, **options))


def test_a_stored_image_has_its_clean_file_and_row(run: Callable[..., Any], tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    row = store(run, storage, photo(), alt=ALT, credit="Zarina Qodirova")

    assert row["storage_key"].startswith("originals/") and row["storage_key"].endswith(".jpg")
    assert (row["width"], row["height"], row["content_type"]) == (64, 48, "image/jpeg")
    assert (row["alt_tg"], row["alt_ru"], row["alt_en"]) == ("Расми кӯҳ", "", "A mountain")
    assert row["blurhash"] and row["dominant_color"].startswith("#")
    saved = storage.read(row["storage_key"])
    assert b"Secret-Camera-7" not in saved
    assert not Image.open(io.BytesIO(saved)).getexif()


def test_a_failed_insert_leaves_no_file(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(*rows: Any) -> Any:
        raise ConnectionError("database down")

    monkeypatch.setattr(tables.Image, "insert", database_down)
    with pytest.raises(ConnectionError):
        store(run, LocalStorage(tmp_path), photo(), alt=ALT)
    assert files(tmp_path) == []


def test_the_same_picture_twice_gets_two_unlinked_images(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    # One photo in an anonymous story and in its author's portfolio must not share an id or URL.
    storage = LocalStorage(tmp_path)
    data = photo()
    first = store(run, storage, data, alt=ALT)
    second = store(run, storage, data, alt=ALT)
    assert first["id"] != second["id"]
    assert first["storage_key"] != second["storage_key"]
    assert storage.exists(first["storage_key"]) and storage.exists(second["storage_key"])


@pytest.mark.parametrize(
    ("data", "options", "field"),
    [
        (b"not a picture", {"alt": ALT}, "file"),
        (None, {}, "alt"),
        (None, {"alt": ALT, "focal": (1.5, 0.5)}, "focal_point"),
    ],
)
def test_what_cannot_be_stored_writes_nothing(
    run: Callable[..., Any], tmp_path: Path, data: bytes | None, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(HubError) as error:
        store(run, LocalStorage(tmp_path), data or photo(), **options)
    assert [p.field for p in error.value.problems] == [field]
    assert files(tmp_path) == []


def test_decorative_images_need_no_alt_text(run: Callable[..., Any], tmp_path: Path) -> None:
    row = store(run, LocalStorage(tmp_path), photo(), decorative=True)
    assert row["decorative"] is True


def test_only_editors_store_images(run: Callable[..., Any], tmp_path: Path) -> None:
    with pytest.raises(HubError) as error:
        run(functools.partial(images.store, ANONYMOUS, LocalStorage(tmp_path), photo(), alt=ALT))
    assert error.value.problems[0].code is ErrorCode.FORBIDDEN
