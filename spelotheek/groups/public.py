"""Public group pages: the offer (what a group is, next starts, how to join) and the feed.

No participant data is shown here. The feed is found only by its secret token.
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.errors import DomainError
from spelotheek.extensions import limiter
from spelotheek.groups import feeds, retention, services
from spelotheek.groups.forms import JoinRequestForm
from spelotheek.groups.views import bp


def _offer(form: JoinRequestForm, status: int = 200):
    now = utcnow()
    groups = services.upcoming_offer(get_session(), now)
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
    """What a pregnancy group is, when the next ones start and how to join."""
    return _offer(JoinRequestForm())


@bp.post("/groups/offer")
@allow(EVERYONE)
@limiter.limit("10 per hour")
def join():
    """Leave a phone number (with consent) so that we call back about a group."""
    form = JoinRequestForm()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                retention.add_join_request(
                    db, form.phone.data, form.language.data or None, bool(form.consent.data)
                )
        except DomainError as error:
            form.consent.errors = [*form.consent.errors, str(error.message)]
        else:
            flash(_("Thank you. We will call you soon."))
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
