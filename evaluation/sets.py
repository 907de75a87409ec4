"""Reading an eval set (a benchmark x language from the hub or a local file) into versioned items.

A set's version is a hash of what is scored (question, context, options, answer, in order), so the
same questions read from the hub, a JSONL copy or a CSV export are one version, and a result always
names exactly the questions it was measured on. Rows that cannot be scored are collected as
`Problem`s with file and 1-based row (the numbering of jisr.corpus.sources.readers); file-level faults
(missing file or column, undecodable text) raise `InputError` before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from jisr.corpus.sources.adapters import RowProblem
from jisr.corpus.sources.columns import matched_note
from jisr.corpus.sources.readers import BadRow, columns_of, detect_format, read_hub, read_rows
from jisr.errors import InputError
from jisr.evaluation.benchmarks import default_columns, hub_source
from jisr.evaluation.mapping import Columns, Parsed, parse_row

# Small sets written for jisr in each benchmark's shape (evaluation/sample/README.md): what `jisr eval` reads
# when no set is named, so a first run needs no network.
SAMPLE_SETS = Path(__file__).parent / "sample"

RAW_LIMIT = 2000
# Small sets written for jisr in each benchmark's shape (sample/README.md): what `jisr eval` reads when no
# set is named, so a first run needs no network.
SAMPLE_SETS = Path(__file__).parent / "sample"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class SetSpec:
    """Which set to read: a benchmark (known or a user's own) in one language, from a file or the hub."""

    benchmark: str
    language: str
    path: Path | None = None
    columns: Columns | None = None

    @property
    def name(self) -> str:
        return f"{self.benchmark}-{self.language}"


def parse_set_name(text: str, where: str) -> tuple[str, str]:
    """`medqa-ar` -> ("medqa", "ar"); names are lowercase letters, digits and `_`, then a 2-letter language."""
    benchmark, _, language = text.rpartition("-")
    if not _NAME.match(benchmark) or not _LANGUAGE.match(language):
        raise InputError(f"{where}: '{text}' is not NAME-LANG (e.g. medqa-ar, mmlu_anatomy-en, my_exam-ar)")
    return benchmark, language


@dataclass(frozen=True, slots=True)
class Item:
    item_id: str
    question: str
    options: tuple[str, ...]
    answer_index: int
    context: str | None
    specialty: str | None
    level: str | None
    upstream_id: str | None
    file: str
    row: int


@dataclass(frozen=True, slots=True)
class Problem:
    """A row left out of the set (`kept` false) or read generously and kept (`kept` true)."""

    file: str
    row: int
    field: str | None
    reason: str
    raw: str | None
    kept: bool = False


@dataclass
class EvalSet:
    name: str
    benchmark: str
    language: str
    source: str
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    notes: list[str] = field(default_factory=list)  # what was read generously at file level (column names)

    @property
    def version(self) -> str:
        digest = hashlib.sha256()
        for item in self.items:
            digest.update(_content(item).encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()[:12]


def _content(item: Item | Parsed) -> str:
    """What is scored: the same for an item and the row it was parsed from."""
    return json.dumps([item.question, item.context, list(item.options), item.answer_index], ensure_ascii=False)


def _raw(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)[:RAW_LIMIT]


EVAL_LOCAL = ("local copies with --data DIR or --file NAME-LANG=PATH (or name no sets: the sample sets shipped "
              "with jisr need no network)")


def _require_hub(spec: SetSpec, hub_id: str) -> None:
    """Fail in seconds, naming local copies as the way on, when the hub does not answer (`datasets` retries for
    half a minute). With HF_HUB_OFFLINE=1 `datasets` itself answers at once, from its own cache or not at all."""
    from huggingface_hub import constants

    from jisr.hub import require_model

    if not constants.HF_HUB_OFFLINE:
        require_model(hub_id, f"set {spec.name}: hub dataset", marker="README.md", repo_type="dataset",
                      instead=EVAL_LOCAL)


def load_set(spec: SetSpec) -> EvalSet:
    """Read every row of the set into items or problems; nothing is dropped without a reason."""
    columns = spec.columns or default_columns(spec.benchmark, spec.language)
    if spec.path is not None:
        path = Path(spec.path)
        if not path.exists():
            raise InputError(f"{path}: file not found (set {spec.name})")
        fmt = detect_format(path, None)
        header = columns_of(path, fmt, "utf-8")
        columns, found = columns.resolved(header, str(path))
        notes = [matched_note(str(path), found)] if found else []
        rows, source = read_rows(path, fmt, notes=notes), str(path.resolve())
    else:
        hub = hub_source(spec.benchmark, spec.language)
        _require_hub(spec, hub.id)
        header, notes = None, []
        rows, source = read_hub(hub.id, hub.split, hub.subset, None, f"give {EVAL_LOCAL}"), str(hub)
    eval_set = EvalSet(spec.name, spec.benchmark, spec.language, source, notes=notes)
    missing: dict[tuple[str, str], int] = {}
    parsed: dict[str, int] = {}
    copies: dict[str, int] = {}
    for row in rows:
        eval_set.read += 1
        if isinstance(row, BadRow):
            eval_set.problems.append(Problem(row.file, row.row, row.field, row.reason, row.raw))
            continue
        if header is None:  # JSON, JSONL, hub: the columns as the first row names them
            columns, found = columns.matched(list(row.data), row.file)
            header = list(row.data)
            if found:
                eval_set.notes.append(matched_note(row.file, found))
        parsed[row.file] = parsed.get(row.file, 0) + 1
        try:
            item = parse_row(row.data, columns)
        except RowProblem as problem:
            if problem.reason == "missing":
                key = (row.file, problem.field or "")
                missing[key] = missing.get(key, 0) + 1
            eval_set.problems.append(Problem(row.file, row.row, problem.field, problem.reason, _raw(row.data)))
            continue
        eval_set.problems += [Problem(row.file, row.row, f, note, None, kept=True) for f, note in item.notes]
        key = hashlib.sha256(_content(item).encode("utf-8")).hexdigest()[:16]
        seen = copies.get(key, 0)
        copies[key] = seen + 1
        eval_set.items.append(Item(key if not seen else f"{key}-{seen + 1}", item.question, item.options,
                                   item.answer_index, item.context, item.specialty, item.level, item.upstream_id,
                                   row.file, row.row))
    # A column missing from every row is a wrong mapping (or an unverified hub schema), not messy rows.
    for (file, column), count in missing.items():
        if count == parsed.get(file):
            raise InputError(f"{file}: no row has the column '{column}' (set {spec.name}); "
                             "map the right one with --columns KEY=COLUMN")
    if not eval_set.items:
        raise InputError(f"{source}: no usable item in set {spec.name} ({len(eval_set.problems)} problem rows)")
    return eval_set
