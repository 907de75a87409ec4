"""Translation quality estimation: signals computed on each EN->AR output, with no reference translation.

The paper dropped about 10% of its machine translations for residual English; this module measures
that and the other ways a translation goes wrong, and the gate (gate.py) decides on the numbers:

- `language` (fastText lid.176 label and score) and `arabic_letter_share`: is it Arabic at all;
- `residual_english` and `latin_run`: share of Latin-script words and the longest run of them, not
  counting what Arabic medical text keeps in Latin script (units, abbreviations such as HbA1c or
  ALT, anything with a digit, a Latin term in parentheses, capitalised names found in the source,
  and the glossary's keep-as-written terms);
- `length_ratio`: output characters / source characters (cut or runaway outputs);
- `numbers_preserved`, `units_preserved`: share of the source's numbers and units found in the
  output (Arabic-Indic digits and common Arabic unit names count);
- `glossary_adherence`: share of matched glossary terms whose Arabic term the output uses;
- `empty`, `truncated` (a finish reason other than `stop`), `refusal` (the model declined);
- `roundtrip_chrf`, `roundtrip_bleu`: sacrebleu's sentence chrF and BLEU of the back-translation
  against the English source, when one was asked for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from jisr.corpus.generation.templates import Glossary
from jisr.curation.lid import identify
from jisr.curation.scripts import script_signals

_DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)},
                         **{chr(0x06F0 + d): str(d) for d in range(10)}, "٫": ".", "٬": ",", "٪": "%"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Units as written after a number in English, with the Arabic names a translator may use instead.
UNITS: dict[str, tuple[str, ...]] = {
    "mg": ("ملغ", "مغ", "ملغم", "مجم", "مليغرام", "ملليغرام", "ميليغرام"),
    "mcg": ("ميكروغرام", "مكغ", "ميكروجرام"), "µg": ("ميكروغرام", "مكغ"), "μg": ("ميكروغرام", "مكغ"),
    "g": ("غ", "غرام", "جرام", "جم"), "kg": ("كغ", "كجم", "كيلوغرام", "كيلوجرام", "كلغ"),
    "ml": ("مل", "ملل", "مليلتر", "ملليلتر", "ميليلتر"), "l": ("لتر",), "dl": ("دل", "ديسيلتر"),
    "mmol/l": ("مليمول/لتر", "ملمول/لتر"), "mg/dl": ("ملغ/دل", "مغ/دل", "ملغم/دل", "مجم/دل"),
    "iu": ("وحدة دولية",), "units": ("وحدة", "وحدات"), "meq": ("ميلي مكافئ",), "%": ("%",),
    "mmhg": ("ملم زئبق", "مم زئبق", "ملم زئبقي"), "bpm": ("نبضة في الدقيقة",),
    "cm": ("سم", "سنتيمتر"), "mm": ("مم", "ملم", "مليمتر"), "°c": ("درجة مئوية", "°م"),
}
_UNIT_AFTER_NUMBER = re.compile(
    r"\d\s*(" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + r")(?![^\W\d_])", re.IGNORECASE)
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_PARENTHESISED_LATIN = re.compile(r"\((?:[^()\u0600-\u06ff]{1,60})\)")
_REFUSALS = re.compile("|".join([
    r"\bI(?:'m| am) (?:sorry|afraid),? (?:but )?I (?:can(?:no|')t|am unable|won't)",
    r"\bI (?:can(?:no|')t|am unable to|won't) (?:help|assist|provide|translate|comply)",
    r"\bas an AI\b", r"\blanguage model\b",
    r"لا (?:أستطيع|يمكنني) (?:المساعدة|تقديم|الترجمة|ترجمة|مساعدتك)", r"بصفتي (?:نموذج|ذكاء)", r"كنموذج (?:لغوي|ذكاء)",
]), re.IGNORECASE)


@dataclass(frozen=True)
class Signal:
    name: str
    value: float | None
    text: str | None = None


@dataclass(frozen=True)
class Translated:
    """One translated record: its parts (prompt and response, or chat turns) side by side."""

    sources: list[str]
    outputs: list[str]
    finish_reasons: list[str]
    back_translations: list[str] | None = None  # when asked for and every part has one


def numbers(text: str) -> Counter:
    """Numbers in `text` with Western digits, thousands separators dropped ("١٬٠٠٠" and "1,000" -> "1000")."""
    found = _NUMBER.findall(text.translate(_DIGITS))
    return Counter(re.sub(r",(?=\d{3}\b)", "", n).replace(",", ".") for n in found)


def units(text: str) -> set[str]:
    return {m.lower() for m in _UNIT_AFTER_NUMBER.findall(text.translate(_DIGITS))}


def _unit_in(unit: str, output: str) -> bool:
    names = (unit, *UNITS[unit])
    return any(re.search(rf"(?<![^\W\d_]){re.escape(n)}(?![^\W\d_])", output, re.IGNORECASE) for n in names)


def refusal_phrase(output: str, source: str = "") -> str | None:
    """The phrase by which `output` declines the task, unless `source` already says it (a text about refusals)."""
    found = _REFUSALS.search(output)
    return found.group(0) if found and not _REFUSALS.search(source) else None


def residual_latin(output: str, source: str, keep_terms: set[str]) -> str:
    """`output` less the Latin-script words Arabic medical text legitimately keeps (see module doc)."""
    names = {w for w in re.findall(r"\b[A-Z][a-z]+\b", source)}
    kept = []
    for token in _PARENTHESISED_LATIN.sub(" ", output).split():
        core = token.strip(".,;:!?()[]\"'«»،؛؟")
        legit = _LATIN.search(core) and (any(ch.isdigit() for ch in core) or sum(ch.isupper() for ch in core) >= 2
                                         or core.lower() in UNITS or core.lower() in keep_terms or core in names)
        if not legit:
            kept.append(token)
    return " ".join(kept)


def _share(found: int, total: int) -> float | None:
    return found / total if total else None


def translation_signals(items: list[Translated], glossary: Glossary | None = None) -> list[list[Signal]]:
    """The signals of each translated record (script statistics are computed for all of them at once)."""
    keep = glossary.keep_terms if glossary else set()
    joined = [("\n\n".join(i.sources), "\n\n".join(i.outputs)) for i in items]
    texts = pl.DataFrame({"output": [o for _, o in joined],
                          "residual": [residual_latin(o, s, keep) for s, o in joined]}, schema={"output": pl.String,
                                                                                              "residual": pl.String})
    scripts = texts.select(script_signals(pl.col("output")).alias("output"),
                           script_signals(pl.col("residual")).alias("residual")).to_dicts()
    return [_signals(item, source, output, residual, stats, glossary)
            for item, (source, output), residual, stats in zip(items, joined, texts["residual"], scripts)]


def _signals(item: Translated, source: str, output: str, residual: str, stats: dict,
             glossary: Glossary | None) -> list[Signal]:
    signals = [
        Signal("empty", float(any(s.strip() and not o.strip() for s, o in zip(item.sources, item.outputs)))),
        Signal("truncated", float(any(r != "stop" for r in item.finish_reasons)),
               ",".join(sorted(set(item.finish_reasons)))),
    ]
    refusal = refusal_phrase(output, source)
    signals.append(Signal("refusal", float(refusal is not None), refusal))
    language, score = identify(output)
    signals.append(Signal("language", round(score, 4), language))
    signals.append(Signal("arabic_letter_share", stats["output"]["arabic_letter_share"]))
    latin_words = [w for w in residual.split() if _LATIN.search(w)]
    signals.append(Signal("residual_english", stats["residual"]["latin_word_share"],
                          " ".join(latin_words[:12]) or None))
    signals.append(Signal("latin_run", float(stats["residual"]["longest_latin_run"])))
    source_chars = len("".join(source.split()))
    output_chars = len("".join(output.split()))
    signals.append(Signal("length_ratio", round(output_chars / source_chars, 4) if source_chars else None))
    wanted, got = numbers(source), numbers(output)
    missing = wanted - got
    total = sum(wanted.values())
    signals.append(Signal("numbers_preserved", _share(total - sum(missing.values()), total),
                          " ".join(sorted(missing)) or None))
    source_units = units(source)
    lost = sorted(u for u in source_units if not _unit_in(u, output.translate(_DIGITS)))
    signals.append(Signal("units_preserved", _share(len(source_units) - len(lost), len(source_units)),
                          " ".join(lost) or None))
    if glossary:
        matched = {en: ar for en, ar in glossary.matches(source).items() if ar}
        signals.append(Signal("glossary_adherence", _share(sum(ar in output for ar in matched.values()), len(matched))))
    if item.back_translations is not None:
        import sacrebleu

        back = "\n\n".join(item.back_translations)
        signals.append(Signal("roundtrip_chrf", round(sacrebleu.sentence_chrf(back, [source]).score, 2)))
        signals.append(Signal("roundtrip_bleu", round(sacrebleu.sentence_bleu(back, [source]).score, 2)))
    return [s for s in signals if s.value is not None]
