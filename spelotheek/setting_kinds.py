"""What a setting may hold: read from text (the environment) or data (the instance file), checked.

Pure: no Flask, no environment. `settings.py` declares the settings with these kinds;
`config.py` reads them.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
_NONE = "none"


class InvalidSetting(ValueError):
    """A setting that cannot work; the message names it and says what it needs."""


class Unfit(ValueError):
    """A value that does not fit its kind; the message says what the kind needs."""


@dataclass(frozen=True)
class Kind(ABC):
    """How one setting is read and checked; subclasses say what fits."""

    optional: bool = False  # None (written `none` in text) is allowed, and means "off"

    @abstractmethod
    def need(self) -> str:
        """What a value must be, in words for the error message."""

    def from_text(self, text: str) -> Any:
        """The value written as text (an environment variable)."""
        if self.optional and text.strip().lower() == _NONE:
            return None
        return self.parse(text.strip())

    def parse(self, text: str) -> Any:
        """Text to a value of this kind; Unfit when it is not one."""
        return text

    def check(self, value: Any) -> Any:
        """The value as stored; Unfit when it does not fit."""
        if value is None or (self.optional and value == _NONE):
            if self.optional:
                return None
            raise Unfit(self.need())
        return self.fit(value)

    @abstractmethod
    def fit(self, value: Any) -> Any:
        """A non-None value checked (and normalised); Unfit when it does not fit."""


@dataclass(frozen=True)
class Text(Kind):
    """Free text, optionally one of a few choices or passing a check of its own."""

    choices: tuple[str, ...] = ()
    pattern: str = ""  # a regular expression the whole text must match
    described: str = "text"
    valid: Callable[[str], bool] | None = field(default=None, compare=False)

    def need(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return f"{self.described} (or none)" if self.optional else self.described

    def fit(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Unfit(self.need())
        if self.choices and value not in self.choices:
            raise Unfit(self.need())
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise Unfit(self.need())
        if self.valid is not None and not self.valid(value):
            raise Unfit(self.need())
        return value


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number within bounds."""

    minimum: int = 0
    maximum: int | None = None

    def need(self) -> str:
        bounds = (
            f"from {self.minimum} to {self.maximum}"
            if self.maximum is not None
            else f"of at least {self.minimum}"
        )
        return f"a whole number {bounds}" + (" (or none)" if self.optional else "")

    def parse(self, text: str) -> Any:
        try:
            return int(text)
        except ValueError:
            raise Unfit(self.need()) from None

    def fit(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Unfit(self.need())
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            raise Unfit(self.need())
        return value


@dataclass(frozen=True)
class Switch(Kind):
    """On or off: true/false in the file; 1/0, true/false, yes/no or on/off in text."""

    def need(self) -> str:
        return "true or false (1 or 0)"

    def parse(self, text: str) -> Any:
        lowered = text.lower()
        if lowered not in _YES + _NO:
            raise Unfit(self.need())
        return lowered in _YES

    def fit(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Unfit(self.need())
        return value


@dataclass(frozen=True)
class Names(Kind):
    """A list of names: a list in the file, separated by commas or spaces in text."""

    choices: tuple[str, ...] = ()

    def need(self) -> str:
        if self.choices:
            return "a list drawn from " + ", ".join(self.choices)
        return "a list of names"

    def parse(self, text: str) -> Any:
        return tuple(text.replace(",", " ").split())

    def fit(self, value: Any) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise Unfit(self.need())
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise Unfit(self.need())
        if self.choices and not set(value) <= set(self.choices):
            raise Unfit(self.need())
        return tuple(value)


@dataclass(frozen=True)
class Table(Kind):
    """Names to names: a table in the file, a JSON object in text."""

    def need(self) -> str:
        return "a table of text to text (a JSON object in the environment)"

    def parse(self, text: str) -> Any:
        try:
            return json.loads(text)
        except ValueError:
            raise Unfit(self.need()) from None

    def fit(self, value: Any) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise Unfit(self.need())
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise Unfit(self.need())
        return dict(value)


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, one line of meaning and what it may hold."""

    name: str
    default: Any
    kind: Kind
    meaning: str
    secret: bool = False  # never repeated in an error message
    shown_default: str = ""  # the default in words, where the value itself says little

    def check(self, value: Any, source: str) -> Any:
        """The value, checked; InvalidSetting naming the setting and its source otherwise."""
        try:
            return self.kind.check(value)
        except Unfit as unfit:
            raise InvalidSetting(self._refusal(str(unfit), value, source)) from None

    def from_text(self, text: str, source: str) -> Any:
        """The value written as text, checked."""
        try:
            return self.kind.check(self.kind.from_text(text))
        except Unfit as unfit:
            raise InvalidSetting(self._refusal(str(unfit), text, source)) from None

    def _refusal(self, need: str, value: Any, source: str) -> str:
        shown = "a value that is not shown" if self.secret else repr(value)
        return f"{self.name} (from {source}) must be {need}, not {shown}"

    def default_in_words(self) -> str:
        """The default as the README shows it."""
        if self.shown_default:
            return self.shown_default
        value = self.default
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, tuple):
            return ", ".join(value) if value else "(empty)"
        if isinstance(value, dict):
            return "{}" if not value else json.dumps(value)
        return str(value)
