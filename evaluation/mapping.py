"""The generic multiple-choice mapping: one row of any CSV / JSONL / Parquet file or hub dataset -> an item.

Every benchmark adapter is a `Columns` value (which column holds the question, the options and the
answer, and in what form), so a user's own exam, a native Arabic one say, is read by exactly the code
that reads MedQA. A row that cannot be scored fairly (an option missing, an answer that matches no
option) raises `RowProblem` and is reported with its file and row instead of stopping the run; a row
that can be read with one safe reading (a lowercase answer letter) is kept and the reading is reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any, Mapping, Sequence

from jisr.corpus.sources.adapters import OPTION_LETTERS, RowProblem, text
from jisr.corpus.sources.columns import column_key, match_columns
from jisr.errors import InputError

LATIN = OPTION_LETTERS["en"]
ARABIC = OPTION_LETTERS["ar"]
MIN_OPTIONS, MAX_OPTIONS = 2, 6
ANSWER_FORMATS = ("auto", "letter", "index", "text")
# Spellings of the Arabic option letters people type: bare alif for أ, and هـ (with tatweel) for ه.
_ARABIC_SPELLINGS = {"ا": "أ", "إ": "أ", "آ": "أ", "هـ": "ه"}
# Columns that hold all options at once, then families of one-option-per-column headers, tried in order.
_LIST_COLUMNS = ("options", "choices")
_OPTION_FAMILIES = (tuple(LATIN), ("opa", "opb", "opc", "opd", "ope", "opf"),
                    tuple(f"option_{c}" for c in "abcdef"), tuple(f"option{i}" for i in range(1, 7)))


@dataclass(frozen=True)
class Columns:
    """Where a row keeps each part of a multiple-choice item.

    `options`: empty = find them in the header (`options`/`choices`, or `A..F`, `opa..opf`,
    `option_a..`, `option1..`); one name = a column holding a list or a {letter: text} object (a JSON
    list in a CSV cell works too); several names = one option per column. `answer_format`: `letter`
    (A-F or أ-و), `index` (minus `index_base`), `text` (an option's text), or `auto` (whichever fits).
    `choices`: the same options for every row (PubMedQA's yes / no / maybe), with `aliases` for other
    spellings of them (the English word in an Arabic set). `context`, `specialty`, `level` and `id`
    are optional: a row without them is fine.
    """

    question: str = "question"
    options: tuple[str, ...] = ()
    answer: str = "answer"
    answer_format: str = "auto"
    index_base: int = 0
    n_options: int | None = None
    choices: tuple[str, ...] = ()
    aliases: dict[str, int] = field(default_factory=dict)
    context: str | None = None
    specialty: str | None = "specialty"
    level: str | None = "level"
    id: str | None = "id"

    def with_overrides(self, overrides: Mapping[str, str], where: str) -> "Columns":
        """Apply `KEY=VALUE` settings from the command line (options as `A|B|C|D`)."""
        known = {f.name for f in fields(self)} - {"choices", "aliases", "n_options"}
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if key not in known:
                raise InputError(f"{where}: unknown column setting '{key}' (known: {', '.join(sorted(known))})")
            if key == "options":
                changes[key] = tuple(v.strip() for v in value.split("|") if v.strip())
            elif key == "index_base":
                if value not in ("0", "1"):
                    raise InputError(f"{where}: index_base must be 0 or 1, not '{value}'")
                changes[key] = int(value)
            elif key == "answer_format" and value not in ANSWER_FORMATS:
                raise InputError(f"{where}: answer_format must be one of {', '.join(ANSWER_FORMATS)}, not '{value}'")
            else:
                changes[key] = value or None
        return replace(self, **changes)

    def matched(self, names: Sequence[str], where: str) -> tuple["Columns", dict[str, str]]:
        """These columns as a file names them: the options found in `names` when none are set, and each
        column present only under another case or spacing (`Question`, `Option A`) renamed to that name.

        Returns the columns and the renamings ({column: name in the file}), for the caller to report.
        """
        columns = self if self.options or self.choices else replace(self, options=detect_options(names, where))
        named = {f: getattr(columns, f) for f in ("question", "answer", "context", "specialty", "level", "id")
                 if getattr(columns, f)}
        found = match_columns([*named.values(), *columns.options], names, where)
        if not found:
            return columns, {}
        return replace(columns, **{f: found.get(v, v) for f, v in named.items()},
                       options=tuple(found.get(o, o) for o in columns.options)), found

    def resolved(self, header: list[str] | None, where: str) -> tuple["Columns", dict[str, str]]:
        """`matched` against a file's header, then a check that the columns the rows need exist.

        `header` is None for JSON, JSONL and hub rows, which are matched on their first row instead.
        """
        if header is None:
            return self, {}
        columns, found = self.matched(header, where)
        needed = [columns.question, columns.answer, *columns.options]
        missing = [c for c in needed if c not in header]
        if missing:
            shown = ", ".join(repr(c) for c in header) or "none"
            raise InputError(f"{where}: missing column {', '.join(repr(c) for c in missing)} "
                             f"(columns found: {shown}; map them with --columns KEY=COLUMN)")
        return columns, found


def detect_options(header: Sequence[str], where: str) -> tuple[str, ...]:
    """The option columns of a generic set, from its header (CSV, Parquet) or first row's keys (JSONL),
    compared ignoring case and spaces (`Option A` is an `option_a` column); returned as the family names
    them, for `Columns.matched` to map to the file's spelling."""
    keys = {column_key(name) for name in header}
    for name in _LIST_COLUMNS:
        if column_key(name) in keys:
            return (name,)
    for family in _OPTION_FAMILIES:
        found = []
        for name in family:
            if column_key(name) not in keys:
                break
            found.append(name)
        if len(found) >= MIN_OPTIONS:
            return tuple(found)
    raise InputError(f"{where}: cannot find the options (no 'options' or 'choices' column, no A, B, ... columns); "
                     "name them with --columns options=COL1|COL2|...")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A row read as an item, and notes on what was read generously (reported, not dropped)."""

    question: str
    options: tuple[str, ...]
    answer_index: int
    context: str | None
    specialty: str | None
    level: str | None
    upstream_id: str | None
    notes: tuple[tuple[str, str], ...] = ()


def parse_row(data: Mapping[str, Any], columns: Columns) -> Parsed:
    """One row -> a `Parsed` item; raises `RowProblem(field, reason)` for a row that cannot be scored."""
    question = text(data, columns.question)
    options, option_field = _options(data, columns)
    if len(options) < MIN_OPTIONS:
        raise RowProblem(option_field, f"invalid: {len(options)} option(s), at least {MIN_OPTIONS} needed")
    if len(options) > MAX_OPTIONS:
        raise RowProblem(option_field, f"invalid: {len(options)} options, at most {MAX_OPTIONS} supported")
    if columns.n_options and len(options) != columns.n_options:
        raise RowProblem(option_field, f"invalid: expected {columns.n_options} options, found {len(options)}")
    answer, note = _answer(data, columns, options)
    return Parsed(
        question=question, options=options, answer_index=answer,
        context=_context(data.get(columns.context)) if columns.context else None,
        specialty=_optional(data, columns.specialty), level=_optional(data, columns.level),
        upstream_id=None if not columns.id or data.get(columns.id) in (None, "") else str(data[columns.id]),
        notes=((columns.answer, note),) if note else (),
    )


def _optional(data: Mapping[str, Any], column: str | None) -> str | None:
    if not column or data.get(column) is None:
        return None
    value = data[column]
    return (json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)).strip() or None


def _options(data: Mapping[str, Any], columns: Columns) -> tuple[tuple[str, ...], str]:
    """The options in order; a blank one before the last non-blank one is a missing option."""
    if columns.choices:
        return columns.choices, "choices"
    if len(columns.options) == 1:
        name = columns.options[0]
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RowProblem(name, "missing" if name not in data else "empty")
        if isinstance(value, str) and value.lstrip().startswith("["):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise RowProblem(name, f"invalid: not a JSON list ({exc.msg})") from exc
        if isinstance(value, Mapping):
            keys = sorted(value)
            values = [value[k] for k in keys]
            where = [f"{name}.{k}" for k in keys]
        elif isinstance(value, (list, tuple)):
            values = list(value)
            where = [f"{name}[{i}]" for i in range(len(values))]
        else:
            raise RowProblem(name, f"wrong_type: expected a list or an object of options, found {type(value).__name__}")
    else:
        values = [data.get(c) for c in columns.options]
        where = list(columns.options)
    texts = [None if v is None or (isinstance(v, str) and not v.strip()) else v for v in values]
    while texts and texts[-1] is None and not columns.n_options:  # a set of 2-6 options: trailing blanks are unused
        texts.pop()
    for i, value in enumerate(texts):
        if value is None:
            raise RowProblem(where[i], f"empty: option {LATIN[i] if i < len(LATIN) else i + 1} is missing")
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise RowProblem(where[i], f"wrong_type: expected text, found {type(value).__name__}")
    return tuple(str(v).strip() for v in texts), columns.options[0] if len(columns.options) == 1 else "options"


def _answer(data: Mapping[str, Any], columns: Columns, options: tuple[str, ...]) -> tuple[int, str | None]:
    """The answer's 0-based option index, and a note when it was read generously."""
    name, fmt, n = columns.answer, columns.answer_format, len(options)
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RowProblem(name, "missing" if name not in data else "empty")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RowProblem(name, f"wrong_type: expected a letter, an index or option text, found {type(value).__name__}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and fmt in ("auto", "index"):
        return _index(value, columns, n), None
    raw = str(value).strip()
    if fmt in ("auto", "text"):
        found = _match_text(raw, options, columns.aliases)
        if found is not None:
            return found
    if fmt in ("auto", "letter"):
        found = _match_letter(raw, n, name)
        if found is not None:
            return found
    if fmt in ("auto", "index") and raw.lstrip("-").isdigit():
        return _index(int(raw), columns, n), None
    expected = {"letter": f"a letter {LATIN[0]}-{LATIN[n - 1]} or {ARABIC[0]}-{ARABIC[n - 1]}",
                "index": f"an index {columns.index_base}..{columns.index_base + n - 1}",
                "text": "the text of an option"}
    wanted = expected[fmt] if fmt != "auto" else ", ".join(expected.values())
    raise RowProblem(name, f"invalid: {raw[:80]!r} matches no option (expected {wanted})")


def _index(value: int, columns: Columns, n: int) -> int:
    index = value - columns.index_base
    if not 0 <= index < n:
        hint = "; 1-based? set --columns index_base=1" if columns.index_base == 0 and value == n else ""
        raise RowProblem(columns.answer, f"invalid: {value} is not an option index "
                                         f"({columns.index_base}..{columns.index_base + n - 1}){hint}")
    return index


def _match_text(raw: str, options: tuple[str, ...], aliases: Mapping[str, int]) -> tuple[int, str | None] | None:
    key = " ".join(raw.split())
    normalised = [" ".join(o.split()) for o in options]
    if key in normalised:
        return normalised.index(key), None
    folded = key.casefold()
    if folded in aliases:
        return aliases[folded], None
    matches = [i for i, o in enumerate(normalised) if o.casefold() == folded]
    if len(matches) == 1:
        return matches[0], f"answer text {raw[:40]!r} matched option {options[matches[0]][:40]!r} ignoring case"
    return None


def _match_letter(raw: str, n: int, name: str) -> tuple[int, str | None] | None:
    letter = raw.strip(" .:)(][")
    letter = _ARABIC_SPELLINGS.get(letter, letter)
    for alphabet in (LATIN, ARABIC):
        if letter in alphabet:
            index = alphabet.index(letter)
            if index >= n:
                raise RowProblem(name, f"invalid: letter {letter!r} but only {n} options "
                                       f"({alphabet[0]}-{alphabet[n - 1]})")
            return index, None
    if len(letter) == 1 and letter.upper() in LATIN and letter.upper() != letter:
        index = LATIN.index(letter.upper())
        if index >= n:
            raise RowProblem(name, f"invalid: letter {letter!r} but only {n} options ({LATIN[0]}-{LATIN[n - 1]})")
        return index, f"lowercase letter {letter!r} read as {letter.upper()!r}"
    return None


def _context(value: Any) -> str | None:
    """A passage the question is about: text, a list of paragraphs, or PubMedQA's {contexts: [...]}."""
    if isinstance(value, Mapping):
        value = value.get("contexts")
    if isinstance(value, (list, tuple)):
        value = "\n".join(str(v) for v in value if v)
    if value is None:
        return None
    return str(value).strip() or None
