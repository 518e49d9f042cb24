"""The family's own slip: the visitor's language and Dutch side by side, nothing kept."""

from __future__ import annotations

import logging
import re

import flask_babel
import pytest
from flask_babel import get_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spelotheek.network import slip, slip_choices
from tests.factories import family_id, login_as, make_family, make_service

TURKISH = {"Accept-Language": "tr"}
ARABIC = {"Accept-Language": "ar"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture(autouse=True)
def _english_unless_asked(client) -> None:
    """Read the English source texts unless a test asks for a language."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _cells(page: str, lang: str) -> list[str]:
    """The text of the slip's cells in one language."""
    found = re.findall(rf'<td lang="{lang}" dir="\w+">(.*?)</td>', page, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


# --- the pure part -------------------------------------------------------------------------


def test_the_sentences_follow_what_was_filled_in() -> None:
    income = slip.Topic("income", "domain-income", {"nl": "Inkomen en geld", "tr": "Gelir ve para"})
    ask = slip.Ask(topics=[income, slip.EXTRA_TOPICS[0]], interpreter="ps", slowly=True)
    kinds = [line.kind for line in slip.lines(ask, "tr")]
    assert kinds == ["heading", "ask", "ask", "need", "need"]
    texts = [line.text for line in slip.lines(ask, "tr")]
    assert "Gelir ve para" in texts
    assert "Inkomen en geld" in [line.text for line in slip.lines(ask, "nl")]
    assert slip.lines(slip.Ask(), "nl") == []


def test_an_ask_without_a_question_is_empty() -> None:
    assert slip.Ask().empty
    assert slip.Ask(own_words="  ").empty
    assert not slip.Ask(own_words="Waar is de huurpremie?").empty
    assert not slip.Ask(topics=[slip.EXTRA_TOPICS[1]]).empty


def test_language_names_are_written_for_each_reader() -> None:
    assert slip.language_name("ps", "nl") == "Pasjtoe"
    assert slip.language_name("ps", "tr") == "Peştuca"
    assert slip.language_name("fa_AF", "nl") == "Dari"
    assert slip.language_name("xx", "nl") == "xx"
    names = [name for _code, name in slip.interpreter_choices("nl")]
    assert names == sorted(names, key=str.casefold)


def test_one_column_for_a_dutch_reader() -> None:
    assert slip.columns("nl") == ("nl",)
    assert slip.columns("ar") == ("ar", "nl")


# --- the form ------------------------------------------------------------------------------


def test_the_form_offers_the_life_domains_with_their_pictograms(client, db) -> None:
    page = client.get("/help/slip", headers=TURKISH).get_data(as_text=True)
    assert "Gelir ve para" in page  # the domain's Turkish name from the database
    assert "img/domain-income.svg" in page
    assert 'value="talk"' in page and 'value="other"' in page
    assert 'action="/help/slip"' in page and 'method="post"' in page


def test_a_service_link_fills_in_the_service(client, db) -> None:
    service = make_service(db, "Huurdersbond spreekuur", domains=("housing",))
    db.commit()
    page = client.get(f"/help/slip?service={service.uuid}").get_data(as_text=True)
    assert f'<option selected value="{service.uuid}">' in page


@pytest.mark.parametrize("wanted", ["00000000-0000-0000-0000-000000000000", "nonsense", "x" * 3000])
def test_an_unknown_service_is_left_out_with_a_note(client, db, wanted: str) -> None:
    """A printed link to a service that is gone still leads to a slip (decided: no 404)."""
    answer = client.get("/help/slip", query_string={"service": wanted})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "We could not find that service" in page
    assert "selected" not in page.split('name="service"')[1].split("</select>")[0]


def test_an_inactive_service_is_not_offered(client, db) -> None:
    gone = make_service(db, "Oud spreekuur", status="inactive")
    kept = make_service(db, "Nieuw spreekuur")
    db.commit()
    page = client.get("/help/slip").get_data(as_text=True)
    assert kept.uuid in page and gone.uuid not in page
    answer = client.post("/help/slip", data={"service": gone.uuid, "topics": ["income"]})
    assert answer.status_code == 422
    assert "We could not find this service" in answer.get_data(as_text=True)


# --- the slip ------------------------------------------------------------------------------


def test_the_slip_shows_both_languages_side_by_side(client, db) -> None:
    service = make_service(db, "Sociale dienst", name_texts={"tr": "Sosyal hizmet"})
    db.commit()
    answer = client.post(
        "/help/slip",
        data={
            "topics": ["income", "housing"],
            "service": service.uuid,
            "interpreter": "ps",
            "slowly": "y",
        },
        headers=TURKISH,
    )
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    turkish, dutch = _cells(page, "tr"), _cells(page, "nl")
    assert len(turkish) == len(dutch) == 6  # the same sentences, row by row
    assert "Gelir ve para" in turkish and "Inkomen en geld" in dutch
    assert "Konut" in turkish and "Wonen" in dutch
    assert any("Sosyal hizmet" in cell for cell in turkish)
    assert any("Sociale dienst" in cell for cell in dutch)
    assert any("Peştuca" in cell for cell in turkish)  # "an interpreter in Pashto"
    assert any("Pasjtoe" in cell for cell in dutch)
    assert '<th scope="col" lang="tr" dir="ltr">Türkçe</th>' in page
    assert '<th scope="col" lang="nl" dir="ltr">Nederlands</th>' in page


def test_each_column_is_translated_in_its_own_language(client, db, monkeypatch) -> None:
    """The fixed sentences go through gettext once in the visitor's locale, once in Dutch."""
    real = flask_babel.gettext

    def tagged(text: str, **variables: object) -> str:
        return f"[{get_locale()}]" + real(text, **variables)

    monkeypatch.setattr(flask_babel, "gettext", tagged)  # what lazy texts call when shown
    page = client.post(
        "/help/slip", data={"topics": ["talk"], "reading": "y"}, headers=TURKISH
    ).get_data(as_text=True)
    turkish, dutch = _cells(page, "tr"), _cells(page, "nl")
    assert turkish and all(cell.startswith("[tr]") for cell in turkish)
    assert dutch and all(cell.startswith("[nl]") for cell in dutch)


def test_arabic_reads_right_to_left_and_dutch_left_to_right(client, db) -> None:
    page = client.post("/help/slip", data={"topics": ["health"]}, headers=ARABIC).get_data(
        as_text=True
    )
    assert '<html lang="ar" dir="rtl">' in page
    assert "الصحة" in _cells(page, "ar")[1]
    assert "Gezondheid" in _cells(page, "nl")[1]
    assert '<td lang="nl" dir="ltr">' in page and '<td lang="ar" dir="rtl">' in page


def test_a_dutch_reader_gets_one_column(client, db) -> None:
    page = client.post(
        "/help/slip", data={"topics": ["work"]}, headers={"Accept-Language": "nl"}
    ).get_data(as_text=True)
    assert "Werk" in _cells(page, "nl")[1]
    assert page.count('<th scope="col"') == 1


def test_own_words_appear_once_and_escaped(client, db) -> None:
    words = "Mijn huur <b>is</b> te hoog & ik snap de brief niet"
    page = client.post("/help/slip", data={"own_words": words}, headers=TURKISH).get_data(
        as_text=True
    )
    escaped = "Mijn huur &lt;b&gt;is&lt;/b&gt; te hoog &amp; ik snap de brief niet"
    assert page.count(escaped) == 1
    assert "<b>is</b>" not in page


def test_over_long_words_are_refused_and_nothing_is_lost(client, db) -> None:
    words = "Ik wil vragen " + "over de huur " * 50  # over 500 characters
    answer = client.post(
        "/help/slip",
        data={
            "own_words": words,
            "topics": ["housing", "talk"],
            "interpreter": "ar",
            "slowly": "y",
        },
        headers=TURKISH,
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "en fazla 500 karakter yazın" in page  # the refusal, in the visitor's Turkish
    assert words.strip() in page  # the textarea comes back with every word
    assert re.search(r'value="housing"[^>]*checked|checked[^>]*value="housing"', page)
    assert re.search(r'value="talk"[^>]*checked|checked[^>]*value="talk"', page)
    assert '<option selected value="ar">' in page
    assert re.search(r'id="slowly"[^>]*checked|checked[^>]*id="slowly"', page)


def test_an_empty_slip_is_refused_plainly(client, db) -> None:
    answer = client.post("/help/slip", data={"slowly": "y"})
    assert answer.status_code == 422
    assert "Please tap at least one picture" in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {"topics": ["income", "no-such-domain"]},
        {"topics": ["x" * 3000]},
        {"topics": ["income"], "interpreter": "klingon"},
        {"own_words": "ß" * 3000},
    ],
)
def test_strange_values_are_refused(client, db, data: dict) -> None:
    assert client.post("/help/slip", data=data).status_code == 422


def test_the_slip_is_not_stored_or_cached(client, db) -> None:
    answer = client.post("/help/slip", data={"topics": ["papers"], "own_words": "Verblijf"})
    assert "no-store" in answer.headers["Cache-Control"]
    assert "no-store" in client.get("/help/slip").headers["Cache-Control"]
    assert "Verblijf" not in answer.headers.get("Set-Cookie", "")
    # Answers never come from an address: a link with them opens the empty form.
    linked = client.get("/help/slip?topics=papers&own_words=Verblijf").get_data(as_text=True)
    assert "Verblijf</textarea>" not in linked and "slip-table" not in linked


def test_nothing_of_the_slip_reaches_the_logs(client, db, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "Zorgbudget-aanvraag-xyz"
    client.post(
        "/help/slip",
        data={"topics": ["health"], "own_words": secret, "interpreter": "ti"},
        headers=TURKISH,
    )
    client.post("/help/slip", data={"own_words": secret * 100})  # refused ones too
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert secret not in logged
    assert "Tigrinya" not in logged


def test_the_family_page_links_to_the_slip(client, db) -> None:
    family, _card = make_family(db, "Slip")
    db.commit()
    login_as(client, family_id(family))
    page = client.get("/me").get_data(as_text=True)
    assert 'href="/help/slip"' in page


def test_the_home_page_links_to_the_slip(client, db) -> None:
    assert 'href="/help/slip"' in client.get("/").get_data(as_text=True)


@given(
    fields=st.dictionaries(
        st.sampled_from(["topics", "own_words", "service", "interpreter", "slowly", "reading"]),
        st.text() | st.sampled_from(["\x00", "\u202e", "ß" * 3000, "income", "ar"]),
    ),
    query=st.text(max_size=100),
)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_anything_sent_is_answered_without_a_crash(client, db, fields, query) -> None:
    assert client.post("/help/slip", data=fields).status_code < 500
    assert client.get("/help/slip", query_string={"service": query}).status_code < 500


def test_a_big_directory_lists_only_the_linked_service(client, db, monkeypatch) -> None:
    monkeypatch.setattr(slip_choices, "SERVICES_IN_SELECT", 2)
    services = [make_service(db, f"Spreekuur {n}") for n in range(3)]
    db.commit()
    page = client.get("/help/slip").get_data(as_text=True)
    assert not any(s.uuid in page for s in services)
    assert "Your service is not in the list?" in page
    page = client.get(f"/help/slip?service={services[1].uuid}").get_data(as_text=True)
    assert f'<option selected value="{services[1].uuid}">' in page
    assert services[0].uuid not in page and services[2].uuid not in page
    monkeypatch.setattr(slip_choices, "SERVICES_IN_SELECT", 3)
    page = client.get("/help/slip").get_data(as_text=True)
    assert all(s.uuid in page for s in services)
    assert "Your service is not in the list?" not in page


def test_a_service_page_and_the_directory_link_to_the_slip(client, db) -> None:
    service = make_service(db)
    db.commit()
    page = client.get(f"/help/services/{service.uuid}").get_data(as_text=True)
    assert f"/help/slip?service={service.uuid}" in page
    assert 'href="/help/slip"' in client.get("/help").get_data(as_text=True)
