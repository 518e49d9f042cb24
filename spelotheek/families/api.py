"""JSON API v1: families and cards, on the shared api blueprint."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.api.common import as_formdata, bp, json_body, validation_error
from spelotheek.auth.access import allow
from spelotheek.auth.fresh import proven_just_now
from spelotheek.auth.roles import DESK, OFFICE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.errors import error_response
from spelotheek.families import cards, reading, rights, services
from spelotheek.families.cardimage import qr_png, qr_text
from spelotheek.families.forms import EXPORT_REASONS, FamilyForm
from spelotheek.families.revoked import staff_scans

__all__ = ["bp"]


def _card_answer(family, issued: cards.IssuedCard, status: int):
    import base64

    return jsonify(
        id=family.id,
        card=issued.formatted,
        qr_png=base64.b64encode(qr_png(qr_text(issued.code))).decode("ascii"),
    ), status


@bp.post("/families")
@allow(OFFICE)
def create_family():
    """Register a family; answers its id, card code and the QR as base64 PNG."""
    form = FamilyForm(formdata=as_formdata(json_body()), meta={"csrf": False})
    if not form.validate():
        raise validation_error(form)
    with transaction() as db:
        family, issued = services.create_family(db, current_user.id, form.profile())
    return _card_answer(family, issued, 201)


@bp.post("/families/<int:family_id>/card")
@allow(OFFICE)
def reissue_card(family_id: int):
    """Revoke the family's card and issue a new one."""
    with transaction() as db:
        family = services.get_family(db, family_id)
        issued = cards.reissue_card(db, current_user.id, family, utcnow())
    return _card_answer(family, issued, 201)


@bp.get("/cards/<code>")
@allow(DESK)
def card(code: str):
    """The family a scanned card belongs to: display name and card status."""
    with staff_scans(current_user.id, code[:64]):  # audited if revoked; said to the desk
        family = cards.family_for_scan(get_session(), code[:64])
    return jsonify(family_id=family.id, display_name=family.display_name, status="active")


@bp.get("/families/<int:family_id>/export")
@allow(OFFICE)
@reading.rate_limited  # before the proof: failed proofs count towards the limit too
@proven_just_now
def export_family(family_id: int):
    """Everything the site holds about a family (its right of access), with a stated reason.

    The reason comes in the X-Export-Reason header: one of the codes, optionally ': a note'.
    """
    reason = request.headers.get("X-Export-Reason", "").strip()[:140]
    if reason.split(":", 1)[0].strip() not in EXPORT_REASONS:
        return error_response(
            400,
            _("Say why in X-Export-Reason: %(codes)s.", codes=", ".join(EXPORT_REASONS)),
            "reason_required",
        )
    with transaction() as db:
        family = services.get_family(db, family_id)
        data = rights.export_family(db, family, current_user.id, reason=reason)
    return jsonify(data)


@bp.delete("/families/<int:family_id>")
@allow(OFFICE)
def erase_family(family_id: int):
    """Erase a family's personal data; 422 when toys are still out."""
    with transaction() as db:
        rights.erase_family(db, services.get_family(db, family_id), current_user.id)
    return "", 204
