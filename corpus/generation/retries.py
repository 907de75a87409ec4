"""Retry by rule: an output that is bad in a way sampling again can fix is asked again, every try a call.

A refusal, an answer in the wrong language, one cut at max_new_tokens, an empty one, a judge reply
that is not a rating: a second sample often comes back fine, so such a conversation is asked again,
up to `retries` times. A retry must be another call, with another cache key: the same call would come
back from the catalog with the same bad answer (and greedy decoding would write it again). So retry
n runs at `temperature` with seed + n, which a rerun rebuilds exactly and finds in the cache.

Every try is a row of `generations` whose `outcome` says what the rule found (`ok` or the reason),
and the caller gets each conversation's tries, so the records can say how many it took. What is
still bad after the last try is the caller's to gate: dropped with that reason, never stored as
good data. Failed calls (errors) are not retried here: the backend already retried what a retry can
fix (timeouts, 5xx), and the rest is the call's own failure, quarantined by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jisr.catalog import Catalog
from jisr.corpus.generation.backends import Backend, Messages, Sampling
from jisr.corpus.generation.quality import Signal
from jisr.corpus.generation.runner import CallResults, Check, run_calls
from jisr.corpus.generation.templates import PromptTemplate
from jisr.progress import Progress


@dataclass(frozen=True)
class RetryRule:
    """How many times a bad output is asked again, and at what temperature."""

    retries: int = 2
    temperature: float = 0.7

    def sampling(self, first: Sampling, attempt: int) -> Sampling:
        """The sampling of try `attempt` (0 = the first, as asked)."""
        return first if attempt == 0 else replace(first, temperature=self.temperature, seed=first.seed + attempt)


def run_retried(catalog: Catalog, backend: Backend, run_id: str, task: str, template: PromptTemplate,
                sampling: Sampling, conversations: list[Messages], check: Check, rule: RetryRule,
                progress: Progress | None = None) -> CallResults:
    """Answer every conversation, asking again those whose answer `check` finds bad, up to `rule.retries`
    times. The result's `keys` are each conversation's last call; `tries[i]` is every (call key, what
    `check` found: None for a good answer, `error` for a failed call) of conversation i, in order."""
    merged = CallResults([""] * len(conversations), tries=[[] for _ in conversations])
    pending = list(range(len(conversations)))
    for attempt in range(rule.retries + 1):
        if not pending:
            break
        asked = pending
        results = run_calls(catalog, backend, run_id, task, template, rule.sampling(sampling, attempt),
                            [conversations[i] for i in asked], progress,
                            check=lambda j, answer: check(asked[j], answer),
                            label=task if attempt == 0 else f"{task} retry {attempt}")
        merged.answers.update(results.answers)
        merged.errors.update(results.errors)
        merged.asked += results.asked
        merged.cached += results.cached
        merged.generated += results.generated
        merged.retried += len(asked) if attempt else 0
        pending = []
        for i, key in zip(asked, results.keys):
            merged.keys[i] = key
            answer = results.answers.get(key)
            found = check(i, answer) if answer else "error"
            merged.tries[i].append((key, found))
            if answer and found:
                pending.append(i)
    return merged


def retries_signal(tries: list[tuple[str, list[tuple[str, str | None]]]]) -> Signal:
    """`retries`: how many calls were asked again by rule, over a record's parts (field or role, its tries),
    and why (`response: refusal, wrong_language`)."""
    reasons = [f"{part}: {', '.join(str(found) for _, found in calls[:-1])}" for part, calls in tries if len(calls) > 1]
    return Signal("retries", float(sum(len(calls) - 1 for _, calls in tries)), "; ".join(reasons) or None)
