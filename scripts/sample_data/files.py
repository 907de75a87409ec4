"""The sample's files, in build order, and the one place their random generators are seeded.

A master `random.Random(SEED)` draws one seed per file in the order of `file_specs`, and the files are built in
that order (they share the distinctness guards), so a file's records change only when its own bank or
builder, or an earlier file's, changes.  Nothing reads set or hash order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from . import ahqad, alpaca, banks, chat, cidar, clinic, medmcqa, medqa
from .rows import Row
from .text import Guards

SEED = 2501


@dataclass(frozen=True)
class FileSpec:
    source: ModuleType             # NAME, ROWS, build(rng, guards), render(rows), text_of(data)
    imitates: str
    format: str                    # csv / jsonl / parquet
    language: str
    about: str                     # README paragraph; {rows}, {planted} and documents.bank_facts() are filled in

    @property
    def name(self) -> str:
        return self.source.NAME


@cache
def file_specs() -> tuple[FileSpec, ...]:
    """The files in build order, described by banks/sample_files.yaml."""
    described = banks.load("sample_files.yaml")
    order = (ahqad, cidar, alpaca, chat, medqa, medmcqa, clinic)
    return tuple(FileSpec(source, **described[source.NAME]) for source in order)


def build_rows() -> dict[str, list[Row]]:
    """Every file's rows with their planted cases; random state derives only from SEED."""
    master = random.Random(SEED)
    seeds = {spec.name: master.getrandbits(64) for spec in file_specs()}
    guards = Guards()
    return {spec.name: spec.source.build(random.Random(seeds[spec.name]), guards) for spec in file_specs()}
