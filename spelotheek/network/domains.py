"""The coordinator's life domains: rename, reorder, add. Session and actor in, flush only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network import checks
from spelotheek.network.checks import EntryError
from spelotheek.network.history import differences, record_change, snapshot
from spelotheek.network.models import LifeDomain
from spelotheek.paths import ROOT

CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
DOMAIN_FIELDS = ("name", "name_texts", "pictogram")


def pictograms() -> list[str]:
    """The pictograms a domain can have: the SVG files in static/img (names without .svg)."""
    folder = ROOT / "static" / "img"
    return sorted(p.stem for p in folder.glob("*.svg") if p.stem != "logo")


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    for text in (values.get("name_texts") or {}).values():
        if len(text) > 80:
            raise EntryError(_l("Please keep this under %(n)d characters.", n=80), "name")
    if values.get("pictogram") not in pictograms():
        raise EntryError(_l("Please choose a pictogram from the list."), "pictogram")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=80),
        "name_texts": values.get("name_texts"),
        "pictogram": values["pictogram"],
    }


def _audit(session: Session, action: str, actor_id: int | None, domain: LifeDomain) -> None:
    audit.record(
        session, action, actor_id=actor_id, subject_type="network_domain", subject_id=domain.id
    )


def add_domain(
    session: Session, actor_id: int | None, code: str, values: Mapping[str, Any]
) -> LifeDomain:
    """A new life domain at the end of the list; its code stays (it is the HSDS term's code)."""
    code = code.strip().lower()
    if not CODE.match(code):
        raise EntryError(
            _l("A code is 2 to 40 small letters, digits or dashes, such as ‘debts’."), "code"
        )
    if session.scalar(select(LifeDomain.id).where(LifeDomain.code == code)):
        raise EntryError(_l("There is already a life domain with this code."), "code")
    last = session.scalar(select(func.max(LifeDomain.position))) or 0
    domain = LifeDomain(code=code, position=last + 1, **_checked(values))
    session.add(domain)
    session.flush()
    record_change(session, "domain", domain.uuid, "created", organization_id=None, user_id=actor_id)
    _audit(session, "network_domain_created", actor_id, domain)
    return domain


def change_domain(
    session: Session, actor_id: int | None, domain: LifeDomain, values: Mapping[str, Any]
) -> None:
    """Rename a domain (in five languages) or give it another pictogram."""
    fields = _checked(values)
    before = snapshot(domain, DOMAIN_FIELDS)
    for name, value in fields.items():
        setattr(domain, name, value)
    changes = differences(before, fields)
    if changes:
        session.flush()
        record_change(
            session,
            "domain",
            domain.uuid,
            "changed",
            organization_id=None,
            user_id=actor_id,
            changes=changes,
        )
        _audit(session, "network_domain_changed", actor_id, domain)


def move_domain(session: Session, actor_id: int | None, domain: LifeDomain, step: int) -> None:
    """Move a domain one place up (step -1) or down (+1) in the life web's order."""
    ordered = list(session.scalars(select(LifeDomain).order_by(LifeDomain.position, LifeDomain.id)))
    index = ordered.index(domain)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    session.flush()
    record_change(
        session,
        "domain",
        domain.uuid,
        "changed",
        organization_id=None,
        user_id=actor_id,
        changes={"position": [index + 1, target + 1]},
    )
    _audit(session, "network_domain_moved", actor_id, domain)
