"""Public group pages: the offer (what a group is, next starts, how to join) and the feed.

No participant data is shown here. The feed is found only by its secret token.
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.extensions import limiter
from spelotheek.groups import feeds, retention, rules, services, signup
from spelotheek.groups.forms import CALL_ME, SignUpForm
from spelotheek.groups.views import bp
from spelotheek.phones import PhoneRefused, show_phone
from spelotheek.templating import local


@bp.app_template_filter("phone")
def phone_filter(number: str | None) -> str:
    """A stored phone number as people write it (older free-text numbers as they are)."""
    if not number:
        return ""
    try:
        return show_phone(number)
    except Exception:  # noqa: BLE001  (a number stored before numbers were normalised)
        return number


def _group_label(group) -> str:
    first, last = group.due_from, group.due_to
    where = group.location.name
    return _(
        "Babies due %(from)s – %(to)s, %(place)s",
        **{"from": format_date(first, "LLLL y"), "to": format_date(last, "LLLL y"), "place": where},
    )


def _fill(form: SignUpForm, groups) -> None:
    form.group.choices = [(str(g.id), _group_label(g)) for g in groups] + [
        (CALL_ME, _("I am not sure which group: please call me"))
    ]
    today = local(utcnow()).date()
    months = rules.month_choices(rules.first_of_month(today), rules.add_months(today, 9), 0)
    form.due.choices = [("", _("I don't know yet / I'd rather not say"))] + [
        (m.strftime("%Y-%m"), format_date(m, "LLLL y")) for m in months
    ]


def _offer(form: SignUpForm | None = None, status: int = 200):
    now = utcnow()
    groups = services.upcoming_offer(get_session(), now)
    if form is None:
        form = SignUpForm(formdata=None)
    _fill(form, groups)
    return render_template(
        "groups/offer.html",
        groups=groups,
        form=form,
        now=now,
        first_sessions={g.id: services.next_session(g, now) for g in groups},
    ), status


@bp.get("/groups/offer")
@allow(EVERYONE)
@public_page
def offer():
    """What a pregnancy group is, when the next ones start and how to join (no card needed)."""
    return _offer()


@bp.post("/groups/offer")
@allow(EVERYONE)
@limiter.limit("10 per hour")
def join():
    """Sign up for a group with a first name and a phone (with consent), or ask to be called."""
    form = SignUpForm()
    _fill(form, services.upcoming_offer(get_session(), utcnow()))
    if form.validate_on_submit():
        try:
            with transaction() as db:
                if form.group.data == CALL_ME:
                    retention.add_join_request(
                        db, form.phone.data, form.language.data or None, bool(form.consent.data)
                    )
                else:
                    group = services.open_group(db, int(form.group.data), utcnow())
                    signup.sign_up(
                        db,
                        group,
                        first_name=form.first_name.data or "",
                        phone=form.phone.data or "",
                        consent=bool(form.consent.data),
                        now=utcnow(),
                        language=form.language.data or None,
                        due=form.due_month(),
                        contact_ok=bool(form.contact_ok.data),
                    )
        except PhoneRefused as error:
            form.phone.errors = [*form.phone.errors, str(error.message)]
        except DomainError as error:
            form.consent.errors = [*form.consent.errors, str(error.message)]
        else:
            if form.group.data == CALL_ME:
                flash(_("Thank you. We will call you soon."))
            else:
                flash(_("Thank you! You are in the group. The midwife will call you."))
            return redirect(url_for(".offer"))
    return _offer(form, 400)


@bp.get("/groups/feed/<token>.ics")
@allow(EVERYONE)
def feed(token: str):
    """A participant's private calendar (revoked or unknown links answer 404)."""
    enrolment = feeds.enrolment_for_feed(get_session(), token[:100])
    language = (enrolment.family.language if enrolment.family else None) or "nl"
    body = feeds.calendar(enrolment, utcnow(), language)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"},
    )
