"""Open meeting moments: public pages, the poster and "I'll probably come".

Calendar feeds live in feeds.py, staff pages in manage.py and the hosts' counters in host.py,
all on the same blueprint.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from datetime import date, timedelta
from threading import Lock

from flask import (
    Blueprint,
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.browsers import remember_browser
from spelotheek.caching import public_page
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.hosts import external_url
from spelotheek.meetups import (  # noqa: F401
    attendance,
    instead,
    privacy,
    queries,
    rules,
    timetable,
    upcoming,
)
from spelotheek.meetups.models import MeetupSeries
from spelotheek.meetups.pictures import qr_svg
from spelotheek.meetups.timetable import today  # noqa: F401  (also used by host.py, manage.py)
from spelotheek.meetups.upcoming import Shown

bp = Blueprint("meetups", __name__)
WEEKS_SHOWN = 4
MAX_LISTED = 120  # dates on one page; a whole network's four weeks are thousands
BROWSER_COOKIE = "meetup_browser"


def parse_day(text: str) -> date:
    """A date from the URL (YYYY-MM-DD), or 404."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _int_arg(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and low <= value <= high else None


def _week_label(monday: date, this_monday: date) -> str:
    from flask_babel import format_date

    if monday == this_monday:
        return _("This week")
    if monday == this_monday + timedelta(days=7):
        return _("Next week")
    return _("Week of %(day)s", day=format_date(monday, "d MMMM"))


@bp.app_template_global()
def meetup_schedule(series: MeetupSeries) -> str:
    """How often a series meets, in words: "Every other Saturday"."""
    from spelotheek.templating import weekday_name

    pattern, weekday, nth = rules.describe(series.rrule)
    day = weekday_name(weekday)
    if pattern == "weekly":
        return _("Every %(day)s", day=day)
    if pattern == "fortnightly":
        return _("Every other %(day)s", day=day)
    which = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}.get(
        nth or 1, ""
    )
    return _("The %(which)s %(day)s of the month", which=which, day=day)


@bp.app_template_global()
def meetup_url(item: timetable.Listed | Shown, endpoint: str = "meetups.occurrence") -> str:
    """The address of a date's page (or its count, edit or calendar page)."""
    return url_for(endpoint, series_id=item.series.id, day=item.occurrence.original_day.isoformat())


# Date cards as written, by everything a card shows. /meetups lists up to MAX_LISTED dates, the
# same ones for every visitor in a language, and writing each card through the template (times,
# words, links) was three quarters of the page at a city's size (issue 25). Per process, bounded.
_CARDS: OrderedDict[tuple, Markup] = OrderedDict()
_CARDS_KEPT = 2000
_CARDS_LOCK = Lock()


@bp.app_template_global()
def meetup_card(
    item: timetable.Listed | Shown, today: date, show_day: bool = False, level: int = 4
) -> Markup:
    """A date in a list (the `date_card` macro), written once per process for what it shows."""
    o, series = item.occurrence, item.series
    key = (
        request.script_root,
        str(get_locale()),  # the words and the times' format ("nl_BE", "en_GB"…)
        o,
        repr(o.theme_texts),  # not part of the occurrence's equality
        series.id,
        series.title,
        repr(series.title_texts),
        series.location.name,
        series.min_age,
        series.max_age,
        item.full and o.day == today,
        show_day,
        level,
    )
    with _CARDS_LOCK:
        card = _CARDS.get(key)
        if card is not None:
            _CARDS.move_to_end(key)
            return card
    # The macro answers Markup (the templates escape what goes in).
    card = get_template_attribute("meetups/_macros.html", "date_card")(item, today, show_day, level)
    with _CARDS_LOCK:
        _CARDS[key] = card
        while len(_CARDS) > _CARDS_KEPT:
            _CARDS.popitem(last=False)
    return card


@bp.get("/meetups")
@allow(EVERYONE)
@public_page
def index():
    """This week and the weeks after, filtered by place, children's age and day."""
    now = today()
    this_monday = now - timedelta(days=now.weekday())
    start = now
    asked = request.args.get("from", "")
    if asked:
        try:
            start = max(date.fromisoformat(asked), now)
        except ValueError:
            start = now
    window = rules.listing_window(now)
    if start not in window:
        abort(404)  # weeks nobody plans for: answered before any rule is expanded
    monday = start - timedelta(days=start.weekday())
    end = min(monday + timedelta(days=7 * WEEKS_SHOWN - 1), window.last)
    filters = {
        "location": _int_arg("location", 1, 10**9),
        "age": _int_arg("age", 0, 18),
        "day": _int_arg("day", 0, 6),
    }
    db = get_session()
    age, weekday = filters["age"], filters["day"]

    def keep(item: timetable.Listed) -> bool:
        return (age is None or item.series.min_age <= age <= item.series.max_age) and (
            weekday is None or item.occurrence.day.weekday() == weekday
        )

    listed, cut_after = upcoming.first_dates(
        db, start, end, location_id=filters["location"], keep=keep, at_most=MAX_LISTED
    )
    weeks: OrderedDict[date, OrderedDict[date, list]] = OrderedDict()
    for item in listed:
        day = item.occurrence.day
        week = weeks.setdefault(day - timedelta(days=day.weekday()), OrderedDict())
        week.setdefault(day, []).append(item)
    locations = queries.place_names(db)
    later = (cut_after or end) + timedelta(days=1)
    return render_template(
        "meetups/index.html",
        weeks=[(_week_label(m, this_monday), days) for m, days in weeks.items()],
        filters=filters,
        locations=locations,
        today=now,
        cut=cut_after is not None,
        later=later.isoformat() if later in window else None,
        earlier=(monday - timedelta(days=7 * WEEKS_SHOWN)).isoformat()
        if monday > this_monday
        else None,
    )


@bp.get("/meetups/<int:series_id>")
@allow(EVERYONE)
@public_page
def show(series_id: int):
    """One meeting: place, map, access, what to expect, and its next dates."""
    db = get_session()
    series = timetable.get_series(db, series_id)
    now = today()
    upcoming = timetable.schedule(db, now, now + timedelta(weeks=10), series_id=series_id)
    feed = external_url(".calendar_series", series_id=series_id)
    return render_template(
        "meetups/show.html", series=series, upcoming=upcoming, today=now, webcal=webcal(feed)
    )


@bp.get("/meetups/<int:series_id>/<day>")
@allow(EVERYONE)
@public_page
def occurrence(series_id: int, day: str):
    """One date: when, where, theme, cancelled or full, and "I'll probably come"."""
    db = get_session()
    listed = timetable.get_occurrence(db, series_id, parse_day(day), today())
    token = request.cookies.get(BROWSER_COOKIE)
    now = today()
    full = listed.full and listed.occurrence.day == now and not listed.occurrence.cancelled
    return render_template(
        "meetups/occurrence.html",
        item=listed,
        series=listed.series,
        interested=attendance.has_interest(db, listed, token),
        today=now,
        instead=instead.instead_of(db, listed, now) if full else None,
    )


@bp.post("/meetups/<int:series_id>/<day>/interest")
@allow(EVERYONE)
def interest(series_id: int, day: str):
    """Say (or take back) "I'll probably come": a random cookie, no name, no account."""
    original_day = parse_day(day)
    token = request.cookies.get(BROWSER_COOKIE) or secrets.token_urlsafe(24)
    family_id = current_user.id if current_user.is_family else None
    try:
        with transaction() as db:
            on = attendance.toggle_interest(db, series_id, original_day, token, family_id, today())
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
        on = None
    if on is True:
        flash(_("Thank you! The hosts now know one more person will probably come."))
    elif on is False:
        flash(_("Fine: we no longer count you for this date."))
    response = redirect(url_for(".occurrence", series_id=series_id, day=original_day.isoformat()))
    return remember_browser(response, BROWSER_COOKIE, token)


def webcal(url: str) -> str:
    """The same address for a calendar app to subscribe to (webcal://)."""
    return "webcal://" + url.split("://", 1)[1]


@bp.get("/meetups/poster")
@allow(EVERYONE)
@public_page
def poster():
    """A printable A4 poster: this week's meetings and a QR code to the calendar page."""
    start = today()
    asked = request.args.get("week", "")
    if asked:
        try:
            start = date.fromisoformat(asked)
        except ValueError:
            abort(404)
    if start not in rules.listing_window(today()):
        abort(404)
    monday = start - timedelta(days=start.weekday())
    location_id = _int_arg("location", 1, 10**9)
    listed = timetable.schedule(
        get_session(), monday, monday + timedelta(days=6), location_id=location_id
    )
    location = queries.location(get_session(), location_id) if location_id else None
    page_url = external_url(".index", location=location_id)
    return render_template(
        "meetups/poster.html",
        listed=listed,
        monday=monday,
        sunday=monday + timedelta(days=6),
        location=location,
        page_url=page_url,
        qr=qr_svg(page_url),
    )


from spelotheek.meetups.views import feeds, host, manage  # noqa: E402,F401  (routes on this blueprint)
