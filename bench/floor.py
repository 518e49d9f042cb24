"""The floor: the least a lend can cost — one indexed read and one insert-and-update transaction.

It exists only in the bench's app (`BENCH_FLOOR=True`, see bench/wsgi.py): a normal app never
has this route. It goes through the same request pipeline as the desk's API (sessions, access
check, JSON), so the ratio desk/floor shows what the desk's own work costs.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, jsonify, request
from sqlalchemy import insert, select, update

from spelotheek.audit import AuditEvent
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.extensions import csrf
from spelotheek.families import cardcode
from spelotheek.families.models import Card, Family

bp = Blueprint("bench_floor", __name__)
csrf.exempt(bp)


@bp.post("/api/bench/floor")  # under /api/: JSON, the desk API's pipeline
@allow(EVERYONE)
def floor():
    """Find a family by its card (indexed), then insert one row and update one in a transaction."""
    data = request.get_json(silent=True) or {}
    code = cardcode.normalise(str(data.get("card", ""))[:64])
    family_id = get_session().scalar(
        select(Card.family_id).where(Card.token_hash == cardcode.token_hash(code))
    )
    if family_id is None:
        abort(404)
    now = utcnow()
    with transaction() as db:
        db.execute(
            insert(AuditEvent.__table__).values(
                at=now,
                actor_kind="bench",
                action="bench_floor",
                subject_type="family",
                subject_id=family_id,
                detail="",
            )
        )
        db.execute(
            update(Family.__table__).where(Family.id == family_id).values(last_active_at=now)
        )
    return jsonify(family=family_id), 201


def register(app: Flask) -> None:
    """Add the floor to the app when the BENCH_FLOOR setting is on (never otherwise)."""
    if app.config.get("BENCH_FLOOR"):
        app.register_blueprint(bp)
