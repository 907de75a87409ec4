"""What the generation tests share: a real `transformers serve` process, and a tiny model whose answer
is known in advance.

A randomly initialised model writes noise (greedy decoding repeats one token until max_new_tokens),
so everything it answers is cut and dropped, and the later stages of a task (a judge, a retry) are
never reached through it. `fixed_reply_llama` is the same tiny Llama with its weights set so that
it answers `text` and stops, whatever the prompt and at any temperature jisr uses: a real model,
run by real transformers and served by a real server, whose output the test can predict.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import torch
from transformers import AutoTokenizer, LlamaForCausalLM

from ports import free_port
from tiny_models import tiny_llama

# A chat template whose generation prompt ends with <s>: the model below continues from that token alone.
FIXED_REPLY_TEMPLATE = "{% for m in messages %}<s>{{ m['role'] }}\n{{ m['content'] }}</s>\n{% endfor %}" \
                       "{% if add_generation_prompt %}<s>{% endif %}"


@contextlib.contextmanager
def serve(model: Path, log: Path, start_timeout_s: float = 90) -> Iterator[str]:
    """`transformers serve MODEL` on a free port, on the CPU; yields its base URL (…/v1). Its output goes
    to `log`, where each answered chat completion is a line (see `answered`)."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "transformers"), "serve", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--device", "cpu"]
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "OMP_NUM_THREADS": "1"})
    try:
        deadline = time.time() + start_timeout_s
        while time.time() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"transformers serve exited:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"transformers serve did not start in {start_timeout_s:.0f} s:\n{log.read_text()}")
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(timeout=30)


def answered(log: Path) -> int:
    """Chat completions the server behind `log` has answered so far."""
    return log.read_text().count('"POST /v1/chat/completions HTTP/1.1" 200')


# The same, except that a judge's prompt (its system message asks for JSON) ends with <judge> instead.
JUDGING_TEMPLATE = "{% for m in messages %}<s>{{ m['role'] }}\n{{ m['content'] }}</s>\n{% endfor %}" \
                   "{% if add_generation_prompt %}{% if 'JSON' in messages[0]['content'] %}<judge>{% else %}<s>" \
                   "{% endif %}{% endif %}"


def fixed_reply_llama(folder: Path, text: str, texts: list[str], judge_reply: str | None = None) -> Path:
    """A tiny Llama (tokenizer trained on `texts` and `text`) that answers exactly `text`, then </s>;
    with `judge_reply`, it answers that instead to a judge's prompt (JUDGING_TEMPLATE).

    Attention and MLP outputs are zeroed, so the last hidden state is the normalised embedding of the
    current token and the next token depends on that token alone; the (untied) output layer then maps
    <s> (where the chat template's generation prompt ends) to the first token of `text`, each token
    of `text` to the next, and the last to </s>, with a margin of tens of nats over any other token.
    A judge's reply (a JSON object, whose keys repeat) is one added token, so <judge> maps to it and it
    to </s>.
    """
    added = ("<judge>", judge_reply) if judge_reply else ()
    tiny_llama(folder, texts + [text] * 50, vocab_size=800, hidden=64, intermediate=64, layers=1, heads=2,
               max_positions=4096, chat_template=JUDGING_TEMPLATE if judge_reply else FIXED_REPLY_TEMPLATE,
               added_tokens=added)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    chains = [[tokenizer.bos_token_id, *tokenizer(text, add_special_tokens=False).input_ids, tokenizer.eos_token_id]]
    if judge_reply:
        chains.append([*tokenizer.convert_tokens_to_ids(list(added)), tokenizer.eos_token_id])
    steps = [token for chain in chains for token in chain[:-1]]
    if len(set(steps)) != len(steps):
        raise ValueError(f"{text!r}: a token repeats, so the next token cannot depend on the current one alone")
    model = LlamaForCausalLM.from_pretrained(folder)
    with torch.no_grad():
        for layer in model.model.layers:
            layer.self_attn.o_proj.weight.zero_()
            layer.mlp.down_proj.weight.zero_()
        embeddings = model.model.embed_tokens.weight
        unit = embeddings / embeddings.norm(dim=1, keepdim=True)
        head = torch.zeros_like(embeddings)
        for chain in chains:
            for current, following in zip(chain, chain[1:]):
                head[following] += 8 * unit[current]  # logit 8 * sqrt(hidden) = 64 for the next token, ~0 elsewhere
    model.config.tie_word_embeddings = False
    model.lm_head.weight = torch.nn.Parameter(head)
    model.save_pretrained(folder)
    return folder
