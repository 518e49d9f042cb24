"""Channel pages: staff keep channels and print cards whose QR code holds only the code and the
language; /hello answers every code with a first-visit page, counts only real cards, and
leaves no cookie behind."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import event, select

from spelotheek.audit import AuditEvent
from spelotheek.channels.models import Channel, ChannelCount
from spelotheek.families.models import Family
from tests.channels.conftest import make_channel, make_place
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.meetups.conftest import make_series

EN = {"Accept-Language": "en"}


@pytest.fixture
def app_settings(tmp_path) -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "LOANS_UPLOAD_DIR": str(tmp_path)}


def _staff(client, db, role: str = "staff") -> None:
    user = make_user(db, role=role)
    db.commit()
    login_as(client, staff_id(user))


def _fresh(db) -> None:
    """Read what the requests committed: end the old snapshot, forget the loaded rows."""
    db.rollback()
    db.expire_all()


def _scans(db) -> int:
    _fresh(db)
    scans = db.scalars(select(ChannelCount).where(ChannelCount.measure == "scan"))
    return sum(c.count for c in scans)


def decode_svg_qr(svg: str) -> list[str]:
    """Draw the QR code's SVG path (one square per dark module) and read it back."""
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert view, svg[:200]
    width, height = int(view.group(1)), int(view.group(2))
    image = Image.new("L", (width, height), 255)
    for x, y in re.findall(r"M(\d+),(\d+)H", svg):
        image.putpixel((int(x), int(y)), 0)
    image = image.resize((width * 8, height * 8), Image.NEAREST)
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_staff_make_a_channel_and_see_it_listed(client, db) -> None:
    place = make_place(db)
    _staff(client, db)
    response = client.post(
        "/channels",
        data={"kind": "school", "name": "Basisschool De Regenboog", "location": str(place.id)},
        headers=EN,
    )
    assert response.status_code == 302
    channel = db.scalars(select(Channel)).one()
    assert (channel.kind, channel.location_id) == ("school", place.id)
    html = client.get("/channels", headers=EN).get_data(as_text=True)
    assert "Basisschool De Regenboog" in html and "School" in html


def test_a_channel_without_a_name_is_refused_with_a_message(client, db) -> None:
    _staff(client, db)
    response = client.post("/channels", data={"kind": "school", "name": "  "}, headers=EN)
    assert response.status_code == 422
    assert "Please give the channel a name." in response.get_data(as_text=True)
    assert db.scalars(select(Channel)).all() == []


def test_staff_rename_and_stop_a_channel(client, db) -> None:
    channel = make_channel(db)
    _staff(client, db, "coordinator")
    changed = client.post(
        f"/channels/{channel.id}",
        data={"kind": "midwife", "name": "Praktijk De Bron", "location": ""},
        headers=EN,
    )
    assert changed.status_code == 302
    _fresh(db)
    assert db.get(Channel, channel.id).name == "Praktijk De Bron"
    asked = client.post(f"/channels/{channel.id}/revoke", headers=EN)
    assert "Stop this channel?" in asked.get_data(as_text=True)
    assert db.get(Channel, channel.id).active  # nothing happens before the confirmation
    client.post(f"/channels/{channel.id}/revoke", data={"confirm": "yes"}, headers=EN)
    _fresh(db)
    assert not db.get(Channel, channel.id).active


def test_the_print_page_has_qr_codes_with_only_the_code_and_the_language(app, client, db) -> None:
    channel = make_channel(db)
    _staff(client, db)
    page = client.get(
        f"/channels/{channel.id}/cards?language=tr&size=card&count=12", headers=EN
    ).get_data(as_text=True)
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 12
    assert page.count('class="invite-sheet invite-card"') == 2  # 10 on the first sheet
    texts = decode_svg_qr(svgs[0])
    base = app.config.get("BASE_URL") or "http://localhost"
    assert texts == [f"{base.rstrip('/')}/hello/{channel.code}/tr"]
    assert "Bron" not in texts[0] and "midwife" not in texts[0]
    assert 'lang="tr"' in page and "Ücretsiz. Kayıt gerekmez." in page  # the card's words


def test_a_print_run_outside_the_choices_is_refused(client, db) -> None:
    channel = make_channel(db)
    _staff(client, db)
    response = client.get(
        f"/channels/{channel.id}/cards?language=tr&size=card&count=500",
        headers=EN,
        follow_redirects=True,
    )
    assert "Please choose between 1 and 200 cards." in response.get_data(as_text=True)


def test_volunteers_and_families_cannot_keep_channels(client, db) -> None:
    channel = make_channel(db)
    volunteer = make_user(db, role="volunteer")
    family, _ = make_family(db)
    db.commit()
    for identity in (staff_id(volunteer), family_id(family)):
        login_as(client, identity)
        assert client.get("/channels").status_code == 403
        assert client.get(f"/channels/{channel.id}/cards?count=1").status_code == 403


def test_a_card_opens_its_places_page_in_its_language_counted_without_a_cookie(client, db) -> None:
    place = make_place(db)
    channel = make_channel(db, location=place)
    db.commit()
    response = client.get(f"/hello/{channel.code}/tr", headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="tr" dir="ltr">' in html
    assert "İlk ziyaretiniz: De Speelboot" in html and "Kaai 4" in html
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers
    assert _scans(db) == 1
    client.get(f"/hello/{channel.code.upper()}/tr")
    assert _scans(db) == 2
    # The language was for that page only: the next page is in the visitor's own language.
    assert '<html lang="en"' in client.get("/", headers=EN).get_data(as_text=True)
    client.head(f"/hello/{channel.code}/tr")
    assert _scans(db) == 2  # a HEAD request is no visit


def test_arabic_cards_open_a_right_to_left_page(client, db) -> None:
    channel = make_channel(db, location=make_place(db))
    db.commit()
    html = client.get(f"/hello/{channel.code}/ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("which", ["unknown", "revoked", "language"])
def test_unknown_or_stopped_cards_open_the_plain_page_never_an_error(client, db, which) -> None:
    make_place(db, "De Speelboot")
    make_place(db, "Huis van het Kind")
    channel = make_channel(db, location=None)
    if which == "revoked":
        channel.revoked_at = channel.created_at
    db.commit()
    path = {
        "unknown": "/hello/zzzzzzzzzz/tr",
        "revoked": f"/hello/{channel.code}/tr",
        "language": f"/hello/{channel.code}/xx",
    }[which]
    response = client.get(path, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De Speelboot" in html and "Huis van het Kind" in html  # every place
    expected = '<html lang="en"' if which == "language" else '<html lang="tr"'
    assert expected in html
    assert _scans(db) == 0
    assert client.get("/hello/x/y").status_code == 200


def test_the_visitors_own_language_choice_wins_over_the_card(client, db) -> None:
    channel = make_channel(db, location=make_place(db))
    db.commit()
    client.post("/language", data={"lang": "nl", "next": f"/hello/{channel.code}/tr"})
    html = client.get(f"/hello/{channel.code}/tr").get_data(as_text=True)
    assert '<html lang="nl"' in html


def test_the_family_form_counts_the_channel_per_month_never_on_the_family(client, db) -> None:
    school = make_channel(db, name="Basisschool De Regenboog", kind="school")
    stopped = make_channel(db, name="Oude bib", kind="library")
    stopped.revoked_at = stopped.created_at
    _staff(client, db)
    form = client.get("/families/new", headers=EN).get_data(as_text=True)
    assert '<optgroup label="School">' in form and "Basisschool De Regenboog" in form
    assert "Oude bib" not in form and "Rather not say" in form
    response = client.post(
        "/families/new", data={"display_name": "Lotte", "heard_from": str(school.id)}, headers=EN
    )
    assert response.status_code == 200
    _fresh(db)
    counts = db.scalars(select(ChannelCount)).all()
    assert [(c.channel_id, c.measure, c.period.day, c.count) for c in counts] == [
        (school.id, "family", 1, 1)
    ]
    assert db.scalars(select(Family).where(Family.display_name == "Lotte")).one()
    columns = [c.name for c in Family.__table__.columns]
    assert not [name for name in columns if "channel" in name or "heard" in name]
    details = db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "family_created"))
    assert not any(details)  # the audit of the new family says nothing of the channel
    # Rather not say, and a stopped channel sent by a stale form: nothing counted, nothing saved.
    client.post("/families/new", data={"display_name": "Jonas", "heard_from": ""}, headers=EN)
    refused = client.post(
        "/families/new", data={"display_name": "Nina", "heard_from": str(stopped.id)}, headers=EN
    )
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    _fresh(db)
    assert sum(c.count for c in db.scalars(select(ChannelCount))) == 1
    assert db.scalars(select(Family).where(Family.display_name == "Nina")).first() is None


def _statements(app, client, url: str) -> int:
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_card_page_runs_the_same_statements_for_more_places_and_channels(
    app, client, db
) -> None:
    place = make_place(db)
    make_series(db, place)
    channel = make_channel(db, location=place)
    db.commit()
    small = _statements(app, client, f"/hello/{channel.code}/nl")
    plain_small = _statements(app, client, "/hello/zzzzzzzzzz/nl")
    for n in range(6):
        other = make_place(db, f"Plek {n}")
        make_series(db, other, title=f"Meeting {n}")
        make_channel(db, name=f"School {n}", kind="school", location=other)
    db.commit()
    assert _statements(app, client, f"/hello/{channel.code}/nl") == small
    assert _statements(app, client, "/hello/zzzzzzzzzz/nl") == plain_small
    assert small <= 12 and plain_small <= 12
