"""An independent reference for exact token counts: HF `tokenizers` byte-level BPE rebuilt from the
published ranks and split patterns, as transformers' TikTokenConverter does. Tests compare jisr's
counts with it."""

from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

from jisr.curation.tokens import build_encoding

# Split patterns as published in the models' tokenizer.json files (typed here, not taken from quicktok).
PUBLISHED = {
    "llama3": {
        "pattern": r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
        "nfc": False,
        "ignore_merges": True,
        "n_ranks": 128000,
    },
    "qwen2.5": {
        "pattern": r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
        "nfc": True,
        "ignore_merges": False,
        "n_ranks": 151643,
    },
}

def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte-to-unicode map, used by byte-level BPE vocabularies."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def _hf_from_ranks(ranks: dict[bytes, int], pattern: str, nfc: bool, ignore_merges: bool) -> Tokenizer:
    """A `tokenizers` byte-level BPE built from tiktoken ranks the way transformers' TikTokenConverter does."""
    byte_to_char = _bytes_to_unicode()

    def as_str(token: bytes) -> str:
        return "".join(byte_to_char[b] for b in token)

    merges = []
    for token, rank in ranks.items():
        splits = [(token[:i], token[i:], rank) for i in range(1, len(token))]
        splits = [split for split in splits if split[0] in ranks and split[1] in ranks]
        merges.extend(sorted(splits, key=lambda m: (ranks[m[0]], ranks[m[1]])))
    merges.sort(key=lambda m: m[2])
    bpe = models.BPE(
        vocab={as_str(token): rank for token, rank in ranks.items()},
        merges=[(as_str(left), as_str(right)) for left, right, _ in merges],
        ignore_merges=ignore_merges,
    )
    tokenizer = Tokenizer(bpe)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    if nfc:
        tokenizer.normalizer = normalizers.NFC()
    return tokenizer


def reference_tokenizer(name: str) -> Tokenizer:
    """The HF reference for a built-in tokenizer (`llama3`, `qwen2.5`)."""
    spec = PUBLISHED[name]
    return _hf_from_ranks(build_encoding(name)._mergeable_ranks, spec["pattern"], spec["nfc"], spec["ignore_merges"])
