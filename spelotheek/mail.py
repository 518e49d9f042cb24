"""E-mail: sent through SMTP when MAIL_SERVER is set, else written to a local outbox folder.

Call it after the transaction that decided to send has committed, never inside a service.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def outbox_dir() -> Path:
    """Where mail goes when no SMTP server is configured (development and demo)."""
    return Path(current_app.instance_path) / "outbox"


def build_message(to: str, subject: str, body: str, language: str = "nl") -> EmailMessage:
    """A plain-text message in the recipient's language."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="spelotheek.local")
    message.set_content(body)
    message["Content-Language"] = language  # after set_content, which resets Content-* headers
    return message


def send(to: str, subject: str, body: str, language: str = "nl") -> None:
    """Send one message; raises OSError/SMTPException when the server refuses it."""
    message = build_message(to, subject, body, language)
    server = current_app.config.get("MAIL_SERVER")
    if server:
        with smtplib.SMTP(server, current_app.config["MAIL_PORT"], timeout=15) as smtp:
            smtp.send_message(message)
    else:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.as_bytes())
    log.info("mail sent (%s)", subject[:40])  # subject only: no address in the logs
