"""Every model, imported in one place so metadata and migrations see all tables."""

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import ApiToken, User
from spelotheek.families.models import Card, Child, Family
from spelotheek.locations.models import Closure, Location, OpeningHours

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Card",
    "Child",
    "Closure",
    "Family",
    "Location",
    "OpeningHours",
    "User",
]
