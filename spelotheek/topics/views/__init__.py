"""Parent-led topics: the public pages — "You asked — we did", propose, one topic, support,
and the private status page of an anonymous proposer. Staff pages live in manage.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek import typed
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.extensions import limiter
from spelotheek.families import cards
from spelotheek.families.models import Family
from spelotheek.families.revoked import staff_scans
from spelotheek.groups import queries as group_queries
from spelotheek.i18n import current_language
from spelotheek.meetups import queries as meetup_queries
from spelotheek.reach.rules import rounding_from, threshold_from
from spelotheek.registry import PORTAL_SECTIONS
from spelotheek.signals import queries as signal_queries
from spelotheek.signals import rules as signal_rules
from spelotheek.topics import listing, rules, services
from spelotheek.topics.forms import ProposeForm
from spelotheek.topics.visitors import (
    BROWSER_COOKIE,
    address_key,
    propose_limit,
    set_browser_cookie,
    support_limit,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

bp = Blueprint("topics", __name__)


def _family_id() -> int | None:
    return current_user.id if current_user.is_family else None


@bp.app_template_global()
def topic_theme_label(theme: str | None) -> str:
    """The translated name of a pictogram theme."""
    return str(rules.THEME_LABELS.get(theme or "", ""))


@bp.app_template_global()
def topic_status_label(status: str) -> str:
    """The translated name of a topic status."""
    return str(rules.STATUS_LABELS.get(status, status))


@bp.get("/topics")
@allow(EVERYONE)
@public_page
def index():
    """You asked — we did: proposed, planned and talked-about topics with what came of them."""
    listed = listing.public_topics(
        get_session(),
        family_id=_family_id(),
        browser_token=request.cookies.get(BROWSER_COOKIE),
    )
    by_status: dict[str, list] = {s: [] for s in rules.PUBLIC_STATUSES}
    for item in listed:
        by_status[item.topic.status].append(item)
    by_status["accepted"].sort(key=lambda x: -x.supports)
    return render_template(
        "topics/index.html", by_status=by_status, solved=solved_signals(get_session())
    )


def solved_signals(db: Session) -> list[tuple[object, int | str]]:
    """Solved signals for the public, each with its barrier count under the small-number rule."""
    threshold = threshold_from(current_app.config.get("REACH_THRESHOLD", 10))
    rounding = rounding_from(current_app.config.get("REACH_ROUNDING", 5))
    return [
        (signal, signal_rules.public_count(signal.barrier_count, threshold, rounding))
        for signal in signal_queries.solved_for_public(db)
    ]


def where_choices(db: Session, family_id: int | None, staff: bool) -> list[SelectChoice]:
    """Open meetings, each meeting series, and the groups the family is in (any, for staff)."""
    choices = [SelectChoice("open", _("The open meetings (any)"))]
    series = meetup_queries.series_titles(db)
    choices += [SelectChoice(f"s:{sid}", title) for sid, title in series]
    if staff:
        group_ids: set[int] | None = None
    else:
        group_ids = services.family_group_ids(db, family_id)
    if group_ids is None or group_ids:
        for gid, name in group_queries.running_groups(db, group_ids):
            choices.append(SelectChoice(f"g:{gid}", _("Pregnancy group: %(name)s", name=name)))
    return choices


def parse_where(value: str) -> tuple[str, int | None, int | None]:
    """('open'|'series'|'group', series id, group id) from the form's choice."""
    kind, _sep, number = (value or "open").partition(":")
    try:
        ident: int | None = typed.database_id(number)
    except ValueError:
        ident = None
    if kind == "s":
        return "series", ident, None
    if kind == "g":
        return "group", None, ident
    return "open", None, None


def _proposer(db: Session, card: str) -> int | None:
    """The family a staff member proposes for: by card code, else the logged-in family."""
    if current_user.is_family:
        return current_user.id
    if current_user.is_staff and card:
        family: Family = cards.family_for_scan(db, card)
        return family.id
    return None


@bp.route("/topics/propose", methods=["GET", "POST"])
@allow(EVERYONE)
@limiter.limit(propose_limit, methods=["POST"])
def propose():
    """Propose a topic: tap a picture, and/or write a few words in any language."""
    db = get_session()
    form = ProposeForm()
    form.where.choices = where_choices(db, _family_id(), current_user.is_staff)
    if form.validate_on_submit():
        audience, series_id, group_id = parse_where(form.where.data)
        try:
            staff_id = current_user.id if current_user.is_staff else None  # only staff scan
            with staff_scans(staff_id, form.card.data or ""), transaction() as db:
                made = services.propose(
                    db,
                    text=form.text.data or "",
                    theme=form.theme.data,
                    audience=audience,
                    series_id=series_id,
                    group_id=group_id,
                    language=current_language(),
                    family_id=_proposer(db, form.card.data or ""),
                    on_behalf_by_id=current_user.id if current_user.is_staff else None,
                )
        except DomainError as error:
            target = form.card if error.code.startswith("card") else form.text
            target.errors = [*target.errors, str(error.message)]
        else:
            flash(_("Thank you! We will look at your topic soon."))
            if made.receipt:
                flash(
                    _(
                        "Keep this page (add a bookmark): here you see what happens with "
                        "your topic. Only people with this link can see it."
                    )
                )
                return redirect(url_for(".receipt", token=made.receipt))
            if current_user.is_family:
                return redirect(url_for("families_portal.me"))
            return redirect(url_for(".propose"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "topics/propose.html", form=form, themes=rules.THEMES, on_behalf=current_user.is_staff
    ), status


@bp.get("/topics/<int:topic_id>")
@allow(EVERYONE)
@public_page
def show(topic_id: int):
    """One topic: the words, the picture, how many want to talk about it, and what came of it."""
    db = get_session()
    merged_into = services.merged_into(db, topic_id)
    if merged_into is not None:  # a duplicate: its supports count for the topic that was kept
        return redirect(url_for(".show", topic_id=merged_into))
    topic = services.visible_topic(db, topic_id, _family_id())
    listed = listing.with_counts(db, [topic], _family_id(), request.cookies.get(BROWSER_COOKIE))[0]
    return render_template("topics/show.html", item=listed, topic=topic)


@bp.post("/topics/<int:topic_id>/support")
@allow(EVERYONE)
@limiter.limit(support_limit)
def support(topic_id: int):
    """ "I want to talk about this too": counted once per family, or once per browser."""
    token = request.cookies.get(BROWSER_COOKIE) or services.new_token()
    try:
        with transaction() as db:
            counted = services.support(
                db,
                topic_id,
                family_id=_family_id(),
                browser_token=token,
                address_hash=address_key(topic_id),
            )
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        if counted:
            flash(_("Thank you! We counted you."))
        else:
            flash(_("You already said you want to talk about this. We counted you once."))
    target = request.form.get("back") == "list"
    response = redirect(
        url_for(".index") + f"#topic-{topic_id}" if target else url_for(".show", topic_id=topic_id)
    )
    return set_browser_cookie(response, token)


@bp.get("/topics/receipt/<token>")
@allow(EVERYONE)
def receipt(token: str):
    """The private page where someone who proposed without logging in follows their topic."""
    topic = services.topic_for_receipt(get_session(), token)
    kept = topic.merged_into if topic.status == "merged" else None
    return render_template("topics/receipt.html", topic=topic, kept=kept)


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """The family's own proposals, and its group's topics, on its own page."""
    listed = listing.family_topics(db, family.id)
    return "topics/_portal.html", {"listed": listed}


PORTAL_SECTIONS.append(portal_section)

from spelotheek.topics import privacy  # noqa: E402,F401  (data download)
from spelotheek.topics.views import manage  # noqa: E402,F401  (staff routes)
