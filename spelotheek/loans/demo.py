"""The toy library: demo data (~150 toys, ~200 copies, a year of loans, holds, missing pieces)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.loans import rules
from spelotheek.loans.catalogue import new_label
from spelotheek.loans.models import (
    DeskAction,
    FamilyLoanLimit,
    Hold,
    Item,
    Loan,
    LoanPolicy,
    MissingPart,
    Part,
    ReminderSent,
    Toy,
)
from spelotheek.locations.models import Location

# (name, min months, max months, areas, players, parts)
KINDS = [
    ("Houten blokken", 12, 72, "motor,pretend", (1, 3), [("blokken", 40), ("opbergzak", 1)]),
    ("Stapelbekers", 6, 36, "motor,senses", (1, 2), [("bekers", 10)]),
    ("Vormenstoof", 12, 36, "puzzles,motor", (1, 1), [("stoof", 1), ("vormen", 12)]),
    ("Knoppuzzel boerderij", 12, 36, "puzzles,language", (1, 1), [("puzzelstukken", 8)]),
    ("Houten trein", 24, 72, "pretend,motor", (1, 3), [("wagons", 4), ("rails", 16)]),
    ("Loopfiets", 24, 60, "motor", (1, 1), []),
    ("Poppenhuis", 36, 96, "pretend,social", (1, 3), [("poppetjes", 4), ("meubeltjes", 12)]),
    ("Keukentje", 30, 84, "pretend,social", (1, 4), [("pannetjes", 4), ("borden", 4)]),
    ("Dokterskoffer", 36, 84, "pretend,language", (1, 3), [("instrumenten", 8)]),
    ("Memory dieren", 36, 96, "puzzles,social", (2, 4), [("kaartjes", 48)]),
    (
        "Ganzenbord",
        60,
        96,
        "board_games,social",
        (2, 6),
        [("bord", 1), ("pionnen", 6), ("dobbelsteen", 1)],
    ),
    (
        "Mens-erger-je-niet",
        60,
        96,
        "board_games,social",
        (2, 4),
        [("bord", 1), ("pionnen", 16), ("dobbelsteen", 1)],
    ),
    ("Kralen rijgen", 36, 84, "motor", (1, 2), [("kralen", 60), ("veters", 4)]),
    ("Xylofoon", 12, 60, "music,senses", (1, 2), [("stokjes", 2)]),
    ("Trommel", 12, 60, "music", (1, 2), [("stokken", 2)]),
    ("Prentenboek voelen", 0, 24, "senses,language", (1, 2), []),
    ("Rammelaar", 0, 12, "senses", (1, 1), []),
    ("Activiteitenkubus", 6, 30, "motor,puzzles", (1, 2), []),
    ("Duplo-emmer", 18, 60, "motor,pretend", (1, 3), [("blokjes", 60)]),
    ("Lotto kleuren", 30, 72, "language,board_games", (2, 4), [("kaarten", 6), ("plaatjes", 36)]),
    ("Handpoppen", 24, 96, "pretend,language", (1, 4), [("poppen", 4)]),
    ("Knikkerbaan", 48, 96, "motor,puzzles", (1, 3), [("baanstukken", 30), ("knikkers", 20)]),
    ("Legpuzzel 24 stukjes", 36, 72, "puzzles", (1, 2), [("stukjes", 24)]),
    ("Legpuzzel 48 stukjes", 48, 96, "puzzles", (1, 2), [("stukjes", 48)]),
    ("Boerderijset", 24, 72, "pretend,language", (1, 3), [("dieren", 12), ("hekjes", 6)]),
]
VARIANTS = ["", " (groot)", " (klein)", " met dieren", " in kleur", " reisversie"]


def load(session: Session, today: date) -> None:
    """Add toys, copies, a year of loans, some late loans, holds and missing pieces."""
    if session.scalar(select(Toy.id).limit(1)) is not None:
        return
    rng = random.Random(3)
    locations = session.scalars(select(Location).order_by(Location.id)).all()
    families = session.scalars(select(Family).order_by(Family.id)).all()
    toys: list[Toy] = []
    number = 0
    for variant in VARIANTS:
        for name, low, high, areas, players, parts in KINDS:
            number += 1
            toy = Toy(
                ref=f"T{number:04d}",
                name=(name + variant).strip(),
                description="",
                min_age_months=low,
                max_age_months=high,
                areas=areas,
                tags="",
                min_players=players[0],
                max_players=players[1],
                parts=[Part(description=d, expected_count=c) for d, c in parts],
            )
            toys.append(toy)
    session.add_all(toys)
    session.flush()
    items: list[Item] = []
    for index, toy in enumerate(toys):
        for _ in range(2 if index % 3 == 0 else 1):
            location = locations[index % len(locations)] if locations else None
            items.append(
                Item(toy=toy, label=new_label(), location_id=location.id if location else None)
            )
    session.add_all(items)
    session.flush()
    if not families:
        return
    # A year of returned loans: about two a day.
    start = today - timedelta(days=365)
    for offset in range(0, 350, 1):
        day = start + timedelta(days=offset)
        for _ in range(rng.randint(0, 3)):
            item = rng.choice(items)
            lent_at = datetime.combine(day, time(10), tzinfo=UTC)
            session.add(
                Loan(
                    item_id=item.id,
                    family_id=rng.choice(families).id,
                    lent_at=lent_at,
                    due_on=day + timedelta(days=21),
                    returned_at=lent_at + timedelta(days=rng.randint(7, 28)),
                )
            )
    session.flush()
    # Open loans, some late; pieces missing on a few copies; a queue for a popular toy.
    shelf = items[:]
    rng.shuffle(shelf)
    for n, family in enumerate(families[:20]):
        item = shelf.pop()
        days_ago = 40 if n % 5 == 0 else rng.randint(1, 18)
        lent_on = today - timedelta(days=days_ago)
        session.add(
            Loan(
                item_id=item.id,
                family_id=family.id,
                lent_at=datetime.combine(lent_on, time(10), tzinfo=UTC),
                due_on=lent_on + timedelta(days=21),
            )
        )
        item.state = "on_loan"
    for n in range(4):
        item = shelf.pop()
        pieces = item.toy.parts
        if not pieces:
            continue
        returned = datetime.combine(today - timedelta(days=n + 1), time(11), tzinfo=UTC)
        loan = Loan(
            item_id=item.id,
            family_id=families[(n + 21) % len(families)].id,
            lent_at=returned - timedelta(days=20),
            due_on=(returned - timedelta(days=1)).date(),
            returned_at=returned,
        )
        loan.missing = [MissingPart(part_id=pieces[-1].id, count=1)]
        session.add(loan)
        item.state = "incomplete"
        item.lendable_note = "1 missing, still fun" if n % 2 else None
    out = [i for i in items if i.state == "on_loan"][:3]
    for position, item in enumerate(out):
        for k in range(2):
            family = families[-1 - position * 2 - k]
            session.add(
                Hold(
                    toy_id=item.toy_id,
                    family_id=family.id,
                    position=k + 1,
                    created_at=datetime.combine(today, time(9), tzinfo=UTC),
                )
            )
    # The default policy written out, one family with its own limit, a reminder already sent
    # and the desk's last action, so every table of the feature has an example.
    session.add(LoanPolicy(id=1))
    session.add(
        FamilyLoanLimit(
            family_id=families[0].id, max_open_loans=4, reason="You asked for more toys for twins."
        )
    )
    session.flush()
    late = session.scalars(
        select(Loan).where(Loan.returned_at.is_(None)).order_by(Loan.due_on).limit(1)
    ).first()
    if late is not None:
        session.add(ReminderSent(kind="overdue", subject_id=late.id))
        session.add(
            DeskAction(
                kind="lend",
                item_id=late.item_id,
                loan_id=late.id,
                previous_state="available",
                at=late.lent_at,
            )
        )
    session.flush()
    assert all(i.state in rules.ITEM_STATES for i in items)  # noqa: S101  (demo self-check)
