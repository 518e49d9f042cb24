"""Reach services: the family's profile (with consent), reference figures and the report.

Services take the session and the acting user; they flush and never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families.models import Family
from spelotheek.reach import queries, report, rules, snapshots
from spelotheek.reach.dimensions import (
    CARERS,
    DECLINED,
    DEFAULT_LANGUAGES,
    DIMENSIONS,
    HOUSEHOLDS,
    LABELS,
    OUTSIDE,
)
from spelotheek.reach.models import ReachProfile, ReferenceFigure
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORT_VALUES, EXPORTERS
from spelotheek.welcome import checkin


def settings_from(config: Mapping[str, Any]) -> report.Settings:
    """The reach settings, with the threshold never below 5."""
    postcodes: Mapping[str, str] = config.get("REACH_POSTCODES", {}) or {}
    listed = tuple(config.get("REACH_NEIGHBOURHOODS", ()) or ())
    neighbourhoods = listed or tuple(sorted(set(postcodes.values())))
    return report.Settings(
        threshold=rules.threshold_from(config.get("REACH_THRESHOLD", 10)),
        rounding=rules.rounding_from(config.get("REACH_ROUNDING", 5)),
        languages=tuple(config.get("REACH_LANGUAGES", DEFAULT_LANGUAGES) or DEFAULT_LANGUAGES),
        neighbourhoods=neighbourhoods,
    )


def neighbourhood_for(postcode: str | None, config: Mapping[str, Any]) -> str | None:
    """The neighbourhood a postcode lies in, by the configured map (None when unknown)."""
    if not postcode:
        return None
    return (config.get("REACH_POSTCODES", {}) or {}).get(postcode.strip())


class ProfileRefused(DomainError):
    """An answer that is not one of the choices."""

    code = "invalid_answer"
    status = 422


def profile_of(session: Session, family_id: int) -> ReachProfile | None:
    """The family's profile row (withdrawn or not), if any."""
    return session.scalars(
        select(ReachProfile).where(ReachProfile.family_id == family_id)
    ).one_or_none()


def save_profile(
    session: Session,
    family: Family,
    answers: Mapping[str, Any],
    settings: report.Settings,
    staff_id: int | None,
    now: datetime,
) -> ReachProfile:
    """Record the family's answers and its consent (given now, by the family or with staff).

    Raises ProfileRefused when an answer is not one of the choices.
    """
    language = answers.get("home_language") or None
    others = [c for c in answers.get("other_languages") or () if c and c != language]
    choices = {
        "home_language": (*settings.languages, DECLINED),
        "household": (*HOUSEHOLDS, DECLINED),
        "usual_carer": (*CARERS, DECLINED),
        "neighbourhood": (*settings.neighbourhoods, OUTSIDE, DECLINED),
    }
    for name, allowed in choices.items():
        value = answers.get(name) or None
        if value is not None and value not in allowed:
            raise ProfileRefused(_l("Please choose one of the answers."))
    if any(c not in settings.languages for c in others):
        raise ProfileRefused(_l("Please choose one of the answers."))
    profile = profile_of(session, family.id)
    if profile is None:
        profile = ReachProfile(family_id=family.id)
        session.add(profile)
    profile.home_language = language
    profile.other_languages = "" if language == DECLINED else ",".join(others)[:80]
    profile.household = answers.get("household") or None
    profile.usual_carer = answers.get("usual_carer") or None
    profile.neighbourhood = answers.get("neighbourhood") or None
    profile.consent_at = now
    profile.consent_by = "staff" if staff_id else "family"
    profile.consent_staff_id = staff_id
    profile.withdrawn_at = None
    profile.updated_at = now
    audit.record_by_staff_or_family(
        session,
        "reach_profile_saved",
        staff_id,
        subject_type="family",
        subject_id=family.id,
    )
    snapshots.forget_all(session)
    return profile


def withdraw_profile(
    session: Session, family: Family, staff_id: int | None, now: datetime
) -> ReachProfile | None:
    """Withdraw consent: the answers are removed and the family leaves the next computation."""
    profile = profile_of(session, family.id)
    if profile is None or profile.withdrawn_at is not None:
        return profile
    profile.home_language = profile.household = profile.usual_carer = None
    profile.neighbourhood = None
    profile.other_languages = ""
    profile.withdrawn_at = now
    profile.updated_at = now
    audit.record_by_staff_or_family(
        session,
        "reach_profile_withdrawn",
        staff_id,
        subject_type="family",
        subject_id=family.id,
    )
    snapshots.forget_all(session)
    return profile


def get_family(session: Session, family_id: int) -> Family:
    """The family, or NotFound."""
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(_l("We could not find this family."))
    return family


# ---------------------------------------------------------------- data rights


def export_profile(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """The family's own answers, for its data download."""
    profile = profile_of(session, family.id)
    if profile is None:
        return None
    return "reach", {
        "home_language": profile.home_language,
        "other_languages": [c for c in profile.other_languages.split(",") if c],
        "household": profile.household,
        "usual_carer": profile.usual_carer,
        "neighbourhood": profile.neighbourhood,
        "consent_given_at": profile.consent_at.isoformat(),
        "consent_given_by": profile.consent_by,
        "withdrawn_at": profile.withdrawn_at.isoformat() if profile.withdrawn_at else None,
    }


def erase_profile(session: Session, family: Family) -> None:
    """Delete the family's profile when the family is erased, and the counts it was in."""
    profile = profile_of(session, family.id)
    if profile is not None:
        session.delete(profile)
    snapshots.forget_all(session)


if export_profile not in EXPORTERS:
    EXPORTERS.append(export_profile)
if erase_profile not in ERASERS:
    ERASERS.append(erase_profile)
EXPORT_LABELS.update(
    {
        "reach.home_language": DIMENSIONS["home_language"].label,
        "reach.other_languages": _l("Other languages at home"),
        "reach.household": DIMENSIONS["household"].label,
        "reach.usual_carer": DIMENSIONS["usual_carer"].label,
        "reach.neighbourhood": DIMENSIONS["neighbourhood"].label,
        "reach.consent_given_at": _l("You agreed on"),
        "reach.consent_given_by": _l("Agreed through"),
    }
)
EXPORT_VALUES.update(
    {
        "reach.home_language": {DECLINED: LABELS[DECLINED], "other": _l("Another language")},
        "reach.household": LABELS,
        "reach.usual_carer": LABELS,
        "reach.neighbourhood": {DECLINED: LABELS[DECLINED], OUTSIDE: LABELS[OUTSIDE]},
        "reach.consent_given_by": {"family": _l("The family itself"), "staff": _l("Staff")},
    }
)


# ---------------------------------------------------------------- reference figures


def reference_figures(session: Session) -> list[ReferenceFigure]:
    """All reference figures, newest year first."""
    return list(
        session.scalars(
            select(ReferenceFigure).order_by(ReferenceFigure.year.desc(), ReferenceFigure.label)
        )
    )


def add_reference(
    session: Session, actor_id: int | None, fields: Mapping[str, Any]
) -> ReferenceFigure:
    """Add a reference figure for the area served."""
    figure = ReferenceFigure(
        label=fields["label"],
        dimension=fields.get("dimension") or "none",
        category=fields.get("category") or "",
        share_percent=float(fields["share_percent"]),
        source=fields["source"],
        year=int(fields["year"]),
        created_by=actor_id,
    )
    session.add(figure)
    audit.record(session, "reach_reference_added", actor_id=actor_id)
    session.flush()
    return figure


def delete_reference(session: Session, actor_id: int | None, figure_id: int) -> None:
    """Remove a reference figure, or NotFound."""
    figure = session.get(ReferenceFigure, figure_id)
    if figure is None:
        raise NotFound(_l("We could not find this figure."))
    session.delete(figure)
    audit.record(session, "reach_reference_deleted", actor_id=actor_id, subject_id=figure_id)
    session.flush()


# ---------------------------------------------------------------- the report


def count(
    session: Session,
    start: date,
    end: date,
    service: str,
    by: tuple[str, ...],
    now: datetime | None,
) -> report.Counts:
    """Every count the report needs for [start, end), in a fixed number of statements (every
    single breakdown, and the pair when `by` names two)."""
    window = queries.Window(start, end)
    pair = by if len(by) == 2 else None
    queries.without_jit(session)
    families = queries.family_counts(session, window, service, list(report.DIMENSIONS), pair)
    return report.Counts(
        overlap=families.overlap,
        breakdowns=families.breakdowns,
        events=queries.event_counts(session, window),
        head_counts=queries.head_counts(session, window),
        counted_at=now,
        checkin=checkin.month_tallies(session, start, end),
    )


def compute(
    session: Session,
    start: date,
    end: date,
    service: str,
    by: tuple[str, ...],
    settings: report.Settings,
    counts: report.Counts | None = None,
) -> report.Report:
    """The protected reach report for [start, end), from `counts` or counted now."""
    if counts is None:
        counts = count(session, start, end, service, by, None)
    counts.references = reference_figures(session)
    return report.build(start, end, service, by, settings, counts)
