"""`store.composition`: Table 3's answer (kept records and tokens per source, language and tokenizer) and the
finer totals the docs' queries read, kept up to date in the transaction that finishes each run
(catalog/totals.py for how).

Why: the `composition` view joined every kept record with its token counts on every query (3-5 s at
2.5M records on a shared machine, issue #12 asks for under 200 ms). Recomputing whole groups when a
run finishes doubled the time to land a build, so a finishing run moves the totals by what it changed:
for each record it decided on, counted tokens for or named a variety for, its contribution before (its
previous status, the token counts and variety it had) is taken away and its contribution after is added.

Keyed also by category and by the answer's variety (catalog/record_facts.py), with the records' words and
the sum and count of their variety scores: `composition` sums out the two keys, `composition_by_category`
and `arabic_varieties` read them, so the per-specialty, tokens-per-word and variety queries need no record.
"""

from __future__ import annotations

from jisr.catalog.record_facts import NAMED
from jisr.catalog.totals import KeptTotals

COMPOSITION = KeptTotals(
    table="composition", keys=("source", "language", "category", "variety", "tokenizer"),
    values=("records", "prompt_tokens", "response_tokens", "total_tokens", "words", "score_sum", "scored"),
    # Kept records' token totals, from the statuses folded into `store.record_status` and the records' facts
    # (catalog/record_facts.py: a record counted has them, made in the fold that first touches it).
    totals="""
    SELECT f.source, f.language, f.category, f.variety, t.tokenizer, {sign} * count(*) AS records,
           {sign} * sum(t.prompt_tokens) AS prompt_tokens, {sign} * sum(t.response_tokens) AS response_tokens,
           {sign} * sum(t.total_tokens) AS total_tokens, {sign} * sum(f.words) AS words,
           {sign} * sum(f.score) AS score_sum, {sign} * count(f.score) AS scored
    FROM {records} JOIN store.record_status s USING (record_id) JOIN store.token_counts t USING (record_id)
    JOIN store.record_facts f USING (record_id)
    WHERE s.kept {where}
    GROUP BY ALL""",
    touched="SELECT record_id FROM _jisr_fresh UNION SELECT record_id FROM store.token_counts WHERE run_id IN {pending}"
            " UNION " + NAMED.format(runs="{pending}"),
    before="AND t.run_id NOT IN {pending}")  # the finishing runs' token counts were not counted yet

recompute = COMPOSITION.recompute
kept_up_to_date = COMPOSITION.kept_up_to_date
