"""Storage backends behave alike: a local folder, and S3 against moto's server on loopback."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from hub.media.s3 import S3Storage, StorageError
from hub.media.storage import LocalStorage, Storage, make_storage
from hub.settings import Settings, SettingsError

BUCKET = "hub-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """An S3 endpoint on 127.0.0.1 only: no request leaves the machine."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=url, region_name="us-east-1", **CREDENTIALS).create_bucket(
        Bucket=BUCKET
    )
    yield url
    server.stop()


def s3_storage(url: str, prefix: str = "") -> S3Storage:
    return S3Storage(
        bucket=BUCKET,
        endpoint_url=url,
        region="us-east-1",
        access_key="testing",
        secret_key="testing",
        prefix=prefix,
    )


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path)
    # A fresh prefix per test keeps tests independent within one bucket.
    url = request.getfixturevalue("moto_url")
    return s3_storage(url, prefix=f"t{uuid.uuid4().hex[:12]}")


def test_a_saved_file_reads_back_whole(storage: Storage) -> None:
    storage.save("originals/ab12.jpg", b"\xff\xd8picture")
    assert storage.exists("originals/ab12.jpg")
    assert storage.read("originals/ab12.jpg") == b"\xff\xd8picture"
    with storage.open("originals/ab12.jpg") as stream:
        assert stream.read() == b"\xff\xd8picture"


def test_saving_again_replaces_the_file(storage: Storage) -> None:
    storage.save("originals/ab12.jpg", b"first")
    storage.save("originals/ab12.jpg", b"second")
    assert storage.read("originals/ab12.jpg") == b"second"


def test_a_missing_file_is_file_not_found(storage: Storage) -> None:
    assert not storage.exists("originals/none.jpg")
    with pytest.raises(FileNotFoundError):
        storage.read("originals/none.jpg")
    with pytest.raises(FileNotFoundError):
        storage.open("originals/none.jpg")


def test_delete_removes_the_file_and_is_idempotent(storage: Storage) -> None:
    storage.save("originals/ab12.jpg", b"x")
    storage.delete("originals/ab12.jpg")
    storage.delete("originals/ab12.jpg")
    assert not storage.exists("originals/ab12.jpg")


def test_delete_prefix_removes_one_folder_and_nothing_else(storage: Storage) -> None:
    for key in ("derivatives/ab12/160-contain.jpg", "derivatives/ab12/320-cover.webp"):
        storage.save(key, b"x")
    storage.save("derivatives/ab123/160-contain.jpg", b"kept: its name only starts alike")
    storage.save("originals/ab12.jpg", b"kept")

    storage.delete_prefix("derivatives/ab12/")
    storage.delete_prefix("derivatives/ab12/")

    assert not storage.exists("derivatives/ab12/160-contain.jpg")
    assert not storage.exists("derivatives/ab12/320-cover.webp")
    assert storage.exists("derivatives/ab123/160-contain.jpg")
    assert storage.exists("originals/ab12.jpg")


@pytest.mark.parametrize("key", ["../etc/passwd.jpg", "/abs.jpg", "Originals/A.jpg", "a/b", ""])
def test_keys_outside_the_strict_shape_are_refused(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError, match="Storage key"):
        storage.save(key, b"x")


@pytest.mark.parametrize("prefix", ["", "/", "derivatives", "../", "derivatives/../"])
def test_a_prefix_that_could_reach_everything_is_refused(storage: Storage, prefix: str) -> None:
    with pytest.raises(ValueError, match="Storage prefix"):
        storage.delete_prefix(prefix)


def test_s3_objects_live_under_the_prefix_with_their_content_type(moto_url: str) -> None:
    s3_storage(moto_url, prefix="site-a").save("originals/ab12.avif", b"x")
    client = boto3.client("s3", endpoint_url=moto_url, region_name="us-east-1", **CREDENTIALS)
    head = client.head_object(Bucket=BUCKET, Key="site-a/originals/ab12.avif")
    assert head["ContentType"] == "image/avif"
    assert not s3_storage(moto_url, prefix="site-b").exists("originals/ab12.avif")


def test_s3_check_names_a_missing_bucket(moto_url: str) -> None:
    s3_storage(moto_url).check()
    missing = S3Storage("no-such-bucket", moto_url, "us-east-1", "testing", "testing")
    with pytest.raises(StorageError, match="no-such-bucket"):
        missing.check()


def test_settings_choose_the_backend(tmp_path: Path, moto_url: str) -> None:
    local = make_storage(Settings.from_env({"HUB_DATA_DIR": str(tmp_path)}))
    assert isinstance(local, LocalStorage) and local.root == tmp_path / "media"

    settings = Settings.from_env(
        {
            "HUB_STORAGE": "s3",
            "HUB_S3_BUCKET": BUCKET,
            "HUB_S3_ENDPOINT_URL": moto_url,
            "HUB_S3_PREFIX": "hub",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
    )
    remote = make_storage(settings)
    assert isinstance(remote, S3Storage) and remote.prefix == "hub/"
    remote.save("originals/cd34.jpg", b"y")
    assert remote.read("originals/cd34.jpg") == b"y"
    assert "testing" not in repr(settings).replace("aws_access_key_id='testing'", "")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HUB_STORAGE": "ftp"}, "HUB_STORAGE='ftp': use one of local, s3"),
        ({"HUB_STORAGE": "s3"}, "needs HUB_S3_BUCKET"),
        ({"HUB_STORAGE": "s3", "HUB_S3_BUCKET": "b", "HUB_S3_ENDPOINT_URL": "minio:9000"}, "URL"),
    ],
)
def test_wrong_storage_settings_say_what_to_fix(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)
