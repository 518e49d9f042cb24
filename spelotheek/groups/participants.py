"""Group participants: enrolment with consent, withdrawing, attendance, whom to reach out to."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families.models import Family
from spelotheek.groups import rules
from spelotheek.groups.models import ATTENDANCE, Attendance, Enrolment, Group, GroupSession
from spelotheek.groups.rules import BRUSSELS, EnrolmentRefused
from spelotheek.groups.services import session_day

CONSENT_PURPOSE = (
    "Take part in the pregnancy group: name, due month and attendance are kept for the "
    "group's facilitators until 12 months after the group ends."
)


def active_enrolments(group: Group) -> list[Enrolment]:
    """Participants whose consent stands and who are still linked (a family or a first name)."""
    return [e for e in group.enrolments if e.active]


def enrol(
    session: Session,
    actor_id: int,
    group: Group,
    family: Family,
    *,
    due_year: int,
    due_month: int,
    consent: bool,
    now: datetime,
    with_partner: bool = False,
    share_name: bool = False,
    contact_ok: bool = False,
) -> tuple[Enrolment, bool]:
    """Enrol a family with its explicit consent; answers the enrolment and whether the group
    is now over capacity (allowed, the caller warns)."""
    if not consent:
        raise EnrolmentRefused(
            _l("Please ask for consent first and tick the box. Without it we cannot enrol.")
        )
    started = [s for s in group.sessions if s.starts_at <= now]
    rules.check_enrolment_open(group.status, group.rolling_entry, len(started))
    if any(e.family_id == family.id for e in active_enrolments(group)):
        raise EnrolmentRefused(_l("This person is already in the group."))
    enrolment = Enrolment(
        group=group,
        family=family,
        due_year=due_year,
        due_month=due_month,
        with_partner=with_partner,
        share_name=share_name,
        consent_purpose=CONSENT_PURPOSE,
        consent_at=now,
        consent_by_id=actor_id,
        contact_ok_at=now if contact_ok else None,
        first_position=rules.first_position_for([s.starts_at for s in group.sessions], now),
        enrolled_at=now,
    )
    session.add(enrolment)
    session.flush()
    audit.record(
        session,
        "group_enrolled",
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=f"enrolment {enrolment.id}",
    )
    return enrolment, rules.over_capacity(len(active_enrolments(group)), group.capacity)


def withdraw(
    session: Session,
    enrolment: Enrolment,
    now: datetime,
    actor_id: int | None = None,
) -> None:
    """Consent withdrawn (by the family, or by staff: actor_id); the family is unlinked at once
    and only an anonymous count stays."""
    if enrolment.withdrawn_at is not None:
        return
    enrolment.withdrawn_at = now
    enrolment.unlinked_at = now
    enrolment.family = None
    enrolment.forget_contact()
    enrolment.feed_token_hash = None
    enrolment.share_name = False
    enrolment.contact_ok_at = None
    session.flush()
    audit.record_by_staff_or_family(
        session,
        "group_consent_withdrawn",
        actor_id,
        subject_type="group",
        subject_id=enrolment.group_id,
        detail=f"enrolment {enrolment.id}",
    )


def get_enrolment_of(group: Group, enrolment_id: int) -> Enrolment:
    """An active enrolment of this group; NotFound otherwise."""
    found = next((e for e in active_enrolments(group) if e.id == enrolment_id), None)
    if found is None:
        raise NotFound(_l("We could not find this person in the group."))
    return found


def record_attendance(
    session: Session,
    actor_id: int,
    group: Group,
    group_session: GroupSession,
    marks: Mapping[int, tuple[str | None, bool]],
    *,
    today: date,
) -> int:
    """Save who came to a session: enrolment id → (status or None to clear, partner came).

    Answers how many marks were saved; ids of other groups are refused, and so is a session
    whose day (in Brussels) comes after `today`.
    """
    rules.check_attendance_day(session_day(group_session), today)
    enrolments = {e.id: e for e in active_enrolments(group)}
    existing = {a.enrolment_id: a for a in group_session.attendance}
    saved = 0
    for enrolment_id, (status, partner) in marks.items():
        if enrolment_id not in enrolments:
            raise NotFound(_l("We could not find this person in the group."))
        if status is not None and status not in ATTENDANCE:
            raise DomainError(_l("Unknown attendance."), code="invalid_field")
        _mark(group_session, existing.get(enrolment_id), enrolment_id, status, partner)
        saved += status is not None
    session.flush()
    audit.record(
        session,
        "group_attendance_recorded",
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=f"session {group_session.id}",
    )
    return saved


def reach_out_list(group: Group, now: datetime) -> list[tuple[Enrolment, str]]:
    """Participants a facilitator might gently get in touch with, and why: only those who
    agreed to be contacted when they miss a session."""
    today = now.astimezone(BRUSSELS).date()
    answer = []
    for enrolment in active_enrolments(group):
        if enrolment.contact_ok_at is None:
            continue
        marks = {a.session_id: a.status for a in enrolment.attendance}
        history = [
            (s.starts_at.astimezone(BRUSSELS).date(), marks.get(s.id))
            for s in group.sessions
            if s.position >= enrolment.first_position and s.starts_at <= now
        ]
        joined = enrolment.enrolled_at.astimezone(BRUSSELS).date()
        reason = rules.reach_out_reason(history, joined, today)
        if reason:
            answer.append((enrolment, reason))
    return answer


def _mark(
    group_session: GroupSession,
    row: Attendance | None,
    enrolment_id: int,
    status: str | None,
    partner: bool,
) -> None:
    """Set one participant's mark for the session (status None clears it)."""
    if status is None:
        if row is not None:
            group_session.attendance.remove(row)
        return
    if row is None:
        row = Attendance(enrolment_id=enrolment_id, status=status)
        group_session.attendance.append(row)
    row.status = status
    row.partner_present = partner and status == "present"
