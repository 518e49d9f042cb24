"""The rights check as a visitor walks it: one question a screen, carried in POSTed hidden
fields, nothing in the URL, the logs or a cache; the result per life domain."""

from __future__ import annotations

import logging
import re

import pytest

from tests.factories import family_id, login_as, make_family, make_right, make_service

EN = {"Accept-Language": "en"}
WALK = [
    ("children", {"answer": "2"}),
    ("ages", {"answer": "next", "age": ["1", "7"]}),
    ("expecting", {"answer": "no"}),
    ("postcode", {"answer": "next", "typed": "9031"}),
    ("allowance", {"answer": "yes"}),
    ("single", {"answer": "skip"}),
    ("income", {"answer": "1500-1999"}),
]


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def hidden(page: str) -> dict[str, str]:
    """The carried answers (hidden fields) of the page's first form."""
    form = page.split('<form class="check-screen"', 1)[-1].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def walk(client, answers=WALK, headers=EN):
    """Answer each screen by posting to its form's action with the carried fields."""
    page = client.post("/help/check", headers=headers)
    assert page.status_code == 200
    for step, given in answers:
        assert f'name="step" value="{step}"' in page.text, (step, page.text[-3000:])
        action = re.search(r'<form class="check-screen" method="post" action="([^"]+)"', page.text)
        data = {k: v for k, v in hidden(page.text).items() if k != "csrf_token"}
        data.update(given)
        page = client.post(action.group(1), data=data, headers=headers)
    return page


def rights(db):
    ghent = make_service(db, name="Sociaal huis Gent", phone="09 266 11 11")
    water = make_right(
        db,
        code="water",
        title="Korting op water",
        conditions=[{"kind": "municipality", "postcodes": ["9000", "9031"]}],
        services=[ghent],
    )
    cheap = make_right(
        db,
        code="childcare-rate",
        domain="childcare",
        title="Lager tarief kinderopvang",
        conditions=[{"kind": "income_under", "monthly_euros": 1800}],
    )
    baby = make_right(
        db,
        code="birth",
        domain="childcare",
        title="Geboortepremie",
        conditions=[{"kind": "expecting"}],
    )
    db.commit()
    return water, cheap, baby, ghent


def test_a_full_walk_shows_likely_and_maybe_and_hides_no(client, db) -> None:
    water, cheap, baby, ghent = rights(db)
    page = walk(client)
    assert page.status_code == 200
    text = page.text
    assert "Korting op water" in text and "Lager tarief kinderopvang" in text
    assert "Geboortepremie" not in text  # not expecting: "no" is not shown
    assert "Why not others?" in text
    # The income band 1,500–1,999 straddles 1,800: "check this", never a guess.
    cheap_part = text.split("Lager tarief kinderopvang")[0].rsplit("<article", 1)[1]
    assert "check-maybe" in cheap_part
    water_part = text.split("Korting op water")[0].rsplit("<article", 1)[1]
    assert "check-likely" in water_part
    assert f"/help/services/{ghent.uuid}" in text and "09 266 11 11" in text
    assert "no-store" in page.headers["Cache-Control"]


def test_progress_back_and_skip(client, db) -> None:
    page = client.post("/help/check", headers=EN)
    assert "Question 1 of 6" in page.text  # without children, no ages screen
    page = client.post("/help/check", data={"step": "children", "answer": "3"}, headers=EN)
    assert "Question 2 of 7" in page.text and page.text.count('name="age"') == 3
    page = client.post(
        "/help/check", data={"children": "3", "step": "ages", "go": "back"}, headers=EN
    )
    assert 'name="step" value="children"' in page.text
    page = client.post("/help/check", data={"step": "children", "answer": "skip"}, headers=EN)
    assert 'name="step" value="expecting"' in page.text and "Question 2 of 6" in page.text
    assert "I don&#39;t know / skip" in page.text or "I don't know / skip" in page.text


def test_every_screen_is_a_post_and_never_cached(client, db) -> None:
    rights(db)
    start = client.get("/help/check", headers=EN)
    assert "no-store" in start.headers["Cache-Control"]
    page = walk(client)
    for form in re.findall(r"<form[^>]*>", page.text):
        if "language-switch" in form:
            continue
        assert 'method="post"' in form
    assert "9031" not in "".join(re.findall(r'action="([^"]*)"', page.text))


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ({"step": "postcode", "answer": "next", "typed": "12"}, "postcode"),
        ({"step": "postcode", "answer": "next", "typed": "90a0"}, "postcode"),
        ({"step": "income", "answer": "a-lot"}, "income"),
        ({"children": "2", "step": "ages", "answer": "next", "age": ["26", "1"]}, "ages"),
        ({"children": "2", "step": "ages", "answer": "next", "age": ["-1", "1"]}, "ages"),
        ({"children": "2", "step": "ages", "answer": "next", "age": ["1"]}, "ages"),
        ({"step": "children", "answer": "12"}, "children"),
        ({"step": "expecting", "answer": "perhaps"}, "expecting"),
        ({"income": "x" * 41, "step": "expecting", "answer": "yes"}, "income"),
    ],
)
def test_bad_answers_are_refused_with_the_screen_again(client, db, data, shown) -> None:
    page = client.post("/help/check", data=data, headers=EN)
    assert page.status_code == 400
    assert f'name="step" value="{shown}"' in page.text
    assert 'class="error check-error"' in page.text


def test_a_carried_answer_changed_in_the_browser_is_checked_again(client, db) -> None:
    data = {k: "yes" for k in ("expecting", "allowance", "single")}
    data.update({"children": "0", "postcode": "12", "income": "skip"})
    page = client.post("/help/check/result", data=data, headers=EN)
    assert page.status_code == 400 and 'name="step" value="postcode"' in page.text


def test_the_result_needs_every_question(client, db) -> None:
    page = client.post("/help/check/result", data={"children": "0"}, headers=EN)
    assert page.status_code == 200 and 'name="step" value="expecting"' in page.text


def test_answers_never_reach_a_log(client, db, caplog) -> None:
    rights(db)
    caplog.set_level(logging.DEBUG)
    walk(client)
    logged = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert "9031" not in logged and "1500-1999" not in logged


def test_result_in_arabic_is_right_to_left(client, db) -> None:
    rights(db)
    page = walk(client, headers={"Accept-Language": "ar"})
    assert 'dir="rtl"' in page.text


def test_anonymous_result_offers_login_and_print(client, db) -> None:
    water, *_ = rights(db)
    page = walk(client)
    assert "Log in with your card to keep this" in page.text
    data = hidden(page.text.split('action="/help/check/print"')[1])
    printed = client.post("/help/check/print", data=data, headers=EN)
    assert printed.status_code == 200 and "My rights and where to go" in printed.text
    assert "<svg" in printed.text and "no-store" in printed.headers["Cache-Control"]


def test_a_family_sees_keep(client, db) -> None:
    rights(db)
    family, _code = make_family(db)
    db.commit()
    login_as(client, family_id(family))
    page = walk(client)
    assert 'action="/help/check/keep"' in page.text


JUNK = ["", "x" * 3000, "\x00", "<script>", "٩", "-1", "9" * 30, "skip", "next", "back"]


@pytest.mark.parametrize(
    "path", ["/help/check", "/help/check/result", "/help/check/print", "/help/check/keep"]
)
def test_junk_never_breaks_a_screen(client, db, path) -> None:
    family, _code = make_family(db)
    db.commit()
    login_as(client, family_id(family))
    names = ["children", "ages", "postcode", "income", "step", "answer", "go", "age", "typed"]
    for value in JUNK:
        for name in names:
            response = client.post(path, data={"step": "ages", "children": "2", name: value})
            assert response.status_code < 500, (path, name, value[:20])
            assert "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_answers_never_reach_the_session_cookie(client, db) -> None:
    rights(db)
    walk(client)
    with client.session_transaction() as session:
        kept = repr(dict(session))
    assert "9031" not in kept and "1500-1999" not in kept and "1,7" not in kept


def test_every_question_screen_is_no_store(client, db) -> None:
    page = client.post("/help/check", headers=EN)
    for step, given in WALK[:-1]:
        assert "no-store" in page.headers["Cache-Control"], step
        data = {k: v for k, v in hidden(page.text).items() if k != "csrf_token"}
        page = client.post("/help/check", data={**data, **given}, headers=EN)
