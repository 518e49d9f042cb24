"""Open meeting moments: demo data — four series on the two demo places (one on Saturday
morning), a closed holiday period, and half a year of head counts."""

from __future__ import annotations

import hashlib
import random
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.locations.models import Location
from spelotheek.meetups import rules, services, timetable
from spelotheek.meetups.models import (
    MeetupCardScan,
    MeetupClosure,
    MeetupInterest,
    MeetupOccurrence,
)

# A Flemish centre writes Dutch first; each text as {language: text}, Dutch the source.
WELCOME = {
    "nl": "Voor mama's, papa's, grootouders en iedereen die voor een kind zorgt. "
    "Broers en zussen zijn welkom.",
    "fr": "Pour les mamans, les papas, les grands-parents et toute personne qui s'occupe "
    "d'un enfant. Frères et sœurs bienvenus.",
    "en": "For mums, dads, grandparents and every caregiver. Brothers and sisters welcome.",
    "ar": "للأمهات والآباء والأجداد وكل من يعتني بطفل. الإخوة والأخوات مرحَّب بهم.",
    "tr": "Anneler, babalar, büyükanne ve büyükbabalar ve bir çocuğa bakan herkes için. "
    "Kardeşler de gelebilir.",
}


def _texts(**fields: dict[str, str]) -> dict[str, object]:
    """Series fields from {language: text}: the Dutch source and its translations."""
    values: dict[str, object] = {}
    for name, texts in fields.items():
        values[name] = texts["nl"]
        values[f"{name}_texts"] = {lang: text for lang, text in texts.items() if lang != "nl"}
    return values


def _series(place: Location, title: dict[str, str], rrule: str, starts: time, ends: time, **extra):
    return {
        "location_id": place.id,
        "rrule": rrule,
        "starts": starts,
        "ends": ends,
        **_texts(title=title, audience=WELCOME),
        **extra,
    }


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    places = session.scalars(select(Location).order_by(Location.id)).all()
    if len(places) < 2:
        return
    ghent, mechelen = places[0], places[1]
    start = today - timedelta(days=183)
    plans = [
        _series(
            ghent,
            {
                "nl": "Speel- en babbelochtend",
                "fr": "Matinée jeux et papotage",
                "en": "Play and chat morning",
                "ar": "صباح اللعب والدردشة",
                "tr": "Oyun ve sohbet sabahı",
            },
            "FREQ=WEEKLY;BYDAY=SA",
            time(10),
            time(12),
            **_texts(
                description={
                    "nl": "Zaterdagochtend: samen spelen, koffie en thee voor de groten.",
                    "fr": "Samedi matin : jouer ensemble, café et thé pour les adultes.",
                    "en": "Saturday morning: play together, coffee and tea for the grown-ups.",
                    "ar": "صباح السبت: نلعب معًا، وقهوة وشاي للكبار.",
                    "tr": "Cumartesi sabahı: birlikte oyun, büyükler için kahve ve çay.",
                },
                what_to_expect={
                    "nl": "Speelgoed voor elke leeftijd, een hoek voor baby's, tijd om te praten.",
                    "fr": "Des jouets pour tous les âges, un coin pour les bébés, du temps "
                    "pour parler.",
                    "en": "Toys for every age, a corner for babies, time to talk.",
                    "ar": "ألعاب لكل الأعمار، وركن للرضّع، ووقت للحديث.",
                    "tr": "Her yaşa oyuncak, bebekler için bir köşe, sohbet için zaman.",
                },
                what_to_bring={
                    "nl": "Niets. Pantoffels voor de kleintjes als je wilt.",
                    "fr": "Rien. Des chaussons pour les petits si vous voulez.",
                    "en": "Nothing. Slippers for the little ones if you like.",
                    "ar": "لا شيء. خُفّ للصغار إن أردتم.",
                    "tr": "Hiçbir şey. İstersen küçükler için terlik.",
                },
            ),
            languages="Nederlands, English, العربية",
            hosts="Sara en Jonas",
        ),
        _series(
            ghent,
            {
                "nl": "Babycafé",
                "fr": "Café bébé",
                "en": "Baby café",
                "ar": "مقهى الرضّع",
                "tr": "Bebek kafe",
            },
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            time(14),
            time(15, 30),
            max_age=1,
            **_texts(
                description={
                    "nl": "Voor ouders met een baby, om de twee weken op woensdag.",
                    "fr": "Pour les parents avec un bébé, un mercredi sur deux.",
                    "en": "For parents with a baby, every other Wednesday.",
                    "ar": "للأمهات والآباء مع رضيع، يوم الأربعاء كل أسبوعين.",
                    "tr": "Bebeği olan ebeveynler için, iki haftada bir çarşamba.",
                },
                what_to_expect={
                    "nl": "Matjes, zacht speelgoed, een rustige hoek om te voeden.",
                    "fr": "Des tapis, des jouets doux, un coin calme pour nourrir.",
                    "en": "Mats, soft toys, a quiet corner to feed.",
                    "ar": "حُصُر، وألعاب ناعمة، وركن هادئ للإرضاع.",
                    "tr": "Minderler, yumuşak oyuncaklar, beslemek için sakin bir köşe.",
                },
            ),
            languages="Nederlands, Türkçe",
        ),
        _series(
            mechelen,
            {
                "nl": "Oudercafé",
                "fr": "Café des parents",
                "en": "Parents' coffee",
                "ar": "قهوة الأهل",
                "tr": "Ebeveyn kahvesi",
            },
            "FREQ=WEEKLY;BYDAY=MO",
            time(9, 30),
            time(11, 30),
            **_texts(
                description={
                    "nl": "Koffie, spelen en een babbel om de week te beginnen.",
                    "fr": "Café, jeux et papotage pour commencer la semaine.",
                    "en": "Coffee, play and a chat to start the week.",
                    "ar": "قهوة ولعب ودردشة لبداية الأسبوع.",
                    "tr": "Haftaya başlamak için kahve, oyun ve sohbet.",
                }
            ),
            languages="Nederlands, Français",
        ),
        _series(
            mechelen,
            {
                "nl": "Buiten spelen",
                "fr": "Jouer dehors",
                "en": "Outdoor play",
                "ar": "اللعب في الخارج",
                "tr": "Dışarıda oyun",
            },
            "FREQ=MONTHLY;BYDAY=1TH",
            time(14),
            time(16),
            **_texts(
                description={
                    "nl": "De eerste donderdag van de maand spelen we buiten "
                    "(binnen als het regent).",
                    "fr": "Le premier jeudi du mois, on joue dehors (dedans s'il pleut).",
                    "en": "The first Thursday of the month we play outside (inside when it rains).",
                    "ar": "في أول خميس من كل شهر نلعب في الخارج (وفي الداخل إذا أمطرت).",
                    "tr": "Ayın ilk perşembesi dışarıda oynuyoruz (yağmur yağarsa içeride).",
                },
                what_to_bring={
                    "nl": "Kleren die vuil mogen worden.",
                    "fr": "Des vêtements qui peuvent se salir.",
                    "en": "Clothes that can get dirty.",
                    "ar": "ملابس لا بأس إن اتّسخت.",
                    "tr": "Kirlenebilecek kıyafetler.",
                },
            ),
        ),
    ]
    made = [services.create_series(session, None, plan | {"first_day": start}) for plan in plans]
    holiday = today + timedelta(days=(4 - today.weekday()) % 7 + 21)  # a week, three weeks away
    session.add(
        MeetupClosure(
            location_id=None,
            first_day=holiday,
            last_day=holiday + timedelta(days=8),
            reason="Schoolvakantie",
        )
    )
    rng = random.Random(4)  # the same counts every time
    for series in made:
        plan = timetable.plan_of(series)
        for day in rules.planned_days(plan, start, today - timedelta(days=1)):
            if rng.random() < 0.06:
                session.add(
                    MeetupOccurrence(
                        series_id=series.id,
                        original_day=day,
                        status="cancelled",
                        cancel_reason="Begeleider ziek",
                    )
                )
                continue
            adults = rng.randint(3, series.capacity)
            fathers = rng.randint(0, adults // 3 + (2 if day.weekday() == 5 else 0))
            fathers = min(fathers, adults)
            mothers = rng.randint(0, adults - fathers)
            session.add(
                MeetupOccurrence(
                    series_id=series.id,
                    original_day=day,
                    adults=adults,
                    children=adults + rng.randint(0, adults),
                    first_visits=rng.randint(0, min(2, adults)),
                    mothers=mothers,
                    fathers=fathers,
                    other_caregivers=rng.randint(0, adults - fathers - mothers),
                )
            )
    # The themed morning is the next one that takes place: not one inside a closed period.
    ahead = today + timedelta(days=120)
    closed = timetable.closed_periods(session, today, ahead)
    next_saturday = next(
        day
        for day in rules.planned_days(timetable.plan_of(made[0]), today + timedelta(days=1), ahead)
        if rules.closure_for(day, made[0].location_id, closed) is None
    )
    upcoming = MeetupOccurrence(
        series_id=made[0].id,
        original_day=next_saturday,
        theme="Goed slapen",
        theme_texts={
            "fr": "Bien dormir",
            "en": "Sleeping well",
            "ar": "النوم الجيد",
            "tr": "İyi uyku",
        },
    )
    session.add(upcoming)
    session.flush()
    _scans_and_interest(session, rng, made[0], upcoming)


def _scans_and_interest(session: Session, rng: random.Random, series, upcoming) -> None:
    """Some families scanned their card at past mornings; some browsers say they'll come."""
    families = session.scalars(select(Family).order_by(Family.id)).all()
    past = session.scalars(
        select(MeetupOccurrence)
        .where(MeetupOccurrence.series_id == series.id, MeetupOccurrence.adults > 0)
        .order_by(MeetupOccurrence.original_day.desc())
        .limit(8)
    ).all()
    for occurrence in past:
        for family in rng.sample(families, k=min(3, len(families))):
            session.add(
                MeetupCardScan(
                    occurrence_id=occurrence.id,
                    family_id=family.id,
                    reach_consent=rng.random() < 0.7,
                )
            )
    for n in range(4):
        session.add(
            MeetupInterest(
                occurrence_id=upcoming.id,
                browser_hash=hashlib.sha256(f"demo-{n}".encode()).hexdigest(),
                family_id=families[n].id if n == 0 else None,
            )
        )
    session.flush()
