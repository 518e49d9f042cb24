"""The site's error pages and JSON; the domain refusals themselves live in domain_errors.py."""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.outage import RETRY_AFTER_SECONDS, is_outage

# The refusals are re-exported so that older imports (spelotheek.errors.DomainError) still work.
__all__ = ["DomainError", "NotFound", "error_response", "register_errorhandlers"]

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    """Plain-language title and explanation per status code."""
    return {
        400: ("bad_request", _("Something in the request was not right. Please try again.")),
        401: ("unauthorized", _("Please log in first.")),
        403: ("forbidden", _("You do not have access to this page.")),
        404: ("not_found", _("We could not find this page.")),
        405: ("method_not_allowed", _("This action is not possible here.")),
        413: ("too_large", _("What you sent is too large.")),
        429: ("too_many_requests", _("Too many tries. Please wait a few minutes and try again.")),
        500: ("server_error", _("Something went wrong on our side. Please try again later.")),
        503: ("unavailable", _("The site is not available for a moment. Please try again soon.")),
    }


def wants_json() -> bool:
    """True when the error should be answered as JSON (the API)."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, code: str | None = None) -> Response:
    """An error as JSON for the API, or as a friendly page; a 503 says when to try again."""
    default_code, default_message = _messages().get(status, _messages()[500])
    body_code, body_message = code or default_code, message or default_message
    if wants_json():
        response = make_response(jsonify(error=body_code, message=body_message), status)
    else:
        response = make_response(
            render_template("error.html", status=status, message=body_message), status
        )
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def outage_response(error: BaseException) -> Response:
    """The database cannot be used now: 503 with the friendly page, never a crash of its own."""
    log.error("database unavailable: %s", _driver_error_name(error))
    _forget_request_state()
    try:
        return error_response(503)
    except Exception as failed:  # the page itself could not be made: say it in plain HTML
        log.error("the 503 page failed too: %s", type(failed).__name__)
        message = _messages()[503][1]
        response = make_response(f"<!doctype html><p>{escape(message)}</p>", 503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def _driver_error_name(error: BaseException) -> str:
    """The driver's name for the error (AdminShutdown, OperationalError…): never its text,
    which can carry the statement's values."""
    return type(getattr(error, "orig", None) or error).__name__


def problem_response(status: int, code: str, detail: str):
    """An RFC 9457 problem that also carries the house's {"error", "message"} keys."""
    response = jsonify(
        type="about:blank",  # no page explains it further; `error` names the problem
        title=HTTP_STATUS_CODES.get(status, "Error"),
        status=status,
        detail=detail,
        error=code,
        message=detail,
    )
    response.status_code = status
    response.content_type = "application/problem+json"
    return response


def _forget_request_state() -> None:
    """After a database failure: drop the broken session, and show the page as to a visitor."""
    from spelotheek.auth.principals import Anonymous
    from spelotheek.db import release

    session = g.pop("db_session", None)
    if session is not None:
        release(session)
    g._login_user = Anonymous()  # the error page must not ask the database who is logged in


def register_errorhandlers(app: Flask) -> None:
    """Friendly pages and JSON for every error the site can give."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if isinstance(error, InternalServerError) and is_outage(error.original_exception):
            # An error handler (a 404 page, an audit of a refusal) met the outage in its turn.
            return outage_response(error.original_exception)
        if error.code == 429:
            return error_response(429)
        status = error.code or 500
        description = error.description if getattr(error, "spelotheek_message", False) else None
        return error_response(status, description)

    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError):
        return error_response(
            400,
            _("This form was open for too long, or it came from another site. Please try again."),
            "csrf_failed",
        )

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        if error.problem:
            return problem_response(error.status, error.code, str(error.message))
        return error_response(error.status, str(error.message), error.code)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if is_outage(error):
            return outage_response(error)
        log.exception("unexpected error on %s %s", request.method, request.endpoint)
        return error_response(500)
