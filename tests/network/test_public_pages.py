"""The public directory's pages ("Waar kan ik terecht?") in Dutch and Arabic: domains, a
service, a right, the printed overview; unknown things answer 404 in the visitor's language."""

from __future__ import annotations

from datetime import date

import pytest

from spelotheek.network.models import NetworkClosure
from spelotheek.network.texts import refresh_search_text
from tests.factories import make_right, make_service

NL = {"Accept-Language": "nl"}
AR = {"Accept-Language": "ar"}
EN = {"Accept-Language": "en"}


def test_index_shows_the_ten_domains_with_pictograms_in_order(client) -> None:
    html = client.get("/help", headers=NL).get_data(as_text=True)
    codes = [
        "income",
        "housing",
        "health",
        "childcare",
        "learning",
        "work",
        "leisure",
        "social",
        "mobility",
        "papers",
    ]
    positions = [html.index(f'href="/help/{code}"') for code in codes]
    assert positions == sorted(positions)
    for code in codes:
        assert f"img/domain-{code}.svg" in html
    assert 'action="/help/search"' in html


def test_index_in_arabic_is_right_to_left(client) -> None:
    html = client.get("/help", headers=AR).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("headers", [NL, AR])
def test_a_domain_lists_its_active_services_and_rights(client, db, headers) -> None:
    shown = make_service(db, name="Budgethulp")
    make_service(db, name="Gesloten loket", status="inactive")
    make_service(db, name="Huurpremie-loket", domains=("housing",))
    make_right(db, title="Je krijgt korting op je waterfactuur.", services=[shown])
    db.commit()
    response = client.get("/help/income", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Budgethulp" in html
    assert "Gesloten loket" not in html
    assert "Huurpremie-loket" not in html
    assert "/help/rights/water-premium" in html
    assert f"/help/services/{shown.uuid}" in html


@pytest.mark.parametrize("headers", [NL, AR])
def test_a_service_page_tells_what_where_when(client, db, headers) -> None:
    service = make_service(
        db,
        name="Budgethulp",
        cost="reduced",
        cost_details="Minder betalen met verhoogde tegemoetkoming.",
        languages=["nl", "ar"],
        interpreter=True,
        phone="09 123 45 67",
        checked_on=date(2026, 11, 2),
    )
    service.places[0].location.transit_stop = "Halte Zuid"
    service.places[0].location.step_free = True
    make_right(db, services=[service])
    db.commit()
    response = client.get(f"/help/services/{service.uuid}", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="tel:091234567"' in html
    assert "openstreetmap" in html
    assert "Halte Zuid" in html
    assert "/help/rights/water-premium" in html
    if headers is NL:
        assert "Arabisch" in html
        assert "2 november 2026" in html
    else:
        assert '<html lang="ar" dir="rtl">' in html
        assert "العربية" in html
        assert "only in" in html or "فقط" in html  # Dutch texts are marked


def test_a_missing_translation_is_marked_only_in_dutch(client, db) -> None:
    service = make_service(db, name="Budgethulp", name_texts={"fr": "Aide budgétaire"})
    db.commit()
    fr = client.get(f"/help/services/{service.uuid}", headers={"Accept-Language": "fr"})
    assert "Aide budgétaire" in fr.get_data(as_text=True)
    en = client.get(f"/help/services/{service.uuid}", headers=EN).get_data(as_text=True)
    assert '<span lang="nl">Budgethulp</span>' in en
    assert "only in Dutch" in en


@pytest.mark.parametrize("headers", [NL, AR])
def test_a_right_page_links_to_the_services_that_realise_it(client, db, headers) -> None:
    service = make_service(db, name="Sociale dienst")
    hidden = make_service(db, name="Oud loket", status="inactive")
    make_right(
        db,
        services=[service, hidden],
        gives="Tot 100 euro minder per jaar.",
        how="Vraag het aan bij de sociale dienst.",
        what_to_bring="Je identiteitskaart.",
    )
    db.commit()
    response = client.get("/help/rights/water-premium", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tot 100 euro minder per jaar." in html
    assert f"/help/services/{service.uuid}" in html
    assert "Oud loket" not in html


@pytest.mark.parametrize("headers", [NL, AR])
def test_the_printed_overview_has_a_qr_code_per_service(client, db, headers) -> None:
    make_service(db, name="Budgethulp", phone="09 123 45 67")
    make_service(db, name="Schuldhulp")
    db.commit()
    html = client.get("/help/income/print", headers=headers).get_data(as_text=True)
    assert html.count("<svg") >= 2
    assert "09 123 45 67" in html
    assert "http://localhost/help/income" in html


@pytest.mark.parametrize(
    "path",
    [
        "/help/nowhere",
        "/help/nowhere/print",
        "/help/income" + "x" * 3000,
        "/help/services/not-a-uuid",
        "/help/services/" + "0" * 3000,
        "/help/rights/nothing",
        "/help/rights/water-premium" + "x" * 3000,
    ],
)
def test_unknown_things_answer_404_in_the_visitors_language(client, path) -> None:
    response = client.get(path, headers=AR)
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)


def test_an_inactive_service_or_right_has_no_page(client, db) -> None:
    service = make_service(db, status="inactive")
    make_right(db, code="old-premium", active=False)
    db.commit()
    assert client.get(f"/help/services/{service.uuid}").status_code == 404
    assert client.get("/help/rights/old-premium").status_code == 404


def test_closures_skip_sessions_on_the_service_page(client, db, monkeypatch) -> None:
    from datetime import datetime

    from spelotheek.network import hours

    service = make_service(db, hours=((0, "09:00", "12:00"),))  # Mondays
    db.add(NetworkClosure(first_day=date(2026, 12, 21), last_day=date(2027, 1, 1)))
    db.commit()
    monkeypatch.setattr(
        hours, "brussels_now", lambda: datetime(2026, 12, 16, 10, 0, tzinfo=hours.BRUSSELS)
    )
    html = client.get(f"/help/services/{service.uuid}", headers=EN).get_data(as_text=True)
    assert "Monday 4 January" in html
    assert "Monday 21 December" not in html
    assert "Monday 28 December" not in html
    assert "Closed from 21 December to 1 January 2027" in html


def test_the_navigation_and_home_page_lead_to_the_directory(client) -> None:
    assert 'href="/help"' in client.get("/", headers=NL).get_data(as_text=True)


def test_public_pages_are_cacheable_for_anonymous_visitors(client, db) -> None:
    service = make_service(db)
    refresh_search_text(service)
    db.commit()
    for path in (
        "/help",
        "/help/income",
        f"/help/services/{service.uuid}",
        "/help/search?q=spreekuur",
    ):
        assert client.get(path).headers["Cache-Control"].startswith("public")


def test_an_empty_domain_says_so_without_blaming_the_filters(client) -> None:
    assert "No services here yet." in client.get("/help/papers", headers=EN).get_data(as_text=True)
    filtered = client.get("/help/papers?free=1", headers=EN).get_data(as_text=True)
    assert "No service matches. Try fewer filters." in filtered
