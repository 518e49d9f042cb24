"""Every form on the site starts with the error summary (templates/_macros/forms.html)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FORM_START = re.compile(
    r"\{\{\s*(\w+)\.hidden_tag\(\)\s*\}\}\s*(\{\{\s*error_summary\((\w+)\)\s*\}\})?"
)


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_every_form_opens_with_its_error_summary() -> None:
    missing = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for match in FORM_START.finditer(template.read_text()):
            if match.group(3) != match.group(1):
                missing.append(f"{template.relative_to(TEMPLATES)}: {match.group(1)}")
    assert not missing, "add {{ error_summary(form) }} after hidden_tag():\n" + "\n".join(missing)


def test_a_form_without_a_summary_is_found() -> None:
    """The check can fail."""
    assert FORM_START.search("{{ form.hidden_tag() }}\n<p>").group(3) is None
    assert FORM_START.search("{{ a.hidden_tag() }} {{ error_summary(a) }}").group(3) == "a"


def test_the_summary_names_each_field_and_links_to_it(client) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.post("/groups/offer", data={}).get_data(as_text=True)
    summary = page[page.index('class="error-summary"') :]
    assert summary.index("error-summary") < summary.index('id="phone"')
    assert re.search(r'<a href="#phone">Your phone number: [^<]+</a>', summary), summary[:800]
    assert "autofocus" in page[page.rindex("<div", 0, page.index('class="error-summary"')) :][:200]
