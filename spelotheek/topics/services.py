"""Parent-led topics: propose, support, moderate, plan and report back. Flush, never commit.

Row-level privacy: a topic for a perinatal group is never on a public page; only the group's
participants (and staff) see it. A topic that staff did not accept is seen by staff and by its
proposer only (the family in its portal, an anonymous proposer through a private receipt link).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.groups.models import Enrolment
from spelotheek.meetups.models import MeetupOccurrence, MeetupSeries
from spelotheek.topics import planning, rules
from spelotheek.topics.models import Support, Topic
from spelotheek.topics.rules import TopicRefused

SUPPORTABLE = ("accepted", "planned")


def token_hash(token: str) -> str:
    """The stored form of a receipt or browser token (the token itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A random, unguessable token (192 bits)."""
    return secrets.token_urlsafe(24)


def _not_found() -> NotFound:
    return NotFound(_l("We could not find this topic."))


def family_group_ids(session: Session, family_id: int | None) -> set[int]:
    """The groups a family takes part in now (consent standing)."""
    if family_id is None:
        return set()
    return set(
        session.scalars(
            select(Enrolment.group_id).where(
                Enrolment.family_id == family_id, Enrolment.withdrawn_at.is_(None)
            )
        )
    )


@dataclass(frozen=True)
class Proposed:
    """A proposal just made; `receipt` is the private status token (shown once), if any."""

    topic: Topic
    receipt: str | None


def propose(
    session: Session,
    *,
    text: str,
    theme: str | None,
    audience: str = "open",
    series_id: int | None = None,
    group_id: int | None = None,
    language: str | None = None,
    family_id: int | None = None,
    on_behalf_by_id: int | None = None,
) -> Proposed:
    """Record a proposal (never public before staff accept it).

    Without a family, the proposer gets a receipt token to follow it. Raises TopicRefused.
    """
    text, theme = rules.check_proposal(text, theme)
    rules.check_audience(audience, series_id, group_id, family_group_ids(session, family_id))
    if audience == "series" and session.get(MeetupSeries, series_id) is None:
        raise TopicRefused(_l("Please choose a meeting."), code="series_needed")
    receipt = None if family_id is not None else new_token()
    topic = Topic(
        text=text,
        theme=theme,
        audience=audience,
        series_id=series_id if audience == "series" else None,
        group_id=group_id if audience == "group" else None,
        language=(language or None) and language[:8],
        proposer_family_id=family_id,
        on_behalf_by_id=on_behalf_by_id,
        receipt_hash=token_hash(receipt) if receipt else None,
    )
    session.add(topic)
    session.flush()
    audit.record(
        session,
        "topic_proposed",
        actor_id=on_behalf_by_id,
        actor_kind="user" if on_behalf_by_id else ("family" if family_id else "anonymous"),
        subject_type="topic",
        subject_id=topic.id,
    )
    return Proposed(topic, receipt)


def _loaded(statement: Select[Topic]) -> Select[Topic]:
    return statement.options(
        joinedload(Topic.occurrence).joinedload(MeetupOccurrence.series),
        joinedload(Topic.group_session),
        joinedload(Topic.series),
        joinedload(Topic.group),
    )


def get_topic(session: Session, topic_id: int) -> Topic:
    """Any topic with what it is planned into (for staff); NotFound otherwise."""
    topic = session.scalar(_loaded(select(Topic).where(Topic.id == topic_id)))
    if topic is None:
        raise _not_found()
    return topic


def visible_topic(session: Session, topic_id: int, family_id: int | None = None) -> Topic:
    """A topic as a visitor may see it: public, or for a group the family is in, or its own."""
    topic = get_topic(session, topic_id)
    if family_id is not None and topic.proposer_family_id == family_id:
        return topic
    if not rules.is_public(topic.status):
        raise _not_found()
    if topic.audience == "group" and topic.group_id not in family_group_ids(session, family_id):
        raise _not_found()
    return topic


def merged_into(session: Session, topic_id: int) -> int | None:
    """The topic a duplicate was joined with, or None when it is not a duplicate."""
    return session.scalar(
        select(Topic.merged_into_id).where(Topic.id == topic_id, Topic.status == "merged")
    )


def topic_for_receipt(session: Session, token: str) -> Topic:
    """The topic an anonymous proposer follows with their private link; NotFound otherwise."""
    if not token or len(token) > 64:
        raise _not_found()
    topic = session.scalar(_loaded(select(Topic).where(Topic.receipt_hash == token_hash(token))))
    if topic is None:
        raise _not_found()
    return topic


def support_split(session: Session, topic_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per topic: (supports from families with a card, anonymous supports), in one query."""
    ids = list(topic_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Support.topic_id, func.count(Support.family_id), func.count())
        .where(Support.topic_id.in_(ids))
        .group_by(Support.topic_id)
    ).all()
    return {topic_id: (card, total - card) for topic_id, card, total in rows}


def support_counts(session: Session, topic_ids: Iterable[int]) -> dict[int, int]:
    """How many supports each topic has (one query)."""
    return {
        t: card + anonymous for t, (card, anonymous) in support_split(session, topic_ids).items()
    }


def supported_by(
    session: Session, topic_ids: Iterable[int], family_id: int | None, browser_token: str | None
) -> set[int]:
    """Which of these topics this family (or, anonymously, this browser) supports already."""
    ids = list(topic_ids)
    if not ids or (family_id is None and not browser_token):
        return set()
    who = (
        Support.family_id == family_id
        if family_id is not None
        else Support.browser_hash == token_hash(browser_token or "")
    )
    return set(session.scalars(select(Support.topic_id).where(Support.topic_id.in_(ids), who)))


def support(
    session: Session,
    topic_id: int,
    *,
    family_id: int | None,
    browser_token: str | None,
    address_hash: str | None = None,
) -> bool:
    """ "I want to talk about this too": True when counted now, False when it was already.

    One per family when logged in. Anonymously one per browser, and one per internet address
    and topic (`address_hash` from rules.address_hash; a new browser on the same address is
    refused with TopicRefused "address_counted", so clearing cookies does not count again).
    The unique constraints decide when two requests race; the loser answers False and nothing
    else in the transaction is lost.
    """
    topic = visible_topic(session, topic_id, family_id)
    if topic.status not in SUPPORTABLE:
        raise TopicRefused(
            _l("This topic was already talked about. Propose a new one if you like."),
            code="not_supportable",
            status=409,
        )
    if family_id is None and not browser_token:
        raise TopicRefused(_l("Please allow cookies to support a topic."), code="no_browser")
    browser = None if family_id is not None else token_hash(browser_token or "")
    address = None if family_id is not None else address_hash
    if topic.id in supported_by(session, [topic.id], family_id, browser_token):
        return False
    if address is not None and _address_counted(session, topic.id, address):
        raise TopicRefused(
            _l(
                "Someone on this internet connection already said this for this topic; we count "
                "one per connection. Log in with your family card to be counted too."
            ),
            code="address_counted",
            status=409,
        )
    savepoint = session.begin_nested()
    session.add(
        Support(topic_id=topic.id, family_id=family_id, browser_hash=browser, address_hash=address)
    )
    try:
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        return False
    return True


def _address_counted(session: Session, topic_id: int, address: str) -> bool:
    return (
        session.scalar(
            select(Support.id).where(Support.topic_id == topic_id, Support.address_hash == address)
        )
        is not None
    )


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
        _loaded(
            select(Topic)
            .where(Topic.status.in_(wanted), Topic.audience != "group")
            .order_by(Topic.decided_at.desc().nulls_last(), Topic.id.desc())
            .limit(limit)
        )
    ).all()
    return with_counts(session, topics, family_id, browser_token)


def moderation_list(session: Session, status: str | None, limit: int = 300) -> list[Listed]:
    """Topics for staff, the newest first; all statuses when none is given."""
    statement = _loaded(select(Topic).order_by(Topic.created_at.desc(), Topic.id.desc()))
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
        _loaded(select(Topic).where(condition).order_by(Topic.created_at.desc()).limit(50))
    ).all()
    return with_counts(session, topics, family_id)


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
