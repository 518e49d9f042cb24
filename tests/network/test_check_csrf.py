"""Every step of the rights check is a POST that needs the form's CSRF token."""

from __future__ import annotations

import re

import pytest

from tests.factories import family_id, login_as, make_family

POSTS = [
    "/help/check",
    "/help/check/result",
    "/help/check/print",
    "/help/check/keep",
]


@pytest.mark.parametrize("path", POSTS)
def test_a_post_without_the_token_is_refused(client, db, path) -> None:
    family, _ = make_family(db)
    db.commit()
    login_as(client, family_id(family))
    assert client.post(path, data={"children": "0"}).status_code == 400


def test_the_screens_carry_the_token(client, db) -> None:
    start = client.get("/help/check").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', start.split("<main")[1]).group(1)
    page = client.post("/help/check", data={"csrf_token": token})
    assert page.status_code == 200 and 'name="step" value="children"' in page.text
    assert 'name="csrf_token"' in page.text.split('class="check-screen"')[1]
