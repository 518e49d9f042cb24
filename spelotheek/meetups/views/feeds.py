"""Calendar feeds of the meetings (all, one meeting, one place, one date) and how to subscribe."""

from __future__ import annotations

import gzip
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from threading import Lock

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.http import generate_etag

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import get_session
from spelotheek.hosts import external_url
from spelotheek.meetups import feeds as ical
from spelotheek.meetups import queries, rules, timetable
from spelotheek.meetups.pictures import qr_svg
from spelotheek.meetups.views import bp, parse_day, today, webcal


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
        lambda: ical.series_feed(
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
        ical.place_of(series),
        series.title,
        series.description,
    )
    build = partial(ical.single_date, listed.occurrence, series, url)
    body, etag, gzipped, built = _kept(key, build)
    filename = f"meetup-{series_id}-{day}.ics"
    return _calendar_response(body, filename, etag, gzipped, built)


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
        feeds=[(name, url, webcal(url), qr_svg(webcal(url))) for name, url in feeds_list],
    )
