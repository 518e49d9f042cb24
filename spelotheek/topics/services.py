"""Parent-led topics: propose, support, and find one as a visitor may see it. Flush, never commit.

Row-level privacy: a topic for a perinatal group is never on a public page; only the group's
participants (and staff) see it. A topic that staff did not accept is seen by staff and by its
proposer only (the family in its portal, an anonymous proposer through a private receipt link).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.groups.models import Enrolment
from spelotheek.meetups.models import MeetupOccurrence, MeetupSeries
from spelotheek.topics import rules
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


def loaded(statement: Select[Topic]) -> Select[Topic]:
    """The statement, loading what each topic is for and what it is planned into."""
    return statement.options(
        joinedload(Topic.occurrence).joinedload(MeetupOccurrence.series),
        joinedload(Topic.group_session),
        joinedload(Topic.series),
        joinedload(Topic.group),
    )


def get_topic(session: Session, topic_id: int) -> Topic:
    """Any topic with what it is planned into (for staff); NotFound otherwise."""
    topic = session.scalar(loaded(select(Topic).where(Topic.id == topic_id)))
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
    topic = session.scalar(loaded(select(Topic).where(Topic.receipt_hash == token_hash(token))))
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


