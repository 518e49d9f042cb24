"""Every string is translated in every language the site ships as complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from spelotheek.paths import ROOT

# English is the source language. Each language joins this list when its catalogue is complete.
COMPLETE = ["nl", "fr", "ar", "tr"]


def _catalogue(language: str):
    path = Path(ROOT) / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle)


def _template_ids() -> set[str]:
    with (Path(ROOT) / "translations" / "messages.pot").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("language", COMPLETE)
def test_every_message_is_translated(language: str) -> None:
    catalogue = _catalogue(language)
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("language", COMPLETE)
def test_the_catalogue_has_every_message_of_the_template(language: str) -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(language) if m.id}
    assert _template_ids() <= ids


@pytest.mark.parametrize("language", COMPLETE)
def test_placeholders_survive_translation(language: str) -> None:
    import re

    for message in _catalogue(language):
        if message.id and message.string and isinstance(message.id, str):
            names = sorted(re.findall(r"%\((\w+)\)", message.id))
            assert sorted(re.findall(r"%\((\w+)\)", message.string)) == names, message.id


def test_the_template_is_up_to_date_with_the_code(tmp_path) -> None:
    from babel.messages.frontend import CommandLineInterface

    out = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "extract",
            "-F",
            str(Path(ROOT) / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(out),
            str(ROOT),
        ]
    )
    with out.open("rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert fresh - _template_ids() == set(), "run `make translations` and translate the new strings"
