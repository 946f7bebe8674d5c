"""S3-compatible object storage (AWS S3, MinIO) behind the Storage interface, with boto3."""

from __future__ import annotations

from typing import Any, BinaryIO, cast

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from hub.media.storage import StorageError, check_key, check_prefix, content_type

_MISSING = {"404", "NoSuchKey", "NotFound"}
# DeleteObjects takes at most 1,000 keys a call.
_BATCH = 1000


class S3Storage:
    """Files as objects in one bucket, under an optional key prefix (`hub/originals/...`).

    Blocking calls, like every Storage: the content layer runs them in a thread. A boto3
    client (unlike a resource) is safe to share between threads."""

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None,
        region: str,
        access_key: str | None,
        secret_key: str | None,
        prefix: str = "",
    ) -> None:
        self.bucket = bucket
        self.prefix = check_prefix(prefix.rstrip("/") + "/") if prefix.strip("/") else ""
        # MinIO and most S3-compatible servers want path-style URLs (host/bucket/key).
        addressing = "path" if endpoint_url else "auto"
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            # None lets boto3 find credentials itself (an instance role, ~/.aws).
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": addressing},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def check(self) -> None:
        """Fail at startup, not at the first upload, when the bucket cannot be reached."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError) as error:
            raise StorageError(
                f"S3 bucket {self.bucket!r} cannot be used ({error}): create it, or check "
                "HUB_S3_ENDPOINT_URL, HUB_S3_REGION and the AWS_ACCESS_KEY_ID credentials"
            ) from error

    def save(self, key: str, data: bytes) -> None:
        # One PUT: S3 never shows a partly written object.
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type(key)
        )

    def open(self, key: str) -> BinaryIO:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if _code(error) in _MISSING:
                raise FileNotFoundError(f"No file {key!r} in storage") from error
            raise
        # botocore's StreamingBody reads, iterates and closes like a binary file.
        return cast(BinaryIO, response["Body"])

    def read(self, key: str) -> bytes:
        with self.open(key) as body:
            return body.read()

    def delete(self, key: str) -> None:
        # Deleting a missing object succeeds on S3, as `delete` promises.
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def delete_prefix(self, prefix: str) -> None:
        full = self.prefix + check_prefix(prefix)
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=full
        )
        keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
        for start in range(0, len(keys), _BATCH):
            batch = [{"Key": k} for k in keys[start : start + _BATCH]]
            response = self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
            )
            if response.get("Errors"):
                first = response["Errors"][0]
                raise StorageError(
                    f"S3 refused to delete {first.get('Key')}: {first.get('Message')}"
                )

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if _code(error) in _MISSING:
                return False
            raise
        return True


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
