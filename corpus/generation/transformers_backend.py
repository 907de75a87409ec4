"""Local generation with `transformers` (CPU or GPU): small models, tests, and machines without vLLM.

Prompts are rendered with the model tokenizer's own chat template and generated in batches,
longest first and left-padded, so a batch wastes little on padding; each batch is yielded as soon
as it is done. A call ends with `stop` if the model emitted an end-of-sequence token within
`max_new_tokens`, else with `length`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator

from jisr.corpus.generation.backends import BACKENDS, Backend, Completion, Messages, Sampling
from jisr.errors import InputError


@BACKENDS.register("transformers")
class TransformersBackend(Backend):
    default_concurrency = 8

    @dataclass(frozen=True)
    class Params:
        concurrency: int | None = None  # prompts per batch

    def __init__(self, model: str, params: Params = Params()):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging

        logging.disable_progress_bar()  # jisr's own bar reports progress; a second one from loading would garble it
        self.model = model
        self.batch_size = params.concurrency or self.default_concurrency
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            self.lm = AutoModelForCausalLM.from_pretrained(model, dtype="auto")
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot load model '{model}' with transformers: {str(exc).splitlines()[0]}") from exc
        if not self.tokenizer.chat_template:
            raise InputError(f"model '{model}': its tokenizer has no chat template, so prompts cannot be rendered")
        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.lm.to(self.device).eval()
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        eos = self.lm.generation_config.eos_token_id
        self.eos_ids = {*(eos if isinstance(eos, list) else [eos]), self.tokenizer.eos_token_id} - {None}

    def generate(self, conversations: list[Messages], sampling: Sampling) -> Iterator[tuple[int, Completion]]:
        import torch

        # The template already holds the special tokens (BOS...) it wants, so none are added again.
        prompts = [self.tokenizer.apply_chat_template(c, add_generation_prompt=True, tokenize=False)
                   for c in conversations]
        lengths = [len(self.tokenizer(p, add_special_tokens=False).input_ids) for p in prompts]
        order = sorted(range(len(prompts)), key=lambda i: -lengths[i])
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            inputs = self.tokenizer([prompts[i] for i in batch], return_tensors="pt", padding=True,
                                    add_special_tokens=False).to(self.device)
            sample = {"do_sample": True, "temperature": sampling.temperature, "top_p": sampling.top_p} \
                if sampling.temperature > 0 else {"do_sample": False}
            torch.manual_seed(sampling.seed)
            began = time.perf_counter()
            with torch.inference_mode():
                output = self.lm.generate(**inputs, max_new_tokens=sampling.max_new_tokens,
                                          pad_token_id=self.tokenizer.pad_token_id, **sample)
            latency = time.perf_counter() - began
            new_tokens = output[:, inputs.input_ids.shape[1]:].tolist()
            for i, ids in zip(batch, new_tokens):
                yield i, self._completion(ids, lengths[i], latency)

    def _completion(self, ids: list[int], prompt_tokens: int, latency: float) -> Completion:
        end = next((n for n, token in enumerate(ids) if token in self.eos_ids), None)
        kept = ids if end is None else ids[:end]
        return Completion(self.tokenizer.decode(kept, skip_special_tokens=True),
                          "length" if end is None else "stop", prompt_tokens,
                          len(ids) if end is None else end + 1, latency)

    def close(self) -> None:
        del self.lm
