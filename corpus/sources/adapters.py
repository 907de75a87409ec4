"""Source adapters: one function per upstream shape, turning a row into a `Record`.

An adapter names the columns it needs (checked against a file's header before reading) and raises
`RowProblem(field, reason)` for a row it cannot use; the caller quarantines that row with its file and
row number. Shapes covered: AHQAD (`Question, Answer, Category`), CIDAR (`instruction, output, index`),
the public parts of Med42-v2's mixture (alpaca-style instructions, chat `messages`, MedMCQA and MedQA
multiple choice) and any Q&A export through a column mapping.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from jisr.corpus.sources.records import KINDS, ROLES, Record
from jisr.registry import Registry

OPTION_LETTERS = {"en": "ABCDEF", "ar": "أبجدهو"}
ANSWER_WORD = {"en": "Explanation", "ar": "الشرح"}


class RowProblem(Exception):
    """A row that cannot become a record: `field` names the column, `reason` says why."""

    def __init__(self, field: str | None, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


Convert = Callable[[Mapping[str, Any], "Options"], Record]


@dataclass(frozen=True, slots=True)
class Options:
    """Per-source settings an adapter may use (from the build config)."""

    language: str
    columns: Mapping[str, str]
    kind: str = "qa"
    cop_base: int = 0


@dataclass(frozen=True)
class Adapter:
    """A source shape: `convert` turns one row into a `Record` (ingest adds the source); the rest is checked first."""

    name: str
    convert: Convert
    required: tuple[str, ...]
    language: str | None  # of its records when the config names none (None: the config or the record says)
    license: str | None = None
    hub_id: str | None = None
    doc: str = ""
    optional: tuple[str, ...] = ()  # columns read when present: matched to the file's names like the required

    def required_columns(self, options: Options) -> tuple[str, ...]:
        return self.required

    def known_columns(self, options: Options) -> tuple[str, ...]:
        """Every column the adapter reads, the names it expects to find in a row."""
        return self.required + self.optional

    def option_problems(self, options: Options) -> list[str]:
        """What is missing from the source's settings for this shape, before any file is opened."""
        return []


ADAPTERS: Registry[Adapter] = Registry("adapter", "jisr.adapters")


def adapter(name: str, required: tuple[str, ...], language: str | None, *, shape: type[Adapter] = Adapter,
            **details: Any) -> Callable[[Convert], Convert]:
    """Decorator: register the decorated `convert` function as the adapter `name` (details as in `Adapter`)."""

    def add(convert: Convert) -> Convert:
        ADAPTERS.register(name)(shape(name, convert, required, language, **details))
        return convert

    return add


class MappedAdapter(Adapter):
    """An adapter whose columns are the config's `columns:` mapping, not fixed names."""

    def required_columns(self, options: Options) -> tuple[str, ...]:
        return tuple(options.columns[key] for key in ("prompt", "response"))

    def known_columns(self, options: Options) -> tuple[str, ...]:
        return tuple(options.columns.values())

    def option_problems(self, options: Options) -> list[str]:
        missing = [k for k in ("prompt", "response") if k not in options.columns]
        return [f"needs `columns:` with {' and '.join(missing)}"] if missing else []


def text(data: Mapping[str, Any], column: str, required: bool = True) -> str | None:
    """A text field: present, a string, and (when required) not blank."""
    if column not in data or data[column] is None:
        if required:
            raise RowProblem(column, "missing" if column not in data else "empty")
        return None
    value = data[column]
    if isinstance(value, float) and not math.isfinite(value):
        raise RowProblem(column, f"invalid: {value!r} is not text")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RowProblem(column, f"wrong_type: expected text, found {type(value).__name__}")
    if required and not value.strip():
        raise RowProblem(column, "empty")
    return valid_text(value, column)


def valid_text(value: str, column: str) -> str:
    """Text as it is stored, counted and hashed: whitespace at both ends stripped (`str.strip`: every
    Unicode space, tab and line break; marks such as U+200F are kept), so a trailing newline from an
    export neither costs tokens nor makes two copies of an answer different records. A lone surrogate
    (JSON `"\\ud800"`) has no UTF-8 form and would fail the id hash: that is a row problem."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise RowProblem(column, f"invalid_text: lone surrogate {value[exc.start]!r} at character {exc.start}") from exc
    return value.strip()


def integer(data: Mapping[str, Any], column: str, required: bool = True) -> int | None:
    value = data.get(column)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowProblem(column, "missing" if column not in data else "empty")
        return None
    if isinstance(value, bool):
        raise RowProblem(column, "wrong_type: expected an integer, found bool")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise RowProblem(column, f"wrong_type: expected an integer, found {value!r}"[:200])


def _upstream(value: Any, column: str) -> str | None:
    return None if value is None or value == "" else valid_text(str(value), column)


def _metadata(value: Mapping[str, Any] | None, column: str) -> dict[str, Any] | None:
    """Metadata that can be stored as JSON text (a lone surrogate or nesting too deep cannot)."""
    if not value:
        return None
    try:
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError) as exc:
        raise RowProblem(column, f"invalid: cannot be stored as JSON text ({type(exc).__name__})") from exc
    return dict(value)


@adapter("ahqad", ("Question", "Answer"), "ar", license="CC-BY-4.0", optional=("Category",),
         doc="AHQAD Arabic health Q&A: CSV `Question, Answer, Category` (a leading index column is ignored).")
def ahqad(data: Mapping[str, Any], options: Options) -> Record:
    index = data.get("") if "" in data else data.get("Unnamed: 0")
    return Record("qa", text(data, "Question"), text(data, "Answer"),
                  category=text(data, "Category", required=False) or None,
                  upstream_id=_upstream(index, "" if "" in data else "Unnamed: 0"))


@adapter("cidar", ("instruction", "output"), "ar", license="CC-BY-NC-4.0", hub_id="arbml/CIDAR",
         doc="CIDAR Arabic instructions: `instruction, output, index`.", optional=("index",))
def cidar(data: Mapping[str, Any], options: Options) -> Record:
    return Record("instruction", text(data, "instruction"), text(data, "output"),
                  upstream_id=_upstream(integer(data, "index", required=False), "index"))


@adapter("alpaca", ("instruction", "output"), "en", optional=("input", "category"),
         doc="Alpaca-style instructions: `instruction, input, output` (input optional).")
def alpaca(data: Mapping[str, Any], options: Options) -> Record:
    instruction = text(data, "instruction")
    extra = text(data, "input", required=False)
    prompt = f"{instruction}\n\n{extra}" if extra else instruction
    return Record("instruction", prompt, text(data, "output"), category=text(data, "category", required=False))


@adapter("chat", ("messages",), "en", doc="Chat: `messages` = list of {role: system|user|assistant, content}.")
def chat(data: Mapping[str, Any], options: Options) -> Record:
    """Multi-turn chat: the prompt is every non-assistant turn, the response every assistant turn."""
    turns = data.get("messages")
    if turns is None:
        raise RowProblem("messages", "missing")
    if not isinstance(turns, list) or not turns:
        raise RowProblem("messages", "wrong_type: expected a non-empty list of {role, content}")
    messages = []
    for i, turn in enumerate(turns):
        if not isinstance(turn, Mapping):
            raise RowProblem(f"messages[{i}]", "wrong_type: expected an object with role and content")
        role = turn.get("role")
        if role not in ROLES:
            raise RowProblem(f"messages[{i}].role", f"invalid: {role!r} is not one of {', '.join(ROLES)}")
        content = turn.get("content")
        if not isinstance(content, str):
            raise RowProblem(f"messages[{i}].content", f"wrong_type: expected text, found {type(content).__name__}")
        if not content.strip():
            raise RowProblem(f"messages[{i}].content", "empty")
        messages.append({"role": role, "content": valid_text(content, f"messages[{i}].content")})
    if not any(m["role"] == "user" for m in messages):
        raise RowProblem("messages", "invalid: no user turn")
    if messages[-1]["role"] != "assistant":
        raise RowProblem("messages", "invalid: the last turn is not the assistant's")
    prompt = "\n\n".join(m["content"] for m in messages if m["role"] != "assistant")
    response = "\n\n".join(m["content"] for m in messages if m["role"] == "assistant")
    return Record("chat", prompt, response, messages=messages)


def _render_mcq(question: str, options: list[str], answer: int, explanation: str | None, language: str) -> tuple[str, str]:
    letters = OPTION_LETTERS.get(language, OPTION_LETTERS["en"])
    lines = [f"{letters[i]}. {option}" for i, option in enumerate(options)]
    prompt = question + "\n\n" + "\n".join(lines)
    response = f"{letters[answer]}. {options[answer]}"
    if explanation:
        response += f"\n\n{ANSWER_WORD.get(language, ANSWER_WORD['en'])}: {explanation}"
    return prompt, response


@adapter("medmcqa", ("question", "opa", "opb", "opc", "opd", "cop"), "en", hub_id="openlifescienceai/medmcqa",
         doc="MedMCQA: `question, opa..opd, cop` (cop 0-based; set cop_base: 1 for 1-based).",
         optional=("exp", "subject_name", "topic_name", "choice_type", "id"))
def medmcqa(data: Mapping[str, Any], options: Options) -> Record:
    question = text(data, "question")
    choices = [text(data, column) for column in ("opa", "opb", "opc", "opd")]
    answer = integer(data, "cop") - options.cop_base
    if not 0 <= answer < len(choices):
        raise RowProblem("cop", f"invalid: {data['cop']!r} is not an option index ({options.cop_base}..{options.cop_base + 3})")
    prompt, response = _render_mcq(question, choices, answer, text(data, "exp", required=False), options.language)
    metadata = {k: data[k] for k in ("topic_name", "choice_type") if data.get(k) is not None}
    return Record("mcq", prompt, response, category=text(data, "subject_name", required=False),
                  upstream_id=_upstream(data.get("id"), "id"), metadata=_metadata(metadata, "topic_name"))


@adapter("medqa", ("question", "options", "answer_idx"), "en", optional=("meta_info",),
         doc="MedQA (USMLE): `question, options {A..}, answer_idx`.")
def medqa(data: Mapping[str, Any], options: Options) -> Record:
    question = text(data, "question")
    choices = data.get("options")
    if choices is None:
        raise RowProblem("options", "missing")
    if not isinstance(choices, Mapping) or not choices:
        raise RowProblem("options", f"wrong_type: expected an object of letter -> option, found {type(choices).__name__}")
    keys = sorted(choices)
    texts = [text(choices, key) for key in keys]
    key = text(data, "answer_idx").upper()
    if key not in keys:
        raise RowProblem("answer_idx", f"invalid: {key!r} is not among the options {', '.join(keys)}")
    prompt, response = _render_mcq(question, texts, keys.index(key), None, options.language)
    metadata = {"meta_info": data["meta_info"]} if data.get("meta_info") else None
    return Record("mcq", prompt, response, metadata=_metadata(metadata, "meta_info"))


@adapter("jisr", ("prompt", "response"), None,
         doc="jisr's own records: `prompt, response, language, kind, messages, category, parent_id, pair_id`.",
         optional=("language", "kind", "messages", "category", "parent_id", "pair_id", "metadata", "record_id"))
def jisr_records(data: Mapping[str, Any], options: Options) -> Record:
    """jisr's own record shape (generated translations, synthetic QA, exports of another catalog).

    `parent_id` and `pair_id` are kept, so a translation stays linked to its source record.
    """
    messages = chat(data, options).messages if data.get("messages") is not None else None
    kind = text(data, "kind", required=False) or options.kind
    if kind not in KINDS:
        raise RowProblem("kind", f"invalid: {kind!r} is not one of {', '.join(KINDS)}")
    metadata = data.get("metadata")
    return Record(kind, text(data, "prompt"), text(data, "response"), messages=messages,
                  category=text(data, "category", required=False),
                  upstream_id=_upstream(data.get("record_id"), "record_id"),
                  metadata=_metadata(metadata, "metadata") if isinstance(metadata, Mapping) else None,
                  parent_id=text(data, "parent_id", required=False), pair_id=text(data, "pair_id", required=False),
                  language=text(data, "language", required=False))


@adapter("mapped", (), None, shape=MappedAdapter,
         doc="Any CSV/JSONL/Parquet Q&A: map `columns: {prompt: ..., response: ..., category: ..., id: ...}`.")
def mapped(data: Mapping[str, Any], options: Options) -> Record:
    """Any Q&A export: `columns` in the config maps prompt/response (required) and category/id (optional)."""
    columns = options.columns
    return Record(
        options.kind,
        text(data, columns["prompt"]),
        text(data, columns["response"]),
        category=text(data, columns["category"], required=False) if "category" in columns else None,
        upstream_id=_upstream(data.get(columns["id"]), columns["id"]) if "id" in columns else None,
    )
