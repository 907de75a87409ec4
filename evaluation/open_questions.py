"""What `jisr eval open` asks and grades by: the rubric and prompts, the open questions and the calibration
answers whose verdicts are known (evaluation/open_data/), each read and checked before any model is called.

A question that cannot be asked is quarantined with file, row, field and reason (read = kept + quarantined);
a rubric that lacks a criterion or prompt in either language is one InputError. The run itself (answer,
judge, calibrate, store) is evaluation/open_eval.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jisr.corpus.generation.templates import PromptTemplate
from jisr.corpus.sources.adapters import RowProblem
from jisr.corpus.sources.readers import BadRow, detect_format, read_hub, read_rows
from jisr.errors import InputError
from jisr.evaluation.sets import RAW_LIMIT, Problem
from jisr.safe_yaml import load_yaml

LANGUAGES = ("en", "ar")


def _data(name: str) -> bytes:
    return (resources.files("jisr.evaluation") / "open_data" / name).read_bytes()


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    pass_score: int
    criteria: dict[str, dict[str, str]]
    answer: dict[str, dict[str, str]]
    judge: dict[str, dict[str, str]]
    sha256: str

    @property
    def ref(self) -> str:
        return f"{self.id}@v{self.version}"

    def template(self, role: str, language: str) -> PromptTemplate:
        """A template object for provenance and cache keys (id, version, the rubric file's hash)."""
        part = getattr(self, role)[language]
        return PromptTemplate(f"{self.id}-{role}-{language}", self.version, part["system"], part.get("user", ""),
                              self.sha256)

    def answer_messages(self, question: str, language: str) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.answer[language]["system"].strip()},
                {"role": "user", "content": question}]

    def judge_messages(self, question: str, reference: str | None, answer: str, language: str,
                       answer_first: bool = False) -> list[dict[str, str]]:
        part = self.judge[language]
        criteria = "\n".join(f"- {name}: {text[language]}" for name, text in self.criteria.items())
        user = part["user_answer_first" if answer_first else "user"]
        return [{"role": "system", "content": part["system"].format(criteria=criteria).strip()},
                {"role": "user", "content": user.format(question=question, answer=answer,
                                                        reference=reference or part["no_reference"]).strip()}]


def load_rubric(path: Path | None = None) -> Rubric:
    data = path.read_bytes() if path else _data("rubric.yaml")
    where = str(path or "bundled rubric.yaml")
    try:
        spec = load_yaml(data.decode("utf-8"), where)
        rubric = Rubric(str(spec["id"]), int(spec["version"]), int(spec.get("pass_score", 4)), spec["criteria"],
                        spec["answer"], spec["judge"], hashlib.sha256(data).hexdigest())
        for language in LANGUAGES:
            rubric.judge_messages("q", None, "a", language, True)
            rubric.answer_messages("q", language)
            for name, text in rubric.criteria.items():
                text[language]
    except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{where}: not a usable rubric ({type(exc).__name__}: {str(exc).splitlines()[0]}); "
                         "it needs id, version, criteria (en, ar each), answer and judge prompts in en and ar") from exc
    return rubric


@dataclass(frozen=True)
class OpenItem:
    item_id: str
    question: str
    reference: str | None
    language: str
    specialty: str | None = None
    pair: str | None = None


@dataclass
class OpenSet:
    """A read of open questions: every row is an item or a quarantined problem (read = kept + quarantined).
    Each problem comes with the eval set it belongs to: NAME-LANG, or NAME when the language is wrong."""

    source: str
    items: list[OpenItem]
    problems: list[tuple[str, Problem]]
    read: int


def _text(data: dict, name: str, required: bool = False) -> str | None:
    """A field as stripped text; a list, mapping or other non-scalar value is a problem, not text."""
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowProblem(name, "missing")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RowProblem(name, f"not text ({type(value).__name__})")
    return str(value).strip()


def _item(data: dict, seen: dict[str, int], row: int) -> OpenItem:
    question = _text(data, "question", required=True)
    language = _text(data, "language", required=True)
    if language not in LANGUAGES:
        raise RowProblem("language", f"'{language[:20]}' is neither en nor ar")
    reference = _text(data, "reference") or _text(data, "answer")
    item_id = _text(data, "id") or hashlib.sha256(json.dumps([question, reference]).encode()).hexdigest()[:16]
    if item_id in seen:
        raise RowProblem("id", f"duplicate id '{item_id[:40]}' (first at row {seen[item_id]})")
    seen[item_id] = row
    return OpenItem(item_id, question, reference, language, _text(data, "specialty"), _text(data, "pair"))


def load_questions(path: Path | None = None, hub: str | None = None, split: str = "test",
                   name: str = "jisr_open") -> OpenSet:
    """Open questions (question, language, optional reference, specialty, id, pair) from a file, the hub,
    or the bundled bilingual set. A row that cannot be asked (unparseable, no question, a language other
    than en/ar, a repeated id, a field that is not text) is quarantined with file, row, field and reason,
    never a crash; a missing file, or one without a single usable row, is an InputError."""
    if hub:
        rows, source = read_hub(hub, split, None, None, "give a local file with --questions PATH"), f"hub:{hub}:{split}"
    elif path:
        if not path.is_file():
            raise InputError(f"{path}: no such questions file")
        rows, source = read_rows(path, detect_format(path, None)), str(path.resolve())
    else:
        bundled = resources.files("jisr.evaluation") / "open_data" / "questions.jsonl"
        with resources.as_file(bundled) as local:
            rows, source = list(read_rows(Path(local), "jsonl")), "bundled:open_data/questions.jsonl"
    questions = OpenSet(source, [], [], 0)
    seen: dict[str, int] = {}
    for row in rows:
        questions.read += 1
        if isinstance(row, BadRow):
            questions.problems.append((name, Problem(row.file, row.row, row.field, row.reason, row.raw)))
            continue
        try:
            questions.items.append(_item(row.data, seen, row.row))
        except RowProblem as problem:
            language = row.data.get("language")
            set_name = f"{name}-{language}" if language in LANGUAGES else name
            raw = json.dumps(row.data, ensure_ascii=False, default=str)[:RAW_LIMIT]
            questions.problems.append((set_name, Problem(row.file, row.row, problem.field, problem.reason, raw)))
    if not questions.items:
        first = questions.problems[0][1] if questions.problems else None
        raise InputError(f"{source}: no usable open question ({len(questions.problems)} rows quarantined"
                         + (f"; the first, row {first.row}: {first.field}: {first.reason})" if first else ")"))
    return questions


def set_version(items: list[OpenItem]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps([item.item_id, item.question, item.reference], ensure_ascii=False).encode())
    return digest.hexdigest()[:12]


def load_calibration() -> list[dict[str, Any]]:
    """The bundled answers with known verdicts (calibration.jsonl) every judge run grades first."""
    return [json.loads(line) for line in _data("calibration.jsonl").decode("utf-8").splitlines() if line.strip()]
