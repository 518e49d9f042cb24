"""Open meeting moments: public pages, calendar feeds, the poster and "I'll probably come".

Staff pages live in manage.py and the hosts' counters in host.py, on the same blueprint.
"""

from __future__ import annotations

import gzip
import secrets
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from threading import Lock

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
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
from werkzeug.http import generate_etag

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.browsers import remember_browser
from spelotheek.caching import public_page
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.hosts import external_url
from spelotheek.meetups import (  # noqa: F401
    attendance,
    feeds,
    privacy,
    queries,
    rules,
    timetable,
    upcoming,
)
from spelotheek.meetups.models import MeetupSeries
from spelotheek.meetups.pictures import qr_svg
from spelotheek.meetups.timetable import today  # noqa: F401  (also used by host.py, manage.py)

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
def meetup_url(item: timetable.Listed, endpoint: str = "meetups.occurrence") -> str:
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
    item: timetable.Listed, today: date, show_day: bool = False, level: int = 4
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
    locations = queries.locations(db)
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
        "meetups/show.html", series=series, upcoming=upcoming, today=now, webcal=_webcal(feed)
    )


@bp.get("/meetups/<int:series_id>/<day>")
@allow(EVERYONE)
@public_page
def occurrence(series_id: int, day: str):
    """One date: when, where, theme, cancelled or full, and "I'll probably come"."""
    db = get_session()
    listed = timetable.get_occurrence(db, series_id, parse_day(day), today())
    token = request.cookies.get(BROWSER_COOKIE)
    return render_template(
        "meetups/occurrence.html",
        item=listed,
        series=listed.series,
        interested=attendance.has_interest(db, listed, token),
        today=today(),
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


def _calendar_response(
    body: bytes, filename: str, etag: str, gzipped: bytes, built: datetime
) -> Response:
    """A calendar with an ETag and a Last-Modified; an unchanged calendar answers 304 Not
    Modified to If-None-Match and to If-Modified-Since.

    A browser that takes gzip gets `gzipped` (the same body, compressed once when it was built):
    compressing a network's 2 MB feed on every poll cost more than the rest.
    """
    zipped = request.accept_encodings["gzip"] > 0
    response = Response(gzipped if zipped else body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Accept-Encoding")
    if zipped:
        # Each encoding has its own strong ETag, written as Flask-Compress writes it.
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(f"{etag}:gzip")
    else:
        response.set_etag(etag)
    response.last_modified = built
    response.make_conditional(request)  # in place (a 304 when the client's copy is current)
    return response


# Built feeds by fingerprint (see timetable.feed_version): building one means expanding every
# series and writing every changed date (a city's feed: hundreds of milliseconds), while the
# fingerprint is one small query. Per process; a change anywhere gives a new fingerprint.
_FEEDS: OrderedDict[tuple, tuple[bytes, str, bytes, datetime]] = OrderedDict()
_FEEDS_KEPT = 32
_FEEDS_LOCK = Lock()


def _kept(key: tuple, build: Callable[[], bytes]) -> tuple[bytes, str, bytes, datetime]:
    """A built calendar by its fingerprint: its bytes, ETag, gzipped bytes and when it was built.

    The build time is the Last-Modified: it is never before the change the calendar shows, so
    If-Modified-Since never gets a wrong 304 (another process may say a later time: a 200).
    """
    with _FEEDS_LOCK:
        kept = _FEEDS.get(key)
        if kept is not None:
            _FEEDS.move_to_end(key)
            return kept
    body = build()
    # The ETag and the gzipped bytes are kept with the feed: hashing or compressing a
    # network's feed (2 MB) on every poll cost more than answering it.
    built = datetime.now(UTC).replace(microsecond=0)
    kept = (body, generate_etag(body), gzip.compress(body, compresslevel=9, mtime=0), built)
    with _FEEDS_LOCK:
        _FEEDS[key] = kept
        while len(_FEEDS) > _FEEDS_KEPT:
            _FEEDS.popitem(last=False)
    return kept


def _feed(
    name: str, filename: str, *, location_id: int | None = None, series_id: int | None = None
) -> Response:
    db = get_session()
    history = current_app.config["MEETUP_FEED_HISTORY_DAYS"]
    since = None if history is None else today() - timedelta(days=history)
    until = rules.feed_horizon(today())
    closures = timetable.closed_periods(db, since or date.min, until)
    places = queries.place_addresses(db)
    key = (
        name,
        since,
        until,
        current_app.config["BASE_URL"],
        timetable.feed_version(db, location_id=location_id, series_id=series_id),
        tuple(closures),
        tuple(tuple(p) for p in places),
    )
    body, etag, gzipped, built = _kept(
        key,
        lambda: feeds.series_feed(
            name,
            timetable.series_with_dates(
                db, location_id=location_id, series_id=series_id, since=since
            ),
            closures,
            lambda s: external_url(".show", series_id=s.id),
            since,
            until,
        ),
    )
    return _calendar_response(body, filename, etag, gzipped, built)


@bp.get("/meetups.ics")
@allow(EVERYONE)
def calendar_all():
    """Every meeting as a calendar to subscribe to."""
    name = _("Meetings") + " · " + current_app.config["SITE_NAME"]
    return _feed(name, "meetups.ics")


@bp.get("/meetups/<int:series_id>.ics")
@allow(EVERYONE)
def calendar_series(series_id: int):
    """One meeting's dates as a calendar."""
    series = queries.series(get_session(), series_id)
    if series is None:
        abort(404)
    return _feed(series.title, f"meetup-{series_id}.ics", series_id=series_id)


@bp.get("/meetups/locations/<int:location_id>.ics")
@allow(EVERYONE)
def calendar_location(location_id: int):
    """The meetings at one place as a calendar."""
    location = queries.location(get_session(), location_id)
    if location is None:
        abort(404)
    return _feed(location.name, f"place-{location_id}.ics", location_id=location_id)


@bp.get("/meetups/<int:series_id>/<day>/calendar.ics")
@allow(EVERYONE)
def calendar_date(series_id: int, day: str):
    """One date to add to a phone's calendar."""
    listed = timetable.get_occurrence(get_session(), series_id, parse_day(day), today())
    url = external_url(".occurrence", series_id=series_id, day=day)
    series = listed.series
    # Kept like the feeds: a phone that asks again gets a 304, and nothing is rebuilt.
    key = ("date", url, repr(listed.occurrence), series.updated_at, series.sequence) + (
        feeds.place_of(series),
        series.title,
        series.description,
    )
    build = partial(feeds.single_date, listed.occurrence, series, url)
    body, etag, gzipped, built = _kept(key, build)
    filename = f"meetup-{series_id}-{day}.ics"
    return _calendar_response(body, filename, etag, gzipped, built)


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]


@bp.get("/meetups/subscribe")
@allow(EVERYONE)
@public_page
def subscribe():
    """How to get every meeting in a phone's calendar, with QR codes (webcal)."""
    feeds_list = [(_("All meetings"), external_url(".calendar_all"))]
    for location in queries.locations(get_session()):
        feeds_list.append(
            (location.name, external_url(".calendar_location", location_id=location.id))
        )
    return render_template(
        "meetups/subscribe.html",
        feeds=[(name, url, _webcal(url), qr_svg(_webcal(url))) for name, url in feeds_list],
    )


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


from spelotheek.meetups.views import host, manage  # noqa: E402,F401  (routes on this blueprint)
