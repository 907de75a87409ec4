"""A tiny randomly initialised Llama and a byte-level BPE tokenizer, built on this machine in seconds.

A first day offline has no hub model to train or score. `jisr tiny-model PATH` writes one to a folder:
a 2-layer Llama (about 0.1 M parameters) whose tokenizer is trained on the bundled sample corpus and
sample eval sets, so `jisr train`, `jisr eval`, `jisr sweep` and `jisr report` all run on a CPU with
no network. Its weights are random (seeded): its scores are chance, and what it shows is that every
step works. The test suite builds its models with the same function.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jisr.errors import InputError

SPECIALS = ["<s>", "</s>", "<pad>"]


def sample_texts() -> list[str]:
    """Every line of the bundled sample corpus (CSV and JSON Lines) and sample eval sets: English and Arabic."""
    folders = [resources.files("jisr.corpus") / "sample", resources.files("jisr.evaluation") / "sample"]
    return [line for folder in folders for path in sorted(Path(str(folder)).iterdir())
            if path.suffix in (".csv", ".jsonl") for line in path.read_text(encoding="utf-8").splitlines()]


def tiny_llama(folder: Path, texts: list[str], vocab_size: int = 400, hidden: int = 64, intermediate: int = 128,
               layers: int = 2, heads: int = 4, max_positions: int = 1024, chat_template: str | None = None,
               added_tokens: tuple[str, ...] = ()) -> Path:
    """Save a seeded random Llama and its tokenizer (specials <s>, </s>, <pad>, then `added_tokens`, each
    one token whatever it holds) to `folder`; returns it."""
    try:
        import torch
        from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
        from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    except ImportError as exc:
        raise InputError(f"a tiny model needs the `train` extra ({exc.name} is missing): "
                         "pip install -e '.[train]'") from exc

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS, show_progress=False,
                                                       initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token="<s>", eos_token="</s>", pad_token="<pad>")
    tokenizer.add_tokens(list(added_tokens))
    if chat_template:
        tokenizer.chat_template = chat_template
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=intermediate, num_hidden_layers=layers,
        num_attention_heads=heads, num_key_value_heads=heads, max_position_embeddings=max_positions,
        tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
