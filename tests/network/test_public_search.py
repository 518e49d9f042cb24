"""The search box: words in any language, lower-cased, literal, at most 100 characters,
one page at a time with a "more" link."""

from __future__ import annotations

from spelotheek.network.texts import refresh_search_text
from tests.factories import make_service

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


def _made(db, name: str, **fields):
    service = make_service(db, name=name, **fields)
    refresh_search_text(service)
    return service


def test_words_of_another_language_find_the_service(client, db) -> None:
    found = _made(db, "Budgethulp", name_texts={"ar": "مساعدة الميزانية", "tr": "Bütçe Yardımı"})
    _made(db, "Huurhulp", domains=("housing",))
    db.commit()
    for query in ("الميزانية", "BÜTÇE", "budgethulp", "Bütçe  yardımı"):
        html = client.get("/help/search", query_string={"q": query}, headers=NL).get_data(
            as_text=True
        )
        assert f"/help/services/{found.uuid}" in html, query
        assert "Huurhulp" not in html


def test_every_word_must_match_and_inactive_services_are_hidden(client, db) -> None:
    _made(db, "Budgethulp voor gezinnen")
    _made(db, "Budgethulp oud", status="inactive")
    db.commit()
    html = client.get("/help/search?q=budgethulp+gezinnen", headers=EN).get_data(as_text=True)
    assert "Budgethulp voor gezinnen" in html
    assert "Budgethulp oud" not in html
    assert "Budgethulp voor" not in client.get("/help/search?q=budgethulp+fietsen").get_data(
        as_text=True
    )


def test_wildcards_are_taken_literally(client, db) -> None:
    _made(db, "Budgethulp")
    db.commit()
    for query in ("%", "_", "budget%hulp"):
        html = client.get("/help/search", query_string={"q": query}, headers=EN).get_data(
            as_text=True
        )
        assert "Budgethulp" not in html, query


def test_an_empty_search_asks_for_a_word(client) -> None:
    html = client.get("/help/search?q=+", headers=EN).get_data(as_text=True)
    assert "Type a word" in html


def test_an_over_long_search_uses_the_first_100_characters(client, db) -> None:
    _made(db, "Budgethulp")
    db.commit()
    response = client.get("/help/search", query_string={"q": "budgethulp " + "x" * 500}, headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "first 100 characters" in html
    assert f'value="budgethulp {"x" * 89}"' in html  # the box keeps what was searched for


def test_a_search_of_thousands_of_characters_is_refused(client) -> None:
    response = client.get("/help/search", query_string={"q": "x" * 2001}, headers=EN)
    assert response.status_code == 400
    assert "Your search is too long" in response.get_data(as_text=True)


def test_results_come_a_page_at_a_time(client, db) -> None:
    for n in range(25):
        _made(db, f"Spreekuur {n:02d}")
    db.commit()
    first = client.get("/help/search?q=spreekuur", headers=EN).get_data(as_text=True)
    assert first.count('class="net-service"') == 20
    assert "/help/search?q=spreekuur&amp;page=2" in first or "page=2&amp;q=spreekuur" in first
    second = client.get("/help/search?q=spreekuur&page=2", headers=EN).get_data(as_text=True)
    assert second.count('class="net-service"') == 5
    assert "Spreekuur 24" in second and "Spreekuur 00" not in second
    # A page out of range starts again at the first.
    assert client.get("/help/search?q=spreekuur&page=99999").status_code == 200
