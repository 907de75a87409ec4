"""LLM generation with per-call provenance: translation now; paraphrase and synthetic QA to come.

One `Backend` interface over local transformers, an OpenAI-compatible HTTP server and vLLM's offline
engine (backends.py); every call is stored in the catalog's `generations` and reused on a rerun
(runner.py); `translate.translate` turns kept English records into gated Arabic records. This module
imports nothing heavy, so registering the CLI costs nothing. See docs/generation.md.
"""

from jisr.corpus.generation.backends import BACKENDS, Backend, BackendSpec, Completion, Sampling, make_backend

__all__ = ["BACKENDS", "Backend", "BackendSpec", "Completion", "Sampling", "make_backend"]
