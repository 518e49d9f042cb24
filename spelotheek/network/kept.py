"""A family's kept rights: the result it chose to keep, a worker's marks, and barriers.

Services take the session and flush, never commit. Nothing of the check's answers is stored:
only which rights and their verdicts. A barrier is also written as an anonymous row (no
family, no time of day, no worker) so that it can feed the network's signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.auth.roles import Role
from spelotheek.db import utcnow
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families.models import Family
from spelotheek.groups.models import Enrolment, group_facilitators
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network.models import (
    Barrier,
    KeptRight,
    NetworkLocation,
    Right,
    Service,
    ServiceAtLocation,
)
from spelotheek.network.rights_check import Found, verdict_for
from spelotheek.network.rules import Verdict

MAX_BARRIER = 500
MAX_PLACE = 160
MARKS = ("realised", "barrier")


class MarkRefused(DomainError):
    """A worker's mark that cannot be saved as given."""

    status = 400


@dataclass(frozen=True)
class RightFound:
    """A right with the check's verdict for this family."""

    right: Right
    verdict: Verdict


def _with_places():
    return selectinload(Right.services).options(
        selectinload(Service.places)
        .selectinload(ServiceAtLocation.location)
        .load_only(
            NetworkLocation.address,
            NetworkLocation.postcode,
            NetworkLocation.city,
            NetworkLocation.name,
        )
    )


def active_rights(session: Session) -> list[Right]:
    """Every active right with its domain and the services (and places) that realise it."""
    return list(
        session.scalars(
            select(Right)
            .where(Right.active.is_(True))
            .options(selectinload(Right.domain), _with_places())
            .order_by(Right.position, Right.id)
        )
    )


def rights_found(rights: Sequence[Right], found: Found) -> list[RightFound]:
    """The rights that may be the family's: likely first, then maybe; "no" left out."""
    judged = [RightFound(r, verdict_for(r.conditions, found)) for r in rights]
    shown = [j for j in judged if j.verdict != Verdict.NO]
    order = {Verdict.LIKELY: 0, Verdict.MAYBE: 1}
    return sorted(shown, key=lambda j: (order[j.verdict], j.right.position, j.right.id))


def kept_rights(session: Session, family_id: int) -> list[KeptRight]:
    """The family's kept rights, with what the page and the print show of each."""
    return list(
        session.scalars(
            select(KeptRight)
            .where(KeptRight.family_id == family_id)
            .join(KeptRight.right)
            .options(
                selectinload(KeptRight.right).options(selectinload(Right.domain), _with_places())
            )
            .order_by(KeptRight.verdict, Right.position, Right.id)
        )
    )


def keep_result(
    session: Session, family_id: int, found: Sequence[RightFound], staff_id: int | None
) -> int:
    """Keep the check's result on the family's page; answers how many rights are kept.

    Keeping again replaces the earlier result: a right that is no longer in it goes when it was
    only "may be yours"; one a worker marked realised or a barrier stays, with its mark.
    """
    if staff_id is not None and not worker_reaches(session, staff_id, family_id):
        raise NotFound(_l("This family is not in one of your groups."))
    existing = {
        k.right_id: k
        for k in session.scalars(select(KeptRight).where(KeptRight.family_id == family_id))
    }
    wanted = {f.right.id: str(f.verdict) for f in found}
    now = utcnow()
    for right_id, kept in existing.items():
        if right_id not in wanted and kept.status == "may_be_yours":
            session.delete(kept)
        elif right_id in wanted:
            kept.verdict = wanted[right_id]
    new = [
        {
            "family_id": family_id,
            "right_id": r,
            "verdict": v,
            "status": "may_be_yours",
            "kept_at": now,
        }
        for r, v in wanted.items()
        if r not in existing
    ]
    session.flush()
    if new:  # one statement for all, however many rights the result has
        session.execute(insert(KeptRight), new)
    session.flush()
    audit.record_by_staff_or_family(
        session,
        "network_rights_kept",
        staff_id,
        subject_type="family",
        subject_id=family_id,
        detail=f"{len(wanted)} rights",
    )
    return len(wanted)


def remove_kept(session: Session, family_id: int, right_id: int, staff_id: int | None) -> None:
    """Take one right off the family's page (the family's own choice)."""
    removed = session.execute(
        delete(KeptRight).where(KeptRight.family_id == family_id, KeptRight.right_id == right_id)
    )
    if not getattr(removed, "rowcount", 0):
        raise NotFound(_l("This right is not on your page."))
    audit.record_by_staff_or_family(
        session,
        "network_right_removed",
        staff_id,
        subject_type="family",
        subject_id=family_id,
        detail=f"right {right_id}",
    )


def worker_reaches(session: Session, worker_id: int, family_id: int) -> bool:
    """Whether a worker may open this family's rights: the desk reaches every family, a
    facilitator only the families enrolled in a group they facilitate."""
    user = session.get(User, worker_id)
    if user is None:
        return False
    if user.role != Role.FACILITATOR:
        return True
    enrolled = session.scalar(
        select(Enrolment.id)
        .join(group_facilitators, group_facilitators.c.group_id == Enrolment.group_id)
        .where(
            Enrolment.family_id == family_id,
            Enrolment.withdrawn_at.is_(None),
            group_facilitators.c.user_id == worker_id,
        )
        .limit(1)
    )
    return enrolled is not None


def open_kept_rights(
    session: Session, staff_id: int, family_id: int
) -> tuple[Family, list[KeptRight]]:
    """A worker opens a family's kept rights: audited, like opening the family."""
    family = session.get(Family, family_id)
    if family is None or not worker_reaches(session, staff_id, family_id):
        raise NotFound(_l("This family does not exist."))
    audit.record(
        session,
        "network_rights_viewed",
        actor_id=staff_id,
        subject_type="family",
        subject_id=family_id,
    )
    return family, kept_rights(session, family_id)


def mark_right(
    session: Session,
    staff_id: int,
    family_id: int,
    right_id: int,
    *,
    mark: str,
    family_agrees: bool,
    what: str = "",
    place: str = "",
    today: date,
) -> KeptRight:
    """A worker marks a kept right realised or a barrier, with the family's agreement.

    A barrier also becomes an anonymous Barrier row: the right's domain, the words and the
    place, the Brussels day; never the family, the worker or the time.
    """
    kept = session.scalars(
        select(KeptRight).where(KeptRight.family_id == family_id, KeptRight.right_id == right_id)
    ).one_or_none()
    if kept is None or not worker_reaches(session, staff_id, family_id):
        raise NotFound(_l("This right is not kept for this family."))
    if mark not in MARKS:
        raise MarkRefused(_l("Choose realised or barrier."))
    if not family_agrees:
        raise MarkRefused(_l("Ask the family first, and tick that it agrees."))
    what, place = " ".join(what.split()), " ".join(place.split())
    if mark == "barrier" and not what:
        raise MarkRefused(_l("Say in a few words what stood in the way."))
    if len(what) > MAX_BARRIER:
        raise MarkRefused(_l("Use at most %(most)d characters.", most=MAX_BARRIER))
    if len(place) > MAX_PLACE:
        raise MarkRefused(_l("Use at most %(most)d characters for the place.", most=MAX_PLACE))
    kept.status = mark
    # A barrier's row has the day; the kept right then carries no time, so that the two are not
    # easily matched (the audit row below says neither which right nor which mark).
    kept.status_changed_at = utcnow() if mark == "realised" else None
    if mark == "barrier":
        right = session.get(Right, right_id)
        session.add(
            Barrier(
                domain_id=right.domain_id if right else None,
                right_id=right_id,
                what=what,
                place=place,
                source="rights_check",
                noted_on=today,
            )
        )
    session.flush()
    audit.record(
        session,
        "network_right_marked",
        actor_id=staff_id,
        subject_type="family",
        subject_id=family_id,
    )
    return kept


def forget_kept_rights(session: Session, family: Family) -> None:
    """On erasure: the family's kept rights go; barriers stay, they never named the family."""
    session.execute(delete(KeptRight).where(KeptRight.family_id == family.id))
