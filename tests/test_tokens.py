"""Exact token counts: anchors, equality with Hugging Face `tokenizers`, HF-loaded counters, errors."""

import os
import subprocess
import sys
import unicodedata

import pytest
import quicktok
from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers

from hf_reference import PUBLISHED, reference_tokenizer
from jisr.curation.tokens import build_encoding, get_counter
from jisr.errors import InputError

SENTENCES = [
    "Hello world",
    "الديناميكية",
    " الديناميكية الدوائية للميتفورمين تقلل إنتاج الغلوكوز في الكبد.",
    "يُعَدُّ داءُ السُّكَّرِيِّ مِنْ أَكْثَرِ الأَمْرَاضِ المُزْمِنَةِ انْتِشَارًا.",
    "ضغط الدم ١٢٠/٨٠ ملم زئبق، والنبض ٧٢ نبضة في الدقيقة، والحرارة ٣٨٫٥ درجة.",
    "Extended Arabic-Indic ۱۲۳۴۵ and ASCII 1234567 mg/dL",
    "Fullwidth digits: جرعة １０ ملغ كل ２０ دقيقة",  # Qwen has "１０" as one token but splits digits singly
    "The patient (مريض) received 500 mg من الباراسيتامول every 6h، ثم IV ceftriaxone.",
    "Fever 🤒 and cough 😷: see a doctor 👩‍⚕️🩺 فوراً ❤️",
    "  two  spaces\t\ttabs   and trailing   ",
    "Line one\nLine two\r\n\r\nسطر ثالث\n\n\n   \n",
    "HbA1c ≥ 6.5% indicates diabetes; LDL-C < 100 mg/dL (2.6 mmol/L).",
    "It's the patient's BP; they'll RE-CHECK it, DON'T they?",
    "شد\u0651\u064eة و\u0627\u0654سرة و\u0627\u0655نسولين",  # shadda before fatha, combining hamza: NFC changes them
    "cafe\u0301 re\u0301sume\u0301 and Zu\u0308rich clinic",
    "ﻻ ﷲ ﷺ الطـــب",  # presentation forms and tatweel
    "\u200fكلمة\u200cكلمة\u200e RTL/LTR marks and ZWNJ",
    "Arabic-English code switching: التهاب الزائدة الدودية (appendicitis) requires appendectomy.",
    "",
]


@pytest.fixture(scope="module", params=sorted(PUBLISHED))
def model(request):
    """(name, our encoding, reference HF tokenizer) per built-in model; built once per module."""
    name = request.param
    return name, build_encoding(name), reference_tokenizer(name)


@pytest.mark.parametrize(("name", "ids"), [("llama3", [9906, 1917]), ("qwen2.5", [9707, 1879])])
def test_anchor_ids(name, ids):
    assert build_encoding(name).encode_ordinary("Hello world") == ids
    assert get_counter(name).count(["Hello world"]) == [2]


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_rank_table_is_complete(name):
    """Ranks are exactly 0..n-1 (no holes, no duplicate bytes) and cover every single byte."""
    ranks = build_encoding(name)._mergeable_ranks
    assert sorted(ranks.values()) == list(range(PUBLISHED[name]["n_ranks"]))
    assert {token for token in ranks if len(token) == 1} == {bytes([b]) for b in range(256)}


def test_same_ids_as_hf_tokenizers(model):
    name, encoding, reference = model
    expected = [reference.encode(text, add_special_tokens=False).ids for text in SENTENCES]
    normalise = (lambda t: unicodedata.normalize("NFC", t)) if PUBLISHED[name]["nfc"] else (lambda t: t)
    assert [encoding.encode_ordinary(normalise(text)) for text in SENTENCES] == expected
    assert get_counter(name).count(SENTENCES) == [len(ids) for ids in expected]


def test_qwen_counts_are_nfc_normalised():
    """The NFC sentences really change Qwen's counts, so the equality above covers normalisation."""
    raw = [len(ids) for ids in build_encoding("qwen2.5").encode_ordinary_batch(SENTENCES)]
    assert get_counter("qwen2.5").count(SENTENCES) != raw


def test_report_quicktok_encoder_mismatches(model, capsys):
    """Reported, not asserted: how often quicktok's own encoder disagrees with the reference."""
    name, _, reference = model
    expected = [len(reference.encode(text, add_special_tokens=False).ids) for text in SENTENCES]
    theirs = [len(quicktok.get_encoding(name).encode(text)) for text in SENTENCES]
    differing = [text for text, a, b in zip(SENTENCES, expected, theirs) if a != b]
    with capsys.disabled():
        print(f"\nquicktok {name}: {len(differing)}/{len(SENTENCES)} sentences counted differently: {differing!r}")


@pytest.mark.parametrize("alias", ["llama3", "LLaMA-3"])
def test_aliases_share_one_cached_counter(alias):
    counter = get_counter(alias)
    assert counter is get_counter("llama3")
    assert (counter.name, counter.exact) == ("llama3", True)
    assert get_counter("qwen").name == get_counter("qwen2").name == "qwen2.5"


@pytest.mark.parametrize("name", ["llama3", "qwen2.5"])
def test_empty_string_counts_zero(name):
    assert get_counter(name).count(["", "a", ""]) == [0, 1, 0]
    assert get_counter(name).count([]) == []


def test_local_tokenizer_json(tmp_path):
    """A tokenizer.json (file or folder) counts like its own encode without special tokens."""
    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=["[UNK]", "<s>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tokenizer.train_from_iterator(SENTENCES * 5, trainer)
    tokenizer.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 1)])
    texts = SENTENCES + ["مريض جديد bronchitis التهاب الشعب الهوائية"]
    expected = [len(tokenizer.encode(text, add_special_tokens=False).ids) for text in texts]
    assert tokenizer.encode("Hello world").ids[0] == 1  # the BOS that counts must leave out
    tokenizer.enable_truncation(max_length=4)  # saved settings that must not cut counts short
    tokenizer.save(str(tmp_path / "tokenizer.json"))

    assert max(expected) > 4 and expected[-2] == 0
    assert get_counter(str(tmp_path / "tokenizer.json")).count(texts) == expected
    assert get_counter(str(tmp_path)).count(texts) == expected


def test_unloadable_names_raise_naming_the_tokenizer(tmp_path):
    # an invalid hub id; a folder without tokenizer.json; a typo, refused without a hub lookup
    for name in ["no/such/tokenizer", str(tmp_path), "llama4"]:
        with pytest.raises(InputError, match="tokenizer") as raised:
            get_counter(name)
        assert name in str(raised.value) and "\n" not in str(raised.value)


def test_unreachable_hub_id_raises_naming_the_tokenizer():
    """A well-formed hub id that cannot be fetched (offline mode, so no 20 s of network retries)."""
    code = (
        "from jisr.curation.tokens import get_counter\nfrom jisr.errors import InputError\n"
        "try:\n    get_counter('jisr-tests/no-such-tokenizer')\n"
        "except InputError as err:\n    print(err)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert "'jisr-tests/no-such-tokenizer'" in result.stdout, result.stderr
