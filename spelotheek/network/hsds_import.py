"""HSDS 3.0 JSON into the directory, with a report of what it creates and changes.

What it reads: one HSDS object (an organization, service, service_at_location, location,
taxonomy or taxonomy_term, told apart by their fields), a list of them, an HSDA page
({"contents": […]}), or the bundle `spelotheek network export` writes ({"taxonomies",
"taxonomy_terms", "organizations", "services", "service_at_locations", "locations"}: lists of
full objects). Every object is first checked against the HSDS schemas (the copy in
hsds_schema/); an invalid file is refused with its first errors and nothing changed.

Entries are matched by HSDS id (our `uuid` columns): new ones are created, known ones get the
fields the file gives. Organisations, services, places, their hours and the services' life
domains are kept; taxonomy terms update the life domain with the same id or code, other terms
are reported and skipped; what the directory has no place for (programs, contacts, funding,
schedules not at a place, monthly schedules …) is reported and skipped. The mapping is the
reverse of spelotheek/network/hsds.py, so export → import → export gives the same file.

The caller owns the transaction: `import_document` flushes, and the caller commits — or rolls
back for a dry run or when ImportRefused is raised (one bad object changes nothing).
"""

from __future__ import annotations

import json
import math
import re
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from spelotheek.content import SOURCE_LANGUAGE
from spelotheek.network import hsds
from spelotheek.network.history import differences, record_change
from spelotheek.network.models import (
    LifeDomain,
    NetworkLocation,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceHours,
)
from spelotheek.network.texts import refresh_search_text
from spelotheek.settings import LANGUAGES

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from sqlalchemy.orm import Session

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
FIRST_ERRORS = 10
LONGEST_TEXT = 2000
SCHEMAS = {
    "organization": "organization.json",
    "service": "service.json",
    "service_at_location": "service_at_location.json",
    "location": "location.json",
    "taxonomy": "taxonomy.json",
    "taxonomy_term": "taxonomy_term.json",
}
BUNDLE_KEYS = {
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organizations": "organization",
    "locations": "location",
    "services": "service",
    "service_at_locations": "service_at_location",
}
# Fields only a service has: a service that lacks `status` is still told apart (and refused).
SERVICE_ONLY = {
    "status",
    "service_at_locations",
    "organization",
    "program",
    "program_id",
    "interpretation_services",
    "application_process",
    "fees_description",
    "eligibility_description",
    "cost_options",
    "required_documents",
    "service_areas",
    "assured_date",
    "minimum_age",
    "maximum_age",
    "last_modified",
}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?")


# --- the schemas ----------------------------------------------------------------------------


@cache
def validator(schema_file: str) -> Validator:
    """A validator for one schema file, its references resolved among the copied schemas."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name != "openapi.json"
    ]
    registry: Registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMA_DIR / schema_file).read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@dataclass(frozen=True)
class Problem:
    """Where in the file (a path such as services[0].phones[1].number) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportRefused(Exception):
    """The file cannot be imported; nothing was changed. Carries its first problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:FIRST_ERRORS]))
        self.problems = problems[:FIRST_ERRORS]


def _path(where: str, parts: Any) -> str:
    text = where
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def guess_kind(thing: dict[str, Any]) -> str:
    """Which HSDS object this is, from the fields only that kind has."""
    keys = set(thing)
    if "location_type" in keys:
        return "location"
    if keys & SERVICE_ONLY:
        return "service"
    if keys & {"service", "location", "service_id", "location_id"}:
        return "service_at_location"
    if keys & {"code", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri"}:
        return "taxonomy_term"
    if "version" in keys and keys <= {"id", "name", "description", "uri", "version", "metadata"}:
        return "taxonomy"
    return "organization"


def objects_of(document: Any) -> Iterator[tuple[str, str, Any]]:
    """(where, kind, object) for every top-level object of the file."""
    # A bundle has lists of objects and no id of its own (an organization has "services").
    if isinstance(document, dict) and "id" not in document and BUNDLE_KEYS.keys() & document.keys():
        for key, kind in BUNDLE_KEYS.items():
            items = document.get(key, [])
            if not isinstance(items, list):
                yield key, "list", items
                continue
            for n, item in enumerate(items):
                yield f"{key}[{n}]", kind, item
    elif isinstance(document, dict) and isinstance(document.get("contents"), list):
        for n, item in enumerate(document["contents"]):
            yield f"contents[{n}]", guess_kind(item) if isinstance(item, dict) else "?", item
    elif isinstance(document, dict):
        yield "$", guess_kind(document), document
    elif isinstance(document, list):
        for n, item in enumerate(document):
            yield f"[{n}]", guess_kind(item) if isinstance(item, dict) else "?", item
    else:
        yield "$", "?", document


def schema_problems(document: Any) -> list[Problem]:
    """The file's first problems against the HSDS schemas (none: every object is valid)."""
    problems: list[Problem] = []
    for where, kind, thing in objects_of(document):
        if kind not in SCHEMAS or not isinstance(thing, dict):
            problems.append(Problem(where, "not an HSDS object"))
            continue
        errors = sorted(validator(SCHEMAS[kind]).iter_errors(thing), key=lambda e: e.path)
        problems += [Problem(_path(where, e.absolute_path), e.message) for e in errors]
        if len(problems) >= FIRST_ERRORS:
            break
    return problems[:FIRST_ERRORS]


def read_document(raw: bytes | str) -> Any:
    """The JSON in a file, or ImportRefused saying where it breaks."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportRefused([Problem("$", f"not JSON: {error}")]) from None


# --- the report -----------------------------------------------------------------------------


@dataclass
class Entry:
    """What the import does to one entry of the directory."""

    entity: str  # organization, service, location, domain
    uuid: str
    name: str
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)
    organization: Organization | None = None


@dataclass
class Report:
    """What an import created, changed, left alone and skipped."""

    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.created]

    @property
    def changed(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.created and e.changes]

    @property
    def unchanged(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.created and not e.changes]

    def lines(self, dry_run: bool) -> list[str]:
        """The report as the command prints it."""
        create, change = ("would create", "would change") if dry_run else ("created", "changed")
        out = [f"{create} {e.entity} {e.uuid} «{e.name}»" for e in self.created]
        out += [
            f"{change} {e.entity} {e.uuid} «{e.name}» ({', '.join(sorted(e.changes))})"
            for e in self.changed
        ]
        out += [f"skipped {p.where}: {p.message}" for p in self.skipped]
        out.append(
            f"{len(self.created)} new, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )
        return out


# --- reading values -------------------------------------------------------------------------


def _text(thing: dict[str, Any], key: str, where: str, longest: int = LONGEST_TEXT) -> str:
    value = thing.get(key)
    if value is None:
        return ""
    text = str(value).strip()
    if "\x00" in text:
        raise ImportRefused([Problem(f"{where}.{key}", "a character that cannot be stored")])
    if len(text) > longest:
        raise ImportRefused([Problem(f"{where}.{key}", f"longer than {longest} characters")])
    return text


def _name(thing: dict[str, Any], where: str, longest: int = 160) -> str:
    """A name the directory can show: present, not blank, not too long."""
    name = _text(thing, "name", where, longest)
    if not name:
        raise ImportRefused([Problem(f"{where}.name", "empty")])
    return name


def _translations(thing: dict[str, Any], where: str) -> dict[str, dict[str, str]]:
    raw = thing.get("translations")
    if raw is None:
        return {}
    bad = not isinstance(raw, dict) or any(
        not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values())
        for texts in raw.values()
    )
    if bad:
        raise ImportRefused([Problem(f"{where}.translations", "must be {language: {field: text}}")])
    kept: dict[str, dict[str, str]] = {}
    for lang, texts in raw.items():
        if lang in LANGUAGES and lang != SOURCE_LANGUAGE:
            kept[lang] = {k: _text(texts, k, f"{where}.translations.{lang}") for k in texts}
    return kept


def _texts(translated: dict[str, dict[str, str]], hsds_field: str) -> dict[str, str] | None:
    found = {
        lang: texts[hsds_field]
        for lang, texts in sorted(translated.items())
        if texts.get(hsds_field)
    }
    return found or None


def _day(thing: dict[str, Any], key: str, where: str) -> date | None:
    value = thing.get(key)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ImportRefused([Problem(f"{where}.{key}", "not a date (YYYY-MM-DD)")]) from None


def _age(thing: dict[str, Any], key: str, where: str) -> int | None:
    value = thing.get(key)
    if value is None:
        return None
    if not (isinstance(value, int | float) and math.isfinite(value)) or value != int(value):
        raise ImportRefused([Problem(f"{where}.{key}", "not an age in whole years")])
    if not 0 <= value <= 130:
        raise ImportRefused([Problem(f"{where}.{key}", "not an age in whole years")])
    return int(value)


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _clock(text: Any) -> time | None:
    match = CLOCK.match(text) if isinstance(text, str) else None
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _cost(thing: dict[str, Any]) -> tuple[str, int | None]:
    options = [o for o in thing.get("cost_options") or [] if isinstance(o, dict)]
    if not options:
        return ("paid" if thing.get("fees_description") else "free"), None
    first = options[0]
    amount = first.get("amount")
    euros = str(first.get("currency") or "EUR").upper() == "EUR"
    price = None
    if isinstance(amount, int | float) and math.isfinite(amount) and 0 <= amount < 10**6 and euros:
        price = round(amount * 100)
    if first.get("option") in ("free", "reduced", "paid"):
        cost = str(first["option"])
    else:
        cost = "free" if amount == 0 else "paid"
    return cost, (None if cost == "free" and price == 0 else price)


def _access(text: str) -> str:
    for mode, sentence in hsds.APPLICATION.items():
        if text == sentence:
            return mode
    # Another directory's own words: sending a family on a walk-in guess is worse than asking.
    return "appointment"


# --- the import -----------------------------------------------------------------------------


class _Import:
    """One import in one session: looks entries up once and remembers what it did."""

    def __init__(self, db: Session, user_id: int | None):
        self.db = db
        self.user_id = user_id
        self.report = Report()

    # finding entries by HSDS id

    def _by_uuid(self, model: Any, uuid: str | None) -> Any:
        if not uuid:
            return None
        return self.db.scalars(select(model).where(model.uuid == uuid)).one_or_none()

    def _note(self, entity: str, thing: Any, name: str, created: bool, changes, org) -> None:
        key = (entity, thing.uuid)
        entry = self.report.entries.get(key)
        if entry is None:
            self.report.entries[key] = Entry(entity, thing.uuid, name, created, changes, org)
        else:
            for name_of_field, change in changes.items():
                if name_of_field in entry.changes:
                    entry.changes[name_of_field][1] = change[1]
                else:
                    entry.changes[name_of_field] = change

    def _apply(self, entity: str, thing: Any, values: dict[str, Any], created: bool, org) -> dict:
        before = {k: (None if created else _comparable(getattr(thing, k))) for k in values}
        for key, value in values.items():
            setattr(thing, key, value)
        changes = differences(before, {k: _comparable(v) for k, v in values.items()})
        self._note(entity, thing, values.get("name") or thing.name, created, changes, org)
        return changes

    def skip(self, where: str, why: str) -> None:
        self.report.skipped.append(Problem(where, why))

    # taxonomy

    def taxonomy(self, thing: dict[str, Any], where: str) -> None:
        if thing["id"] != hsds.LIFE_WEB_ID:
            self.skip(where, "only the life web is kept here; its terms are the life domains")

    def taxonomy_term(self, thing: dict[str, Any], where: str) -> LifeDomain | None:
        domain = self._by_uuid(LifeDomain, thing["id"])
        if domain is None and thing.get("code"):
            domain = self.db.scalars(
                select(LifeDomain).where(LifeDomain.code == str(thing["code"]))
            ).one_or_none()
        if domain is None:
            self.skip(where, f"«{thing.get('name')}» is not one of the life domains here")
            return None
        translated = _translations(thing, where)
        name = _name(thing, where, 80)
        description = _text(thing, "description", where)
        values = {
            "name": name,
            "name_texts": _texts(translated, "name"),
            # The export writes the name when a domain has no description.
            "description": "" if description == name and not domain.description else description,
            "description_texts": _texts(translated, "description"),
        }
        self._apply("domain", domain, values, False, None)
        return domain

    # organisations and places

    def organization(self, thing: dict[str, Any], where: str) -> Organization:
        found = self._by_uuid(Organization, thing["id"])
        created = found is None
        org = found or Organization(uuid=thing["id"])
        translated = _translations(thing, where)
        phones = [p for p in thing.get("phones") or [] if isinstance(p, dict)]
        values = {
            "name": _name(thing, where),
            "description": _text(thing, "description", where),
            "description_texts": _texts(translated, "description"),
            "email": _text(thing, "email", where, 254),
            "website": _text(thing, "website", where, 300),
            "phone": _text(phones[0], "number", f"{where}.phones[0]", 40) if phones else "",
        }
        if created:
            self.db.add(org)
        changes = self._apply("organization", org, values, created, org)
        if changes and not created:
            org.updated_at = datetime.now(UTC)
        self.db.flush()
        for n, place in enumerate(thing.get("locations") or []):
            self.location(place, f"{where}.locations[{n}]", org)
        for n, offered in enumerate(thing.get("services") or []):
            self.service(offered, f"{where}.services[{n}]", org)
        return org

    def location(
        self, thing: dict[str, Any], where: str, org: Organization | None
    ) -> NetworkLocation | None:
        found = self._by_uuid(NetworkLocation, thing["id"])
        if org is None and thing.get("organization_id"):
            org = self._by_uuid(Organization, thing["organization_id"])
        if org is None and found is not None:
            org = found.organization
        if org is None:
            self.skip(where, "a place without its organisation")
            return None
        if found is not None and found.organization_id != org.id:
            raise ImportRefused([Problem(where, "this place belongs to another organisation")])
        if thing.get("location_type") == "virtual":
            self.skip(where, "only places families can go to are kept")
            return None
        created = found is None
        place = found or NetworkLocation(uuid=thing["id"], organization=org)
        translated = _translations(thing, where)
        values = self._place_values(thing, where, translated)
        if not values["name"]:
            values["name"] = values["address"] or org.name
        for n, _schedule in enumerate(thing.get("schedules") or []):
            self.skip(f"{where}.schedules[{n}]", "hours are kept per service at a place")
        if created:
            self.db.add(place)
        self._apply("location", place, values, created, org)
        self.db.flush()
        return place

    def _place_values(self, thing, where: str, translated) -> dict[str, Any]:
        addresses = [a for a in thing.get("addresses") or [] if isinstance(a, dict)]
        physical = [a for a in addresses if a.get("address_type") == "physical"]
        address = (physical or addresses or [{}])[0]
        at = f"{where}.addresses[{addresses.index(address) if address in addresses else 0}]"
        latitude, longitude = thing.get("latitude"), thing.get("longitude")
        if latitude is not None and not -90 <= latitude <= 90:
            self.skip(f"{where}.latitude", "not a latitude; left out")
            latitude = None
        if longitude is not None and not -180 <= longitude <= 180:
            self.skip(f"{where}.longitude", "not a longitude; left out")
            longitude = None
        access = [a for a in thing.get("accessibility") or [] if isinstance(a, dict)]
        first = access[0] if access else {}
        said = _text(first, "description", f"{where}.accessibility[0]")
        details = _text(first, "details", f"{where}.accessibility[0]")
        step_free = next((k for k, v in hsds.STEP_FREE.items() if v == said), None)
        note = details if step_free is not None else "\n".join(t for t in (said, details) if t)
        return {
            "name": _text(thing, "name", where, 160),
            "address": _text(address, "address_1", at, 200),
            "postcode": _text(address, "postal_code", at, 10),
            "city": _text(address, "city", at, 80),
            "latitude": latitude,
            "longitude": longitude,
            "transit_stop": _text(thing, "transportation", where, 160),
            "transit_stop_texts": _texts(translated, "transportation"),
            "step_free": step_free,
            "access_note": note[:LONGEST_TEXT],
            "access_note_texts": _texts(translated, "accessibility"),
        }

    # services

    def service(self, thing: dict[str, Any], where: str, org: Organization | None) -> Service:
        if isinstance(thing.get("organization"), dict):
            org = self.organization(thing["organization"], f"{where}.organization")
        elif org is None and thing.get("organization_id"):
            org = self._by_uuid(Organization, thing["organization_id"])
        found = self._by_uuid(Service, thing["id"])
        if org is None and found is not None:
            org = found.organization
        if org is None:
            raise ImportRefused(
                [Problem(where, "its organisation is neither in the file nor in the directory")]
            )
        if found is not None and found.organization_id != org.id:
            raise ImportRefused([Problem(where, "this service belongs to another organisation")])
        created = found is None
        offered = found or Service(uuid=thing["id"], organization=org)
        values = self._service_values(thing, where)
        if created:
            self.db.add(offered)
        changes = self._apply("service", offered, values, created, org)
        domains = self._domains(thing, where)
        if domains is not None:
            self._set(offered, "domains", domains, lambda ds: [d.code for d in ds], created, org)
        if "service_at_locations" in thing:
            kept = [
                self.service_at_location(place, f"{where}.service_at_locations[{n}]", offered)
                for n, place in enumerate(thing["service_at_locations"])
            ]
            gone = [p for p in offered.places if p not in kept]
            if gone:
                self._note(
                    "service",
                    offered,
                    offered.name,
                    created,
                    {"places": [sorted(p.uuid for p in gone), None]},
                    org,
                )
                for place in gone:
                    offered.places.remove(place)
        for n, _schedule in enumerate(thing.get("schedules") or []):
            self.skip(f"{where}.schedules[{n}]", "hours are kept per service at a place")
        entry = self.report.entries[("service", offered.uuid)]
        if created or changes or entry.changes:
            offered.updated_at = _instant(thing.get("last_modified")) or datetime.now(UTC)
        self.db.flush()
        refresh_search_text(offered)
        return offered

    def _service_values(self, thing: dict[str, Any], where: str) -> dict[str, Any]:
        translated = _translations(thing, where)
        cost, price = _cost(thing)
        documents = [d for d in thing.get("required_documents") or [] if isinstance(d, dict)]
        codes: list[str] = []
        for language in thing.get("languages") or []:
            code = str(language.get("code") or "").strip().lower()
            if LANGUAGE_CODE.match(code) and code not in codes:
                codes.append(code)
        phones = [p for p in thing.get("phones") or [] if isinstance(p, dict)]
        minimum, maximum = _age(thing, "minimum_age", where), _age(thing, "maximum_age", where)
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ImportRefused([Problem(f"{where}.maximum_age", "below the minimum age")])
        return {
            "name": _name(thing, where),
            "name_texts": _texts(translated, "name"),
            "description": _text(thing, "description", where),
            "description_texts": _texts(translated, "description"),
            "audience": _text(thing, "eligibility_description", where),
            "audience_texts": _texts(translated, "eligibility_description"),
            "cost": cost,
            "price_cents": price,
            "cost_details": _text(thing, "fees_description", where),
            "cost_details_texts": _texts(translated, "fees_description"),
            "what_to_bring": "\n".join(
                _text(d, "document", f"{where}.required_documents[{n}]")
                for n, d in enumerate(documents)
                if d.get("document")
            )[:LONGEST_TEXT],
            "what_to_bring_texts": _texts(translated, "required_documents"),
            "languages": codes,
            "interpreter": bool(thing.get("interpretation_services")),
            "access": _access(_text(thing, "application_process", where)),
            "phone": _text(phones[0], "number", f"{where}.phones[0]", 40) if phones else "",
            "email": _text(thing, "email", where, 254),
            "url": _text(thing, "url", where, 300),
            "status": "active" if thing.get("status") == "active" else "inactive",
            "minimum_age": minimum,
            "maximum_age": maximum,
            "checked_on": _day(thing, "assured_date", where),
        }

    def _domains(self, thing: dict[str, Any], where: str) -> list[LifeDomain] | None:
        if "attributes" not in thing:
            return None
        chosen: list[LifeDomain] = []
        for n, attribute in enumerate(thing["attributes"] or []):
            term = attribute.get("taxonomy_term") or {}
            at = f"{where}.attributes[{n}]"
            domain = self._by_uuid(LifeDomain, attribute.get("taxonomy_term_id") or term.get("id"))
            if domain is None and term.get("code"):
                domain = self.db.scalars(
                    select(LifeDomain).where(LifeDomain.code == str(term["code"]))
                ).one_or_none()
            if domain is None:
                self.skip(at, "not a life domain here")
            elif domain not in chosen:
                chosen.append(domain)
        return sorted(chosen, key=lambda d: (d.position, d.code))

    def _set(self, thing, attribute: str, value, shown, created: bool, org) -> None:
        before = None if created else shown(getattr(thing, attribute))
        setattr(thing, attribute, value)
        after = shown(value)
        if before != after:
            entity = "service"
            self._note(entity, thing, thing.name, created, {attribute: [before, after]}, org)

    def service_at_location(
        self, thing: dict[str, Any], where: str, offered: Service | None = None
    ) -> ServiceAtLocation | None:
        if offered is None and isinstance(thing.get("service"), dict):
            offered = self.service(thing["service"], f"{where}.service", None)
        elif offered is None and thing.get("service_id"):
            offered = self._by_uuid(Service, thing["service_id"])
        if offered is None:
            raise ImportRefused([Problem(where, "its service is neither in the file nor here")])
        if isinstance(thing.get("location"), dict):
            place = self.location(thing["location"], f"{where}.location", offered.organization)
        else:
            place = self._by_uuid(NetworkLocation, thing.get("location_id") or "")
        if place is None:
            self.skip(where, "no place families can go to")
            return None
        if place.organization is not offered.organization:
            raise ImportRefused([Problem(where, "this place belongs to another organisation")])
        found = self._by_uuid(ServiceAtLocation, thing["id"])
        if found is not None and found.service_id != offered.id:
            raise ImportRefused([Problem(where, "this place belongs to another service")])
        twin = next((p for p in offered.places if p.location is place and p is not found), None)
        if twin is not None:
            raise ImportRefused([Problem(where, "the service is at this place twice")])
        created = found is None
        at_place = found or ServiceAtLocation(uuid=thing["id"], service=offered, location=place)
        if created:
            self.db.add(at_place)
            self._note("service", offered, offered.name, False, {}, offered.organization)
        wanted = self._hours(thing, where)
        before = None if created else _hours_shown(at_place.hours)
        if wanted is not None and before != _hours_shown(wanted):
            at_place.hours = wanted
            self._note(
                "service",
                offered,
                offered.name,
                False,
                {"hours": [before, _hours_shown(wanted)]},
                offered.organization,
            )
        if at_place.location is not place:
            at_place.location = place
            moved = {"places": [None, place.uuid]}
            self._note("service", offered, offered.name, False, moved, None)
        if created:
            self._note(
                "service", offered, offered.name, False, {"places": [None, at_place.uuid]}, None
            )
        self.db.flush()
        return at_place

    def _hours(self, thing: dict[str, Any], where: str) -> list[ServiceHours] | None:
        if "schedules" not in thing:
            return None
        sessions: dict[tuple[int, time, time], ServiceHours] = {}
        for n, schedule in enumerate(thing["schedules"] or []):
            at = f"{where}.schedules[{n}]"
            opens, closes = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
            days = [d.strip() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
            named = bool(days) and all(d in hsds.DAYS for d in days)
            if schedule.get("freq") != "WEEKLY" or not named:
                self.skip(at, "only weekly hours on named days are kept")
                continue
            if opens is None or closes is None:
                self.skip(at, "no opening and closing time")
                continue
            if opens >= closes:
                raise ImportRefused([Problem(at, "the hours end before they start")])
            for code in days:
                weekday = hsds.DAYS.index(code)
                sessions[(weekday, opens, closes)] = ServiceHours(
                    weekday=weekday, opens=opens, closes=closes
                )
        return [sessions[k] for k in sorted(sessions)]

    def record(self) -> None:
        """One "imported" change in the directory's history per entry created or changed."""
        for entry in self.report.entries.values():
            if entry.created or entry.changes:
                record_change(
                    self.db,
                    entry.entity,
                    entry.uuid,
                    "imported",
                    organization_id=entry.organization.id if entry.organization else None,
                    user_id=self.user_id,
                    changes=entry.changes or None,
                )


def _comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(sorted(value.items())) or None
    if isinstance(value, list):
        return list(value)
    return value


def _hours_shown(hours: list[ServiceHours]) -> list[str]:
    return sorted(
        f"{hsds.DAYS[h.weekday]} {hsds.clock(h.opens)}-{hsds.clock(h.closes)}" for h in hours
    )


def import_document(db: Session, document: Any, *, user_id: int | None = None) -> Report:
    """Check the document against the schemas, then bring it into the directory (flushed, not
    committed). Raises ImportRefused, with the first problems, when it cannot be imported."""
    problems = schema_problems(document)
    if problems:
        raise ImportRefused(problems)
    work = _Import(db, user_id)
    for where, kind, thing in sorted(objects_of(document), key=lambda o: _ORDER.index(o[1])):
        if kind == "list":
            continue
        thing = {**thing, "id": str(uuidlib.UUID(thing["id"]))}
        if kind == "taxonomy":
            work.taxonomy(thing, where)
        elif kind == "taxonomy_term":
            work.taxonomy_term(thing, where)
        elif kind == "organization":
            work.organization(thing, where)
        elif kind == "location":
            work.location(thing, where, None)
        elif kind == "service":
            work.service(thing, where, None)
        else:
            work.service_at_location(thing, where)
    work.record()
    return work.report


_ORDER = ["taxonomy", "taxonomy_term", "organization", "location", "service", "service_at_location"]
