"""Families and the one card, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.domain_errors import DomainError
from spelotheek.families import cardcode, cards, pins, services
from spelotheek.families.models import Card
from tests.factories import PIN, make_family

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def test_a_family_needs_only_a_display_name_and_gets_an_active_card(db) -> None:
    family, code = make_family(db, "Lotte")
    assert family.active_card is not None
    assert family.active_card.token_hash == cardcode.token_hash(code)
    assert family.active_card.hint == code[-4:]
    assert family.email is None and family.phone is None and family.postcode is None


def test_the_code_itself_is_never_stored(db) -> None:
    _, code = make_family(db)
    db.commit()
    stored = db.execute(select(Card.token_hash, Card.hint)).all()
    assert all(code not in "".join(row) for row in stored)


@pytest.mark.parametrize("shape", ["raw", "formatted", "lower", "spaced"])
def test_the_family_is_found_however_the_code_is_typed(db, shape: str) -> None:
    family, code = make_family(db)
    typed = {
        "raw": code,
        "formatted": cardcode.format_code(code),
        "lower": cardcode.format_code(code).lower(),
        "spaced": " ".join(code[i : i + 4] for i in range(0, len(code), 4)),
    }[shape]
    assert cards.family_for_scan(db, typed) == family


def test_a_typo_says_so_and_an_unknown_code_says_not_found(db) -> None:
    _, code = make_family(db)
    typo = ("1" if code[3] != "1" else "2").join([code[:3], code[4:]])
    with pytest.raises(cards.CardNotFound) as typo_error:
        cards.family_for_scan(db, typo)
    assert typo_error.value.typo
    with pytest.raises(cards.CardNotFound) as unknown:
        cards.family_for_scan(db, cardcode.encode(12345))
    assert not unknown.value.typo


def test_card_lost_revokes_and_reissues_in_one_step(db) -> None:
    family, old_code = make_family(db)
    issued = cards.reissue_card(db, None, family, NOW)
    assert issued.code != old_code
    assert cards.family_for_scan(db, issued.code) == family
    with pytest.raises(cards.CardRevoked) as revoked:
        cards.family_for_scan(db, old_code)
    assert revoked.value.family_id == family.id  # for the audit the view writes after rollback
    assert db.scalar(select(func.count()).select_from(Card)) == 2
    actions = db.scalars(select(AuditEvent.action)).all()
    assert "revoked_card_scanned" not in actions  # the scan itself only reads


def test_a_lend_reads_the_card_with_its_facts_and_still_refuses_a_revoked_card(db) -> None:
    family, old_code = make_family(db)
    cards.link_library_card(db, None, family, "2 0001 2345 6789")
    issued = cards.reissue_card(db, None, family, NOW)

    def holder(scanned: str) -> int:
        """The family a scan finds through the columns a lend's statement reads."""
        key = cards.card_key(scanned)
        found = db.execute(cards.holder(key.library), {"card_hash": key.hash}).one_or_none()
        return cards.family_id_of(*(found or (None, None)))

    assert holder(issued.code) == family.id
    assert holder("20001-23456789") == family.id
    with pytest.raises(cards.CardRevoked) as revoked:
        holder(old_code)
    assert revoked.value.family_id == family.id
    with pytest.raises(cards.CardNotFound):
        holder(cardcode.encode(12345))
    with pytest.raises(cards.CardNotFound):
        holder("2 0009 9999 9999")  # a library card no family linked
    revoked_scans = select(func.count()).where(AuditEvent.action == "revoked_card_scanned")
    assert db.scalar(revoked_scans) == 0
    cards.audit_revoked_scan(db, None, revoked.value)
    assert db.scalar(revoked_scans) == 1


def test_the_database_allows_one_active_card_per_family(db) -> None:
    family, _ = make_family(db)
    db.commit()
    db.add(Card(family_id=family.id, token_hash="f" * 64, hint="FFFF", status="active"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_linked_library_card_finds_the_family(db) -> None:
    family, _ = make_family(db)
    cards.link_library_card(db, None, family, "2 0001 2345 6789")
    assert family.library_card_hint == "6789"
    assert cards.family_for_scan(db, "20001-23456789") == family
    with pytest.raises(cards.CardNotFound):
        cards.family_for_scan(db, "20001234567890")


def test_a_library_card_links_to_one_family_only(db) -> None:
    first, _ = make_family(db, "A")
    second, _ = make_family(db, "B")
    cards.link_library_card(db, None, first, "200012345678")
    with pytest.raises(DomainError) as taken:
        cards.link_library_card(db, None, second, "200012345678")
    assert taken.value.code == "library_card_taken" and taken.value.status == 409


def test_unlinking_the_library_card(db) -> None:
    family, _ = make_family(db)
    cards.link_library_card(db, None, family, "200012345678")
    cards.link_library_card(db, None, family, "")
    assert family.library_card_hash is None


@pytest.mark.parametrize("number", ["123", "1" * 21])
def test_implausible_library_numbers_are_refused(db, number: str) -> None:
    family, _ = make_family(db)
    with pytest.raises(DomainError):
        cards.link_library_card(db, None, family, number)


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "12.4", "12²"])
def test_a_pin_has_4_to_6_digits(db, pin: str) -> None:
    family, _ = make_family(db)
    with pytest.raises(pins.PinRefused):
        pins.set_pin(db, None, family, pin)


def test_family_login_needs_the_card_and_the_pin(db) -> None:
    family, code = make_family(db)
    pins.set_pin(db, None, family, PIN)
    assert pins.family_for_login(db, cardcode.format_code(code), PIN) == family
    assert pins.family_for_login(db, code, "0000") is None
    assert pins.family_for_login(db, cardcode.encode(7), PIN) is None


def test_digits_from_an_arabic_keyboard_count_as_digits(db) -> None:
    family, code = make_family(db)
    pins.set_pin(db, None, family, "٤٧٣١")
    assert pins.family_for_login(db, code, "4731") == family
    assert pins.family_for_login(db, code, "٤٧٣١") == family


@pytest.mark.parametrize(
    "pin",
    ["0000", "1111", "99999", "000000", "1234", "4321", "0123", "7890", "3210", "23456", "987654"]
    + ["123456", "654321", "1212", "6969", "1004", "2000", "2001", "1122", "121212", "123123"]
    + ["١٢٣٤", "٠٠٠٠"],
)
def test_a_pin_that_is_easy_to_guess_is_refused_with_a_reason(pin: str) -> None:
    with pytest.raises(pins.PinRefused) as refused:
        pins.check_pin_shape(pin)
    assert "guess" in str(refused.value.message)


@pytest.mark.parametrize("pin", ["2468", "4731", "1357", "80516", "902174", "1235"])
def test_a_pin_that_is_not_easy_to_guess_is_taken(pin: str) -> None:
    pins.check_pin_shape(pin)


def test_staff_hear_why_a_pin_is_refused(db, app) -> None:
    from tests.factories import login_as, make_user, staff_id

    family, _ = make_family(db)
    staff = make_user(db)
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(staff))
    app.config["WTF_CSRF_ENABLED"] = False
    page = client.post(
        f"/families/{family.id}/pin", data={"pin-pin": "1111"}, follow_redirects=True
    )
    db.refresh(family)
    assert family.pin_hash is None
    assert "easy to guess" in page.get_data(as_text=True)


def test_spaces_and_dashes_in_a_pin_are_not_part_of_it(db) -> None:
    family, code = make_family(db)
    pins.set_pin(db, None, family, "47 31")
    assert pins.family_for_login(db, code, "4731") == family
    assert pins.family_for_login(db, code, "47–31") == family


def test_setting_a_pin_ends_older_family_sessions(db) -> None:
    family, _ = make_family(db)
    version = family.session_version
    pins.set_pin(db, None, family, "2468")
    assert family.session_version == version + 1


def test_children_are_kept_as_birth_year_and_month(db) -> None:
    family, _ = make_family(db)
    child = services.add_child(db, None, family, 2024, 3)
    assert (child.birth_year, child.birth_month) == (2024, 3)
    services.remove_child(db, None, family, child.id)
    assert family.children == []


def test_the_database_refuses_an_impossible_birth_month(db) -> None:
    family, _ = make_family(db)
    services.add_child(db, None, family, 2024, 5)
    family.children[0].birth_month = 13
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
