"""A tiny randomly initialised Llama and a byte-level BPE tokenizer trained on the test's own text:
the model the training, generation and evaluation tests run on the CPU, with nothing downloaded."""

from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast


def tiny_llama(folder: Path, texts: list[str], vocab_size: int = 400, hidden: int = 64, intermediate: int = 128,
               layers: int = 2, heads: int = 4, max_positions: int = 1024, chat_template: str | None = None,
               added_tokens: tuple[str, ...] = ()) -> Path:
    """Save a seeded random Llama and its tokenizer (specials <s>, </s>, <pad>, then `added_tokens`, each
    one token whatever it holds) to `folder`; returns it."""
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<s>", "</s>", "<pad>"],
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
