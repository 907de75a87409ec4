"""LLM generation with per-call provenance: translation, paraphrase, synthetic QA, multiple-choice items.

One `Backend` interface over local transformers, an OpenAI-compatible HTTP server and vLLM's offline
engine (backends.py); every call is stored in the catalog's `generations` and reused on a rerun
(runner.py); bad outputs are asked again by rule, each try a call (retries.py); `translate`,
`paraphrase` and `synth` turn catalog records or seeds into gated records (jobs.py lands them
alike), and `mcq` translates benchmark items with their answer key kept
aligned. This module imports nothing heavy, so registering the CLI costs nothing. See docs/generation.md.
"""

from jisr.corpus.generation.backends import BACKENDS, Backend, BackendSpec, Completion, Sampling, make_backend

__all__ = ["BACKENDS", "Backend", "BackendSpec", "Completion", "Sampling", "make_backend"]
