"""Where image files live: the Storage interface, its local-folder backend and the factory."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

from hub.settings import Settings

# Keys are chosen by the hub (`originals/<hash>.jpg`), never by a caller: a strict shape keeps
# any path trick out of every backend.
KEY_RE = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*\.[a-z0-9]+$")
# A prefix is a folder (`derivatives/ab12/`): never empty, so nothing can delete everything.
PREFIX_RE = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*/$")
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "avif": "image/avif",
}


class StorageError(RuntimeError):
    """The storage cannot be used; the message names what to check."""


class Storage(Protocol):
    """A flat namespace of files by key; blocking calls, so async code runs them in a thread."""

    def save(self, key: str, data: bytes) -> None:
        """Write the whole file at once; a reader never sees part of it."""

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the file; FileNotFoundError when there is none."""

    def read(self, key: str) -> bytes:
        """The whole file; FileNotFoundError when there is none."""

    def delete(self, key: str) -> None:
        """Remove the file; nothing happens when there is none."""

    def delete_prefix(self, prefix: str) -> None:
        """Remove every file whose key starts with `prefix`, a folder such as `derivatives/ab/`."""

    def exists(self, key: str) -> bool:
        """Whether the file is there."""

    def check(self) -> None:
        """Raise StorageError at startup when the storage cannot be used."""


def check_key(key: str) -> str:
    if not KEY_RE.match(key):
        raise ValueError(
            f"Storage key {key!r}: use lowercase path segments like originals/ab12.jpg"
        )
    return key


def check_prefix(prefix: str) -> str:
    if not PREFIX_RE.match(prefix):
        raise ValueError(
            f"Storage prefix {prefix!r}: use lowercase path segments ending in /, like "
            "derivatives/ab12/"
        )
    return prefix


def content_type(key: str) -> str:
    return CONTENT_TYPES.get(key.rpartition(".")[2], "application/octet-stream")


def make_storage(settings: Settings) -> Storage:
    """The backend `settings.storage` names: `local` (settings.media_dir) or `s3`."""
    if settings.storage == "s3":
        # boto3 takes a while to import: only deployments that use it pay for it.
        from hub.media.s3 import S3Storage

        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url or None,
            region=settings.s3_region,
            access_key=settings.aws_access_key_id or None,
            secret_key=settings.aws_secret_access_key or None,
            prefix=settings.s3_prefix,
        )
    return LocalStorage(settings.media_dir)


class LocalStorage:
    """Files under one folder (`settings.media_dir`), which the app serves at /media/."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"Media folder {self.root} cannot be used: {error}") from error

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def save(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a reader never sees half a file, and a crash leaves no partial one.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            # mkstemp makes the file private; media is public, and a web server may serve it.
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        folder = self.root / check_prefix(prefix)
        # A prefix names a folder here: removed whole, with any half-written temporary file.
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(folder)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()
