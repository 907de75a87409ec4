"""An OpenAI-compatible chat completions client: `vllm serve`, `transformers serve`, TGI, a hosted API.

Calls run in a bounded thread pool (`concurrency` requests in flight). A timeout, a dropped
connection, 429 and 5xx answers are retried with exponential backoff and jitter; any other 4xx is
this call's own failure (a prompt too long, say) and comes back as an `error` completion. Before
any work the server is asked for its models, so a wrong URL or model name fails at once, in one line.
The server applies its own chat template. An API key, if the server wants one, comes from
`OPENAI_API_KEY`.
"""

from __future__ import annotations

import os
import random
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Iterator

from jisr.corpus.generation.backends import BACKENDS, Backend, Completion, Messages, Sampling
from jisr.errors import InputError

RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}


@BACKENDS.register("http")
class HttpBackend(Backend):
    default_concurrency = 8

    @dataclass(frozen=True)
    class Params:
        base_url: str = "http://127.0.0.1:8000/v1"
        concurrency: int | None = None  # requests in flight
        timeout: float = 120.0          # seconds per request
        max_retries: int = 5            # of a request the server refused for a while (RETRYABLE_STATUS)
        backoff_s: float = 1.0

    def __init__(self, model: str, params: Params = Params()):
        import httpx

        self.model = model
        self.base_url = params.base_url.rstrip("/")
        self.concurrency = params.concurrency or self.default_concurrency
        self.max_retries = params.max_retries
        self.backoff_s = params.backoff_s
        key = os.environ.get("OPENAI_API_KEY")
        self.client = httpx.Client(base_url=self.base_url, timeout=params.timeout,
                                   headers={"Authorization": f"Bearer {key}"} if key else {},
                                   limits=httpx.Limits(max_connections=self.concurrency))
        self._check_server()

    def _check_server(self) -> None:
        import httpx

        try:
            response = self.client.get("/models")
            response.raise_for_status()
            served = [m.get("id") for m in response.json().get("data", [])]
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            self.client.close()
            raise InputError(f"no OpenAI-compatible server answers at {self.base_url}/models: {exc}") from exc
        if served and self.model not in served:
            self.client.close()
            raise InputError(f"the server at {self.base_url} serves {', '.join(map(str, served))}, not '{self.model}'")

    def generate(self, conversations: list[Messages], sampling: Sampling) -> Iterator[tuple[int, Completion]]:
        body = {"model": self.model, "max_tokens": sampling.max_new_tokens, "temperature": sampling.temperature,
                "top_p": sampling.top_p, "seed": sampling.seed}
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="jisr-http")
        try:
            futures = {pool.submit(self._call, {**body, "messages": c}): i for i, c in enumerate(conversations)}
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _call(self, body: dict) -> Completion:
        import httpx

        began = time.perf_counter()
        for attempt in range(1, self.max_retries + 2):
            try:
                response = self.client.post("/chat/completions", json=body)
            except httpx.TransportError as exc:  # timeouts, refused or dropped connections
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 200:
                    return _parse(response, attempt, time.perf_counter() - began)
                problem = f"HTTP {response.status_code}: {response.text[:300]}"
                if response.status_code not in RETRYABLE_STATUS:
                    break
            if attempt <= self.max_retries:
                time.sleep(self.backoff_s * 2 ** (attempt - 1) * (0.5 + random.random()))
        return Completion(None, "error", latency_s=time.perf_counter() - began, attempts=attempt, error=problem)

    def close(self) -> None:
        self.client.close()


def _parse(response, attempts: int, latency: float) -> Completion:
    """The first choice of a chat completion; a malformed answer is the call's error, not an exception."""
    try:
        data = response.json()
        choice = data["choices"][0]
        usage = data.get("usage") or {}
        return Completion(choice["message"].get("content") or "", choice.get("finish_reason") or "stop",
                          usage.get("prompt_tokens"), usage.get("completion_tokens"), latency, attempts)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        return Completion(None, "error", latency_s=latency, attempts=attempts,
                          error=f"malformed answer ({type(exc).__name__}): {response.text[:300]}")
