"""Refused at the door, for every query, form and JSON body, with a plain message — rather than
a crash deep in a service or in the JSON parser: text a database cannot store (NUL, lone
surrogates), JSON nested deeper than any of ours, JSON sent to a page, and JSON numbers no
database column holds."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from spelotheek import jsondepth, typed
from spelotheek.auth.access import is_api_request
from spelotheek.domain_errors import DomainError

# Our bodies nest two or three levels; Python's parser recurses and crashes near a thousand.
MAX_JSON_DEPTH = 20


class JSONTooDeep(DomainError):
    """A JSON body nested deeper than MAX_JSON_DEPTH; answered as an RFC 9457 problem."""

    code = "json_too_deep"
    status = 400
    problem = True


class FormExpected(DomainError):
    """JSON sent to a page: the site's pages read forms; only the API reads JSON (Flask-WTF
    would otherwise take any JSON value as a form's fields)."""

    code = "form_expected"
    status = 415
    problem = True


class BoundedJSONProvider(DefaultJSONProvider):
    """The app's JSON: every way of reading a request's body (get_json, .json, silent or not)
    checks the depth before parsing; the refusal is not a ValueError, so get_json(silent=True)
    does not turn it into None."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse JSON text no deeper than MAX_JSON_DEPTH; raises JSONTooDeep."""
        if jsondepth.deeper_than(s, MAX_JSON_DEPTH):
            raise JSONTooDeep(
                _(
                    "What you sent is nested more than %(limit)d levels deep. "
                    "Please send a flatter JSON body.",
                    limit=MAX_JSON_DEPTH,
                )
            )
        return super().loads(s, **kwargs)


def storable(text: str) -> bool:
    """False for text with a NUL character or half of a surrogate pair."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


def _texts_and_numbers(value: Any) -> Iterator[Any]:
    """Every string (keys too) and number in a JSON value, without recursion."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        else:
            yield item


# A typed number longer than this is no quantity anyone means; WTForms turns it into an int
# that NumberRange then compares as a float (OverflowError past ~309 digits).
LONGEST_TYPED_NUMBER = 100
_TYPED_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*")


def _typed_number_fits(text: str) -> bool:
    """False for a form value that is a whole number of more than LONGEST_TYPED_NUMBER digits."""
    return len(text) <= LONGEST_TYPED_NUMBER or not _TYPED_NUMBER.fullmatch(text)


def _fits(number: int | float) -> bool:
    """A JSON number a database column can take: a finite float, an int of 32 bits."""
    if isinstance(number, float):
        return math.isfinite(number)
    return -typed.DATABASE_INT <= number <= typed.DATABASE_INT


def refuse_unstorable_text() -> None:
    """Check the query string, form fields and JSON body of the request (every value of a
    repeated field, and the field names too)."""
    fields = list(request.args.lists())
    found: list[Any] = []
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        fields += request.form.lists()
        if request.is_json:
            body = request.get_json(silent=True)  # JSONTooDeep first (BoundedJSONProvider)
            if not is_api_request():
                raise FormExpected(_("This page takes a form, not JSON. The API is at /api/v1/."))
            found += _texts_and_numbers(body)
    for name, texts in fields:
        found += [name, *texts]
    if not all(storable(v) for v in found if isinstance(v, str)):
        raise DomainError(
            _("Some characters in what you typed cannot be saved. Please type it again."),
            code="invalid_characters",
            status=400,
        )
    numbers_fit = all(_typed_number_fits(v) for v in found if isinstance(v, str))
    if not numbers_fit or not all(_fits(v) for v in found if isinstance(v, int | float)):
        raise DomainError(
            _("A number in what you sent is too large, or is not a number."),
            code="number_out_of_range",
            status=400,
        )


def init_app(app: Flask) -> None:
    """Bound the depth of JSON bodies and run the text check before every request."""
    app.json = BoundedJSONProvider(app)
    app.before_request(refuse_unstorable_text)
