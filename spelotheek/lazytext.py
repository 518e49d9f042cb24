"""Translatable text for pure modules: `_l("…")` here is translated only when it is shown.

flask_babel.lazy_gettext would do the same, but importing it loads Flask; rules.py modules
import this instead and stay free of Flask. The string behaves like Flask-Babel's LazyString.
"""

from __future__ import annotations

from typing import Any


class LazyText:
    """A message translated into the reader's language each time it is turned into text."""

    __slots__ = ("_text", "_variables")

    def __init__(self, text: str, variables: dict[str, Any]) -> None:
        self._text = text
        self._variables = variables

    def __str__(self) -> str:
        from flask_babel import gettext  # at show time, inside the app: the reader's language

        return gettext(self._text, **self._variables)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # no pickling or copying protocol through the string
            raise AttributeError(attr)
        return getattr(str(self), attr)

    def __repr__(self) -> str:
        return f"l'{self}'"

    def __html__(self) -> str:
        return str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __iter__(self):
        return iter(str(self))

    def __getitem__(self, key):
        return str(self)[key]

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and item in str(self)

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __mod__(self, other: Any) -> str:
        return str(self) % other

    def __eq__(self, other: object) -> bool:
        return str(self) == other

    def __ne__(self, other: object) -> bool:
        return str(self) != other

    def __lt__(self, other: str) -> bool:
        return str(self) < other

    def __gt__(self, other: str) -> bool:
        return str(self) > other

    def __hash__(self) -> int:
        return hash(str(self))


def lazy_gettext(text: str, **variables: Any) -> LazyText:
    """Mark `text` for translation; it is translated when shown (import as `_l`)."""
    return LazyText(text, variables)
