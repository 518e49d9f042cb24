"""Staff decide on a proposed topic: accept, decline, merge a duplicate, summarise. Flush only."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.topics import planning, rules
from spelotheek.topics.models import Support, Topic
from spelotheek.topics.rules import TopicRefused


def _audit(
    session: Session, action: str, actor_id: int | None, topic: Topic, detail: str = ""
) -> None:
    audit.record(
        session, action, actor_id=actor_id, subject_type="topic", subject_id=topic.id, detail=detail
    )


def _move(topic: Topic, target: str, now: datetime) -> None:
    rules.check_move(topic.status, target)
    topic.status = target
    topic.updated_at = now


def accept(session: Session, actor_id: int | None, topic: Topic, now: datetime) -> None:
    """Staff decide the topic may be public."""
    _move(topic, "accepted", now)
    topic.decided_at = now
    topic.decline_reason = ""
    session.flush()
    _audit(session, "topic_accepted", actor_id, topic)


def decline(
    session: Session, actor_id: int | None, topic: Topic, reason: str, now: datetime
) -> None:
    """Staff decline with a reason the proposer sees; a plan is taken back."""
    reason = rules.check_reason(reason)
    planning.clear_plan(session, actor_id, topic)
    _move(topic, "declined", now)
    topic.decline_reason = reason
    topic.decided_at = now
    session.flush()
    _audit(session, "topic_declined", actor_id, topic)


def merge(
    session: Session, actor_id: int | None, topic: Topic, kept_id: int, now: datetime
) -> Topic:
    """Join a duplicate with the kept topic: supports move over (each supporter once), the
    duplicate points to the kept one; answers the kept topic."""
    kept = session.get(Topic, kept_id)
    if kept is None:
        raise TopicRefused(_l("Choose a topic that is still open to join it with."), code="merge")
    rules.check_merge(topic.id, topic.status, kept.id, kept.status)
    planning.clear_plan(session, actor_id, topic)
    families = set(
        session.scalars(
            select(Support.family_id).where(
                Support.topic_id == kept.id, Support.family_id.is_not(None)
            )
        )
    )
    browsers = set(
        session.scalars(
            select(Support.browser_hash).where(
                Support.topic_id == kept.id, Support.browser_hash.is_not(None)
            )
        )
    )
    for item in session.scalars(select(Support).where(Support.topic_id == topic.id)).all():
        if item.family_id in families or item.browser_hash in browsers:
            session.delete(item)  # this supporter already counts for the kept topic
        else:
            item.topic_id = kept.id
    _move(topic, "merged", now)
    topic.merged_into_id = kept.id
    topic.decided_at = now
    session.flush()
    _audit(session, "topic_merged", actor_id, topic, f"into={kept.id}")
    return kept


def set_summary(
    session: Session, actor_id: int | None, topic: Topic, summary: str, now: datetime
) -> None:
    """Staff add (or change) a Dutch summary; the original words stay as they were."""
    summary = rules.clean_text(summary)
    if len(summary) > rules.TEXT_MAX:
        raise TopicRefused(
            _l("Please keep it short: at most %(n)d characters.", n=rules.TEXT_MAX),
            code="too_long",
        )
    topic.summary = summary
    topic.updated_at = now
    session.flush()
    _audit(session, "topic_summary", actor_id, topic)
