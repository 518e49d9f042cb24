"""What every template can use: navigation with pictograms, local time formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_time as babel_format_time
from babel.dates import get_day_names, get_month_names
from flask import Flask, current_app, g, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, EVERYONE, FAMILY, GROUPS, Role
from spelotheek.content import in_language, texts_of
from spelotheek.i18n import current_language

BRUSSELS = ZoneInfo("Europe/Brussels")


@dataclass(frozen=True)
class NavItem:
    """One entry in the main navigation: an endpoint, its label and its pictogram."""

    endpoint: str
    label: object
    icon: str
    # When set, only these principals see the entry (others have a page of their own for it).
    only: frozenset[str] | None = None


# Features append their own entries; an entry shows only when its endpoint exists and the
# visitor may use it, so the menu never offers a page that answers 403.
NAV: list[NavItem] = [
    NavItem("main.home", _l("Home"), "home"),
    NavItem("loans.catalogue", _l("Toys"), "toys"),
    NavItem("meetups.index", _l("Meetings"), "meetups"),
    NavItem("topics.index", _l("Topics"), "topics"),
    NavItem("network.index", _l("Where can I get help?"), "place"),
    NavItem("loans.desk", _l("Desk"), "desk"),
    NavItem("families.index", _l("Families"), "families"),
    NavItem("groups.index", _l("Groups"), "groups", only=GROUPS),
    # Everyone else sees the public offer under the same pictogram; /groups sends them there.
    NavItem("groups.offer", _l("Pregnancy groups"), "groups", only=EVERYONE - GROUPS),
    NavItem("signals.index", _l("Signals"), "signal-attention"),
    NavItem("reach.dashboard", _l("Reach"), "reach"),
    NavItem("users.index", _l("Staff"), "staff"),
    NavItem("audit.index", _l("Audit log"), "privacy"),
    NavItem("families_portal.me", _l("My family"), "family"),
    NavItem("network.manage", _l("Directory"), "info"),
]
# A partner account sees only the directory pages it keeps, the handovers to it, the signals it
# follows up (and the home page).
PARTNER_PAGES = ("main.home", "network.", "handovers.", "signals.")


def nav_items() -> list[dict[str, object]]:
    """The navigation entries this visitor may use, with the current one marked."""
    items = []
    for item in NAV:
        allowed = declared_access(item.endpoint)
        if allowed is None or current_user.principal not in allowed:
            continue
        if item.only is not None and current_user.principal not in item.only:
            continue
        if item.endpoint == "families_portal.me" and not current_user.is_family:
            continue
        if current_user.principal == Role.PARTNER and not item.endpoint.startswith(PARTNER_PAGES):
            continue
        try:
            url = url_for(item.endpoint)
        except BuildError:
            continue
        items.append(
            {
                "url": url,
                "label": item.label,
                "icon": url_for("static", filename=f"img/{item.icon}.svg"),
                "current": request.endpoint == item.endpoint,
            }
        )
    return items


def may_use(endpoint: str) -> bool:
    """True when the visitor may use this page: hub pages link only to what answers."""
    allowed = declared_access(endpoint)
    return allowed is not None and current_user.principal in allowed


def read_aloud_here() -> bool:
    """True on pages for visitors and families (the "read aloud" button); not on staff pages."""
    allowed = declared_access(request.endpoint)
    return allowed is not None and bool({ANONYMOUS, FAMILY} & allowed)


def field_attrs(field, autocomplete: str | None = None, inputmode: str | None = None) -> dict:
    """HTML attributes that tie a form field to its hint and errors."""
    described = [f"{field.id}-hint"] if field.description else []
    attrs: dict[str, str] = {}
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if inputmode:
        attrs["inputmode"] = inputmode
    return attrs


def weekday_name(weekday: int) -> str:
    """The weekday (0 = Monday) in the page's language."""
    return get_day_names("wide", locale=get_locale())[weekday]


def month_name(month: int) -> str:
    """The month (1 = January) in the page's language."""
    return get_month_names("wide", locale=get_locale())[month]


def clock(moment: time | datetime) -> str:
    """A local time of day, as people in the page's language write it."""
    if isinstance(moment, datetime):
        moment = local(moment).time() if moment.tzinfo else moment.time()
    locale = get_locale()
    return _clock(moment, str(locale) if locale is not None else None)


@lru_cache(maxsize=4096)
def _clock(moment: time, locale: str | None) -> str:
    # A page of 120 dates writes 240 times of day, most of them the same few: formatting each
    # through Babel was a tenth of the meetings page.
    return babel_format_time(moment, "short", locale=locale)


def pictogram(name: str, size: int = 20) -> Markup:
    """A decorative pictogram (empty alt text), built once per page for each name and size."""
    made: dict[tuple[str, int], Markup] = g.setdefault("pictograms", {})
    key = (name, size)
    if key not in made:
        # A page of 120 dates shows 400 pictograms of a handful of kinds: building each
        # address through url_for (in a template macro) was a quarter of the meetings page.
        made[key] = Markup('<img src="{}" alt="" width="{}" height="{}">').format(
            url_for("static", filename=f"img/{name}.svg"), size, size
        )
    return made[key]


SECTION_TITLES = {
    "family": _l("Family"),
    "children": _l("Children"),
    "cards": _l("Cards"),
    "loans": _l("Toys borrowed"),
    "holds": _l("Toys reserved"),
    "meetups": _l("Meetings"),
    "groups": _l("Pregnancy groups"),
    "topics": _l("Topics you proposed"),
    "reach": _l("Answers about your family"),
}


def section_title(name: str) -> str:
    """The heading of a section of a family's data export."""
    return str(SECTION_TITLES.get(name, name))


def content(thing: object, field: str) -> Markup:
    """A translated field in the page's language, else its source marked "only in Dutch"."""
    text, lang = in_language(texts_of(thing, field), current_language())
    if lang == current_language():
        return escape(text)
    name = Locale.parse(lang).get_display_name(get_locale()) or lang
    marker = _("only in %(language)s", language=name)
    return Markup('<span lang="{}">{}</span> <small class="only-in">({})</small>').format(
        lang, text, marker
    )


def content_text(thing: object, field: str) -> str:
    """A translated field as plain text (for titles and attributes), never marked."""
    return in_language(texts_of(thing, field), current_language())[0]


def local(instant: datetime) -> datetime:
    """An instant shown in Brussels time."""
    return instant.astimezone(BRUSSELS)


def init_app(app: Flask) -> None:
    """Register template globals and filters."""
    app.jinja_env.globals.update(
        nav_items=nav_items,
        may_use=may_use,
        read_aloud_here=read_aloud_here,
        field_attrs=field_attrs,
        weekday_name=weekday_name,
        section_title=section_title,
        content=content,
        content_text=content_text,
        pictogram=pictogram,
        month_name=month_name,
        site_name=lambda: current_app.config["SITE_NAME"],
    )
    app.jinja_env.filters.update(
        local=local, date=format_date, datetime=format_datetime, clock=clock
    )
