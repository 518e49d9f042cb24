"""The directory's history: every change to an entry, who made it and what it was before."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from spelotheek.network.models import DirectoryChange


def _plain(value: Any) -> Any:
    """A value as JSON can hold it (dates and times as ISO text)."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value changed."""
    return {
        name: [_plain(before.get(name)), _plain(after.get(name))]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def snapshot(thing: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The values of these fields of an entry, to compare before and after a change."""
    return {name: getattr(thing, name) for name in fields}


def record_change(
    session: Session,
    entity: str,
    entity_uuid: str,
    action: str,
    *,
    organization_id: int | None,
    user_id: int | None,
    changes: Mapping[str, list[Any]] | None = None,
) -> DirectoryChange | None:
    """Keep one change; a "changed" that changed nothing is not kept."""
    if action == "changed" and not changes:
        return None
    row = DirectoryChange(
        entity=entity,
        entity_uuid=entity_uuid,
        action=action,
        organization_id=organization_id,
        user_id=user_id,
        changes=dict(changes) if changes else None,
    )
    session.add(row)
    session.flush()
    return row
