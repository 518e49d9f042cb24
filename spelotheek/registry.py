"""Extension points features plug into, so shared code never imports feature code.

- PORTAL_SECTIONS: parts of the family's own page (/me). Each is called with the database
  session and the family and answers (template name, context) or None.
- REMINDER_SENDERS: run by `spelotheek send-reminders`. Each is called with the session and the
  current UTC instant, sends what is due (never twice) and answers a report {what: count}.
- EXPORTERS: a family's data, for its download. Each is called with the session, the family and
  the viewer's staff id (None: the family itself) and answers (section name, JSON-ready data) or
  None. Health data goes only to the family and the facilitators of its group (issue 18).
- EXPORT_LABELS / EXPORT_VALUES: the words the data page (/me/data) shows for an exporter's
  fields and codes, keyed "section.field" (or "field" for every section). EXPORT_LABELS maps
  to a lazy_gettext label; EXPORT_VALUES maps to {code: label}. The JSON download keeps keys.
- ERASURE_CHECKS: called before a family is erased; raise a DomainError to refuse (for example
  toys still at home), with a message that says plainly what to do first.
- ERASERS: called when a family is erased, before its row is deleted; each unlinks or deletes
  its feature's rows so that only anonymous counts remain.
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
Exporter = Callable[[Session, Family, int | None], tuple[str, Any] | None]
ErasureCheck = Callable[[Session, Family], None]
Eraser = Callable[[Session, Family], None]

PORTAL_SECTIONS: list[PortalSection] = []
REMINDER_SENDERS: list[ReminderSender] = []
PURGERS: list[Purger] = []
EXPORTERS: list[Exporter] = []
EXPORT_LABELS: dict[str, object] = {}
EXPORT_VALUES: dict[str, Mapping[str, object]] = {}
ERASURE_CHECKS: list[ErasureCheck] = []
ERASERS: list[Eraser] = []
