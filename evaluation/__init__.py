"""Evaluation: benchmark sets registered by version, scored by lm-eval, compared in reports.

The Python API (docs/python-api.md): `register_sets` reads sets (`SetSpec`: a benchmark in a language,
from a file or the hub; `SAMPLE_SETS` holds small bundled ones) into the catalog; `run_eval` scores a
model (`ModelSpec`) on them and stores every metric. Imported at first use: lm-eval and polars are slow
to import, and the command layer imports this package to register its commands.
"""

from jisr.lazy import lazy_names

__getattr__ = lazy_names(__name__, {
    "SAMPLE_SETS": "sets", "SetSpec": "sets", "ModelSpec": "harness", "EvalRun": "runner",
    "register_sets": "runner", "run_eval": "runner"})

__all__ = ["SAMPLE_SETS", "EvalRun", "ModelSpec", "SetSpec", "register_sets", "run_eval"]
