"""Staff pages for topics: the moderation queue, one topic's steps (accept, summary, merge,
decline, plan, report back, mark as a signal of the network's signals bundle)."""

from __future__ import annotations

from datetime import date, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek import csvfile
from spelotheek.auth.access import allow
from spelotheek.auth.roles import OFFICE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.forms import flash_errors
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.signals import queries as signal_queries
from spelotheek.topics import listing, moderation, planning, rules, services, signals
from spelotheek.topics.forms import (
    DeclineForm,
    MarkSignalForm,
    MergeForm,
    PlanForm,
    ReportForm,
    SummaryForm,
)
from spelotheek.topics.views import bp


def today() -> date:
    """Today in Brussels."""
    return datetime.now(BRUSSELS).date()


def _back(topic_id: int):
    return redirect(url_for(".manage", topic_id=topic_id))


@bp.get("/topics/moderate")
@allow(OFFICE)
def moderate():
    """Topics to look at (new ones first), and every other status one click away."""
    status = request.args.get("status", "new")
    status = status if status in rules.STATUSES or status == "all" else "new"
    db = get_session()
    return render_template(
        "topics/moderate.html",
        listed=listing.moderation_list(db, None if status == "all" else status),
        counts=listing.status_counts(db),
        status=status,
    )


def _slot_choices(topic) -> list[SelectChoice]:
    found = planning.slots(get_session(), topic, today())
    return [
        SelectChoice(s.value, f"{format_date(s.day, 'EEE d MMM y')} · {s.label}") for s in found
    ]


@bp.get("/topics/<int:topic_id>/manage")
@allow(OFFICE)
def manage(topic_id: int):
    """One topic with every step staff can take."""
    db = get_session()
    topic = services.get_topic(db, topic_id)
    item = listing.with_counts(db, [topic])[0]
    plan_form = PlanForm(prefix="plan")
    if topic.status in ("accepted", "planned"):
        plan_form.slot.choices = _slot_choices(topic)
        plan_form.theme.data = topic.planned_theme or rules.theme_text(
            topic.summary, topic.text, topic_label(topic)
        )
    mark_form = MarkSignalForm(prefix="signal")
    mark_form.signal_id.choices = [SelectChoice(0, _("A new signal"))] + [
        SelectChoice(s.id, s.title) for s in signal_queries.signals(db)
    ]
    report_form = ReportForm(prefix="report")
    report_form.talked.data = topic.note_talked
    report_form.found.data = topic.note_found
    report_form.next_steps.data = topic.note_next
    summary_form = SummaryForm(prefix="summary")
    summary_form.summary.data = topic.summary
    return render_template(
        "topics/manage.html",
        topic=topic,
        item=item,
        decline_form=DeclineForm(prefix="decline"),
        merge_form=MergeForm(prefix="merge"),
        summary_form=summary_form,
        plan_form=plan_form,
        report_form=report_form,
        mark_form=mark_form,
    )


def topic_label(topic) -> str:
    """The picture's name in Dutch-or-current language, for a theme with no words."""
    return str(rules.THEME_LABELS.get(topic.theme or "", ""))


def _step(topic_id: int, action, done: str):
    """Run one staff step in one transaction; a refusal is shown, nothing is half-saved."""
    try:
        with transaction() as db:
            topic = services.get_topic(db, topic_id)
            action(db, topic)
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(done)
    return _back(topic_id)


@bp.post("/topics/<int:topic_id>/accept")
@allow(OFFICE)
def accept(topic_id: int):
    """Accept: the topic becomes public."""
    return _step(
        topic_id,
        lambda db, t: moderation.accept(db, current_user.id, t, utcnow()),
        _("Accepted. The topic is now on the public page."),
    )


@bp.post("/topics/<int:topic_id>/decline")
@allow(OFFICE)
def decline(topic_id: int):
    """Decline with a reason the proposer sees."""
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(topic_id)
    return _step(
        topic_id,
        lambda db, t: moderation.decline(db, current_user.id, t, form.reason.data, utcnow()),
        _("Declined. The person who proposed it can read your reason."),
    )


@bp.post("/topics/<int:topic_id>/merge")
@allow(OFFICE)
def merge(topic_id: int):
    """Join a duplicate with the topic that is kept."""
    form = MergeForm(prefix="merge")
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(topic_id)
    return _step(
        topic_id,
        lambda db, t: moderation.merge(db, current_user.id, t, form.kept_id.data, utcnow()),
        _("Joined. Its supports now count for the topic that is kept."),
    )


@bp.post("/topics/<int:topic_id>/summary")
@allow(OFFICE)
def summary(topic_id: int):
    """Add or change the Dutch summary."""
    form = SummaryForm(prefix="summary")
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(topic_id)
    return _step(
        topic_id,
        lambda db, t: moderation.set_summary(db, current_user.id, t, form.summary.data, utcnow()),
        _("Saved."),
    )


@bp.post("/topics/<int:topic_id>/plan")
@allow(OFFICE)
def plan(topic_id: int):
    """Plan into a coming meetup date or group session (its theme of the day)."""
    form = PlanForm(prefix="plan")
    form.slot.choices = _slot_choices(services.get_topic(get_session(), topic_id))
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(topic_id)
    return _step(
        topic_id,
        lambda db, t: planning.plan(
            db, current_user.id, t, form.slot.data, form.theme.data or "", today(), utcnow()
        ),
        _("Planned. The date now shows it as its theme."),
    )


@bp.post("/topics/<int:topic_id>/unplan")
@allow(OFFICE)
def unplan(topic_id: int):
    """Take a plan back."""
    return _step(
        topic_id,
        lambda db, t: planning.unplan(db, current_user.id, t, utcnow()),
        _("The plan is taken back."),
    )


@bp.post("/topics/<int:topic_id>/report")
@allow(OFFICE)
def report(topic_id: int):
    """Write what came of it: the topic is talked about."""
    form = ReportForm(prefix="report")
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(topic_id)
    return _step(
        topic_id,
        lambda db, t: planning.report(
            db,
            current_user.id,
            t,
            form.talked.data or "",
            form.found.data or "",
            form.next_steps.data or "",
            utcnow(),
        ),
        _("Saved. Everyone can now read what came of it."),
    )


@bp.post("/topics/<int:topic_id>/signal")
@allow(OFFICE)
def mark_signal(topic_id: int):
    """Mark the topic as a signal for the network meeting."""
    form = MarkSignalForm(prefix="signal")
    form.signal_id.choices = [SelectChoice(0, "")] + [
        SelectChoice(s.id, s.title) for s in signal_queries.signals(get_session())
    ]
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(topic_id)
    return _step(
        topic_id,
        lambda db, t: signals.mark_topic(
            db, current_user.id, t, utcnow(), form.signal_id.data or None, form.title.data or ""
        ),
        _("Marked as a signal."),
    )


@bp.get("/topics/export.csv")
@allow(OFFICE)
def export_topics():
    """Every topic as CSV (no names: words, picture, status, supports, what came of it)."""
    db = get_session()
    listed = listing.moderation_list(db, None, limit=5000)
    header = (
        "id", "status", "theme", "text", "summary", "supports", "planned_on", "talked", "found",
        "next",
    )  # fmt: skip
    rows = (
        (
            item.topic.id,
            item.topic.status,
            item.topic.theme or "",
            item.topic.text,
            item.topic.summary,
            item.supports,
            item.topic.planned_day.isoformat() if item.topic.planned_day else "",
            item.topic.note_talked,
            item.topic.note_found,
            item.topic.note_next,
        )
        for item in listed
    )
    return csvfile.response([header, *rows], "topics.csv")
