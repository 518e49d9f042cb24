"""The desk never lends to the wrong family (issue 24, item 1).

A Hypothesis state machine drives the real desk views (plain form posts and the page's JSON
calls) with card scans, toy scans, parts checks, undo and "Next family". The family on screen
changes only on a card scan or "Next family"; every lend goes to that family.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from spelotheek.db import utcnow
from spelotheek.loans import services
from spelotheek.loans.models import Loan
from spelotheek.loans.views.desk import FAMILY_KEY, PARTS_KEY
from tests.conftest import _empty_all_tables
from tests.factories import login_as, make_family, make_user, staff_id
from tests.loans.factories import item_of, make_location, make_toy


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "LOANS_REPEAT_SECONDS": 0}


EN = {"Accept-Language": "en"}


def _world(db):
    """Three families, toys with and without pieces; some copies already at Julie's home."""
    place = make_location(db)
    families = [make_family(db, name) for name in ("Amira", "Julie", "Bram")]
    toys = [
        make_toy(db, "Houten trein", parts=[("wagons", 4)], copies=2, location=place),
        make_toy(db, "Stapelbekers", copies=3, location=place),
        make_toy(db, "Memory", parts=[("kaartjes", 20), ("doos", 1)], copies=1, location=place),
    ]
    julie = families[1][0]
    earlier = utcnow() - timedelta(days=3)
    for toy in toys[:2]:
        services.lend(db, None, julie.id, item_of(toy), earlier)
    labels = [item.label for toy in toys for item in sorted(toy.items, key=lambda i: i.id)]
    return families, labels


def test_undo_never_moves_the_desk_to_another_family(client, db) -> None:
    """The case seen: Amira on screen, Julie's toy comes back, undo, then a lend."""
    user = make_user(db, role="volunteer")
    families, _labels = _world(db)
    (amira, amira_code), (julie, _) = families[0], families[1]
    at_julies = [loan.item for loan in db.scalars(select(Loan).where(Loan.family_id == julie.id))]
    back = next(item.label for item in at_julies if not item.toy.parts)
    shelf = next(
        item.label for item in item_of_all(db) if item.state == "available" and not item.toy.parts
    )
    db.commit()
    login_as(client, staff_id(user))
    client.post("/desk/scan", data={"code": amira_code})
    client.post("/desk/scan", data={"code": back})  # Julie's toy comes back
    client.post("/desk/undo")
    page = client.get("/desk", headers=EN).get_data(as_text=True)
    assert "Undone" in page and "lent to Julie again" in page  # the undo says whom it touched
    assert "signal-attention" in page and "The desk stays with Amira." in page
    assert "Amira" in page.split('id="family-name"')[1][:300]  # the desk stays with Amira
    client.post("/desk/scan", data={"code": shelf})
    db.rollback()
    lent = db.scalar(select(Loan).join(Loan.item).where(Loan.item.has(label=shelf)))
    assert lent is not None and lent.family_id == amira.id


def item_of_all(db):
    """Every copy, in label order."""
    from spelotheek.loans.models import Item

    return db.scalars(select(Item).order_by(Item.label)).all()


def test_every_lend_goes_to_the_family_on_screen(app, client, db) -> None:
    class Desk(RuleBasedStateMachine):
        """One volunteer at the desk page, with and without the page's script."""

        def __init__(self) -> None:
            super().__init__()
            db.rollback()
            _empty_all_tables(app)
            user = make_user(db, role="volunteer")
            families, self.labels = _world(db)
            self.families = [(family.id, code) for family, code in families]
            db.commit()
            self.client = app.test_client()
            login_as(self.client, staff_id(user))
            page = self.client.get("/desk").get_data(as_text=True)
            self.csrf = page.split('data-csrf="')[1].split('"')[0]  # the page's JSON calls send it
            self.on_screen: int | None = None  # the family the volunteer opened
            self.page_family: int | None = None  # what the page sends with its JSON calls
            self.parts: str | None = None  # the label whose parts check is open
            self.known = self._loans()

        def _loans(self) -> dict[int, int]:
            db.rollback()
            return {
                loan_id: family_id
                for loan_id, family_id in db.execute(select(Loan.id, Loan.family_id))
            }

        def _form(self, url: str, data: dict[str, str] | None = None) -> None:
            assert self.client.post(url, data=data or {}).status_code == 302
            with self.client.session_transaction() as session:
                self.parts = session.get(PARTS_KEY)
                self.page_family = session.get(FAMILY_KEY)  # the page reloads

        def _json(self, url: str, payload: dict[str, object]) -> dict:
            if self.page_family:
                payload["family"] = self.page_family
            response = self.client.post(url, json=payload, headers={**EN, "X-CSRFToken": self.csrf})
            assert response.status_code < 500
            body = response.get_json()
            if body.get("family"):
                self.page_family = body["family"]  # as desk.js does
            self.parts = body["item"] if body.get("kind") == "parts_check" else None
            if body.get("kind") == "undo":
                assert body["message"].startswith("Undone")
            return body

        @rule(who=st.integers(0, 2), via_page_script=st.booleans())
        def scan_card(self, who: int, via_page_script: bool) -> None:
            family_id, code = self.families[who]
            if via_page_script:
                self._json("/api/v1/desk/scan", {"code": code})
            else:
                self._form("/desk/scan", {"code": code})
            self.on_screen = family_id

        @rule(which=st.integers(0, 5), via_page_script=st.booleans())
        def scan_toy(self, which: int, via_page_script: bool) -> None:
            label = self.labels[which]
            if via_page_script:
                self._json("/api/v1/desk/scan", {"code": label})
            else:
                self._form("/desk/scan", {"code": label})

        @rule(missing=st.integers(0, 2), via_page_script=st.booleans())
        def parts_check(self, missing: int, via_page_script: bool) -> None:
            if self.parts is None:
                return
            db.rollback()
            part = services.item_by_label(db, self.parts).toy.parts[0].id
            if via_page_script:
                self._json("/api/v1/desk/return", {"item": self.parts, "missing": {part: missing}})
            else:
                self._form("/desk/return", {"item": self.parts, f"missing-{part}": str(missing)})

        @rule(via_page_script=st.booleans())
        def undo(self, via_page_script: bool) -> None:
            if via_page_script:
                self._json("/api/v1/desk/undo", {})
            else:
                self._form("/desk/undo")

        @rule()
        def next_family(self) -> None:
            self._form("/desk/done")
            self.on_screen = None

        @invariant()
        def every_new_loan_is_for_the_family_on_screen(self) -> None:
            loans = self._loans()
            for loan_id, family_id in loans.items():
                if loan_id not in self.known:
                    assert family_id == self.on_screen, "a toy went to a family not on screen"
            self.known = loans

        @invariant()
        def the_screen_shows_the_family_the_volunteer_opened(self) -> None:
            with self.client.session_transaction() as session:
                assert session.get(FAMILY_KEY) == self.on_screen
            assert self.page_family in (None, self.on_screen)

    run_state_machine_as_test(
        Desk,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
