"""An erased family leaves no name, phone or e-mail anywhere in the database; counts stay."""

from __future__ import annotations

from sqlalchemy import func, select

import spelotheek.models  # noqa: F401
from spelotheek.cli import main
from spelotheek.db import Base, utcnow
from spelotheek.families.models import Family
from spelotheek.families.rights import erase_family, export_family
from spelotheek.groups.models import Enrolment
from spelotheek.loans import services as loans
from spelotheek.loans.models import Loan
from spelotheek.meetups.models import MeetupCardScan

SECRETS = ("Zorro-Unique-Name", "zorro.unique@example.org", "0499 12 34 99")


def _dump(db) -> str:
    return "\n".join(
        repr(tuple(row))
        for table in Base.metadata.sorted_tables
        for row in db.execute(select(table))
    )


def test_an_erased_family_leaves_no_personal_data_behind(app, db) -> None:
    assert app.test_cli_runner().invoke(main, ["demo"]).exit_code == 0
    family_id = db.scalar(select(Enrolment.family_id).where(Enrolment.family_id.isnot(None)))
    family = db.get(Family, family_id)
    family.display_name, family.email, family.phone = SECRETS
    scanned = select(MeetupCardScan.id).where(MeetupCardScan.family_id == family_id)
    if db.scalar(scanned) is None:
        occurrence_id = db.scalar(select(MeetupCardScan.occurrence_id))
        db.add(MeetupCardScan(occurrence_id=occurrence_id, family_id=family_id, reach_consent=True))
    db.commit()
    for loan in db.scalars(
        select(Loan).where(Loan.family_id == family_id, Loan.returned_at.is_(None))
    ).all():
        loans.return_item(db, None, loan.item, {}, utcnow())
    db.commit()
    exported = export_family(db, family, actor_id=None)
    assert {"family", "children", "cards", "loans", "groups", "meetups"} <= set(exported)
    loans_before = db.scalar(select(func.count()).select_from(Loan))
    enrolments_before = db.scalar(select(func.count()).select_from(Enrolment))
    assert any(s in _dump(db) for s in SECRETS)

    erase_family(db, family, actor_id=None)
    db.commit()

    dump = _dump(db)
    assert not any(s in dump for s in SECRETS)
    assert db.scalar(select(func.count()).select_from(Loan)) == loans_before
    assert db.scalar(select(func.count()).select_from(Enrolment)) == enrolments_before
    assert db.scalar(select(func.count()).select_from(Loan).where(Loan.family_id == family_id)) == 0
