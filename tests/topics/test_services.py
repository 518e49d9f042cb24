"""Topic services on the database: propose, support (also under a race), moderate, plan."""

from __future__ import annotations

import threading
from datetime import UTC, date, time

import pytest
from sqlalchemy import func, select

from spelotheek.db import WRITE_OPTION
from spelotheek.domain_errors import NotFound
from spelotheek.groups import participants as group_participants
from spelotheek.meetups import dates as meetup_dates
from spelotheek.meetups import timetable
from spelotheek.meetups.models import MeetupOccurrence
from spelotheek.signals import queries as signal_queries
from spelotheek.signals import services as signal_services
from spelotheek.signals.rules import SignalRefused
from spelotheek.topics import listing, moderation, planning, services, signals
from spelotheek.topics.models import Support, Topic
from spelotheek.topics.rules import TopicRefused
from tests.factories import make_family, make_user
from tests.groups.helpers import make_group
from tests.topics.helpers import NOW, make_series, make_topic, plan_first, today


def _supports(db, topic_id: int) -> int:
    return db.scalar(select(func.count()).where(Support.topic_id == topic_id))


def test_an_anonymous_proposal_gets_a_receipt_stored_only_as_a_hash(db) -> None:
    made = services.propose(db, text="Huurwaarborg", theme="housing", language="nl")
    assert made.receipt and len(made.receipt) >= 32
    assert made.topic.receipt_hash == services.token_hash(made.receipt)
    assert made.receipt not in (made.topic.receipt_hash or "")
    assert made.topic.status == "new"
    assert services.topic_for_receipt(db, made.receipt).id == made.topic.id
    with pytest.raises(NotFound):
        other = "y" if made.receipt.endswith("x") else "x"
        services.topic_for_receipt(db, made.receipt[:-1] + other)


def test_a_family_proposal_has_no_receipt_and_staff_on_behalf_is_recorded(db) -> None:
    family, _ = make_family(db)
    staff = make_user(db)
    own = services.propose(db, text="", theme="rights", family_id=family.id)
    assert own.receipt is None and own.topic.proposer_family_id == family.id
    desk = services.propose(
        db, text="Kinderopvang", theme=None, family_id=family.id, on_behalf_by_id=staff.id
    )
    assert desk.topic.on_behalf_by_id == staff.id


def test_new_topics_are_never_public(db) -> None:
    fresh = make_topic(db, text="<b>spam</b>")
    shown = make_topic(db, text="Shown", status="accepted")
    declined = make_topic(db, text="Declined", status="declined")
    listed = [x.topic.id for x in listing.public_topics(db)]
    assert listed == [shown.id]
    for hidden in (fresh, declined):
        with pytest.raises(NotFound):
            services.visible_topic(db, hidden.id)


def test_a_group_topic_only_by_and_for_its_participants(db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    inside, _ = make_family(db, "Inside")
    outside, _ = make_family(db, "Outside")
    group_participants.enrol(
        db, midwife.id, group, inside, due_year=2030, due_month=7, consent=True, now=NOW
    )
    with pytest.raises(TopicRefused):
        services.propose(
            db, text="Sleep", theme=None, audience="group", group_id=group.id, family_id=outside.id
        )
    with pytest.raises(TopicRefused):
        services.propose(db, text="Sleep", theme=None, audience="group", group_id=group.id)
    topic = services.propose(
        db, text="Sleep", theme=None, audience="group", group_id=group.id, family_id=inside.id
    ).topic
    moderation.accept(db, midwife.id, topic, NOW)
    assert listing.public_topics(db) == []  # never on the public page
    with pytest.raises(NotFound):
        services.visible_topic(db, topic.id, outside.id)
    assert services.visible_topic(db, topic.id, inside.id).id == topic.id
    assert [x.topic.id for x in listing.family_topics(db, inside.id)] == [topic.id]


def test_one_support_per_family_and_per_browser(db) -> None:
    topic = make_topic(db, status="accepted")
    family, _ = make_family(db)
    assert services.support(db, topic.id, family_id=family.id, browser_token="a") is True
    assert services.support(db, topic.id, family_id=family.id, browser_token="b") is False
    assert services.support(db, topic.id, family_id=None, browser_token="browser-1") is True
    assert services.support(db, topic.id, family_id=None, browser_token="browser-1") is False
    assert services.support(db, topic.id, family_id=None, browser_token="browser-2") is True
    assert _supports(db, topic.id) == 3
    stored = db.scalars(select(Support.browser_hash).where(Support.topic_id == topic.id)).all()
    assert "browser-1" not in stored and services.token_hash("browser-1") in stored
    assert services.support_counts(db, [topic.id]) == {topic.id: 3}


def test_supports_only_on_open_public_topics(db) -> None:
    hidden = make_topic(db)
    with pytest.raises(NotFound):
        services.support(db, hidden.id, family_id=None, browser_token="x")
    staff = make_user(db)
    make_series(db)
    done = make_topic(db, status="accepted")
    plan_first(db, done, staff.id)
    planning.report(db, staff.id, done, "We talked", "", "", NOW)
    with pytest.raises(TopicRefused):
        services.support(db, done.id, family_id=None, browser_token="x")


def test_the_database_refuses_a_second_support_when_the_check_is_raced(db, monkeypatch) -> None:
    topic = make_topic(db, status="accepted")
    family, _ = make_family(db)
    assert services.support(db, topic.id, family_id=family.id, browser_token=None)
    db.commit()
    # The friendly pre-check saw nothing (another request was not committed yet): the unique
    # constraint decides, the loser answers False and the transaction stays usable.
    monkeypatch.setattr(services, "supported_by", lambda *args, **kwargs: set())
    assert services.support(db, topic.id, family_id=family.id, browser_token=None) is False
    assert services.support(db, topic.id, family_id=None, browser_token="t") is True
    assert services.support(db, topic.id, family_id=None, browser_token="t") is False
    db.commit()
    assert _supports(db, topic.id) == 2


def test_two_requests_at_once_count_one_support(app, db) -> None:
    topic = make_topic(db, status="accepted")
    family, _ = make_family(db)
    db.commit()
    barrier = threading.Barrier(2)
    answers: list[bool] = []
    errors: list[BaseException] = []

    def request() -> None:
        session = app.extensions["sessionmaker"]()
        try:
            barrier.wait(timeout=10)
            session.connection(execution_options={WRITE_OPTION: True})
            answers.append(
                services.support(session, topic.id, family_id=family.id, browser_token=None)
            )
            session.commit()
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            session.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(answers) == [False, True]
    assert _supports(db, topic.id) == 1


def test_merge_moves_supports_once_and_points_to_the_kept_topic(db) -> None:
    staff = make_user(db)
    kept = make_topic(db, text="Groeipakket", status="accepted")
    duplicate = make_topic(db, text="Kinderbijslag", status="accepted")
    family, _ = make_family(db)
    other, _ = make_family(db, "Other")
    for topic in (kept, duplicate):
        services.support(db, topic.id, family_id=family.id, browser_token=None)
        services.support(db, topic.id, family_id=None, browser_token="same-browser")
    services.support(db, duplicate.id, family_id=other.id, browser_token=None)
    moderation.merge(db, staff.id, duplicate, kept.id, NOW)
    assert duplicate.status == "merged" and duplicate.merged_into_id == kept.id
    assert _supports(db, kept.id) == 3 and _supports(db, duplicate.id) == 0
    with pytest.raises(TopicRefused):
        moderation.merge(db, staff.id, kept, kept.id, NOW)
    third = make_topic(db, text="Third")
    with pytest.raises(TopicRefused):
        moderation.merge(db, staff.id, third, duplicate.id, NOW)  # not into a merged one


def test_decline_keeps_the_reason_for_the_proposer(db) -> None:
    staff = make_user(db)
    made = services.propose(db, text="Buy phones", theme=None)
    with pytest.raises(TopicRefused):
        moderation.decline(db, staff.id, made.topic, " ", NOW)
    moderation.decline(db, staff.id, made.topic, "This is advertising.", NOW)
    seen = services.topic_for_receipt(db, made.receipt or "")
    assert seen.status == "declined" and seen.decline_reason == "This is advertising."


def test_summary_keeps_the_original_words(db) -> None:
    topic = make_topic(db, text="كيف أحصل على بطاقة التأمين الصحي")
    moderation.set_summary(db, None, topic, "Ziekenfondskaart", NOW)
    assert topic.text == "كيف أحصل على بطاقة التأمين الصحي" and topic.summary == "Ziekenfondskaart"


def _row_theme(db, series_id: int, day: date) -> str | None:
    return db.scalar(
        select(MeetupOccurrence.theme).where(
            MeetupOccurrence.series_id == series_id, MeetupOccurrence.original_day == day
        )
    )


def test_planning_sets_the_theme_of_the_day_and_a_new_plan_moves_it(db) -> None:
    staff = make_user(db)
    series = make_series(db)
    topic = make_topic(db, text="Tandarts", status="accepted")
    moderation.set_summary(db, staff.id, topic, "Naar de tandarts", NOW)
    first, second = planning.slots(db, topic, today())[:2]
    planning.plan(db, staff.id, topic, first.value, "", today(), NOW)
    assert topic.status == "planned" and topic.planned_day == first.day
    assert _row_theme(db, series.id, first.day) == "Naar de tandarts"
    shown = timetable.get_occurrence(db, series.id, first.day).occurrence
    assert shown.theme == "Naar de tandarts" and shown.starts == time(10)
    planning.plan(db, staff.id, topic, second.value, "Tandarts voor kinderen", today(), NOW)
    assert _row_theme(db, series.id, first.day) is None
    assert _row_theme(db, series.id, second.day) == "Tandarts voor kinderen"
    planning.unplan(db, staff.id, topic, NOW)
    assert topic.status == "accepted" and _row_theme(db, series.id, second.day) is None


def test_a_theme_staff_changed_by_hand_is_left_alone(db) -> None:
    staff = make_user(db)
    series = make_series(db)
    topic = make_topic(db, text="Slapen", status="accepted")
    slot = plan_first(db, topic, staff.id)
    day = date.fromisoformat(slot.split(":")[2])
    meetup_dates.change_date(
        db, staff.id, series.id, day, day=day, starts=time(10), ends=time(12), theme="Other theme"
    )
    moderation.decline(db, staff.id, topic, "Already planned another way", NOW)
    assert topic.occurrence_id is None
    assert _row_theme(db, series.id, day) == "Other theme"


def test_planning_refuses_a_cancelled_or_unknown_date_and_a_new_topic(db) -> None:
    staff = make_user(db)
    series = make_series(db)
    topic = make_topic(db, status="accepted")
    first = planning.slots(db, topic, today())[0]
    meetup_dates.cancel_date(db, staff.id, series.id, first.day, "Host ill")
    assert first.value not in [s.value for s in planning.slots(db, topic, today())]
    with pytest.raises(TopicRefused):
        planning.plan(db, staff.id, topic, first.value, "", today(), NOW)
    with pytest.raises(TopicRefused):
        planning.plan(db, staff.id, topic, "m:999:2030-01-01", "", today(), NOW)
    fresh = make_topic(db)
    with pytest.raises(TopicRefused):
        planning.plan(db, staff.id, fresh, first.value, "", today(), NOW)
    assert topic.status == "accepted"


def test_a_series_topic_is_planned_only_into_its_own_series(db) -> None:
    mine, other = make_series(db, "Mine"), make_series(db, "Other")
    topic = make_topic(db, status="accepted", audience="series", series_id=mine.id)
    values = [s.value for s in planning.slots(db, topic, today())]
    assert values and all(v.startswith(f"m:{mine.id}:") for v in values)
    assert other.id != mine.id


def test_a_group_topic_goes_into_a_session_of_its_group(db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, _ = make_family(db)
    group_participants.enrol(
        db, midwife.id, group, family, due_year=2030, due_month=7, consent=True, now=NOW
    )
    topic = make_topic(
        db, text="Borstvoeding", status="accepted", audience="group", group_id=group.id,
        family_id=family.id,
    )  # fmt: skip
    slots = planning.slots(db, topic, today())
    assert slots and all(s.value.startswith("g:") for s in slots)
    planning.plan(db, midwife.id, topic, slots[0].value, "", today(), NOW)
    assert topic.group_session is not None and topic.group_session.theme == "Borstvoeding"
    planning.unplan(db, midwife.id, topic, NOW)
    session = db.get(type(group.sessions[0]), int(slots[0].value[2:]))
    assert session.theme == ""


def test_a_group_session_just_after_midnight_in_spring_is_on_the_right_day(db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife], first_day=date(2031, 3, 30), start=time(0, 30))
    topic = Topic(text="x", audience="group", group_id=group.id, status="planned")
    topic.group_session = group.sessions[0]
    # 00:30 in Brussels on the last Sunday of March is still Saturday evening in UTC.
    assert group.sessions[0].starts_at.astimezone(UTC).date() == date(2031, 3, 29)
    assert topic.planned_day == date(2031, 3, 30)


def test_report_back_makes_it_talked_about_and_can_be_corrected(db) -> None:
    staff = make_user(db)
    make_series(db)
    topic = make_topic(db, status="accepted")
    with pytest.raises(TopicRefused):
        planning.report(db, staff.id, topic, "Too early", "", "", NOW)
    plan_first(db, topic, staff.id)
    planning.report(db, staff.id, topic, "Dentists", "It is free until 18", "Kind en Gezin", NOW)
    assert topic.status == "discussed" and topic.discussed_at == NOW
    planning.report(db, staff.id, topic, "Dentists", "Free until 18", "", NOW)
    assert topic.note_found == "Free until 18" and topic.status == "discussed"
    assert [x.topic.id for x in listing.public_topics(db, ["discussed"])] == [topic.id]


def test_signals_count_up_without_topics_and_from_topics(db) -> None:
    staff = make_user(db)
    deposit = signal_services.create_signal(db, staff.id, "Waarborg bij kinderopvang", today(), NOW)
    signal_services.count_again(db, staff.id, deposit, NOW)
    topic = make_topic(db, text="Waarborg kreş", status="accepted")
    signals.mark_topic(db, staff.id, topic, NOW, signal_id=deposit.id)
    assert deposit.barrier_count == 3 and topic.signal_id == deposit.id
    with pytest.raises(TopicRefused):
        signals.mark_topic(db, staff.id, topic, NOW, signal_id=deposit.id)
    signal_services.set_status(
        db, staff.id, deposit, "solved", "Opvang vraagt geen waarborg meer", NOW
    )
    assert deposit not in signal_queries.signals(db)
    assert deposit in signal_queries.signals(db, open_only=False)
    with pytest.raises(SignalRefused):
        signal_services.set_status(db, staff.id, deposit, "closed", "", NOW)
    picture_only = make_topic(db, text="", theme="housing", status="accepted")
    with pytest.raises(TopicRefused):  # a new signal needs words
        signals.mark_topic(db, staff.id, picture_only, NOW)
    fresh = signals.mark_topic(db, staff.id, make_topic(db, text="Huur", status="accepted"), NOW)
    assert (fresh.title, fresh.status, fresh.barrier_count) == ("Huur", "open", 1)


def test_demo_data_loads_on_top_of_the_other_features(db) -> None:
    from spelotheek.demo import load_demo

    assert load_demo(db, today())
    statuses = dict(db.execute(select(Topic.status, func.count()).group_by(Topic.status)).all())
    assert set(statuses) == {"new", "accepted", "planned", "discussed", "declined", "merged"}
    assert sum(statuses.values()) >= 25
    languages = set(db.scalars(select(Topic.language)))
    assert {"nl", "fr", "ar", "tr", "en"} <= languages
    assert db.scalar(select(func.count()).where(Topic.group_session_id.is_not(None))) == 1
    assert db.scalar(select(func.count()).where(Topic.occurrence_id.is_not(None))) >= 2
    assert db.scalar(select(func.count()).select_from(Support)) > 0


def test_a_familys_proposals_are_in_its_data_download_and_survive_its_erasure(db) -> None:
    from spelotheek.families.rights import erase_family, export_family
    from spelotheek.topics.models import Topic
    from tests.factories import make_family

    family, _ = make_family(db, "Proposer")
    db.add(Topic(text="Rights at the CPAS", theme="rights", proposer_family_id=family.id))
    db.commit()
    exported = export_family(db, family, actor_id=None)
    assert exported["topics"]["proposed"][0]["text"] == "Rights at the CPAS"
    erase_family(db, family, actor_id=None)
    db.commit()
    topic = db.scalars(select(Topic)).one()
    assert topic.proposer_family_id is None and topic.text == "Rights at the CPAS"
