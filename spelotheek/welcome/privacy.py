"""Buddies and interpreter requests in the site's data rights and retention: a buddy offer in
the family's download and gone at erasure; requests deleted a week after their date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.interpreters import services as interpreters
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORTERS, PURGERS
from spelotheek.templating import SECTION_TITLES
from spelotheek.welcome import buddies
from spelotheek.welcome.models import Buddy


def export_buddy(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """The family's buddy offer: the first name and languages it gave."""
    buddy = buddies.buddy_of(session, family.id)
    if buddy is None:
        return None
    return "buddy", {
        "first_name": buddy.first_name,
        "languages": buddy.languages.split(),
        "since": buddy.created_at.isoformat(),
    }


def forget_buddy(session: Session, family: Family) -> None:
    """Erasure: the buddy offer goes; requests matched to it become open again."""
    session.execute(delete(Buddy).where(Buddy.family_id == family.id))


def purge_welcome_requests(
    session: Session, now: datetime, _settings: Mapping[str, Any]
) -> Mapping[str, int]:
    """Buddy and interpreter requests are deleted a week after their date."""
    today = now.astimezone(BRUSSELS).date()
    return {
        "buddy requests deleted": buddies.purge_requests(session, today),
        "interpreter requests deleted": interpreters.purge(session, today),
    }


SECTION_TITLES["buddy"] = _l("Welcome buddy")
EXPORT_LABELS.update(
    {
        "buddy.first_name": _l("First name"),
        "buddy.languages": _l("Languages"),
        "buddy.since": _l("Buddy since"),
    }
)
if export_buddy not in EXPORTERS:
    EXPORTERS.append(export_buddy)
if forget_buddy not in ERASERS:
    ERASERS.append(forget_buddy)
if purge_welcome_requests not in PURGERS:
    PURGERS.append(purge_welcome_requests)
