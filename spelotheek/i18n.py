"""Languages: which one a visitor sees, and the text direction that goes with it."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale

from spelotheek.settings import LANGUAGES

babel = Babel()


def select_locale() -> str:
    """The visitor's own choice first, then the browser's languages, then Dutch."""
    if not has_request_context():  # command line: the site's default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    best = request.accept_languages.best_match(list(LANGUAGES))
    device = request.path.startswith("/api/") and request.headers.get(
        "Authorization", ""
    ).startswith("Bearer ")
    if device and best:
        return best  # a device asks in its own language, whoever's token it carries
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    from flask_login import current_user

    preferred = getattr(current_user, "language", None)
    if preferred in LANGUAGES:
        return preferred
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The language code of the page being shown."""
    locale = get_locale()
    return locale.language if locale else "nl"


def text_direction() -> str:
    """'rtl' for right-to-left languages, else 'ltr'."""
    return LANGUAGES.get(current_language(), {}).get("dir", "ltr")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose the language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES, current_language=current_language, text_direction=text_direction
    )
