"""The directory's history keeps what changed, and nothing when nothing did."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from spelotheek.network.history import differences, record_change, snapshot
from spelotheek.network.models import DirectoryChange
from spelotheek.network.texts import refresh_search_text
from tests.factories import make_service


def test_differences_name_only_changed_fields() -> None:
    before = {"name": "A", "checked_on": date(2026, 1, 2), "phone": "1"}
    after = {"name": "B", "checked_on": date(2026, 3, 4), "phone": "1"}
    assert differences(before, after) == {
        "checked_on": ["2026-01-02", "2026-03-04"],
        "name": ["A", "B"],
    }


def test_a_change_that_changed_nothing_is_not_kept(db) -> None:
    service = make_service(db)
    fields = ("name", "phone")
    before = snapshot(service, fields)
    assert (
        record_change(
            db,
            "service",
            service.uuid,
            "changed",
            organization_id=service.organization_id,
            user_id=None,
            changes=differences(before, snapshot(service, fields)),
        )
        is None
    )
    service.phone = "09 123 45 67"
    record_change(
        db,
        "service",
        service.uuid,
        "changed",
        organization_id=service.organization_id,
        user_id=None,
        changes=differences(before, snapshot(service, fields)),
    )
    kept = db.scalars(select(DirectoryChange)).all()
    assert [(c.action, c.changes) for c in kept] == [("changed", {"phone": ["", "09 123 45 67"]})]


def test_search_text_holds_every_language(db) -> None:
    service = make_service(db, name="Spreekuur", name_texts={"ar": "ساعة الاستشارة"})
    refresh_search_text(service)
    assert "spreekuur" in service.search_text
    assert "ساعة الاستشارة" in service.search_text
    assert service.organization.name.casefold() in service.search_text
