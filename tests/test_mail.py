"""Mail goes through a real SMTP client to a local server: encrypted and logged in when
configured, and a refusal is an ERROR in the log (never with the address) that the caller sees."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import func, select

from spelotheek import config, mail
from spelotheek.families.retention import send_inactivity_notices
from spelotheek.loans import services as loan_services
from spelotheek.loans.models import ReminderSent
from spelotheek.loans.reminders import send_reminders
from spelotheek.meetups import attendance
from spelotheek.meetups import reminders as meetup_reminders
from spelotheek.meetups.models import MeetupInterest
from tests.conftest import Outbox, free_port
from tests.factories import make_family
from tests.loans.factories import item_of, make_toy
from tests.loans.factories import make_location as make_place
from tests.meetups.conftest import make_series

ADDRESS = "parent@example.test"
USER, PASSWORD = "spelotheek", "s3cret mail password"


def test_a_message_reaches_the_smtp_server(app, outbox) -> None:
    with app.app_context():
        mail.send(ADDRESS, "Your toy is ready", "Hello", language="fr")
    assert len(outbox.messages) == 1
    message = outbox.messages[0]
    assert message["To"] == ADDRESS
    assert message["Content-Language"] == "fr"
    assert message.get_content().strip() == "Hello"


def test_without_a_server_mail_lands_in_the_outbox_folder(app, tmp_path) -> None:
    app.instance_path = str(tmp_path)
    app.config["MAIL_SERVER"] = None
    with app.app_context():
        mail.send(ADDRESS, "Reminder", "Bring the puzzle back")
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert b"Bring the puzzle back" in files[0].read_bytes()


class Recorder(Outbox):
    """Keeps what the server saw of each session: encrypted? logged in as whom?"""

    def __init__(self, refuse_recipients: bool = False) -> None:
        super().__init__()
        self.sessions: list[tuple[bool, object]] = []
        self.refuse_recipients = refuse_recipients

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.refuse_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.sessions.append((encrypted, session.auth_data))
        return await super().handle_DATA(server, session, envelope)


def check_password(server, session, envelope, mechanism, auth_data) -> AuthResult:
    """The server's side of AUTH PLAIN / LOGIN: only USER with PASSWORD gets in."""
    good = isinstance(auth_data, LoginPassword) and auth_data == LoginPassword(
        USER.encode(), PASSWORD.encode()
    )
    return AuthResult(success=good, handled=False, auth_data=USER if good else None)


@pytest.fixture(scope="module")
def authority(tmp_path_factory) -> tuple[trustme.CA, Path]:
    """A certificate authority made for this test, and its certificate as a file."""
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, path


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@contextmanager
def smtp_server(app, handler: Recorder, **options: object) -> Iterator[None]:
    """A real local SMTP server (aiosmtpd) with these options; the app is pointed at it."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield
    finally:
        controller.stop()


def _starttls_server(app, authority, handler: Recorder, **options: object):
    return smtp_server(
        app,
        handler,
        tls_context=_server_context(authority[0]),
        require_starttls=True,
        authenticator=check_password,
        auth_required=True,
        **options,
    )


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_starttls_and_login(app, authority, mechanism: str) -> None:
    handler = Recorder()
    other = {"PLAIN": "LOGIN", "LOGIN": "PLAIN"}[mechanism]
    with _starttls_server(app, authority, handler, auth_exclude_mechanism=[other]):
        app.config.update(
            MAIL_USE_STARTTLS=True,
            MAIL_USERNAME=USER,
            MAIL_PASSWORD=PASSWORD,
            MAIL_CA_FILE=str(authority[1]),
        )
        with app.app_context():
            mail.send(ADDRESS, "Your toy is ready", "Hello")
    assert handler.sessions == [(True, USER)]
    assert handler.messages[0]["To"] == ADDRESS


def test_tls_from_the_first_byte(app, authority) -> None:
    handler = Recorder()
    with smtp_server(app, handler, ssl_context=_server_context(authority[0])):
        app.config.update(MAIL_USE_SSL=True, MAIL_CA_FILE=str(authority[1]))
        with app.app_context():
            mail.send(ADDRESS, "Your toy is ready", "Hello")
    assert handler.sessions == [(True, None)]


def _refused(app, caplog, reason: str) -> None:
    """Sending fails for the caller, with one ERROR line that says why and names no one."""
    with (
        caplog.at_level(logging.INFO, logger="spelotheek.mail"),
        app.app_context(),
        pytest.raises(mail.MailNotSent) as raised,
    ):
        mail.send(ADDRESS, "Your toy is ready", "Hello")
    ours = [r for r in caplog.records if r.name.startswith("spelotheek")]  # not the server's
    errors = [r for r in ours if r.levelno == logging.ERROR]
    assert len(errors) == 1 and reason in errors[0].getMessage(), caplog.text
    logged = "\n".join(r.getMessage() for r in ours)
    assert "mail sent" not in logged
    assert "parent" not in logged and "example.test" not in logged and PASSWORD not in logged
    assert "parent" not in str(raised.value) and raised.value.__cause__ is None


def test_a_wrong_password_is_an_error(app, authority, caplog) -> None:
    handler = Recorder()
    with _starttls_server(app, authority, handler):
        app.config.update(
            MAIL_USE_STARTTLS=True,
            MAIL_USERNAME=USER,
            MAIL_PASSWORD="wrong",
            MAIL_CA_FILE=str(authority[1]),
        )
        _refused(app, caplog, "login refused (535)")
    assert handler.messages == []


def test_a_refused_recipient_is_an_error_without_the_address(app, caplog) -> None:
    with smtp_server(app, Recorder(refuse_recipients=True)):
        _refused(app, caplog, "recipient refused (550)")


def test_a_certificate_nobody_vouches_for_is_refused(app, authority, caplog) -> None:
    handler = Recorder()
    with _starttls_server(app, authority, handler):
        app.config.update(MAIL_USE_STARTTLS=True, MAIL_USERNAME=USER, MAIL_PASSWORD=PASSWORD)
        _refused(app, caplog, "certificate not trusted")  # the system's authorities only
    assert handler.messages == []


def test_no_plain_text_fallback_when_starttls_is_missing(app, caplog) -> None:
    handler = Recorder()
    with smtp_server(app, handler):
        app.config.update(MAIL_USE_STARTTLS=True)
        _refused(app, caplog, "STARTTLS")
    assert handler.messages == []


def test_a_server_that_does_not_answer_is_an_error(app, caplog) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    _refused(app, caplog, "ConnectionRefusedError")


def test_mail_settings_come_from_the_environment_and_are_checked(monkeypatch, tmp_path) -> None:
    ca_file = tmp_path / "ca.pem"
    ca_file.write_text("-")
    monkeypatch.setenv("MAIL_USE_STARTTLS", "true")
    monkeypatch.setenv("MAIL_USERNAME", USER)
    monkeypatch.setenv("MAIL_PASSWORD", PASSWORD)
    monkeypatch.setenv("MAIL_CA_FILE", str(ca_file))
    settings = config.load({"TESTING": True})
    assert settings["MAIL_USE_STARTTLS"] is True and settings["MAIL_USE_SSL"] is False
    assert (settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"]) == (USER, PASSWORD)
    assert settings["MAIL_CA_FILE"] == str(ca_file)
    for bad in (
        {"MAIL_USE_SSL": "1"},  # both ways of encrypting at once
        {"MAIL_USE_STARTTLS": "0"},  # a password in clear
        {"MAIL_USE_STARTTLS": "maybe"},
        {"MAIL_PASSWORD": ""},
        {"MAIL_CA_FILE": str(tmp_path / "missing.pem")},
    ):
        with monkeypatch.context() as changed:
            for key, value in bad.items():
                changed.setenv(key, value)
            with pytest.raises(config.InvalidSetting):
                config.load({"TESTING": True})


# The callers: a message that did not leave is not recorded as sent.


@pytest.fixture
def refusing(app) -> Iterator[None]:
    """A mail server that refuses every recipient."""
    with smtp_server(app, Recorder(refuse_recipients=True)):
        yield


def test_a_refused_loan_reminder_is_not_recorded_as_sent(app, db, refusing) -> None:
    family, _ = make_family(db, "Writes", email=ADDRESS, reminder_consent=True)
    place = make_place(db)
    now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    loan_services.lend(db, None, family.id, item_of(make_toy(db, location=place)), now)
    db.commit()
    with app.app_context():
        report = send_reminders(db, now + timedelta(days=19))
    assert report["due_soon"] == 0
    assert db.scalar(select(func.count(ReminderSent.id))) == 0


def test_a_refused_meetup_reminder_is_not_marked_as_sent(app, db, refusing) -> None:
    series = make_series(db)
    family, _ = make_family(db, "Lotte", email=ADDRESS, reminder_consent=True)
    attendance.toggle_interest(db, series.id, date(2026, 12, 5), "a", family.id, date(2026, 12, 1))
    db.commit()
    with app.app_context():
        report = meetup_reminders.send_day_before(db, datetime(2026, 12, 4, 17, tzinfo=UTC))
    assert report == {"meetup reminders": 0}
    db.expire_all()
    assert db.scalars(select(MeetupInterest.reminded_at)).all() == [None]


def test_a_refused_inactivity_notice_is_not_marked_as_mailed(app, db, refusing) -> None:
    now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    family, _ = make_family(db, "Mail", email=ADDRESS, reminder_consent=True)
    family.inactivity_notice_at = now
    db.commit()
    with app.app_context():
        assert send_inactivity_notices(db, now) == {"inactivity notices e-mailed": 0}
    db.expire_all()
    assert family.inactivity_mailed_at is None
