"""Photo storage under test: the local folder, and S3 through a real moto server over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from spelotheek.storage import s3_client
from tests.conftest import free_port

KEYS = {"STORAGE_S3_ACCESS_KEY": "test-key", "STORAGE_S3_SECRET_KEY": "test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server in this process, on a free port: real HTTP, no patched client."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def new_bucket(endpoint: str) -> str:
    """A bucket of its own for one test."""
    name = f"photos-{uuid.uuid4().hex[:16]}"
    client = s3_client(
        endpoint, "us-east-1", KEYS["STORAGE_S3_ACCESS_KEY"], KEYS["STORAGE_S3_SECRET_KEY"], 2
    )
    client.create_bucket(Bucket=name)
    return name


def s3_settings(endpoint: str, bucket: str) -> dict[str, object]:
    """Settings that keep photos in `bucket` at `endpoint`."""
    return {
        "STORAGE_S3_BUCKET": bucket,
        "STORAGE_S3_ENDPOINT_URL": endpoint,
        "STORAGE_TIMEOUT_SECONDS": 2,
        **KEYS,
    }


@pytest.fixture(params=["local", "s3"])
def store_kind(request: pytest.FixtureRequest) -> str:
    """Which photo storage the app under test uses."""
    return request.param


@pytest.fixture
def app_settings(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest):
    """The app keeps photos in a fresh folder, or in a fresh bucket of the moto server."""
    settings: dict[str, object] = {
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "LOANS_REPEAT_SECONDS": 0,  # two saves of one toy in a test are meant, not a double click
        "LOANS_UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    if store_kind == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        settings.update(s3_settings(endpoint, new_bucket(endpoint)))
    return settings


def store_down(app, store_kind: str, tmp_path: Path) -> dict[str, object]:
    """Make the app's photo storage unreachable: S3 at a closed port, the local folder a file;
    answers the settings that bring it back."""
    working = {key: app.config[key] for key in ("STORAGE_S3_ENDPOINT_URL", "LOANS_UPLOAD_DIR")}
    if store_kind == "s3":
        app.config["STORAGE_S3_ENDPOINT_URL"] = f"http://127.0.0.1:{free_port()}"
    else:
        blocked = tmp_path / "not-a-folder"
        blocked.write_bytes(b"")
        app.config["LOANS_UPLOAD_DIR"] = str(blocked)
    return working
