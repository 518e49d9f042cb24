"""Measuring how deeply JSON nests without parsing it: no app, no database."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spelotheek.jsondepth import deeper_than

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=30,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(json_values, st.integers(min_value=0, max_value=8), st.sampled_from(["utf-8", "utf-16"]))
def test_the_depth_of_any_json_is_measured_exactly(value, limit: int, encoding: str) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert deeper_than(text, limit) == (_depth(value) > limit)
    assert deeper_than(text.encode(encoding), limit) == (_depth(value) > limit)


@pytest.mark.parametrize(
    "text",
    [
        '["[[[[[[[["]',
        '{"a": "{{{{{{{{{"}',
        '["\\"[[[[[[[[[["]',
        '["\\\\", "x"]',
    ],
)
def test_brackets_in_strings_do_not_count(text: str) -> None:
    json.loads(text)  # the examples are valid JSON
    assert not deeper_than(text, 2)


def test_ten_thousand_levels_are_seen_quickly_without_recursion() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    assert deeper_than(deep, 20)
    assert deeper_than(deep.encode(), 20)
    assert deeper_than('{"a":' * 10_000 + "1" + "}" * 10_000, 20)


def test_text_that_is_not_json_is_left_to_the_parser() -> None:
    assert not deeper_than(b"\xff\xfe\xfd", 1)
    assert not deeper_than("]]]]][[", 2)
