"""Perinatal groups: pages for facilitators and the coordinator (nobody else sees them).

Every page that shows participants writes an audit event. The public offer page, the private
calendar feed and the family's own pages are in `public.py` and `portal.py` on this blueprint.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from spelotheek.auth.access import allow
from spelotheek.auth.fresh import fresh_login_required
from spelotheek.auth.roles import COORDINATOR_ONLY, EVERYONE, GROUPS, Role
from spelotheek.confirm import confirm_first
from spelotheek.content_forms import fill_translations, translations_of
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families.cards import family_for_scan
from spelotheek.families.revoked import staff_scans
from spelotheek.groups import participants as group_participants
from spelotheek.groups import plans, rules, services
from spelotheek.groups.forms import (
    ATTENDANCE_LABELS,
    STATUS_LABELS,
    EditGroupForm,
    EnrolForm,
    NewGroupForm,
    SessionForm,
)
from spelotheek.templating import local

bp = Blueprint("groups", __name__)


def _is_coordinator() -> bool:
    return current_user.user.role == Role.COORDINATOR


def _fill_choices(form, db) -> None:
    form.location_id.choices = [(loc.id, loc.name) for loc in services.locations(db)]
    form.facilitator_ids.choices = [(u.id, u.name) for u in services.facilitators(db)]


def _due_choices(group) -> list[tuple[str, str]]:
    return [
        (m.strftime("%Y-%m"), format_date(m, "LLLL y"))
        for m in rules.month_choices(group.due_from, group.due_to)
    ]


@bp.get("/groups")
@allow(EVERYONE)
def index():
    """The groups this person leads (the coordinator: every group); for everyone else the
    public offer, not a staff login (a poster or a midwife may give out /groups)."""
    if current_user.principal not in GROUPS:
        return redirect(url_for(".offer"))
    groups = services.visible_groups(get_session(), current_user.user)
    return render_template(
        "groups/index.html",
        groups=groups,
        now=utcnow(),
        statuses=STATUS_LABELS,
        is_coordinator=_is_coordinator(),
    )


@bp.route("/groups/new", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def create():
    """Start a new group: details, facilitators and a session plan from a template."""
    with transaction() as db:
        plans.ensure_default_templates(db)
    db = get_session()
    form = NewGroupForm()
    _fill_choices(form, db)
    form.template_id.choices = [(t.id, t.name) for t in plans.templates(db)]
    if form.validate_on_submit():
        try:
            with transaction() as db:
                group = services.create_group(
                    db,
                    current_user.id,
                    form.group_fields(),
                    form.facilitator_ids.data or [],
                    form.template_id.data,
                    form.first_day.data,
                    form.start.data,
                    form.room.data or "",
                )
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The group is made, with its session plan."))
            return redirect(url_for(".show", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None)


@bp.get("/groups/<int:group_id>")
@allow(GROUPS)
@fresh_login_required
def show(group_id: int):
    """A group: its sessions, who to reach out to, and the numbers."""
    now = utcnow()
    with transaction() as db:
        group = services.get_group(db, current_user.user, group_id)
        reach_out = group_participants.reach_out_list(group, now)
        services.participants_viewed(db, group, current_user.id, "group page")
    return render_template(
        "groups/show.html",
        group=group,
        now=now,
        reach_out=reach_out,
        active=group_participants.active_enrolments(group),
        statuses=STATUS_LABELS,
        next_session=services.next_session(group, now),
        is_coordinator=_is_coordinator(),
    )


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@allow(GROUPS)
def edit(group_id: int):
    """Change a group's details or status (the coordinator also its facilitators)."""
    db = get_session()
    group = services.get_group(db, current_user.user, group_id)
    form = EditGroupForm(obj=group)
    _fill_choices(form, db)
    if not form.is_submitted():
        form.languages.data = group.language_codes
        form.facilitator_ids.data = [f.id for f in group.facilitators]
    if not _is_coordinator():
        del form.facilitator_ids
    if form.validate_on_submit():
        fields = form.group_fields()
        fields["status"] = form.status.data
        ids = form.facilitator_ids.data or [] if _is_coordinator() else None
        try:
            with transaction() as db:
                group = services.get_group(db, current_user.user, group_id)
                services.update_group(
                    db, current_user.id, group, fields, local(utcnow()).date(), ids
                )
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Saved."))
            return redirect(url_for(".show", group_id=group_id))
    return render_template("groups/form.html", form=form, group=group)


@bp.get("/groups/<int:group_id>/participants")
@allow(GROUPS)
@fresh_login_required
def participants(group_id: int):
    """Who is in the group, with consent and due month (every view is audited)."""
    with transaction() as db:
        group = services.get_group(db, current_user.user, group_id)
        services.participants_viewed(db, group, current_user.id, "participants")
    return render_template(
        "groups/participants.html",
        group=group,
        active=group_participants.active_enrolments(group),
        withdrawn=sum(1 for e in group.enrolments if e.withdrawn_at is not None),
    )


@bp.route("/groups/<int:group_id>/enrol", methods=["GET", "POST"])
@allow(GROUPS)
def enrol(group_id: int):
    """Enrol an expectant parent with the family card and explicit consent."""
    db = get_session()
    group = services.get_group(db, current_user.user, group_id)
    form = EnrolForm()
    form.due.choices = _due_choices(group)
    if form.validate_on_submit():
        year, month = form.due_month()
        try:
            card = form.card.data or ""
            with staff_scans(current_user.id, card), transaction() as db:
                group = services.get_group(db, current_user.user, group_id)
                family = family_for_scan(db, card)
                _enrolment, over = group_participants.enrol(
                    db,
                    current_user.id,
                    group,
                    family,
                    due_year=year,
                    due_month=month,
                    consent=bool(form.consent.data),
                    now=utcnow(),
                    with_partner=bool(form.with_partner.data),
                    share_name=bool(form.share_name.data),
                    contact_ok=bool(form.contact_ok.data),
                )
        except DomainError as error:
            target = form.consent if error.code == "enrolment_refused" else form.card
            target.errors = [*target.errors, str(error.message)]
        else:
            flash(_("Enrolled. Welcome to the group!"))
            if over:
                flash(
                    _(
                        "The group now has more people than places. "
                        "That is allowed; check the room."
                    ),
                    "warning",
                )
            return redirect(url_for(".participants", group_id=group_id))
    return render_template("groups/enrol.html", form=form, group=group), (
        400 if form.is_submitted() else 200
    )


@bp.post("/groups/<int:group_id>/enrolments/<int:enrolment_id>/withdraw")
@allow(GROUPS)
@confirm_first(
    _l("Stop taking part?"),
    _l(
        "The person's name, due month and attendance are removed from the group at once. Only "
        "an anonymous count stays. This cannot be undone."
    ),
    _l("Yes, stop (consent withdrawn)"),
)
def withdraw(group_id: int, enrolment_id: int):
    """The parent stops: consent is withdrawn and the name leaves the group at once."""
    with transaction() as db:
        group = services.get_group(db, current_user.user, group_id)
        enrolment = group_participants.get_enrolment_of(group, enrolment_id)
        group_participants.withdraw(db, enrolment, utcnow(), actor_id=current_user.id)
    flash(_("Done. The name is removed from the group."))
    return redirect(url_for(".participants", group_id=group_id))


@bp.route("/groups/<int:group_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@allow(GROUPS)
def session(group_id: int, session_id: int):
    """Change one session (date, time, room, theme, interpreter, notes)."""
    db = get_session()
    group = services.get_group(db, current_user.user, group_id)
    group_session = services.get_session_of(group, session_id)
    starts = local(group_session.starts_at)
    form = SessionForm(obj=group_session, day=starts.date(), start=starts.time())
    if not form.is_submitted():
        fill_translations(form, group_session, ["theme"])
    if form.validate_on_submit():
        with transaction() as db:
            group = services.get_group(db, current_user.user, group_id)
            services.update_session(
                db,
                current_user.id,
                group,
                services.get_session_of(group, session_id),
                form.day.data,
                form.start.data,
                {
                    "room": form.room.data or "",
                    "theme": form.theme.data or "",
                    "theme_texts": translations_of(form, "theme") if form.theme.data else None,
                    "interpreter_needed": bool(form.interpreter_needed.data),
                    "notes": form.notes.data or "",
                    "duration_minutes": form.duration_minutes.data,
                },
            )
        flash(_("Saved."))
        return redirect(url_for(".show", group_id=group_id))
    return render_template("groups/session.html", form=form, group=group, item=group_session)


@bp.route("/groups/<int:group_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@allow(GROUPS)
@fresh_login_required
def attendance(group_id: int, session_id: int):
    """Who came to a session (present / did not come / let us know) and partners."""
    services.get_session_of(
        services.get_group(get_session(), current_user.user, group_id), session_id
    )
    form = FlaskForm()  # only the CSRF token: the marks are radio buttons per participant
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("The form was too old. Please try again."), "error")
            return redirect(url_for(".attendance", group_id=group_id, session_id=session_id))
        try:
            with transaction() as db:
                group = services.get_group(db, current_user.user, group_id)
                item = services.get_session_of(group, session_id)
                marks = {}
                for enrolment in group_participants.active_enrolments(group):
                    if enrolment.first_position > item.position:
                        continue
                    value = request.form.get(f"status-{enrolment.id}", "")
                    partner = request.form.get(f"partner-{enrolment.id}") == "y"
                    marks[enrolment.id] = (value or None, partner)
                group_participants.record_attendance(
                    db, current_user.id, group, item, marks, today=local(utcnow()).date()
                )
        except rules.AttendanceRefused as refused:
            flash(str(refused.message), "error")
            return redirect(url_for(".attendance", group_id=group_id, session_id=session_id))
        flash(_("Attendance saved."))
        return redirect(url_for(".show", group_id=group_id))
    with transaction() as db:
        group = services.get_group(db, current_user.user, group_id)
        item = services.get_session_of(group, session_id)
        services.participants_viewed(db, group, current_user.id, f"attendance {item.id}")
    recorded = {a.enrolment_id: a for a in item.attendance}
    return render_template(
        "groups/attendance.html",
        group=group,
        item=item,
        marks=recorded,
        labels=ATTENDANCE_LABELS,
        not_yet=services.session_day(item) > local(utcnow()).date(),
        participants=[
            e
            for e in group_participants.active_enrolments(group)
            if e.first_position <= item.position
        ],
    )


from spelotheek.groups import privacy, reminders  # noqa: E402, F401  (hooks, the job)
from spelotheek.groups.views import admin, portal, public, referrals  # noqa: E402, F401  (routes)
