"""The corpus: sources read into records (sources/: readers, adapters, ingest; sample/: the bundled
sample) and LLM generation (generation/).

The Python API (docs/python-api.md): `translate`, `paraphrase` and `synth` run a generation job
(`TranslateJob`, ...: a backend, sampling and which records) against a catalog and land its records as
a build does. Imported at first use, so the command layer can import this package at no cost; the
names live here, not in `jisr.corpus.generation`, whose modules are named like the functions.
"""

from jisr.lazy import lazy_names

__getattr__ = lazy_names(__name__, {
    "BackendSpec": "generation.backends", "Sampling": "generation.backends", "Selection": "generation.jobs",
    "TranslateJob": "generation.translate", "TranslateResult": "generation.translate",
    "translate": "generation.translate", "ParaphraseJob": "generation.paraphrase",
    "paraphrase": "generation.paraphrase", "SynthJob": "generation.synth", "synth": "generation.synth"})

__all__ = ["BackendSpec", "ParaphraseJob", "Sampling", "Selection", "SynthJob", "TranslateJob", "TranslateResult",
           "paraphrase", "synth", "translate"]
