"""The first-visit page of each location: what a newcomer reads, and the entrance photo."""

from __future__ import annotations

import io
import re
from datetime import time

import pytest
from PIL import Image
from sqlalchemy import event

from spelotheek.locations.models import Location, OpeningHours
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.meetups.conftest import make_series

EN = {"Accept-Language": "en"}


@pytest.fixture
def app_settings(tmp_path) -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "LOANS_UPLOAD_DIR": str(tmp_path)}


def make_place(
    db, name: str = "De Speelboot", accessibility: str = "A ramp at the door."
) -> Location:
    place = Location(
        name=name, address="Kaai 4", postcode="9000", city="Gent", accessibility=accessibility
    )
    place.hours = [OpeningHours(weekday=2, opens=time(14), closes=time(17))]
    db.add(place)
    db.flush()
    return place


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), "orange").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_the_page_says_what_to_expect_bring_cost_and_who_you_meet(client, db) -> None:
    place = make_place(db)
    db.commit()
    html = client.get(f"/places/{place.id}/first-visit", headers=EN).get_data(as_text=True)
    assert "Your first visit to De Speelboot" in html
    for heading in ("What to expect", "What to bring", "It is free", "Who you will meet"):
        assert f"> {heading}</h2>" in html
    assert "Kaai 4, 9000 Gent" in html and "A ramp at the door." in html
    assert "img/entrance.svg" in html  # the drawing until staff add a photo
    assert "enctype" not in html  # no upload form for visitors


def test_the_page_is_linked_from_the_home_page_and_from_each_meeting(client, db) -> None:
    place = make_place(db)
    series = make_series(db, place)
    db.commit()
    link = f'href="/places/{place.id}/first-visit"'
    assert link in client.get("/", headers=EN).get_data(as_text=True)
    assert link in client.get(f"/meetups/{series.id}", headers=EN).get_data(as_text=True)


def test_an_unknown_place_answers_404(client, db) -> None:
    assert client.get("/places/4242/first-visit").status_code == 404


def test_it_speaks_the_visitors_language_and_direction(client, db) -> None:
    place = make_place(db)
    db.commit()
    client.post("/language", data={"lang": "ar", "next": "/"})
    html = client.get(f"/places/{place.id}/first-visit").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    client.post("/language", data={"lang": "nl", "next": "/"})
    html = client.get(f"/places/{place.id}/first-visit").get_data(as_text=True)
    assert '<html lang="nl" dir="ltr">' in html


def test_staff_put_a_photo_of_the_entrance_in_responsive_sizes(client, db, tmp_path) -> None:
    place = make_place(db)
    staff = make_user(db, role="staff")
    db.commit()
    login_as(client, staff_id(staff))
    page = client.get(f"/places/{place.id}/first-visit", headers=EN).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        f"/places/{place.id}/entrance",
        data={"photo": (io.BytesIO(jpeg()), "door.jpg")},
        content_type="multipart/form-data",
        headers=EN,
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "The new photo of the entrance is on the page." in html
    thumb, large = re.search(r'srcset="([^ ]+) 320w, ([^ ]+) 1200w"', html).groups()
    for url, longest in ((thumb, 320), (large, 1200)):
        with client.get(url) as served:
            assert served.status_code == 200 and served.mimetype == "image/jpeg"
            assert max(Image.open(io.BytesIO(served.data)).size) == longest
    assert "img/entrance.svg" not in html

    client.post(f"/places/{place.id}/entrance/remove", data={"confirm": "yes"})
    assert client.get(large).status_code == 404
    html = client.get(f"/places/{place.id}/first-visit").get_data(as_text=True)
    assert "img/entrance.svg" in html


def test_a_file_that_is_not_a_photo_gets_a_clear_message(client, db, tmp_path) -> None:
    place = make_place(db)
    staff = make_user(db, role="coordinator")
    db.commit()
    login_as(client, staff_id(staff))
    response = client.post(
        f"/places/{place.id}/entrance",
        data={"photo": (io.BytesIO(b"GIF89a broken"), "door.jpg")},
        content_type="multipart/form-data",
        headers=EN,
        follow_redirects=True,
    )
    assert "Please send a photo (JPEG, PNG or WebP)." in response.get_data(as_text=True)
    assert not any(tmp_path.rglob("*.jpg"))


def test_volunteers_and_families_cannot_change_the_photo(client, db) -> None:
    place = make_place(db)
    volunteer = make_user(db, role="volunteer")
    family, _ = make_family(db)
    db.commit()
    for identity in (staff_id(volunteer), family_id(family)):
        login_as(client, identity)
        data = {"photo": (io.BytesIO(jpeg()), "door.jpg")}
        assert client.post(f"/places/{place.id}/entrance", data=data).status_code == 403
        assert (
            client.post(f"/places/{place.id}/entrance/remove", data={"confirm": "yes"}).status_code
            == 403
        )


def test_a_photo_name_of_another_place_is_not_served(client, db) -> None:
    first, second = make_place(db, "A"), make_place(db, "B")
    staff = make_user(db)
    db.commit()
    login_as(client, staff_id(staff))
    client.post(
        f"/places/{first.id}/entrance",
        data={"photo": (io.BytesIO(jpeg()), "door.jpg")},
        content_type="multipart/form-data",
    )
    html = client.get(f"/places/{first.id}/first-visit").get_data(as_text=True)
    name = re.search(r"/entrance/([0-9a-f]{32})/large\.jpg", html).group(1)
    with client.get(f"/places/{first.id}/entrance/{name}/large.jpg") as served:
        assert served.status_code == 200
    assert client.get(f"/places/{second.id}/entrance/{name}/large.jpg").status_code == 404
    assert client.get(f"/places/{first.id}/entrance/{name}/huge.jpg").status_code == 404


def _statements(app, client, url: str) -> int:
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(*args) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_number_of_queries_does_not_grow_with_the_data(app, client, db) -> None:
    place = make_place(db)
    make_series(db, place)
    db.commit()
    small = _statements(app, client, f"/places/{place.id}/first-visit")
    for n in range(8):
        make_series(db, place, title=f"Meeting {n}")
        place.hours.append(OpeningHours(weekday=n % 7, opens=time(8), closes=time(9)))
    make_place(db, "Elsewhere")
    db.commit()
    large = _statements(app, client, f"/places/{place.id}/first-visit")
    assert large == small
    assert small <= 12
