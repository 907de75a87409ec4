"""Totals kept in a table and moved, when a run finishes, by what that run changed (`store.composition`,
`store.record_counts`): reading a few kept rows instead of grouping every record answers in milliseconds
at 3M records, and moving the totals costs a landing only the records it touched.

A kept table's rows are totals per key; `records` (a count) is one of its value columns and a key whose
count reaches 0 is removed. Around folding the finishing runs' decisions into `store.record_status`
(catalog/store.py, `fold_decisions`), each touched record's contribution before is taken away and its
contribution after is added, in the same transaction, so the table never disagrees with the runs it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class KeptTotals:
    """One kept table: `store.<table>`, its key and value columns, and how to compute its rows.

    `totals` is a grouped query whose counts are multiplied by `{sign}`, over the record ids of
    `{records}` (a table or subquery with a `record_id` column), narrowed by `{where}` (an `AND ...`, or
    empty); `before` is the `{where}` that selects what the table already counted of a touched record
    before the finishing runs `{pending}` (a literal list of their run ids, so that DuckLake skips the data
    files of other runs), and `touched` the record ids those runs change."""

    table: str
    keys: tuple[str, ...]
    values: tuple[str, ...]
    totals: str
    touched: str
    before: str
    everything: str = ""  # `{where}` of a recomputation from every record

    def recompute(self, con: duckdb.DuckDBPyConnection) -> None:
        """The whole table from every record (a catalog upgraded or migrated from before it existed)."""
        con.execute(f"DELETE FROM store.{self.table}")
        con.execute(f"INSERT INTO store.{self.table} BY NAME" + self.totals.format(
            sign=1, records="(SELECT record_id FROM store.records)", where=self.everything))

    @contextmanager
    def kept_up_to_date(self, con: duckdb.DuckDBPyConnection, pending: str) -> Iterator[None]:
        """Around folding the `pending` runs' decisions (in `_jisr_fresh`) into `store.record_status`."""
        touched, delta, moved = (f"_jisr_{self.table}_{name}" for name in ("touched", "delta", "moved"))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {touched} AS " + self.touched.format(pending=pending))
        try:
            if not con.execute(f"SELECT count(*) FROM {touched}").fetchone()[0]:
                yield  # a run that decided nothing and counted nothing (training, evaluation, reviews)
                return
            con.execute(f"CREATE OR REPLACE TEMP TABLE {delta} AS" + self.totals.format(
                sign=-1, records=touched, where=self.before.format(pending=pending)))
            yield
            con.execute(f"INSERT INTO {delta} BY NAME" + self.totals.format(sign=1, records=touched, where=""))
            same_key = f"EXISTS (SELECT 1 FROM {delta} d WHERE " + " AND ".join(
                f"d.{key} IS NOT DISTINCT FROM c.{key}" for key in self.keys) + ")"
            sums = ", ".join(f"sum({value}) AS {value}" for value in self.values)  # stored as the table's types
            con.execute(f"""CREATE OR REPLACE TEMP TABLE {moved} AS
                SELECT {', '.join(self.keys)}, {sums}
                FROM (SELECT * FROM store.{self.table} c WHERE {same_key} UNION ALL BY NAME SELECT * FROM {delta})
                GROUP BY ALL HAVING sum(records) <> 0""")
            con.execute(f"DELETE FROM store.{self.table} c WHERE {same_key}")
            con.execute(f"INSERT INTO store.{self.table} BY NAME SELECT * FROM {moved}")
        finally:
            for name in (touched, delta, moved):
                con.execute(f"DROP TABLE IF EXISTS {name}")

