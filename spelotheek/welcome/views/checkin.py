"""The three-picture check-in on the hosts' tablet or phone at the door, and its results.

Each tap is a plain form post (no JavaScript needed) that adds 1 to a counter; the step is in
the address, so nothing about the parent is kept between the three taps, not even a cookie.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from spelotheek.auth.access import allow
from spelotheek.auth.roles import DESK
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.meetups.timetable import get_occurrence, today
from spelotheek.welcome import checkin as service
from spelotheek.welcome import rules
from spelotheek.welcome.figures import ANSWER_LABELS, QUESTION_LABELS
from spelotheek.welcome.views import bp, parse_day

PICTURES = {"yes": "checkin-yes", "bit": "checkin-bit", "no": "checkin-no"}
QUESTION_PICTURES = {"welcome": "family", "follow": "language", "again": "calendar"}


def _step() -> int | None:
    """The question on screen (0–2), or None for the thank-you."""
    if request.args.get("done"):
        return None
    step = request.args.get("step", 0, type=int)
    return step if 0 <= step < len(rules.QUESTIONS) else 0


@bp.get("/meetups/<int:series_id>/<day>/checkin")
@allow(DESK)
def checkin(series_id: int, day: str):
    """One question with three big pictures, or the thank-you after the third."""
    original_day = parse_day(day)
    listed = service.checkin_date(get_session(), series_id, original_day, today())
    step = _step()
    return render_template(
        "welcome/checkin.html",
        item=listed,
        series=listed.series,
        step=step,
        question=None if step is None else rules.QUESTIONS[step],
        questions=QUESTION_LABELS,
        question_pictures=QUESTION_PICTURES,
        answers=[(a, ANSWER_LABELS[a], PICTURES[a]) for a in rules.ANSWERS],
        total=len(rules.QUESTIONS),
    )


@bp.post("/meetups/<int:series_id>/<day>/checkin")
@allow(DESK)
def checkin_tap(series_id: int, day: str):
    """One tap: count the answer and show the next question (or the thank-you)."""
    original_day = parse_day(day)
    # A date that does not exist is a 404 before the answer is looked at.
    get_occurrence(get_session(), series_id, original_day, today())
    question = request.form.get("question", "")
    step = rules.QUESTIONS.index(question) if question in rules.QUESTIONS else 0
    try:
        with transaction() as db:
            service.tap(
                db, series_id, original_day, question, request.form.get("answer", ""), today()
            )
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
        return redirect(url_for(".checkin", series_id=series_id, day=day, step=step))
    following = rules.next_step(step)
    if following is None:
        return redirect(url_for(".checkin", series_id=series_id, day=day, done=1))
    return redirect(url_for(".checkin", series_id=series_id, day=day, step=following))


@bp.get("/meetups/<int:series_id>/<day>/checkin/results")
@allow(DESK)
def checkin_results(series_id: int, day: str):
    """How many taps each answer got at this date (for hosts and staff)."""
    original_day = parse_day(day)
    db = get_session()
    listed = get_occurrence(db, series_id, original_day, today())
    tally = service.date_tally(db, series_id, original_day)
    return render_template(
        "welcome/checkin_results.html",
        item=listed,
        series=listed.series,
        tally=tally,
        questions=QUESTION_LABELS,
        answers=[(a, ANSWER_LABELS[a], PICTURES[a]) for a in rules.ANSWERS],
        pictures=PICTURES,
        taken=_("Not counted yet.") if not any(sum(t.values()) for t in tally.values()) else "",
    )
