"""The toy library: JSON API v1 routes (on the shared api blueprint)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, jsonify, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.api.common import bp, json_body
from spelotheek.auth import attempts
from spelotheek.auth.access import allow
from spelotheek.auth.roles import DESK, EVERYONE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families import cardcode
from spelotheek.families.cards import CardRevoked, card_key, family_for_scan
from spelotheek.families.revoked import audit_revoked_scans, staff_scans
from spelotheek.loans import catalogue, desk, holds, openapi, panel, rules, services, terms, undo
from spelotheek.urls import MAX_ID, page_number

openapi.register()


def _string(data: dict, name: str, maximum: int = 64) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise DomainError(
            _("The field %(field)s is missing.", field=name), code="invalid_field", status=422
        )
    return value.strip()[:maximum]


def _page_args(default_size: int = 24) -> tuple[int, int]:
    page = page_number(request.args.get("page", 1, type=int))
    per_page = min(
        max(request.args.get("per_page", default_size, type=int) or default_size, 1), 100
    )
    return page, per_page


def _toy_json(card: catalogue.ToyCard) -> dict[str, object]:
    toy = card.toy
    return {
        "id": toy.id,
        "ref": toy.ref,
        "name": toy.name,
        "min_age_months": toy.min_age_months,
        "max_age_months": toy.max_age_months,
        "areas": toy.area_list,
        "copies": card.copies,
        "available": card.available,
        "waiting": card.waiting,
    }


@bp.get("/toys")
@allow(EVERYONE)
def toys():
    """The catalogue with availability, one page at a time (public: no families, no borrowers)."""
    page, per_page = _page_args()
    cards, total = catalogue.search(
        get_session(),
        words=request.args.get("q", "")[:100],
        available_now=request.args.get("available") in ("1", "true", "yes"),
        page=page,
        per_page=per_page,
    )
    return jsonify(items=[_toy_json(c) for c in cards], page=page, per_page=per_page, total=total)


@bp.get("/items")
@allow(DESK)
def items():
    """Physical copies, optionally in one state."""
    state = request.args.get("state") or None
    if state is not None and state not in rules.ITEM_STATES:
        raise DomainError(_("Unknown state."), code="invalid_field", status=422)
    found = catalogue.items_by_state(get_session(), state)
    return jsonify(
        items=[
            {"label": i.label, "toy_id": i.toy_id, "toy": i.toy.name, "state": i.state}
            for i in found
        ]
    )


@contextmanager
def _card_refusals(actor_id: int, card: str) -> Iterator[None]:
    """Around a block that scans a card: a revoked card is audited in a transaction of its own
    and answers 422 (the loans API's word for a card that cannot borrow). Refusals are worded
    for the desk: the device is in the hands of the person at the desk; codes stay the same."""
    try:
        with staff_scans(actor_id, card):
            yield
    except CardRevoked as error:
        error.status = 422
        raise


@bp.post("/loans")
@allow(DESK)
def lend():
    """Lend an item to the family whose card is given: 201 with the due date."""
    data = json_body()
    card, label = cardcode.from_scan(_string(data, "card", 300))[:64], _string(data, "item", 20)
    # The copy and the card are read with the lend's facts, in the writing transaction: a
    # device's lend is three statements on PostgreSQL (its token, the facts, the writes; the
    # writes are three on SQLite). A code that cannot be a card is refused before any of them.
    with _card_refusals(current_user.id, card):
        key = card_key(card)
        with transaction() as db:
            lent, stored_label = services.lend_scanned(db, current_user.id, key, label, utcnow())
    return jsonify(
        loan=lent.loan_id, item=stored_label, due_on=lent.due_on.isoformat(), note=lent.note
    ), 201


@bp.post("/returns")
@allow(DESK)
def take_back():
    """Take an item back with the parts check (`missing_parts`: part id and count)."""
    data = json_body()
    label = _string(data, "item", 20)
    missing: dict[int, int] = {}
    entries = data.get("missing_parts") or []
    if not isinstance(entries, list):
        raise DomainError(_("missing_parts must be a list."), code="invalid_field", status=422)
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("part"), int)
            and isinstance(entry.get("count"), int)
        ):
            raise DomainError(
                _("Each missing part needs a part id and a count."),
                code="invalid_field",
                status=422,
            )
        missing[entry["part"]] = missing.get(entry["part"], 0) + entry["count"]
    with transaction() as db:
        item = services.item_by_label(db, label, lock=True, with_parts=bool(missing))
        returned = services.return_item(db, current_user.id, item, missing, utcnow())
        state = item.state
    return jsonify(
        loan=returned.loan_id,
        item=item.label,
        state=state,
        missing_parts=[{"part": p, "count": c} for p, c in returned.missing.items()],
        hold_ready=returned.hold is not None,
    )


@bp.post("/holds")
@allow(DESK)
def hold():
    """Put the family whose card is given on the waiting list for a toy."""
    data = json_body()
    card = cardcode.from_scan(_string(data, "card", 300))[:64]
    toy_id = data.get("toy")
    if not isinstance(toy_id, int):
        raise DomainError(_("The field toy must be a number."), code="invalid_field", status=422)
    if not 1 <= toy_id <= MAX_ID:  # no toy has it, and the database column cannot hold it
        raise NotFound(_("We could not find this toy."), code="toy_not_found")
    with _card_refusals(current_user.id, card), transaction() as db:
        family = family_for_scan(db, card)
        placed = holds.place_hold(db, current_user.id, family, toy_id, utcnow())
    return jsonify(
        hold=placed.id,
        toy=toy_id,
        status=placed.status,
        pickup_by=placed.pickup_by.isoformat() if placed.pickup_by else None,
    ), 201


def _desk_answer(result: desk.DeskResult, status: int = 200):
    """The result with the family panel and parts check as HTML for the desk page to show."""
    body = result.as_json()
    db = get_session()
    if result.family_id:
        # A card scan also looks at the card's wrong PIN tries; toy scans keep their statements.
        card_limit = attempts.card_limit() if result.kind == "family" else None
        today = terms.local_today(utcnow())
        family_panel = panel.family_panel(db, result.family_id, today, card_limit)
        body["panel"] = render_template("loans/_panel.html", panel=family_panel)
        if result.kind == "family" and not getattr(current_user, "via_token", False):
            session["desk_family"] = result.family_id  # the page keeps its family on reload
    if result.kind == "parts_check" and result.item_label:
        item = services.item_by_label(db, result.item_label)
        body["parts_form"] = render_template("loans/_parts.html", item=item)
    if not getattr(current_user, "via_token", False):
        session.pop("desk_parts", None)
    return jsonify(body), status


def _refused(error: DomainError, family_id: int | None, parts_of: str | None = None):
    result = desk.DeskResult(
        desk.REFUSED, "refused", str(error.message), family_id, code=error.code
    )
    if parts_of:
        result.kind, result.item_label = "parts_check", parts_of
    return _desk_answer(result, error.status)


def _family_id(data: dict) -> int | None:
    value = data.get("family")
    return value if isinstance(value, int) and value > 0 else None


@bp.post("/desk/scan")
@allow(DESK)
def desk_scan():
    """The desk's scan box: a card opens the family, a label lends or takes back."""
    data = json_body()
    family_id = _family_id(data)
    try:
        with audit_revoked_scans(current_user.id), transaction() as db:
            result = desk.scan(
                db,
                current_user.id,
                str(data.get("code", "")),
                family_id,
                utcnow(),
                current_app.config["LOANS_REPEAT_SECONDS"],
            )
    except DomainError as error:
        return _refused(error, family_id)
    return _desk_answer(result)


@bp.post("/desk/return")
@allow(DESK)
def desk_return():
    """The desk's parts check: take the toy back with what is missing."""
    data = json_body()
    family_id = _family_id(data)
    raw = data.get("missing") or {}
    label = data.get("item") if isinstance(data.get("item"), str) else ""
    try:
        missing = (
            {int(k): _missing_count(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
        )
        with transaction() as db:
            result = desk.take_back(
                db, current_user.id, _string(data, "item", 20), missing, utcnow(), family_id
            )
    except ValueError:
        return _refused(DomainError(_("Please give numbers only.")), family_id)
    except DomainError as error:
        if error.code in rules.PARTS_CHECK_REFUSALS and label:
            return _refused(error, family_id, parts_of=label[:20])  # the check stays open
        return _refused(error, family_id)
    return _desk_answer(result)


def _missing_count(value: object) -> int:
    """A count as the page sends it: what was typed (a scan is refused aloud) or a number."""
    if isinstance(value, str):
        return rules.parse_missing_count(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None:
        return 0
    raise ValueError(value)


@bp.post("/desk/undo")
@allow(DESK)
def desk_undo():
    """Undo this desk user's last lend or return."""
    family_id = _family_id(json_body())
    try:
        with transaction() as db:
            result = undo.undo_last(db, current_user.id, utcnow(), family_id)
    except DomainError as error:
        return _refused(error, family_id)
    return _desk_answer(result)
