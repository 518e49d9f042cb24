"""Schemathesis against the app: every operation in /api/v1/openapi.json, random valid and
invalid requests; no 5xx, and every response matches the document."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from spelotheek.auth.services import create_api_token
from tests.factories import make_user

EXAMPLES_PER_OPERATION = 12
# What the issue asks: no 5xx, and every status code, content type, body and header as
# documented. (Whether the server may refuse a request the schema allows — an e-mail address
# email-validator finds undeliverable, say — is a 422 it documents, not a contract breach.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def test_the_api_keeps_its_document(app, db) -> None:
    token = create_api_token(db, None, make_user(db, role="coordinator"), "contract test")
    db.commit()
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as error:  # noqa: BLE001  (collect every operation's failure)
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)
