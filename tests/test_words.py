"""Words as families read them (issue 24 item 11): toys are speelgoed, counts are counts,
Arabic says two with the dual, and the reach page never names a figure it hides."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from spelotheek.reach import rules

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def _catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def test_dutch_never_calls_toys_playground_equipment() -> None:
    texts = [
        text
        for message in _catalog("nl")
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert not [t for t in texts if t and "speeltuig" in t.lower()]


def test_the_arabic_dual_does_not_repeat_the_number(app) -> None:
    # The dual (n == 2) carries the number itself: "سنتان", never "2 سنتان".
    for message in _catalog("ar"):
        if message.pluralizable and message.id:
            assert "%(num)d" not in message.string[2], message.id
    with app.test_request_context(), force_locale("ar"):
        assert ngettext("%(num)d year", "%(num)d years", 2) == "سنتان"
        assert ngettext("%(num)d year", "%(num)d years", 3) == "3 سنوات"


def test_the_meetings_age_filter_counts_years_with_plural_forms(client) -> None:
    page = client.get("/meetups", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "2 سنوات" not in page and "سنتان" in page


def test_a_hidden_share_is_never_named_as_the_largest_gap() -> None:
    # The hidden line (None) could be the biggest gap; the page must not say so.
    assert rules.largest_gap([(None, 30.0), (12, 20.0), (25, 21.0)]) == 1
    assert rules.largest_gap([(None, 30.0)]) is None
    assert rules.largest_gap([(40, 20.0)]) is None  # reached better than the area: no gap


def test_the_reach_headline_counts_in_dutch(client, db) -> None:
    from tests.factories import login_as, make_user, staff_id

    user = make_user(db, role="coordinator", language="nl")
    db.commit()
    login_as(client, staff_id(user))
    page = client.get("/reach", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Gezinnen bereikt" in page or "bereikt" in page
    assert "Nummer" not in page
