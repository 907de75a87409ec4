"""Running a batch of calls through the catalog's cache: finished calls are reused, the rest are generated.

Each call is keyed by a hash of what determines its output: model, the template's SHA-256, the
rendered conversation and the sampling parameters (not the backend: the same model served by vLLM or
loaded by transformers answers the same question). Each answer is stored as soon as the backend
yields it, so a killed job loses only the calls in flight and its rerun sends only what is missing.
Identical conversations (two records with the same question) are asked once.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from jisr.catalog import Catalog
from jisr.catalog.generations import finished_calls, record_calls
from jisr.corpus.generation.backends import Backend, Messages, Sampling
from jisr.corpus.generation.templates import PromptTemplate
from jisr.progress import Progress


def call_key(model: str, template: PromptTemplate, messages: Messages, sampling: Sampling) -> str:
    payload = json.dumps([model, template.sha256, messages, json.loads(sampling.as_json())],
                         ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# What a rule found in an answer (conversation index, answer) -> why it is a bad output, or None.
Check = Callable[[int, dict[str, Any]], "str | None"]


@dataclass
class CallResults:
    """Per conversation asked: its key; per key: the answer (output, finish_reason, tokens...) or the error.
    With retries by rule (retries.py), `keys` are each conversation's last call, `tries` every call it
    took with what the rule found, and `retried` how many conversations were asked again."""

    keys: list[str]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    asked: int = 0
    cached: int = 0
    generated: int = 0
    retried: int = 0
    tries: list[list[tuple[str, str | None]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"asked": self.asked, "from_catalog": self.cached, "generated": self.generated,
                "failed": len(self.errors), "retried": self.retried}


def run_calls(catalog: Catalog, backend: Backend, run_id: str, task: str, template: PromptTemplate,
              sampling: Sampling, conversations: list[Messages], progress: Progress | None = None,
              check: Check | None = None, label: str | None = None) -> CallResults:
    """Answer every conversation, from the catalog where a finished call exists, else from `backend`.
    A new call's `outcome` is what `check` finds in its answer (`ok` or the reason), stored with it.
    `progress` gets a bar per batch whose `rate` field is the calls/s and output tokens/s this run made
    (cached calls cost nothing and would flatter it)."""
    keys = [call_key(backend.model, template, m, sampling) for m in conversations]
    unique = dict(zip(keys, conversations))
    first = {k: i for i, k in reversed(list(enumerate(keys)))}
    results = CallResults(keys, answers=finished_calls(catalog, list(unique)), asked=len(unique))
    results.cached = len(results.answers)
    todo = [(k, m) for k, m in unique.items() if k not in results.answers]
    bar = progress.add_task(label or task, total=len(unique), completed=results.cached, rate="") \
        if progress and unique else None
    sampling_json = sampling.as_json()
    began, tokens = time.perf_counter(), 0
    for index, done in backend.generate([m for _, m in todo], sampling):
        key, messages = todo[index]
        row = {"call_key": key, "run_id": run_id, "task": task, "backend": backend.name, "model": backend.model,
               "template_id": template.ref, "template_sha256": template.sha256, "sampling": sampling_json,
               "messages": json.dumps(messages, ensure_ascii=False), "output": done.text,
               "finish_reason": done.finish_reason, "prompt_tokens": done.prompt_tokens,
               "completion_tokens": done.completion_tokens, "latency_s": done.latency_s, "attempts": done.attempts,
               "error": done.error, "created_at": datetime.now(timezone.utc), "outcome": None}
        if check is not None and done.error is None:
            row["outcome"] = check(first[key], {"output": done.text, "finish_reason": done.finish_reason}) or "ok"
        record_calls(catalog, [row])
        results.generated += 1
        if done.error is None:
            results.answers[key] = {k: row[k] for k in ("output", "finish_reason", "prompt_tokens",
                                                         "completion_tokens", "latency_s")}
        else:
            results.errors[key] = done.error
        if bar is not None:
            tokens += done.completion_tokens or 0
            elapsed = max(time.perf_counter() - began, 1e-9)
            progress.update(bar, advance=1,
                            rate=f"{results.generated / elapsed:.1f} calls/s {tokens / elapsed:.0f} tok/s")
    return results
