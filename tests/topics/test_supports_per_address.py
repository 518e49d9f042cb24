"""Anonymous support stays one tap, but clearing cookies no longer counts again: one anonymous
support per internet address (hashed, never stored plain) and topic; supports from families with
a card are shown apart (issue 24 item 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from spelotheek.topics import rules, services
from spelotheek.topics.models import Support
from spelotheek.topics.rules import TopicRefused
from tests.factories import family_id, login_as, make_family
from tests.topics.helpers import make_topic

EN = {"Accept-Language": "en"}
SECRET = "test-secret"


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _count(db, topic_id: int) -> int:
    db.commit()  # a fresh read: the requests wrote in their own sessions
    return db.scalar(select(func.count()).where(Support.topic_id == topic_id))


def test_the_address_key_is_keyed_per_topic_and_never_the_address() -> None:
    key = rules.address_hash(SECRET, 7, "203.0.113.5")
    assert "203.0.113" not in key and len(key) == 64
    assert key == rules.address_hash(SECRET, 7, "203.0.113.5")
    assert key != rules.address_hash(SECRET, 8, "203.0.113.5")  # not linkable across topics
    assert key != rules.address_hash("other-secret", 7, "203.0.113.5")  # not guessable
    assert key != rules.address_hash(SECRET, 7, "203.0.113.6")
    # one IPv6 household (/64) rotating its private addresses is one address
    assert rules.address_hash(SECRET, 7, "2001:db8:1:2::a") == rules.address_hash(
        SECRET, 7, "2001:db8:1:2:ffff::1"
    )
    assert rules.address_hash(SECRET, 7, "2001:db8:1:2::a") != rules.address_hash(
        SECRET, 7, "2001:db8:1:3::a"
    )
    assert rules.address_hash(SECRET, 7, "::ffff:203.0.113.5") == key


def test_clearing_cookies_does_not_count_again_from_the_same_address(client, db, app) -> None:
    topic = make_topic(db, status="accepted")
    db.commit()
    for _ in range(4):  # a new browser each time: as if cookies were cleared
        fresh = app.test_client()
        fresh.post(f"/topics/{topic.id}/support", headers=EN)
    assert _count(db, topic.id) == 1
    refused = app.test_client().post(
        f"/topics/{topic.id}/support", headers=EN, follow_redirects=True
    )
    assert "with your family card" in refused.text
    # another address still counts, with one tap
    elsewhere = app.test_client().post(
        f"/topics/{topic.id}/support", environ_base={"REMOTE_ADDR": "198.51.100.7"}
    )
    assert elsewhere.status_code == 302 and _count(db, topic.id) == 2
    # the same address for another topic counts too
    other = make_topic(db, text="Other", status="accepted")
    db.commit()
    app.test_client().post(f"/topics/{other.id}/support")
    assert _count(db, other.id) == 1
    stored = db.scalars(select(Support.address_hash)).all()
    assert all(h and "127.0.0.1" not in h and "198.51" not in h for h in stored)


def test_the_api_limits_the_same_way(client, db, app) -> None:
    topic = make_topic(db, status="accepted")
    db.commit()
    answers = []
    for _ in range(3):
        fresh = app.test_client()
        answers.append(fresh.post(f"/api/v1/topics/{topic.id}/support", headers=_csrf(fresh)))
    assert answers[0].status_code == 201
    assert [a.status_code for a in answers[1:]] == [409, 409]
    assert answers[1].get_json()["error"] == "address_counted"
    assert _count(db, topic.id) == 1


def _csrf(client) -> dict[str, str]:
    from tests.topics.test_api import _csrf as csrf

    return csrf(client)


def test_families_with_a_card_count_whatever_the_address(client, db, app) -> None:
    topic = make_topic(db, status="accepted")
    families = [make_family(db, f"F{i}")[0] for i in range(2)]
    db.commit()
    app.test_client().post(f"/topics/{topic.id}/support")
    for family in families:
        member = app.test_client()
        login_as(member, family_id(family))
        member.post(f"/topics/{topic.id}/support")
    assert _count(db, topic.id) == 3
    for page in (
        client.get("/topics", headers=EN).text,
        client.get(f"/topics/{topic.id}", headers=EN).text,
    ):
        assert "2 families with a card" in page and "1 without a card" in page


def test_the_database_refuses_a_second_support_from_one_address(db) -> None:
    topic = make_topic(db, status="accepted")
    key = rules.address_hash(SECRET, topic.id, "203.0.113.5")
    assert services.support(db, topic.id, family_id=None, browser_token="a", address_hash=key)
    with pytest.raises(TopicRefused) as refused:
        services.support(db, topic.id, family_id=None, browser_token="b", address_hash=key)
    assert refused.value.code == "address_counted"
    db.commit()
    with pytest.raises(IntegrityError):
        db.execute(
            text(
                "INSERT INTO topic_supports (topic_id, browser_hash, address_hash, created_at) "
                "VALUES (:t, 'c', :k, CURRENT_TIMESTAMP)"
            ),
            {"t": topic.id, "k": key},
        )
        db.flush()
    db.rollback()
    assert services.support_split(db, [topic.id]) == {topic.id: (0, 1)}
