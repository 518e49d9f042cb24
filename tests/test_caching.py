"""Public pages a shared cache may keep: an anonymous visitor gets no cookie, an ETag and a short
public max-age, and a 304 when nothing changed; anyone signed in still gets `no-store`."""

from __future__ import annotations

from flask import Flask

from spelotheek.caching import PUBLIC_MAX_AGE
from tests.factories import login_as, make_right, make_service, make_user, staff_id
from tests.loans.factories import make_toy
from tests.meetups.conftest import make_series
from tests.network.hsds_fixtures import public_hsds_paths
from tests.topics.helpers import make_topic


def _public_paths(db) -> dict[str, str]:
    """A path for every page marked public, by endpoint."""
    series = make_series(db)
    toy = make_toy(db)
    topic = make_topic(db, status="accepted")
    service = make_service(db)
    make_right(db, services=[service])
    db.commit()
    return {
        "main.home": "/",
        **public_hsds_paths(db),  # the HSDS read API: public JSON
        "main.privacy": "/privacy",
        "meetups.index": "/meetups",
        "meetups.show": f"/meetups/{series.id}",
        "meetups.occurrence": f"/meetups/{series.id}/2026-12-12",
        "meetups.subscribe": "/meetups/subscribe",
        "meetups.poster": "/meetups/poster",
        "loans.catalogue": "/toys",
        "loans.toy": f"/toys/{toy.id}",
        "groups.offer": "/groups/offer",
        "places.first_visit": f"/places/{series.location_id}/first-visit",
        "topics.index": "/topics",
        "topics.show": f"/topics/{topic.id}",
        "network.index": "/help",
        "network.domain": "/help/income",
        "network.domain_print": "/help/income/print",
        "network.search": "/help/search?q=spreekuur",
        "network.service": f"/help/services/{service.uuid}",
        "network.right": "/help/rights/water-premium",
    }


def test_every_page_marked_public_is_checked_here(app: Flask, db) -> None:
    marked = {name for name, view in app.view_functions.items() if getattr(view, "public_page", 0)}
    assert marked == set(_public_paths(db))


def test_anonymous_visitors_get_cacheable_pages_without_a_cookie(app: Flask, db) -> None:
    cacheable = []
    for endpoint, path in _public_paths(db).items():
        client = app.test_client()
        first = client.get(path, headers={"Accept-Language": "fr"})
        assert first.status_code == 200, path
        if "Set-Cookie" in first.headers:
            # A page with a form (the token lives in a session) may start one: then never public.
            assert first.headers["Cache-Control"] == "no-store", path
            continue
        cacheable.append(endpoint)
        assert first.headers["Cache-Control"] == f"public, max-age={PUBLIC_MAX_AGE}", path
        assert {"Accept-Language", "Cookie"} <= set(first.vary), path
        again = client.get(
            path, headers={"Accept-Language": "fr", "If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304 and again.data == b"", path
    # The pages people look at most are among them.
    assert {"main.home", "meetups.index", "meetups.show", "loans.catalogue"} <= set(cacheable)


def test_signed_in_people_still_get_no_store(app: Flask, db) -> None:
    user = make_user(db)
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(user))
    for path in ("/", "/meetups", "/toys"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store", path
        assert "ETag" not in response.headers


def test_an_anonymous_language_choice_needs_no_token_but_a_signed_in_one_does(app, db) -> None:
    client = app.test_client()
    chosen = client.post("/language", data={"lang": "fr", "next": "/meetups"})
    assert chosen.status_code == 302
    assert 'lang="fr"' in client.get("/meetups").get_data(as_text=True)

    user = make_user(db)
    db.commit()
    signed_in = app.test_client()
    login_as(signed_in, staff_id(user))
    assert signed_in.post("/language", data={"lang": "fr"}).status_code == 400


def test_pages_ask_for_static_files_by_their_fingerprint_and_browsers_keep_them(
    app: Flask, client, tmp_path
) -> None:
    import hashlib
    import re
    from pathlib import Path

    from spelotheek.caching import STATIC_MAX_AGE, fingerprint

    home = client.get("/").get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', home)
    assert len(assets) >= 5 and all(re.search(r"\?v=[0-9a-f]{12}$", a) for a in assets), assets
    style = next(a for a in assets if a.startswith("/static/css/site.css"))
    body = (Path(app.static_folder) / "css" / "site.css").read_bytes()
    assert style.endswith(hashlib.sha256(body).hexdigest()[:12])  # the content's own
    with client.get(style) as kept:
        assert kept.status_code == 200
        assert kept.cache_control.max_age == STATIC_MAX_AGE and kept.cache_control.immutable
        assert kept.cache_control.public and not kept.cache_control.no_cache
    # Without the fingerprint, or with an old one, the file is asked for again each time.
    for stale in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        with client.get(stale) as answer:
            assert answer.status_code == 200 and answer.cache_control.no_cache, stale
            assert not answer.cache_control.immutable
    # A changed file gets a new fingerprint at once; a missing one, none (and no error).
    edited = tmp_path / "x.css"
    edited.write_text("a{}")
    before = fingerprint(str(tmp_path), "x.css")
    edited.write_text("a{color:red}")
    assert fingerprint(str(tmp_path), "x.css") not in (before, None)
    assert fingerprint(str(tmp_path), "gone.css") is None
    (tmp_path / "img").mkdir()
    assert fingerprint(str(tmp_path), "img/") is None  # a folder: scripts add the file name
    assert fingerprint(str(tmp_path), "../etc/passwd") is None  # never outside the folder
