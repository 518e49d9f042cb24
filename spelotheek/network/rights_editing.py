"""The coordinator's rights: texts, links, eligibility conditions and their table of cases.

A right is saved only when its conditions are in the vocabulary (rules.checked_conditions) and
every case of its table gives the expected outcome (rules.run_cases): a wrong edit of a
condition then cannot silently tell families a right is not theirs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network import checks, rules
from spelotheek.network.checks import EntryError
from spelotheek.network.history import differences, record_change, snapshot
from spelotheek.network.models import LifeDomain, Right, Service

TEXT_FIELDS = ("title", "audience", "gives", "how", "what_to_bring")
RIGHT_FIELDS = (
    *TEXT_FIELDS,
    *(f"{f}_texts" for f in TEXT_FIELDS),
    "domain_id",
    "conditions",
    "cases",
    "active",
)
MAX_CASES = 30
TITLE_LIMIT = 300


class CaseFailed(EntryError):
    """A case of the right's table does not give the outcome the coordinator expects."""


def failing_cases(conditions: Sequence[Mapping[str, Any]], cases: Sequence[Mapping[str, Any]]):
    """The 1-based numbers and results of the cases whose outcome is not the expected one."""
    return [(n, r) for n, r in enumerate(rules.run_cases(conditions, cases), 1) if not r.passes]


def _checked_cases(raw: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The cases in their stored shape; EntryError for an unknown outcome or too many."""
    if len(raw) > MAX_CASES:
        raise EntryError(_l("At most %(n)d cases.", n=MAX_CASES), "cases")
    cases = []
    for case in raw:
        if case.get("expect") not in {v.value for v in rules.Verdict}:
            raise EntryError(_l("Please choose the outcome of each case."), "cases")
        cases.append({"answers": dict(case["answers"]), "expect": case["expect"]})
    return cases


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        limit = TITLE_LIMIT if field == "title" else checks.MAX_TEXT
        fields[field] = checks.text(values.get(field, ""), field, field == "title", limit)
        texts = values.get(f"{field}_texts") or None
        if texts and any(len(t) > limit for t in texts.values()):
            raise EntryError(_l("Please keep this under %(n)d characters.", n=limit), field)
        fields[f"{field}_texts"] = texts
    if "\n" in fields["title"]:
        raise EntryError(_l("Say what the right is in one sentence, on one line."), "title")
    try:
        fields["conditions"] = rules.checked_conditions(values.get("conditions") or [])
    except rules.ConditionError as error:
        raise EntryError(error.message, "conditions") from None
    fields["cases"] = _checked_cases(values.get("cases") or [])
    failed = failing_cases(fields["conditions"], fields["cases"])
    if failed:
        number, result = failed[0]
        raise CaseFailed(
            _l(
                "Case %(n)d expects “%(expected)s” but the conditions say “%(found)s”. "
                "Change the conditions or the case.",
                n=number,
                expected=result.expected.value,
                found=result.found.value,
            ),
            "cases",
        )
    fields["active"] = bool(values.get("active"))
    return fields


def _code_for(session: Session, title: str) -> str:
    """A stable code from the Dutch title (the right's HSDS-facing name stays its uuid)."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:50] or "right"
    code, n = base, 1
    while session.scalar(select(Right.id).where(Right.code == code)):
        n += 1
        code = f"{base}-{n}"
    return code


def _links(
    session: Session, domain_id: int, service_ids: Sequence[int]
) -> tuple[LifeDomain, list[Service]]:
    domain = session.get(LifeDomain, domain_id)
    if domain is None:
        raise EntryError(_l("Please choose a life domain from the list."), "domain_id")
    services = list(session.scalars(select(Service).where(Service.id.in_(set(service_ids)))))
    if len(services) != len(set(service_ids)):
        raise EntryError(_l("Please choose services from the list."), "services")
    return domain, services


def _snapshot(right: Right) -> dict[str, Any]:
    return {**snapshot(right, RIGHT_FIELDS), "services": sorted(s.uuid for s in right.services)}


def save_right(
    session: Session,
    actor_id: int | None,
    right: Right | None,
    values: Mapping[str, Any],
    service_ids: Sequence[int],
    today: date,
) -> Right:
    """Create (right None) or change a right; CaseFailed names the first failing case."""
    fields = _checked(values)
    domain, services = _links(session, int(values.get("domain_id") or 0), service_ids)
    created = right is None
    if right is None:
        right = Right(code=_code_for(session, fields["title"]), domain=domain)
        session.add(right)
    before = {} if created else _snapshot(right)
    for name, value in fields.items():
        setattr(right, name, value)
    right.domain = domain
    right.domain_id = domain.id
    right.services = services
    right.checked_on = today
    right.updated_at = utcnow()
    session.flush()
    changes = differences(before, _snapshot(right))
    record_change(
        session,
        "right",
        right.uuid,
        "created" if created else "changed",
        organization_id=None,
        user_id=actor_id,
        changes=changes,
    )
    audit.record(
        session,
        "network_right_created" if created else "network_right_changed",
        actor_id=actor_id,
        subject_type="network_right",
        subject_id=right.id,
    )
    return right
