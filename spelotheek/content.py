"""What staff write, in every language: a source text plus its translations, and which one
a page shows.

A translated field is two columns: the source text (in the site's default language, Dutch)
and `<field>_texts`, a JSON object {language: text} with the translations. A page shows the
visitor's language when there is a text for it; otherwise the source, marked "only in
Dutch" with a `lang` attribute, so a reader (and a screen reader) knows, and a page never
silently shows another language. The rights-and-services directory reuses the same idea.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spelotheek.settings import LANGUAGES

SOURCE_LANGUAGE = "nl"


def in_language(
    texts: Mapping[str, str] | None, lang: str, default: str = SOURCE_LANGUAGE
) -> tuple[str, str]:
    """(text, language it is in): the wanted language, else the default, else any other."""
    texts = {k: v.strip() for k, v in (texts or {}).items() if v and v.strip()}
    for choice in (lang, default, *LANGUAGES):
        if choice in texts:
            return texts[choice], choice
    return "", lang


def texts_of(thing: Any, field: str, source_lang: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """Every language's text of a translated field: the source text and its translations."""
    translations = getattr(thing, f"{field}_texts", None) or {}
    return {**translations, source_lang: getattr(thing, field) or ""}


def translations_from(values: Mapping[str, str | None], source_lang: str = SOURCE_LANGUAGE):
    """The JSON to store from a form's per-language values: no empties, no source language."""
    kept = {
        lang: text.strip()
        for lang, text in values.items()
        if lang in LANGUAGES and lang != source_lang and text and text.strip()
    }
    return kept or None
