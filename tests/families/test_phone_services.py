"""Phones that stay logged in and login links by text, at the service layer (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.audit import AuditEvent
from spelotheek.auth import rules
from spelotheek.families import cardcode, cards, loginlinks, phonesessions, pins, rights
from spelotheek.families.models import Family, FamilyDevice, LoginLink
from spelotheek.messages import rules as message_rules
from spelotheek.messages.services import queue_message, set_channels
from spelotheek.registry import PURGERS
from tests.factories import make_family

NOON = datetime(2026, 12, 9, 11, 0, tzinfo=UTC)  # 12:00 in Brussels
NIGHT = datetime(2026, 12, 9, 23, 30, tzinfo=UTC)  # 00:30 in Brussels
LIMITS = rules.parse_limits("3 per hour;6 per day")  # the default LOGIN_LINK_LIMIT


def _body(_family: Family, token: str) -> str:
    return f"link /family/link/{token}"


def _texting_family(db, phone: str = "+32470123456", name: str = "Amira") -> Family:
    family, _ = make_family(db, name, phone=phone)
    set_channels(db, family, {"sms"}, NOON)
    return family


# --- the card's QR link, read back at the desk -------------------------------------------


def test_the_card_link_carries_the_code_only_in_its_fragment() -> None:
    code = cardcode.encode(12345)
    link = cardcode.card_link("https://spelotheek.example.be/c", code)
    assert link == f"https://spelotheek.example.be/c#{code}"
    assert cardcode.from_scan(link) == code
    assert cardcode.from_scan(f"  {link}\n") == code


@pytest.mark.parametrize(
    "scanned",
    ["ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-234", "12345678", "SPL-00042", "#", "a#b", "http://x/c#"],
)
def test_what_is_no_card_link_is_read_as_it_is(scanned: str) -> None:
    assert cardcode.from_scan(scanned) == scanned


def test_a_scanned_link_finds_the_family_like_the_bare_code(db) -> None:
    family, code = make_family(db)
    link = cardcode.card_link("https://a-rather-long-host-name.spelotheek.example.be/c", code)
    assert len(link) > 64  # longer than the desk's old limit: the fragment must survive
    assert cards.family_for_scan(db, link).id == family.id
    assert cards.card_key(link) == cards.card_key(code)  # as a lend finds it


# --- phones that stay logged in ----------------------------------------------------------


def test_a_device_is_stored_as_a_hash_and_found_by_its_token(db) -> None:
    family, _ = make_family(db)
    added = phonesessions.add_device(db, family, NOON, 90)
    assert added.token not in added.device.token_hash and len(added.token) >= 43
    assert added.device.expires_at == NOON + timedelta(days=90)
    assert phonesessions.device_for(db, family.id, added.token, NOON) is not None
    assert phonesessions.device_for(db, family.id, "guess", NOON) is None
    other, _ = make_family(db, "Bram")
    assert phonesessions.device_for(db, other.id, added.token, NOON) is None
    late = NOON + timedelta(days=90)
    assert phonesessions.device_for(db, family.id, added.token, late) is None


def test_the_family_ends_one_phone_and_keeps_the_other(db) -> None:
    family, _ = make_family(db)
    first = phonesessions.add_device(db, family, NOON, 90)
    second = phonesessions.add_device(db, family, NOON, 90)
    stranger, _ = make_family(db, "Bram")
    assert not phonesessions.end_device(db, stranger, first.device.id)  # not its phone
    assert phonesessions.end_device(db, family, first.device.id)
    assert [d.id for d in phonesessions.devices_of(db, family.id, NOON)] == [second.device.id]


@pytest.mark.parametrize("how", ["desk", "pin", "card"])
def test_the_desk_a_new_pin_or_a_new_card_end_every_phone(db, how: str) -> None:
    family, _ = make_family(db)
    phonesessions.add_device(db, family, NOON, 90)
    version = family.session_version
    if how == "desk":
        assert phonesessions.end_all_sessions(db, None, family) == 1
    elif how == "pin":
        pins.set_pin(db, None, family, "2580")
    else:
        cards.reissue_card(db, None, family, NOON)
    assert phonesessions.devices_of(db, family.id, NOON) == []
    assert family.session_version == version + 1
    ended = db.scalar(
        select(func.count()).where(
            AuditEvent.action == "family_sessions_ended", AuditEvent.subject_id == family.id
        )
    )
    assert ended == 1


# --- login links -------------------------------------------------------------------------


def test_a_link_is_sent_only_to_a_family_that_opted_in(db) -> None:
    _texting_family(db)
    make_family(db, "Bram", phone="+32470999999")  # no opt-in
    assert loginlinks.send_link(db, "+32470999999", NOON, _body, limits=LIMITS) is None
    assert loginlinks.send_link(db, "+32470000000", NOON, _body, limits=LIMITS) is None  # nobody
    assert db.scalar(select(func.count()).select_from(LoginLink)) == 0
    message = loginlinks.send_link(db, "+32470123456", NOON, _body, limits=LIMITS)
    assert message is not None and message.purpose == "login_link"
    link = db.scalars(select(LoginLink)).one()
    assert message.idempotency_key == f"login_link:{link.id}"
    assert link.expires_at == NOON + timedelta(minutes=15)


def test_a_link_works_once_and_not_after_15_minutes(db) -> None:
    family = _texting_family(db)
    message = loginlinks.send_link(db, "+32470123456", NOON, _body, limits=LIMITS)
    assert message is not None
    token = message.body.rsplit("/", 1)[1]
    assert db.scalars(select(LoginLink)).one().token_hash == loginlinks.token_hash(token)
    assert token not in db.scalars(select(LoginLink)).one().token_hash
    assert loginlinks.use_link(db, token + "x", NOON) is None
    late = NOON + timedelta(minutes=15)
    assert loginlinks.usable_link(db, token, late) is None
    assert loginlinks.use_link(db, token, late) is None
    assert loginlinks.use_link(db, token, NOON + timedelta(minutes=14)) is family
    assert loginlinks.use_link(db, token, NOON + timedelta(minutes=14)) is None  # used once


def test_a_login_link_goes_at_night_other_messages_wait(db) -> None:
    family = _texting_family(db)
    assert message_rules.send_after(NIGHT, "login_link") == NIGHT
    assert message_rules.send_after(NIGHT, "due_soon") > NIGHT
    assert message_rules.send_after(NOON, "due_soon") == NOON
    link = loginlinks.send_link(db, "+32470123456", NIGHT, _body, limits=LIMITS)
    other = queue_message(db, family, "due_soon", "Tomorrow", now=NIGHT, key="due_soon:1")
    assert link is not None and other is not None
    assert link.send_after == NIGHT
    assert other.send_after == message_rules.earliest_send(NIGHT) > NIGHT


# --- purge, export, erasure --------------------------------------------------------------


def test_expired_devices_and_spent_links_are_purged(db) -> None:
    family = _texting_family(db)
    old = phonesessions.add_device(db, family, NOON - timedelta(days=91), 90)
    kept = phonesessions.add_device(db, family, NOON, 90)
    an_hour_ago = NOON - timedelta(hours=1)
    message = loginlinks.send_link(db, "+32470123456", an_hour_ago, _body, limits=LIMITS)
    fresh = loginlinks.send_link(db, "+32470123456", NOON, _body, limits=LIMITS)
    assert message is not None and fresh is not None
    assert phonesessions.purge_expired_devices in PURGERS and loginlinks.purge_old_links in PURGERS
    reports = {
        **phonesessions.purge_expired_devices(db, NOON, {}),
        **loginlinks.purge_old_links(db, NOON, {}),
    }
    assert reports["family_devices"] == 1 and reports["login_links"] == 1
    assert db.get(FamilyDevice, old.device.id) is None
    assert db.get(FamilyDevice, kept.device.id) is not None
    assert db.scalar(select(func.count()).select_from(LoginLink)) == 1


def test_devices_and_links_are_in_the_export_and_go_with_erasure(db) -> None:
    family = _texting_family(db)
    phonesessions.add_device(db, family, NOON, 90)
    loginlinks.send_link(db, "+32470123456", NOON, _body, limits=LIMITS)
    data = rights.export_family(db, family, actor_id=None)
    assert len(data["phones_logged_in"]) == 1 and len(data["login_links"]) == 1
    assert "token" not in str(data["phones_logged_in"]) + str(data["login_links"])
    rights.erase_family(db, family, actor_id=None)
    db.flush()
    assert db.scalar(select(func.count()).select_from(FamilyDevice)) == 0
    assert db.scalar(select(func.count()).select_from(LoginLink)) == 0
