"""Parent-led topics: demo data — about 25 proposals in several languages across every status
(rights and access to health care among them), some planned into coming meetup dates and one
into a group session, with notes, supports and a few signals. Runs after the loans, meetups and
groups demo loaders: their rows are looked up, never assumed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.families.models import Family
from spelotheek.groups.models import Group
from spelotheek.meetups.models import MeetupOccurrence
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.network.models import LifeDomain
from spelotheek.signals import barriers, meetings
from spelotheek.signals import services as signal_services
from spelotheek.topics import moderation, planning, services, signals
from spelotheek.topics.models import Support, Topic

STAFF = "staff@demo.spelotheek.be"

# (text, language, theme, status, summary in Dutch)
PROPOSALS = [
    ("Welke premies en toelagen krijgen we voor ons kind?", "nl", "rights", "discussed", ""),
    ("Comment trouver un médecin qui accepte le tiers payant ?", "fr", "health", "discussed",
     "Een dokter vinden die met de derdebetalersregeling werkt"),
    ("كيف أحصل على بطاقة التأمين الصحي لطفلي؟", "ar", "health", "planned",
     "Hoe krijg ik een ziekenfondskaart voor mijn kind?"),
    ("Kreş için depozito ödemek zorunda mıyız?", "tr", "school", "planned",
     "Moeten we een waarborg betalen voor de kinderopvang?"),
    ("How do I apply for a social rent home?", "en", "housing", "planned",
     "Hoe schrijf ik in voor een sociale woning?"),
    ("", None, "rights", "accepted", "Rechten en geld"),
    ("Tandarts voor kleine kinderen: wat kost dat?", "nl", "health", "accepted", ""),
    ("Les activités gratuites pendant les vacances", "fr", "leisure", "accepted",
     "Gratis activiteiten in de vakantie"),
    ("Çocuğum geç konuşuyor, ne yapabilirim?", "tr", "play", "accepted",
     "Mijn kind praat laat, wat kan ik doen?"),
    ("العمل بدوام جزئي مع طفل صغير", "ar", "work", "accepted",
     "Deeltijds werken met een klein kind"),
    ("", None, "health", "accepted", ""),
    ("Schoolkosten: wat mag de school vragen?", "nl", "school", "accepted", ""),
    ("Where can I learn Dutch with a baby?", "en", "other", "accepted",
     "Waar kan ik Nederlands leren met een baby?"),
    ("Energiefactuur te hoog, wie kan helpen?", "nl", "housing", "new", ""),
    ("Allocations familiales après un déménagement", "fr", "rights", "new", ""),
    ("Doktor randevusu için tercüman", "tr", "health", "new", ""),
    ("", None, "play", "new", ""),
    ("Buy cheap phones here www.example.com", "en", None, "declined", ""),
    ("Opvoeden: hoe straf ik mijn kind?", "nl", "parenting", "declined", ""),
    ("Vaccinaties: wanneer en waar?", "nl", "health", "discussed", ""),
    ("Kinderbijslag Groeipakket: hoe vraag ik het aan?", "nl", "rights", "merged", ""),
    ("Le logement social, comment s'inscrire ?", "fr", "housing", "merged", ""),
    ("Slapen: mijn baby wordt 's nachts vaak wakker", "nl", "parenting", "accepted", ""),
    ("مكان للعب في الشتاء", "ar", "leisure", "accepted", "Een plek om te spelen in de winter"),
    ("Werk zoeken zonder opvang", "nl", "work", "new", ""),
]  # fmt: skip

NOTES = {
    "Welke premies en toelagen krijgen we voor ons kind?": (
        "Het Groeipakket, de schooltoeslag en de startbonus.",
        "Veel ouders wisten niet dat de schooltoeslag ook voor kleuters is.",
        "Het Huis van het Kind helpt met de aanvraag, elke woensdag.",
    ),
    "Comment trouver un médecin qui accepte le tiers payant ?": (
        "Wat de derdebetalersregeling is en wie er recht op heeft.",
        "Niet elke dokter werkt ermee; het wijkgezondheidscentrum wel.",
        "Een lijst met dokters in de buurt hangt aan het prikbord.",
    ),
    "Vaccinaties: wanneer en waar?": (
        "Het vaccinatieschema van Kind en Gezin.",
        "Vaccins op het consultatiebureau zijn gratis.",
        "Breng het boekje mee naar de volgende consultatie.",
    ),
}

DECLINE_REASONS = {
    "Buy cheap phones here www.example.com": "Dit is reclame, geen onderwerp.",
    "Opvoeden: hoe straf ik mijn kind?": (
        "Daar praten we liever over met een opvoedingsondersteuner, één op één. "
        "Vraag ernaar aan de balie."
    ),
}


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    staff = session.scalar(select(User).where(User.email == STAFF))
    if staff is None:
        return
    families = session.scalars(select(Family).order_by(Family.id)).all()
    rng = random.Random(6)  # the same demo every time
    now = datetime.combine(today, time(12), tzinfo=UTC)
    made: dict[str, Topic] = {}
    for index, (text, language, theme, status, summary) in enumerate(PROPOSALS):
        family_id = families[index % len(families)].id if families and index % 3 == 0 else None
        topic = services.propose(
            session,
            text=text,
            theme=theme,
            language=language,
            family_id=family_id,
            on_behalf_by_id=staff.id if index % 7 == 3 else None,
        ).topic
        topic.created_at = now - timedelta(days=60 - index * 2)
        if summary:
            moderation.set_summary(session, staff.id, topic, summary, now)
        made[text or f"#{index}"] = topic
        if status in ("accepted", "planned", "discussed", "merged"):
            moderation.accept(session, staff.id, topic, now)
        elif status == "declined":
            moderation.decline(session, staff.id, topic, DECLINE_REASONS[text], now)
    _supports(session, rng, families, [t for t in made.values() if t.status == "accepted"])
    _merge(session, staff.id, made, now)
    _plan(session, staff.id, made, today, now)
    _signals(session, staff.id, made, now)
    session.flush()


def _supports(session: Session, rng: random.Random, families, topics: list[Topic]) -> None:
    """Some families and some anonymous browsers want to talk about it too."""
    for topic in topics:
        for family in rng.sample(list(families), k=min(len(families), rng.randint(0, 6))):
            session.add(Support(topic_id=topic.id, family_id=family.id))
        for n in range(rng.randint(0, 5)):
            session.add(
                Support(topic_id=topic.id, browser_hash=services.token_hash(f"demo-{topic.id}-{n}"))
            )
    session.flush()


def _merge(session: Session, actor_id: int, made: dict[str, Topic], now: datetime) -> None:
    pairs = [
        ("Kinderbijslag Groeipakket: hoe vraag ik het aan?", "#5"),
        ("Le logement social, comment s'inscrire ?", "How do I apply for a social rent home?"),
    ]
    for duplicate, kept in pairs:
        if duplicate in made and kept in made:
            moderation.merge(session, actor_id, made[duplicate], made[kept].id, now)


def _plan(session: Session, actor_id: int, made: dict[str, Topic], today: date, now) -> None:
    """Planned ones into coming meetup dates (one into a group session); discussed ones were
    planned into a date that has passed (the plan is kept as it was, with the note)."""
    to_plan = [t for t in made.values() if t.status == "accepted" and t.id in _planned_ids(made)]
    for topic in to_plan:
        choices = _unthemed(session, planning.slots(session, topic, today + timedelta(days=1)))
        if choices:
            slot = choices[min(len(choices) - 1, 1 + topic.id % 4)]
            planning.plan(session, actor_id, topic, slot.value, "", today, now)
    group = session.scalar(select(Group).where(Group.status == "running").order_by(Group.id))
    participant = _participant(group) if group is not None else None
    if group is not None and participant is not None:
        topic = services.propose(
            session,
            text="Borstvoeding en terug aan het werk: hoe combineer ik dat?",
            theme="work",
            audience="group",
            group_id=group.id,
            language="nl",
            family_id=participant,
        ).topic
        moderation.accept(session, actor_id, topic, now)
        choices = planning.slots(session, topic, today + timedelta(days=1))
        if choices:
            planning.plan(session, actor_id, topic, choices[0].value, "", today, now)
    for text, (talked, found, next_steps) in NOTES.items():
        noted = made.get(text)
        if noted is None:
            continue
        noted.status = "planned"  # talked about at an earlier meeting
        planning.report(session, actor_id, noted, talked, found, next_steps, now)


def _unthemed(session: Session, choices: list[planning.Slot]) -> list[planning.Slot]:
    """Meetup dates without a theme yet: the meetups demo's themed morning (written in all
    five languages) keeps its theme."""
    themed = {
        f"m:{series_id}:{day.isoformat()}"
        for series_id, day in session.execute(
            select(MeetupOccurrence.series_id, MeetupOccurrence.original_day).where(
                MeetupOccurrence.theme.is_not(None)
            )
        )
    }
    return [slot for slot in choices if slot.value not in themed]


def _planned_ids(made: dict[str, Topic]) -> set[int]:
    wanted = [text for text, _l, _t, status, _s in PROPOSALS if status == "planned"]
    return {made[t].id for t in wanted if t in made}


def _participant(group: Group) -> int | None:
    return next((e.family_id for e in group.enrolments if e.active), None)


def _signals(session: Session, actor_id: int, made: dict[str, Topic], now: datetime) -> None:
    today = now.astimezone(BRUSSELS).date()
    childcare = made.get("Kreş için depozito ödemek zorunda mıyız?")
    if childcare is not None:
        signal = signals.mark_topic(
            session, actor_id, childcare, now, title="Waarborg gevraagd bij kinderopvang"
        )
        signal_services.count_again(session, actor_id, signal, now, more=3)
        signal.domain_id = _domain(session, "childcare")
    doctor = made.get("Comment trouver un médecin qui accepte le tiers payant ?")
    if doctor is not None:
        signal = signals.mark_topic(
            session, actor_id, doctor, now, title="Weinig dokters met derdebetalersregeling"
        )
        signal.level, signal.authority = "authority", "Lokaal overleg kinderarmoede"
        signal.domain_id = _domain(session, "health")
        signal_services.set_status(
            session, actor_id, signal, "passed_on", "Doorgegeven aan het lokaal overleg.", now
        )
    other = signal_services.create_signal(
        session, actor_id, "Schoolfactuur te hoog voor kleuterklas", today, now, count=2
    )
    signal_services.add_step(
        session, actor_id, other, "Navragen bij de scholen", "Huis van het Kind", None, now
    )
    done = signal_services.create_signal(
        session, actor_id, "Geen plaats in de avondopvang", today, now
    )
    done.outcome = "Er is nu avondopvang op dinsdag en donderdag."
    done.outcome_texts = {"en": "There is now evening childcare on Tuesday and Thursday."}
    signal_services.set_status(session, actor_id, done, "solved", "Avondopvang gestart.", now)
    _network_meetings(session, actor_id, now)


def _domain(session: Session, code: str) -> int | None:
    """The id of a life domain by its code (migration 0014 writes the ten)."""
    return session.scalar(select(LifeDomain.id).where(LifeDomain.code == code))


def _network_meetings(session: Session, actor_id: int, now: datetime) -> None:
    """A network meeting a month ago and the next one, and barriers that wait to be grouped."""
    today = now.astimezone(BRUSSELS).date()
    for days in (-30, 14):
        day = today + timedelta(days=days)
        starts = datetime.combine(day, time(19), tzinfo=BRUSSELS)
        meetings.plan_meeting(
            session, actor_id, starts, starts + timedelta(hours=2), "Huis van het Kind", now
        )
    for what, place in (
        ("Inschrijving voor de sporttak kan alleen online", "Sportdienst"),
        ("Geen tolk bij het eerste gesprek", "Dokterspraktijk"),
    ):
        barriers.record_barrier(session, actor_id, None, what, place, today)
