"""A card with many wrong PIN tries: the desk sees it and, card in hand, unlocks it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.auth import rules, throttle
from spelotheek.families.models import Family


def many_wrong_tries(session: Session, family: Family, limit: rules.Limit) -> bool:
    """True when the family's card reached its limit of wrong PIN tries from anywhere."""
    card = family.active_card
    if card is None:
        return False
    tries = throttle.tries_for(session, rules.card_key(card.token_hash))
    return rules.many_wrong_tries(tries, limit)


def unlock_card(session: Session, actor_id: int, family: Family) -> None:
    """Forget the wrong tries at the family's cards (a volunteer checked the card in hand)."""
    for card in family.cards:
        throttle.forget(session, rules.card_key(card.token_hash))
    audit.record(
        session, "card_unlocked", actor_id=actor_id, subject_type="family", subject_id=family.id
    )
    session.flush()
