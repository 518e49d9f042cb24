"""A deterministic dataset through the models' own tables, cached under bench/data/.

Every row is inserted with `insert(Model.__table__)` in chunks, so the data follows the models
(types, defaults, UTC instants) and the schema comes from the real migrations. A fixed seed
makes the same size give the same data (relative to the day it is generated).

    .venv/bin/python -m bench.generate city --backend postgresql
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import Connection, Engine

from bench.sizes import SIZES, Size
from spelotheek.auth.models import User
from spelotheek.auth.passwords import hash_secret
from spelotheek.config import normalise_database_url
from spelotheek.db import make_engine
from spelotheek.families import cardcode
from spelotheek.families.models import Card, Child, Family
from spelotheek.loans.models import Hold, Item, Loan, Part, Toy
from spelotheek.loans.rules import AREAS
from spelotheek.locations.models import Closure, Location, OpeningHours
from spelotheek.meetups.models import MeetupCardScan, MeetupOccurrence, MeetupSeries
from spelotheek.migrate import upgrade
from spelotheek.network.models import (
    LifeDomain,
    NetworkClosure,
    NetworkLocation,
    Organization,
    Right,
    Service,
    ServiceAtLocation,
    ServiceHours,
    right_services,
    service_domains,
)
from spelotheek.network.rules import search_words
from spelotheek.paths import ROOT

DATA = ROOT / "bench" / "data"
SEED = 20261126
GENERATOR_VERSION = "3"  # raise it when a change here should make new datasets
CHUNK = 10_000
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-password-not-secret"  # noqa: S105 - the bench's own accounts, on loopback only
COORDINATOR = "coordinator@bench.invalid"
DESK = "desk@bench.invalid"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - the bench coordinator's authenticator

NOUNS = [
    "puzzel",
    "blokken",
    "bal",
    "pop",
    "auto",
    "trein",
    "boerderij",
    "keuken",
    "memory",
    "domino",
    "kralen",
    "xylofoon",
    "trommel",
    "boek",
    "dieren",
    "garage",
    "kassa",
    "dokterskoffer",
    "knikkerbaan",
    "vormenstoof",
]
ADJECTIVES = [
    "houten",
    "grote",
    "kleine",
    "zachte",
    "vrolijke",
    "magnetische",
    "muzikale",
    "rode",
    "blauwe",
]
TAGS = ["hout", "karton", "stof", "metaal", "buiten", "water", "bad", "licht", "geluid"]
NEIGHBOURHOODS = ("centrum", "noord", "zuid", "oost", "west", "haven", "station", "kouter")
LANGUAGES = ("nl", "fr", "en", "ar", "tr")
# What network services are about, one word per language (nl, fr, en, ar, tr): the search
# box is driven with these words, so every language's text is searched.
TOPICS = (
    ("huur", "loyer", "rent", "الإيجار", "kira"),
    ("schulden", "dettes", "debts", "الديون", "borçlar"),
    ("kinderopvang", "crèche", "childcare", "الحضانة", "kreş"),
    ("school", "école", "school", "المدرسة", "okul"),
    ("werk", "travail", "work", "العمل", "çalışma"),
    ("fiets", "vélo", "bike", "الدراجة", "bisiklet"),
    ("dokter", "médecin", "doctor", "الطبيب", "doktor"),
    ("papieren", "papiers", "papers", "الأوراق", "evrak"),
    ("premie", "prime", "allowance", "المنحة", "prim"),
    ("spelen", "jouer", "play", "اللعب", "oyun"),
    ("tolk", "interprète", "interpreter", "مترجم", "tercüman"),
    ("energie", "énergie", "energy", "الطاقة", "enerji"),
    ("voeding", "nourriture", "food", "الطعام", "gıda"),
    ("zwangerschap", "grossesse", "pregnancy", "الحمل", "hamilelik"),
)
KINDS = (
    ("Spreekuur", "Permanence", "Help desk", "مكتب", "Danışma"),
    ("Loket", "Guichet", "Counter", "شباك", "Gişe"),
    ("Begeleiding", "Accompagnement", "Coaching", "مرافقة", "Rehberlik"),
)
SERVICE_TEXT = {
    "nl": "Hulp bij {a} en {b} voor gezinnen in {hood}. Kom langs of maak een afspraak.",
    "fr": "Aide pour {a} et {b} pour les familles de {hood}. Passe ou prends rendez-vous.",
    "en": "Help with {a} and {b} for families in {hood}. Drop in or make an appointment.",
    "ar": "مساعدة في {a} و{b} للعائلات في {hood}. تعال أو احجز موعداً.",
    "tr": "{hood} bölgesindeki aileler için {a} ve {b} konusunda yardım. Gel ya da randevu al.",
}


def dataset_key() -> str:
    """A hash of the migrations, the sizes and GENERATOR_VERSION: a change means new data."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    sources = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    sources.append(ROOT / "bench" / "sizes.py")
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _chunks(rows: Iterable[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(connection: Connection, model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Bulk insert through the model's table (or a plain table), in chunks; the row count."""
    table = getattr(model, "__table__", model)
    count = 0
    for batch in _chunks(rows):
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


def _instant(day: date, hour: int, minute: int = 0) -> datetime:
    """A UTC instant near a local time (an hour off in summer does not matter for history)."""
    return datetime.combine(day, clock(hour, minute), UTC)


class Generator:
    """Builds one dataset; `fixture` collects what the load driver needs (codes, labels)."""

    def __init__(self, size: Size, today: date) -> None:
        self.size = size
        self.today = today
        self.start = today - timedelta(days=365 * size.years)
        self.rng = random.Random(SEED)  # noqa: S311  (bench data, not security)
        self.fixture: dict[str, Any] = {"size": size.name, "today": today.isoformat()}

    # -- places and people ------------------------------------------------------------------
    def locations(self, c: Connection) -> None:
        rows, hours, closures = [], [], []
        for n in range(1, self.size.locations + 1):
            rows.append(
                {
                    "id": n,
                    "name": f"Huis van het Kind {n}",
                    "address": f"Speelstraat {n}",
                    "postcode": f"{9000 + n}",
                    "city": "Gent",
                    "accessibility": "Lift, breed deur, kinderwagen mag binnen.",
                    "created_at": _instant(self.start, 9),
                }
            )
            for weekday in sorted(self.rng.sample(range(6), 3)):
                hours.append(
                    {
                        "location_id": n,
                        "weekday": weekday,
                        "opens": clock(9 + self.rng.randrange(4)),
                        "closes": clock(15 + self.rng.randrange(3)),
                    }
                )
            for year in range(self.start.year, self.today.year + 2):
                closures.append(
                    {
                        "location_id": n,
                        "first_day": date(year, 7, 21),
                        "last_day": date(year, 8, 15),
                        "reason": "Zomer",
                    }
                )
        _insert(c, Location, rows)
        _insert(c, OpeningHours, hours)
        _insert(c, Closure, closures)

    def users(self, c: Connection) -> None:
        password = hash_secret(PASSWORD)
        now = _instant(self.start, 8)
        common = {"password_hash": password, "language": "nl", "active": True, "created_at": now}
        _insert(
            c,
            User,
            [
                {
                    "id": 1,
                    "email": COORDINATOR,
                    "name": "Bench coordinator",
                    "role": "coordinator",
                    "totp_secret": TOTP_SECRET,
                    **common,
                },
                {
                    "id": 2,
                    "email": DESK,
                    "name": "Bench desk",
                    "role": "staff",
                    "totp_secret": None,
                    **common,
                },
            ],
        )
        self.fixture.update(
            coordinator=COORDINATOR, desk=DESK, password=PASSWORD, totp_secret=TOTP_SECRET
        )

    def families(self, c: Connection) -> None:
        size, rng = self.size, self.rng
        codes: list[str] = []

        def family_rows() -> Iterator[dict[str, Any]]:
            for n in range(1, size.families + 1):
                created = self.start + timedelta(days=rng.randrange(size.years * 365))
                yield {
                    "id": n,
                    "display_name": f"Gezin {n}",
                    "language": rng.choice(("nl", "nl", "nl", "fr", "en", "ar", "tr")),
                    "postcode": f"{9000 + rng.randrange(50)}",
                    "reminder_consent": rng.random() < 0.3,
                    "session_version": 1,
                    "created_at": _instant(created, 10),
                    "last_active_at": _instant(
                        created
                        + timedelta(days=rng.randrange(max((self.today - created).days, 1))),
                        11,
                    ),
                }

        def card_rows() -> Iterator[dict[str, Any]]:
            for n in range(1, size.families + 1):
                code = cardcode.encode(rng.getrandbits(cardcode.RANDOM_BITS))
                codes.append(code)
                yield {
                    "id": n,
                    "family_id": n,
                    "token_hash": cardcode.token_hash(code),
                    "hint": code[-4:],
                    "status": "active",
                    "issued_at": _instant(self.start, 10),
                }

        def child_rows() -> Iterator[dict[str, Any]]:
            for n in range(1, size.families + 1):
                for _ in range(rng.choice((1, 1, 2, 2, 3))):
                    yield {
                        "family_id": n,
                        "birth_year": self.today.year - rng.randrange(9),
                        "birth_month": rng.randrange(1, 13),
                    }

        _insert(c, Family, family_rows())
        _insert(c, Card, card_rows())
        _insert(c, Child, child_rows())
        self.codes = codes
        self._reach_profiles(c)

    def _reach_profiles(self, c: Connection) -> None:
        """Self-declared profiles for about 40% of families, if the reach feature is there."""
        try:
            from spelotheek.reach.models import ReachProfile
        except ImportError:  # pragma: no cover - reach not built yet
            return
        rng = self.rng

        def rows() -> Iterator[dict[str, Any]]:
            for n in range(1, self.size.families + 1):
                if rng.random() >= 0.4:
                    continue
                yield {
                    "family_id": n,
                    "home_language": rng.choice(("nl", "fr", "ar", "tr", "declined", None)),
                    "other_languages": rng.choice(("", "", "en", "fr")),
                    "household": rng.choice(("one_adult", "more_adults", "declined", None)),
                    "usual_carer": rng.choice(("mother", "father", "other", "declined", None)),
                    "neighbourhood": rng.choice(NEIGHBOURHOODS + (None,)),
                    "consent_at": _instant(self.start, 12),
                    "consent_by": "family",
                    "updated_at": _instant(self.start, 12),
                }

        _insert(c, ReachProfile, rows())

    # -- the catalogue and loans ------------------------------------------------------------
    def catalogue(self, c: Connection) -> None:
        size, rng = self.size, self.rng
        toys = size.toys

        def toy_rows() -> Iterator[dict[str, Any]]:
            for n in range(1, toys + 1):
                low = rng.randrange(0, 72, 6)
                yield {
                    "id": n,
                    "ref": f"T{n:06d}",
                    "name": f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} {n}",
                    "description": f"Een {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} om samen "
                    "mee te spelen.",
                    "min_age_months": low,
                    "max_age_months": min(low + rng.choice((12, 24, 36, 48)), 96),
                    "areas": ",".join(sorted(rng.sample(AREAS, rng.randrange(1, 3)))),
                    "tags": ",".join(rng.sample(TAGS, 2)),
                    "min_players": 1,
                    "max_players": rng.choice((1, 2, 4)),
                    "created_at": _instant(self.start, 9),
                }

        def part_rows() -> Iterator[dict[str, Any]]:
            for n in range(1, toys + 1):
                if rng.random() < 0.3:
                    for k in range(rng.randrange(1, 4)):
                        yield {
                            "toy_id": n,
                            "description": f"Onderdeel {k + 1}",
                            "expected_count": rng.randrange(1, 30),
                        }

        _insert(c, Toy, toy_rows())
        _insert(c, Part, part_rows())
        # Items: every toy gets one copy, the rest spread at random.
        self.item_toy = [0] + [
            n if n <= toys else rng.randrange(1, toys + 1) for n in range(1, size.items + 1)
        ]
        states = ["available"] * (size.items + 1)
        item_ids = list(range(1, size.items + 1))
        rng.shuffle(item_ids)
        on_loan = item_ids[: size.items * 15 // 100]
        retired = item_ids[len(on_loan) : len(on_loan) + size.items * 3 // 100]
        repair = item_ids[
            len(on_loan) + len(retired) : len(on_loan) + len(retired) + size.items // 50
        ]
        for i in on_loan:
            states[i] = "on_loan"
        for i in retired:
            states[i] = "retired"
        for i in repair:
            states[i] = "repair"
        self.on_loan, self.states = on_loan, states
        _insert(
            c,
            Item,
            (
                {
                    "id": i,
                    "toy_id": self.item_toy[i],
                    "label": f"S{i:07d}",
                    "state": states[i],
                    "location_id": 1 + i % size.locations,
                    "created_at": _instant(self.start, 9),
                }
                for i in range(1, size.items + 1)
            ),
        )

    def loans(self, c: Connection) -> None:
        size, rng, today = self.size, self.rng, self.today
        history_days = size.years * 365
        families = list(range(1, size.families + 1))
        rng.shuffle(families)
        open_by_family: dict[int, int] = {}
        cutoff = today - timedelta(days=365)  # returned longer ago: the family link is emptied

        def open_rows() -> Iterator[dict[str, Any]]:
            for slot, item_id in enumerate(self.on_loan):
                family = families[slot % len(families)]
                open_by_family[family] = open_by_family.get(family, 0) + 1
                lent = today - timedelta(days=rng.randrange(1, 40))
                yield {
                    "item_id": item_id,
                    "family_id": family,
                    "lent_at": _instant(lent, 14),
                    "due_on": lent + timedelta(days=21),
                    "returned_at": None,
                    "renewals": 0,
                    "lent_by": 2,
                }

        def closed_rows(count: int) -> Iterator[dict[str, Any]]:
            for _ in range(count):
                lent = self.start + timedelta(days=rng.randrange(history_days - 2))
                back = min(lent + timedelta(days=rng.randrange(5, 40)), today - timedelta(days=1))
                yield {
                    "item_id": rng.randrange(1, size.items + 1),
                    "family_id": None if back < cutoff else rng.randrange(1, size.families + 1),
                    "lent_at": _instant(lent, 15),
                    "due_on": lent + timedelta(days=21),
                    "returned_at": _instant(back, 16),
                    "renewals": rng.choice((0, 0, 0, 1)),
                    "lent_by": 2,
                    "returned_by": 2,
                }

        opened = _insert(c, Loan, open_rows())
        _insert(c, Loan, closed_rows(max(size.loans - opened, 0)))
        self.busy_families = set(open_by_family)

    def holds(self, c: Connection) -> None:
        rng = self.rng
        waiting_toys: dict[int, int] = {}
        seen: set[tuple[int, int]] = set()

        def rows() -> Iterator[dict[str, Any]]:
            for _ in range(self.size.families // 50):
                toy = rng.randrange(1, self.size.toys + 1)
                family = rng.randrange(1, self.size.families + 1)
                if (family, toy) in seen:
                    continue
                seen.add((family, toy))
                waiting_toys[toy] = waiting_toys.get(toy, 0) + 1
                yield {
                    "toy_id": toy,
                    "family_id": family,
                    "position": waiting_toys[toy],
                    "status": "waiting",
                    "created_at": _instant(self.today - timedelta(days=rng.randrange(60)), 12),
                }

        _insert(c, Hold, rows())
        self.waiting_toys = set(waiting_toys)

    # -- meetings ---------------------------------------------------------------------------
    def meetups(self, c: Connection) -> None:
        size, rng = self.size, self.rng
        weeks = max((self.today - self.start).days // 7, 1)
        series_count = max(-(-size.meeting_counts // weeks), 1)
        series_rows = []
        for n in range(1, series_count + 1):
            weekday = rng.randrange(6)
            first = self.start + timedelta(days=(weekday - self.start.weekday()) % 7)
            series_rows.append(
                {
                    "id": n,
                    "uid": f"bench-series-{n}@spelotheek",
                    "title": f"Ontmoeting {n}",
                    "description": "Spelen, koffie en babbelen met andere ouders.",
                    "location_id": 1 + n % size.locations,
                    "rrule": "FREQ=WEEKLY;BYDAY=" + ("MO", "TU", "WE", "TH", "FR", "SA")[weekday],
                    "first_day": first,
                    "starts": clock(9 + rng.randrange(6)),
                    "ends": clock(16),
                    "capacity": 12,
                    "min_age": 0,
                    "max_age": 5,
                    "languages": "nl,fr",
                    "sequence": 0,
                    "created_at": _instant(self.start, 9),
                    "updated_at": _instant(self.start, 9),
                }
            )
        _insert(c, MeetupSeries, series_rows)
        occurrence_days: list[tuple[int, date]] = []

        def occurrence_rows() -> Iterator[dict[str, Any]]:
            made = 0
            for week in range(weeks):
                for series in series_rows:
                    if made >= size.meeting_counts:
                        return
                    day = series["first_day"] + timedelta(weeks=week)
                    if day >= self.today:
                        continue
                    made += 1
                    adults = rng.randrange(1, 13)
                    mothers = rng.randrange(adults + 1)
                    fathers = rng.randrange(adults - mothers + 1)
                    occurrence_days.append((series["id"], day))
                    cancelled = rng.random() < 0.02
                    yield {
                        "id": made,
                        "series_id": series["id"],
                        "original_day": day,
                        "status": "cancelled" if cancelled else "scheduled",
                        "cancel_reason": "Ziekte" if cancelled else "",
                        "theme": "Slapen en huilen" if rng.random() < 0.05 else None,
                        "adults": 0 if cancelled else adults,
                        "children": 0 if cancelled else rng.randrange(adults, 2 * adults + 1),
                        "first_visits": 0 if cancelled else rng.randrange(adults // 3 + 1),
                        "mothers": 0 if cancelled else mothers,
                        "fathers": 0 if cancelled else fathers,
                        "other_caregivers": 0,
                        "counted_at": None if cancelled else _instant(day, 12),
                        "sequence": 0,
                        "updated_at": _instant(day, 12),
                    }

        _insert(c, MeetupOccurrence, occurrence_rows())
        seen: set[tuple[int, int]] = set()

        def scan_rows() -> Iterator[dict[str, Any]]:
            if not occurrence_days:
                return
            for _ in range(size.card_scans):
                index = rng.randrange(len(occurrence_days))
                family = rng.randrange(1, size.families + 1)
                if (index, family) in seen:
                    continue
                seen.add((index, family))
                yield {
                    "occurrence_id": index + 1,
                    "family_id": family,
                    "reach_consent": rng.random() < 0.7,
                    "scanned_at": _instant(occurrence_days[index][1], 10),
                }

        _insert(c, MeetupCardScan, scan_rows())

    # -- the network directory (issue 19) --------------------------------------------------
    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _texts(self, texts: dict[str, str]) -> tuple[str, dict[str, str]]:
        """The Dutch source and the four translations, as a translated field stores them."""
        return texts["nl"], {lang: texts[lang] for lang in LANGUAGES[1:]}

    def network(self, c: Connection) -> None:
        """Organisations (one per five services), their places and weekly hours, services
        with name, description and audience in five languages, a few rights, closures."""
        rng, count = self.rng, self.size.services
        domains = [row.id for row in c.execute(select(LifeDomain.id).order_by(LifeDomain.id))]
        created = _instant(self.start, 9)
        orgs, places, services, links, at, hours = [], [], [], [], [], []
        org_count = max(count // 5, 1)
        for n in range(1, org_count + 1):
            hood = NEIGHBOURHOODS[n % len(NEIGHBOURHOODS)]
            orgs.append(
                {
                    "id": n,
                    "uuid": self._uuid(),
                    "name": f"Partner {hood} {n}",
                    "description": f"Een partner van het gezinsnetwerk in {hood}.",
                    "description_texts": {"en": f"A family network partner in {hood}."},
                    "website": f"https://partner{n}.example",
                    "email": f"onthaal@partner{n}.example",
                    "phone": f"09 {300 + n % 700:03d} {n % 100:02d} {(n * 7) % 100:02d}",
                    "checked_on": self.today - timedelta(days=rng.randrange(400)),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            places.append(
                {
                    "id": n,
                    "uuid": self._uuid(),
                    "organization_id": n,
                    "name": f"Partner {hood} {n} — onthaal",
                    "address": f"Netwerkstraat {n}",
                    "postcode": rng.choice(("9000", "9030", "9040", "9050")),
                    "city": "Gent",
                    "latitude": 51.0 + rng.random() * 0.1,
                    "longitude": 3.65 + rng.random() * 0.15,
                    "transit_stop": f"Halte {hood.capitalize()}",
                    "step_free": rng.random() < 0.8,
                    "access_note": "",
                    "created_at": created,
                }
            )
        for n in range(1, count + 1):
            org = 1 + (n - 1) % org_count
            hood = NEIGHBOURHOODS[n % len(NEIGHBOURHOODS)]
            a, b = rng.sample(TOPICS, 2)
            kind = rng.choice(KINDS)
            name = {lang: f"{kind[i]} {a[i]} {n}" for i, lang in enumerate(LANGUAGES)}
            about = {
                lang: SERVICE_TEXT[lang].format(a=a[i], b=b[i], hood=hood)
                for i, lang in enumerate(LANGUAGES)
            }
            audience = {lang: f"{hood} · {a[i]}" for i, lang in enumerate(LANGUAGES)}
            name_nl, name_texts = self._texts(name)
            about_nl, about_texts = self._texts(about)
            audience_nl, audience_texts = self._texts(audience)
            cost = rng.choice(("free", "free", "reduced", "paid"))
            services.append(
                {
                    "id": n,
                    "uuid": self._uuid(),
                    "organization_id": org,
                    "name": name_nl,
                    "name_texts": name_texts,
                    "description": about_nl,
                    "description_texts": about_texts,
                    "audience": audience_nl,
                    "audience_texts": audience_texts,
                    "cost": cost,
                    "cost_details": "" if cost == "free" else "Minder met een UiTPAS.",
                    "price_cents": None if cost == "free" else rng.randrange(100, 2000),
                    "what_to_bring": "Je identiteitskaart.",
                    "languages": ["nl", *rng.sample(LANGUAGES[1:], rng.randrange(0, 4))],
                    "interpreter": rng.random() < 0.4,
                    "access": rng.choice(("walk_in", "appointment", "both")),
                    "phone": orgs[org - 1]["phone"],
                    "email": orgs[org - 1]["email"],
                    "url": orgs[org - 1]["website"],
                    "status": "active" if rng.random() < 0.97 else "inactive",
                    "checked_on": self.today - timedelta(days=rng.randrange(400)),
                    "search_text": search_words(
                        [orgs[org - 1]["name"], *name.values(), *about.values(), *audience.values()]
                    ),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            for domain in rng.sample(domains, rng.choice((1, 1, 2))):
                links.append({"service_id": n, "domain_id": domain})
            at.append({"id": n, "uuid": self._uuid(), "service_id": n, "location_id": org})
            for weekday in sorted(rng.sample(range(6), rng.randrange(1, 4))):
                opens = 8 + rng.randrange(6)
                hours.append(
                    {
                        "service_at_location_id": n,
                        "weekday": weekday,
                        "opens": clock(opens),
                        "closes": clock(opens + 2 + rng.randrange(4)),
                    }
                )
        _insert(c, Organization, orgs)
        _insert(c, NetworkLocation, places)
        _insert(c, Service, services)
        _insert(c, service_domains, links)
        _insert(c, ServiceAtLocation, at)
        _insert(c, ServiceHours, hours)
        rights = []
        for n, topic in enumerate(TOPICS, start=1):
            title = {lang: f"{topic[i]}: {n}" for i, lang in enumerate(LANGUAGES)}
            title_nl, title_texts = self._texts(title)
            rights.append(
                {
                    "id": n,
                    "uuid": self._uuid(),
                    "code": f"bench-right-{n}",
                    "domain_id": domains[n % len(domains)],
                    "title": title_nl,
                    "title_texts": title_texts,
                    "conditions": [{"kind": "income_under", "monthly_euros": 2000}],
                    "cases": [],
                    "position": n,
                    "active": True,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        _insert(c, Right, rights)
        _insert(
            c,
            right_services,
            (
                {"right_id": r["id"], "service_id": s}
                for r in rights
                for s in rng.sample(range(1, count + 1), min(3, count))
            ),
        )
        _insert(
            c,
            NetworkClosure,
            (
                {"location_id": None, "first_day": day, "last_day": day, "reason": "Feestdag"}
                for day in (
                    date(year, month, dom)
                    for year in (self.today.year, self.today.year + 1)
                    for month, dom in ((1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11))
                )
            ),
        )
        self.fixture["network_words"] = [word for topic in TOPICS for word in topic]
        self.fixture["hsds_pages"] = max(count // 50, 1)  # HSDA's default is 50 a page

    # -- what the load driver uses ----------------------------------------------------------
    def collect_fixture(self) -> None:
        """Cards of families with nothing at home, and copies free to lend, never held."""
        idle = [n for n in range(1, self.size.families + 1) if n not in self.busy_families]
        self.fixture["cards"] = [cardcode.format_code(self.codes[n - 1]) for n in idle[:1500]]
        free = [
            f"S{i:07d}"
            for i in range(1, self.size.items + 1)
            if self.states[i] == "available" and self.item_toy[i] not in self.waiting_toys
        ]
        self.fixture["items"] = free[:3000]
        self.fixture["words"] = NOUNS[:12]

    def run(self, c: Connection) -> dict[str, Any]:
        """Fill every table; returns the fixture."""
        for step in (
            self.locations,
            self.users,
            self.families,
            self.catalogue,
            self.loans,
            self.holds,
            self.meetups,
            self.network,
        ):
            began = time.perf_counter()
            step(c)
            print(f"  {step.__name__}: {time.perf_counter() - began:.1f} s", flush=True)
        self.collect_fixture()
        return self.fixture


def _reset_sequences(engine: Engine) -> None:
    """Explicit ids were inserted: PostgreSQL's sequences continue after the largest one."""
    if engine.dialect.name != "postgresql":
        return
    from spelotheek.db import Base

    with engine.begin() as c:
        for table in Base.metadata.sorted_tables:
            if "id" not in table.c or not table.c.id.primary_key:
                continue
            exists = c.execute(text("SELECT to_regclass(:t)"), {"t": table.name}).scalar()
            if exists is None:
                continue
            top = c.execute(select(func.max(table.c.id))).scalar() or 0
            if top:
                c.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": table.name, "v": top},
                )


def generate(url: str, size: Size, today: date) -> dict[str, Any]:
    """Migrate an empty database at `url` and fill it; returns the fixture."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            fixture = Generator(size, today).run(connection)
        _reset_sequences(engine)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            if engine.dialect.name == "postgresql":
                c.execute(text("VACUUM ANALYZE"))
            else:
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return fixture


# -- the cache --------------------------------------------------------------------------------
def _admin() -> Engine:
    return create_engine(normalise_database_url(PG_ADMIN), isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return normalise_database_url(PG_ADMIN.rsplit("/", 1)[0] + "/" + name)


def _pg_exists(admin: Engine, name: str) -> bool:
    with admin.connect() as c:
        return bool(
            c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        )


def ensure(size_name: str, backend: str, today: date | None = None) -> tuple[str, dict[str, Any]]:
    """The cached dataset (URL and fixture) for this size and backend, generated when missing."""
    size = SIZES[size_name]
    key = dataset_key()
    DATA.mkdir(parents=True, exist_ok=True)
    fixture_path = DATA / f"{size_name}-{backend}-{key}.json"
    if backend == "sqlite":
        path = DATA / f"{size_name}-{key}.sqlite"
        url = f"sqlite:///{path}"
        if path.exists() and fixture_path.exists():
            return url, json.loads(fixture_path.read_text())
        for stale in DATA.glob(f"{size_name}-*.sqlite*"):
            stale.unlink()
        work = DATA / f"{size_name}-{key}.partial.sqlite"
        for leftover in DATA.glob(work.name + "*"):
            leftover.unlink()
    else:
        name = f"bench_{size_name}_{key}"
        url = _pg_url(name)
        admin = _admin()
        try:
            if _pg_exists(admin, name) and fixture_path.exists():
                return url, json.loads(fixture_path.read_text())
            with admin.connect() as c:
                stale = c.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                    {"p": f"bench\\_{size_name}\\_%"},
                ).scalars()
                for old in [n for n in stale if n != name and not n.endswith("_run")]:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)'))
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                c.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
    print(f"generating {size_name} on {backend} (key {key})…", flush=True)
    began = time.perf_counter()
    target = f"sqlite:///{work}" if backend == "sqlite" else url
    fixture = generate(target, size, today or date.today())
    fixture["generated_seconds"] = round(time.perf_counter() - began, 1)
    if backend == "sqlite":
        work.rename(path)
    fixture_path.write_text(json.dumps(fixture))
    print(f"generated {size_name} on {backend} in {fixture['generated_seconds']} s", flush=True)
    return url, fixture


def working_copy(size_name: str, backend: str) -> str:
    """A fresh copy of the cached dataset for one bench run (the run lends and returns)."""
    key = dataset_key()
    if backend == "sqlite":
        source = DATA / f"{size_name}-{key}.sqlite"
        target = DATA / f"run-{size_name}.sqlite"
        for old in DATA.glob(target.name + "*"):
            old.unlink()
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"sqlite:///{target}"
    name, template = f"bench_{size_name}_run", f"bench_{size_name}_{key}"
    admin = _admin()
    try:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            # PostgreSQL 15 copies a template through its write-ahead log by default: 280 MB of
            # it for the Flanders dataset, written to disk by checkpoints while the bench was
            # measuring. A file copy writes no log and checkpoints before and after itself (as
            # every copy did before 15), so nothing is left pending when the run starts.
            version = c.dialect.server_version_info or (0,)
            strategy = " STRATEGY FILE_COPY" if version >= (15,) else ""
            c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}'))
    finally:
        admin.dispose()
    return _pg_url(name)


def drop_working_copy(size_name: str, backend: str) -> None:
    """Remove the run's copy (the cached dataset stays)."""
    if backend == "sqlite":
        for old in DATA.glob(f"run-{size_name}.sqlite*"):
            old.unlink()
        return
    admin = _admin()
    try:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "bench_{size_name}_run" WITH (FORCE)'))
    finally:
        admin.dispose()


def main() -> None:
    """Generate (or find cached) datasets from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", choices=sorted(SIZES))
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    for name in args.sizes:
        url, fixture = ensure(name, args.backend)
        print(f"{name}: {url.split('@')[-1]} ({fixture.get('generated_seconds', 'cached')} s)")


if __name__ == "__main__":
    main()
