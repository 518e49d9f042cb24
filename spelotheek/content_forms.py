"""Staff forms for translated content: one field per other language, under "Translations"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from spelotheek.content import SOURCE_LANGUAGE, translations_from
from spelotheek.settings import LANGUAGES

OTHER_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def add_translation_fields(form_class: type, fields: Mapping[str, int]) -> None:
    """Give a form class `<field>_<lang>` for every other language (field: its max length).

    Labels are each language's own name, so a translator finds theirs in any page language.
    """
    for field, max_length in fields.items():
        for lang in OTHER_LANGUAGES:
            setattr(
                form_class,
                f"{field}_{lang}",
                TextAreaField(
                    LANGUAGES[lang]["name"],
                    validators=[Optional(), Length(max=max_length)],
                    filters=[_strip],
                    render_kw={"lang": lang, "dir": LANGUAGES[lang]["dir"], "rows": 2},
                ),
            )


def translations_of(form: Any, field: str) -> dict[str, str] | None:
    """The JSON to store for one field from the form's per-language fields."""
    return translations_from({lang: form[f"{field}_{lang}"].data for lang in OTHER_LANGUAGES})


def fill_translations(form: Any, thing: Any, fields: Iterable[str]) -> None:
    """Put a record's stored translations into the form's per-language fields."""
    for field in fields:
        stored = getattr(thing, f"{field}_texts", None) or {}
        for lang in OTHER_LANGUAGES:
            form[f"{field}_{lang}"].data = stored.get(lang, "")
