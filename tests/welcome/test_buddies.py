"""Buddies: who may offer, a newcomer's request, the staff's match, the rota, data rights."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.domain_errors import NotFound
from spelotheek.families import rights
from spelotheek.registry import PURGERS
from spelotheek.welcome import buddies, privacy
from spelotheek.welcome.models import Buddy, BuddyRequest
from spelotheek.welcome.rules import REQUEST_KEPT_DAYS, WelcomeRefused
from tests.factories import make_family, make_user
from tests.meetups.conftest import make_series
from tests.welcome.conftest import (
    LAST_SATURDAY,
    NEXT_SATURDAY,
    NOW,
    TODAY,
    saturdays_before,
    scan_at,
)


@pytest.fixture
def series(db):
    return make_series(db)


def _regular(db, series, name: str = "Amira Haddad"):
    family, _code = make_family(db, name)
    scan_at(db, series, family, saturdays_before(LAST_SATURDAY, 3))
    return family


def test_only_a_family_that_comes_often_may_offer(db, series) -> None:
    newcomer, _ = make_family(db, "Nadia")
    scan_at(db, series, newcomer, saturdays_before(LAST_SATURDAY, 2))
    assert not buddies.may_offer(db, newcomer.id, NOW, TODAY)
    with pytest.raises(WelcomeRefused) as refused:
        buddies.offer(db, newcomer, "Nadia", ["ar"], NOW, TODAY)
    assert refused.value.code == "not_often"
    assert db.scalar(select(func.count()).select_from(Buddy)) == 0

    regular = _regular(db, series)
    assert buddies.may_offer(db, regular.id, NOW, TODAY)
    buddy = buddies.offer(db, regular, " Amira ", ["tr", "ar"], NOW, TODAY)
    assert (buddy.first_name, buddy.languages) == ("Amira", "ar tr")


def test_an_offer_can_change_and_stop(db, series) -> None:
    family = _regular(db, series)
    buddies.offer(db, family, "Amira", ["ar"], NOW, TODAY)
    # Later, even after a quiet half year, a buddy may still change the offer.
    buddies.offer(db, family, "Mira", ["ar", "fr"], NOW + timedelta(days=400), TODAY)
    assert buddies.buddy_of(db, family.id).languages == "fr ar"
    assert buddies.stop(db, family) is True
    assert buddies.buddy_of(db, family.id) is None
    assert buddies.stop(db, family) is False


def test_bad_offers_save_nothing(db, series) -> None:
    family = _regular(db, series)
    for name, languages in (("", ["ar"]), ("Amira", []), ("amira@x.be", ["ar"]), ("A", ["zz"])):
        with pytest.raises(WelcomeRefused):
            buddies.offer(db, family, name, languages, NOW, TODAY)
    assert buddies.buddy_of(db, family.id) is None


def test_a_newcomer_asks_for_a_coming_date_only(db, series) -> None:
    request = buddies.ask(db, series.id, NEXT_SATURDAY, "ar", " Sara ", TODAY)
    assert (request.language, request.first_name, request.buddy_id) == ("ar", "Sara", None)
    with pytest.raises(WelcomeRefused) as refused:
        buddies.ask(db, series.id, LAST_SATURDAY, "ar", "", TODAY)
    assert refused.value.code == "past"
    with pytest.raises(NotFound):  # not a date of this series (a Sunday)
        buddies.ask(db, series.id, NEXT_SATURDAY + timedelta(days=1), "ar", "", TODAY)
    with pytest.raises(WelcomeRefused):
        buddies.ask(db, series.id, NEXT_SATURDAY, "elvish", "", TODAY)
    for _ in range(buddies.MAX_REQUESTS_PER_DATE - 1):
        buddies.ask(db, series.id, NEXT_SATURDAY, "ar", "", TODAY)
    with pytest.raises(WelcomeRefused) as refused:
        buddies.ask(db, series.id, NEXT_SATURDAY, "ar", "", TODAY)
    assert refused.value.code == "full"


def test_staff_match_a_buddy_who_speaks_the_language(db, series) -> None:
    staff = make_user(db, role="staff")
    arabic = buddies.offer(db, _regular(db, series, "Amira"), "Amira", ["ar"], NOW, TODAY)
    turkish = buddies.offer(db, _regular(db, series, "Elif"), "Elif", ["tr"], NOW, TODAY)
    request = buddies.ask(db, series.id, NEXT_SATURDAY, "ar", "Sara", TODAY)
    with pytest.raises(WelcomeRefused):
        buddies.match(db, staff.id, request.id, turkish.id)
    assert request.buddy_id is None
    (entry,) = buddies.rota(db, TODAY)
    assert entry.day == NEXT_SATURDAY and entry.requests == [request]
    assert entry.candidates == {"ar": [arabic]}

    buddies.match(db, staff.id, request.id, arabic.id)
    assert request.buddy_id == arabic.id
    (welcome,) = buddies.welcomes_of(db, arabic.family_id, TODAY)
    assert (welcome.day, welcome.first_name, welcome.language) == (NEXT_SATURDAY, "Sara", "ar")
    assert buddies.welcomes_of(db, turkish.family_id, TODAY) == []
    with pytest.raises(NotFound):
        buddies.match(db, staff.id, 999999, arabic.id)


def test_a_buddy_in_the_download_and_gone_at_erasure(db, series) -> None:
    family = _regular(db, series)
    buddy = buddies.offer(db, family, "Amira", ["ar", "nl"], NOW, TODAY)
    request = buddies.ask(db, series.id, NEXT_SATURDAY, "ar", "", TODAY)
    buddies.match(db, None, request.id, buddy.id)
    exported = privacy.export_buddy(db, family, None)
    assert exported is not None
    assert exported[0] == "buddy"
    assert exported[1]["first_name"] == "Amira" and exported[1]["languages"] == ["nl", "ar"]
    rights.erase_family(db, family, actor_id=None)
    db.flush()
    assert db.scalar(select(func.count()).select_from(Buddy)) == 0
    db.refresh(request)
    assert request.buddy_id is None  # the request stays, open again


def test_requests_are_purged_a_week_after_their_date(db, series) -> None:
    buddies.ask(db, series.id, NEXT_SATURDAY, "ar", "", TODAY)
    assert privacy.purge_welcome_requests in PURGERS
    kept = NOW + timedelta(days=5 + REQUEST_KEPT_DAYS)
    assert privacy.purge_welcome_requests(db, kept, {})["buddy requests deleted"] == 0
    later = NOW + timedelta(days=5 + REQUEST_KEPT_DAYS + 2)
    assert privacy.purge_welcome_requests(db, later, {})["buddy requests deleted"] == 1
    assert db.scalar(select(func.count()).select_from(BuddyRequest)) == 0
