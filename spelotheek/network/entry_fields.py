"""The fields of directory entries, checked and trimmed before they are saved: the same
checks for the manage pages and for anything else that writes entries. No database here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network import checks
from spelotheek.network.checks import EntryError
from spelotheek.network.models import ACCESS_MODES, COSTS, SERVICE_STATES

ORGANIZATION_FIELDS = ("name", "description", "description_texts", "website", "email", "phone")
SERVICE_FIELDS = (
    "name",
    "name_texts",
    "description",
    "description_texts",
    "audience",
    "audience_texts",
    "cost",
    "cost_details",
    "cost_details_texts",
    "price_cents",
    "what_to_bring",
    "what_to_bring_texts",
    "languages",
    "interpreter",
    "access",
    "phone",
    "email",
    "url",
    "status",
    "minimum_age",
    "maximum_age",
)
LOCATION_FIELDS = (
    "name",
    "address",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "transit_stop",
    "transit_stop_texts",
    "step_free",
    "access_note",
    "access_note_texts",
)
# Languages a service can say it speaks: the site's five and those often asked for here.
SPOKEN_LANGUAGES = (
    "nl",
    "fr",
    "en",
    "ar",
    "tr",
    "de",
    "es",
    "pl",
    "ro",
    "bg",
    "ru",
    "uk",
    "so",
    "ps",
    "fa",
    "ti",
)
MAX_AGE = 120


def _texts(values: Mapping[str, Any], field: str, limit: int = checks.MAX_TEXT) -> None:
    """Refuse a translation longer than the limit (the source text is checked by the caller)."""
    for text in (values.get(f"{field}_texts") or {}).values():
        if len(text) > limit:
            raise EntryError(_l("Please keep this under %(n)d characters.", n=limit), field)


def checked_organization(values: Mapping[str, Any]) -> dict[str, Any]:
    """An organisation's fields, checked and trimmed; EntryError names the first bad one."""
    _texts(values, "description")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=160),
        "description": checks.text(values.get("description", ""), "description"),
        "description_texts": values.get("description_texts"),
        "website": checks.url(values.get("website", ""), "website"),
        "email": checks.email(values.get("email", ""), "email"),
        "phone": checks.phone(values.get("phone", ""), "phone"),
    }


def _optional_int(value: Any, field: str, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise EntryError(_l("Please give a number from 0 to %(n)d.", n=high), field)
    return value


def checked_service(values: Mapping[str, Any]) -> dict[str, Any]:
    """A service's fields, checked and trimmed; EntryError names the first bad one."""
    for field in ("name", "description", "audience", "cost_details", "what_to_bring"):
        _texts(values, field)
    cost = values.get("cost", "free")
    access = values.get("access", "walk_in")
    status = values.get("status", "active")
    if cost not in COSTS:
        raise EntryError(_l("Please choose free, reduced rate or paid."), "cost")
    if access not in ACCESS_MODES:
        raise EntryError(_l("Please choose walk-in or by appointment."), "access")
    if status not in SERVICE_STATES:
        raise EntryError(_l("Please choose active or not active."), "status")
    price = _optional_int(values.get("price_cents"), "price", 10_000_000)
    minimum = _optional_int(values.get("minimum_age"), "minimum_age", MAX_AGE)
    maximum = _optional_int(values.get("maximum_age"), "maximum_age", MAX_AGE)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise EntryError(
            _l("The lowest age is higher than the highest age. Please check them."), "maximum_age"
        )
    languages = list(values.get("languages") or [])
    if any(lang not in SPOKEN_LANGUAGES for lang in languages):
        raise EntryError(_l("Please choose languages from the list."), "languages")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=160),
        "name_texts": values.get("name_texts"),
        "description": checks.text(values.get("description", ""), "description", required=True),
        "description_texts": values.get("description_texts"),
        "audience": checks.text(values.get("audience", ""), "audience"),
        "audience_texts": values.get("audience_texts"),
        "cost": cost,
        "cost_details": checks.text(values.get("cost_details", ""), "cost_details"),
        "cost_details_texts": values.get("cost_details_texts"),
        "price_cents": None if cost == "free" else price,
        "what_to_bring": checks.text(values.get("what_to_bring", ""), "what_to_bring"),
        "what_to_bring_texts": values.get("what_to_bring_texts"),
        "languages": [lang for lang in SPOKEN_LANGUAGES if lang in languages],
        "interpreter": bool(values.get("interpreter")),
        "access": access,
        "phone": checks.phone(values.get("phone", ""), "phone"),
        "email": checks.email(values.get("email", ""), "email"),
        "url": checks.url(values.get("url", ""), "url"),
        "status": status,
        "minimum_age": minimum,
        "maximum_age": maximum,
    }


def _coordinate(value: Any, field: str, limit: float) -> float | None:
    if value is None or value == "":
        return None
    if not isinstance(value, int | float) or not -limit <= float(value) <= limit:
        raise EntryError(
            _l("This number is out of range (%(n)d to %(m)d).", n=-limit, m=limit), field
        )
    return float(value)


def checked_location(values: Mapping[str, Any]) -> dict[str, Any]:
    """A place's fields, checked and trimmed; EntryError names the first bad one."""
    for field in ("transit_stop", "access_note"):
        _texts(values, field)
    latitude = _coordinate(values.get("latitude"), "latitude", 90)
    longitude = _coordinate(values.get("longitude"), "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise EntryError(_l("Please give both latitude and longitude, or neither."), "longitude")
    step_free = values.get("step_free")
    if step_free not in (True, False, None):
        raise EntryError(_l("Please choose yes, no or not known."), "step_free")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=160),
        "address": checks.text(values.get("address", ""), "address", required=True, limit=200),
        "postcode": checks.postcode(values.get("postcode", "")),
        "city": checks.text(values.get("city", ""), "city", required=True, limit=80),
        "latitude": latitude,
        "longitude": longitude,
        "transit_stop": checks.text(values.get("transit_stop", ""), "transit_stop", limit=160),
        "transit_stop_texts": values.get("transit_stop_texts"),
        "step_free": step_free,
        "access_note": checks.text(values.get("access_note", ""), "access_note"),
        "access_note_texts": values.get("access_note_texts"),
    }
