"""Bringing reviewers' answers back from Argilla into the catalog, and deciding each translation.

Responses are read through Argilla's HTTP API, not the SDK: SDK 2.8.0 crashes on a discarded response
whose values are null, and a discarded record is an answer worth keeping ("could not be judged").
Everything is fetched first, then written in one catalog transaction, so a failure midway leaves the
catalog as it was. Pulling is idempotent: a reviewer's row is replaced by their latest answer, and
the verdicts of the dataset are recomputed from all its reviews under the rule given.

The rule, applied to a record's submitted reviews (drafts and discards never decide):
1. fewer than `min_reviews` submitted -> no verdict yet;
2. any reviewer wrote a corrected translation -> `corrected` (the latest one is kept);
3. mean adequacy >= `accept_adequacy` and mean fluency >= `accept_fluency` -> `accepted`;
4. otherwise -> `rejected`.

In the same run, pull also measures (annotation/agreement.py):
- post-edit distance, TER and chrF of the machine translation against each correction (`reviews.ter`,
  `reviews.chrf`; the kept correction's in `review_status`);
- inter-annotator agreement over records with two or more submitted reviews, into `review_agreement`:
  Krippendorff's alpha on adequacy and fluency (interval and ordinal) and, per error type, alpha
  (nominal, label ticked or not) with the raw share of reviewer pairs that agree.
And it lands each kept correction as a new catalog record, as every record-making command does
(`jisr.curation.landing.run_landing`, landed with the reviews by `jisr.catalog.landing.land`): source
`corrected:<source>`, parent_id = the machine translation's record_id, same pair_id, kept by an
`expert_review` decision, with TER/chrF as signals.
Its `review_status` row has status `correction`; the machine translation's row names it in
`corrected_record_id`. Mixes apply the verdicts by policy (a recipe's `review:` mode, catalog/verdicts.py):
the correction replaces the translation it fixes, a rejected translation never enters.

A correction of a chat record (`messages`) is read back into its turns (annotation/turns.py): the new
record carries the corrected messages, with prompt/response joined from them as the chat adapter does.
One that does not map onto the chat's turns is quarantined (catalog `quarantine`, source
`corrected:<source>`, field `correction`, a one-line reason naming the record, the text as `raw`),
never stored as a half-chat; the machine translation's verdict stays `corrected`, with no
`corrected_record_id`, so a mix leaves it out until a reviewer's correction can be read.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pyarrow as pa

from jisr.annotation.agreement import krippendorff_alpha, pairwise_agreement, post_edit_distance
from jisr.annotation import question_answer, turns
from jisr.annotation.safe_text import markup_in, unescape
from jisr.annotation.push import ERROR_TYPES
from jisr.catalog import lifecycle
from jisr.catalog.landing import Landing, ReviewPull, land
from jisr.catalog.store import Catalog
from jisr.errors import InputError

PAGE = 500
REVIEW_STEP = "expert_review"


@dataclasses.dataclass(frozen=True)
class Rule:
    min_reviews: int = 1
    accept_adequacy: float = 4.0
    accept_fluency: float = 4.0

    def decide(self, submitted: list[dict[str, Any]]) -> tuple[str, str | None] | None:
        """(status, correction) for a record's submitted reviews, or None when there are too few."""
        if len(submitted) < max(self.min_reviews, 1):
            return None
        corrections = [r["correction"] for r in sorted(submitted, key=lambda r: r["time"] or datetime.min)
                       if r["correction"]]
        if corrections:
            return "corrected", corrections[-1]
        adequacy = _mean(r["adequacy"] for r in submitted)
        fluency = _mean(r["fluency"] for r in submitted)
        if adequacy is not None and fluency is not None and adequacy >= self.accept_adequacy \
                and fluency >= self.accept_fluency:
            return "accepted", None
        return "rejected", None


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _value(values: dict | None, question: str) -> Any:
    return ((values or {}).get(question) or {}).get("value")


def fetch_reviews(url: str, api_key: str, dataset_id: str, dataset: str) -> list[dict[str, Any]]:
    """One row per response in the dataset, with the reviewer's username (never the API key)."""
    with httpx.Client(base_url=url, headers={"X-Argilla-Api-Key": api_key}, timeout=60) as http:
        users = {u["id"]: u["username"] for u in _get(http, "/api/v1/users")["items"]}
        rows, offset = [], 0
        while True:
            page = _get(http, f"/api/v1/datasets/{dataset_id}/records",
                        params={"include": ["responses", "suggestions"], "offset": offset, "limit": PAGE})
            for record in page["items"]:
                suggested = {_plain(s.get("value")) for s in record.get("suggestions") or [] if isinstance(s.get("value"), str)}
                for response in record.get("responses") or []:
                    values = response.get("values")
                    text = (_value(values, "correction") or "").strip()
                    if _plain(text) in suggested:  # the pre-filled machine translation, left as it was
                        text = ""
                    rows.append({
                        "dataset": dataset, "record_id": record["external_id"],
                        "reviewer": users.get(response["user_id"], response["user_id"]),
                        "status": response["status"], "adequacy": _value(values, "adequacy"),
                        "fluency": _value(values, "fluency"), "errors": _value(values, "errors") or [],
                        "correction": text or None, "values": json.dumps(values, ensure_ascii=False),
                        "time": datetime.fromisoformat(response["updated_at"]),
                    })
            offset += len(page["items"])
            if not page["items"] or offset >= page.get("total", offset):
                return rows


def _plain(text: str | None) -> str:
    """A correction compared with its pre-filled suggestion: line endings and trailing blanks aside."""
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").strip().splitlines())


class UnsafeCorrection(ValueError):
    """A correction carrying HTML: stored in `reviews`, quarantined, never landed as training text."""


def _get(http: httpx.Client, path: str, params: dict | None = None) -> dict:
    response = http.get(path, params=params)
    if response.status_code in (401, 403):
        raise InputError(f"Argilla refused {path} ({response.status_code}): check the API key")
    response.raise_for_status()
    return response.json()


def corrected_texts(correction: str, mt: dict[str, Any]) -> tuple[str, str, list[dict[str, str]] | None]:
    """(prompt, response, messages) of a correction of the machine translation `mt`. A chat's correction
    must map onto its turns (raises turns.TurnsMismatch); anything else is read by `question_answer.parse`.
    Character references jisr's escaping writes are undone; HTML left after that raises UnsafeCorrection."""
    correction = unescape(correction)
    found = markup_in(question_answer.unwrap(correction))
    if found:
        raise UnsafeCorrection(f"carries HTML ({', '.join(dict.fromkeys(found))})")
    if mt["messages"]:
        messages = turns.parse(question_answer.unwrap(correction), json.loads(mt["messages"]))
        return *turns.prompt_response(messages), messages
    return *question_answer.parse(correction, mt["prompt"]), None


def _joined(prompt: str, response: str) -> str:
    return f"{prompt}\n{response}"


def agreement_rows(dataset: str, by_record: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Alpha (and pairwise agreement) on the ratings and on each error type, over multiply reviewed records."""
    multi = [s for s in by_record.values() if len(s) >= 2]
    out = []
    for question in ("adequacy", "fluency"):
        units = [[r[question] for r in submitted] for submitted in multi]
        pairable = sum(1 for u in units if sum(v is not None for v in u) >= 2)
        for level in ("interval", "ordinal"):
            out.append({"question": question, "label": None, "level": level,
                        "alpha": krippendorff_alpha(units, level), "agreement": pairwise_agreement(units),
                        "units": pairable})
    labels = list(ERROR_TYPES) + sorted({e for s in multi for r in s for e in r["errors"]} - set(ERROR_TYPES))
    for label in labels:
        units = [[label in r["errors"] for r in submitted] for submitted in multi]
        out.append({"question": "errors", "label": label, "level": "nominal",
                    "alpha": krippendorff_alpha(units, "nominal"), "agreement": pairwise_agreement(units),
                    "units": len(units)})
    return [{"dataset": dataset, **row} for row in out]


def _machine_translations(catalog: Catalog, record_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not record_ids:
        return {}
    cursor = catalog.con.execute(
        "SELECT record_id, source, language, kind, prompt, response, messages, category, license, pair_id "
        "FROM store.records WHERE record_id IN (SELECT unnest(?))", [record_ids])
    columns = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}


def corrections_landing(catalog: Catalog, dataset: str, corrections: dict[str, dict[str, Any]],
                        machine: dict[str, dict[str, Any]]) -> tuple[Landing, dict[str, str], list[str]]:
    """Each kept correction as a new record version to land, quarantining those that do not map onto their
    chat's turns; (what to land, {machine translation id: corrected record id}, quarantine reasons)."""
    from jisr.corpus.sources.records import Record, record_id
    from jisr.corpus.sources.ingest import Quarantined, SourceBatch, batch_for
    from jisr.curation.landing import records_frame, run_landing
    from jisr.catalog.shapes import DECISION_SCHEMA, SIGNAL_SCHEMA

    batches: dict[str, SourceBatch] = {}
    new_ids: dict[str, str] = {}
    reasons: list[str] = []
    signals = []
    for mt_id, review in corrections.items():
        mt = machine.get(mt_id)
        if mt is None:  # reviewed in Argilla but not in this catalog (another team's dataset)
            continue
        source = f"corrected:{mt['source']}"
        batch = batch_for(batches, source, mt["license"], f"review:{dataset}")
        batch.read += 1
        try:
            prompt, response, messages = corrected_texts(review["correction"], mt)
        except (turns.TurnsMismatch, UnsafeCorrection) as exc:
            why = f"is not kept as training text: it {exc}" if isinstance(exc, UnsafeCorrection) \
                else f"does not map onto its turns: {exc}"
            reason = f"correction of record {mt_id} by {review['reviewer']} {why}"
            batch.quarantined.append(Quarantined(source, f"review:{dataset}", None, "correction", reason,
                                                 review["correction"]))
            reasons.append(reason)
            continue
        record = Record(source=source, language=mt["language"], kind=mt["kind"], prompt=prompt, response=response,
                        messages=messages, category=mt["category"], parent_id=mt_id, pair_id=mt["pair_id"],
                        metadata={"review": {"dataset": dataset, "reviewer": review["reviewer"]}})
        rid = record_id(record.content_key())
        batch.ids.append(rid)
        batch.records.append(record)
        batch.origins.append((f"review:{dataset}", None))
        new_ids[mt_id] = rid
        for name in ("ter", "chrf"):
            signals.append({"record_id": rid, "step": REVIEW_STEP, "name": name, "value": review[name], "text": None})
    if not batches:
        return Landing(), {}, []
    records = records_frame(list(batches.values()))
    decisions = pl.DataFrame([{"record_id": rid, "seq": 0, "step": REVIEW_STEP, "kept": True, "reason": None,
                               "detail": f"correction of {mt_id}"} for mt_id, rid in new_ids.items()],
                             schema=DECISION_SCHEMA)
    # Count tokens with the tokenizers the machine translations were counted with, so mixes see the same.
    tokenizers = tuple(t for (t,) in catalog.con.execute(
        "SELECT DISTINCT tokenizer FROM store.token_counts WHERE record_id IN (SELECT unnest(?)) ORDER BY 1",
        [list(new_ids)]).fetchall())
    made = run_landing(catalog, list(batches.values()), records, decisions, pl.DataFrame(signals, schema=SIGNAL_SCHEMA),
                       tokenizers)
    return made, new_ids, reasons


def store(catalog_path: Path, dataset: str, rows: list[dict[str, Any]], rule: Rule) -> dict[str, Any]:
    """Replace the dataset's reviews with `rows`, recompute its verdicts, agreement and post-edit distances,
    and land the kept corrections as records, all in one run."""
    rule_json = json.dumps(dataclasses.asdict(rule))
    with Catalog.open(catalog_path) as catalog, \
            lifecycle.run(catalog, "review pull", {"dataset": dataset, "rule": dataclasses.asdict(rule)}) as run, \
            run.landing():
        run_id = run.run_id
        machine = _machine_translations(catalog, sorted({r["record_id"] for r in rows if r["correction"]}))
        rows = [dict(r) for r in rows]
        for row in rows:
            row["ter"] = row["chrf"] = None
            mt = machine.get(row["record_id"])
            if row["correction"] and mt is not None:
                try:
                    prompt, response, _ = corrected_texts(row["correction"], mt)
                except (turns.TurnsMismatch, UnsafeCorrection):  # no distance to an unreadable text; quarantined
                    continue
                row["ter"], row["chrf"] = post_edit_distance(_joined(mt["prompt"], mt["response"]),
                                                             _joined(prompt, response))
        by_record: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if row["status"] == "submitted":
                by_record.setdefault(row["record_id"], []).append(row)
        verdicts, kept_corrections = [], {}
        for record_id, submitted in by_record.items():
            decided = rule.decide(submitted)
            if decided is None:
                continue
            verdict = {"dataset": dataset, "record_id": record_id, "status": decided[0], "reviews": len(submitted),
                       "adequacy": _mean(r["adequacy"] for r in submitted),
                       "fluency": _mean(r["fluency"] for r in submitted), "correction": decided[1],
                       "ter": None, "chrf": None, "corrected_record_id": None, "rule": rule_json}
            if decided[0] == "corrected":
                latest = [r for r in sorted(submitted, key=lambda r: r["time"] or datetime.min) if r["correction"]][-1]
                verdict["ter"], verdict["chrf"] = latest["ter"], latest["chrf"]
                kept_corrections[record_id] = latest
            verdicts.append(verdict)
        made, new_ids, reasons = corrections_landing(catalog, dataset, kept_corrections, machine)
        for verdict in [v for v in verdicts if v["record_id"] in new_ids]:
            verdict["corrected_record_id"] = new_ids[verdict["record_id"]]
            verdicts.append({**verdict, "record_id": new_ids[verdict["record_id"]], "status": "correction",
                             "adequacy": None, "fluency": None, "corrected_record_id": None})
        made.review_pull = ReviewPull(dataset, pa.Table.from_pylist(rows), pa.Table.from_pylist(verdicts),
                                      pa.Table.from_pylist(agreement_rows(dataset, by_record)))
        land(catalog, run_id, made)
        counts = {s: sum(1 for v in verdicts if v["status"] == s) for s in ("accepted", "corrected", "rejected")}
        summary = {"dataset": dataset, "responses": len(rows), **counts, "new_records": len(new_ids),
                   "quarantined": len(reasons)}
        run.summary.update(summary)
    return {"run_id": run_id, **summary, "reasons": reasons}
