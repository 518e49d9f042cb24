"""Where uploaded files live: a local folder on one machine, S3-compatible object storage
shared by every instance when STORAGE_S3_BUCKET is set. Blobs by key, nothing more."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

# Keys are made by our own code (photos.py): lower-case words, digits and slashes only, so a
# key can never climb out of the local folder or name something else in the bucket.
KEY = re.compile(r"^[a-z0-9_-]+(/[a-z0-9_-]+)*\.[a-z]{2,4}$")


class StorageUnavailable(Exception):
    """The object storage cannot be reached now (down, refused, timed out, denied)."""


class Store(Protocol):
    """Blobs by key."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key` (replacing what was there)."""

    def get(self, key: str) -> bytes | None:
        """The blob under `key`, or None when there is none."""

    def delete(self, key: str) -> None:
        """Delete the blob under `key`; nothing happens when there is none."""


def check_key(key: str) -> str:
    """The key itself when it is one our code makes; ValueError otherwise."""
    if not KEY.match(key):
        raise ValueError("not a storage key")
    return key


class LocalStore:
    """A folder on this machine: the key is the file's path below it (the layout of before)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        """The file that holds `key`."""
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write the file whole or not at all: a reader never sees half a photo."""
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:  # a full or read-only disk: the upload is refused, as for S3
            raise StorageUnavailable(type(error).__name__) from error

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None."""
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageUnavailable(type(error).__name__) from error

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        try:
            self.path(key).unlink(missing_ok=True)
        except OSError as error:
            raise StorageUnavailable(type(error).__name__) from error


class S3Store:
    """A bucket of S3-compatible object storage, shared by every instance."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Upload the object."""
        with _unreachable_as_one_error():
            self.client.put_object(
                Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type
            )

    def get(self, key: str) -> bytes | None:
        """Download the object, or None when the bucket has no such key."""
        from botocore.exceptions import ClientError

        with _unreachable_as_one_error():
            try:
                answer = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
            except ClientError as error:
                if _code(error) in ("NoSuchKey", "404"):
                    return None
                raise
            return answer["Body"].read()

    def delete(self, key: str) -> None:
        """Delete the object (S3 answers the same whether it was there or not)."""
        with _unreachable_as_one_error():
            self.client.delete_object(Bucket=self.bucket, Key=check_key(key))


@contextmanager
def _unreachable_as_one_error() -> Iterator[None]:
    """botocore's many ways of failing as StorageUnavailable, with the error's name only: its
    text can carry the endpoint's address and the key."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as error:
        raise StorageUnavailable(f"ClientError {_code(error)}") from None
    except BotoCoreError as error:
        raise StorageUnavailable(type(error).__name__) from None


def _code(error: Any) -> str:
    """The S3 error code of a ClientError (NoSuchKey, AccessDenied, …)."""
    return str(error.response.get("Error", {}).get("Code", ""))


_CLIENTS: dict[tuple[object, ...], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def s3_client(
    endpoint_url: str | None,
    region: str,
    access_key: str | None,
    secret_key: str | None,
    timeout_seconds: int,
) -> Any:
    """One boto3 client per process and settings (clients are thread-safe; making one is not,
    and costs tens of milliseconds). Short timeouts and one retry: a dead store fails fast."""
    setting = (endpoint_url, region, access_key, secret_key, timeout_seconds)
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(setting)
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.session.Session().client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                aws_access_key_id=access_key,
                aws_secret_access_key=secret_key,
                config=Config(
                    connect_timeout=timeout_seconds,
                    read_timeout=timeout_seconds,
                    retries={"max_attempts": 2, "mode": "standard"},
                    # Own endpoints (MinIO, Garage, a test server) are often one host name or an
                    # address: buckets in the path, not in the host name.
                    s3={"addressing_style": "path" if endpoint_url else "auto"},
                ),
            )
            _CLIENTS[setting] = client
    return client


def store_for(settings: dict[str, Any], instance_path: str) -> Store:
    """The store these settings name: the bucket when one is set, else the local folder."""
    bucket = settings.get("STORAGE_S3_BUCKET")
    if bucket:
        client = s3_client(
            settings.get("STORAGE_S3_ENDPOINT_URL"),
            settings.get("STORAGE_S3_REGION") or "us-east-1",
            settings.get("STORAGE_S3_ACCESS_KEY"),
            settings.get("STORAGE_S3_SECRET_KEY"),
            int(settings.get("STORAGE_TIMEOUT_SECONDS") or 5),
        )
        return S3Store(client, bucket)
    return LocalStore(local_folder(settings, instance_path))


def local_folder(settings: dict[str, Any], instance_path: str) -> Path:
    """The local folder for uploads: LOANS_UPLOAD_DIR, else instance/uploads."""
    configured = settings.get("LOANS_UPLOAD_DIR")
    return Path(configured) if configured else Path(instance_path) / "uploads"


def copy_tree(source: LocalStore, target: Store) -> int:
    """Copy every stored file of a local folder into another store; answers how many.

    Safe to run again: a key is written with the same bytes (names are never reused).
    """
    copied = 0
    for path in sorted(source.root.rglob("*")):
        key = path.relative_to(source.root).as_posix()
        if path.is_file() and KEY.match(key):
            target.put(key, path.read_bytes(), "image/jpeg" if key.endswith(".jpg") else "")
            copied += 1
    return copied


def current() -> Store:
    """The store of the running app."""
    from flask import current_app

    return store_for(current_app.config, current_app.instance_path)
