"""Who is on the other side of a request: a staff member, a family or nobody."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from spelotheek.auth.models import User
from spelotheek.auth.roles import ANONYMOUS, FAMILY
from spelotheek.families.models import Family


class StaffPrincipal:
    """A logged-in staff account (by session or by device token)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_family = False
    is_staff = True

    def __init__(self, user: User, via_token: bool = False, token_key: str = "") -> None:
        self.user = user
        self.via_token = via_token
        self.token_key = token_key  # a short hash of the device token, for per-device limits

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def principal(self) -> str:
        return self.user.role

    @property
    def language(self) -> str:
        return self.user.language

    @property
    def name(self) -> str:
        return self.user.name

    def get_id(self) -> str:
        return f"u:{self.user.id}:{self.user.session_version}"


class FamilyPrincipal:
    """A family logged in with its card code and PIN."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_family = True
    is_staff = False
    principal = FAMILY

    def __init__(self, family: Family) -> None:
        self.family = family

    @property
    def id(self) -> int:
        return self.family.id

    @property
    def language(self) -> str | None:
        return self.family.language

    @property
    def name(self) -> str:
        return self.family.display_name

    def get_id(self) -> str:
        return f"f:{self.family.id}:{self.family.session_version}"


class Anonymous(AnonymousUserMixin):
    """A visitor who has not logged in."""

    is_family = False
    is_staff = False
    principal = ANONYMOUS
    language = None
