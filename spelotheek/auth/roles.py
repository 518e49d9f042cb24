"""The people who use the site, and which of them may reach a page."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A staff account's role."""

    COORDINATOR = "coordinator"
    STAFF = "staff"
    VOLUNTEER = "volunteer"
    FACILITATOR = "facilitator"
    # A network organisation: edits its own entries in the directory, nothing else.
    PARTNER = "partner"


# Who may be asked for in an access declaration: the roles plus families and anonymous visitors.
ANONYMOUS = "anonymous"
FAMILY = "family"
PRINCIPALS = (ANONYMOUS, FAMILY, *(r.value for r in Role))

EVERYONE = frozenset(PRINCIPALS)
DESK = frozenset({Role.VOLUNTEER, Role.STAFF, Role.COORDINATOR})
OFFICE = frozenset({Role.STAFF, Role.COORDINATOR})
COORDINATOR_ONLY = frozenset({Role.COORDINATOR})
GROUPS = frozenset({Role.FACILITATOR, Role.COORDINATOR})
ANY_STAFF = frozenset(Role)  # every account: its own password, two-step login
PARTNER_ONLY = frozenset({Role.PARTNER})
NETWORK_EDITORS = frozenset({Role.PARTNER, Role.COORDINATOR})
FAMILY_ONLY = frozenset({FAMILY})
