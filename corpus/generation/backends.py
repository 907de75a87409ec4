"""One interface over three ways of running an LLM: local `transformers`, an OpenAI-compatible server, vLLM.

A backend takes chat conversations (lists of {role, content}) and yields each answer as soon as it is
done, in any order, so the caller can store it at once and show progress. Each backend applies the
chat template where the template lives: `transformers` and vLLM with the model's own tokenizer, the
HTTP server with its own. Backends are imported lazily: torch, httpx and vLLM load only when chosen.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from typing import Iterator

from jisr.errors import InputError

BACKENDS = ("transformers", "http", "vllm")
Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Sampling:
    """Decoding settings; part of every call's cache key, so changing one re-asks the model."""

    max_new_tokens: int = 1024
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0

    def as_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True)
class Completion:
    """One call's outcome. `finish_reason` is `stop`, `length` (cut at max_new_tokens) or `error`."""

    text: str | None
    finish_reason: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_s: float | None = None
    attempts: int = 1
    error: str | None = None


class Backend(ABC):
    """Runs conversations through one model."""

    name: str
    model: str
    default_concurrency: int
    device: str | None = None  # where the weights are ("cuda", "cpu"); None when a server elsewhere holds them

    @abstractmethod
    def generate(self, conversations: list[Messages], sampling: Sampling) -> Iterator[tuple[int, Completion]]:
        """Yield (index into `conversations`, completion) for each, as each finishes."""

    def close(self) -> None:
        """Release what the backend holds (connections, GPU memory)."""


@dataclass(frozen=True)
class BackendSpec:
    """Which backend runs which model, and how: `concurrency` is calls in flight at once (the batch size
    for transformers, the chunk handed to vLLM, parallel requests over HTTP); None takes the backend's default."""

    name: str
    model: str
    concurrency: int | None = None
    base_url: str = "http://127.0.0.1:8000/v1"
    timeout: float = 120.0
    tensor_parallel_size: int = 1


def require_backend_model(spec: BackendSpec) -> None:
    """Fail in seconds, naming the next step, when the model of an in-process backend (transformers,
    vLLM) is a hub id that cannot be had now (see `jisr.hub`): the libraries would retry the hub for a
    minute. A job calls it before it reads anything; an http backend's model is the server's name."""
    if spec.name in ("transformers", "vllm"):
        from jisr.hub import require_model

        require_model(spec.model, "--model")


def make_backend(spec: BackendSpec) -> Backend:
    if spec.name == "transformers":
        from jisr.corpus.generation.transformers_backend import TransformersBackend

        return TransformersBackend(spec.model, batch_size=spec.concurrency)
    if spec.name == "http":
        from jisr.corpus.generation.http_backend import HttpBackend

        return HttpBackend(spec.model, spec.base_url, concurrency=spec.concurrency, timeout=spec.timeout)
    if spec.name == "vllm":
        from jisr.corpus.generation.vllm_backend import VllmBackend

        return VllmBackend(spec.model, chunk=spec.concurrency, tensor_parallel_size=spec.tensor_parallel_size)
    raise InputError(f"unknown backend '{spec.name}' (known: {', '.join(BACKENDS)})")
