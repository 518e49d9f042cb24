"""Demo data: two real places, invented people. Safe to run twice."""

from __future__ import annotations

import random
from datetime import date, time

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.auth.services import create_user
from spelotheek.families import cardcode
from spelotheek.families.models import Card, Child, Family
from spelotheek.families.pins import set_pin
from spelotheek.locations.models import Closure, Location, OpeningHours

# Demo-only secrets, printed for people trying the site. Never used outside demo data.
DEMO_PASSWORD = "demo-spelotheek"  # noqa: S105  (demo data only, printed on purpose)
DEMO_USERS = [
    ("coordinator@demo.spelotheek.be", "Coordinator", "coordinator"),
    ("staff@demo.spelotheek.be", "Staff", "staff"),
    ("volunteer@demo.spelotheek.be", "Volunteer", "volunteer"),
    ("midwife@demo.spelotheek.be", "Midwife", "facilitator"),
]
DEMO_CARD = cardcode.encode(int.from_bytes(b"spelotheek-demo!", "big"))
DEMO_PIN = "2468"

FIRST_NAMES = [
    "Amira",
    "Lotte",
    "Yusuf",
    "Fatima",
    "Jonas",
    "Elif",
    "Sara",
    "Mohamed",
    "Nina",
    "Bram",
    "Aylin",
    "Omar",
    "Hanne",
    "Zeynep",
    "Karim",
    "Marie",
    "Ilias",
    "Lina",
    "Emre",
    "Julie",
    "Samira",
    "Tom",
    "Nour",
    "Mehmet",
    "Eva",
    "Youssef",
    "Fien",
    "Hind",
    "Arne",
    "Meryem",
    "Kobe",
    "Salma",
    "Ines",
    "Burak",
    "Leen",
    "Rania",
    "Wout",
    "Esra",
    "Jana",
    "Adam",
]
LANGUAGES = ["nl", "nl", "nl", "fr", "ar", "ar", "tr", "tr", "en", None]


def _location(
    session: Session,
    name: str,
    address: str,
    postcode: str,
    city: str,
    accessibility: dict[str, str],
    hours: list[tuple[int, time, time]],
) -> Location:
    location = Location(
        name=name,
        address=address,
        postcode=postcode,
        city=city,
        accessibility=accessibility["nl"],  # a Flemish centre writes Dutch first
        accessibility_texts={k: v for k, v in accessibility.items() if k != "nl"},
    )
    location.hours = [OpeningHours(weekday=d, opens=o, closes=c) for d, o, c in hours]
    session.add(location)
    return location


def load_demo(session: Session, today: date | None = None) -> bool:
    """Add demo locations, staff and families unless they are there; True when it added."""
    if session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])):
        return False
    today = today or date.today()
    ghent = _location(
        session,
        "Spelotheek Brugse Poort",
        "Rooigemlaan 2",
        "9000",
        "Gent",
        {
            "nl": "Ingang gelijkvloers, plaats voor buggy's, lift naar de eerste verdieping, "
            "aangepast toilet.",
            "fr": "Entrée de plain-pied, place pour les poussettes, ascenseur vers le premier "
            "étage, toilettes adaptées.",
            "en": "Entrance at street level, room for prams, lift to the first floor, "
            "accessible toilet.",
            "ar": "المدخل على مستوى الشارع، ومكان لعربات الأطفال، ومصعد إلى الطابق الأول، "
            "ومرحاض مهيّأ.",
            "tr": "Giriş sokak seviyesinde, bebek arabaları için yer, birinci kata asansör, "
            "engelli tuvaleti.",
        },
        [(2, time(14), time(17)), (5, time(10), time(12, 30))],
    )
    ghent.closures = [
        Closure(
            first_day=date(today.year, 12, 24),
            last_day=date(today.year + 1, 1, 4),
            reason="Kerstvakantie",
        )
    ]
    _location(
        session,
        "Huis van het Kind Mechelen",
        "Brusselsesteenweg 35",
        "2800",
        "Mechelen",
        {
            "nl": "Twee treden aan de ingang met een hellend vlak links; buggy's kunnen in de "
            "gang blijven.",
            "fr": "Deux marches à l'entrée avec une rampe à gauche ; les poussettes peuvent "
            "rester dans le hall.",
            "en": "Two steps at the entrance with a ramp on the left; prams can stay in the hall.",
            "ar": "درجتان عند المدخل مع منحدر على اليسار؛ يمكن ترك عربات الأطفال في الممر.",
            "tr": "Girişte iki basamak ve solda bir rampa var; bebek arabaları koridorda "
            "kalabilir.",
        },
        [(0, time(9), time(12)), (3, time(13, 30), time(16, 30)), (5, time(9, 30), time(12))],
    )
    for email, name, role in DEMO_USERS:
        create_user(session, None, email, name, role, DEMO_PASSWORD, language="nl")
    rng = random.Random(2026)  # the same demo families every time
    for index, first in enumerate(FIRST_NAMES):
        family = Family(
            display_name=first,
            language=LANGUAGES[index % len(LANGUAGES)],
            postcode=rng.choice(["9000", "9000", "9030", "2800", "2800", "2801"]),
            reminder_consent=index % 3 == 0,
            email=f"family{index}@example.org" if index % 3 == 0 else None,
        )
        family.children = [
            Child(birth_year=today.year - rng.randint(0, 7), birth_month=rng.randint(1, 12))
            for _ in range(rng.randint(1, 3))
        ]
        if index % 5 == 0:
            number = f"2{index:012d}"
            family.library_card_hash = cardcode.library_card_hash(number)
            family.library_card_hint = number[-4:]
        code = DEMO_CARD if index == 0 else cardcode.encode(rng.getrandbits(cardcode.RANDOM_BITS))
        family.cards = [Card(token_hash=cardcode.token_hash(code), hint=code[-4:])]
        session.add(family)
        session.flush()
        if index == 0:
            set_pin(session, None, family, DEMO_PIN)
    session.flush()
    from spelotheek.channels.demo import load as load_channels
    from spelotheek.groups.demo import load as load_groups
    from spelotheek.loans.demo import load as load_loans
    from spelotheek.meetups.demo import load as load_meetups
    from spelotheek.messages.demo import load as load_messages
    from spelotheek.network.demo import load as load_network
    from spelotheek.reach.demo import load as load_reach
    from spelotheek.topics.demo import load as load_topics
    from spelotheek.welcome.demo import load as load_welcome

    features = (
        load_loans,
        load_meetups,
        load_groups,
        load_topics,
        load_reach,
        load_network,
        load_channels,
        load_welcome,
    )
    for load_feature in features:
        load_feature(session, today)
    from spelotheek.handovers.demo import load as load_handovers

    # Last: it hands the demo family over to services of the directory's demo.
    load_handovers(session, today)
    # After everything that could queue a text: the demo family's opt-in starts with the demo.
    load_messages(session, today)
    session.commit()
    return True


def print_logins() -> None:
    """Show the demo accounts on the terminal."""
    click.echo("\nDemo logins (demo data only):")
    from spelotheek.network.demo import PARTNER_EMAIL

    for email, _name, role in DEMO_USERS + [(PARTNER_EMAIL, "", "partner")]:
        click.echo(f"  {role:<12} {email:<34} password: {DEMO_PASSWORD}")
    click.echo(f"  family       card {cardcode.format_code(DEMO_CARD)}  PIN: {DEMO_PIN}\n")
