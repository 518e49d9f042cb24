"""The card picture saved on a phone carries the name when asked, in any script (issue 24/12)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops

from spelotheek.families.cardimage import card_picture, name_font
from tests.factories import login_as, make_user, staff_id

CODE = "ABCDEFGHJKMNPQRSTVWXYZ0123"


def _name_area_differs(with_name: bytes, without: bytes) -> bool:
    """True when the right half of the card (where the name goes) has ink in one but not the
    other."""
    a, b = (Image.open(io.BytesIO(png)).convert("L") for png in (with_name, without))
    box = (430, 100, 850, 380)
    return ImageChops.difference(a.crop(box), b.crop(box)).getbbox() is not None


@pytest.mark.parametrize(
    "name", ["Amira", "Zoë", "Ayşe Yılmaz", "أمينة", "Łukasz", "Anna-Lena van den Broeck-Goossens"]
)
def test_the_name_is_on_the_picture_in_any_script(name) -> None:
    with_name = card_picture(CODE, "Spelotheek", name)
    without = card_picture(CODE, "Spelotheek", None)
    assert with_name.name_shown
    assert _name_area_differs(with_name.png, without.png)


def test_a_name_no_font_can_draw_is_said_not_dropped() -> None:
    picture = card_picture(CODE, "Spelotheek", "\U000f0001\U000f0002")  # private-use letters
    assert not picture.name_shown
    assert name_font("Zoë") is not None and name_font("\U000f0001") is None


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_the_saved_picture_follows_print_the_name(client, db) -> None:
    login_as(client, staff_id(make_user(db, role="staff", language="en")))
    db.commit()
    html = client.post(
        "/families/new", data={"display_name": "Zoë", "language": "nl"}
    ).data.decode()
    with_name = re.search(r'data-with-name="(data:image/png;base64,[^"]+)"', html).group(1)
    without = re.search(r'data-without-name="(data:image/png;base64,[^"]+)"', html).group(1)
    assert with_name != without
    # the link saves the picture with the name, as the ticked box says
    assert re.search(rf'href="{re.escape(with_name)}"[^>]*download=', html)
