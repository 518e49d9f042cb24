"""No label like 'kansarm' on any page a family, a visitor or a volunteer sees."""

from __future__ import annotations

import re

import pytest

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, FAMILY
from spelotheek.cli import main
from tests.factories import family_id, login_as, make_family, make_user, staff_id

pytestmark = pytest.mark.one_database
LABELS = re.compile(r"kansarm|kansengroep|achtergesteld|défavoris|underprivileged", re.IGNORECASE)


def _pages_for(app, principal: str) -> list[str]:
    with app.app_context():
        return [
            rule.rule
            for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or set())
            and not rule.arguments
            and principal in (declared_access(rule.endpoint) or set())
            and not rule.rule.endswith((".ics", ".csv", ".json", ".png"))
        ]


def test_no_stigmatising_label_on_pages_for_families_visitors_and_volunteers(app, db) -> None:
    assert app.test_cli_runner().invoke(main, ["demo"]).exit_code == 0
    family, _ = make_family(db, "Plain")
    identities = {
        ANONYMOUS: None,
        FAMILY: family_id(family),
        "volunteer": staff_id(make_user(db, role="volunteer", language="nl")),
    }
    db.commit()
    seen = 0
    for principal, identity in identities.items():
        client = app.test_client()
        if identity:
            login_as(client, identity)
        queue, visited = _pages_for(app, principal), set()
        while queue and len(visited) < 60:
            path = queue.pop(0)
            if path in visited:
                continue
            visited.add(path)
            response = client.get(path, headers={"Accept-Language": "nl"})
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            seen += 1
            assert not LABELS.search(html), f"{principal} sees a label on {path}"
            queue += [
                link
                for link in re.findall(r'href="(/[^"#?]*)"', html)
                if not link.startswith("/static/")
            ]
    assert seen >= 20
