"""Getting queued messages sent once their transaction has committed.

Whoever queues a message (services.queue_message) needs to do nothing more: the session
notices new messages when it flushes and, after the commit, hands their ids on. With REDIS_URL
each becomes an RQ job (`spelotheek messages worker` runs them; the job id comes from the
message id and its tries, so a second enqueue is a no-op). Without Redis (`make run`) a
short-lived thread of this process sends them. A message that must wait (quiet hours, a retry)
is scheduled again, and the sweep (`spelotheek send-reminders`, `spelotheek messages send`)
picks up whatever is due after a crash or a night.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from spelotheek.db import get_session, utcnow
from spelotheek.jobs.context import app_for_job
from spelotheek.messages.models import Message
from spelotheek.messages.provider import HttpJsonProvider, OutboxProvider, Provider
from spelotheek.messages.sending import Outcome, due_ids, send_one

log = logging.getLogger(__name__)
QUEUED = "spelotheek_queued_messages"
ENQUEUED_TTL = 7 * 24 * 3600  # how long "this try is already on the queue" is remembered
# In-process: a wait longer than this is left to the sweep (a timer would not survive a restart).
LONGEST_TIMER = 12 * 3600
# Seconds Redis may take after a request's commit (as the request limits' storage in config.py):
# a host that does not answer must not hold the answer up; the sweep sends the message later.
AFTER_COMMIT_TIMEOUT = 1.0


def provider_for(config: Mapping[str, Any], instance_path: str) -> Provider:
    """The configured provider, or the local outbox folder when none is."""
    if config.get("MESSAGE_PROVIDER_URL"):
        callback = None
        if config.get("MESSAGE_CALLBACK_SECRET"):
            callback = f"{config['BASE_URL']}/api/v1/messages/delivery"
        return _http_provider(
            config["MESSAGE_PROVIDER_URL"],
            config["MESSAGE_PROVIDER_KEY"] or "",
            config.get("MESSAGE_TIMEOUT_SECONDS", 10),
            callback,
        )
    return OutboxProvider(Path(instance_path) / "outbox")


@lru_cache(maxsize=8)
def _http_provider(url: str, key: str, timeout: float, callback: str | None) -> HttpJsonProvider:
    """One provider per setting, so its connections stay open between jobs."""
    return HttpJsonProvider(url, key, timeout=timeout, callback_url=callback)


def send_with_app(app: Flask, message_id: int, now: datetime | None = None) -> Outcome:
    """One try at one message, in this process, with the app's provider and settings."""
    provider = provider_for(app.config, app.instance_path)
    return send_one(
        get_session(), provider, message_id, now or utcnow(), app.config["MESSAGE_MAX_ATTEMPTS"]
    )


# --- after commit ---------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Watch the app's sessions: messages queued in a committed transaction are sent."""
    factory = app.extensions["sessionmaker"]

    @event.listens_for(factory, "after_flush")
    def _noticed(session: Session, _context: object) -> None:
        new = [m for m in session.new if isinstance(m, Message) and m.status == "queued"]
        if new:
            session.info.setdefault(QUEUED, {}).update({m.id: m for m in new})

    @event.listens_for(factory, "after_commit")
    def _committed(session: Session) -> None:
        queued = session.info.pop(QUEUED, None)
        if queued:
            dispatch(app, [(i, _token_as_committed(m)) for i, m in queued.items()])

    @event.listens_for(factory, "after_rollback")
    def _rolled_back(session: Session) -> None:
        session.info.pop(QUEUED, None)


def dispatch(app: Flask, tries: Iterable[tuple[int, str]]) -> None:
    """Hand messages (id, try token) on: to Redis, or to a thread of this process."""
    tries = list(tries)
    if app.config.get("REDIS_URL"):
        try:
            enqueue(app.config, tries, timeout=AFTER_COMMIT_TIMEOUT)
        except Exception as error:  # Redis down: the sweep sends them later
            log.error(
                "messages not queued on Redis (%s); the sweep will send them", type(error).__name__
            )
        return
    if app.config.get("TESTING") and not app.config.get("MESSAGE_PROVIDER_URL"):
        return  # tests that send set a provider; others must not write to instance/outbox
    thread = threading.Thread(
        target=_send_in_thread, args=(app, [i for i, _ in tries]), daemon=True
    )
    thread.start()


def _send_in_thread(app: Flask, ids: list[int]) -> None:
    """Send each message now; one that must wait gets a timer, or is left to the sweep."""
    with app.app_context():
        for message_id in ids:
            try:
                outcome = send_with_app(app, message_id)
            except Exception:
                log.exception("message %s: sending failed; the sweep will try again", message_id)
                continue
            if outcome.again_at is not None:
                wait = (outcome.again_at - utcnow()).total_seconds()
                if wait <= LONGEST_TIMER:
                    timer = threading.Timer(max(wait, 0), _send_in_thread, (app, [message_id]))
                    timer.daemon = True
                    timer.start()


# --- Redis (RQ) -----------------------------------------------------------------------------


def try_token(message: Message) -> str:
    """Names one try at a message: its tries so far and when it is due (a retry is another)."""
    return f"{message.attempts}-{int(message.send_after.timestamp())}"


def _token_as_committed(message: Message) -> str:
    """The try token from the values as committed, read without touching the database."""
    values = inspect(message).dict
    attempts, due = values.get("attempts"), values.get("send_after")
    if attempts is None or due is None:
        return "0-0"
    return f"{attempts}-{int(due.timestamp())}"


def job_id(message_id: int, token: str) -> str:
    """The RQ job of one try at one message: the same try is never queued twice."""
    return f"message-{message_id}-{token}"


def queue(config: Mapping[str, Any], timeout: float = 10.0) -> Queue:
    """The RQ queue of short messages on the configured Redis (`timeout`: seconds to connect,
    and for each answer)."""
    connection = Redis.from_url(
        config["REDIS_URL"], socket_timeout=timeout, socket_connect_timeout=timeout
    )
    return Queue(config["MESSAGE_QUEUE"], connection=connection)


def enqueue(
    config: Mapping[str, Any],
    tries: Iterable[tuple[int, str]],
    at: datetime | None = None,
    timeout: float = 10.0,
) -> int:
    """An RQ job per message try not queued before (answers how many were new)."""
    rq_queue = queue(config, timeout)
    connection = rq_queue.connection
    names = [(message_id, job_id(message_id, token)) for message_id, token in tries]
    if not names:
        return 0
    # SET NX: of two processes enqueueing the same try, one wins; the other does nothing.
    # One round trip for them all (a sweep or a big commit may hand on thousands).
    with connection.pipeline(transaction=False) as pipe:
        for _message_id, name in names:
            pipe.set(f"spelotheek:{rq_queue.name}:enqueued:{name}", 1, nx=True, ex=ENQUEUED_TTL)
        won = pipe.execute()
    new = [
        (message_id, name) for (message_id, name), first in zip(names, won, strict=True) if first
    ]
    if at is not None:
        for message_id, name in new:
            rq_queue.enqueue_at(
                at, send_job, message_id, job_id=name, result_ttl=600, failure_ttl=ENQUEUED_TTL
            )
        return len(new)
    for start in range(0, len(new), 1000):
        with connection.pipeline() as pipe:
            rq_queue.enqueue_many(
                [
                    Queue.prepare_data(
                        send_job,
                        (message_id,),
                        job_id=name,
                        result_ttl=600,
                        failure_ttl=ENQUEUED_TTL,
                    )
                    for message_id, name in new[start : start + 1000]
                ],
                pipeline=pipe,
            )
            pipe.execute()
    return len(new)


def send_job(message_id: int) -> str:
    """The RQ job: one try at one message; a message that must wait is scheduled again."""
    app = app_for_job()
    with app.app_context():
        outcome = send_with_app(app, message_id)
        if outcome.status == "queued" and outcome.again_at is not None:
            message = get_session().get(Message, message_id)
            token = try_token(message) if message is not None else ""
            get_session().commit()
            if token:
                enqueue(app.config, [(message_id, token)], at=outcome.again_at)
    return outcome.status


# --- the sweep ------------------------------------------------------------------------------


def send_due(session: Session, now: datetime) -> Mapping[str, int]:
    """Everything due now: onto the queue with Redis, else sent here (a REMINDER_SENDER)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    ids = due_ids(session, now)
    if app.config.get("REDIS_URL"):
        found = session.scalars(select(Message).where(Message.id.in_(ids))).all() if ids else []
        tries = [(m.id, try_token(m)) for m in found]
        session.commit()
        return {"short messages queued": enqueue(app.config, tries)}
    session.commit()
    if app.config.get("TESTING") and not app.config.get("MESSAGE_PROVIDER_URL"):
        return {"short messages sent": 0}  # as in dispatch: tests never fill instance/outbox
    provider = provider_for(app.config, app.instance_path)
    counts: dict[str, int] = {}
    for message_id in ids:
        outcome = send_one(session, provider, message_id, now, app.config["MESSAGE_MAX_ATTEMPTS"])
        counts[f"short messages {outcome.status}"] = (
            counts.get(f"short messages {outcome.status}", 0) + 1
        )
    return counts or {"short messages sent": 0}
