"""Mask personal identifiers in any message text before it is shown or written.

Review findings are built from masked forms already; this catches the rest, e.g.
a mobile number staff typed into a field whose error message echoes the value.
"""
from __future__ import annotations

import dataclasses
from typing import TypeVar

_TEXT_FIELDS = ("file", "message", "field", "expected", "hint", "excerpt", "suggestion")
T = TypeVar("T")


def redact_text(text: str) -> str:
    if sum(c.isdigit() for c in text) < 11:
        return text
    # Imported here: compiling their patterns is 4 % of a build with nothing to do, and most
    # messages have too few digits to hold an identifier.
    from .masking import apply_masks
    from .personal_data import find_personal_data, normalise
    matches = find_personal_data(normalise(text))
    if not matches:
        return text
    return apply_masks(text, [(m.start, m.end, m.masked) for m in matches])[0]


def redact_diagnostic(diagnostic: T) -> T:
    changes = {}
    for name in _TEXT_FIELDS:
        value = getattr(diagnostic, name, None)
        if isinstance(value, str):
            masked = redact_text(value)
            if masked != value:
                changes[name] = masked
    return dataclasses.replace(diagnostic, **changes) if changes else diagnostic  # type: ignore[type-var]
