"""The family's own slip: what it wants to ask at a service, in its language and in Dutch.

Pure: the view hands in the life domains and the chosen service; this module decides which
sentences go on the slip. The sentences are lazy texts, so the page can show the same slip
twice, once in the visitor's language and once (forced) in Dutch for the worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from spelotheek.content import in_language
from spelotheek.lazytext import LazyText
from spelotheek.lazytext import lazy_gettext as _l

OWN_WORDS_MAX = 500
# What the worker reads in any case: the column of the service's own language.
WORKER_LANGUAGE = "nl"

# Interpreters that social services in Flanders are commonly asked for, besides the site's
# own languages; "fa_AF" is Dari. Names come from Babel, so each column names them itself.
INTERPRETER_LANGUAGES = (
    "ar", "tr", "fr", "en", "ps", "fa", "fa_AF", "ti", "so", "am", "ku", "ru", "uk", "pl",
    "ro", "bg", "sq", "es", "pt", "it", "rif", "zgh", "ur", "bn", "zh", "ln", "sw",
)  # fmt: skip


@dataclass(frozen=True)
class Topic:
    """Something a family can tap on the form: a life domain, or a fixed extra."""

    code: str
    pictogram: str
    names: Mapping[str, str] = field(default_factory=dict)  # a life domain's {language: name}
    label: LazyText | None = None  # a fixed extra's name, translated when shown

    def name(self, lang: str) -> str | LazyText:
        """The topic's name in `lang` (a domain's name falls back to Dutch)."""
        if self.label is not None:
            return self.label
        return in_language(self.names, lang)[0]


# Two questions the life web has no domain for, after the domains on the form.
EXTRA_TOPICS = (
    Topic("talk", "topic-support", label=_l("Someone to talk to")),
    Topic("other", "topic-other", label=_l("Something else")),
)


@dataclass(frozen=True)
class ChosenService:
    """The service the family goes to, as the slip names it."""

    names: Mapping[str, str]  # {language: name}
    organization: str


@dataclass(frozen=True)
class Ask:
    """What the family filled in; nothing of it is stored."""

    topics: Sequence[Topic] = ()
    own_words: str = ""
    service: ChosenService | None = None
    interpreter: str | None = None  # a code of INTERPRETER_LANGUAGES
    slowly: bool = False
    reading: bool = False

    @property
    def empty(self) -> bool:
        """True when there is no question at all: no topic and no own words."""
        return not self.topics and not self.own_words.strip()


@dataclass(frozen=True)
class Line:
    """One sentence of the slip, with the pictogram beside it."""

    pictogram: str
    text: str | LazyText
    kind: str = "ask"  # ask, service, need: the page groups and styles them


def language_name(code: str, lang: str) -> str:
    """The name of a language (`code`) as people who read `lang` write it."""
    for reader in (lang, "en"):
        try:
            name = Locale.parse(reader).languages.get(code)
        except (ValueError, UnknownLocaleError):
            name = None
        if name:
            return name
    return code


def interpreter_choices(lang: str) -> list[tuple[str, str]]:
    """(code, name) of the interpreter languages, named and sorted for a reader of `lang`."""
    named = [(code, language_name(code, lang)) for code in INTERPRETER_LANGUAGES]
    return sorted(named, key=lambda pair: pair[1].casefold())


def title() -> LazyText:
    """The slip's heading."""
    return _l("My questions")


def own_words_heading() -> LazyText:
    """The heading above the family's own words (which are shown once, as written)."""
    return _l("In my own words")


def worker_note() -> LazyText:
    """What the worker at the service should know about the slip itself."""
    return _l("I made this slip myself on the website of the family support network.")


def lines(ask: Ask, lang: str) -> list[Line]:
    """The sentences of the slip for a reader of `lang`, in the order they are printed."""
    found: list[Line] = []
    if ask.service is not None:
        name = in_language(ask.service.names, lang)[0]
        organization = ask.service.organization
        found.append(
            Line(
                "place",
                _l(
                    "I come to: %(service)s (%(organization)s)",
                    service=name,
                    organization=organization,
                ),
                "service",
            )
        )
    if ask.topics:
        found.append(Line("topic-propose", _l("I have a question about:"), "heading"))
    found += [Line(topic.pictogram, topic.name(lang), "ask") for topic in ask.topics]
    if ask.interpreter:
        language = language_name(ask.interpreter, lang)
        sentence = _l("I would like an interpreter in %(language)s.", language=language)
        found.append(Line("language", sentence, "need"))
    if ask.slowly:
        found.append(Line("meetup-adult", _l("Please speak slowly and use simple words."), "need"))
    if ask.reading:
        found.append(
            Line("info", _l("I cannot read well. Please explain papers to me out loud."), "need")
        )
    return found


def columns(visitor_lang: str) -> tuple[str, ...]:
    """The languages of the slip's columns: the visitor's, then Dutch (once when the same)."""
    if visitor_lang == WORKER_LANGUAGE:
        return (WORKER_LANGUAGE,)
    return (visitor_lang, WORKER_LANGUAGE)
