"""Personal data in Arabic and English text: e-mail addresses, phone numbers, national-ID-like numbers.

Patient-written Q&A sometimes carries a phone number or an ID. Digits are folded to ASCII first, so
"٠٥٠١٢٣٤٥٦٧" and "0501234567" are the same. Lab values and doses ("140/90", "500 mg") stay clear of
the patterns: a phone needs 9+ digits with a leading + or 0, an ID 10 to 14 digits in one block.
"""

from __future__ import annotations

import re

_DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}})
PATTERNS = {
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    "phone": re.compile(r"(?<![\d/.,])(?:\+|00|0)\d(?:[ -]?\d){7,13}(?![\d/.,])"),
    "national_id": re.compile(r"(?<![\d+/.,])(?:[1-9]\d{9,13}|784-?\d{4}-?\d{7}-?\d)(?![\d/.,])"),
}


def find_pii(text: str) -> dict[str, int]:
    """How many of each kind of personal data `text` holds (kinds with none are left out)."""
    folded = text.translate(_DIGITS)
    found = {}
    for kind, pattern in PATTERNS.items():
        count = len(pattern.findall(folded))
        if count:
            found[kind] = count
    return found
