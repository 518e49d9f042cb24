"""The family's side of a handover through its pages: change, refuse, withdraw, expiry on
read; the sender's barrier and slip; the partner passing a handover on; the open meeting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from spelotheek.db import utcnow
from spelotheek.families.models import Family
from spelotheek.handovers import services
from spelotheek.handovers.models import Handover
from spelotheek.network.models import Barrier
from tests.factories import family_id, login_as, make_family, make_service, make_user, staff_id
from tests.handovers.conftest import call_plan

EN = {"Accept-Language": "en"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def _as(app, principal: str):
    client = app.test_client()
    login_as(client, principal)
    return client


def _fresh(db, now=None, language="en", **plan) -> Handover:
    """A handover prepared just now (the pages run on the real clock); the family reads
    English unless a test asks, since a family's own language wins over the browser's."""
    now = now or utcnow()
    family, _ = make_family(db, "Amira", phone="0470 11 22 33", language=language)
    handover, _made = services.prepare(
        db,
        make_user(db).id,
        family,
        make_service(db).id,
        call_plan(**plan),
        services.new_slip_code(),
        now,
        30,
        now.date(),
    )
    return handover


def _reload(db, handover_id: int) -> Handover:
    db.rollback()
    return db.get(Handover, handover_id)


def test_the_family_takes_its_phone_away_and_chooses_to_go_together(app, db) -> None:
    handover = _fresh(db)
    db.commit()
    client = _as(app, family_id(db.get(Family, handover.family_id)))
    page = client.get(f"/me/handovers/{handover.id}/change", headers=EN).text
    assert 'value="note"' not in page  # only what the worker offered can be kept
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    answer = client.post(
        f"/me/handovers/{handover.id}/change",
        data={
            "question": "Hulp met de huur",
            "shares": ["question"],
            "warm_way": "together",
            "together_on": day,
            "meetup": "",
            "call_language": "",
        },
    )
    assert answer.status_code == 302
    changed = _reload(db, handover.id)
    assert changed.shares == ["question"] and changed.warm_way == "together"
    assert changed.question == "Hulp met de huur" and changed.events[-1].kind == "changed"
    # Adding back what was taken away is refused.
    refused = client.post(
        f"/me/handovers/{handover.id}/change",
        data={"question": "x", "shares": ["question", "phone"], "warm_way": "call"},
    )
    assert refused.status_code == 400
    assert _reload(db, handover.id).shares == ["question"]


def test_the_family_says_no_then_nothing_more_is_possible(app, db) -> None:
    handover = _fresh(db)
    db.commit()
    client = _as(app, family_id(db.get(Family, handover.family_id)))
    client.post(f"/me/handovers/{handover.id}/refuse")
    assert _reload(db, handover.id).decision == "refused"
    page = client.post(f"/me/handovers/{handover.id}/approve", headers=EN, follow_redirects=True)
    assert "no longer possible" in page.text
    assert _reload(db, handover.id).shared is None


def test_withdrawing_clears_what_the_partner_saw(app, db) -> None:
    handover = _fresh(db)
    db.commit()
    family = db.get(Family, handover.family_id)
    client = _as(app, family_id(family))
    client.post(f"/me/handovers/{handover.id}/approve")
    assert _reload(db, handover.id).shared is not None
    asked = client.post(f"/me/handovers/{handover.id}/withdraw", headers=EN)
    assert asked.status_code == 200 and "Take your yes back?" in asked.text  # one tap: a question
    assert _reload(db, handover.id).decision == "approved"
    client.post(f"/me/handovers/{handover.id}/withdraw", data={"confirm": "yes"})
    withdrawn = _reload(db, handover.id)
    assert withdrawn.decision == "withdrawn" and withdrawn.shared is None


def test_an_old_handover_shows_as_expired_when_the_family_opens_it(app, db) -> None:
    handover = _fresh(db, now=utcnow() - timedelta(days=31))
    db.commit()
    client = _as(app, family_id(db.get(Family, handover.family_id)))
    page = client.get(f"/me/handovers/{handover.id}", headers=EN).text
    assert "Too late" in page and "Yes, pass this on" not in page
    assert _reload(db, handover.id).decision == "expired"


def test_the_sender_notes_a_barrier_without_the_family(app, db) -> None:
    handover = _fresh(db)
    services.approve(db, db.get(Family, handover.family_id), handover, utcnow())
    services.set_partner_status(db, handover.prepared_by, handover, "unreachable", utcnow())
    worker_id = handover.prepared_by
    db.commit()
    from spelotheek.auth.models import User

    client = _as(app, staff_id(db.get(User, worker_id)))
    assert "Note a barrier" in client.get(f"/handovers/{handover.id}", headers=EN).text
    client.post(f"/handovers/{handover.id}/barrier", data={"what": "Geen tolk", "place": "Gent"})
    db.rollback()
    (barrier,) = db.scalars(select(Barrier)).all()
    assert barrier.source == "handover" and barrier.what == "Geen tolk"


def test_the_slip_speaks_the_familys_language_and_dutch(app, db) -> None:
    handover = _fresh(db, language="ar")
    db.commit()
    from spelotheek.auth.models import User

    client = _as(app, staff_id(db.get(User, handover.prepared_by)))
    page = client.get(f"/handovers/{handover.id}/slip").text
    assert re.findall(r'<section lang="(\w+)"', page) == ["ar", "nl"]
    assert "<svg" in page and "Amira" not in page and "0470" not in page


def test_a_partner_passes_a_handover_on_and_the_family_decides_again(app, db) -> None:
    handover = _fresh(db)
    services.approve(db, db.get(Family, handover.family_id), handover, utcnow())
    partner = make_user(db, role="partner", organization_id=handover.organization_id)
    other = make_service(db, "Woonwinkel", domains=("housing",))
    db.commit()
    client = _as(app, staff_id(partner))
    client.post(
        f"/partner/handovers/{handover.id}/status",
        data={"status": "not_ours", "suggested_service_id": other.id, "pass_on": "y"},
    )
    db.rollback()
    made = db.scalars(select(Handover).where(Handover.service_id == other.id)).one()
    assert made.decision == "waiting" and made.prepared_by == partner.id
    assert f"/handovers/{made.id}" in client.get("/handovers").text
    # The family sees the suggestion on the first handover and the new one to decide.
    family_client = _as(app, family_id(db.get(Family, handover.family_id)))
    assert "Woonwinkel" in family_client.get(f"/me/handovers/{handover.id}", headers=EN).text
    assert f"/me/handovers/{made.id}" in family_client.get("/me", headers=EN).text


def test_the_partner_comes_to_an_open_meeting(app, db) -> None:
    from tests.meetups.conftest import make_series

    series = make_series(db, title="Speelochtend")
    db.commit()
    family, _ = make_family(db, "Amira")
    worker = make_user(db)
    service = make_service(db)
    db.commit()
    client = _as(app, staff_id(worker))
    form = client.get(f"/handovers/new/{family.id}", headers=EN).text
    value = re.search(rf'<option value="({series.id}:[0-9-]+)"', form).group(1)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', form).group(1)
    answer = client.post(
        f"/handovers/new/{family.id}",
        data={
            "token": token,
            "service_id": service.id,
            "question": "Opvoeding",
            "shares": ["first_name", "question"],
            "warm_way": "meeting",
            "meetup": value,
        },
    )
    assert answer.status_code == 302
    page = client.get(answer.location, headers=EN).text
    assert "open meeting of" in page and "Speelochtend" in page


def test_the_familys_data_page_and_download_hold_its_handovers(app, db) -> None:
    handover = _fresh(db)
    services.approve(db, db.get(Family, handover.family_id), handover, utcnow())
    db.commit()
    client = _as(app, family_id(db.get(Family, handover.family_id)))
    page = client.get("/me/data", headers=EN).text
    assert "Handovers to other services" in page and "What the partner sees" in page
    assert "0470 11 22 33" in page and "You said yes" in page
    assert "Phone number" in page and "First name" in page  # the words the family saw
    download = client.get("/me/data?format=json").get_json()
    assert download["handovers"][0]["shared"]["phone"] == "0470 11 22 33"


def test_no_mail_to_a_family_without_its_consent(app, db, outbox) -> None:
    family, _ = make_family(db, "Amira", phone="0470 11 22 33", email="a@example.org")
    worker, service = make_user(db), make_service(db)
    db.commit()
    client = _as(app, staff_id(worker))
    client.post(
        f"/handovers/new/{family.id}",
        data={
            "token": services.new_slip_code(),
            "service_id": service.id,
            "question": "Huur",
            "shares": ["phone", "question"],
            "warm_way": "call",
        },
    )
    db.rollback()
    assert db.scalars(select(Handover)).one().family_id == family.id
    assert outbox.messages == []
