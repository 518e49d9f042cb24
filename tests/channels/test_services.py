"""Channel services on both databases: made, changed and stopped with an audit trail; scans
and new families counted in one statement each, also when many count at once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.channels import rules, services
from spelotheek.channels.models import ChannelCount
from tests.channels.conftest import make_channel, make_place
from tests.factories import make_user

NOW = datetime(2026, 3, 17, 10, tzinfo=UTC)
DAY = date(2026, 3, 17)


def _counts(db) -> dict[tuple[str, date], int]:
    db.expire_all()
    return {(c.measure, c.period): c.count for c in db.scalars(select(ChannelCount))}


def test_a_channel_gets_a_random_code_without_its_name(db) -> None:
    place = make_place(db)
    first = make_channel(db, location=place)
    second = make_channel(db, name="Basisschool De Regenboog", kind="school")
    assert first.code != second.code
    assert rules.parse_code(first.code) == first.code
    assert "bron" not in first.code.lower()
    assert first.active and first.location_id == place.id
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_type == "channel"))
    assert list(actions) == ["channel_created", "channel_created"]


def test_bad_input_is_refused_and_nothing_is_made(db) -> None:
    staff = make_user(db)
    with pytest.raises(rules.ChannelRefused):
        services.create_channel(db, staff.id, "pharmacy", "Apotheek", None)
    with pytest.raises(rules.ChannelRefused):
        services.create_channel(db, staff.id, "school", "School", 424242)  # no such place
    assert services.all_channels(db) == []


def test_renaming_keeps_the_code_and_audits_which_fields_changed(db) -> None:
    channel = make_channel(db)
    code = channel.code
    staff = make_user(db)
    services.change_channel(db, staff.id, channel.id, "child_health", "Consultatiebureau", None)
    assert (channel.code, channel.kind, channel.name) == (code, "child_health", "Consultatiebureau")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "channel_changed")).one()
    assert event.actor_id == staff.id and event.detail == "kind,name"
    assert "Consultatiebureau" not in event.detail


def test_a_revoked_channel_is_no_longer_found_by_its_code_nor_counted(db) -> None:
    channel = make_channel(db)
    assert services.active_by_code(db, channel.code.upper()) is channel
    services.revoke_channel(db, make_user(db).id, channel.id, NOW)
    assert services.active_by_code(db, channel.code) is None
    assert services.count_scan(db, channel, DAY) is False
    with pytest.raises(rules.ChannelRefused):
        services.count_new_family(db, channel.id, DAY)
    assert _counts(db) == {}
    assert services.active_channels(db) == []


def test_unknown_and_malformed_codes_find_nothing(db) -> None:
    make_channel(db)
    assert services.active_by_code(db, "0000000000") is None
    assert services.active_by_code(db, "'; drop table channels; --") is None


def test_scans_count_per_day_and_new_families_per_month(db) -> None:
    channel = make_channel(db)
    assert services.count_scan(db, channel, DAY)
    assert services.count_scan(db, channel, DAY)
    assert services.count_scan(db, channel, date(2026, 3, 18))
    assert services.count_new_family(db, channel.id, DAY)
    assert services.count_new_family(db, channel.id, date(2026, 3, 30))
    assert services.count_new_family(db, None, DAY) is False  # rather not say: nothing
    assert _counts(db) == {
        ("scan", DAY): 2,
        ("scan", date(2026, 3, 18)): 1,
        ("family", date(2026, 3, 1)): 2,
    }


def test_counting_at_the_same_time_loses_no_count(app, db) -> None:
    channel = make_channel(db)
    db.commit()
    sessions = app.extensions["sessionmaker"]
    threads, each, errors = 6, 5, []

    def scan() -> None:
        try:
            for _ in range(each):
                with sessions() as session:
                    services.count_scan(session, channel, DAY)
                    session.commit()
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    workers = [threading.Thread(target=scan) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert _counts(db) == {("scan", DAY): threads * each}


def test_statistics_read_only_the_period(db) -> None:
    channel = make_channel(db)
    services.count_scan(db, channel, date(2026, 2, 28))
    services.count_scan(db, channel, date(2026, 3, 1))
    services.count_new_family(db, channel.id, date(2026, 4, 1))
    channels, counts = services.statistics(db, date(2026, 3, 1), date(2026, 4, 1))
    assert [c.name for c in channels] == [channel.name]
    assert counts == [(channel.id, "scan", date(2026, 3, 1), 1)]
