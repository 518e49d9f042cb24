"""Toy and entrance photos behave the same on both stores (a local folder, S3 over HTTP), and an
unreachable store refuses uploads with a message, leaves nothing half-saved, and answers 503."""

from __future__ import annotations

import io
import time

from PIL import Image
from sqlalchemy import select

from spelotheek.loans import photos
from spelotheek.loans.models import Toy
from spelotheek.loans.photos import SIZES
from spelotheek.locations.models import Location
from spelotheek.places import entrance
from spelotheek.storage import current
from tests.channels.conftest import make_channel
from tests.factories import login_as, make_user, staff_id
from tests.places.test_views import make_place
from tests.storage.conftest import store_down

EN = {"Accept-Language": "en"}
UNREACHABLE = "the photo storage cannot be reached just now"


def jpeg(colour: str = "orange") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), colour).save(buffer, format="JPEG")
    buffer.seek(0)
    return buffer


def toy_form(name: str = "Xylofoon", colour: str | None = "orange") -> dict[str, object]:
    form: dict[str, object] = {
        "name": name,
        "min_age_months": "12",
        "max_age_months": "48",
        "min_players": "1",
        "max_players": "2",
    }
    if colour:
        form["photo"] = (jpeg(colour), "toy.jpg")
    return form


def _staff(client, db) -> None:
    login_as(client, staff_id(make_user(db, role="staff")))
    db.commit()


def stored(app, prefix: str, name: str) -> dict[str, bool]:
    """Which sizes of a photo the app's store holds."""
    with app.app_context():
        store = current()
        return {size: store.get(photos.key(prefix, name, size)) is not None for size in SIZES}


def fetch(client, url: str):
    with client.get(url) as response:
        return response.status_code, response.headers, response.data


def test_a_toy_photo_is_served_replaced_and_deleted(app, client, db) -> None:
    _staff(client, db)
    added = client.post("/toys/new", data=toy_form(), content_type="multipart/form-data")
    assert added.status_code == 302
    toy = db.scalars(select(Toy)).one()
    first = toy.photo
    status, headers, body = fetch(client, f"/toys/photos/{first}/large.jpg")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert "max-age=86400" in headers["Cache-Control"] and "public" in headers["Cache-Control"]
    assert max(Image.open(io.BytesIO(body)).size) == 1200
    assert fetch(client, f"/toys/photos/{first}/thumb.jpg")[0] == 200
    assert fetch(client, f"/toys/photos/{'0' * 32}/large.jpg")[0] == 404
    assert fetch(client, f"/toys/photos/{first}/huge.jpg")[0] == 404

    edit = client.post(
        f"/toys/{toy.id}/edit", data=toy_form(colour="blue"), content_type="multipart/form-data"
    )
    assert edit.status_code == 302
    db.rollback()  # a new snapshot: the app committed in its own session
    second = db.get(Toy, toy.id).photo
    assert second != first
    assert stored(app, photos.TOYS, first) == {"large": False, "thumb": False}
    assert stored(app, photos.TOYS, second) == {"large": True, "thumb": True}
    assert fetch(client, f"/toys/photos/{first}/large.jpg")[0] == 404
    assert fetch(client, f"/toys/photos/{second}/large.jpg")[0] == 200

    with app.app_context():
        photos.remove(current(), photos.TOYS, second)
    assert fetch(client, f"/toys/photos/{second}/large.jpg")[0] == 404


def test_an_entrance_photo_is_uploaded_replaced_and_removed(app, client, db) -> None:
    place = make_place(db)
    _staff(client, db)
    url = f"/places/{place.id}/entrance"
    client.post(url, data={"photo": (jpeg(), "door.jpg")}, content_type="multipart/form-data")
    first = entrance.current(db, place.id)
    assert first and stored(app, entrance.prefix(place.id), first) == {"large": True, "thumb": True}
    status, headers, _ = fetch(client, f"/places/{place.id}/entrance/{first}/large.jpg")
    assert status == 200 and "max-age=86400" in headers["Cache-Control"]

    client.post(url, data={"photo": (jpeg("blue"), "door.jpg")}, content_type="multipart/form-data")
    db.rollback()  # a new snapshot: the app committed in its own session
    second = entrance.current(db, place.id)
    assert second and second != first
    assert stored(app, entrance.prefix(place.id), first) == {"large": False, "thumb": False}
    assert fetch(client, f"/places/{place.id}/entrance/{first}/large.jpg")[0] == 404
    assert fetch(client, f"/places/{place.id}/entrance/{second}/thumb.jpg")[0] == 200

    client.post(f"{url}/remove", data={"confirm": "yes"})
    db.rollback()  # a new snapshot: the app committed in its own session
    assert entrance.current(db, place.id) is None
    assert stored(app, entrance.prefix(place.id), second) == {"large": False, "thumb": False}
    assert fetch(client, f"/places/{place.id}/entrance/{second}/large.jpg")[0] == 404


def test_the_channel_and_places_pages_show_the_entrance_photo(app, client, db) -> None:
    place = make_place(db)
    channel = make_channel(db, location=place)
    _staff(client, db)
    client.post(
        f"/places/{place.id}/entrance",
        data={"photo": (jpeg(), "door.jpg")},
        content_type="multipart/form-data",
    )
    name = entrance.current(db, place.id)
    client.post("/logout")
    for page in (f"/places/{place.id}/first-visit", f"/hello/{channel.code}/nl", "/hello/x/nl"):
        html = client.get(page, headers=EN).get_data(as_text=True)
        assert f"/places/{place.id}/entrance/{name}/large.jpg" in html, page
        assert "img/entrance.svg" not in html, page


def test_an_unreachable_store_refuses_uploads_and_changes_nothing(
    app, client, db, store_kind, tmp_path
) -> None:
    place = make_place(db)
    _staff(client, db)
    client.post("/toys/new", data=toy_form(), content_type="multipart/form-data")
    client.post(
        f"/places/{place.id}/entrance",
        data={"photo": (jpeg(), "door.jpg")},
        content_type="multipart/form-data",
    )
    toy = db.scalars(select(Toy)).one()
    toy_photo, door = toy.photo, entrance.current(db, place.id)
    assert toy_photo and door
    working = store_down(app, store_kind, tmp_path)

    started = time.monotonic()
    refused = client.post(
        f"/toys/{toy.id}/edit",
        data=toy_form(name="Xylofoon groot", colour="blue"),
        content_type="multipart/form-data",
        headers=EN,
    )
    assert time.monotonic() - started < 10  # a dead store fails fast
    page = refused.get_data(as_text=True)
    assert UNREACHABLE in page and 'value="Xylofoon groot"' in page  # what was typed stays
    new = client.post(
        "/toys/new", data=toy_form(name="Trommel"), content_type="multipart/form-data", headers=EN
    )
    page = new.get_data(as_text=True)
    assert UNREACHABLE in page and 'value="Trommel"' in page
    moved = client.post(
        f"/places/{place.id}/entrance",
        data={"photo": (jpeg("blue"), "door.jpg")},
        content_type="multipart/form-data",
        headers=EN,
        follow_redirects=True,
    )
    assert UNREACHABLE in moved.get_data(as_text=True)
    db.rollback()  # a new snapshot: the app committed in its own session
    assert [(t.name, t.photo) for t in db.scalars(select(Toy))] == [("Xylofoon", toy_photo)]
    assert db.get(Location, place.id).entrance_photo == door

    # Serving answers 503 (not 500); pages that merely show photos still work.
    for url in (
        f"/toys/photos/{toy_photo}/large.jpg",
        f"/places/{place.id}/entrance/{door}/large.jpg",
    ):
        status, headers, _ = fetch(client, url)
        assert status == 503 and headers["Retry-After"], url
    for url in (f"/toys/{toy.id}", f"/places/{place.id}/first-visit"):
        html = client.get(url, headers=EN).get_data(as_text=True)
        assert toy_photo in html or door in html, url

    app.config.update(working)
    assert stored(app, photos.TOYS, toy_photo) == {"large": True, "thumb": True}
    again = client.post(
        f"/places/{place.id}/entrance",
        data={"photo": (jpeg("blue"), "door.jpg")},
        content_type="multipart/form-data",
    )
    assert again.status_code == 302
    edit = client.post(
        f"/toys/{toy.id}/edit", data=toy_form(colour="blue"), content_type="multipart/form-data"
    )
    assert edit.status_code == 302
    db.rollback()  # a new snapshot: the app committed in its own session
    assert db.get(Toy, toy.id).photo not in (None, toy_photo)
    assert entrance.current(db, place.id) not in (None, door)


def test_a_failure_after_storing_deletes_the_new_photo(app, client, db, monkeypatch) -> None:
    """The photo is stored, then saving the toy fails: the stored photo is deleted again."""
    _staff(client, db)
    kept: list[str] = []
    real_store = photos.store

    def store_and_note(*args, **kwargs):
        kept.append(real_store(*args, **kwargs))
        return kept[-1]

    monkeypatch.setattr(photos, "store", store_and_note)
    form = toy_form()
    form["min_age_months"] = "48"
    form["max_age_months"] = "12"  # the catalogue refuses it after the photo is stored
    client.post("/toys/new", data=form, content_type="multipart/form-data")
    assert db.scalars(select(Toy)).all() == []
    assert len(kept) == 1
    assert stored(app, photos.TOYS, kept[0]) == {"large": False, "thumb": False}
