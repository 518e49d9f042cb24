"""What the reach profile asks and how statistics group families: codes and their labels.

Only self-declared, non-stigmatising facts: home language, household, who usually comes,
neighbourhood, the age of the youngest child. Never income, residence status, ethnicity or a
poverty score.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

DECLINED = "declined"  # "I'd rather not say"
UNKNOWN = "unknown"  # not asked, not answered, or no consent
OUTSIDE = "outside"  # lives outside the area we serve

HOUSEHOLDS = ("one_adult", "more_adults")
CARERS = ("mother", "father", "other")
# Home languages offered by default (codes Babel can name); "other" covers the rest.
DEFAULT_LANGUAGES = (
    "nl", "fr", "en", "ar", "tr", "zgh", "ro", "bg", "pl", "es", "ru", "uk", "so", "ti", "fa",
    "ps", "other",
)  # fmt: skip
AGE_BANDS = ("expecting", "under_1", "1_2", "3_5", "6_8", "9_plus", "no_children")
NEW_OR_RETURNING = ("new", "returning")

LABELS: dict[str, object] = {
    DECLINED: _l("Rather not say"),
    UNKNOWN: _l("Not known"),
    OUTSIDE: _l("Outside our area"),
    "one_adult": _l("One adult at home"),
    "more_adults": _l("Two or more adults at home"),
    "mother": _l("Mother"),
    "father": _l("Father"),
    "other": _l("Someone else"),
    "expecting": _l("Baby on the way"),
    "under_1": _l("Under 1 year"),
    "1_2": _l("1 to 2 years"),
    "3_5": _l("3 to 5 years"),
    "6_8": _l("6 to 8 years"),
    "9_plus": _l("9 years or older"),
    "no_children": _l("No children recorded"),
    "new": _l("New"),
    "returning": _l("Came before"),
}


@dataclass(frozen=True)
class Dimension:
    """A way to group families in a breakdown."""

    code: str
    label: object


DIMENSIONS: dict[str, Dimension] = {
    d.code: d
    for d in (
        Dimension("home_language", _l("Main home language")),
        Dimension("household", _l("Adults at home")),
        Dimension("usual_carer", _l("Who usually comes")),
        Dimension("neighbourhood", _l("Neighbourhood")),
        Dimension("youngest_child", _l("Age of the youngest child")),
        Dimension("new_or_returning", _l("New or came before")),
    )
}
# Dimensions that come from the profile (read only for families with consent).
PROFILE_DIMENSIONS = ("home_language", "household", "usual_carer", "neighbourhood")


def age_band(age_months: int | None) -> str:
    """The band of the youngest child's age in whole months (None: no children)."""
    if age_months is None:
        return "no_children"
    for limit, band in ((0, "expecting"), (12, "under_1"), (36, "1_2"), (72, "3_5"), (108, "6_8")):
        if age_months < limit:
            return band
    return "9_plus"


def categories(dimension: str, languages: tuple[str, ...], neighbourhoods: tuple[str, ...]):
    """The categories of a dimension in display order; every family falls in exactly one."""
    answers: tuple[str, ...] = {
        "home_language": languages,
        "household": HOUSEHOLDS,
        "usual_carer": CARERS,
        "neighbourhood": (*neighbourhoods, OUTSIDE),
        "youngest_child": AGE_BANDS,
        "new_or_returning": NEW_OR_RETURNING,
    }[dimension]
    if dimension in PROFILE_DIMENSIONS:
        return (*answers, DECLINED, UNKNOWN)
    if dimension == "youngest_child":
        return (*answers, UNKNOWN)
    return answers


def is_answer(category: str) -> bool:
    """True for a real answer (not 'rather not say' and not 'not known')."""
    return category not in (DECLINED, UNKNOWN)
