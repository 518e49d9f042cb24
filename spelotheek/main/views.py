"""Public pages: home with opening times, privacy, health probes, and the language choice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session
from flask_babel import format_date, gettext
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import database_answers, get_session, transaction
from spelotheek.extensions import csrf
from spelotheek.locations import rules
from spelotheek.locations.services import opening_times
from spelotheek.outage import RETRY_AFTER_SECONDS
from spelotheek.settings import LANGUAGES
from spelotheek.templating import BRUSSELS, clock
from spelotheek.urls import safe_next
from spelotheek.welcome import rules as welcome_rules

bp = Blueprint("main", __name__)

# With more places than this (a city's or a region's network), home lists one line per place
# by town, and each place's own page has its hours and address: a network's 70 cards with their
# hours made a long page on a phone and a slow one to build (issue 10).
PLACE_CARDS = 4


@bp.get("/")
@allow(EVERYONE)
@public_page
def home():
    """Opening times and what is open now."""
    now = datetime.now(BRUSSELS).replace(tzinfo=None)
    say = _Status()
    places = [
        {"location": place, "status": say(now, place.hours, place.closures)}
        for place in opening_times(get_session(), closures_from=now.date())
    ]
    return render_template(
        "main/home.html",
        places=places,
        towns=_by_town(places) if len(places) > PLACE_CARDS else [],
        **_meetings_now_and_next(),
    )


class _Status:
    """A place's "open now, until …" or "next opening: …" in the page's language.

    A network's 70 places share a handful of such moments: each is worded once per page
    (wording a date and a time for every place was a fifth of a network's home page).
    """

    def __init__(self) -> None:
        self._said: dict[tuple, tuple[bool, str]] = {}

    def __call__(
        self, now: datetime, hours: Sequence[rules.Session], closures: Sequence[rules.ClosedPeriod]
    ) -> tuple[bool, str] | None:
        """(open now?, the words), or None when the place has no opening ahead."""
        on_now = rules.open_now(now, hours, closures)
        if on_now is not None:
            key: tuple = (on_now.closes,)
        else:
            coming = rules.next_session(now, hours, closures)
            if coming is None:
                return None
            key = (coming[0], coming[1].opens)
        if key not in self._said:
            self._said[key] = self._word(key)
        return self._said[key]

    @staticmethod
    def _word(key: tuple) -> tuple[bool, str]:
        if len(key) == 1:
            return True, gettext("Open now, until %(time)s", time=clock(key[0]))
        day, opens = key
        words = gettext(
            "Next opening: %(day)s at %(time)s",
            day=format_date(day, "EEEE d MMMM"),
            time=clock(opens),
        )
        return False, words


def _by_town(places: list[dict]) -> list[tuple[str, list[dict]]]:
    """The places grouped by town, towns and places in alphabetical order."""
    towns: dict[str, list[dict]] = {}
    for place in places:  # already in name order
        towns.setdefault(place["location"].city, []).append(place)
    return sorted(towns.items(), key=lambda town: town[0].casefold())


def _meetings_now_and_next(count: int = 3) -> dict[str, object]:
    """Open meetings going on right now, and the next few (cancelled ones left out)."""
    from spelotheek.meetups.upcoming import now_and_next

    moment = datetime.now(BRUSSELS)
    on_now, coming = now_and_next(get_session(), moment, count)
    return {"meetings_now": on_now, "meetings_next": coming, "today": moment.date()}


@bp.get("/privacy")
@allow(EVERYONE)
@public_page
def privacy():
    """What we store, who sees it, what is shared with whom on whose yes, and the legal limits."""
    # Buddy and interpreter requests follow the same rule; the page names one number for both.
    return render_template("main/privacy.html", request_kept_days=welcome_rules.REQUEST_KEPT_DAYS)


@bp.get("/health")
@allow(EVERYONE)
def health():
    """Whether the site and its database answer."""
    if not database_answers(get_session()):
        # No rollback here: on a dead connection it raises in turn; the teardown lets it go.
        answer = jsonify(status="unavailable", database="unreachable")
        answer.status_code = 503
        answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return answer
    return jsonify(status="ok", database="ok")


@bp.get("/healthz")
@allow(EVERYONE)
def live():
    """The process answers (no database call: a load balancer restarts only a hung process)."""
    return jsonify(status="ok")


@bp.get("/readyz")
@allow(EVERYONE)
def ready():
    """Whether this instance should get requests: database, migrations and Redis, each named.

    Without Redis the site still lends and shows pages (limits fall back to the database, jobs
    wait), so Redis down is said but keeps the instance in the load balancer.
    """
    # Imported here: the migrations' reader (alembic, mako, pygments, about 10 MB) is not part of
    # building the app. A worker of spelotheek.wsgi still loads it, as it migrates at start-up.
    from spelotheek.readiness import redis_state, schema_state

    db = get_session()
    schema = schema_state(db) if database_answers(db) else "unreachable"
    parts = {
        "database": "unreachable" if schema == "unreachable" else "ok",
        "migrations": schema if schema in ("current", "behind", "ahead") else "unknown",
        "redis": redis_state(current_app.config.get("REDIS_URL")),
    }
    if schema in ("current", "ahead"):
        return jsonify(status="ok", **parts)
    answer = jsonify(status="unavailable", **parts)
    answer.status_code = 503
    answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return answer


@bp.post("/language")
@allow(EVERYONE)
@csrf.exempt
def choose_language():
    """Remember the visitor's language (and a logged-in family's or staff member's)."""
    if current_user.is_authenticated:
        # Only a signed-in choice is stored on an account: that one is checked for a forged form.
        csrf.protect()
    code = request.form.get("lang", "")
    if code in LANGUAGES:
        session["lang"] = code
        if current_user.is_authenticated and not getattr(current_user, "via_token", False):
            with transaction():
                target = current_user.family if current_user.is_family else current_user.user
                target.language = code
    return redirect(safe_next(request.form.get("next")) or "/")
