"""Topic pages: propose, support, moderate, plan, report back — and every page and feed that
shows a proposal keeps markup and formulas inert."""

from __future__ import annotations

import csv
import io

import icalendar
import pytest
from sqlalchemy import event, func, select

from spelotheek.topics import moderation, planning, services, signals
from spelotheek.topics.models import Support, Topic
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.topics.helpers import NOW, make_series, make_topic, plan_first, today

EN = {"Accept-Language": "en"}
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
FORMULA = '=HYPERLINK("http://evil.example/","click")'
PAYLOAD = f"{FORMULA} {SCRIPT} {IMG}"


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _staff(client, db, role: str = "staff"):
    user = make_user(db, role=role, language="en")
    db.commit()
    login_as(client, staff_id(user))
    return user


def test_propose_by_tapping_a_picture_only_gives_a_private_status_page(client, db) -> None:
    response = client.post("/topics/propose", data={"theme": "health", "where": "open"}, headers=EN)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/topics/receipt/")
    topic = db.scalars(select(Topic)).one()
    assert topic.theme == "health" and topic.text == "" and topic.status == "new"
    assert topic.receipt_hash == services.token_hash(location.rsplit("/", 1)[1])
    page = client.get(location, headers=EN)
    assert page.status_code == 200 and "Waiting for a look" in page.text
    assert client.get("/topics/receipt/not-the-token", headers=EN).status_code == 404
    # Not public before a staff decision.
    assert client.get(f"/topics/{topic.id}", headers=EN).status_code == 404
    assert "Health care" not in client.get("/topics", headers=EN).text.split("<main")[1]


def test_propose_refuses_empty_and_too_long_in_the_visitors_language(client, db) -> None:
    empty = client.post("/topics/propose", data={"where": "open"}, headers=EN)
    assert empty.status_code == 422 and "Tap a picture, or write a few words" in empty.text
    long = client.post("/topics/propose", data={"text": "x" * 501, "where": "open"}, headers=EN)
    assert long.status_code == 422
    bad = client.post("/topics/propose", data={"theme": "weather", "where": "open"}, headers=EN)
    assert bad.status_code == 422
    nl = client.post("/topics/propose", data={"where": "open"})
    assert nl.status_code == 422 and 'lang="nl"' in nl.text
    assert db.scalar(select(func.count()).select_from(Topic)) == 0


def test_a_family_proposes_and_sees_it_in_its_portal_with_the_decline_reason(client, db) -> None:
    family, _ = make_family(db, language="en")
    staff = make_user(db)
    db.commit()
    login_as(client, family_id(family))
    response = client.post(
        "/topics/propose", data={"text": "Huurwaarborg", "where": "open"}, headers=EN
    )
    assert response.headers["Location"] == "/me"
    topic = db.scalars(select(Topic)).one()
    assert topic.proposer_family_id == family.id and topic.receipt_hash is None
    moderation.decline(db, staff.id, topic, "We talked about this last month.", NOW)
    db.commit()
    me = client.get("/me", headers=EN)
    assert "Your topics" in me.text and "We talked about this last month." in me.text


def test_staff_write_down_a_topic_for_a_family_by_card(client, db) -> None:
    family, code = make_family(db)
    user = _staff(client, db, "volunteer")
    client.post(
        "/topics/propose", data={"text": "Opvang", "where": "open", "card": code}, headers=EN
    )
    topic = db.scalars(select(Topic)).one()
    assert topic.on_behalf_by_id == user.id and topic.proposer_family_id == family.id
    wrong = client.post(
        "/topics/propose", data={"text": "Opvang", "where": "open", "card": "XXXX"}, headers=EN
    )
    assert wrong.status_code == 422 and "This is not a family card code" in wrong.text


def test_one_support_per_browser_and_per_family_through_the_page(client, db, app) -> None:
    topic = make_topic(db, status="accepted")
    db.commit()
    first = client.post(f"/topics/{topic.id}/support", headers=EN)
    assert first.status_code == 302
    cookie = client.get_cookie("topic_browser")
    assert cookie is not None and cookie.http_only
    client.post(f"/topics/{topic.id}/support", headers=EN)
    page = client.get(f"/topics/{topic.id}", headers=EN)
    assert "1 person wants to talk about this" in page.text
    assert "You want to talk about this too." in page.text
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"  # another home: one per address
    other.post(f"/topics/{topic.id}/support")
    family, _ = make_family(db, "Supporter")
    db.commit()
    login_as(other, family_id(family))
    other.post(f"/topics/{topic.id}/support")
    other.post(f"/topics/{topic.id}/support")
    assert db.scalar(select(func.count()).where(Support.topic_id == topic.id)) == 3
    listed = client.get("/topics", headers=EN).text
    assert "3 people want to talk about this" in listed
    assert "Supporter" not in listed  # supporters are never listed
    assert client.post("/topics/999999/support").status_code == 404


LIMITS = {"TOPICS_PROPOSE_LIMIT": "3 per hour", "TOPICS_SUPPORT_LIMIT": "2 per hour"}


@pytest.mark.parametrize("app_settings", [{"WTF_CSRF_ENABLED": False, **LIMITS}])
def test_rate_limits_per_address(client, db) -> None:
    for _ in range(3):
        assert client.post("/topics/propose", data={"theme": "work"}).status_code == 302
    limited = client.post("/topics/propose", data={"theme": "work"}, headers=EN)
    assert limited.status_code == 429 and "Too many tries" in limited.text
    assert db.scalar(select(func.count()).select_from(Topic)) == 3
    topic = make_topic(db, status="accepted")
    db.commit()
    for _ in range(2):
        client.post(f"/topics/{topic.id}/support")
    assert client.post(f"/topics/{topic.id}/support").status_code == 429


def test_staff_accept_and_the_topic_appears_on_the_public_page(client, db) -> None:
    topic = make_topic(db, text="Schoolkosten")
    _staff(client, db)
    queue = client.get("/topics/moderate", headers=EN)
    assert "Schoolkosten" in queue.text
    assert client.post(f"/topics/{topic.id}/accept", headers=EN).status_code == 302
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    public = client.get("/topics", headers=EN)
    assert "Schoolkosten" in public.text
    again = client.post(f"/topics/{topic.id}/accept", headers=EN, follow_redirects=True)
    assert "cannot become" in again.text  # the workflow refuses, with a message


@pytest.mark.parametrize("number", ["99999999999999999999", "²"])
def test_a_topic_number_no_topic_can_have_is_refused_plainly(client, db, number: str) -> None:
    duplicate = make_topic(db, text="Kinderbijslag", status="accepted")
    _staff(client, db)
    response = client.post(f"/topics/{duplicate.id}/merge", data={"merge-kept_id": number})
    assert response.status_code < 500
    where = client.post("/topics/propose", data={"theme": "health", "where": "s:" + number})
    assert where.status_code < 500


def test_staff_steps_merge_decline_summary_plan_report_and_signal(client, db) -> None:
    series = make_series(db)
    kept = make_topic(db, text="Groeipakket", status="accepted")
    duplicate = make_topic(db, text="Kinderbijslag", status="accepted")
    spam = make_topic(db, text="Buy now")
    _staff(client, db)
    client.post(f"/topics/{duplicate.id}/merge", data={"merge-kept_id": kept.id})
    client.post(f"/topics/{spam.id}/decline", data={"decline-reason": "Advertising"})
    client.post(f"/topics/{kept.id}/summary", data={"summary-summary": "Het Groeipakket"})
    slot = planning.slots(db, kept, today())[0]
    db.rollback()  # end the test's reading transaction so it sees what the pages wrote
    page = client.get(f"/topics/{kept.id}/manage", headers=EN)
    assert slot.value in page.text and 'value="Het Groeipakket"' in page.text
    client.post(f"/topics/{kept.id}/plan", data={"plan-slot": slot.value, "plan-theme": ""})
    client.post(
        f"/topics/{kept.id}/report",
        data={"report-talked": "Premies", "report-found": "", "report-next_steps": "Balie"},
    )
    client.post(
        f"/topics/{kept.id}/signal", data={"signal-signal_id": "0", "signal-title": "Geen info"}
    )
    db.rollback()
    assert db.get(Topic, duplicate.id).merged_into_id == kept.id
    assert db.get(Topic, spam.id).decline_reason == "Advertising"
    done = db.get(Topic, kept.id)
    assert done.status == "discussed" and done.note_next == "Balie" and done.signal_id
    assert done.occurrence.theme == "Het Groeipakket" and done.occurrence.series_id == series.id
    assert client.get(f"/topics/{duplicate.id}").headers["Location"].endswith(f"/topics/{kept.id}")
    bad = client.post(
        f"/topics/{spam.id}/decline", data={"decline-reason": ""}, follow_redirects=True
    )
    assert bad.status_code == 200


def _inert(html: str) -> None:
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_and_formulas_stay_inert_on_every_page_and_feed(client, db, app) -> None:
    series = make_series(db)
    staff = make_user(db, language="en")
    family, _ = make_family(db)
    made = services.propose(db, text=PAYLOAD, theme=None, family_id=family.id)
    topic = made.topic
    moderation.accept(db, staff.id, topic, NOW)
    moderation.set_summary(db, staff.id, topic, PAYLOAD, NOW)
    slot = plan_first(db, topic, staff.id, theme=f"{SCRIPT} {IMG}")
    planning.report(db, staff.id, topic, PAYLOAD, PAYLOAD, PAYLOAD, NOW)
    signals.mark_topic(db, staff.id, topic, NOW, title=PAYLOAD)
    anonymous = services.propose(db, text=PAYLOAD, theme=None)
    db.commit()
    day = slot.split(":")[2]

    public = (
        "/topics",
        f"/topics/{topic.id}",
        f"/meetups/{series.id}/{day}",
        f"/topics/receipt/{anonymous.receipt}",
    )
    for url in public:
        _inert(client.get(url).text)
    login_as(client, family_id(family))
    _inert(client.get("/me").text)

    staff_client = app.test_client()
    coordinator = make_user(db, role="coordinator", language="en")
    db.commit()
    login_as(staff_client, staff_id(coordinator))
    pages = ("/topics/moderate?status=all", f"/topics/{topic.id}/manage", "/signals")
    for url in (*pages, f"/signals/{topic.signal_id}"):
        _inert(staff_client.get(url).text)

    feeds = (
        f"/meetups/{series.id}/{day}/calendar.ics",
        f"/meetups/{series.id}.ics",
        "/meetups.ics",
    )
    for url in feeds:
        body = client.get(url).data
        calendar = icalendar.Calendar.from_ical(body)
        summaries = [str(e.get("summary")) for e in calendar.walk("VEVENT")]
        assert any(SCRIPT in s for s in summaries)  # plain text in a calendar, as written
        assert b"\r\nBEGIN:VALARM" not in body and body.count(b"BEGIN:VCALENDAR") == 1

    for url in ("/topics/export.csv", "/signals.csv"):
        response = staff_client.get(url)
        assert response.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert any(FORMULA in cell for cell in cells)
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_new_lines_cannot_break_out_of_a_calendar_line(client, db) -> None:
    series = make_series(db)
    staff = make_user(db)
    topic = make_topic(db, text="Rent\r\nBEGIN:VALARM\nATTENDEE:x", status="accepted")
    slot = plan_first(db, topic, staff.id)
    db.commit()
    body = client.get(f"/meetups/{series.id}/{slot.split(':')[2]}/calendar.ics").data
    assert b"\r\nBEGIN:VALARM" not in body and b"\r\nATTENDEE" not in body


def _count_statements(app, client, url: str) -> int:
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _topics(db, n: int, staff_id_: int) -> None:
    for i in range(n):
        topic = make_topic(db, text=f"Topic {i}", status="accepted")
        services.support(db, topic.id, family_id=None, browser_token=f"b{i}")
        if i % 3 == 0:
            plan_first(db, topic, staff_id_)
        if i % 6 == 0:
            planning.report(db, staff_id_, topic, "We talked", "", "", NOW)
    db.commit()


def test_statements_per_page_stay_bounded(app, client, db) -> None:
    make_series(db)
    staff = make_user(db, role="coordinator")
    _topics(db, 3, staff.id)
    staff_client = app.test_client()
    login_as(staff_client, staff_id(staff))
    pages = ("/topics", "/topics/moderate?status=all", "/signals")
    small = [_count_statements(app, staff_client if p != "/topics" else client, p) for p in pages]
    _topics(db, 30, staff.id)
    large = [_count_statements(app, staff_client if p != "/topics" else client, p) for p in pages]
    assert small == large
    assert max(large) <= 12
