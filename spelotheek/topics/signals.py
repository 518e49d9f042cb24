"""Topics feed the network's signals bundle (spelotheek/signals): staff mark a topic as a
signal, adding it to one that exists (+1) or starting a new one from the topic's words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek.signals import services
from spelotheek.signals.models import Signal
from spelotheek.topics import rules
from spelotheek.topics.models import Topic
from spelotheek.topics.rules import TopicRefused

BRUSSELS = ZoneInfo("Europe/Brussels")


def mark_topic(
    session: Session,
    actor_id: int | None,
    topic: Topic,
    now: datetime,
    signal_id: int | None = None,
    title: str = "",
) -> Signal:
    """Mark a topic as a signal: add it to an existing signal (+1) or start a new one."""
    if topic.signal_id is not None:
        raise TopicRefused(_l("This topic is already a signal."), code="already_signal")
    if signal_id is not None:
        signal = services.get_signal(session, signal_id)
        services.count_again(session, actor_id, signal, now)
    else:
        words = title or rules.theme_text(topic.summary, topic.text, "")
        signal = services.create_signal(
            session, actor_id, rules.check_signal_title(words), now.astimezone(BRUSSELS).date(), now
        )
    topic.signal = signal
    session.flush()
    return signal
