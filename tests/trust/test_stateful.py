"""A stateful property test over the desk: lend, return, hold, card lost, erase.

Invariants after every step: at most one open loan per item (as the database sees it), a
revoked card never lends, and an erased family leaves no personal data behind.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

import spelotheek.models  # noqa: F401
from spelotheek.db import Base
from spelotheek.domain_errors import DomainError
from spelotheek.families import cards
from spelotheek.families.models import Family
from spelotheek.families.rights import erase_family
from spelotheek.loans import holds
from spelotheek.loans import services as loans
from spelotheek.loans.models import Item, Loan
from tests.conftest import _empty_all_tables
from tests.factories import make_family
from tests.loans.factories import make_location, make_toy

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # a Wednesday, the place is open


def test_desk_invariants_hold_under_random_steps(app, db) -> None:
    class Desk(RuleBasedStateMachine):
        """The toy library as a desk sees it, driven through the services."""

        def __init__(self) -> None:
            super().__init__()
            db.rollback()
            _empty_all_tables(app)
            location = make_location(db)
            self.toys = [make_toy(db, f"Toy {n}", copies=2, location=location) for n in range(3)]
            self.items = [item.id for toy in self.toys for item in toy.items]
            self.codes: dict[int, str] = {}
            self.revoked: list[str] = []
            self.erased: list[str] = []
            for n in range(4):
                family, code = make_family(db, f"Family-{n}-secret", email=f"f{n}@example.org")
                self.codes[family.id] = code
            db.commit()
            self.now = NOW

        def _family(self, index: int) -> Family | None:
            ids = sorted(self.codes)
            return db.get(Family, ids[index % len(ids)]) if ids else None

        def _step(self, action) -> None:
            try:
                action()
                db.commit()
            except DomainError:
                db.rollback()

        @rule(who=st.integers(0, 9), which=st.integers(0, 5))
        def lend(self, who: int, which: int) -> None:
            family = self._family(who)
            if family is None:
                return
            item = db.get(Item, self.items[which])
            scanned = cards.family_for_scan(db, self.codes[family.id]).id
            self._step(lambda: loans.lend(db, None, scanned, item, self.now))

        @rule(which=st.integers(0, 5))
        def give_back(self, which: int) -> None:
            item = db.get(Item, self.items[which])
            self._step(lambda: loans.return_item(db, None, item, {}, self.now))

        @rule(who=st.integers(0, 9), toy=st.integers(0, 2))
        def hold(self, who: int, toy: int) -> None:
            family = self._family(who)
            if family is not None:
                self._step(lambda: holds.place_hold(db, None, family, self.toys[toy].id, self.now))

        @rule(who=st.integers(0, 9))
        def card_lost(self, who: int) -> None:
            family = self._family(who)
            if family is None:
                return
            self.revoked.append(self.codes[family.id])
            self.codes[family.id] = cards.reissue_card(db, None, family, self.now).code
            db.commit()

        @rule(who=st.integers(0, 9))
        def erase(self, who: int) -> None:
            family = self._family(who)
            if family is None:
                return
            name, family_id = family.display_name, family.id
            try:
                erase_family(db, family, actor_id=None)
                db.commit()
            except DomainError:
                db.rollback()  # toys still at home: refused, nothing changed
                return
            self.erased.append(name)
            self.revoked.append(self.codes.pop(family_id))

        @rule(hours=st.integers(1, 72))
        def time_passes(self, hours: int) -> None:
            self.now += timedelta(hours=hours)

        @invariant()
        def one_open_loan_per_item(self) -> None:
            busiest = db.scalar(
                select(func.count())
                .select_from(Loan)
                .where(Loan.returned_at.is_(None))
                .group_by(Loan.item_id)
                .order_by(func.count().desc())
                .limit(1)
            )
            assert busiest in (None, 1)

        @invariant()
        def revoked_cards_never_lend(self) -> None:
            for code in self.revoked[-3:]:
                try:
                    cards.family_for_scan(db, code)
                except (cards.CardRevoked, cards.CardNotFound):
                    continue
                raise AssertionError("a revoked card was accepted")
            db.rollback()

        @invariant()
        def erased_families_leave_nothing(self) -> None:
            if not self.erased:
                return
            dump = "\n".join(
                repr(tuple(row))
                for table in Base.metadata.sorted_tables
                for row in db.execute(select(table))
            )
            assert not any(name in dump for name in self.erased)
            db.rollback()

    run_state_machine_as_test(
        Desk,
        settings=settings(
            max_examples=12,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
