"""Every model, imported in one place so metadata and migrations see all tables."""

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import ApiToken, RecoveryCode, User
from spelotheek.channels import models as channels
from spelotheek.families.models import Card, Child, Family
from spelotheek.groups import models as groups
from spelotheek.handovers import models as handovers
from spelotheek.interpreters import models as interpreters
from spelotheek.jobs import models as jobs
from spelotheek.loans import models as loans
from spelotheek.locations.models import Closure, Location, OpeningHours
from spelotheek.meetups import models as meetups
from spelotheek.messages import models as messages
from spelotheek.network import models as network
from spelotheek.reach import models as reach
from spelotheek.signals import models as signals
from spelotheek.topics import models as topics
from spelotheek.welcome import models as welcome

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Card",
    "Child",
    "Closure",
    "Family",
    "Location",
    "OpeningHours",
    "RecoveryCode",
    "User",
    "channels",
    "groups",
    "handovers",
    "interpreters",
    "jobs",
    "loans",
    "meetups",
    "messages",
    "network",
    "reach",
    "signals",
    "topics",
    "welcome",
]
