"""Group pages: row-level access, consent, audit, the portal, the private feed, the offer."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import event, select

from spelotheek.audit import AuditEvent
from spelotheek.families import cardcode
from spelotheek.groups import feeds, participants, plans
from spelotheek.groups.models import Enrolment, Group, JoinRequest
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group, make_location


def fresh(db) -> None:
    """End the test's own snapshot and forget loaded rows: see what the requests committed."""
    db.rollback()
    db.expire_all()


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def two_groups(db):
    """Facilitators A and B, each with a group with one participant."""
    a, b = make_user(db, role="facilitator"), make_user(db, role="facilitator")
    group_a = make_group(db, [a], name="Group A")
    group_b = make_group(db, [b], name="Group B", first_day=date(2030, 2, 4))
    family_a, _ = make_family(db, "Amira")
    family_b, _ = make_family(db, "Bram")
    enrol_a, _ = participants.enrol(
        db,
        a.id,
        group_a,
        family_a,
        due_year=2030,
        due_month=7,
        consent=True,
        now=group_a.sessions[0].starts_at - timedelta(days=7),
    )
    enrol_b, _ = participants.enrol(
        db,
        b.id,
        group_b,
        family_b,
        due_year=2030,
        due_month=8,
        consent=True,
        now=group_b.sessions[0].starts_at - timedelta(days=7),
    )
    db.commit()
    return {
        "a": a,
        "b": b,
        "group_a": group_a,
        "group_b": group_b,
        "family_a": family_a,
        "family_b": family_b,
        "enrol_a": enrol_a,
        "enrol_b": enrol_b,
    }


def _group_urls(group: Group, enrolment: Enrolment) -> list[tuple[str, str]]:
    g, s = group.id, group.sessions[0].id
    return [
        ("GET", f"/groups/{g}"),
        ("GET", f"/groups/{g}/edit"),
        ("POST", f"/groups/{g}/edit"),
        ("GET", f"/groups/{g}/participants"),
        ("GET", f"/groups/{g}/enrol"),
        ("POST", f"/groups/{g}/enrol"),
        ("POST", f"/groups/{g}/enrolments/{enrolment.id}/withdraw"),
        ("GET", f"/groups/{g}/sessions/{s}"),
        ("POST", f"/groups/{g}/sessions/{s}"),
        ("GET", f"/groups/{g}/sessions/{s}/attendance"),
        ("POST", f"/groups/{g}/sessions/{s}/attendance"),
    ]


def test_facilitator_a_cannot_see_or_change_group_b_even_by_guessing_urls(
    client, db, two_groups
) -> None:
    login_as(client, staff_id(two_groups["a"]))
    for method, url in _group_urls(two_groups["group_b"], two_groups["enrol_b"]):
        response = client.open(url, method=method, data={"status-1": "present", "confirm": "yes"})
        assert response.status_code == 404, (method, url)
        assert b"Bram" not in response.data
    # A session or enrolment of group B through A's own group is not found either.
    own = two_groups["group_a"].id
    other_session = two_groups["group_b"].sessions[0].id
    assert client.get(f"/groups/{own}/sessions/{other_session}").status_code == 404
    response = client.post(
        f"/groups/{own}/enrolments/{two_groups['enrol_b'].id}/withdraw", data={"confirm": "yes"}
    )
    assert response.status_code == 404
    fresh(db)
    assert db.get(Enrolment, two_groups["enrol_b"].id).active
    listing = client.get("/groups")
    assert b"Group A" in listing.data and b"Group B" not in listing.data
    assert client.get(f"/groups/{own}/participants").status_code == 200


def test_staff_and_volunteers_see_no_perinatal_data_at_all(app, db, two_groups) -> None:
    for role in ("staff", "volunteer"):
        client = app.test_client()
        login_as(client, staff_id(make_user(db, role=role)))
        db.commit()
        # /groups sends them to the public offer (no participant data on it).
        offer = client.get("/groups")
        assert offer.headers["Location"] == "/groups/offer", role
        assert b"Amira" not in client.get("/groups/offer").data
        urls = _group_urls(two_groups["group_a"], two_groups["enrol_a"]) + [
            ("GET", "/groups/join-requests"),
            ("GET", "/groups/access-log.csv"),
            ("GET", "/groups/templates"),
        ]
        for method, url in urls:
            response = client.open(url, method=method)
            assert response.status_code == 403, (role, method, url)
            assert b"Amira" not in response.data
        assert b'/groups"' not in client.get("/").data  # no menu entry to the groups either


def test_the_coordinator_sees_every_group(client, db, two_groups) -> None:
    login_as(client, staff_id(make_user(db, role="coordinator")))
    db.commit()
    listing = client.get("/groups")
    assert b"Group A" in listing.data and b"Group B" in listing.data
    page = client.get(f"/groups/{two_groups['group_b'].id}/participants")
    assert page.status_code == 200 and b"Bram" in page.data


def test_a_family_reaches_only_its_own_group_page(client, db, two_groups) -> None:
    login_as(client, family_id(two_groups["family_a"]))
    own, other = two_groups["enrol_a"].id, two_groups["enrol_b"].id
    assert client.get(f"/me/groups/{own}").status_code == 200
    for method, url in (
        ("GET", f"/me/groups/{other}"),
        ("POST", f"/me/groups/{other}"),
        ("POST", f"/me/groups/{other}/feed"),
        ("POST", f"/me/groups/{other}/feed/revoke"),
        ("POST", f"/me/groups/{other}/stop"),
    ):
        assert client.open(url, method=method, data={"confirm": "yes"}).status_code == 404, url
    assert client.get(f"/groups/{two_groups['group_a'].id}").status_code == 403


def test_every_view_of_a_participant_list_is_audited_and_exported(
    app, client, db, two_groups
) -> None:
    a, group = two_groups["a"], two_groups["group_a"]
    login_as(client, staff_id(a))
    client.get(f"/groups/{group.id}")
    client.get(f"/groups/{group.id}/participants")
    client.get(f"/groups/{group.id}/sessions/{group.sessions[0].id}/attendance")
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "group_participants_viewed")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(a.id, group.id)] * 3
    assert all("Amira" not in e.detail for e in events)

    coordinator = app.test_client()
    login_as(coordinator, staff_id(make_user(db, role="coordinator")))
    db.commit()
    response = coordinator.get("/groups/access-log.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    viewed = [r for r in rows if r["action"] == "group_participants_viewed"]
    assert len(viewed) == 3 and {r["who"] for r in viewed} == {a.name}
    assert {r["group"] for r in viewed} == {"Group A"}
    assert "Amira" not in response.get_data(as_text=True)


def test_enrolling_with_the_card_needs_explicit_consent(client, db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, code = make_family(db, "Yusuf")
    db.commit()
    login_as(client, staff_id(midwife))
    form = {"card": cardcode.format_code(code), "due": "2030-07", "with_partner": "y"}
    refused = client.post(f"/groups/{group.id}/enrol", data=form)
    assert refused.status_code == 400 and b"consent" in refused.data
    assert db.scalars(select(Enrolment)).all() == []
    unknown = client.post(f"/groups/{group.id}/enrol", data={**form, "card": "nonsense-code"})
    assert unknown.status_code == 400
    response = client.post(f"/groups/{group.id}/enrol", data={**form, "consent": "y"})
    assert response.status_code == 302
    fresh(db)
    enrolment = db.scalars(select(Enrolment)).one()
    assert (enrolment.family_id, enrolment.due_year, enrolment.due_month) == (family.id, 2030, 7)
    assert enrolment.consent_by_id == midwife.id and enrolment.with_partner
    page = client.get(f"/groups/{group.id}/participants")
    assert b"Yusuf" in page.data


def test_withdrawal_by_the_facilitator_or_the_family(app, client, db, two_groups) -> None:
    login_as(client, staff_id(two_groups["a"]))
    group, enrolment = two_groups["group_a"], two_groups["enrol_a"]
    response = client.post(
        f"/groups/{group.id}/enrolments/{enrolment.id}/withdraw", data={"confirm": "yes"}
    )
    assert response.status_code == 302, response.headers.get("Location")
    assert response.headers["Location"].endswith(f"/groups/{group.id}/participants")
    assert b"Amira" not in client.get(f"/groups/{group.id}/participants").data
    fresh(db)
    assert db.get(Enrolment, enrolment.id).family_id is None

    family_client = app.test_client()
    login_as(family_client, family_id(two_groups["family_b"]))
    own = two_groups["enrol_b"].id
    assert family_client.post(f"/me/groups/{own}/stop", data={"confirm": "yes"}).status_code == 302
    fresh(db)
    row = db.get(Enrolment, own)
    assert row.withdrawn_at is not None and row.family_id is None
    assert family_client.get(f"/me/groups/{own}").status_code == 404
    me = family_client.get("/me").get_data(as_text=True)
    main = me[me.index('<main id="main"') :]  # the menu offers the public page to everyone
    assert "pregnancy group" not in main.lower()


def test_portal_schedule_private_feed_and_revocation(client, db, two_groups) -> None:
    family, enrolment = two_groups["family_a"], two_groups["enrol_a"]
    group = two_groups["group_a"]
    login_as(client, family_id(family))
    me = client.get("/me")
    assert me.status_code == 200
    assert group.sessions[0].theme.encode() in me.data
    created = client.post(f"/me/groups/{enrolment.id}/feed")
    assert created.status_code == 200
    url = (
        created.get_data(as_text=True)
        .split('id="feed-url" class="feed-url" type="text" readonly value="')[1]
        .split('"')[0]
    )
    path = url.split("localhost", 1)[1]
    token = path.removeprefix("/groups/feed/").removesuffix(".ics")
    fresh(db)
    assert db.get(Enrolment, enrolment.id).feed_token_hash == feeds.token_hash(token)

    anonymous = client.application.test_client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    calendar = Calendar.from_ical(feed.data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 10
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    for item in events:
        assert item["UID"] and item["DTSTAMP"] and item["DTSTART"].dt.tzinfo is not None
    assert {e["DTSTART"].dt for e in events} == {s.starts_at for s in group.sessions}
    assert b"Amira" not in feed.data and b"Bram" not in feed.data

    assert (
        client.post(f"/me/groups/{enrolment.id}/feed/revoke", data={"confirm": "yes"}).status_code
        == 302
    )
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/groups/feed/not-a-real-token.ics").status_code == 404


def test_names_are_shown_only_for_those_who_share_them(app, client, db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    now = group.sessions[0].starts_at - timedelta(days=3)
    me, _ = make_family(db, "Lotte")
    sharer, _ = make_family(db, "Samira")
    private, _ = make_family(db, "Karim")
    mine, _ = participants.enrol(
        db, None, group, me, due_year=2030, due_month=7, consent=True, now=now
    )
    for family, share in ((sharer, True), (private, False)):
        participants.enrol(
            db,
            None,
            group,
            family,
            due_year=2030,
            due_month=7,
            consent=True,
            now=now,
            share_name=share,
        )
    db.commit()
    login_as(client, family_id(me))
    page = client.get(f"/me/groups/{mine.id}")
    assert b"Samira" in page.data and b"Karim" not in page.data
    event_row = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "group_participants_viewed")
    ).one()
    assert event_row.actor_kind == "family" and event_row.subject_id == group.id
    assert client.post(f"/me/groups/{mine.id}", data={"share_name": "y"}).status_code == 302
    fresh(db)
    assert db.get(Enrolment, mine.id).share_name


def test_the_public_offer_page_and_call_back_requests(app, client, db, two_groups) -> None:
    page = client.get("/groups/offer")
    assert page.status_code == 200
    assert b"Amira" not in page.data and b"Group A" not in page.data
    assert two_groups["group_a"].location.name.encode() in page.data
    call = {"group": "call", "phone": "0470 12 34 56"}
    refused = client.post("/groups/offer", data=call)
    assert refused.status_code == 400
    assert db.scalars(select(JoinRequest)).all() == []
    assert (
        client.post("/groups/offer", data={**call, "consent": "y", "language": "ar"}).status_code
        == 302
    )
    fresh(db)
    assert db.scalars(select(JoinRequest.phone)).all() == ["+32470123456"]
    coordinator = app.test_client()
    login_as(coordinator, staff_id(make_user(db, role="coordinator")))
    db.commit()
    assert b"0470 12 34 56" in coordinator.get("/groups/join-requests").data  # as people write it
    midwife = app.test_client()
    login_as(midwife, staff_id(two_groups["a"]))
    assert midwife.get("/groups/join-requests").status_code == 403


def test_the_coordinator_makes_a_group_from_a_template(client, db) -> None:
    coordinator = make_user(db, role="coordinator")
    midwife = make_user(db, role="facilitator", name="Mira")
    location = make_location(db)
    db.commit()
    login_as(client, staff_id(coordinator))
    assert client.get("/groups/new").status_code == 200
    template_id = next(t.id for t in plans.templates(db) if t.name == "8 sessions")
    response = client.post(
        "/groups/new",
        data={
            "name": "Group autumn",
            "location_id": location.id,
            "facilitator_ids": [midwife.id],
            "due_from": "2031-03",
            "due_to": "2031-04",
            "capacity": "10",
            "languages": ["nl", "tr"],
            "template_id": template_id,
            "first_day": "2030-10-14",
            "start": "18:30",
            "room": "Room 2",
        },
    )
    assert response.status_code == 302
    fresh(db)
    group = db.scalars(select(Group)).one()
    assert len(group.sessions) == 8 and group.language_codes == ["nl", "tr"]
    assert [f.id for f in group.facilitators] == [midwife.id]
    bad = client.post("/groups/new", data={"name": "", "due_from": "2031-05", "due_to": "2031-04"})
    fresh(db)
    assert bad.status_code == 200 and db.scalars(select(Group)).all() == [group]


def test_sessions_and_attendance_are_kept_by_the_facilitator(client, db, two_groups) -> None:
    a, group, enrolment = two_groups["a"], two_groups["group_a"], two_groups["enrol_a"]
    login_as(client, staff_id(a))
    item = group.sessions[0]
    form = client.get(f"/groups/{group.id}/sessions/{item.id}")
    assert b"Never write health data" in form.data
    response = client.post(
        f"/groups/{group.id}/sessions/{item.id}",
        data={
            "day": "2026-01-08",  # held: attendance waits for the day of the session
            "start": "13:00",
            "duration_minutes": "90",
            "room": "Zaal",
            "theme": "Welcome",
            "interpreter_needed": "y",
            "notes": "Bring tea.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/groups/{group.id}/sessions/{item.id}/attendance",
        data={f"status-{enrolment.id}": "present", f"partner-{enrolment.id}": "y"},
    )
    assert response.status_code == 302
    fresh(db)
    saved = db.get(type(item), item.id)
    assert saved.interpreter_needed and saved.room == "Zaal" and saved.duration_minutes == 90
    assert saved.starts_at.hour == 12  # 13:00 in Brussels in winter
    assert [(x.status, x.partner_present) for x in saved.attendance] == [("present", True)]


def _count_statements(app, client, url: str) -> int:
    engine = app.extensions["engine"]
    count = 0

    def counter(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_statements_per_page_do_not_grow_with_the_group(app, client, db) -> None:
    midwife = make_user(db, role="facilitator")
    small = make_group(db, [midwife], name="Small")
    large = make_group(db, [midwife], name="Large", first_day=date(2030, 3, 4), capacity=30)
    for group, size in ((small, 1), (large, 15)):
        now = group.sessions[0].starts_at - timedelta(days=1)
        for n in range(size):
            family, _ = make_family(db, f"P{n}")
            enrolment, _ = participants.enrol(
                db, None, group, family, due_year=2030, due_month=7, consent=True, now=now
            )
            for item in group.sessions[:3]:
                participants.record_attendance(
                    db,
                    None,
                    group,
                    item,
                    {enrolment.id: ("present", n % 2 == 0)},
                    today=date(2031, 12, 31),
                )
    db.commit()
    login_as(client, staff_id(midwife))
    for page in ("", "/participants", "/sessions/{s}/attendance"):
        counts = []
        for group in (small, large):
            url = f"/groups/{group.id}" + page.format(s=group.sessions[0].id)
            counts.append(_count_statements(app, client, url))
        assert counts[0] == counts[1], (page, counts)
        assert counts[1] < 25
    counts = [
        _count_statements(app, client, "/groups"),
        _count_statements(app, client, "/groups/offer"),
    ]
    assert max(counts) < 15


def test_participant_lists_ask_for_a_fresh_login(client, db) -> None:
    import time

    from tests.factories import login_as, make_user, staff_id
    from tests.groups.helpers import make_group

    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    db.commit()
    login_as(client, staff_id(midwife))
    assert client.get(f"/groups/{group.id}/participants").status_code == 200
    with client.session_transaction() as session:
        session["auth_at"] = int(time.time()) - 11 * 60
    response = client.get(f"/groups/{group.id}/participants")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/confirm")


def test_attendance_for_a_session_in_the_future_is_refused_in_words(client, db, two_groups) -> None:
    a, group, enrolment = two_groups["a"], two_groups["group_a"], two_groups["enrol_a"]
    login_as(client, staff_id(a))
    item = group.sessions[0]  # in 2030
    page = client.get(f"/groups/{group.id}/sessions/{item.id}/attendance")
    assert b"has not happened yet" in page.data
    response = client.post(
        f"/groups/{group.id}/sessions/{item.id}/attendance",
        data={f"status-{enrolment.id}": "present"},
        follow_redirects=True,
    )
    assert b"has not happened yet" in response.data
    fresh(db)
    assert db.get(type(item), item.id).attendance == []
