"""The rights check: one question a screen, the rights that may be yours, kept if wished.

The answers live only in the posted forms: every screen carries them on as hidden fields
(never in the URL, the session or a log), every transition is a POST, and no page is cached.
A family that keeps the result stores which rights, not the answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import groupby
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE, FAMILY_ONLY, GROUPS, OFFICE
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families import cards
from spelotheek.families.models import Family
from spelotheek.hosts import external_url
from spelotheek.network import kept as kept_rights
from spelotheek.network import privacy  # noqa: F401  (data download and erasure hooks)
from spelotheek.network import rights_check as questionnaire
from spelotheek.network.models import KeptRight, Right
from spelotheek.network.views import bp
from spelotheek.qr import qr_svg
from spelotheek.registry import PORTAL_SECTIONS
from spelotheek.templating import BRUSSELS

# Not volunteers: they see a family's display name and loans only (DESIGN.md).
WORKERS = OFFICE | GROUPS
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
MAX_CARD = 60


def _page(template: str, status: int = 200, **context: Any) -> Response:
    """A page of the check: never stored by a browser or a cache (it shows the answers)."""
    response = current_app.make_response((render_template(template, **context), status))
    response.headers.update(NO_STORE)
    return response


def _question(state: Mapping[str, str], field: str, error: object = None) -> Response:
    number, total = questionnaire.progress(state, field)
    return _page(
        "network/check/question.html",
        400 if error else 200,
        field=field,
        question=questionnaire.QUESTIONS[field],
        carried={k: v for k, v in state.items() if k != field},
        chosen=state.get(field),
        number=number,
        total=total,
        last=questionnaire.following(state, field) is None,
        back=questionnaire.previous(state, field),
        error=error,
        how_many=int(state.get("children", "0")) if field == "ages" else 0,
        typed_ages=state.get("ages", "").split(",") if field == "ages" else [],
        income_bands=[
            (code, questionnaire.INCOME_LABELS[code])
            for code, _low, _high in questionnaire.INCOME_BANDS
        ],
    )


def _walk(form: Mapping[str, str]) -> questionnaire.Screen:
    """The carried answers with this screen's answer, and the question to show next."""
    return questionnaire.walk(form, request.form.getlist("age"))


@bp.route("/help/check", methods=["GET", "POST"])
@allow(EVERYONE)
def check():
    """The questions, one a screen (every answer is posted, never put in the address)."""
    if request.method == "GET":
        return _page("network/check/start.html")
    screen = _walk(request.form)
    shown = screen.field or questionnaire.steps(screen.state)[-1]
    return _question(screen.state, shown, screen.error)


def _complete(form: Mapping[str, str]) -> tuple[dict[str, str] | None, Response | None]:
    """A complete, checked set of answers, or the screen that still needs one."""
    screen = _walk(form)
    if screen.error and screen.field:
        return None, _question(screen.state, screen.field, screen.error)
    open_field = questionnaire.first_open(screen.state)
    if open_field:
        return None, _question(screen.state, open_field)
    return screen.state, None


def _found(state: Mapping[str, str]) -> list[kept_rights.RightFound]:
    return kept_rights.rights_found(
        kept_rights.active_rights(get_session()), questionnaire.answers_of(state)
    )


def _grouped(found: Sequence[kept_rights.RightFound]) -> list[tuple[Any, list[Any]]]:
    ordered = sorted(
        found,
        key=lambda f: (f.right.domain.position, f.right.domain.id, f.verdict != "likely"),
    )
    return [
        (domain, list(items)) for domain, items in groupby(ordered, key=lambda f: f.right.domain)
    ]


@bp.post("/help/check/result")
@allow(EVERYONE)
def check_result():
    """The rights that may be yours, per life domain: likely first, "check this" after."""
    state, error = _complete(request.form)
    if error or state is None:
        return error
    found = _found(state)
    return _page("network/check/result.html", groups=_grouped(found), carried=state, found=found)


def _print_page(groups: list[tuple[Any, list[Any]]], services: Sequence[Any]) -> Response:
    qr = {
        s.uuid: qr_svg(external_url("network.service", uuid=s.uuid), scalable=True)
        for s in services
    }
    return _page("network/check/print.html", groups=groups, qr=qr)


def _services_of(rights: Sequence[Right]) -> list[Any]:
    seen: dict[int, Any] = {}
    for right in rights:
        for service in right.services:
            seen.setdefault(service.id, service)
    return list(seen.values())


@bp.post("/help/check/print")
@allow(EVERYONE)
def check_print():
    """The A4 "my rights and where to go" straight from the result (nothing is kept)."""
    state, error = _complete(request.form)
    if error or state is None:
        return error
    found = _found(state)
    return _print_page(_grouped(found), _services_of([f.right for f in found]))


@bp.post("/help/check/keep")
@allow(FAMILY_ONLY)
def check_keep():
    """Keep the result on the family's own page: which rights, never the answers."""
    state, error = _complete(request.form)
    if error or state is None:
        return error
    found = _found(state)
    with transaction() as db:
        kept_rights.keep_result(db, current_user.id, found, None)
    flash(_("Kept. You find these rights on your own page."))
    return redirect(url_for("network.my_rights"))


@bp.post("/help/check/keep-for-family")
@allow(WORKERS)
def check_keep_for():
    """A worker keeps the result for the family at the desk, by its card, with its consent."""
    state, error = _complete(request.form)
    if error or state is None:
        return error
    found = _found(state)
    card = request.form.get("card", "")[:MAX_CARD]
    problem = None
    if request.form.get("family_agrees") != "yes":
        problem = _("Ask the family first, and tick that it agrees.")
    else:
        try:
            with transaction() as db:
                family: Family = cards.family_for_scan(db, card)
                kept_rights.keep_result(db, family.id, found, current_user.id)
        except DomainError as refused:
            problem = str(refused.message)
    if problem:
        return _page(
            "network/check/result.html",
            400,
            groups=_grouped(found),
            carried=state,
            found=found,
            keep_error=problem,
        )
    flash(_("Kept on the family's page."))
    return redirect(url_for("network.family_rights", family_id=family.id))


def _kept_groups(kept: Sequence[KeptRight]) -> list[tuple[Any, list[Any]]]:
    ordered = sorted(
        kept, key=lambda k: (k.right.domain.position, k.right.domain.id, k.verdict != "likely")
    )
    return [
        (domain, list(items)) for domain, items in groupby(ordered, key=lambda k: k.right.domain)
    ]


@bp.get("/me/rights")
@allow(FAMILY_ONLY)
def my_rights():
    """The family's kept rights, per life domain, with how, where and when."""
    kept = kept_rights.kept_rights(get_session(), current_user.id)
    return _page("network/check/mine.html", groups=_kept_groups(kept))


@bp.post("/me/rights/<int:right_id>/remove")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Remove this right from your page?"),
    _l("The right goes from your page. You can do the rights check again to find it back."),
    _l("Yes, remove it"),
)
def my_rights_remove(right_id: int):
    """Take a right off the family's own page."""
    with transaction() as db:
        kept_rights.remove_kept(db, current_user.id, right_id, None)
    flash(_("Removed from your page."))
    return redirect(url_for("network.my_rights"))


@bp.get("/me/rights/print")
@allow(FAMILY_ONLY)
def my_rights_print():
    """The A4 "my rights and where to go" from the kept rights."""
    kept = kept_rights.kept_rights(get_session(), current_user.id)
    return _print_page(_kept_groups(kept), _services_of([k.right for k in kept]))


def _today() -> date:
    return utcnow().astimezone(BRUSSELS).date()


@bp.get("/network/families/<int:family_id>/rights")
@allow(WORKERS)
def family_rights(family_id: int):
    """A worker sees a family's kept rights and marks them, with the family (audited)."""
    with transaction() as db:
        family, kept = kept_rights.open_kept_rights(db, current_user.id, family_id)
        name = family.display_name
    return _page(
        "network/check/family.html",
        family_id=family_id,
        name=name,
        groups=_kept_groups(kept),
        errors={},
    )


@bp.post("/network/families/<int:family_id>/rights/<int:right_id>")
@allow(WORKERS)
def family_rights_mark(family_id: int, right_id: int):
    """Mark a kept right realised or a barrier (the family agrees; a barrier says what)."""
    form = request.form
    try:
        with transaction() as db:
            kept_rights.mark_right(
                db,
                current_user.id,
                family_id,
                right_id,
                mark=form.get("mark", ""),
                family_agrees=form.get("family_agrees") == "yes",
                what=form.get("what", "")[: kept_rights.MAX_BARRIER + 1],
                place=form.get("place", "")[: kept_rights.MAX_PLACE + 1],
                today=_today(),
            )
    except kept_rights.MarkRefused as refused:
        with transaction() as db:
            family, kept = kept_rights.open_kept_rights(db, current_user.id, family_id)
            name = family.display_name
        return _page(
            "network/check/family.html",
            400,
            family_id=family_id,
            name=name,
            groups=_kept_groups(kept),
            errors={right_id: str(refused.message)},
        )
    flash(_("Saved."))
    return redirect(url_for("network.family_rights", family_id=family_id))


def portal_section(db: Any, family: Family) -> tuple[str, dict[str, Any]] | None:
    """The family's kept rights on its own page (a short list; the full page is /me/rights)."""
    kept = kept_rights.kept_rights(db, family.id)
    return "network/check/_portal.html", {"kept": kept}


if portal_section not in PORTAL_SECTIONS:
    PORTAL_SECTIONS.append(portal_section)
