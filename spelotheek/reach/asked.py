"""The report a request asks for: the query string read, the figures from a recent snapshot or
counted now. The dashboard and the JSON API both answer with it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from spelotheek.channels import figures as channel_figures
from spelotheek.channels import services as channel_services
from spelotheek.channels.rules import STEPS
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.reach import rules, services, snapshots
from spelotheek.reach.dimensions import DIMENSIONS
from spelotheek.reach.queries import SERVICES
from spelotheek.reach.report import Report
from spelotheek.templating import BRUSSELS


def today() -> date:
    """Today in Brussels."""
    return datetime.now(BRUSSELS).date()


class BadQuery(DomainError):
    """Statistics asked for in a way we cannot answer."""

    code = "invalid_query"
    status = 422


def parse_query(args: Any) -> tuple[date, date, str, tuple[str, ...]]:
    """Period (whole months), service and breakdown from the query string; BadQuery if wrong.

    `by` is one dimension or two separated by a comma (`by2` is the page's second choice).
    """
    this_month = today().replace(day=1)
    try:
        first = rules.parse_month(args.get("from")) or rules.add_months(this_month, -11)
        last = rules.parse_month(args.get("to")) or this_month
        start, end = rules.period(first, last)
    except rules.ReachRuleError as error:
        messages = {
            "month": _("Please give months as YYYY-MM."),
            "order": _("The last month must not come before the first month."),
            "length": _(
                "Please choose at most %(months)d months at a time.", months=rules.MAX_MONTHS
            ),
        }
        raise BadQuery(messages[str(error)]) from None
    service = args.get("service") or "all"
    if service not in SERVICES:
        raise BadQuery(_("Please choose one of the services."))
    by = [d for d in (args.get("by") or "household").split(",") if d]
    if args.get("by2"):
        by.append(args["by2"])
    by = list(dict.fromkeys(by))  # the same dimension twice is just one
    if not 1 <= len(by) <= 2 or any(d not in DIMENSIONS for d in by):
        raise BadQuery(_("Please choose one breakdown, or two at most."))
    return start, end, service, tuple(by)


def snapshot_age():
    """How old a kept snapshot may be before the figures are counted again."""
    return snapshots.max_age(
        current_app.config["REACH_SNAPSHOT_SECONDS"]
    )


def current_report(args: Any) -> Report:
    """The report for the request's choices, from a recent snapshot or counted now."""
    start, end, service, by = parse_query(args)
    settings = services.settings_from(current_app.config)
    key, age, now = snapshots.key_for(start, end, service, by), snapshot_age(), utcnow()
    db = get_session()
    counts = snapshots.recent(db, key, now, age)
    if counts is None:
        counts = services.count(db, start, end, service, by, now)
        # Kept in a short write of its own: the counting (seconds for a network) holds no lock.
        with transaction() as tx:
            snapshots.keep(tx, key, counts, now, age)
    report = services.compute(db, start, end, service, by, settings, counts)
    # Which channels bring first visits: live counts (a few rows), protected the same way.
    step = args.get("step") or channel_figures.default_step(start, end)
    channels, channel_counts = channel_services.statistics(db, start, end)
    report.tables += channel_figures.build(
        channels, channel_counts, start, end, step if step in STEPS else "month", settings
    )
    return report
