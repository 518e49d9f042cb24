"""The site's own address: absolute links come from BASE_URL, never from the Host header.

A forged Host header would otherwise end up in publicly cached calendar feeds, posters and
redirects (cache poisoning). In production a request for any other host is refused.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, abort, current_app, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

# Probes of load balancers and orchestrators often name the machine's address as Host; the
# answer writes no link, so it cannot carry a forged host anywhere.
ANY_HOST_PATHS = frozenset({"/health", "/healthz", "/readyz"})


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on this site, made from the configured BASE_URL."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def same_site(netloc: str) -> bool:
    """True when an address (a Referer's host) names this site: BASE_URL's or the request's."""
    ours = {urlsplit(current_app.config["BASE_URL"]).netloc.lower(), request.host.lower()}
    return netloc.lower() in ours


def _refuse_unknown_host() -> None:
    served = current_app.config.get("HOSTS_SERVED")
    if served is None or request.path in ANY_HOST_PATHS:
        return
    if not host_is_trusted(request.host.lower(), list(served)):
        abort(400)


def _relative_location(response: Response) -> Response:
    """A redirect the framework made absolute with the request's host (a trailing-slash
    redirect) points at a path instead."""
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        if parts.netloc and parts.netloc.lower() == request.host.lower():
            response.headers["Location"] = urlunsplit(
                ("", "", parts.path or "/", parts.query, parts.fragment)
            )
    return response


def init_app(app: Flask) -> None:
    """Refuse unknown hosts before anything else runs; keep redirects free of the Host.

    Behind TRUSTED_PROXIES reverse proxies, the visitor's address and scheme come from their
    X-Forwarded-For and -Proto (else every visitor would share nginx's address, and one login
    limit). The Host header is the proxy's to pass on as it came, so X-Forwarded-Host is ignored.
    """
    if proxies := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.before_request(_refuse_unknown_host)
    app.after_request(_relative_location)
