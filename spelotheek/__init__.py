"""Spelotheek: toy library, open meetings and family support on one site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# Imports live inside the functions: importing a pure module (spelotheek.loans.rules) runs this
# package first, and must not load Flask or SQLAlchemy with it.


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application; `overrides` replace settings (tests, CLI)."""
    from flask import Flask
    from sqlalchemy.orm import configure_mappers

    from spelotheek.config import load
    from spelotheek.paths import ROOT
    from spelotheek.urls import DatabaseId

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_mapping(load(overrides))
    app.url_map.converters["int"] = DatabaseId
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    # Every model is imported by now: SQLAlchemy relates them once, here, instead of in the
    # first request of each worker (0.17 s that visitor would wait; with gunicorn's max_requests
    # a fresh worker comes every few thousand requests).
    configure_mappers()
    return app


def register_extensions(app: Flask) -> None:
    """Database, languages, logins, CSRF, rate limits, security headers and compression."""
    from spelotheek import caching, compression, db, hosts, i18n, inputs, security, templating
    from spelotheek.auth import login
    from spelotheek.auth.access import allow
    from spelotheek.auth.roles import EVERYONE
    from spelotheek.extensions import csrf, limiter
    from spelotheek.jobs import runs  # noqa: F401  (registers the purger of old job runs)

    hosts.init_app(app)  # first: an unknown host is refused before any other check runs
    db.init_app(app)
    i18n.init_app(app)
    login.init_app(app)
    inputs.init_app(app)  # before CSRF and limits: a JSON client gets its problem answer
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    caching.init_app(app)  # after security: its hook runs first, before the no-store default
    compression.init_app(app)
    templating.init_app(app)
    allow(EVERYONE)(app.view_functions["static"])


def register_blueprints(app: Flask) -> None:
    """Each feature brings its own blueprint."""
    import spelotheek.api
    import spelotheek.families.api
    import spelotheek.groups.api
    import spelotheek.loans.api
    import spelotheek.meetups.api
    import spelotheek.network.api
    import spelotheek.reach.api
    import spelotheek.topics.api  # noqa: F401  (these add routes to the api blueprint)
    from spelotheek.api.common import bp as api
    from spelotheek.audit.views import bp as audit
    from spelotheek.auth.views import bp as auth
    from spelotheek.auth.views.users import bp as users
    from spelotheek.channels.views import bp as channels
    from spelotheek.families.views import bp as families
    from spelotheek.families.views.portal import bp as families_portal
    from spelotheek.groups.views import bp as groups
    from spelotheek.handovers.views import bp as handovers
    from spelotheek.interpreters.views import bp as interpreters
    from spelotheek.loans.views import bp as loans
    from spelotheek.main.views import bp as main
    from spelotheek.meetups.views import bp as meetups
    from spelotheek.messages.api import bp as messages_api
    from spelotheek.messages.views import bp as messages
    from spelotheek.network.views import bp as network
    from spelotheek.places.views import bp as places
    from spelotheek.reach.views import bp as reach
    from spelotheek.signals.views import bp as signals
    from spelotheek.topics.views import bp as topics
    from spelotheek.welcome.views import bp as welcome

    for blueprint in (
        main,
        auth,
        users,
        audit,
        families,
        families_portal,
        loans,
        meetups,
        places,
        groups,
        topics,
        reach,
        network,
        signals,
        handovers,
        channels,
        welcome,
        interpreters,
        messages,
        messages_api,
        api,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages and JSON errors."""
    from spelotheek.errors import register_errorhandlers as register

    register(app)
