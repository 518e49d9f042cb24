"""The catalogue: search with availability, toys and parts, items and labels. Never commits."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.families.cardcode import ALPHABET
from spelotheek.loans import rules
from spelotheek.loans.models import Hold, Item, Loan, Part, Toy
from spelotheek.loans.rules import LoanRefused

TOY_FIELDS = (
    "name",
    "description",
    "min_age_months",
    "max_age_months",
    "areas",
    "tags",
    "min_players",
    "max_players",
)


# The text a word is looked for in (a word has no spaces, so it never matches across fields).
# Migration 0009 indexes exactly this expression with trigrams on PostgreSQL: keep them equal.
_SPACE: ColumnClause[str] = literal_column("' '")
SEARCHED = func.lower(Toy.name + _SPACE + Toy.description + _SPACE + Toy.tags)

# On SQLite the same text is kept by triggers in an FTS5 trigram table (migration 0010). A word
# of three letters or more is a quoted phrase of its trigrams there, found from the index alone
# (LIKE on that table also uses the index but then reads every candidate's text again: 3 ms
# against 8 ms for a word in one toy of ten at 50,000 toys); a shorter word has no trigram and
# is looked for with LIKE.
_TOY_WORDS = table("toy_words", column("rowid"), column("words"))


# With at least this many toys found, a page is found sooner by reading toys in name order
# (index ix_toys_name) and keeping those found than by sorting them all: a word in one toy of
# ten at 50,000 toys took 8 ms to sort against 2 ms by name order. SQLite cannot tell which
# way is cheaper from the full-text table, so the search chooses after counting.
_READ_IN_NAME_ORDER_FROM = 500


def _with_words(
    session: Session, words: list[str], *, in_name_order: bool = False
) -> list[ColumnElement[bool]]:
    """Conditions that find toys holding every word (LIKE's own signs are left out of words).

    On SQLite, `in_name_order` keeps the found toys from deciding the plan (`id + 0` cannot
    use the primary key), so SQLite reads toys by name and stops at the page's end.
    """
    words = [w for w in (word.replace("%", "").replace("_", "") for word in words) if w]
    if not words:
        return []
    if session.get_bind().dialect.name != "sqlite":
        return [SEARCHED.like(f"%{word}%") for word in words]
    found = select(_TOY_WORDS.c.rowid)
    phrases = ['"' + word.replace('"', '""') + '"' for word in words if len(word) >= 3]
    if phrases:
        found = found.where(_TOY_WORDS.c.words.match(" AND ".join(phrases)))
    short = [_TOY_WORDS.c.words.like(f"%{word}%") for word in words if len(word) < 3]
    toy_id = Toy.id + 0 if in_name_order else Toy.id
    return [toy_id.in_(found.where(*short))]


@dataclass(frozen=True)
class ToyCard:
    """A toy with how many copies are on the shelf and how many families wait."""

    toy: Toy
    copies: int
    available: int
    waiting: int


def _with_counts() -> tuple[Select, ColumnElement[int]]:
    """Toys with their copies, copies on the shelf and waiting families, and the shelf count.

    The counts are correlated subqueries, so they are computed only for the toys a page shows
    (each an index lookup on items.toy_id / holds.toy_id), not by grouping the whole items
    table on every search.
    """
    copies = (
        select(func.count(Item.id))
        .where(Item.toy_id == Toy.id, Item.state != "retired")
        .correlate(Toy)
        .scalar_subquery()
    )
    available = (
        select(func.count(Item.id))
        .where(Item.toy_id == Toy.id, Item.state == "available")
        .correlate(Toy)
        .scalar_subquery()
    )
    waiting = (
        select(func.count(Hold.id))
        .where(Hold.toy_id == Toy.id, Hold.status == "waiting")
        .correlate(Toy)
        .scalar_subquery()
    )
    return select(Toy, copies, available, waiting), available


def search(
    session: Session,
    *,
    words: str = "",
    age_months: tuple[int, int] | None = None,
    area: str | None = None,
    available_now: bool = False,
    page: int = 1,
    per_page: int = 24,
    count_up_to: int | None = None,
) -> tuple[list[ToyCard], int]:
    """Toys matching the filters with their availability, one page, and the total count.

    With `count_up_to`, counting stops there: a word found in thousands of toys need not be
    counted to the last one (a word in one toy of ten is 5,000 toys at Flanders scale).
    """
    statement, available = _with_counts()
    words_given = words.lower().split()[:6]
    conditions = []
    if age_months is not None:
        low, high = age_months
        conditions.append(and_(Toy.min_age_months <= high, Toy.max_age_months >= low))
    if area:
        conditions.append(("," + Toy.areas + ",").like(f"%,{area},%"))
    if available_now:
        conditions.append(
            select(Item.id).where(Item.toy_id == Toy.id, Item.state == "available").exists()
        )
    matching = select(Toy.id).where(*conditions, *_with_words(session, words_given))
    if count_up_to is not None:
        matching = matching.limit(count_up_to)
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    in_name_order = total >= _READ_IN_NAME_ORDER_FROM
    conditions += _with_words(session, words_given, in_name_order=in_name_order)
    statement = statement.where(*conditions)
    rows = session.execute(
        statement.order_by(Toy.name, Toy.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [ToyCard(*row) for row in rows], total


def toy_card(session: Session, toy_id: int) -> ToyCard:
    """One toy with its parts and availability; NotFound otherwise."""
    statement, _available = _with_counts()
    row = session.execute(
        statement.where(Toy.id == toy_id).options(selectinload(Toy.parts))
    ).first()
    if row is None:
        raise NotFound(_l("We could not find this toy."), code="toy_not_found")
    return ToyCard(*row)


def toys_for_ages(session: Session, ages: list[int], limit: int = 6) -> list[ToyCard]:
    """Toys that fit one of these ages (months), those on the shelf first."""
    if not ages:
        return []
    statement, available = _with_counts()
    fits = or_(*(and_(Toy.min_age_months <= a, Toy.max_age_months >= a) for a in ages))
    rows = session.execute(
        statement.where(fits).order_by(available.desc(), Toy.name).limit(limit)
    ).all()
    return [ToyCard(*row) for row in rows]


def get_toy(session: Session, toy_id: int) -> Toy:
    """The toy with its parts and items; NotFound otherwise."""
    toy = session.scalar(
        select(Toy)
        .where(Toy.id == toy_id)
        .options(selectinload(Toy.parts), selectinload(Toy.items))
    )
    if toy is None:
        raise NotFound(_l("We could not find this toy."), code="toy_not_found")
    return toy


def check_toy_fields(fields: Mapping[str, Any]) -> None:
    """Refuse an impossible age range, player count or unknown development area."""
    if int(fields["max_age_months"]) < int(fields["min_age_months"]):
        raise LoanRefused(_l("The oldest age must not be below the youngest."), code="invalid_age")
    if int(fields["max_players"]) < int(fields["min_players"]):
        raise LoanRefused(
            _l("The most players must not be below the fewest."), code="invalid_players"
        )
    unknown = [a for a in str(fields.get("areas", "")).split(",") if a and a not in rules.AREAS]
    if unknown:
        raise LoanRefused(
            _l("Unknown development area: %(area)s", area=unknown[0]), code="invalid_area"
        )


def _clean_list(value: object) -> str:
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    words = [w.strip().lower() for w in str(value or "").split(",")]
    return ",".join(dict.fromkeys(w for w in words if w))[:200]


def save_toy(
    session: Session,
    actor_id: int | None,
    toy: Toy | None,
    fields: dict[str, object],
    parts: list[tuple[str, int]],
    ref: str | None = None,
) -> Toy:
    """Create or change a toy and replace its parts list (parts keep their id by description)."""
    fields = dict(fields)
    fields["areas"] = _clean_list(fields.get("areas"))
    fields["tags"] = _clean_list(fields.get("tags"))
    check_toy_fields(fields)
    if toy is None:
        toy = Toy(ref=ref or _next_ref(session))
        session.add(toy)
    for name in TOY_FIELDS:
        if name in fields:
            setattr(toy, name, fields[name])
    existing = {p.description.lower(): p for p in toy.parts}
    kept = []
    for description, count in parts:
        part = existing.pop(description.lower(), None) or Part(description=description)
        part.expected_count = count
        kept.append(part)
    toy.parts = kept
    session.flush()
    audit.record(session, "toy_saved", actor_id=actor_id, subject_type="toy", subject_id=toy.id)
    return toy


def _next_ref(session: Session) -> str:
    highest = session.scalar(select(func.max(Toy.id))) or 0
    ref = f"T{highest + 1:04d}"
    while session.scalar(select(Toy.id).where(Toy.ref == ref)) is not None:
        highest += 1
        ref = f"T{highest + 1:04d}"
    return ref


def new_label() -> str:
    """A fresh label code: 'SP' and 6 random characters (nothing about the toy or a family)."""
    size = rules.LABEL_LENGTH - len(rules.LABEL_PREFIX)
    return rules.LABEL_PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(size))


def add_items(
    session: Session, actor_id: int | None, toy: Toy, count: int, location_id: int | None
) -> list[Item]:
    """Add physical copies of a toy, each with its own new label."""
    if not 1 <= count <= 50:
        raise LoanRefused(_l("Add between 1 and 50 copies at a time."), code="invalid_count")
    taken = set(session.scalars(select(Item.label)).all())
    items = []
    for _ in range(count):
        label = new_label()
        while label in taken:
            label = new_label()
        taken.add(label)
        items.append(Item(toy=toy, label=label, location_id=location_id))
    session.add_all(items)
    session.flush()
    audit.record(
        session,
        "items_added",
        actor_id=actor_id,
        subject_type="toy",
        subject_id=toy.id,
        detail=f"count={count}",
    )
    return items


def items_by_state(session: Session, state: str | None, limit: int = 500) -> list[Item]:
    """Items, optionally in one state, with their toy."""
    statement = select(Item).options(selectinload(Item.toy)).order_by(Item.label).limit(limit)
    if state:
        statement = statement.where(Item.state == state)
    return list(session.scalars(statement).all())


def items_for_labels(session: Session, ids: list[int], toy_id: int | None) -> list[Item]:
    """The items to print labels for: chosen ids, a toy's copies, or all lendable copies."""
    statement = select(Item).options(selectinload(Item.toy)).order_by(Item.label)
    if ids:
        statement = statement.where(Item.id.in_(ids[:500]))
    elif toy_id:
        statement = statement.where(Item.toy_id == toy_id)
    else:
        statement = statement.where(Item.state != "retired")
    return list(session.scalars(statement.limit(500)).all())


def most_and_never_borrowed(
    session: Session, since: datetime, limit: int = 15
) -> tuple[list[tuple[Toy, int]], list[Toy]]:
    """Toys lent most since a moment, and toys with copies that were never lent since then."""
    counted = (
        select(Item.toy_id, func.count(Loan.id).label("loans"))
        .join(Loan, Loan.item_id == Item.id)
        .where(Loan.lent_at >= since)
        .group_by(Item.toy_id)
        .subquery()
    )
    most = session.execute(
        select(Toy, counted.c.loans)
        .join(counted, counted.c.toy_id == Toy.id)
        .order_by(counted.c.loans.desc(), Toy.name)
        .limit(limit)
    ).all()
    never = session.scalars(
        select(Toy)
        .outerjoin(counted, counted.c.toy_id == Toy.id)
        .where(counted.c.toy_id.is_(None))
        .where(Toy.id.in_(select(Item.toy_id).where(Item.state != "retired")))
        .order_by(Toy.name)
        .limit(limit)
    ).all()
    return [(toy, n) for toy, n in most], list(never)
