"""One tap never destroys: every POST that deletes, revokes, erases, withdraws or cancels asks
first, on a page that says what will be lost, and a POST without that step changes nothing."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, FAMILY
from spelotheek.confirm import MARK
from spelotheek.families.models import Card, Child, Family
from spelotheek.groups import participants
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group
from tests.test_authorisation import _sample_url

DESTRUCTIVE = re.compile(
    r"delet|revok|eras|withdraw|cancel|remov|stop|reissue|reset|/card$|two-step$", re.I
)
# Destructive-sounding routes that act in one step on purpose, and why.
ONE_STEP = {
    # JSON API: the calling program confirms in its own screen; no page to show here.
    "api.erase_family",
    "api.reissue_card",
    # Cancelling a meeting date needs a typed reason and "Restore" undoes it at once.
    "meetups.cancel_date",
    # The desk's undo is itself the way back from a wrong scan.
    "api.desk_undo",
    "loans.desk_undo",
    # Linking a family card to a group participant: the card is scanned or typed (that is the
    # step); the first name and phone kept until then move to the family's own record.
    "groups.link_card",
    # Setting up two-step login for oneself (its own password and code are the second step).
    "auth.two_step",
}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def fresh(db) -> None:
    """End the test's own snapshot and forget loaded rows: see what the requests committed."""
    db.rollback()
    db.expire_all()


def _destructive_posts(app: Flask):
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & {"POST", "DELETE"}
        if methods and DESTRUCTIVE.search(f"{rule.endpoint} {rule.rule}"):
            yield rule


def test_every_destructive_post_takes_a_second_step(app: Flask) -> None:
    found = {rule.endpoint for rule in _destructive_posts(app)}
    assert {"groups.withdraw", "families.reissue", "families.erase"} <= found
    unmarked = [
        endpoint
        for endpoint in sorted(found - ONE_STEP)
        if not getattr(app.view_functions[endpoint], MARK, False)
    ]
    assert unmarked == []


def test_a_single_post_answers_the_question_and_not_the_deed(app: Flask, db) -> None:
    """Every marked route, for someone allowed on it: the page asks and re-sends the fields."""
    staff = {role: make_user(db, role=role) for role in ("coordinator", "facilitator")}
    family, _ = make_family(db, "Asker")
    family.language = "en"  # the page is read in English below
    db.commit()
    with app.app_context():
        rules = [
            (r, declared_access(r.endpoint))
            for r in _destructive_posts(app)
            if getattr(app.view_functions[r.endpoint], MARK, False)
        ]
    assert len(rules) >= 10
    for rule, allowed in rules:
        client = app.test_client()
        if FAMILY in allowed:
            login_as(client, family_id(family))
        else:
            login_as(
                client,
                staff_id(staff["coordinator" if "coordinator" in allowed else "facilitator"]),
            )
        assert ANONYMOUS not in allowed
        page = client.post(_sample_url(rule), data={"reason": "Moved away"})
        text = page.get_data(as_text=True)
        assert page.status_code == 200, rule.rule
        assert 'name="confirm" value="yes"' in text, rule.rule
        assert 'name="reason" value="Moved away"' in text, rule.rule
        assert "No, go back" in text, rule.rule


def test_stop_in_a_participant_list_asks_first_and_says_what_is_lost(client, db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, _ = make_family(db, "Amira")
    enrolment, _ = participants.enrol(
        db,
        midwife.id,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=group.sessions[0].starts_at.replace(year=2029),
    )
    db.commit()
    login_as(client, staff_id(midwife))
    url = f"/groups/{group.id}/enrolments/{enrolment.id}/withdraw"
    page = client.post(url, headers={"Referer": f"http://localhost/groups/{group.id}/participants"})
    assert page.status_code == 200
    assert b"removed from the group at once" in page.data
    assert f'href="/groups/{group.id}/participants"'.encode() in page.data
    fresh(db)
    assert db.get(type(enrolment), enrolment.id).family_id == family.id
    done = client.post(url, data={"confirm": "yes"})
    assert done.status_code == 302, done.headers.get("Location")
    fresh(db)
    assert db.get(type(enrolment), enrolment.id).family_id is None


def test_card_lost_asks_first_and_keeps_the_card_working_until_then(client, db) -> None:
    staff = make_user(db, role="staff")
    family, _ = make_family(db, "Julie")
    db.commit()
    login_as(client, staff_id(staff))
    url = f"/families/{family.id}/card"
    page = client.post(url)
    assert b"stops working at once" in page.data
    cards = lambda: db.scalars(select(Card.revoked_at).where(Card.family_id == family.id)).all()  # noqa: E731
    fresh(db)
    assert cards() == [None]
    assert client.post(url, data={"confirm": "yes"}).status_code == 200
    fresh(db)
    assert len(cards()) == 2 and sum(r is None for r in cards()) == 1


def test_removing_a_child_or_erasing_asks_first(client, db) -> None:
    staff = make_user(db, role="staff")
    family, _ = make_family(db, "Lotte")
    family.children = [Child(birth_year=2024, birth_month=3)]
    db.commit()
    login_as(client, staff_id(staff))
    child_id = family.children[0].id
    client.post(f"/families/{family.id}/children/{child_id}/delete")
    client.post(f"/families/{family.id}/erase")
    fresh(db)
    kept = db.get(Family, family.id)
    assert kept.display_name == "Lotte" and [c.id for c in kept.children] == [child_id]
    form = client.get(f"/families/{family.id}/erase").get_data(as_text=True)
    assert 'name="confirm" value="yes"' in form  # the erase page is the second step
