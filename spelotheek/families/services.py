"""A family's record: create it with its first card, change it, its children. Never commits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.families.cards import IssuedCard, issue_card
from spelotheek.families.models import Child, Family
from spelotheek.phones import normalise_phone

PROFILE_FIELDS = ("display_name", "language", "email", "phone", "postcode", "reminder_consent")


def _cleaned(fields: dict[str, object]) -> dict[str, object]:
    """The profile fields to store; a phone number as E.164 (PhoneRefused when it is none)."""
    profile = {key: value for key, value in fields.items() if key in PROFILE_FIELDS}
    if isinstance(profile.get("phone"), str) and profile["phone"]:
        profile["phone"] = normalise_phone(str(profile["phone"]))
    return profile


def create_family(
    session: Session,
    actor_id: int | None,
    fields: dict[str, object],
    children: list[tuple[int, int]] | None = None,
) -> tuple[Family, IssuedCard]:
    """Add a family with its first card; fields were validated by the form."""
    family = Family(**_cleaned(fields))
    family.children = [Child(birth_year=y, birth_month=m) for y, m in children or []]
    session.add(family)
    session.flush()
    issued = issue_card(session, family)
    audit.record(
        session, "family_created", actor_id=actor_id, subject_type="family", subject_id=family.id
    )
    return family, issued


def update_family(
    session: Session, actor_id: int | None, family: Family, fields: dict[str, object]
) -> None:
    """Change a family's profile fields (actor None: the family itself)."""
    profile = _cleaned(fields)
    changed = [key for key, value in profile.items() if getattr(family, key) != value]
    for key in changed:
        setattr(family, key, profile[key])
    # The names of the changed fields, never their values: those are the family's contact data.
    audit.record_by_staff_or_family(
        session,
        "family_updated",
        actor_id,
        subject_type="family",
        subject_id=family.id,
        detail=",".join(changed),
    )
    session.flush()


def add_child(
    session: Session, actor_id: int | None, family: Family, year: int, month: int
) -> Child:
    """Record a child by birth year and month (the audit keeps neither)."""
    child = Child(family=family, birth_year=year, birth_month=month)
    session.add(child)
    session.flush()
    _audit_family(session, "child_added", actor_id, family)
    return child


def remove_child(session: Session, actor_id: int | None, family: Family, child_id: int) -> None:
    """Forget one child of this family."""
    child = next((c for c in family.children if c.id == child_id), None)
    if child is None:
        raise NotFound(_l("We could not find this child."))
    family.children.remove(child)
    _audit_family(session, "child_removed", actor_id, family)
    session.flush()


def _audit_family(session: Session, action: str, actor_id: int | None, family: Family) -> None:
    """A change to the family's record, by staff (id) or by the family itself (None)."""
    audit.record_by_staff_or_family(
        session, action, actor_id, subject_type="family", subject_id=family.id
    )


def get_family(session: Session, family_id: int) -> Family:
    """The family with this id, with its children and cards; NotFound otherwise."""
    family = session.scalar(
        select(Family)
        .where(Family.id == family_id)
        .options(selectinload(Family.children), selectinload(Family.cards))
    )
    if family is None:
        raise NotFound(_l("We could not find this family."))
    return family
