"""The "read aloud" button is on pages for visitors and families, never on staff-only pages."""

from __future__ import annotations

from tests.factories import family_id, login_as, make_family, make_user, staff_id


def test_public_and_family_pages_have_it_staff_pages_do_not(app, client, db) -> None:
    for path in ("/", "/privacy", "/meetups", "/groups/offer"):
        page = client.get(path).get_data(as_text=True)
        assert 'id="read-aloud"' in page and "js/readaloud.js" in page, path
        assert 'id="read-aloud" class="button read-aloud no-print" hidden' in page, path
    family, _ = make_family(db)
    staff = make_user(db, role="staff")
    db.commit()
    login_as(client, family_id(family))
    assert 'id="read-aloud"' in client.get("/me").get_data(as_text=True)
    desk = app.test_client()
    login_as(desk, staff_id(staff))
    for path in ("/desk", "/families"):
        page = desk.get(path).get_data(as_text=True)
        assert 'id="read-aloud"' not in page and "readaloud.js" not in page, path
