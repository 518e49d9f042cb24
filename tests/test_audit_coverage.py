"""Every service that writes leaves an audit row with its actor (issue 22, item 4).

Two checks. The first reads the code: every public function that takes the session and an
acting staff member (`actor_id` / `staff_id`) must use it and must reach an audit call, itself
or through the functions it calls; every other public function that writes must be named
below, with why it has no staff actor. A new writing service that forgets its audit, or a new
writer nobody has thought about, fails here. The second runs the services that used to take an
actor and ignore it, and finds the audit row with that actor.
"""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent

PACKAGE = Path(__file__).resolve().parent.parent / "spelotheek"
ACTOR_PARAMETERS = {"actor_id", "staff_id"}
# `event` builds the row's INSERT for a service that sends it with its other writes (the desk's
# lend and return, db.write_together); the tests of those services see the rows written.
AUDIT_CALLS = {"record", "record_by_staff_or_family", "event"}
WRITES = ("session.add", "session.delete", ".flush()", "insert(", "update(", "delete(")

# Take an actor but write nothing of their own (the caller's service audits).
READS_ONLY = {
    "loans/csvio.py:import_rows",  # calls catalogue.save_toy / add_items, which audit
}

# Public functions that write without a staff member acting, and why.
NO_STAFF_ACTOR = {
    # scheduled jobs and the command line: the actor is the system
    "auth/throttle.py:begin": "login tries, before anyone is known",
    "auth/throttle.py:settle": "login tries, before anyone is known",
    "auth/throttle.py:forget": "login tries, before anyone is known",
    "auth/throttle.py:purge_old_tries": "scheduled clean-up",
    "jobs/runs.py:claim": "a job run's own record (no personal data)",
    "jobs/runs.py:finish": "a job run's own record (no personal data)",
    "jobs/runs.py:release": "a job run's own record (no personal data)",
    "jobs/runs.py:purge_old_runs": "scheduled clean-up",
    "jobs/work.py:send_reminders": "scheduled job (each sender records its own)",
    "jobs/work.py:sweep_messages": "scheduled job",
    "jobs/work.py:purge_expired": "scheduled retention job (each purger records its own)",
    "jobs/work.py:refresh_reach": "scheduled job: counts only, no family",
    "families/retention.py:purge_inactive_families": "scheduled retention job",
    "families/retention.py:purge_old_audit_events": "scheduled retention job",
    "groups/retention.py:purge": "scheduled retention job (audited as system)",
    "loans/holds.py:expire_holds": "scheduled job",
    "places/entrance.py:record_found": "`spelotheek storage copy-local`: names already there",
    "loans/reminders.py:send_reminders": "scheduled job",
    "meetups/reminders.py:send_day_before": "scheduled job",
    "loans/privacy.py:anonymise_old_loans": "scheduled retention job",
    "reach/snapshots.py:keep": "a cache of computed figures",
    "reach/snapshots.py:forget": "a cache of computed figures",
    "reach/snapshots.py:forget_all": "a cache of computed figures",
    "demo.py:load_demo": "demo data",
    "groups/demo.py:load": "demo data",
    "loans/demo.py:load": "demo data",
    "meetups/demo.py:load": "demo data",
    "network/demo.py:load": "demo data",
    "reach/demo.py:load": "demo data",
    "topics/demo.py:load": "demo data",
    "network/history.py:record_change": "the directory's own history, part of an audited change",
    # parts of an audited operation: the service that calls them audits
    "audit/__init__.py:record": "is the audit",
    "families/cards.py:issue_card": "part of create_family or reissue_card (audited there)",
    "meetups/dates.py:row_for": "the row of a date, made by an audited change",
    "meetups/notices.py:notices_for": "marks families told, part of an audited cancellation",
    "loans/holds.py:make_available": "part of a return or state change (audited there)",
    "loans/itemstates.py:still_missing": "part of a return or found report (audited there)",
    "groups/plans.py:ensure_default_templates": "the built-in templates, made on first use",
    "groups/privacy.py:unlink_enrolments": "part of erase_family (audited there)",
    "loans/privacy.py:unlink_loans": "part of erase_family (audited there)",
    "meetups/privacy.py:forget_meetups": "part of erase_family (audited there)",
    "reach/services.py:erase_profile": "part of erase_family (audited there)",
    "network/kept.py:forget_kept_rights": "part of erase_family (audited there)",
    # a family acting for itself (audited as the family where it matters)
    "reach/services.py:save_profile": "family or staff: audited with staff_id",
    "topics/services.py:propose": "family, anonymous or staff on behalf: audited",
    "topics/services.py:support": "a family's support: counted, no personal trace",
    "meetups/attendance.py:toggle_interest": "a family's 'probably coming'",
    "groups/feeds.py:new_feed_token": "a family's own calendar link",
    "groups/feeds.py:revoke_feed": "a family's own calendar link",
    "groups/retention.py:add_join_request": "a visitor asks to join",
    "auth/twofactor.py:enable": "a user's own second factor (audited)",
    "auth/twofactor.py:verify": "a user's own second factor (audited)",
    "auth/services.py:change_password": "a user's own password (audited)",
    # handovers: the family decides for itself; jobs and data rights act for the system
    "handovers/services.py:approve": "the family's own yes (audited as the family)",
    "handovers/services.py:change": "the family's own change (audited as the family)",
    "handovers/services.py:refuse": "the family's own no (audited as the family)",
    "handovers/services.py:withdraw": "the family takes its yes back (audited as the family)",
    "handovers/services.py:expire_waiting": "scheduled job",
    "handovers/notices.py:flag_silent_partners": "scheduled job",
    "handovers/notices.py:expire_waiting_job": "scheduled job",
    "handovers/privacy.py:forget_handovers": "part of erase_family (audited there)",
    "handovers/privacy.py:purge_closed_handovers": "scheduled retention job",
    "handovers/demo.py:load": "demo data",
    # invitation channels: anonymous numbers, nobody's trace
    "channels/services.py:count_scan": "a card scanned by an anonymous visitor: a day's number",
    "channels/services.py:count_new_family": "a month's number, part of create_family (audited)",
    "channels/demo.py:load": "demo data",
    "messages/demo.py:load": "demo data",
    "welcome/demo.py:load": "demo data",
    # welcome and interpreters (issue 21): families and newcomers act for themselves
    "welcome/buddies.py:offer": "a family's own buddy offer",
    "welcome/buddies.py:stop": "a family takes its own buddy offer back",
    "welcome/buddies.py:ask": "an anonymous newcomer's request (no personal trace)",
    "welcome/buddies.py:purge_requests": "scheduled retention job",
    "welcome/checkin.py:tap": "an anonymous check-in tap: a counter, no trace of anyone",
    "welcome/privacy.py:forget_buddy": "part of erase_family (audited there)",
    "interpreters/services.py:purge": "scheduled retention job",
    # phone login (issue 21): before anyone is known, or the family acting for itself
    "families/loginlinks.py:send_link": "a visitor asks for a text (audited as the family)",
    "families/loginlinks.py:use_link": "the family logs in (audited as the family)",
    "families/loginlinks.py:purge_old_links": "scheduled clean-up",
    "families/phonesessions.py:add_device": "the family's own login (audited as the family)",
    "families/phonesessions.py:end_device": "the family ends its own phone (audited)",
    "families/phonesessions.py:forget_device": "a phone logs itself out",
    "families/phonesessions.py:purge_expired_devices": "scheduled clean-up",
    # short messages: queued by features' jobs, sent by the queue, reported by the provider
    "messages/services.py:queue_message": "part of a feature's job or audited change",
    "messages/occasions.py:queue_for": "part of a feature's job or audited change",
    "messages/services.py:set_channels": "part of choose (audited there)",
    "messages/sending.py:send_one": "the queue's job (status of a message, no personal data)",
    "messages/outbox.py:send_due": "scheduled job",
    "messages/reports.py:record_report": "the provider's delivery report",
    "messages/reports.py:stop_number": "a family's STOP (audited as the family)",
    "messages/privacy.py:forget_messages": "part of erase_family (audited there)",
    "messages/privacy.py:purge_old_messages": "scheduled retention job",
}


def _modules() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(PACKAGE)): ast.parse(path.read_text())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


MODULES = _modules()


def _functions() -> dict[tuple[str, str], ast.FunctionDef]:
    return {
        (module, node.name): node
        for module, tree in MODULES.items()
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


FUNCTIONS = _functions()


def _imports(module: str) -> dict[str, str]:
    """Names this module imports from spelotheek: the alias -> the module's file."""
    found: dict[str, str] = {}
    for node in MODULES[module].body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("spelotheek"):
            base = node.module.removeprefix("spelotheek").strip(".").replace(".", "/")
            for alias in node.names:
                named = f"{base}/{alias.name}".strip("/")  # `from spelotheek.x import module`
                candidates = (f"{named}.py", f"{named}/__init__.py", f"{base}.py")
                fallback = f"{base}/__init__.py".lstrip("/")  # a name from a package
                target = next((c for c in candidates if c in MODULES), fallback)
                found[alias.asname or alias.name] = target
    return found


def _callees(module: str, node: ast.FunctionDef) -> set[tuple[str, str]]:
    """The spelotheek functions this function calls, resolved by name."""
    imports = _imports(module)
    callees = set()
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if isinstance(func, ast.Name):
            target = (imports.get(func.id, module), func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            target = (imports.get(func.value.id, ""), func.attr)
        else:
            continue
        if target in FUNCTIONS:
            callees.add(target)
    return callees


def _reaches_audit(module: str, name: str, seen: set | None = None) -> bool:
    seen = set() if seen is None else seen
    if (module, name) in seen:
        return False
    seen.add((module, name))
    node = FUNCTIONS[(module, name)]
    if module == "audit/__init__.py" and name in AUDIT_CALLS:
        return True
    return any(_reaches_audit(*callee, seen) for callee in _callees(module, node))


def _parameters(node: ast.FunctionDef) -> list[str]:
    return [a.arg for a in node.args.args + node.args.kwonlyargs]


def _services() -> list[tuple[str, str, ast.FunctionDef]]:
    """Public functions that take the session (services and their helpers)."""
    return [
        (module, name, node)
        for (module, name), node in FUNCTIONS.items()
        if not name.startswith("_") and _parameters(node)[:1] in (["session"], ["db"])
    ]


def test_services_with_an_actor_use_it_and_reach_an_audit_call() -> None:
    forgot, ignored = [], []
    for module, name, node in _services():
        actors = ACTOR_PARAMETERS & set(_parameters(node))
        if not actors or f"{module}:{name}" in READS_ONLY:
            continue
        used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if not actors & used:
            ignored.append(f"{module}:{name}")
        if not _reaches_audit(module, name):
            forgot.append(f"{module}:{name}")
    assert ignored == [], "these services accept an actor and ignore it"
    assert forgot == [], "these services take an actor but write no audit row"


def test_every_other_writing_service_says_why_it_has_no_staff_actor() -> None:
    unexplained = sorted(
        f"{module}:{name}"
        for module, name, node in _services()
        if not ACTOR_PARAMETERS & set(_parameters(node))
        and any(w in ast.unparse(node) for w in WRITES)
        and f"{module}:{name}" not in NO_STAFF_ACTOR
    )
    assert unexplained == [], "audit these with their actor, or say here why they have none"


def test_the_lists_name_only_functions_that_exist() -> None:
    named = {f"{module}:{name}" for module, name, _node in _services()}
    assert set(NO_STAFF_ACTOR) | READS_ONLY <= named


DEC5 = date(2026, 12, 5)
NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


def _meetup_cases():
    from spelotheek.meetups import attendance, closures, dates, services
    from tests.factories import make_family

    def restore(db, actor, series):
        dates.cancel_date(db, None, series.id, DEC5, "Host ill")
        dates.restore_date(db, actor, series.id, DEC5)

    def reopen(db, actor, series):
        closure, _notices = closures.close_period(db, None, None, DEC5, DEC5, "Holiday")
        closures.reopen_period(db, actor, closure.id)

    def scan(db, actor, series):
        _family, code = make_family(db)
        attendance.scan_card(db, actor, series.id, DEC5, code, False, DEC5)

    return {
        "restore_date": restore,
        "pause": lambda db, actor, series: services.pause(db, actor, series, DEC5),
        "resume": lambda db, actor, series: services.resume(db, actor, series),
        "reopen_period": reopen,
        "tap": lambda db, actor, series: attendance.tap(
            db, actor, series.id, DEC5, "adults", 1, DEC5
        ),
        "scan_card": scan,
    }


MEETUP_CASES = _meetup_cases()


def _actions_by(db, actor_id: int) -> list[str]:
    return db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == actor_id)).all()


@pytest.mark.parametrize("case", sorted(MEETUP_CASES))
def test_meetup_services_that_ignored_their_actor_audit_it(db, case) -> None:
    from tests.factories import make_user
    from tests.meetups.conftest import make_series

    staff = make_user(db, role="staff")
    series = make_series(db)
    before = _actions_by(db, staff.id)
    MEETUP_CASES[case](db, staff.id, series)
    assert len(_actions_by(db, staff.id)) == len(before) + 1


def test_counting_a_signal_again_is_audited_with_its_actor(db) -> None:
    from spelotheek.signals import services as signals
    from tests.factories import make_user

    staff = make_user(db, role="staff")
    signal = signals.create_signal(db, None, "Waarborg bij kinderopvang", NOW.date(), NOW)
    signals.count_again(db, staff.id, signal, NOW)
    assert _actions_by(db, staff.id) == ["signal_counted"]


def test_undoing_a_lend_at_the_desk_is_audited_with_its_actor(db) -> None:
    from spelotheek.loans import desk, undo
    from tests.factories import make_family, make_user
    from tests.loans.factories import item_of, make_location, make_toy

    volunteer = make_user(db, role="volunteer")
    family, _code = make_family(db)
    item = item_of(make_toy(db, location=make_location(db)))
    desk.scan(db, volunteer.id, item.label, family.id, NOW)
    undo.undo_last(db, volunteer.id, NOW + timedelta(seconds=30), family.id)
    assert _actions_by(db, volunteer.id) == ["loan_made", "lend_undone"]


# Personal data the cases below type in: none of it may reach an audit row's detail.
PERSONAL = (
    "Noor Peeters",
    "noor.peeters@example.org",
    "Marie's phone",
    "Amira B.",
    "0470 99 88 77",
)


def _account_and_family_cases():
    """Service -> (run it: returns the subject's id, action, detail pattern, who None means)."""
    from spelotheek.auth import services as accounts
    from spelotheek.families import cards
    from spelotheek.families import services as families

    def create_user(db, actor, user, family):
        new = accounts.create_user(
            db, actor, PERSONAL[1], PERSONAL[0], "volunteer", "long enough pw"
        )
        return new.id

    def create_api_token(db, actor, user, family):
        accounts.create_api_token(db, actor, user, PERSONAL[2])
        return user.id

    def revoke_api_token(db, actor, user, family):
        accounts.create_api_token(db, None, user, PERSONAL[2])
        assert accounts.revoke_api_token(db, actor, user.tokens[0].id, NOW)
        return user.id

    def update_family(db, actor, user, family):
        fields = {"display_name": PERSONAL[3], "phone": PERSONAL[4], "language": family.language}
        families.update_family(db, actor, family, fields)
        return family.id

    def unlink_library_card(db, actor, user, family):
        cards.link_library_card(db, None, family, "200012345678")
        cards.link_library_card(db, actor, family, "")
        return family.id

    def remove_child(db, actor, user, family):
        child = families.add_child(db, None, family, 2024, 3)
        families.remove_child(db, actor, family, child.id)
        return family.id

    def on_user(act):
        def run(db, actor, user, family):
            act(db, actor, user)
            return user.id

        return run

    def on_family(act):
        def run(db, actor, user, family):
            act(db, actor, family)
            return family.id

        return run

    return {
        "create_user": (create_user, "account_created", "volunteer", "system"),
        "create_api_token": (create_api_token, "api_token_created", r"token \d+", "system"),
        "revoke_api_token": (revoke_api_token, "api_token_revoked", r"token \d+", "system"),
        "set_active": (
            on_user(lambda db, actor, user: accounts.set_active(db, actor, user, False)),
            "account_deactivated",
            "",
            "system",
        ),
        "change_role": (
            on_user(lambda db, actor, user: accounts.change_role(db, actor, user, "staff")),
            "role_changed",
            "volunteer->staff",
            "system",
        ),
        "update_family": (update_family, "family_updated", "display_name,phone", "family"),
        "link_library_card": (
            on_family(
                lambda db, actor, family: cards.link_library_card(
                    db, actor, family, "2 0001 2345 6789"
                )
            ),
            "library_card_linked",
            "",
            "family",
        ),
        "unlink_library_card": (unlink_library_card, "library_card_unlinked", "", "family"),
        "add_child": (
            on_family(lambda db, actor, family: families.add_child(db, actor, family, 2024, 5)),
            "child_added",
            "",
            "family",
        ),
        "remove_child": (remove_child, "child_removed", "", "family"),
    }


ACCOUNT_AND_FAMILY_CASES = _account_and_family_cases()


def _run_case(db, case: str, actor_id: int | None) -> tuple[AuditEvent, int]:
    """Run one case on a fresh volunteer and family; its one audit row and the subject's id."""
    from tests.factories import make_family, make_user

    run, action, _detail, _kind = ACCOUNT_AND_FAMILY_CASES[case]
    user = make_user(db, role="volunteer")
    family, _code = make_family(db, "Amira", phone="0470 11 22 33")
    subject_id = run(db, actor_id, user, family)
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
    return event, subject_id


@pytest.mark.parametrize("case", sorted(ACCOUNT_AND_FAMILY_CASES))
def test_account_and_family_changes_are_audited_with_the_acting_staff_member(db, case) -> None:
    import re

    from tests.factories import make_user

    coordinator = make_user(db, role="coordinator")
    event, subject_id = _run_case(db, case, coordinator.id)
    _run, _action, detail, _kind = ACCOUNT_AND_FAMILY_CASES[case]
    assert (event.actor_id, event.actor_kind) == (coordinator.id, "user")
    assert event.subject_id == subject_id
    assert re.fullmatch(detail, event.detail), event.detail


@pytest.mark.parametrize("case", sorted(ACCOUNT_AND_FAMILY_CASES))
def test_without_staff_the_audit_says_the_family_or_the_command_line(db, case) -> None:
    event, subject_id = _run_case(db, case, None)
    _run, _action, _detail, kind = ACCOUNT_AND_FAMILY_CASES[case]
    assert (event.actor_id, event.actor_kind) == (None, kind)
    assert event.subject_id == subject_id
    if kind == "system":
        assert event.detail.endswith("(command line)"), event.detail


@pytest.mark.parametrize("case", sorted(ACCOUNT_AND_FAMILY_CASES))
def test_account_and_family_audit_rows_keep_no_personal_data(db, case) -> None:
    _run_case(db, case, None)
    details = " ".join(db.scalars(select(AuditEvent.detail)).all())
    assert [word for word in (*PERSONAL, "Amira", "0470 11 22 33") if word in details] == []
