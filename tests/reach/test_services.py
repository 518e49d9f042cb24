"""Reach services on the database: the SQL equals a brute-force count, consent counts, and the
number of statements does not grow with the data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select, text

from spelotheek.families import rights
from spelotheek.reach import services
from spelotheek.reach.models import ReachProfile
from spelotheek.reach.report import Settings
from tests.factories import make_family
from tests.reach.helpers import FamilySpec, brute_force, random_world, store

START, END = date(2026, 1, 1), date(2026, 7, 1)
EXACT = Settings(
    threshold=5, rounding=1, languages=("nl", "ar", "tr"), neighbourhoods=("Noord", "Zuid")
)
NOW = datetime(2026, 7, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("service", ["all", "loans", "meetings", "groups"])
def test_counts_equal_a_brute_force_count(app, db, seed, service) -> None:
    specs = random_world(seed)
    store(db, specs)
    db.commit()
    with app.app_context():
        report = services.compute(db, START, END, service, ("household",), EXACT)
    expected = brute_force(specs, START, END, service)
    assert report.values[f"svc:{service}"] == expected.get("total", 0)
    for name, value in report.values.items():
        prefix = f"{service}|"
        if name.startswith(prefix) and "*" not in name and name.count("=") == 1:
            dim, category = name[len(prefix) :].split("=")
            assert value == expected.get((dim, category), 0), name


def test_the_overlap_between_services_matches_the_families(app, db) -> None:
    specs = random_world(3)
    store(db, specs)
    db.commit()
    with app.app_context():
        report = services.compute(db, START, END, "all", ("household",), EXACT)

    def reached(spec, service):
        from tests.reach.helpers import activity

        return any(START <= d < END for d in activity(spec, service))

    for lo in (0, 1):
        for me in (0, 1):
            expected = sum(
                1
                for s in specs
                if reached(s, "all") and reached(s, "loans") == lo and reached(s, "meetings") == me
            )
            assert report.values[f"ov|{lo}|{me}"] == expected


def test_a_withdrawn_profile_leaves_the_next_computation(app, db) -> None:
    specs = [
        FamilySpec(loans=[date(2026, 2, 3)], profile={"household": "one_adult"}) for _ in range(6)
    ]
    store(db, specs)
    db.commit()
    with app.app_context():
        before = services.compute(db, START, END, "loans", ("household",), EXACT)
        family = services.get_family(db, specs[0].id)
        services.withdraw_profile(db, family, None, NOW)
        db.commit()
        after = services.compute(db, START, END, "loans", ("household",), EXACT)
    assert before.values["loans|household=one_adult"] == 6
    assert after.values["loans|household=one_adult"] == 5
    assert after.values["loans|household=unknown"] == 1
    profile = db.scalars(select(ReachProfile).where(ReachProfile.family_id == specs[0].id)).one()
    assert profile.withdrawn_at is not None and profile.household is None


def test_meetings_know_only_families_whose_scan_had_consent(app, db) -> None:
    specs = [FamilySpec(scans=[(date(2026, 3, 7), True)]) for _ in range(5)]
    specs += [FamilySpec(scans=[(date(2026, 3, 7), False)]) for _ in range(4)]
    store(db, specs)
    db.commit()
    with app.app_context():
        report = services.compute(db, START, END, "meetings", ("household",), EXACT)
    assert report.values["svc:meetings"] == 5


def test_saving_checks_the_answers_and_records_who_gave_consent(app, db) -> None:
    family, _ = make_family(db, "Noor")
    with app.app_context():
        with pytest.raises(services.ProfileRefused):
            services.save_profile(db, family, {"household": "income_low"}, EXACT, None, NOW)
        profile = services.save_profile(
            db, family, {"household": "one_adult", "home_language": "ar"}, EXACT, None, NOW
        )
    assert profile.consent_by == "family" and profile.consent_staff_id is None
    assert profile.consent_at == NOW


def test_the_profile_is_in_the_family_export_and_goes_with_erasure(app, db) -> None:
    family, _ = make_family(db, "Noor")
    with app.app_context():
        services.save_profile(db, family, {"usual_carer": "father"}, EXACT, None, NOW)
        data = rights.export_family(db, family, actor_id=None)
        assert data["reach"]["usual_carer"] == "father"
        rights.erase_family(db, family, actor_id=None)
    db.commit()
    assert db.scalars(select(ReachProfile)).all() == []


def _statements(app, db, service: str) -> int:
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with app.app_context():
            services.compute(db, START, END, service, ("household", "usual_carer"), EXACT)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_number_of_statements_does_not_grow_with_the_data(app, db) -> None:
    store(db, random_world(4, size=5))
    db.commit()
    small = _statements(app, db, "all")
    store(db, random_world(5, size=60))
    db.commit()
    large = _statements(app, db, "all")
    # Families (overlap and breakdowns in one), visits, head counts, the check-in taps and the
    # reference figures; on PostgreSQL also the SET LOCAL that turns the JIT off.
    assert small == large <= 6


def test_the_counts_run_without_jit_compiling_on_postgresql(app, db, backend) -> None:
    """PostgreSQL's JIT cost more than it saved on these counts: they turn it off, only for
    their own transaction (SET LOCAL), so other requests on the connection keep the default."""
    if backend != "postgresql":
        pytest.skip("SQLite has no JIT")
    default = db.execute(text("SHOW jit")).scalar_one()
    services.count(db, START, END, "all", ("household",), None)
    assert db.execute(text("SHOW jit")).scalar_one() == "off"
    db.rollback()
    assert db.execute(text("SHOW jit")).scalar_one() == default
