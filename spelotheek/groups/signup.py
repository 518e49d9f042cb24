"""Joining a pregnancy group without a family card, and what a participant decides later.

A parent signs up on the public page, or a midwife enters a referral, with a first name and a
phone number only (GDPR art. 9: explicit consent, health-adjacent). The family card can be
linked later; the name and number are then forgotten, the card holds the contact. Flush, never
commit.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.families.models import Family
from spelotheek.groups import rules
from spelotheek.groups.models import Enrolment, Group
from spelotheek.groups.participants import active_enrolments
from spelotheek.groups.rules import EnrolmentRefused
from spelotheek.phones import normalise_phone

FIRST_NAME_MAX = 40
# The stored purpose stays this English text; pages say it in the visitor's language
# (groups/privacy.py EXPORT_VALUES; tests check both texts stay the same).
SIGNUP_CONSENT_PURPOSE = (
    "Take part in the pregnancy group without a family card: first name, phone, language and "
    "due month are kept for the group's facilitators until 12 months after the group ends."
)


def _first_name(text: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise EnrolmentRefused(_l("Please write a first name."))
    if len(name) > FIRST_NAME_MAX:
        raise EnrolmentRefused(
            _l("Please write a first name of at most %(n)d letters.", n=FIRST_NAME_MAX)
        )
    return name


def sign_up(
    session: Session,
    group: Group,
    *,
    first_name: str,
    phone: str,
    consent: bool,
    now: datetime,
    language: str | None = None,
    due: tuple[int, int] | None = None,
    contact_ok: bool = False,
    actor_id: int | None = None,
) -> Enrolment | None:
    """Enrol someone without a card: self sign-up (no actor) or a midwife's referral.

    Raises EnrolmentRefused (no consent, no name, group closed; for a referral also a number
    already in the group) or PhoneRefused; nothing is saved then. A self sign-up with a number
    already in the group answers None and saves nothing: the public form must not tell anyone
    whether a number is in a pregnancy group (health data).
    """
    if not consent:
        raise EnrolmentRefused(
            _l("Please tick the box to say yes. Without your yes we cannot keep your name.")
        )
    name = _first_name(first_name)
    number = normalise_phone(phone)
    started = [s for s in group.sessions if s.starts_at <= now]
    rules.check_enrolment_open(group.status, group.rolling_entry, len(started))
    if any(e.phone == number for e in active_enrolments(group)):
        _refuse_a_midwife(actor_id)
        return None
    fields = dict(
        group_id=group.id,
        first_name=name,
        phone=number,
        language=language or None,
        due_year=due[0] if due else None,
        due_month=due[1] if due else None,
        consent_purpose=SIGNUP_CONSENT_PURPOSE,
        consent_at=now,
        consent_by_id=actor_id,
        contact_ok_at=now if contact_ok else None,
        first_position=rules.first_position_for([s.starts_at for s in group.sessions], now),
        enrolled_at=now,
    )
    try:
        # The same number sent twice at once: the unique index decides, inside a savepoint so
        # that a refusal leaves the rest of the transaction usable.
        with session.begin_nested():
            enrolment = Enrolment(**fields)
            session.add(enrolment)
    except IntegrityError:
        _refuse_a_midwife(actor_id)
        return None
    session.expire(group, ["enrolments"])  # read again with the new participant
    audit.record(
        session,
        "group_enrolled",
        actor_id=actor_id,
        actor_kind="user" if actor_id else "visitor",
        subject_type="group",
        subject_id=group.id,
        detail=f"enrolment {enrolment.id}: {'referral' if actor_id else 'self sign-up'}",
    )
    return enrolment


def _refuse_a_midwife(actor_id: int | None) -> None:
    """A number already in the group: a midwife is told; a visitor gets the usual thank-you."""
    if actor_id is not None:
        raise EnrolmentRefused(_l("This phone number is already in this group."))


def link_card(
    session: Session, actor_id: int, group: Group, enrolment: Enrolment, family: Family
) -> None:
    """The participant now has a family card: link it; the first name and phone are forgotten.

    Raises EnrolmentRefused when the enrolment has a card already or the family is in the
    group already.
    """
    if enrolment.family_id is not None:
        raise EnrolmentRefused(_l("This person is already linked to a family card."))
    if any(e.family_id == family.id for e in active_enrolments(group)):
        raise EnrolmentRefused(_l("This family card is already in the group."))
    enrolment.family = family
    enrolment.forget_contact()
    session.flush()
    audit.record(
        session,
        "group_card_linked",
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=f"enrolment {enrolment.id}",
    )


def set_contact(
    session: Session, enrolment: Enrolment, on: bool, now: datetime, actor_id: int | None = None
) -> None:
    """The participant agrees (or no longer agrees) to be contacted after a missed session."""
    if on == (enrolment.contact_ok_at is not None):
        return
    enrolment.contact_ok_at = now if on else None
    session.flush()
    audit.record_by_staff_or_family(
        session,
        "group_contact_choice",
        actor_id,
        subject_type="group",
        subject_id=enrolment.group_id,
        detail=f"enrolment {enrolment.id}: {'on' if on else 'off'}",
    )
