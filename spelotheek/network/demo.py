"""The network's demo data: about thirty services around Gent in every life domain, twelve
rights with their tables of cases, holiday closures and a partner account. Names, phone
numbers and people are invented; streets, postcodes and coordinates look like Gent's.
Safe to run twice: a second run finds the first organisation and adds nothing."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.auth.passwords import hash_secret
from spelotheek.network import rules
from spelotheek.network.demo_texts import (
    ACCESS_NOTES,
    AUDIENCE,
    BRING,
    COST_DETAILS,
    GENT,
    MODES,
    ORGANIZATIONS,
    PARTNER_EMAIL,
    PARTNER_ORGANIZATION,
    PLACES,
    RIGHTS,
    SERVICES,
    STALE_DAYS,
    TRANSIT,
    Texts,
)
from spelotheek.network.models import (
    LifeDomain,
    NetworkClosure,
    NetworkLocation,
    Organization,
    Right,
    Service,
    ServiceAtLocation,
    ServiceHours,
)
from spelotheek.network.texts import refresh_search_text

__all__ = ["GENT", "PARTNER_EMAIL", "PARTNER_ORGANIZATION", "RIGHTS", "SERVICES", "load"]


def _split(texts: Texts) -> tuple[str, Texts | None]:
    """The Dutch source text and the translations, as a translated field stores them."""
    others = {lang: text for lang, text in texts.items() if lang != "nl"}
    return texts["nl"], others or None


SEPARATORS = {"nl": "; ", "fr": " ; ", "en": "; ", "ar": "، ", "tr": "; "}


def _joined(keys: tuple[str, ...]) -> Texts:
    """Several BRING phrases as one text per language, "A; b." (each language's punctuation)."""
    joined = {lang: sep.join(BRING[key][lang] for key in keys) for lang, sep in SEPARATORS.items()}
    return {lang: text[:1].upper() + text[1:] + "." for lang, text in joined.items()}


# -- closures ---------------------------------------------------------------------------------


def easter(year: int) -> date:
    """Easter Sunday (the Gregorian computus), for the movable public holidays."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> list[tuple[date, str]]:
    """Belgium's public holidays and the Flemish Community's day, with their Dutch names."""
    sunday = easter(year)
    return [
        (date(year, 1, 1), "Nieuwjaar"),
        (sunday + timedelta(days=1), "Paasmaandag"),
        (date(year, 5, 1), "Dag van de Arbeid"),
        (sunday + timedelta(days=39), "O.L.H. Hemelvaart"),
        (sunday + timedelta(days=50), "Pinkstermaandag"),
        (date(year, 7, 11), "Feest van de Vlaamse Gemeenschap"),
        (date(year, 7, 21), "Nationale feestdag"),
        (date(year, 8, 15), "O.L.V. Hemelvaart"),
        (date(year, 11, 1), "Allerheiligen"),
        (date(year, 11, 11), "Wapenstilstand"),
        (date(year, 12, 25), "Kerstmis"),
    ]


def network_closures(today: date) -> list[tuple[date, date, str]]:
    """The coming Christmas closure and every public holiday of the year ahead, outside it."""
    # The closure that has not ended yet: on New Year's Day still last year's.
    first_year = today.year - 1 if (today.month, today.day) == (1, 1) else today.year
    christmas = (date(first_year, 12, 24), date(first_year + 1, 1, 1))
    periods = [(christmas[0], christmas[1], "Kerstvakantie: gesloten tussen Kerstmis en Nieuwjaar")]
    ahead = today + timedelta(days=365)
    for day, name in public_holidays(today.year) + public_holidays(today.year + 1):
        if today <= day <= ahead and not christmas[0] <= day <= christmas[1]:
            periods.append((day, day, f"Feestdag: {name}"))
    return sorted(periods)


# -- loading ----------------------------------------------------------------------------------
def _organizations(session: Session, today: date) -> dict[str, Organization]:
    made: dict[str, Organization] = {}
    for key, (name, about, phone, website) in ORGANIZATIONS.items():
        domain = website.removeprefix("https://")
        description, description_texts = _split(about)
        made[key] = Organization(
            name=name,
            description=description,
            description_texts=description_texts,
            website=website,
            email=f"onthaal@{domain}",
            phone=phone,
            checked_on=today - timedelta(days=30 + 3 * len(made)),
        )
        session.add(made[key])
    return made


def _places(orgs: dict[str, Organization]) -> dict[str, NetworkLocation]:
    made: dict[str, NetworkLocation] = {}
    for key, spec in PLACES.items():
        org, name, address, postcode, lat, lon, (mode, line, stop), step_free, note = spec
        transit = {
            lang: pattern.format(mode=MODES[mode][lang], line=line, stop=stop)
            for lang, pattern in TRANSIT.items()
        }
        transit_nl, transit_texts = _split(transit)
        note_nl, note_texts = _split(ACCESS_NOTES[note])
        made[key] = NetworkLocation(
            organization=orgs[org],
            name=name,
            address=address,
            postcode=postcode,
            city="Gent",
            latitude=lat,
            longitude=lon,
            transit_stop=transit_nl,
            transit_stop_texts=transit_texts,
            step_free=step_free,
            access_note=note_nl,
            access_note_texts=note_texts,
        )
    return made


def _service(
    spec: dict[str, Any],
    org: Organization,
    places: dict[str, NetworkLocation],
    domains: dict[str, LifeDomain],
    checked_on: date,
) -> Service:
    name, name_texts = _split(spec["name"])
    description, description_texts = _split(spec["description"])
    audience, audience_texts = _split(AUDIENCE[spec["audience"]])
    bring, bring_texts = _split(_joined(spec["bring"]))
    details, details_texts = ("", None)
    if spec.get("cost_details"):
        details, details_texts = _split(COST_DETAILS[spec["cost_details"]])
    ages = spec.get("ages", (None, None))
    service = Service(
        organization=org,
        name=name,
        name_texts=name_texts,
        description=description,
        description_texts=description_texts,
        audience=audience,
        audience_texts=audience_texts,
        cost=spec["cost"],
        cost_details=details,
        cost_details_texts=details_texts,
        price_cents=spec.get("price_cents"),
        what_to_bring=bring,
        what_to_bring_texts=None if spec.get("dutch_bring") else bring_texts,
        languages=spec["languages"],
        interpreter=spec["interpreter"],
        access=spec["access"],
        phone=spec["phone"],
        email=org.email,
        url=org.website,
        minimum_age=ages[0],
        maximum_age=ages[1],
        checked_on=checked_on,
        domains=[domains[code] for code in spec["domains"]],
    )
    for key in spec["places"]:
        place = ServiceAtLocation(service=service, location=places[key])
        place.hours = [
            ServiceHours(weekday=day, opens=time.fromisoformat(a), closes=time.fromisoformat(b))
            for day, a, b in spec["hours"]
        ]
    refresh_search_text(service)
    return service


def _services(session: Session, orgs: dict[str, Organization], today: date) -> dict[str, Service]:
    domains = {d.code: d for d in session.scalars(select(LifeDomain))}
    places = _places(orgs)
    made: dict[str, Service] = {}
    for index, spec in enumerate(SERVICES):
        org = orgs[spec["org"]]
        if spec.get("stale"):  # not checked for more than six months
            checked_on = today - timedelta(days=STALE_DAYS + 11 * index)
            org.checked_on = min(org.checked_on or checked_on, checked_on)
        else:
            checked_on = today - timedelta(days=4 + (17 * index) % 120)
        service = _service(spec, org, places, domains, checked_on)
        session.add(service)
        made[service.name] = service
    return made


def _rights(session: Session, services: dict[str, Service], today: date) -> list[Right]:
    domains = {d.code: d for d in session.scalars(select(LifeDomain))}
    made = []
    for position, spec in enumerate(RIGHTS):
        title, title_texts = _split(spec["title"])
        audience, audience_texts = _split(AUDIENCE[spec["audience"]])
        gives, gives_texts = _split(spec["gives"])
        how, how_texts = _split(spec["how"])
        bring, bring_texts = _split(_joined(spec["bring"]))
        right = Right(
            code=spec["code"],
            domain=domains[spec["domain"]],
            title=title,
            title_texts=title_texts,
            audience=audience,
            audience_texts=audience_texts,
            gives=gives,
            gives_texts=gives_texts,
            how=how,
            how_texts=how_texts,
            what_to_bring=bring,
            what_to_bring_texts=bring_texts,
            conditions=rules.checked_conditions(spec["conditions"]),
            cases=spec["cases"],
            position=position,
            checked_on=today - timedelta(days=40 + 5 * position),
            services=[services[name] for name in spec["services"]],
        )
        session.add(right)
        made.append(right)
    return made


def _partner(session: Session, org: Organization) -> User:
    """The demo partner account: it edits only its own organisation's entries."""
    from spelotheek.demo import DEMO_PASSWORD  # here: spelotheek.demo calls this module

    user = User(
        email=PARTNER_EMAIL,
        name="Partner De Brug",
        role="partner",
        organization_id=org.id,
        password_hash=hash_secret(DEMO_PASSWORD),
        language="nl",
    )
    session.add(user)
    session.flush()
    audit.record_by_staff_or_system(
        session, "account_created", None, subject_type="user", subject_id=user.id, detail="partner"
    )
    return user


def load(session: Session, today: date) -> bool:
    """Add the demo network unless it is there; True when it added."""
    first = next(iter(ORGANIZATIONS.values()))[0]
    if session.scalar(select(Organization.id).where(Organization.name == first)):
        return False
    orgs = _organizations(session, today)
    services = _services(session, orgs, today)
    _rights(session, services, today)
    session.add_all(
        NetworkClosure(location_id=None, first_day=a, last_day=b, reason=why)
        for a, b, why in network_closures(today)
    )
    session.flush()
    if not session.scalar(select(User.id).where(User.email == PARTNER_EMAIL)):
        _partner(session, orgs["brug"])
    return True
