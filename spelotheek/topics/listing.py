"""Topics as lists show them, with their support counts: public, for staff, for a family."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spelotheek.topics import rules
from spelotheek.topics.models import Topic
from spelotheek.topics.services import family_group_ids, loaded, support_split, supported_by


@dataclass(frozen=True)
class Listed:
    """A topic as lists show it: supports in all, and apart: families with a card, anonymous."""

    topic: Topic
    supports: int
    supported: bool = False
    with_card: int = 0
    anonymous: int = 0


def with_counts(
    session: Session,
    topics: Sequence[Topic],
    family_id: int | None = None,
    browser_token: str | None = None,
) -> list[Listed]:
    """Topics with their support counts and whether this visitor supports them (2 queries)."""
    split = support_split(session, [t.id for t in topics])
    mine = supported_by(session, [t.id for t in topics], family_id, browser_token)
    listed = []
    for t in topics:
        card, anonymous = split.get(t.id, (0, 0))
        listed.append(Listed(t, card + anonymous, t.id in mine, card, anonymous))
    return listed


def public_topics(
    session: Session,
    statuses: Sequence[str] = rules.PUBLIC_STATUSES,
    family_id: int | None = None,
    browser_token: str | None = None,
    limit: int = 200,
) -> list[Listed]:
    """Accepted, planned and discussed topics for everyone (never a group's own topics)."""
    wanted = [s for s in statuses if s in rules.PUBLIC_STATUSES]
    if not wanted:
        return []
    topics = session.scalars(
        loaded(
            select(Topic)
            .where(Topic.status.in_(wanted), Topic.audience != "group")
            .order_by(Topic.decided_at.desc().nulls_last(), Topic.id.desc())
            .limit(limit)
        )
    ).all()
    return with_counts(session, topics, family_id, browser_token)


def moderation_list(session: Session, status: str | None, limit: int = 300) -> list[Listed]:
    """Topics for staff, the newest first; all statuses when none is given."""
    statement = loaded(select(Topic).order_by(Topic.created_at.desc(), Topic.id.desc()))
    if status in rules.STATUSES:
        statement = statement.where(Topic.status == status)
    return with_counts(session, session.scalars(statement.limit(limit)).all())


def status_counts(session: Session) -> dict[str, int]:
    """How many topics there are per status."""
    return dict(session.execute(select(Topic.status, func.count()).group_by(Topic.status)).all())


def family_topics(session: Session, family_id: int) -> list[Listed]:
    """A family's own proposals (every status) and the topics of the groups it is in."""
    groups = family_group_ids(session, family_id)
    condition = Topic.proposer_family_id == family_id
    if groups:
        condition = condition | (
            Topic.group_id.in_(groups) & Topic.status.in_(rules.PUBLIC_STATUSES)
        )
    topics = session.scalars(
        loaded(select(Topic).where(condition).order_by(Topic.created_at.desc()).limit(50))
    ).all()
    return with_counts(session, topics, family_id)
