"""Extension points features plug into, so shared code never imports feature code.

- PORTAL_SECTIONS: parts of the family's own page (/me). Each is called with the database
  session and the family and answers (template name, context) or None.
- REMINDER_SENDERS: run by `spelotheek send-reminders`. Each is called with the session and the
  current UTC instant, sends what is due (never twice) and answers a report {what: count}.
- PURGERS: run by `spelotheek purge-expired`. Each is called with the session, the current UTC
  instant and the settings, removes or anonymises what is past its retention period and
  answers a report {what: count}. Each must be safe to run repeatedly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from spelotheek.families.models import Family

PortalSection = Callable[[Session, Family], tuple[str, dict[str, Any]] | None]
ReminderSender = Callable[[Session, datetime], Mapping[str, int]]
Purger = Callable[[Session, datetime, Mapping[str, Any]], Mapping[str, int]]

PORTAL_SECTIONS: list[PortalSection] = []
REMINDER_SENDERS: list[ReminderSender] = []
PURGERS: list[Purger] = []
