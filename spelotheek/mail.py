"""E-mail: sent through SMTP when MAIL_SERVER is set, else written to a local outbox folder.

Call it after the transaction that decided to send has committed, never inside a service.
With MAIL_USE_STARTTLS or MAIL_USE_SSL the connection is encrypted and the server's
certificate checked (against MAIL_CA_FILE when set, else the system's authorities); with
MAIL_USERNAME the client logs in. A message the server does not take is an ERROR in the log
and a MailNotSent for the caller, which must not record it as sent.

Bodies are templates (templates/mail/<name>.txt and .html), rendered by `render` under the
recipient's language (`force_locale`), so their words and dates are in that language.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import format_date, format_datetime, format_time

from spelotheek.settings import LANGUAGES

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15


class MailNotSent(OSError):
    """The message did not leave (already logged, without the address); try again later."""


def outbox_dir() -> Path:
    """Where mail goes when no SMTP server is configured (development and demo)."""
    return Path(current_app.instance_path) / "outbox"


def render(template: str, language: str, subject: str, **context: Any) -> tuple[str, str]:
    """The plain-text and HTML bodies of templates/mail/<name>.txt, in the active language."""
    direction = LANGUAGES.get(language, {}).get("dir", "ltr")
    # Dates through Flask-Babel: the reader's language, Brussels time (BABEL_DEFAULT_TIMEZONE).
    dates = {"format_date": format_date, "format_datetime": format_datetime}
    text = render_template(f"mail/{template}.txt", format_time=format_time, **dates, **context)
    text = text.strip() + "\n"
    html = render_template(
        "mail/letter.html", text=text, subject=subject, language=language, direction=direction
    )
    return text, html


def build_message(
    to: str, subject: str, body: str, language: str = "nl", html: str | None = None
) -> EmailMessage:
    """A message in the recipient's language: plain text, and HTML beside it when given."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="spelotheek.local")
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after set_content, which resets Content-* headers
    return message


def _deliver(message: EmailMessage, settings: dict[str, Any]) -> None:
    """Hand the message to the SMTP server, encrypted and logged in as configured."""
    host, port = settings["MAIL_SERVER"], settings["MAIL_PORT"]
    context = ssl.create_default_context(cafile=settings.get("MAIL_CA_FILE") or None)
    if settings.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    with smtp:
        if settings.get("MAIL_USE_STARTTLS"):
            smtp.starttls(context=context)  # refuses a server without STARTTLS: no plain fallback
        if settings.get("MAIL_USERNAME"):
            smtp.login(settings["MAIL_USERNAME"], settings.get("MAIL_PASSWORD") or "")
        refused = smtp.send_message(message)
        if refused:  # some recipients taken, others not: still not delivered
            raise smtplib.SMTPRecipientsRefused(refused)


def _why(error: BaseException) -> str:
    """What went wrong, in words that never carry an address (servers often quote it)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _text in error.recipients.values()})
        return f"recipient refused ({', '.join(codes)})"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"login refused ({error.smtp_code})"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"sender refused ({error.smtp_code})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"server answered {error.smtp_code}"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "server does not offer what is configured (STARTTLS or login)"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"server certificate not trusted ({error.verify_message})"
    return type(error).__name__


def send(
    to: str, subject: str, body: str, language: str = "nl", html: str | None = None
) -> None:
    """Send one message; raises MailNotSent (logged as an ERROR) when it did not leave."""
    message = build_message(to, subject, body, language, html)
    settings = current_app.config
    try:
        if settings.get("MAIL_SERVER"):
            _deliver(message, settings)
        else:
            folder = outbox_dir()
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.as_bytes())
    except (OSError, ValueError) as error:  # smtplib's and ssl's errors are OSErrors too
        reason = _why(error)
        log.error("mail not sent (%s): %s", subject[:40], reason)  # no address in the logs
        raise MailNotSent(reason) from None
    log.info("mail sent (%s)", subject[:40])  # subject only: no address in the logs
