"""Re-read the written bytes and check every planted case, and only those, is there.

Runs on every generation before anything is written: what planted.json and the README claim is what
a reader of the files finds (row numbers, duplicates, near-duplicate similarity, residual English,
pairwise distinctness of the unplanted rows, file sizes).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from . import ahqad, alpaca, banks, chat, cidar, clinic, medmcqa, medqa
from .rows import case_rows, planted_rows
from .text import NEAR_MIN, QUESTION_SIM_LIMIT, SIM_LIMIT, latin_run, max_pairwise, near_similarity

MAX_FILE_BYTES = 300_000


class VerificationError(Exception):
    pass


class _Checker:
    """Collects problems and the unplanted texts (per language) that must stay pairwise distinct."""

    def __init__(self, summaries: dict[str, dict[str, Any]]):
        self.summaries = summaries
        self.problems: list[str] = []
        self.clean: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
        self.clean_questions: list[tuple[str, str]] = []

    def expect(self, name: str, case: str, observed: Iterable[int]) -> None:
        observed, planted = sorted(set(observed)), sorted(set(case_rows(self.summaries[name], case)))
        if observed != planted:
            self.problems.append(f"{name} {case}: found rows {observed}, planted {planted}")

    def duplicates(self, name: str, keys: Iterable[tuple[int, Any]]) -> None:
        first: dict[Any, int] = {}
        found: dict[int, int] = {}
        for n, key in keys:
            if key in first:
                found[n] = first[key]
            else:
                first[key] = n
        planted = {e["row"]: e["duplicate_of"] for e in self.summaries[name]["cases"].get("exact_duplicate", [])}
        if found != planted:
            self.problems.append(f"{name}: exact duplicates found {found}, planted {planted}")

    def near(self, name: str, texts: dict[int, str]) -> None:
        for e in self.summaries[name]["cases"].get("near_duplicate", []):
            a, b = texts.get(e["original"]), texts.get(e["row"])
            if a is None or b is None or a == b or near_similarity(a, b) < NEAR_MIN:
                self.problems.append(f"{name}: near duplicate row {e['row']} is not a near copy of row {e['original']}")

    def keep_clean(self, name: str, language: str, texts: dict[int, str],
                   answers: dict[int, str] | None = None) -> None:
        """Unplanted rows join the distinctness check; unplanted Arabic answers may hold 2 Latin words in a row."""
        skip = planted_rows(self.summaries[name])
        for n, text in texts.items():
            if n in skip:
                continue
            if answers is not None and latin_run(answers[n]) > 2:
                self.problems.append(f"{name} row {n}: unplanted answer has {latin_run(answers[n])} Latin words "
                                     "in a row")
            self.clean[language].append((f"{name}:{n}", text))


def _parse_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    text = data.decode("utf-8")
    if not text.endswith("\n") or "\r" in text:
        raise VerificationError("CSV must use \\n line endings and end with a newline")
    lines = text[:-1].split("\n")
    if sum(1 for _ in csv.reader(io.StringIO(text))) != len(lines):
        raise VerificationError("a CSV field spans lines")
    return next(csv.reader([lines[0]])), [next(csv.reader([line])) for line in lines[1:]]


def _parse_jsonl(data: bytes) -> dict[int, Any]:
    """Line number -> object; None for a line that is not JSON."""
    out = {}
    for n, line in enumerate(data.decode("utf-8").rstrip("\n").split("\n"), 1):
        try:
            out[n] = json.loads(line)
        except json.JSONDecodeError:
            out[n] = None
    return out


def _check_ahqad(c: _Checker, data: bytes) -> None:
    name = ahqad.NAME
    header, rows = _parse_csv(data)
    if header != ahqad.HEADER:
        c.problems.append(f"{name}: header {header}")
    good = {n: r for n, r in enumerate(rows, 1) if len(r) == 4}
    c.expect(name, "malformed", [n for n, r in enumerate(rows, 1) if len(r) != 4])
    c.problems += [f"{name} row {n}: index {r[0]!r}" for n, r in enumerate(rows, 1) if r[0] != str(n - 1)]
    categories = set(banks.ahqad_topics())
    c.problems += [f"{name} row {n}: unknown category {r[3]!r}" for n, r in good.items() if r[3] not in categories]
    c.expect(name, "empty_answer", [n for n, r in good.items() if r[2] == ""])
    c.expect(name, "empty_question", [n for n, r in good.items() if r[1] == ""])
    c.expect(name, "residual_english", [n for n, r in good.items() if latin_run(r[2]) >= 4])
    c.duplicates(name, [(n, tuple(r[1:])) for n, r in good.items()])
    texts = {n: f"{r[1]}\n{r[2]}" for n, r in good.items()}
    c.near(name, texts)
    c.keep_clean(name, "ar", texts, {n: r[2] for n, r in good.items()})
    skip = planted_rows(c.summaries[name])
    c.clean_questions += [(f"{name}:{n}", r[1]) for n, r in good.items() if n not in skip]


def _check_cidar(c: _Checker, data: bytes) -> None:
    name = cidar.NAME
    objs = _parse_jsonl(data)
    good = {n: o for n, o in objs.items() if isinstance(o, dict)}
    c.expect(name, "malformed", [n for n, o in objs.items() if o is None])
    c.expect(name, "wrong_type", [n for n, o in good.items() if type(o.get("index")) is not int])
    c.problems += [f"{name} line {n}: index {o['index']}" for n, o in good.items()
                   if type(o.get("index")) is int and o["index"] != n - 1]
    c.expect(name, "empty_answer", [n for n, o in good.items() if o.get("output") == ""])
    c.duplicates(name, [(n, (o["instruction"], o["output"])) for n, o in good.items()])
    texts = {n: cidar.text_of(o) for n, o in good.items()}
    c.near(name, texts)
    c.keep_clean(name, "ar", texts, {n: o["output"] for n, o in good.items()})


def _check_alpaca(c: _Checker, data: bytes) -> None:
    name = alpaca.NAME
    objs = _parse_jsonl(data)
    good = {n: o for n, o in objs.items() if isinstance(o, dict)}
    c.expect(name, "malformed", [n for n, o in objs.items() if o is None])
    c.expect(name, "missing_field", [n for n, o in good.items() if "instruction" not in o])
    c.expect(name, "empty_answer", [n for n, o in good.items() if o.get("output") == ""])
    c.duplicates(name, [(n, (o.get("instruction"), o.get("input"), o.get("output"))) for n, o in good.items()])
    texts = {n: alpaca.text_of(o) for n, o in good.items()}
    c.near(name, texts)
    c.keep_clean(name, "en", texts)


def _parsed_json_only(c: _Checker, name: str, data: bytes) -> dict[int, Any]:
    objs = _parse_jsonl(data)
    if any(o is None for o in objs.values()):
        c.problems.append(f"{name}: unparseable line")
    return {n: o for n, o in objs.items() if isinstance(o, dict)}


def _check_chat(c: _Checker, data: bytes) -> None:
    name = chat.NAME
    good = _parsed_json_only(c, name, data)
    roles = {"system", "user", "assistant"}
    c.expect(name, "invalid", [n for n, o in good.items() if any(m.get("role") not in roles for m in o["messages"])
                               or not any(m.get("role") == "assistant" for m in o["messages"])])
    c.expect(name, "empty_answer", [n for n, o in good.items() if any(
        m.get("role") == "assistant" and m.get("content") == "" for m in o["messages"])])
    c.duplicates(name, [(n, json.dumps(o, sort_keys=True)) for n, o in good.items()])
    c.keep_clean(name, "en", {n: chat.text_of(o) for n, o in good.items()})


def _check_medqa(c: _Checker, data: bytes) -> None:
    name = medqa.NAME
    good = _parsed_json_only(c, name, data)
    keyed = {n: o for n, o in good.items() if isinstance(o["options"], dict)}
    c.expect(name, "wrong_type", [n for n in good if n not in keyed])
    c.expect(name, "invalid", [n for n, o in keyed.items() if o["answer_idx"] not in o["options"]])
    c.problems += [f"{name} line {n}: answer text does not match answer_idx" for n, o in keyed.items()
                   if o["answer_idx"] in o["options"] and o["options"][o["answer_idx"]] != o["answer"]]
    c.duplicates(name, [(n, json.dumps(o, sort_keys=True)) for n, o in good.items()])
    c.keep_clean(name, "en", {n: medqa.text_of(o) for n, o in good.items()})


def _check_medmcqa(c: _Checker, data: bytes) -> None:
    name = medmcqa.NAME
    table = pq.read_table(pa.BufferReader(data))
    if not table.schema.equals(medmcqa.SCHEMA):
        c.problems.append(f"{name}: schema {table.schema}")
    recs = dict(enumerate(table.to_pylist(), 1))
    c.expect(name, "invalid", [n for n, r in recs.items() if r["cop"] not in (0, 1, 2, 3)])
    c.expect(name, "empty_option", [n for n, r in recs.items() if "" in (r["opa"], r["opb"], r["opc"], r["opd"])])
    if len({r["id"] for r in recs.values()}) != len(recs) or any(r["choice_type"] != "single" for r in recs.values()):
        c.problems.append(f"{name}: ids not unique or choice_type not 'single'")
    c.duplicates(name, [(n, tuple((k, v) for k, v in r.items() if k != "id")) for n, r in recs.items()])
    c.keep_clean(name, "en", {n: medmcqa.text_of(r) for n, r in recs.items()})


def _check_clinic(c: _Checker, data: bytes) -> None:
    name = clinic.NAME
    header, rows = _parse_csv(data)
    if header != clinic.HEADER or any(len(r) != 5 for r in rows):
        c.problems.append(f"{name}: header or field count")
    by_n = dict(enumerate(rows, 1))
    if [r[0] for r in rows] != [str(1000 + n) for n in by_n] or [r[4] for r in rows] != sorted(r[4] for r in rows):
        c.problems.append(f"{name}: ids not sequential or dates not ascending")
    c.expect(name, "empty_answer", [n for n, r in by_n.items() if r[2] == ""])
    c.duplicates(name, [(n, (r[1], r[2], r[3])) for n, r in by_n.items()])
    c.keep_clean(name, "ar", {n: f"{r[1]}\n{r[2]}" for n, r in by_n.items()}, {n: r[2] for n, r in by_n.items()})
    skip = planted_rows(c.summaries[name])
    c.clean_questions += [(f"{name}:{n}", r[1]) for n, r in by_n.items() if n not in skip]


_CHECKS = {ahqad.NAME: _check_ahqad, cidar.NAME: _check_cidar, alpaca.NAME: _check_alpaca, chat.NAME: _check_chat,
           medqa.NAME: _check_medqa, medmcqa.NAME: _check_medmcqa, clinic.NAME: _check_clinic}


def verify(outputs: dict[str, bytes], summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Check every planted case against the written bytes; returns distinctness statistics for the README."""
    c = _Checker(summaries)
    c.problems += [f"{name}: {len(data)} bytes, limit {MAX_FILE_BYTES}" for name, data in outputs.items()
                   if len(data) >= MAX_FILE_BYTES]
    for name, check in _CHECKS.items():
        check(c, outputs[name])
    # Unplanted rows are pairwise distinct (per language), so only planted near duplicates are near duplicates.
    stats: dict[str, Any] = {}
    for language, items in c.clean.items():
        worst, pair = max_pairwise(items)
        stats[language] = {"records": len(items), "max_similarity": round(worst, 3), "pair": pair}
        if worst >= SIM_LIMIT:
            c.problems.append(f"unplanted {language} records {pair} have similarity {worst:.3f} >= {SIM_LIMIT}")
    worst, pair = max_pairwise(c.clean_questions)
    stats["ar_questions"] = {"records": len(c.clean_questions), "max_similarity": round(worst, 3), "pair": pair}
    if worst >= QUESTION_SIM_LIMIT:
        c.problems.append(f"unplanted Arabic questions {pair} have similarity {worst:.3f} >= {QUESTION_SIM_LIMIT}")
    if c.problems:
        raise VerificationError("\n".join(c.problems))
    return stats
