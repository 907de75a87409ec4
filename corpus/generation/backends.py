"""One interface over the ways of running an LLM: local `transformers`, an OpenAI-compatible server, vLLM, yours.

A backend takes chat conversations (lists of {role, content}) and yields each answer as soon as it is
done, in any order, so the caller can store it at once and show progress. Each backend applies the
chat template where the template lives: `transformers` and vLLM with the model's own tokenizer, the
HTTP server with its own.

Backends are plugins (jisr/registry.py): a `Backend` subclass registered with `@BACKENDS.register("name")`,
whose settings are its `Params` dataclass; `make_backend` checks a `BackendSpec`'s settings against it
(one line per unknown key, with a did-you-mean, or wrong type) and builds the backend. Another package
adds one through the `jisr.backends` entry point group (docs/generation.md). The built-in modules
import torch, httpx and vLLM inside the backend, so they load only when that backend is chosen.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Iterator, Mapping

from jisr.registry import Registry, from_config

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


@dataclass(frozen=True)
class NoParams:
    """The settings of a backend that takes none beyond its model."""


class Backend(ABC):
    """Runs conversations through one model: `__init__(model, params)` loads or connects, `generate` runs.

    `name` is set by the registry from `@BACKENDS.register(name)`; `Params` is the dataclass of the
    backend's settings (a `BackendSpec` field of the same name fills one, `BackendSpec.options` the rest).
    """

    Params: ClassVar[type] = NoParams
    name: str
    model: str
    default_concurrency: int
    device: str | None = None  # where the weights are ("cuda", "cpu"); None when a server elsewhere holds them

    @abstractmethod
    def __init__(self, model: str, params: Any):
        """Load the model (or connect to what serves it); an `InputError` when that cannot be done."""

    @abstractmethod
    def generate(self, conversations: list[Messages], sampling: Sampling) -> Iterator[tuple[int, Completion]]:
        """Yield (index into `conversations`, completion) for each, as each finishes."""

    def close(self) -> None:
        """Release what the backend holds (connections, GPU memory)."""


BACKENDS: Registry[type[Backend]] = Registry(
    "backend", "jisr.backends", name_attribute="name",
    builtins=("jisr.corpus.generation.transformers_backend", "jisr.corpus.generation.http_backend",
              "jisr.corpus.generation.vllm_backend"))


@dataclass(frozen=True)
class BackendSpec:
    """Which backend runs which model, and how: `concurrency` is calls in flight at once (the batch size
    for transformers, the chunk handed to vLLM, parallel requests over HTTP); None takes the backend's default.
    The command-line settings below go to a backend whose `Params` has them; `options` are any other
    `Params` fields (a plugin backend's own)."""

    name: str
    model: str
    concurrency: int | None = None
    base_url: str = "http://127.0.0.1:8000/v1"
    timeout: float = 120.0
    tensor_parallel_size: int = 1
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def settings(self, params: type) -> dict[str, Any]:
        """The values for `params`: the fields above it declares, then `options`."""
        declared = {f.name for f in fields(params)}
        common = {f.name: getattr(self, f.name) for f in fields(self)
                  if f.name in declared and f.name not in ("name", "model", "options")}
        return {**common, **self.options}


def make_backend(spec: BackendSpec) -> Backend:
    """The registered backend `spec.name`, built with its settings checked against its `Params`."""
    backend = BACKENDS.get(spec.name)
    return backend(spec.model, from_config(backend.Params, spec.settings(backend.Params), f"backend {spec.name}"))
