"""vLLM's offline engine, for large batch jobs on GPUs (the paper translated ~500k records this way).

vLLM is imported only here, when this backend is chosen: it is a CUDA build that pins its own torch
and an older transformers, so it lives in its own environment (see docs/generation.md). Work goes to
the engine in chunks of `chunk` conversations, so finished calls reach the catalog as the job goes
rather than all at the end; within a chunk vLLM schedules and batches by itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator

from jisr.corpus.generation.backends import BACKENDS, Backend, Completion, Messages, Sampling
from jisr.errors import InputError


@BACKENDS.register("vllm")
class VllmBackend(Backend):
    default_concurrency = 512
    device = "cuda"

    @dataclass(frozen=True)
    class Params:
        concurrency: int | None = None  # conversations handed to the engine at once
        tensor_parallel_size: int = 1   # GPUs per model

    def __init__(self, model: str, params: Params = Params()):
        try:
            from vllm import LLM
        except ImportError as exc:
            raise InputError("the vllm backend needs vLLM in this environment (it cannot share one with jisr's "
                             "training extra); or run `vllm serve MODEL` and use --backend http") from exc
        self.model = model
        self.chunk = params.concurrency or self.default_concurrency
        self.engine = LLM(model=model, tensor_parallel_size=params.tensor_parallel_size)

    def generate(self, conversations: list[Messages], sampling: Sampling) -> Iterator[tuple[int, Completion]]:
        from vllm import SamplingParams

        params = SamplingParams(max_tokens=sampling.max_new_tokens, temperature=sampling.temperature,
                                top_p=sampling.top_p, seed=sampling.seed)
        for start in range(0, len(conversations), self.chunk):
            began = time.perf_counter()
            outputs = self.engine.chat(conversations[start:start + self.chunk], params, use_tqdm=False)
            latency = time.perf_counter() - began
            for offset, out in enumerate(outputs):
                best = out.outputs[0]
                yield start + offset, Completion(best.text, best.finish_reason or "stop", len(out.prompt_token_ids),
                                                 len(best.token_ids), latency)

    def close(self) -> None:
        del self.engine
