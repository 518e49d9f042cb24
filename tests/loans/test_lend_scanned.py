"""A desk device's lend: the copy and the card read with the lend's facts, as lend() decides."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.domain_errors import NotFound
from spelotheek.families import cardcode, cards
from spelotheek.loans import holds, itemstates, services
from spelotheek.loans.models import Loan
from spelotheek.loans.rules import LoanRefused
from tests.factories import make_family
from tests.loans.factories import item_of, make_location, make_toy

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Brussels


def _twins(db, location, **toy_fields):
    """Two copies alike (one for each way of lending) and two families, each with a code."""
    first, second = (item_of(make_toy(db, location=location, **toy_fields)) for _ in range(2))
    (family, code), (twin, twin_code) = make_family(db, "Amira"), make_family(db, "Bram")
    return first, second, (family, code), (twin, twin_code)


@pytest.mark.parametrize("copy_location", ["own", "none"])
@pytest.mark.parametrize("scanned", ["card", "library card"])
def test_a_lend_by_scan_decides_as_a_lend_of_the_copy(db, copy_location, scanned) -> None:
    # The first location opens on Mondays only, the other on Wednesdays and Saturdays and
    # closes over the due day: a copy without a location of its own is due by the first one's.
    make_location(db, weekdays=(0,))
    other = make_location(db, closures=[(date(2026, 3, 20), date(2026, 3, 28))])
    location = other if copy_location == "own" else None
    first, second, (family, _), (twin, twin_code) = _twins(db, location)
    itemstates.set_item_state(db, None, second, "incomplete", NOW, lendable_note="2 blocks")
    itemstates.set_item_state(db, None, first, "incomplete", NOW, lendable_note="2 blocks")
    if scanned == "library card":
        cards.link_library_card(db, None, twin, "2 0001 2345 6789")
        twin_code = "2 0001 2345 6789"
    expected = services.lend(db, None, family.id, first, NOW)
    lent, label = services.lend_scanned(
        db, None, cards.card_key(twin_code), second.label.lower(), NOW
    )
    assert label == second.label
    assert (lent.due_on, lent.note, lent.previous_state) == (
        expected.due_on,
        expected.note,
        expected.previous_state,
    )
    assert lent.due_on.weekday() == (2 if location else 0)
    loan = db.get(Loan, lent.loan_id)
    assert (loan.family_id, loan.item_id, loan.due_on) == (twin.id, second.id, lent.due_on)
    db.refresh(second)
    assert second.state == "on_loan"


def test_a_lend_by_scan_names_an_unknown_copy_before_an_unknown_or_revoked_card(db) -> None:
    place = make_location(db)
    item = item_of(make_toy(db, location=place))
    family, old_code = make_family(db)
    cards.reissue_card(db, None, family, NOW)
    unknown_card = cards.card_key("20001-99999999")
    with pytest.raises(NotFound) as unknown:
        services.lend_scanned(db, None, unknown_card, "NOPE1", NOW)
    assert unknown.value.code == "item_not_found"
    with pytest.raises(cards.CardNotFound):
        services.lend_scanned(db, None, unknown_card, item.label, NOW)
    with pytest.raises(cards.CardNotFound):  # a well-formed code of ours that no card has
        services.lend_scanned(db, None, cards.card_key(cardcode.encode(12345)), item.label, NOW)
    with pytest.raises(cards.CardRevoked) as revoked:
        services.lend_scanned(db, None, cards.card_key(old_code), item.label, NOW)
    assert revoked.value.family_id == family.id
    assert db.scalar(select(func.count()).select_from(Loan)) == 0


def test_a_lend_by_scan_releases_an_overdue_kept_copy_first(db) -> None:
    place = make_location(db)
    toy = make_toy(db, location=place)
    item = item_of(toy)
    (waiting, _), (borrower, code) = make_family(db, "First"), make_family(db, "Second")
    hold = holds.place_hold(db, None, waiting, toy.id, NOW)  # on the shelf: kept at once
    assert hold.status == "ready" and hold.pickup_by is not None
    late = hold.pickup_by + timedelta(minutes=1)
    with pytest.raises(LoanRefused) as refused:
        services.lend_scanned(db, None, cards.card_key(code), item.label, hold.pickup_by)
    assert refused.value.code == "held_for_other"
    lent, _label = services.lend_scanned(db, None, cards.card_key(code), item.label, late)
    assert hold.status == "expired"
    assert db.get(Loan, lent.loan_id).family_id == borrower.id


def test_the_lends_statements_stay_within_what_the_driver_keeps_parsed() -> None:
    """psycopg keeps its parse of a statement of at most 4,096 bytes and 50 parameters; a
    longer one is parsed again on every lend (it was 4,418 bytes)."""
    from psycopg import _queries
    from sqlalchemy.dialects import postgresql

    from spelotheek.loans import facts

    dialect = postgresql.psycopg.dialect()  # type: ignore[attr-defined]
    for statement in (
        *(facts._scan_facts_statement(library) for library in (False, True)),
        *(facts._lend_facts_statement(first) for first in (False, True)),
    ):
        compiled = statement.compile(dialect=dialect)
        assert len(str(compiled).encode()) <= _queries.MAX_CACHED_STATEMENT_LENGTH
        assert len(compiled.params) <= _queries.MAX_CACHED_STATEMENT_PARAMS
