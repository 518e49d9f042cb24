"""How deeply a JSON text nests, measured before it is parsed, without recursion."""

from __future__ import annotations

import json
import re

# Only these characters can change the depth or whether a bracket is inside a string.
_SIGNIFICANT = re.compile(r'[\\"\[\]{}]')


def _as_text(data: str | bytes) -> str | None:
    """The text json.loads would read (it accepts UTF-8, -16 and -32 bytes), or None."""
    if isinstance(data, str):
        return data
    try:
        return data.decode(json.detect_encoding(data))
    except (UnicodeDecodeError, LookupError):
        return None  # the parser refuses it without nesting anything


def deeper_than(data: str | bytes, limit: int) -> bool:
    """True when arrays and objects in the JSON text nest more than `limit` levels deep.

    Brackets inside strings do not count; the scan stops at the first level past the limit,
    so its cost is bounded by the text's length, never by its depth.
    """
    text = _as_text(data)
    if text is None:
        return False
    depth, in_string, escaped_at = 0, False, -1
    for match in _SIGNIFICANT.finditer(text):
        at, char = match.start(), match.group()
        if at == escaped_at:
            continue
        if in_string:
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth = max(depth - 1, 0)
    return False
