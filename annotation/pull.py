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
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa

from jisr.catalog.store import Catalog
from jisr.errors import InputError

PAGE = 500


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
                        params={"include": "responses", "offset": offset, "limit": PAGE})
            for record in page["items"]:
                for response in record.get("responses") or []:
                    values = response.get("values")
                    text = (_value(values, "correction") or "").strip()
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


def _get(http: httpx.Client, path: str, params: dict | None = None) -> dict:
    response = http.get(path, params=params)
    if response.status_code in (401, 403):
        raise InputError(f"Argilla refused {path} ({response.status_code}): check the API key")
    response.raise_for_status()
    return response.json()


def store(catalog_path: Path, dataset: str, rows: list[dict[str, Any]], rule: Rule) -> dict[str, Any]:
    """Replace the dataset's reviews with `rows` and recompute its verdicts, in one run."""
    by_record: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["status"] == "submitted":
            by_record.setdefault(row["record_id"], []).append(row)
    rule_json = json.dumps(dataclasses.asdict(rule))
    with Catalog.open(catalog_path) as catalog, catalog.transaction():
        run_id = catalog.start_run("review pull", {"dataset": dataset, "rule": dataclasses.asdict(rule)})
        verdicts = []
        for record_id, submitted in by_record.items():
            decided = rule.decide(submitted)
            if decided is not None:
                verdicts.append({"dataset": dataset, "record_id": record_id, "status": decided[0],
                                 "reviews": len(submitted), "adequacy": _mean(r["adequacy"] for r in submitted),
                                 "fluency": _mean(r["fluency"] for r in submitted), "correction": decided[1],
                                 "rule": rule_json, "run_id": run_id})
        catalog.con.execute("DELETE FROM store.reviews WHERE dataset = ?", [dataset])
        catalog.con.execute("DELETE FROM store.review_status WHERE dataset = ?", [dataset])
        catalog.append("reviews", pa.Table.from_pylist([{**r, "run_id": run_id} for r in rows]))
        catalog.append("review_status", pa.Table.from_pylist(verdicts))
        counts = {s: sum(1 for v in verdicts if v["status"] == s) for s in ("accepted", "corrected", "rejected")}
        summary = {"dataset": dataset, "responses": len(rows), **counts}
        catalog.finish_run(run_id, summary)
    return {"run_id": run_id, **summary}
