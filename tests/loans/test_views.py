"""Pages: catalogue, toy page, desk without JavaScript, portal, photos, CSV, labels, lists."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import event, func, insert, select

from spelotheek.db import utcnow
from spelotheek.loans import holds, services, terms
from spelotheek.loans.models import Item, Loan, Toy
from spelotheek.qr import label_qr, qr_svg
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.loans.factories import item_of, make_location, make_toy


@pytest.fixture
def app_settings(tmp_path) -> dict[str, object]:
    return {
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "LOANS_UPLOAD_DIR": str(tmp_path),
        "LOANS_REPEAT_SECONDS": 0,
    }


EN = {"Accept-Language": "en"}


def _login(client, db, role: str = "staff"):
    user = make_user(db, role=role)
    db.commit()
    login_as(client, staff_id(user))
    return user


def test_catalogue_filters_by_words_age_area_and_availability(client, db) -> None:
    place = make_location(db)
    make_toy(
        db, "Houten blokken", location=place, min_age_months=12, max_age_months=48, areas="motor"
    )
    make_toy(
        db,
        "Ganzenbord",
        location=place,
        min_age_months=60,
        max_age_months=96,
        areas="board_games",
        copies=0,
    )
    db.commit()
    page = client.get("/toys").get_data(as_text=True)
    assert "Houten blokken" in page and "Ganzenbord" in page
    two = client.get("/toys?age=2").get_data(as_text=True)
    assert "Houten blokken" in two and "Ganzenbord" not in two
    assert "Houten" not in client.get("/toys?area=board_games").get_data(as_text=True)
    assert "Ganzenbord" not in client.get("/toys?available=1").get_data(as_text=True)
    assert "Ganzenbord" in client.get("/toys?q=ganzen").get_data(as_text=True)


def test_toy_page_shows_availability_and_waiting_but_never_who(client, db) -> None:
    place = make_location(db)
    borrower, _ = make_family(db, "Borrower Name")
    waiter, _ = make_family(db, "Waiter Name")
    toy = make_toy(db, parts=[("blokken", 20)], location=place)
    services.lend(db, None, borrower.id, item_of(toy), utcnow())
    holds.place_hold(db, None, waiter, toy.id, utcnow())
    db.commit()
    page = client.get(f"/toys/{toy.id}").get_data(as_text=True)
    assert "20" in page and "blokken" in page
    assert "Borrower Name" not in page and "Waiter Name" not in page
    assert client.get("/toys/99999").status_code == 404


def test_desk_without_javascript_lends_and_takes_back_with_a_parts_check(client, db) -> None:
    _login(client, db, "volunteer")
    family, code = make_family(db, "Amira")
    toy = make_toy(db, parts=[("blokken", 10)], location=make_location(db))
    label = item_of(toy).label
    part = toy.parts[0].id
    db.commit()
    client.post("/desk/scan", data={"code": code})
    page = client.get("/desk").get_data(as_text=True)
    assert "Amira" in page and "signal-ok" in page
    client.post("/desk/scan", data={"code": label})
    page = client.get("/desk").get_data(as_text=True)
    assert "signal-ok" in page and label in page
    client.post("/desk/scan", data={"code": label})
    page = client.get("/desk").get_data(as_text=True)
    assert 'id="parts-check"' in page and "signal-attention" in page
    client.post("/desk/return", data={"item": label, f"missing-{part}": "2"})
    page = client.get("/desk").get_data(as_text=True)
    assert "signal-attention" in page and 'id="parts-check"' not in page
    db.rollback()
    assert db.scalar(select(Item.state).where(Item.label == label)) == "incomplete"
    client.post("/desk/scan", data={"code": label})
    assert "signal-refused" in client.get("/desk").get_data(as_text=True)
    client.post("/desk/undo")
    undone = client.get("/desk").get_data(as_text=True)
    assert "signal-ok" in undone
    db.rollback()
    assert db.scalar(select(Item.state).where(Item.label == label)) == "on_loan"


def test_the_family_portal_shows_loans_and_fitting_toys(client, db) -> None:
    from spelotheek.families.models import Child

    family, _ = make_family(db, "Hanne")
    today = date.today()
    family.children = [Child(birth_year=today.year - 2, birth_month=today.month)]
    place = make_location(db)
    lent = make_toy(db, "Loopfiets", location=place, min_age_months=18, max_age_months=60)
    make_toy(db, "Stapelbekers", location=place, min_age_months=6, max_age_months=36)
    make_toy(db, "Schaakspel", location=place, min_age_months=72, max_age_months=96)
    services.lend(db, None, family.id, item_of(lent), utcnow())
    db.commit()
    login_as(client, family_id(family))
    page = client.get("/me").get_data(as_text=True)
    assert "Loopfiets" in page and "Stapelbekers" in page and "Schaakspel" not in page
    loan = db.scalars(select(Loan)).one()
    renewed = client.post(f"/me/loans/{loan.id}/renew", follow_redirects=True)
    assert renewed.status_code == 200
    db.rollback()
    assert db.get(Loan, loan.id).renewals == 1
    other, _ = make_family(db, "Other")
    db.commit()
    login_as(client, family_id(other))
    assert client.post(f"/me/loans/{loan.id}/renew").status_code == 404


def test_photo_upload_is_reencoded_without_metadata(client, db, tmp_path) -> None:
    _login(client, db)
    picture = Image.new("RGB", (2000, 1500), "orange")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif.tobytes())
    response = client.post(
        "/toys/new",
        data={
            "name": "Xylofoon",
            "min_age_months": "12",
            "max_age_months": "48",
            "min_players": "1",
            "max_players": "2",
            "parts": "1 xylofoon\n2 stokjes",
            "photo": (io.BytesIO(buffer.getvalue()), "my-family-photo.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    toy = db.scalars(select(Toy)).one()
    assert toy.photo and "family" not in toy.photo
    served = client.get(f"/toys/photos/{toy.photo}/large.jpg")
    assert served.status_code == 200
    data = served.get_data()
    served.close()
    image = Image.open(io.BytesIO(data))
    assert max(image.size) == 1200 and b"SecretCamera" not in data
    assert not image.getexif()
    assert client.get("/toys/photos/..%2Fsecret/large.jpg").status_code == 404
    bad = client.post(
        "/toys/new",
        data={
            "name": "Kapot",
            "min_age_months": "0",
            "max_age_months": "12",
            "min_players": "1",
            "max_players": "1",
            "photo": (io.BytesIO(b"not a picture"), "x.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200 and "photo" in bad.get_data(as_text=True).lower()
    assert db.scalar(select(func.count(Toy.id))) == 1


CSV = (
    "ref,name,description,min_age_months,max_age_months,areas,tags,min_players,max_players,parts,copies\n"
    "T9001,Memory,Kaartjes,36,96,puzzles,kaart,1,4,48 kaartjes,2\n"
    "T9002,,no name,0,12,,,1,1,,1\n"
    "T9003,Puzzel,Dieren,24,12,,,1,1,,1\n"
)


def test_csv_import_reports_rows_and_a_second_import_updates(client, db) -> None:
    _login(client, db)
    response = client.post(
        "/toys/import",
        data={"file": (io.BytesIO(CSV.encode()), "toys.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "1 toys added" in page or "1 toy" in page
    assert ">3<" in page and ">4<" in page  # rows 3 and 4 reported
    again = CSV.replace("Memory,Kaartjes", "Memory,Nieuwe uitleg")
    client.post(
        "/toys/import",
        data={"file": (io.BytesIO(again.encode()), "toys.csv")},
        content_type="multipart/form-data",
    )
    toys = db.scalars(select(Toy)).all()
    assert [t.description for t in toys] == ["Nieuwe uitleg"]
    assert db.scalar(select(func.count(Item.id))) == 2
    export = client.get("/toys/export.csv").get_data(as_text=True)
    assert "T9001" in export and "48 kaartjes" in export


def test_label_sheet_carries_only_the_label_code(client, db) -> None:
    _login(client, db)
    family, _ = make_family(db, "Nobody")
    toy = make_toy(db, "Kleurdoos", copies=2, location=make_location(db))
    db.commit()
    page = client.get(f"/toys/labels?toy={toy.id}").get_data(as_text=True)
    for item in toy.items:
        assert item.label in page
    assert page.count("<svg") >= 2 and "Nobody" not in page
    # The QR codes are kept between sheets: the second sheet draws none of them again, and still
    # carries each copy's own code.
    hits = label_qr.cache_info().hits
    again = client.get(f"/toys/labels?toy={toy.id}").get_data(as_text=True)
    assert label_qr.cache_info().hits - hits == len(toy.items)
    assert again == page
    for item in toy.items:
        assert qr_svg(item.label) in again
    assert qr_svg(toy.items[0].label) != qr_svg(toy.items[1].label)


@pytest.mark.parametrize("number", ["²", "9" * 30, "-1", "١"])
def test_label_sheet_numbers_that_are_no_id_are_left_out(client, db, number: str) -> None:
    _login(client, db)
    db.commit()
    assert client.get(f"/toys/labels?item={number}&toy={number}").status_code == 200


def test_staff_lists_and_policy(client, db) -> None:
    _login(client, db, "coordinator")
    late, _ = make_family(db, "Late Family")
    toy = make_toy(db, "Poppenhuis", location=make_location(db))
    lent = services.lend(db, None, late.id, item_of(toy), utcnow())
    db.get(Loan, lent.loan_id).due_on = date(2020, 1, 1)
    db.commit()
    page = client.get("/desk/lists").get_data(as_text=True)
    assert "Late Family" in page and "Poppenhuis" in page
    client.post(
        "/desk/policy",
        data={
            "loan_days": "28",
            "max_open_loans": "4",
            "max_renewals": "1",
            "long_overdue_days": "7",
            "found_grace_days": "7",
            "pickup_sessions": "2",
        },
    )
    assert terms.get_policy(db).loan_days == 28
    bad = client.post(
        "/desk/policy",
        data={
            "loan_days": "0",
            "max_open_loans": "4",
            "max_renewals": "1",
            "long_overdue_days": "7",
            "found_grace_days": "7",
            "pickup_sessions": "2",
        },
    )
    assert bad.status_code == 200 and terms.get_policy(db).loan_days == 28


def _bulk_toys(db, count: int) -> None:
    start = db.scalar(select(func.count(Toy.id))) or 0
    db.execute(
        insert(Toy),
        [
            {
                "ref": f"B{start + n:05d}",
                "name": f"Speelgoed {start + n:05d}",
                "description": "",
                "min_age_months": 0,
                "max_age_months": 96,
                "areas": "motor",
                "tags": "",
                "min_players": 1,
                "max_players": 2,
                "created_at": utcnow(),
            }
            for n in range(count)
        ],
    )
    toy_ids = db.scalars(select(Toy.id).where(Toy.ref.like("B%")).order_by(Toy.id))
    toy_ids = toy_ids.all()[start:]
    db.execute(
        insert(Item),
        [
            {"toy_id": t, "label": f"BK{t:06d}", "state": "available", "created_at": utcnow()}
            for t in toy_ids
        ],
    )
    db.commit()


def _count_statements(app, client, url: str) -> int:
    statements: list[str] = []
    engine = app.extensions["engine"]

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_statements_per_page_stay_the_same_with_10_or_1000_toys(app, client, db) -> None:
    _bulk_toys(db, 10)
    login_as(client, staff_id(make_user(db, role="staff")))
    family, code = make_family(db, "Counted")
    db.commit()
    client.post("/desk/scan", data={"code": code})
    pages = ["/toys", "/toys?age=2&available=1", "/api/v1/toys", "/desk", "/desk/lists"]
    small = {url: _count_statements(app, client, url) for url in pages}
    _bulk_toys(db, 990)
    large = {url: _count_statements(app, client, url) for url in pages}
    assert small == large
    assert db.scalar(select(func.count(Toy.id))) == 1000


def test_a_word_found_in_very_many_toys_is_counted_up_to_a_point(client, db, monkeypatch):
    from spelotheek.loans import views

    place = make_location(db)
    for n in range(30):
        make_toy(db, f"Puzzel {n}", location=place)
    db.commit()
    monkeypatch.setattr(views, "COUNT_AHEAD", 3)  # page 1 shows 24; count up to 24 + 3 + 1
    page = client.get("/toys?q=puzzel", headers=EN).get_data(as_text=True)
    assert "More than 27 toys found" in page and "Next page" in page
    last = client.get("/toys?q=puzzel&page=2", headers=EN).get_data(as_text=True)
    assert "30 toys found" in last and "Next page" not in last
    monkeypatch.setattr(views, "COUNT_AHEAD", 500)
    assert "30 toys found" in client.get("/toys?q=puzzel", headers=EN).get_data(as_text=True)
