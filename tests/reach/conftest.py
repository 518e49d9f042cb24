"""Fixtures shared by the reach tests."""

from __future__ import annotations

import pytest

from tests.factories import login_as, make_user, staff_id


@pytest.fixture
def coordinator(client, db):
    """A logged-in coordinator who reads English."""
    user = make_user(db, role="coordinator", language="en")
    db.commit()
    login_as(client, staff_id(user))
    return user
