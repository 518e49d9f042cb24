"""Session plan templates: the standard ones, and those a coordinator saves."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.groups import rules
from spelotheek.groups.models import SessionTemplate, TemplateStep
from spelotheek.groups.themes import THEME_TRANSLATIONS


def ensure_default_templates(session: Session) -> None:
    """Add the standard session plans when there are no templates at all."""
    if session.scalar(select(func.count(SessionTemplate.id))):
        return
    for name, steps in rules.DEFAULT_TEMPLATES.items():
        template = SessionTemplate(name=name)
        template.steps = [
            TemplateStep(position=i, offset_weeks=w, theme=t, theme_texts=THEME_TRANSLATIONS.get(t))
            for i, (w, t) in enumerate(steps, start=1)
        ]
        session.add(template)
    session.flush()


def templates(session: Session) -> Sequence[SessionTemplate]:
    """Every session plan template with its steps."""
    return session.scalars(
        select(SessionTemplate)
        .options(selectinload(SessionTemplate.steps))
        .order_by(SessionTemplate.name)
    ).all()


def save_template(
    session: Session,
    actor_id: int,
    template_id: int | None,
    name: str,
    steps: Sequence[tuple[int, str]],
) -> SessionTemplate:
    """Create or change a template (its steps are replaced); refuses a taken name."""
    name = name.strip()
    taken = session.scalar(select(SessionTemplate.id).where(SessionTemplate.name == name))
    if taken is not None and taken != template_id:
        raise rules.PlanRefused(_l("There is already a plan with this name."), status=409)
    template: SessionTemplate | None
    if template_id is None:
        template = SessionTemplate(name=name)
        session.add(template)
    else:
        template = session.get(SessionTemplate, template_id)
        if template is None:
            raise NotFound(_l("We could not find this plan."))
        template.name = name
        template.steps.clear()
        session.flush()  # old positions go before the new ones take their place
    template.steps.extend(
        TemplateStep(position=i, offset_weeks=w, theme=t) for i, (w, t) in enumerate(steps, 1)
    )
    session.flush()
    audit.record(
        session,
        "group_template_saved",
        actor_id=actor_id,
        subject_type="group_template",
        subject_id=template.id,
    )
    return template
