"""The two stores behind one interface; keys that could leave the folder are refused; one S3
client per settings; `spelotheek storage copy-local` moves an existing install into a bucket."""

from __future__ import annotations

import pytest

from spelotheek.storage import LocalStore, S3Store, StorageUnavailable, current, s3_client
from tests.conftest import free_port
from tests.storage.conftest import KEYS


@pytest.fixture
def any_store(app) -> S3Store | LocalStore:
    """The store of the app under test (a fresh folder or a fresh bucket)."""
    with app.app_context():
        return current()


def test_blobs_are_put_read_and_deleted_by_key(any_store, store_kind) -> None:
    assert isinstance(any_store, S3Store if store_kind == "s3" else LocalStore)
    assert any_store.get("toys/nothing-large.jpg") is None
    any_store.put("toys/a-large.jpg", b"one", "image/jpeg")
    any_store.put("toys/a-large.jpg", b"two", "image/jpeg")
    assert any_store.get("toys/a-large.jpg") == b"two"
    any_store.delete("toys/a-large.jpg")
    any_store.delete("toys/a-large.jpg")  # deleting what is gone is no error
    assert any_store.get("toys/a-large.jpg") is None


@pytest.mark.parametrize(
    "key", ["../secret.jpg", "/etc/passwd.jpg", "toys/../../x.jpg", "Toys/A.jpg", ""]
)
def test_keys_our_code_does_not_make_are_refused(any_store, store_kind, key: str) -> None:
    with pytest.raises(ValueError):
        any_store.put(key, b"x", "image/jpeg")
    with pytest.raises(ValueError):
        any_store.get(key)


def test_one_client_per_process_and_settings(s3_endpoint) -> None:
    first = s3_client(s3_endpoint, "us-east-1", "k", "s", 2)
    assert s3_client(s3_endpoint, "us-east-1", "k", "s", 2) is first
    assert s3_client(s3_endpoint, "us-east-1", "k", "s", 3) is not first


def test_a_closed_port_is_one_error_and_fails_fast(s3_endpoint) -> None:
    import time

    client = s3_client(f"http://127.0.0.1:{free_port()}", "us-east-1", "k", "s", 1)
    store = S3Store(client, "photos")
    started = time.monotonic()
    for call in (
        lambda: store.put("toys/a-large.jpg", b"x", "image/jpeg"),
        lambda: store.get("toys/a-large.jpg"),
        lambda: store.delete("toys/a-large.jpg"),
    ):
        with pytest.raises(StorageUnavailable) as refused:
            call()
        assert "127.0.0.1" not in str(refused.value)  # no address or key in what is logged
    assert time.monotonic() - started < 10


def test_a_missing_bucket_is_unavailable_not_missing(s3_endpoint) -> None:
    client = s3_client(s3_endpoint, "us-east-1", *KEYS.values(), 2)
    with pytest.raises(StorageUnavailable):
        S3Store(client, "no-such-bucket-here").put("toys/a-large.jpg", b"x", "image/jpeg")
