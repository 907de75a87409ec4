#!/usr/bin/env python3
"""Write jisr's bundled sample corpus (``corpus/sample/``) from hand-written content banks.

Why this exists
---------------
``jisr build`` has to be exercised end to end -- ingest, quarantine of malformed rows, exact and
near-duplicate detection, residual English inside Arabic answers, empty answers -- on a fresh clone,
offline, in seconds.  Real datasets are too big, need the network, and carry their own licences, so
this script writes small files *shaped like* the public sources jisr ingests:

* ``ahqad_sample.csv``            AHQAD (Arabic health Q&A, pandas CSV with an unnamed index column)
* ``cidar_sample.jsonl``          CIDAR (Arabic instructions)
* ``med42_alpaca_sample.jsonl``   alpaca-style English medical instructions (as in Med42-v2's public mix)
* ``med42_chat_sample.jsonl``     English chat ``messages`` (as in Med42-v2's public mix)
* ``medmcqa_sample.parquet``      MedMCQA multiple choice
* ``medqa_sample.jsonl``          MedQA (USMLE) vignettes
* ``clinic_export_sample.csv``    a (fictional) clinic's own Q&A export, for the column-mapping adapter

Every question, answer, vignette and exam item below was written for this project; nothing is
copied from the real datasets.  Records are assembled from content banks (patient personas,
durations, symptom phrasings, answer sentences) so that they read like varied forum posts rather
than boilerplate.  Defects are planted at known rows, and the script records exactly which rows
carry which defect, in ``planted.json`` (machine-readable) and in the README's table, computed from
the same bookkeeping that placed them -- so the documentation cannot drift from the data.

Determinism: everything derives from ``random.Random(2501)``; no set or hash order reaches the
output, and Parquet is written without timestamps, so re-running gives byte-identical files.

Guarantees (checked by ``verify`` on the bytes before anything is written):

* rows are numbered as jisr's readers number them: CSV data row 1 is the first line after the
  header, JSONL line 1 is the first line, Parquet row 1 is the first row;
* unplanted records are pairwise distinct: Jaccard similarity of normalised character 5-grams and
  of word 3-grams stays below ``SIM_LIMIT`` (across all files of a language), so any near duplicate a
  detector reports should be a planted one; unplanted Arabic questions also stay below
  ``QUESTION_SIM_LIMIT`` when compared on their own;
* planted near duplicates differ from their original in the bytes but have character 5-gram
  similarity of at least ``NEAR_MIN`` after normalisation;
* unplanted Arabic answers contain at most 2 consecutive Latin-script words (drug names, "HbA1c");
  planted residual-English answers contain a run of at least 4;
* each file stays under 300 KB.

Usage (from the repository root)::

    python scripts/make_sample_data.py            # write corpus/sample/
    python scripts/make_sample_data.py --check    # exit 1 if corpus/sample/ differs from a fresh build
    python scripts/make_sample_data.py --out DIR  # write elsewhere
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import sys
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

SEED = 2501
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "corpus" / "sample"

MAX_FILE_BYTES = 300_000
SIM_LIMIT = 0.5            # unplanted records: Jaccard on char 5-grams and on word 3-grams stays below
QUESTION_SIM_LIMIT = 0.75  # unplanted Arabic questions compared on their own stay below
NEAR_MIN = 0.8             # planted near duplicates: normalised char 5-gram Jaccard at least this

AHQAD = "ahqad_sample.csv"
CIDAR = "cidar_sample.jsonl"
ALPACA = "med42_alpaca_sample.jsonl"
CHAT = "med42_chat_sample.jsonl"
MEDMCQA = "medmcqa_sample.parquet"
MEDQA = "medqa_sample.jsonl"
CLINIC = "clinic_export_sample.csv"

# Target sizes (rows or lines, planted rows included).
N_AHQAD, N_CIDAR, N_ALPACA, N_CHAT, N_MEDMCQA, N_MEDQA, N_CLINIC = 300, 200, 200, 100, 150, 100, 60


# =============================================================================================
# Text utilities: normalisation, shingles, similarity, Latin-script runs, Arabic numerals
# =============================================================================================

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_TO_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_TO_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LATIN_WORD = re.compile(r"^[^\w]*[A-Za-z][A-Za-z0-9'’.\-/]*[^\w]*$")


def light_norm(text: str) -> str:
    """NFKC, lower case, collapsed whitespace: what 'the same bytes, give or take spacing' means."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def full_norm(text: str) -> str:
    """Aggressive normalisation: no diacritics or tatweel, folded alef/ya/ta marbuta, ASCII digits, no punctuation."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DIACRITICS.sub("", text).translate(_FOLD).translate(_TO_ASCII_DIGITS)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def char_grams(text: str, n: int = 5) -> frozenset[str]:
    if not text:
        return frozenset()
    return frozenset(text[i:i + n] for i in range(max(len(text) - n + 1, 1)))


def word_grams(text: str, n: int = 3) -> frozenset[str]:
    words = text.split()
    if len(words) < n:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class Fingerprint:
    chars: frozenset[str]
    words: frozenset[str]


def fingerprint(text: str) -> Fingerprint:
    norm = full_norm(text)
    return Fingerprint(char_grams(norm), word_grams(norm))


def similarity(a: Fingerprint, b: Fingerprint, floor: float = 0.0) -> float:
    """max(char 5-gram Jaccard, word 3-gram Jaccard); pairs that provably stay below `floor` return 0."""
    best = 0.0
    for x, y in ((a.chars, b.chars), (a.words, b.words)):
        small, large = sorted((len(x), len(y)))
        if not small or small / large < max(floor, best):
            continue  # Jaccard can be at most |small| / |large|
        best = max(best, jaccard(x, y))
    return best


def latin_run(text: str) -> int:
    """Longest run of consecutive Latin-script words (residual English shows up as long runs)."""
    best = run = 0
    for token in text.split():
        if _LATIN_WORD.match(token):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def ar_digits(value: int | str, rng: random.Random, p: float = 0.55) -> str:
    """A number written with Arabic-Indic digits (٠-٩) with probability p, else with ASCII digits."""
    text = str(value)
    return text.translate(_TO_ARABIC_DIGITS) if rng.random() < p else text


_ALTERNATIVES = re.compile(r"\[([^\[\]]+)\]")


def pick_alternatives(text: str, rng: random.Random) -> str:
    """Resolve inline alternatives written as [a|b|c] in the content banks."""
    return _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), text)


class DistinctnessGuard:
    """Admits a record only if it is not similar to any record admitted before (same language)."""

    def __init__(self, limit: float):
        self.limit = limit
        self.items: list[Fingerprint] = []

    def check(self, text: str) -> Fingerprint | None:
        """The record's fingerprint if it is distinct from everything admitted so far, else None."""
        fp = fingerprint(text)
        for other in self.items:
            if similarity(fp, other, floor=self.limit) >= self.limit:
                return None
        return fp

    def add(self, fp: Fingerprint) -> None:
        self.items.append(fp)

    def admit(self, text: str) -> bool:
        fp = self.check(text)
        if fp is not None:
            self.add(fp)
        return fp is not None


# =============================================================================================
# Rows and planted-case bookkeeping
# =============================================================================================

@dataclass(eq=False)
class Row:
    """One row/line of an output file. `case` names the planted defect (None for a clean row)."""

    data: Any
    case: str | None = None
    ref: "Row | None" = None                      # the original, for duplicates
    detail: dict[str, Any] = field(default_factory=dict)
    quarantine: tuple[str, str] | None = None      # (field, reason) jisr's ingest should report
    note: str = ""                                 # human-readable description for the README
    raw: Callable[["Row", int], str] | None = None  # renders a deliberately malformed line
    taken: bool = False                            # internal: already used as an original or a case
    key: str = ""                                  # internal: which content-bank entry it came from


def choose(rng: random.Random, rows: list[Row], k: int, pred: Callable[[Row], bool] = lambda r: True,
           span: tuple[float, float] = (0.0, 1.0)) -> list[Row]:
    """k untouched rows from the given fraction of the file, one from each of k equal stretches (spread out)."""
    lo, hi = int(span[0] * len(rows)), int(span[1] * len(rows))
    pool = [r for r in rows[lo:hi] if r.case is None and not r.taken and pred(r)]
    if len(pool) < k:
        raise RuntimeError(f"only {len(pool)} candidate rows for {k} planted cases")
    picked = [rng.choice(pool[i * len(pool) // k:(i + 1) * len(pool) // k]) for i in range(k)]
    for row in picked:
        row.taken = True
    return sorted(picked, key=rows.index)


def plant_roles(rng: random.Random, rows: list[Row], roles: list[Callable[[Row], None]],
                pred: Callable[[Row], bool] = lambda r: True) -> None:
    """Pick one spread-out row per role (see `choose`) and apply the roles to them in random order."""
    roles = list(roles)
    rng.shuffle(roles)
    for row, role in zip(choose(rng, rows, len(roles), pred), roles):
        role(row)


def place_after(rows: list[Row], row: Row, rng: random.Random, min_gap: int = 3) -> None:
    """Insert a derived row (a duplicate) somewhere after its original."""
    start = min(rows.index(row.ref) + 1 + min_gap, len(rows))
    rows.insert(rng.randint(start, len(rows)), row)


def place_anywhere(rows: list[Row], row: Row, rng: random.Random) -> None:
    rows.insert(rng.randint(1, len(rows) - 1), row)


def planted_summary(rows: list[Row]) -> dict[str, Any]:
    """cases: row numbers per planted case; quarantine: what ingest should report; notes: descriptions."""
    number = {id(r): n for n, r in enumerate(rows, start=1)}
    cases: dict[str, list[Any]] = {}
    quarantine: list[dict[str, Any]] = []
    notes: dict[str, str] = {}
    for n, row in enumerate(rows, start=1):
        if row.case is None:
            continue
        if row.case == "exact_duplicate":
            entry: Any = {"row": n, "duplicate_of": number[id(row.ref)]}
        elif row.case == "near_duplicate":
            entry = {"row": n, "original": number[id(row.ref)], **row.detail}
        else:
            entry = n
        cases.setdefault(row.case, []).append(entry)
        if row.quarantine:
            quarantine.append({"row": n, "field": row.quarantine[0], "reason": row.quarantine[1]})
        notes[str(n)] = row.note.replace("{ref}", str(number[id(row.ref)])) if row.ref else row.note
    planted_rows = sum(len(v) for v in cases.values())
    return {"rows": len(rows), "planted_rows": planted_rows, "clean_rows": len(rows) - planted_rows,
            "cases": dict(sorted(cases.items())), "quarantine": quarantine, "notes": notes}


def case_rows(summary: dict[str, Any], case: str) -> list[int]:
    return [e if isinstance(e, int) else e["row"] for e in summary["cases"].get(case, [])]


# =============================================================================================
# Content bank 1: Arabic patient questions and doctor answers (AHQAD-shaped)
# =============================================================================================
#
# A topic holds several question stems; each stem has its own answer sentences (specific to what
# that patient asked) and the topic has a few shared sentences that fit every stem.  Slots:
#   {P}   adult persona ("أنا امرأة عمري ٣٤ سنة، ")      {dur}  a duration ("منذ ثلاثة أيام")
#   {C}   child noun (ابني/ابنتي...)  {h} his/her suffix  {t} verb prefix  {pt} past-tense suffix
#   {CAGE}/{MAGE} child age in years/months, plus {bp} {ldl} {temp} {kg} {a1c} {fbs} {low} {gw}
#   {oldage} {yrs} {count}.  [a|b] picks one alternative.

@dataclass(frozen=True)
class Stem:
    text: str
    answers: tuple[str, ...]
    sex: str | None = None                 # "M"/"F": restricts the persona
    ages: tuple[int, int] | None = None    # overrides the topic's age range (months if {MAGE})
    shared: bool = True                    # whether the topic's shared sentences fit this stem


@dataclass(frozen=True)
class Topic:
    key: str
    sex: str                  # persona sexes to draw from: "MF", "F" or "M"
    ages: tuple[int, int]
    dur: str                  # duration kind: acute / subacute / chronic
    shared: tuple[str, ...]
    stems: tuple[Stem, ...]


def S(text: str, *answers: str, sex: str | None = None, ages: tuple[int, int] | None = None,
      shared: bool = True) -> Stem:
    return Stem(text, answers, sex, ages, shared)


def T(key: str, sex: str, ages: tuple[int, int], dur: str, shared: tuple[str, ...], *stems: Stem) -> Topic:
    return Topic(key, sex, ages, dur, shared, stems)


AR_TOPICS: dict[str, list[Topic]] = {
    "أمراض القلب": [
        T("palpitations", "MF", (19, 55), "subacute", (
            "حاول تقليل القهوة والشاي ومشروبات الطاقة، والتزم بنوم منتظم، فكثير من حالات الخفقان تتحسن بذلك وحده.",
            "وإذا صاحب الخفقانَ إغماءٌ أو ألم في الصدر أو ضيق شديد في التنفس فتوجّه إلى الطوارئ فورًا.",
        ),
          S("{P}[أشعر|أحس] بخفقان وضربات قلب سريعة {dur}، تأتيني فجأة وتختفي وحدها، خاصة بعد [شرب القهوة|القهوة الصباحية]. هل هذا طبيعي؟",
            "الخفقان العابر شائع جدًا، وكثيرًا ما يكون سببه انقباضات إضافية حميدة يزيدها الكافيين والتوتر وقلة النوم.",
            "النوبات التي تبدأ وتنتهي فجأة قد تكون أيضًا من نوع تسرّع القلب فوق البطيني، وهو غير خطير غالبًا لكنه يحتاج إلى تشخيص.",
            "أنصحك بإجراء تخطيط للقلب وفحص دم يشمل الهيموغلوبين ووظائف الغدة الدرقية، لأن فقر الدم وفرط نشاط الغدة من الأسباب المعروفة."),
          S("{P}عندي دقات قلب سريعة ومرات أحس إن قلبي [بيوقف|يوقف] ثانية ويرجع، وهذا {dur}. عملت تخطيط قلب وطلع سليم، [فما السبب|فإيش السبب]؟",
            "الإحساس بتوقف القلب لحظة ثم عودته بقوة هو الوصف المعتاد للانقباضات الإضافية، وهي شائعة حتى لدى الأصحاء.",
            "تخطيط القلب السليم في العيادة لا ينفي وجود اضطراب يظهر على فترات، لذا قد يطلب الطبيب جهاز هولتر لمدة ٢٤ إلى ٤٨ ساعة لتسجيل النبض أثناء الأعراض.",
            "إذا كانت الانقباضات متكررة جدًا فقد يُجرى تصوير للقلب بالموجات فوق الصوتية للاطمئنان على سلامة العضلة والصمامات."),
          S("{P}كل ما [أتوتر|أتضايق] أو أطلع الدرج أحس بنبضات قوية في صدري ورقبتي {dur}. هل أحتاج [فحوصات|تحاليل]؟",
            "الشعور بالنبض أثناء المجهود أو التوتر أمر طبيعي في أغلب الأحيان، لأن القلب يسرع ليلبي حاجة الجسم.",
            "لكن إذا ظهرت النبضات مع مجهود بسيط لم يكن يتعبك سابقًا، فمن المهم فحص الهيموغلوبين ووظيفة الغدة الدرقية وقياس الضغط.",
            "يمكن أن تساعد تمارين التنفس البطيء والرياضة المنتظمة على تخفيف الإحساس بالخفقان المرتبط بالقلق."),
          ),
        T("hypertension", "MF", (35, 68), "subacute", (
            "تقليل الملح إلى أقل من ٥ غرامات يوميًا، وإنقاص الوزن الزائد، والمشي ٣٠ دقيقة في معظم أيام الأسبوع، كلها تخفض الضغط بشكل ملموس.",
            "ارتفاع الضغط غير المعالج يزيد خطر الجلطات الدماغية والنوبات القلبية والفشل الكلوي، لذلك يحتاج إلى متابعة منتظمة حتى في غياب الأعراض.",
        ),
          S("{P}قست ضغطي في الصيدلية وكان {bp}، وأعاني {dur} من صداع في [مؤخرة الرأس|خلف الرأس]. هل هذا يعني أني مريض ضغط؟",
            "قراءة واحدة مرتفعة لا تكفي للتشخيص؛ يجب قياس الضغط في أيام مختلفة بعد راحة خمس دقائق، ويُشخَّص ارتفاع الضغط إذا تكررت القراءات فوق ١٤٠/٩٠ في العيادة أو فوق ١٣٥/٨٥ في البيت.",
            "الصداع ليس علامة موثوقة على ارتفاع الضغط، فمعظم المرضى لا يشعرون بأي أعراض، ولهذا يسمى أحيانًا القاتل الصامت.",
            "أنصحك بشراء جهاز قياس معتمد يوضع على الذراع وتسجيل القراءات صباحًا ومساءً لمدة أسبوع، ثم عرضها على طبيبك."),
          S("{P}الدكتور قال إن ضغطي مرتفع ووصف لي أملوديبين 5 ملغ، [والحين|والآن] قراءاتي صارت طبيعية. هل أقدر أوقف الدواء؟",
            "اعتدال القراءات دليل على أن الدواء يعمل وليس على الشفاء، وغالبًا ما يرتفع الضغط مجددًا عند إيقافه.",
            "لا توقف الدواء من تلقاء نفسك، بل ناقش طبيبك؛ فقد يخفض الجرعة تدريجيًا إذا نجحت في إنقاص وزنك وتعديل نظامك الغذائي.",
            "من الآثار الجانبية الشائعة للأملوديبين تورم الكاحلين، فإن ظهر لديك فأخبر الطبيب لأنه قد يستبدله بدواء آخر."),
          S("[والدي|أبوي] عمره فوق الستين وضغطه دائمًا حوالي {bp}، وهو يرفض الدواء ويقول إنه [لا يشعر|ما يحس] بشيء. هل الأمر خطير؟",
            "نعم، استمرار الضغط عند هذا المستوى خطير حتى لو لم يشعر والدك بأي أعراض، لأن الضرر يصيب الشرايين بصمت على مدى سنوات.",
            "لدى كبار السن يكون الهدف عادةً إبقاء الضغط الانقباضي بين ١٣٠ و١٤٠ تقريبًا، مع تجنب الانخفاض المفاجئ الذي قد يسبب الدوخة والسقوط.",
            "قد يساعد أن تحضروا معه الموعد ليشرح له الطبيب الفائدة، وأن يبدأ بجرعة منخفضة من دواء واحد يؤخذ مرة يوميًا."),
          ),
        T("chest_pain", "MF", (28, 66), "acute", (
            "إذا استمر الألم أكثر من ١٥ دقيقة، أو امتد إلى الذراع أو الفك، أو صاحبه تعرق وغثيان، فاتصل بالإسعاف فورًا ولا تقد السيارة بنفسك.",
            "كما يُنصح بقياس الضغط والسكر والدهون في الدم لتقدير خطورة أمراض الشرايين بشكل عام.",
        ),
          S("{P}أحس بألم في الجهة اليسرى من الصدر {dur}، يزيد لما أضغط على المكان أو [أتحرك|أتنفس بعمق]. ممكن تكون جلطة؟",
            "الألم الذي يزداد عند الضغط على جدار الصدر أو مع الحركة والتنفس العميق يكون غالبًا عضليًا أو من التهاب غضاريف الأضلاع، وهو لا يرتبط عادةً بالقلب.",
            "تساعد الكمادات الدافئة ومسكن بسيط مثل الإيبوبروفين 400 ملغ بعد الأكل لبضعة أيام، إن لم يكن لديك مانع كقرحة المعدة أو أمراض الكلى.",
            "ومع ذلك، إذا كان لديك عوامل خطورة كالتدخين أو السكري أو تاريخ عائلي لأمراض القلب فمن الأفضل إجراء تخطيط للقلب للاطمئنان."),
          S("{P}يجيني ضغط في وسط الصدر لما أمشي بسرعة ويروح مع الراحة خلال دقائق، وبدأ هذا {dur}. [ما تشخيصكم|إيش ممكن يكون]؟",
            "الضغط في وسط الصدر الذي يظهر مع المجهود ويزول بالراحة هو الوصف النموذجي للذبحة الصدرية المستقرة الناتجة عن تضيق في الشرايين التاجية.",
            "تحتاج إلى مراجعة طبيب القلب خلال أيام قليلة لإجراء تخطيط واختبار جهد أو تصوير مقطعي للشرايين، وقد يصف لك الأسبرين وبخاخ النيتروجلسرين تحت اللسان.",
            "تجنب المجهود الشديد إلى أن يتم التقييم، وإذا أصبح الألم يأتي مع الراحة أو يزداد تكرارًا فهذه ذبحة غير مستقرة تستدعي الطوارئ."),
          S("{P}عندي حرقة وألم خلف عظمة القص بعد الأكل وعند الاستلقاء {dur}. كيف أفرّق بينه وبين ألم القلب؟",
            "الحرقة المرتبطة بالأكل والاستلقاء مع الطعم الحامض في الفم توحي بارتجاع المريء، وغالبًا ما تتحسن مع مضادات الحموضة.",
            "لا يمكن استبعاد القلب بالوصف وحده، خاصة فوق سن الأربعين أو مع وجود عوامل خطورة، لذا يبقى تخطيط القلب خطوة بسيطة ومفيدة.",
            "لتخفيف الارتجاع تناول وجبات أصغر، وتجنب الأكل قبل النوم بثلاث ساعات، وارفع رأس السرير قليلًا."),
          ),
        T("cholesterol", "MF", (35, 65), "chronic", (
            "الإكثار من الألياف كالشوفان والبقوليات والخضروات، واستخدام زيت الزيتون بدل السمن، وتناول السمك مرتين أسبوعيًا، خيارات مفيدة للقلب.",
            "يُعاد فحص الدهون عادةً بعد ٦ إلى ١٢ أسبوعًا من أي تغيير في النظام الغذائي أو الدواء لتقييم الاستجابة.",
        ),
          S("{P}طلع الكوليسترول الضار عندي {ldl} والطبيب يقترح دواء ستاتين. هل أقدر أكتفي [بالرجيم|بالحمية]؟",
            "قرار بدء الستاتين لا يعتمد على رقم الكوليسترول وحده، بل على مجمل خطر الإصابة بأمراض القلب خلال السنوات العشر القادمة، والذي يُحسب من العمر والضغط والتدخين والسكري.",
            "تعديل النظام الغذائي يخفض الكوليسترول الضار بنسبة ١٠ إلى ١٥٪ تقريبًا، وقد يكفي وحده عندما تكون الخطورة الكلية منخفضة.",
            "أما إذا كان لديك سكري أو مرض سابق في الشرايين، فالدواء مهم ولا يغني عنه الرجيم."),
          S("{P}آخذ أتورفاستاتين {dur} وصرت أحس بآلام في عضلات [الفخذين|الساقين]. هل أوقف الدواء؟",
            "آلام العضلات من الآثار الجانبية المعروفة للستاتينات، لكن كثيرًا منها يكون لأسباب أخرى كالمجهود أو نقص فيتامين د.",
            "لا توقف الدواء دون استشارة، وراجع طبيبك لفحص إنزيم العضلات (CK) ووظائف الغدة، فقد يكفي تخفيض الجرعة أو التحويل إلى نوع آخر.",
            "إذا كان الألم شديدًا مع ضعف واضح أو بول داكن بلون الشاي، فتوقف عن الدواء وراجع الطوارئ في اليوم نفسه."),
          S("{P}هل صحيح [إن|أن] البيض يرفع الكوليسترول؟ وإيش أفضل أكل لتنزيل الدهون؟",
            "تناول البيض باعتدال، أي بيضة في اليوم تقريبًا، لا يرفع الكوليسترول بشكل يُذكر لدى معظم الناس.",
            "الأهم هو تقليل الدهون المشبعة والمتحولة الموجودة في المقليات والحلويات الصناعية واللحوم المصنعة والزبدة.",
            "المكسرات غير المملحة بكمية حفنة صغيرة يوميًا تساعد أيضًا على تحسين نسبة الدهون."),
          ),
    ],
    "طب الأطفال": [
        T("child_fever", "MF", (1, 8), "acute", (
            "راجع الطبيب فورًا إذا ظهر طفح لا يختفي عند الضغط عليه، أو تصلب في الرقبة، أو خمول شديد، أو صعوبة في التنفس، أو إذا كان عمر الطفل أقل من ٣ أشهر.",
            "لا داعي لكمادات الماء البارد أو الكحول؛ يكفي تخفيف الملابس وإعطاء السوائل بكثرة.",
        ),
          S("{C} عمر{h} {CAGE} وحرارت{h} {temp} {dur}، {t}أكل قليل لكن{h} {t}لعب عادي. متى لازم [آخذ{h}|أودي{h}] للمستشفى؟",
            "الحرارة بحد ذاتها وسيلة دفاع طبيعية، والأهم من رقمها هو حالة الطفل العامة: نشاطه وشربه للسوائل وتبوله.",
            "ما دام الطفل يلعب ويشرب جيدًا فغالبًا يمكن متابعته في البيت، مع إعطاء خافض حرارة عند الانزعاج.",
            "إذا استمرت الحرارة أكثر من ٣ أيام فيلزم فحصه لمعرفة مصدرها، كالتهاب الأذن أو الحلق أو المسالك البولية."),
          S("{C} عمر{h} {CAGE} وعند{h} [سخونة|حرارة] وزكام {dur}. هل أعطي{h} مضاد حيوي؟",
            "أغلب حالات الحرارة مع الزكام سببها فيروسي، والمضاد الحيوي لا يعمل على الفيروسات وقد يسبب إسهالًا وطفحًا دون فائدة.",
            "يكفي غالبًا غسل الأنف بالمحلول الملحي، وإعطاء السوائل بكثرة، واستخدام خافض الحرارة حسب الوزن.",
            "يحتاج الطفل إلى الفحص إذا ظهر ألم في الأذن، أو سعال مع تنفس سريع، أو صديد على اللوزتين."),
          S("كم جرعة الباراسيتامول المناسبة ل{C}؟ عمر{h} {CAGE} ووزن{h} {kg} كيلو، والحرارة [ترجع|ترتفع] كل ٦ ساعات.",
            "جرعة الباراسيتامول للأطفال من ١٠ إلى ١٥ ملغ لكل كيلوغرام من الوزن كل ٤ إلى ٦ ساعات، وبحد أقصى ٤ جرعات في اليوم.",
            "احسب الجرعة حسب الوزن لا حسب العمر، واستخدم المحقنة المرفقة مع الدواء، وانتبه لتركيز الشراب المكتوب على العبوة.",
            "يمكن استخدام الإيبوبروفين للأطفال فوق ٦ أشهر بجرعة ٥ إلى ١٠ ملغ لكل كيلوغرام كل ٦ إلى ٨ ساعات، ولا داعي للتناوب بين الدواءين بشكل روتيني."),
          ),
        T("child_gastro", "MF", (1, 6), "acute", (
            "راجع الطوارئ إذا ظهر دم في البراز، أو قيء أخضر اللون، أو لم يتبول الطفل لأكثر من ٨ ساعات، أو أصبح نعسانًا بشكل غير معتاد.",
            "اغسل يديك جيدًا بعد تغيير الحفاض أو مساعدة الطفل في الحمام، لأن هذه العدوى تنتقل بسهولة إلى باقي الأسرة.",
        ),
          S("{C} عمر{h} {CAGE} عند{h} إسهال واستفراغ {dur}، وصار{pt} ما {t}شرب كثير و{t}تبول قليل جدًا. هل هذا جفاف؟",
            "قلة التبول وقلة الشرب بعد الإسهال والقيء من علامات الجفاف، ومعها يجب تقييم الطفل في نفس اليوم.",
            "علامات الجفاف الأخرى جفاف الفم، وغياب الدموع عند البكاء، وغؤور العينين، والخمول.",
            "إذا لم يتمكن الطفل من الاحتفاظ بالسوائل عن طريق الفم فقد يحتاج إلى محاليل وريدية في المستشفى."),
          S("{C} عمر{h} {CAGE}، كل ما أعطي{h} شيء {t}رجّعه، وهذا {dur}. [إيش|ماذا] أعطي{h}؟",
            "ابدأ بمحلول الإرواء الفموي بكميات صغيرة ومتكررة، مثل ملعقة صغيرة كل دقيقة أو دقيقتين، ثم زد الكمية تدريجيًا إذا توقف القيء.",
            "تجنب العصائر المحلاة والمشروبات الغازية لأنها قد تزيد الإسهال.",
            "القيء يتحسن عادة خلال ٢٤ إلى ٤٨ ساعة في التهاب المعدة والأمعاء الفيروسي."),
          S("هل محلول الإرواء الفموي آمن ل{C}؟ عمر{h} {CAGE} وعند{h} إسهال مائي {dur} [بس|لكن] {t}أكل عادي.",
            "محلول الإرواء الفموي آمن ومناسب لجميع الأعمار، ويعوّض الماء والأملاح المفقودة بنسب مدروسة.",
            "استمر في الرضاعة أو الحليب المعتاد والطعام العادي، فالأكل يساعد الأمعاء على التعافي ولا داعي لإيقافه.",
            "لا تُعطَ أدوية إيقاف الإسهال للأطفال الصغار دون وصفة طبية."),
          ),
        T("infant_colic", "MF", (1, 5), "subacute", (
            "راجع الطبيب إذا كان القيء قويًا مقذوفًا أو أخضر اللون، أو توقف الوزن عن الزيادة، أو صاحب البكاءَ حرارةٌ أو رفض للرضاعة.",
            "تسجيل أوقات البكاء والرضعات لعدة أيام يساعد الطبيب على تقييم الحالة بدقة.",
        ),
          S("{C} عمر{h} {MAGE} {t}بكي كل يوم [في المساء|آخر النهار] ساعات متواصلة وما أعرف السبب. هل هو مغص؟",
            "البكاء المتكرر في المساء لدى رضيع عمره بين أسبوعين و٤ أشهر، مع رضاعة ونمو طبيعيين، يسمى غالبًا المغص الرضيعي، وهو حالة حميدة تتحسن تلقائيًا مع الوقت.",
            "يبلغ المغص ذروته عادة حول الأسبوع السادس، ويخف تدريجيًا ليختفي عند أغلب الأطفال بعمر ٣ إلى ٤ أشهر.",
            "جرّب الهدهدة، وحمل الطفل على بطنه فوق ساعدك، والتدليك اللطيف للبطن، والأصوات الهادئة المتكررة."),
          S("{C} عمر{h} {MAGE} {t}رجّع [شوية|قليلًا من] حليب بعد كل رضعة تقريبًا، لكن وزن{h} يزيد طبيعي. هل أغيّر الحليب؟",
            "ترجيع كميات صغيرة من الحليب بعد الرضعة، أو ما يسمى الارتجاع البسيط، شائع جدًا لدى الرضع لأن صمام المعدة لم ينضج بعد.",
            "ما دام الطفل يكتسب الوزن بشكل جيد ولا يتألم فلا حاجة لتغيير الحليب، وتتحسن الحالة غالبًا قبل عمر السنة.",
            "ساعده على التجشؤ أثناء الرضعة وبعدها، وأبقه في وضع قائم نحو ٢٠ دقيقة، وتجنب زيادة كمية الرضعة عن حاجته."),
          S("هل قطرات المغص مفيدة ل{C}؟ عمر{h} {MAGE} و{t}تلوّى و{t}شد رجلي{h} وقت البكاء.",
            "فائدة قطرات المغص المتداولة محدودة في الدراسات، ولا بأس بتجربتها لكنها لا تنجح مع الجميع.",
            "إذا كان الطفل يرضع حليبًا صناعيًا وظهرت معه أعراض أخرى كالطفح أو الدم في البراز فقد يفكر الطبيب في حساسية بروتين حليب البقر.",
            "من المهم أن يأخذ الوالدان استراحة عند الشعور بالإرهاق، وألا يُهز الطفل بعنف أبدًا مهما اشتد البكاء."),
          ),
        T("bedwetting", "MF", (5, 10), "subacute", (
            "وإذا صاحب التبولَ الليلي تبولٌ متكرر أو حرقة أثناء النهار، أو تسريب مستمر للبول، فلا بد من مراجعة الطبيب.",
            "طمئن الطفل بأن المشكلة شائعة وليست ذنبه، فذلك يخفف من أثرها على ثقته بنفسه.",
        ),
          S("{C} عمر{h} {CAGE} [ولسه|وما زال] {t}بلل الفراش بالليل تقريبًا كل يوم. هل هذا طبيعي؟",
            "التبول الليلي شائع حتى عمر ٧ سنوات تقريبًا، وكثيرًا ما يكون في العائلة تاريخ مشابه، ويختفي لدى معظم الأطفال مع النمو دون علاج.",
            "سببه غالبًا مزيج من عمق النوم وكثرة إنتاج البول ليلًا وصغر سعة المثانة، وليس عنادًا أو كسلًا من الطفل.",
            "بعد عمر ٧ سنوات يمكن مناقشة جهاز الإنذار الليلي أو دواء ديسموبريسين مع طبيب الأطفال."),
          S("{C} توقف{pt} عن التبول في الفراش من سنة، [والحين|والآن] رجع{pt} {t}بلل الفراش {dur}. [إيش|ما] السبب؟",
            "عودة التبول الليلي بعد فترة جفاف طويلة تسمى التبول الثانوي، وتستدعي فحص البول للتأكد من عدم وجود التهاب أو سكري.",
            "انتبه أيضًا لأي ضغوط نفسية جديدة، كقدوم مولود أو تغيير المدرسة أو مشكلات في البيت، وكذلك للإمساك المزمن لأنه يضغط على المثانة.",
            "إذا صاحب ذلك عطش شديد ونزول في الوزن فيجب فحص السكر في اليوم نفسه."),
          S("كيف أساعد {C} إن{h} {t}بطّل التبول الليلي؟ عمر{h} {CAGE} وجربنا كل شيء تقريبًا.",
            "قلّل السوائل قبل النوم بساعة إلى ساعتين مع الحرص على الشرب الجيد خلال النهار، وشجّع الطفل على دخول الحمام قبل النوم مباشرة.",
            "تجنّب العقاب أو التوبيخ لأنه يزيد القلق ويطيل المشكلة، واستخدم جدول مكافآت بسيطًا على الليالي الجافة.",
            "جهاز الإنذار الليلي من أنجح الطرق على المدى الطويل، لكنه يحتاج إلى صبر والتزام من الأسرة لعدة أسابيع."),
          ),
    ],
    "الأمراض الجلدية": [
        T("acne", "MF", (16, 30), "chronic", (
            "تجنّب عصر الحبوب أو العبث بها لأنه يزيد الالتهاب ويترك ندبات وتصبغات.",
            "إذا كانت الحبوب عميقة ومؤلمة أو تترك ندبات فالأفضل مراجعة طبيب الجلدية مبكرًا.",
        ),
          S("{P}عندي حبوب في الوجه والظهر {dur}، وجربت كريمات كثيرة من الصيدلية [بدون فائدة|وما استفدت]. ما الحل؟",
            "حب الشباب ينتج عن انسداد المسام وزيادة الإفرازات الدهنية مع التهاب تحفّزه الهرمونات، وهو قابل للعلاج لكن النتائج تحتاج عادة من ٨ إلى ١٢ أسبوعًا.",
            "للحالات الخفيفة والمتوسطة يُستخدم البنزويل بيروكسايد أو الأدابالين موضعيًا مساءً، مع غسول لطيف ومرطب غير دهني.",
            "إذا انتشرت الحبوب على الظهر والصدر فقد يضيف الطبيب مضادًا حيويًا فمويًا مثل الدوكسيسيكلين لمدة ٣ أشهر مع العلاج الموضعي."),
          S("{P}هل الشوكولاتة والحليب [تسبب|يسببان] حب الشباب؟ الحبوب عندي تزيد قبل الدورة بأيام.",
            "العلاقة بين الطعام وحب الشباب محدودة، لكن بعض الدراسات تربط الأطعمة عالية السكر ومنتجات الحليب الخالي الدسم بزيادته لدى بعض الأشخاص.",
            "زيادة الحبوب قبل الدورة أمر شائع بسبب التغيرات الهرمونية، وتظهر غالبًا حول الفك والذقن.",
            "إذا صاحب الحبوبَ عدم انتظام في الدورة أو زيادة في شعر الوجه فيُنصح بفحص الهرمونات لاستبعاد تكيس المبايض.",
            sex="F"),
          S("{P}الدكتور وصف لي إيزوتريتينوين لحب الشباب، [إيش|ما] أهم الاحتياطات؟",
            "الإيزوتريتينوين دواء فعال جدًا للحالات الشديدة والعنيدة، ويُستخدم عادة من ٥ إلى ٨ أشهر.",
            "يسبب الدواء تشوهات خطيرة للجنين، لذا يجب على النساء تجنب الحمل تمامًا أثناء العلاج ولمدة شهر بعده، مع تحاليل حمل ودم دورية.",
            "جفاف الشفاه والجلد متوقع، فاستخدم مرطب شفاه بكثرة، وتجنب التعرض الطويل للشمس، وأخبر الطبيب فورًا بأي تغير في المزاج أو صداع شديد."),
          ),
        T("eczema", "MF", (18, 45), "chronic", (
            "أساس العلاج هو الترطيب المنتظم بكريم كثيف مرتين يوميًا على الأقل، خاصة بعد الاستحمام مباشرة.",
            "إذا ظهر إفراز أصفر أو قشور عسلية اللون أو بثور مؤلمة فقد تكون هناك عدوى تحتاج إلى مراجعة الطبيب.",
        ),
          S("{P}عندي جفاف وحكة شديدة في ثنيات الكوع والركبة {dur}، و[تزيد|تشتد] في الشتاء. هل هي إكزيما؟",
            "الوصف يتوافق مع الإكزيما التأتبية، وهي حالة مزمنة يضعف فيها الحاجز الجلدي، فيفقد الجلد رطوبته ويصبح سريع التهيج.",
            "تزداد الإكزيما في الشتاء بسبب جفاف الهواء والاستحمام بالماء الساخن.",
            "كثيرًا ما يرتبط هذا النوع بالحساسية الأنفية أو الربو لدى المريض أو عائلته."),
          S("{C} عمر{h} {MAGE} وعند{h} بقع حمراء خشنة على الخدين، و{t}حكها باستمرار. [إيش|ما] العلاج؟",
            "الإكزيما شائعة عند الرضع وتظهر غالبًا على الخدين وفروة الرأس، ويتحسن كثير منها مع التقدم في العمر.",
            "استخدم مرطبًا كثيفًا خاليًا من العطور عدة مرات يوميًا، واستحمامًا قصيرًا بماء فاتر، وقص أظافر الطفل لتقليل الخدش.",
            "قد يصف الطبيب كريم كورتيزون خفيفًا لأيام قليلة عند النوبة، وهو آمن بهذه الطريقة.",
            ages=(4, 11)),
          S("{P}هل كريم الكورتيزون آمن على المدى الطويل؟ أستخدمه للإكزيما {dur}.",
            "كريمات الكورتيزون فعالة وآمنة عند استخدامها بالقوة المناسبة ولفترات قصيرة، أما الاستخدام المتواصل لأشهر فقد يرقق الجلد.",
            "يمكن بعد السيطرة على النوبة استخدام الكريم يومين في الأسبوع على المناطق المعتادة للوقاية، حسب توجيه الطبيب.",
            "هناك بدائل غير ستيرويدية مثل مرهم التاكروليموس، وهي مناسبة للوجه والجفون."),
          ),
        T("hair_loss", "MF", (20, 45), "subacute", (
            "التساقط حتى ١٠٠ شعرة يوميًا يعتبر طبيعيًا، فلا تقلق من رؤية بعض الشعر على المشط.",
            "تجنب تسريحات الشد القوية والحرارة العالية ومواد فرد الشعر الكيميائية خلال فترة التساقط.",
        ),
          S("{P}شعري يتساقط بكثرة {dur}، [أشوفه|ألاقيه] على المخدة وفي الحمام. هل هو نقص فيتامينات؟",
            "التساقط المنتشر له أسباب كثيرة، أشهرها نقص الحديد واضطراب الغدة الدرقية والضغوط النفسية والحميات القاسية.",
            "يُنصح بفحص مخزون الحديد (الفيريتين) وصورة الدم ووظائف الغدة الدرقية وفيتامين د.",
            "المكملات لا تفيد إذا لم يكن هناك نقص فعلي، والإفراط في بعضها كالبيوتين قد يؤثر على نتائج بعض التحاليل."),
          S("{P}بعد الولادة بثلاثة أشهر بدأ شعري يتساقط بشكل [يخوّف|مخيف]. هل [راح يرجع|سيعود]؟",
            "التساقط بعد الولادة يسمى التساقط الكربي، ويبدأ عادة بعد ٢ إلى ٤ أشهر من الولادة، وهو مؤقت.",
            "يعود الشعر غالبًا إلى كثافته خلال ٦ إلى ١٢ شهرًا دون علاج خاص.",
            "مع ذلك يُفضَّل فحص الحديد والغدة الدرقية بعد الولادة، لأن نقص الحديد شائع ويؤخر التعافي.",
            sex="F"),
          S("{P}عندي فراغات في مقدمة الرأس والتاج، و[أبوي|والدي] كان أصلع. [في علاج فعال|هل يوجد علاج فعال]؟",
            "هذا النمط يتوافق مع الصلع الوراثي الذكوري، وهو حالة شائعة تتقدم ببطء.",
            "العلاج الأساسي محلول أو رغوة المينوكسيديل على فروة الرأس مرتين يوميًا، وقد يُضاف قرص فيناسترايد بعد مناقشة الطبيب.",
            "النتائج تحتاج ستة أشهر على الأقل، ويعود التساقط إذا توقف العلاج.",
            sex="M"),
          S("{P}[طلعت|ظهرت] عندي بقعة دائرية ناعمة بدون شعر في فروة الرأس فجأة. [إيش هي|ما هي]؟",
            "البقعة الدائرية الملساء دون قشور توحي بالثعلبة البقعية، وهي حالة مناعية يهاجم فيها الجسم بصيلات الشعر.",
            "يعود الشعر في كثير من الحالات خلال أشهر، وقد يسرّع حقن الكورتيزون الموضعي ذلك.",
            "إذا كانت البقعة متقشرة أو لدى طفل فيجب استبعاد فطريات فروة الرأس."),
          ),
        T("urticaria", "MF", (18, 50), "subacute", (
            "مضادات الهيستامين غير المنومة مثل لوراتادين 10 ملغ أو سيتريزين 10 ملغ مرة يوميًا هي العلاج الأول.",
            "الاستحمام بالماء الفاتر وارتداء الملابس القطنية الواسعة يخففان الحكة.",
        ),
          S("{P}تطلع عندي حبوب [حمرا|حمراء] منتفخة تحك في كل الجسم وتختفي خلال ساعات وترجع، وهذا {dur}. [إيش|ما] السبب؟",
            "هذا وصف الشرى (الأرتيكاريا)، وهو تفاعل تطلق فيه خلايا الجلد مادة الهيستامين فيظهر انتفاخ وحكة تزول كل حبة منها خلال أقل من ٢٤ ساعة.",
            "في الحالات الحادة يكون السبب غالبًا عدوى فيروسية أو دواء أو طعام، وكثيرًا لا يُعرف السبب.",
            "إذا استمر أكثر من ٦ أسابيع يُسمى شرى مزمنًا، ونادرًا ما يكون سببه حساسية طعام."),
          S("{P}آخذ حبوب حساسية [بس ما تكفي|لكنها لا تكفي]، الشرى عندي مستمر {dur}. هل في علاج أقوى؟",
            "يمكن بإشراف الطبيب زيادة جرعة مضاد الهيستامين غير المنوم مثل السيتريزين حتى أربعة أضعاف الجرعة المعتادة.",
            "إذا لم تنجح مضادات الهيستامين فهناك علاجات متخصصة مثل حقن أوماليزوماب لدى طبيب الحساسية.",
            "تجنب المسكنات من نوع مضادات الالتهاب غير الستيرويدية لأنها قد تزيد الشرى لدى بعض المرضى."),
          S("{P}بعد ما أكلت [روبيان|جمبري] أمس طلعت عندي حكة وحبوب، وصار عندي تورم خفيف في [الشفايف|الشفتين]. هل هذا خطير؟",
            "تورم الشفاه مع الحبوب بعد طعام معين قد يكون تفاعل حساسية حقيقيًا، ويجب تجنب هذا الطعام حتى يتم التقييم.",
            "يُنصح بمراجعة طبيب الحساسية لإجراء اختبارات الجلد أو الدم، وقد يصف لك قلم أدرينالين ذاتي الحقن للطوارئ.",
            "إذا امتد التورم إلى اللسان أو الحلق أو ظهرت صعوبة في البلع أو التنفس، فهذه صدمة تحسسية تستدعي الإسعاف فورًا."),
          ),
    ],
    "السكري والغدد الصماء": [
        T("diabetes_dx", "MF", (32, 65), "subacute", (
            "الفحص الدوري للعيون والكلى والقدمين جزء أساسي من متابعة السكري ولو لم تكن هناك أعراض.",
            "النظام الغذائي المتوازن لا يعني الحرمان، بل تقليل السكريات البسيطة والنشويات المكررة وتوزيع الوجبات على مدار اليوم.",
        ),
          S("{P}طلع السكر التراكمي عندي {a1c}٪ والسكر الصائم {fbs}. هل أنا [مريض سكري|مصاب بالسكري]؟",
            "يُشخَّص السكري إذا كان السكر التراكمي ٦٫٥٪ أو أكثر، أو السكر الصائم ١٢٦ ملغ/دل أو أكثر، ويُفضَّل تأكيد النتيجة بفحص ثانٍ إذا لم تكن هناك أعراض.",
            "القيم بين ٥٫٧٪ و٦٫٤٪ تعني مرحلة ما قبل السكري، وهي مرحلة يمكن فيها منع تطور المرض أو تأخيره بشكل كبير.",
            "إنقاص ٥ إلى ٧٪ من الوزن مع نشاط بدني ١٥٠ دقيقة أسبوعيًا يقلل خطر التحول إلى السكري بأكثر من النصف."),
          S("{P}عندي عطش شديد وكثرة تبول بالليل {dur}، ونزل وزني بدون رجيم. هل ممكن يكون [سكر|سكري]؟",
            "العطش وكثرة التبول ونزول الوزن دون سبب من الأعراض الكلاسيكية لارتفاع السكر، ويجب فحص السكر في أقرب وقت.",
            "إذا كانت قراءة السكر العشوائية ٢٠٠ ملغ/دل أو أكثر مع هذه الأعراض فهذا كافٍ للتشخيص.",
            "إذا ظهر مع هذه الأعراض قيء أو ألم في البطن أو تنفس سريع فقد تكون حموضة كيتونية تستدعي الطوارئ فورًا."),
          S("{P}الدكتور بدأ لي ميتفورمين 500 ملغ، وصار عندي إسهال وغثيان. هل أوقفه؟",
            "اضطرابات المعدة شائعة في بداية الميتفورمين وتتحسن غالبًا خلال أسبوعين إلى أربعة أسابيع.",
            "تناول الدواء مع الأكل أو بعده مباشرة، ويمكن لطبيبك رفع الجرعة تدريجيًا أو تحويلك إلى الشكل ممتد المفعول الذي يكون أخف على المعدة.",
            "الميتفورمين لا يسبب هبوط السكر عند استخدامه وحده، وهو من أكثر أدوية السكري أمانًا على المدى الطويل."),
          ),
        T("hypoglycemia", "MF", (25, 70), "subacute", (
            "إذا فقد المريض وعيه أو لم يستطع البلع فلا تضع شيئًا في فمه، واتصل بالإسعاف، واستخدم حقنة الغلوكاجون إن كانت متوفرة.",
            "احمل دائمًا مصدر سكر سريع معك، وعرّف من حولك بحالتك وبعلامات الهبوط.",
        ),
          S("{P}أنا على إنسولين، وأحيانًا بالليل [أصحى|أقوم] متعرق وقلبي يدق بسرعة. هل هذا هبوط سكر؟",
            "التعرق والخفقان والرعشة والجوع المفاجئ من علامات هبوط السكر، والتعرق الليلي قد يدل على هبوط أثناء النوم.",
            "قِس السكر عند حدوث الأعراض، وكذلك في الساعة الثالثة فجرًا لعدة ليالٍ، واعرض القراءات على طبيبك لتعديل جرعة الإنسولين المسائية.",
            "تناول وجبة خفيفة تحتوي على نشويات قبل النوم إذا كان سكرك منخفضًا نسبيًا في المساء."),
          S("{P}[إيش أسوي|ماذا أفعل] إذا نزل السكر عندي إلى {low}؟ أحس برجفة ودوخة.",
            "طبّق قاعدة ١٥: تناول ١٥ غرامًا من السكر سريع الامتصاص، مثل نصف كوب عصير أو ثلاث ملاعق صغيرة من السكر في الماء، ثم أعد القياس بعد ١٥ دقيقة.",
            "إذا بقي السكر أقل من ٧٠ ملغ/دل فكرر الخطوة، وبعد التحسن تناول وجبة خفيفة إذا كانت وجبتك التالية بعيدة.",
            "لا تقد السيارة أو تعمل على آلات وأنت تشعر بأعراض الهبوط."),
          S("[والدتي|أمي] كبيرة بالعمر وعلى حبوب سكر، ومرتين [هالشهر|هذا الشهر] لقيناها مشوشة وسكرها منخفض. [إيش نسوي|ماذا نفعل]؟",
            "تكرار الهبوط لدى كبار السن خطير لأنه يسبب السقوط واضطرابات القلب، ويحتاج إلى مراجعة الطبيب قريبًا لتعديل العلاج.",
            "بعض حبوب السكر، مثل الغليبنكلاميد والغليكلازايد، تسبب الهبوط أكثر من غيرها، خاصة مع ضعف الكلى أو قلة الأكل.",
            "الهدف لدى كبار السن يكون عادة أقل صرامة، مثل سكر تراكمي بين ٧ و٨٪، لتجنب الهبوط."),
          ),
        T("hypothyroidism", "MF", (24, 60), "subacute", (
            "يُعاد تحليل TSH بعد ٦ إلى ٨ أسابيع من أي تغيير في الجرعة.",
            "لا تغيّر الجرعة أو توقف الدواء من نفسك، فالقصور غالبًا يحتاج إلى علاج مدى الحياة.",
        ),
          S("{P}أحس بتعب وخمول وزيادة وزن وبرودة في الأطراف {dur}، والتحليل طلع فيه TSH مرتفع. [إيش معناه|ما معنى ذلك]؟",
            "ارتفاع TSH مع هذه الأعراض يدل غالبًا على قصور الغدة الدرقية، وأشهر أسبابه التهاب الغدة المناعي (هاشيموتو).",
            "يُكمَّل التشخيص بقياس هرمون الثيروكسين الحر، وقد تُفحص أيضًا الأجسام المضادة للغدة.",
            "العلاج هرمون الثيروكسين بجرعة يومية تُعدَّل حسب التحاليل، ويشعر أغلب المرضى بتحسن خلال أسابيع."),
          S("{P}آخذ حبوب الثيروكسين {dur}، متى أفضل وقت آخذها؟ وهل أقدر آخذها مع القهوة؟",
            "يُؤخذ الثيروكسين على معدة فارغة مع الماء فقط، قبل الفطور بنصف ساعة إلى ساعة، أو قبل النوم بثلاث ساعات من آخر وجبة.",
            "القهوة والحليب والحديد والكالسيوم تقلل امتصاصه، فافصل بينه وبين الحديد والكالسيوم بأربع ساعات.",
            "الثبات على نفس الطريقة يوميًا أهم من الوقت نفسه، حتى تكون التحاليل مستقرة."),
          S("{P}أنا حامل وعندي قصور في الغدة وآخذ ثيروكسين. هل لازم [أغيّر|أعدّل] الجرعة؟",
            "نعم، تحتاج أغلب الحوامل المصابات بقصور الغدة إلى زيادة جرعة الثيروكسين بنسبة ٢٠ إلى ٣٠٪ تقريبًا منذ بداية الحمل.",
            "يُفحص TSH كل ٤ أسابيع تقريبًا في النصف الأول من الحمل، لأن هرمون الغدة مهم لنمو دماغ الجنين.",
            "تواصلي مع طبيبتك فور تأكيد الحمل، ولا توقفي الدواء، فهو آمن تمامًا أثناء الحمل والرضاعة.",
            sex="F", ages=(22, 40)),
          ),
        T("ramadan", "MF", (35, 68), "chronic", (
            "المرضى الذين لديهم هبوط متكرر أو سكري غير منضبط أو مضاعفات في الكلى يُنصحون غالبًا بعدم الصيام.",
            "اشرب كمية كافية من الماء بين الإفطار والسحور، وتجنب الحلويات الرمضانية بكثرة.",
        ),
          S("{P}عندي سكري نوع ثاني وآخذ ميتفورمين، هل أقدر أصوم رمضان؟",
            "كثير من مرضى السكري من النوع الثاني المستقر على الميتفورمين يستطيعون الصيام بأمان بعد استشارة الطبيب.",
            "يُقسَّم الميتفورمين عادة بين الإفطار والسحور، مع أخذ الجرعة الأكبر عند الإفطار.",
            "يُنصح بتأخير السحور قدر الإمكان وتضمينه نشويات بطيئة الامتصاص وبروتينًا."),
          S("{P}أنا على إنسولين مرتين باليوم، كيف [أعدّل|أضبط] الجرعات في رمضان؟",
            "مرضى الإنسولين يحتاجون إلى خطة فردية من الطبيب قبل رمضان بأسابيع، لأن الخطورة عليهم أعلى.",
            "غالبًا تُؤخذ الجرعة الصباحية المعتادة عند الإفطار، وتُخفض جرعة السحور بنحو ٢٠ إلى ٥٠٪، لكن التفاصيل تختلف حسب نوع الإنسولين.",
            "القياس المتكرر للسكر أثناء الصيام لا يفطر، وهو ضروري للأمان."),
          S("{P}صمت أمس وكان سكري الساعة ٤ العصر {low}، وكنت أحس بدوخة. هل [أكمل|أواصل] صيامي؟",
            "لا، إذا انخفض السكر عن ٧٠ ملغ/دل أثناء الصيام يجب الإفطار فورًا وعلاج الهبوط، حتى لو كان الوقت قريبًا من المغرب.",
            "تكرار الهبوط يعني أن خطة العلاج تحتاج إلى تعديل، فراجع طبيبك قبل متابعة الصيام.",
            "يجب الإفطار أيضًا إذا ارتفع السكر فوق ٣٠٠ ملغ/دل أو ظهرت أعراض مرضية شديدة."),
          ),
    ],
    "الجهاز الهضمي": [
        T("gerd", "MF", (25, 60), "chronic", (
            "من العوامل التي تزيد الارتجاع زيادة الوزن، والتدخين، والوجبات الدسمة والكبيرة، والقهوة والشوكولاتة والنعناع.",
            "إذا ظهر قيء دموي أو براز أسود فتوجه إلى الطوارئ فورًا.",
        ),
          S("{P}عندي حموضة وحرقان في المعدة يطلع [لحد|إلى] الحلق، خصوصًا بالليل، {dur}. [إيش|ما] العلاج؟",
            "هذه أعراض ارتجاع المريء، حيث يرتد حمض المعدة إلى المريء بسبب ضعف الصمام السفلي.",
            "يُفيد تناول أوميبرازول 20 ملغ قبل الفطور بنصف ساعة لمدة ٤ إلى ٨ أسابيع، ثم تقييم الحاجة للاستمرار.",
            "ارفع رأس السرير ١٥ إلى ٢٠ سم، وتجنب الأكل قبل النوم بثلاث ساعات."),
          S("{P}آخذ أوميبرازول كل يوم {dur}، هل استخدامه الطويل [يضر|مضر]؟",
            "الاستخدام الطويل لمثبطات مضخة البروتون آمن لمعظم الناس عند الحاجة الفعلية، لكن يُستحسن استخدام أقل جرعة فعالة.",
            "قد يرتبط الاستخدام لسنوات بنقص فيتامين ب١٢ والمغنيسيوم، لذا يُفحصان أحيانًا.",
            "لا توقف الدواء فجأة بعد استخدام طويل، لأن الحموضة قد ترتد بقوة؛ خفّف الجرعة تدريجيًا بإشراف الطبيب."),
          S("{P}مع الحموضة صرت أحس إن الأكل يعلق في صدري وأنا أبلع، ونزل وزني [شوي|قليلًا]. هل هذا طبيعي؟",
            "صعوبة البلع ونزول الوزن من العلامات التحذيرية التي لا تُعالج بمضادات الحموضة وحدها.",
            "تحتاج إلى منظار علوي قريبًا لفحص المريء واستبعاد التضيق أو الأورام.",
            "راجع طبيب الجهاز الهضمي خلال أيام، ولا تؤجل ذلك.",
            shared=False),
          ),
        T("ibs", "MF", (20, 50), "chronic", (
            "زيادة الألياف تدريجيًا وشرب الماء بكمية كافية وتناول الوجبات في أوقات منتظمة خطوات بسيطة ومفيدة.",
            "تسجيل الطعام والأعراض في مفكرة لأسبوعين يساعد على اكتشاف المحفزات الخاصة بك.",
        ),
          S("{P}عندي انتفاخ وألم في البطن يتحسن بعد دخول الحمام، ومرة إسهال ومرة إمساك، {dur}. [إيش تشخيصي|ما التشخيص]؟",
            "الوصف يتوافق مع القولون العصبي، وهو اضطراب وظيفي شائع في حركة الأمعاء وحساسيتها، ولا يسبب ضررًا دائمًا.",
            "قبل تأكيد التشخيص يُفحص الدم والبراز، وقد يُفحص أيضًا مرض حساسية القمح (السيلياك).",
            "النظام الغذائي منخفض الفودماب بإشراف أخصائي تغذية يحسّن الأعراض لدى كثير من المرضى."),
          S("{P}القولون عندي يتعبني أكثر وقت [الامتحانات|ضغط الشغل] والتوتر. هل للأعصاب علاقة؟",
            "نعم، يوجد ارتباط قوي بين الدماغ والأمعاء، والتوتر من أكثر العوامل التي تثير نوبات القولون العصبي.",
            "تقنيات إدارة التوتر والنوم الجيد والرياضة المنتظمة تساعد كثيرًا، وقد يفيد العلاج المعرفي السلوكي.",
            "قد يصف الطبيب مضاد تقلصات مثل ميبيفيرين قبل الوجبات في الفترات الصعبة."),
          S("{P}عندي قولون عصبي من سنين، [والحين|والآن] صار فيه دم مع البراز ونزول وزن. هل هذا من القولون؟",
            "لا، الدم في البراز ونقص الوزن ليسا من أعراض القولون العصبي، ويجب التحقق من سببهما.",
            "تحتاج غالبًا إلى منظار للقولون لاستبعاد التهابات الأمعاء أو الأورام، خاصة بعد سن الخامسة والأربعين.",
            "راجع طبيب الجهاز الهضمي في أقرب وقت ممكن، ولا تنسب أي عرض جديد للقولون العصبي دون فحص.",
            shared=False),
          ),
        T("h_pylori", "MF", (22, 65), "subacute", (
            "إذا ظهر براز أسود كالقطران أو قيء يشبه القهوة فهذه علامة نزيف وتستدعي الطوارئ فورًا.",
            "التدخين يؤخر التئام القرحة ويزيد عودتها، فالإقلاع عنه جزء من العلاج.",
        ),
          S("{P}طلع عندي جرثومة المعدة في تحليل البراز. هل لازم أتعالج؟ [وإيش العلاج|وما العلاج]؟",
            "نعم، يُنصح بعلاج جرثومة المعدة عند اكتشافها لأنها سبب رئيسي لقرحة المعدة وتزيد خطر سرطان المعدة على المدى البعيد.",
            "العلاج عادة مزيج من مضادين حيويين مع مثبط للحموضة لمدة ١٤ يومًا، ويجب إكمال الكورس كاملًا حتى لو تحسنت الأعراض.",
            "يُفحص نجاح العلاج بعد ٤ أسابيع على الأقل من انتهاء المضادات الحيوية، باختبار النفس أو البراز."),
          S("{P}آخذ علاج الجرثومة وصار عندي طعم معدني في [فمي|حلقي] وإسهال خفيف. هل أوقف؟",
            "الطعم المعدني شائع مع دواء الميترونيدازول، والإسهال الخفيف من آثار المضادات الحيوية المعروفة.",
            "لا توقف العلاج من نفسك لأن ذلك يقلل فرصة القضاء على الجرثومة ويزيد مقاومتها.",
            "تجنب الكحول تمامًا مع الميترونيدازول، وأخبر الطبيب إذا صار الإسهال شديدًا أو مائيًا متكررًا."),
          S("{P}عندي ألم في أعلى البطن يخف بعد الأكل ويرجع بعد ساعتين، وأحيانًا [يصحيني|يوقظني] من النوم {dur}. هل هي قرحة؟",
            "الألم الذي يتحسن بالأكل ويعود بعد ساعات ويوقظ من النوم نموذجي لقرحة الاثني عشر.",
            "أشهر أسباب القرحة جرثومة المعدة والمسكنات من نوع مضادات الالتهاب مثل الإيبوبروفين والديكلوفيناك.",
            "يُنصح بفحص الجرثومة، وتجنب المسكنات المهيجة، وقد يُجرى منظار علوي إذا كان عمرك فوق ٥٥ أو ظهرت علامات تحذيرية."),
          ),
        T("constipation", "MF", (22, 60), "subacute", (
            "راجع الطبيب إذا صاحب الإمساك ألم شديد في البطن أو قيء أو انتفاخ مع عدم خروج الغازات.",
            "النشاط البدني اليومي، ولو مشي نصف ساعة، يحسّن حركة الأمعاء.",
        ),
          S("{P}عندي إمساك {dur}، أدخل الحمام مرتين بالأسبوع [وبصعوبة|وبعد معاناة]. [إيش|ما] الحل؟",
            "ابدأ بزيادة الألياف تدريجيًا حتى ٢٥ إلى ٣٠ غرامًا يوميًا من الخضار والفواكه والحبوب الكاملة، مع شرب ماء كافٍ.",
            "إذا لم يكفِ ذلك يمكن استخدام ملين آمن مثل اللاكتولوز أو البولي إيثيلين غليكول لفترة.",
            "الاستجابة لرغبة التبرز فورًا وعدم تأجيلها، والجلوس بوضعية القرفصاء مع رفع القدمين على مسند صغير، يسهلان الإخراج."),
          S("{P}عندي ألم ونزول دم أحمر فاتح بعد التبرز {dur}، وأحس [بانتفاخ|ببروز] عند فتحة الشرج. هل هي بواسير؟",
            "الدم الأحمر الفاتح على ورق الحمام مع الانتفاخ يتوافق غالبًا مع البواسير أو الشرخ الشرجي.",
            "مغاطس الماء الدافئ ١٠ دقائق مرتين يوميًا، ومعالجة الإمساك، وتجنب الجلوس الطويل في الحمام تساعد كثيرًا.",
            "يجب فحص المنطقة لدى الطبيب للتأكد من التشخيص، لأن النزيف الشرجي قد تكون له أسباب أخرى."),
          S("{P}صار عندي إمساك جديد {dur} مع نزول في الوزن. هل [يستدعي فحص|أحتاج فحوصات]؟",
            "تغير عادات الإخراج حديثًا بعد سن الخمسين مع نقص الوزن علامة تحذيرية تستدعي تقييمًا سريعًا.",
            "غالبًا يطلب الطبيب صورة دم وفحص دم خفي في البراز ومنظار قولون.",
            "لا تكتفِ بالملينات قبل إجراء هذه الفحوصات.",
            ages=(52, 75), shared=False),
          ),
    ],
    "أمراض النساء والولادة": [
        T("pcos", "F", (18, 35), "chronic", (
            "النشاط البدني المنتظم والنظام الغذائي منخفض السكريات المكررة من أهم ركائز العلاج.",
            "انقطاع الدورة لأكثر من ثلاثة أشهر يستدعي مراجعة الطبيبة، لأن عدم نزولها لفترات طويلة يؤثر على بطانة الرحم.",
        ),
          S("{P}دورتي غير منتظمة، تجيني كل شهرين أو ثلاثة، ومعها زيادة شعر في الوجه {dur}. [إيش|ما] السبب؟",
            "عدم انتظام الدورة مع زيادة الشعر يوحي بمتلازمة تكيس المبايض، وهي من أكثر الاضطرابات الهرمونية شيوعًا لدى النساء.",
            "يعتمد التشخيص على الأعراض وتحاليل الهرمونات والأشعة الصوتية، بعد استبعاد أسباب أخرى كاضطراب الغدة الدرقية وارتفاع هرمون الحليب.",
            "حبوب منع الحمل المركبة تنظم الدورة وتخفف الشعر الزائد لدى من لا ترغب في الحمل حاليًا."),
          S("{P}عندي تكيس مبايض ومتزوجة من سنة وما صار حمل. [هل في أمل|هل هناك أمل]؟",
            "نعم، أغلب النساء المصابات بتكيس المبايض يحملن، إما تلقائيًا أو بمساعدة علاجات بسيطة لتنشيط التبويض.",
            "إنقاص الوزن بنسبة ٥ إلى ١٠٪ إذا كان هناك وزن زائد قد يعيد التبويض المنتظم وحده.",
            "دواء ليتروزول هو الخيار الأول عادة لتنشيط التبويض، تحت إشراف طبيب النساء ومتابعة بالأشعة."),
          S("{P}الطبيبة قالت عندي تكيس مبايض، هل له علاقة بالسكري؟ [أمي|والدتي] مريضة سكر.",
            "نعم، تكيس المبايض مرتبط بمقاومة الإنسولين، ويزيد خطر الإصابة بالسكري من النوع الثاني، خاصة مع وجود تاريخ عائلي.",
            "يُنصح بفحص السكر التراكمي أو اختبار تحمل الغلوكوز دوريًا، مع فحص الدهون والضغط.",
            "قد يصف الطبيب الميتفورمين لبعض المريضات لتحسين مقاومة الإنسولين وانتظام الدورة."),
          ),
        T("pregnancy_nausea", "F", (20, 38), "subacute", (
            "الحرص على شرب السوائل بكميات صغيرة ومتكررة أهم من الأكل في الأيام الصعبة.",
            "من المفيد فحص الغدة الدرقية إذا استمر القيء الشديد لفترة طويلة.",
        ),
          S("{P}أنا حامل في الأسبوع {gw} وعندي غثيان واستفراغ طول اليوم. هل هذا طبيعي؟",
            "الغثيان والقيء شائعان جدًا في الثلث الأول من الحمل، ويبلغان ذروتهما غالبًا بين الأسبوع ٨ و١٢ ثم يتحسنان تدريجيًا.",
            "تناولي وجبات صغيرة متكررة، وابدئي يومك ببسكويت جاف قبل النهوض، وتجنبي الروائح المثيرة للغثيان.",
            "الزنجبيل وفيتامين ب٦ من الخيارات الآمنة، وهناك أدوية آمنة في الحمل يمكن أن تصفها طبيبتك."),
          S("{P}حامل في الشهر الثاني وأستفرغ أكثر من ٥ مرات في اليوم وما أقدر أشرب حتى الماء. [إيش أسوي|ماذا أفعل]؟",
            "عدم القدرة على الاحتفاظ بالسوائل مع القيء المتكرر قد يكون قيء الحمل المفرط، وهو يحتاج إلى تقييم طبي في اليوم نفسه.",
            "قد تحتاجين إلى سوائل وريدية وأدوية مضادة للقيء، ويُفحص البول للكيتونات والدم للأملاح.",
            "راجعي الطوارئ إذا قلّ التبول بشكل واضح أو شعرتِ بدوخة شديدة أو رأيتِ دمًا في القيء."),
          S("{P}أنا في الأسبوع {gw} من الحمل، هل حبوب الغثيان [اللي|التي] وصفتها الدكتورة آمنة على الجنين؟",
            "الأدوية الموصوفة عادة للغثيان في الحمل، مثل مزيج دوكسيلامين مع بيريدوكسين، دُرست جيدًا وتعد آمنة.",
            "النعاس من الآثار الجانبية الشائعة لها، فلا تقودي السيارة إذا شعرتِ بالنعاس.",
            "تجنبي أي أدوية أو أعشاب غير موصوفة أثناء الحمل، واسألي طبيبتك قبل استخدامها."),
          ),
        T("early_bleeding", "F", (20, 40), "acute", (
            "إذا كان النزيف غزيرًا مثل الدورة أو أكثر، أو صاحبه ألم شديد، فتوجهي إلى الطوارئ.",
            "تجنبي الجماع والمجهود الشديد حتى يتم التقييم إذا كان هناك نزيف.",
        ),
          S("{P}أنا حامل في الأسبوع {gw} ونزل مني دم بني خفيف بدون ألم. هل الجنين [بخطر|في خطر]؟",
            "النزيف الخفيف في الأشهر الأولى شائع، ويحدث لدى نحو ربع الحوامل، وكثير منهن يكملن الحمل بشكل طبيعي.",
            "يُنصح بمراجعة الطبيبة لإجراء فحص بالموجات فوق الصوتية للتأكد من نبض الجنين ومكان الحمل.",
            "إذا كانت فصيلة دمك سالبة فقد تحتاجين إلى حقنة Anti-D حسب تقدير الطبيبة."),
          S("{P}الدورة متأخرة أسبوعين والتحليل [موجب|إيجابي]، وعندي ألم شديد في جهة [وحدة|واحدة] من البطن مع نقط دم. [إيش ممكن يكون|ما السبب]؟",
            "الألم في جانب واحد مع نزيف خفيف في بداية الحمل يستدعي استبعاد الحمل خارج الرحم بشكل عاجل.",
            "توجهي إلى الطوارئ اليوم لإجراء أشعة مهبلية وتحليل هرمون الحمل الكمي.",
            "إذا شعرتِ بدوخة أو إغماء أو ألم في الكتف فهذه علامات نزيف داخلي تتطلب الإسعاف فورًا."),
          S("{P}[أجهضت|صار عندي إجهاض] في الشهر الثاني قبل ثلاثة أشهر. متى أقدر أحاول أحمل مرة ثانية؟",
            "بعد الإجهاض المبكر دون مضاعفات يمكن محاولة الحمل بعد دورة شهرية طبيعية واحدة إذا كنتِ مستعدة نفسيًا وجسديًا.",
            "الإجهاض المبكر غالبًا سببه خلل كروموسومي عشوائي في الجنين، وليس بسبب مجهود أو طعام تناولته الأم.",
            "ابدئي تناول حمض الفوليك 400 ميكروغرام يوميًا قبل الحمل بشهر على الأقل.",
            shared=False),
          ),
        T("dysmenorrhea", "F", (17, 40), "chronic", (
            "إذا كان الألم لا يستجيب للمسكنات المعتادة فيجب تقييمه لدى طبيبة النساء.",
            "تسجيل مواعيد الدورة وشدة الألم وكمية النزيف في تطبيق أو مفكرة يساعد الطبيبة كثيرًا.",
        ),
          S("{P}الدورة عندي مؤلمة جدًا لدرجة إني أغيب عن [الجامعة|الدوام] يومين كل شهر. [إيش أقدر أسوي|ماذا أستطيع أن أفعل]؟",
            "آلام الدورة شائعة، وسببها مواد البروستاغلاندين التي تسبب انقباض الرحم.",
            "أفضل مسكن هو الإيبوبروفين 400 ملغ أو النابروكسين مع الأكل، بدءًا من أول يوم للألم أو قبله بيوم، وبشكل منتظم لمدة يومين إلى ثلاثة.",
            "الكمادات الدافئة على أسفل البطن والرياضة المنتظمة تخفف الألم أيضًا.",
            ages=(17, 26)),
          S("{P}ألم الدورة عندي صار يزيد سنة بعد سنة، ومعه ألم أثناء الجماع. هل هذا طبيعي؟",
            "الألم المتزايد مع السنوات والألم أثناء الجماع قد يشيران إلى بطانة الرحم المهاجرة.",
            "يعتمد التشخيص على الفحص والأشعة، وأحيانًا منظار البطن.",
            "تتوفر علاجات هرمونية فعالة تقلل الألم، ويتم اختيارها حسب رغبتك في الحمل.",
            ages=(25, 40)),
          S("{P}دورتي صارت غزيرة جدًا وتطول ١٠ أيام {dur}، وصرت أحس بتعب ودوخة. [إيش|ما] السبب؟",
            "الدورة الغزيرة والطويلة قد تنتج عن الألياف الرحمية أو اضطرابات هرمونية أو مشكلات في تخثر الدم.",
            "التعب والدوخة يوحيان بفقر دم بسبب نقص الحديد، ويجب فحص صورة الدم والفيريتين.",
            "يُنصح بأشعة صوتية للرحم ومراجعة طبيبة النساء لتحديد السبب والعلاج المناسب."),
          ),
    ],
    "المخ والأعصاب": [
        T("migraine", "MF", (18, 45), "chronic", (
            "من المحفزات الشائعة قلة النوم، وتأخير الوجبات، والتوتر، وبعض الأطعمة، والتغيرات الهرمونية لدى النساء.",
            "راجع الطبيب إذا تغير نمط الصداع المعتاد، أو صاحبه ضعف أو تنميل أو اضطراب في الكلام.",
        ),
          S("{P}يجيني صداع نابض في [نص راسي|نصف رأسي] مع غثيان وأتضايق من الضوء، ويستمر يوم كامل، وهذا {dur}. هل هو شقيقة؟",
            "الصداع النابض في جانب واحد مع الغثيان والحساسية للضوء ويستمر بين ٤ و٧٢ ساعة هو الوصف المعتاد للصداع النصفي (الشقيقة).",
            "تؤخذ المسكنات مبكرًا في بداية النوبة، مثل الإيبوبروفين 400 ملغ أو الباراسيتامول 1000 ملغ، وإذا لم تكفِ فقد يصف الطبيب أدوية التريبتان.",
            "الراحة في غرفة مظلمة وهادئة والنوم يساعدان على إنهاء النوبة."),
          S("{P}الصداع النصفي صار يجيني أكثر من ٨ مرات بالشهر، وآخذ مسكنات [كثير|بكثرة]. [إيش|ما] الحل؟",
            "تكرار النوبات بهذا الشكل يستدعي علاجًا وقائيًا يؤخذ يوميًا، مثل بروبرانولول أو أميتريبتيلين أو توبيرامات حسب حالتك.",
            "استخدام المسكنات أكثر من ١٠ إلى ١٥ يومًا في الشهر قد يسبب صداعًا ناتجًا عن الإفراط في الدواء، فيزداد الصداع بدل أن يخف.",
            "احتفظ بمفكرة للصداع تسجل فيها الأيام والمحفزات والأدوية لتساعد طبيب الأعصاب."),
          S("{P}فجأة جاني أسوأ صداع في حياتي خلال ثواني، مثل ضربة على [الراس|الرأس]. هل أنتظر [ويخف|حتى يخف]؟",
            "لا تنتظر؛ الصداع الشديد المفاجئ الذي يصل ذروته خلال دقيقة يسمى الصداع الرعدي، وقد يكون علامة نزيف في الدماغ.",
            "توجه إلى الطوارئ فورًا لإجراء أشعة مقطعية للدماغ، حتى لو بدأ الألم يخف.",
            "لا تتناول الأسبرين ولا تقد السيارة بنفسك، واطلب من أحد مرافقتك أو اتصل بالإسعاف.",
            shared=False),
          ),
        T("stroke", "MF", (30, 60), "subacute", (
            "التحكم في الضغط والسكر والكوليسترول والإقلاع عن التدخين أهم وسائل منع تكرار الجلطة.",
            "إذا ظهرت أعراض جديدة أو تكررت الأعراض فاتصلوا بالإسعاف فورًا ولا تنتظروا زوالها.",
        ),
          S("[والدي|أبوي] عمره {oldage} سنة، وأمس صار عنده ضعف في يده اليمنى وثقل بالكلام لمدة ربع ساعة ورجع طبيعي. هل [نطمن|نطمئن]؟",
            "ما حدث لوالدك يتوافق مع نوبة إقفارية عابرة، أي جلطة صغيرة مؤقتة، وهي إنذار بارتفاع خطر الجلطة الدماغية الكاملة خلال الأيام القادمة.",
            "يجب تقييمه في المستشفى خلال ٢٤ ساعة لإجراء أشعة للدماغ وشرايين الرقبة وتخطيط للقلب.",
            "غالبًا يبدأ الطبيب أدوية مضادة للصفائح وخافضة للكوليسترول، ويتحكم في الضغط والسكر."),
          S("{P}[إيش|ما] العلامات [اللي تخليني|التي تجعلني] أعرف إن أحد عنده جلطة دماغية؟",
            "تذكّر أربع كلمات: الوجه والذراع والكلام والوقت؛ أي ميلان الوجه، وضعف ذراع أو رجل في جهة واحدة، واضطراب الكلام، وأهمية الوقت.",
            "قد تظهر أيضًا فقدان مفاجئ للرؤية في عين واحدة، أو دوخة شديدة مع عدم اتزان، أو صداع مفاجئ شديد.",
            "علاج إذابة الجلطة فعال خلال الساعات الأولى فقط، لذا سجّل وقت بداية الأعراض واتصل بالإسعاف فورًا."),
          S("[والدتي|أمي] صار عندها جلطة {dur} وعندها ضعف بالجهة اليسرى. [إيش نسوي|ماذا نفعل] بالبيت [يساعدها|لمساعدتها]؟",
            "العلاج الطبيعي والوظيفي المنتظم أساس التعافي، وأغلب التحسن يحدث خلال الأشهر الستة الأولى لكنه قد يستمر بعدها.",
            "شجعوها على استخدام الجهة الضعيفة في الأنشطة اليومية بأمان، مع تغيير وضعيتها بانتظام إذا كانت طريحة الفراش لتجنب التقرحات.",
            "انتبهوا لمشكلات البلع والاكتئاب بعد الجلطة، فهما شائعان ويحتاجان إلى تقييم."),
          ),
        T("seizure", "MF", (18, 45), "subacute", (
            "الانتظام في النوم وتجنب السهر من أهم عوامل الوقاية من النوبات.",
            "إذا استمرت النوبة أكثر من ٥ دقائق أو تكررت دون استعادة الوعي بينها فاتصل بالإسعاف.",
        ),
          S("{P}صار عندي تشنج لأول مرة وفقدت الوعي، [والحين الحمد لله تمام|والآن أنا بخير والحمد لله]. [إيش لازم أسوي|ماذا يجب أن أفعل]؟",
            "النوبة الأولى تحتاج إلى تقييم لدى طبيب الأعصاب، يشمل عادة تخطيط الدماغ وتصويره بالرنين المغناطيسي وفحوصات دم.",
            "ليس كل من أصيب بنوبة واحدة مصابًا بالصرع، فقد تكون لها أسباب مؤقتة كقلة النوم الشديدة أو انخفاض الصوديوم.",
            "تجنب قيادة السيارة والسباحة منفردًا والعمل على المرتفعات حتى يقيّمك الطبيب، فهناك أنظمة تحدد متى يُسمح بالقيادة بعد النوبات."),
          S("{C} عمر{h} {CAGE} و[يجي{h} تشنج|تصير عند{h} تشنجات] مع الحرارة العالية. هل هذا صرع؟",
            "التشنج الحراري شائع بين عمر ٦ أشهر و٥ سنوات، ولا يعني أن الطفل مصاب بالصرع.",
            "أغلب التشنجات الحرارية قصيرة وغير مؤذية، ويتعافى الطفل تمامًا بعدها.",
            "أثناء التشنج ضع الطفل على جنبه بعيدًا عن الأشياء الحادة، ولا تضع شيئًا في فمه، واطلب الإسعاف إذا استمر أكثر من ٥ دقائق.",
            ages=(1, 5)),
          S("{P}أنا مريض صرع وآخذ ليفيتيراسيتام، وصرت عصبي وسريع الانفعال. هل [من الدواء|السبب الدواء]؟",
            "تغيرات المزاج والعصبية من الآثار الجانبية المعروفة لليفيتيراسيتام لدى بعض المرضى.",
            "لا توقف الدواء فجأة لأن ذلك قد يسبب نوبات شديدة، بل راجع طبيبك لتعديل الجرعة أو التبديل إلى دواء آخر.",
            "إذا ظهرت أفكار لإيذاء النفس فتواصل مع طبيبك أو الطوارئ فورًا.",
            sex="M"),
          ),
        T("numbness", "MF", (30, 65), "subacute", (
            "إذا ظهر ضعف مفاجئ أو تنميل في جهة واحدة من الجسم أو الوجه فهذه علامة جلطة محتملة وتستدعي الطوارئ فورًا.",
            "فحوصات السكر وفيتامين ب١٢ ووظائف الغدة الدرقية مفيدة في تقييم أغلب حالات التنميل.",
        ),
          S("{P}أحس بتنميل في أصابع يدي خصوصًا بالليل {dur}، [ويصحيني|ويوقظني] من النوم. [إيش|ما] السبب؟",
            "التنميل الليلي في الإبهام والسبابة والوسطى نموذجي لمتلازمة النفق الرسغي، وهي ضغط على العصب الأوسط عند الرسغ.",
            "تفيد جبيرة الرسغ الليلية التي تبقي اليد مستقيمة، مع تقليل الحركات المتكررة.",
            "قد يُطلب تخطيط للأعصاب، وفي الحالات المستمرة حقنة كورتيزون أو جراحة بسيطة لتحرير العصب."),
          S("{P}عندي تنميل وحرقان في القدمين {dur}، وعندي سكري من ١٠ سنين. هل هذا من السكر؟",
            "التنميل والحرقان في القدمين لدى مريض السكري يوحيان باعتلال الأعصاب السكري، وهو من المضاعفات الشائعة.",
            "ضبط السكر يبطئ تقدم الاعتلال، وهناك أدوية تخفف الألم العصبي مثل بريغابالين أو دولوكسيتين.",
            "افحص قدميك يوميًا، لأن ضعف الإحساس قد يجعلك لا تشعر بالجروح، وارتدِ أحذية مريحة ولا تمشِ حافيًا."),
          S("{P}ما آكل لحوم من سنوات، وصار عندي تنميل في اليدين والرجلين وضعف تركيز. هل له علاقة بالأكل؟",
            "نقص فيتامين ب١٢ شائع لدى من لا يتناولون المنتجات الحيوانية، ويسبب تنميلًا وضعفًا في الذاكرة وفقر دم.",
            "يُفحص مستوى فيتامين ب١٢ في الدم، ويُعالج النقص بالحقن أو الأقراص حسب شدته.",
            "علاج النقص مبكرًا مهم لأن الضرر العصبي قد يصبح دائمًا إذا تأخر."),
          ),
    ],
    "الطب النفسي": [
        T("depression", "MF", (18, 55), "subacute", (
            "النشاط البدني المنتظم، والتعرض لضوء النهار، والتواصل مع الأشخاص المقربين، عوامل تساعد في التعافي.",
            "إذا راودتك أفكار لإيذاء نفسك فتوجه إلى أقرب طوارئ أو تواصل مع خط المساعدة في بلدك فورًا.",
        ),
          S("{P}أحس بحزن وفقدت الرغبة بكل شيء {dur}، وما أقدر أنام [زين|جيدًا] وما لي نفس للأكل. هل هذا اكتئاب؟",
            "استمرار الحزن وفقدان الاستمتاع بالأشياء لأكثر من أسبوعين مع اضطراب النوم والشهية من أعراض الاكتئاب، وهو مرض شائع وقابل للعلاج.",
            "العلاج يشمل العلاج النفسي الكلامي مثل العلاج المعرفي السلوكي، وأحيانًا مضادات الاكتئاب حسب الشدة.",
            "أنصحك بمراجعة طبيب نفسي أو طبيب الأسرة لتقييم حالتك، ولا تتردد، فطلب المساعدة ليس ضعفًا."),
          S("{P}بدأت سيرترالين 50 ملغ من أسبوعين وما حسيت بفرق، وصار عندي غثيان. هل الدواء [ما ينفع|لا يفيد]؟",
            "مضادات الاكتئاب تحتاج عادة من ٤ إلى ٦ أسابيع ليظهر تأثيرها الكامل، بينما تظهر الآثار الجانبية في البداية.",
            "الغثيان شائع في أول أسبوعين ويخف غالبًا مع الاستمرار، ويساعد تناول الدواء بعد الأكل.",
            "لا توقف الدواء فجأة، وناقش طبيبك إذا لم تتحسن بعد ٦ أسابيع لتعديل الجرعة."),
          S("[أخوي|أخي] صار منعزل وما يطلع من غرفته، وكتب كلام عن إنه تعب من الحياة. كيف أساعده؟",
            "الكلام عن التعب من الحياة قد يكون تلميحًا لأفكار انتحارية، ويجب أخذه بجدية تامة.",
            "اسأله بوضوح وهدوء إن كانت لديه أفكار لإيذاء نفسه، فالسؤال لا يزرع الفكرة بل يفتح باب الحديث.",
            "ساعده على الوصول إلى طبيب نفسي في أقرب وقت، وإذا كان في خطر مباشر فلا تتركه وحده واتصل بالطوارئ.",
            shared=False),
          ),
        T("anxiety", "MF", (18, 50), "chronic", (
            "قلّل الكافيين والمنبهات، والتزم بنوم كافٍ ونشاط رياضي منتظم.",
            "إذا كان ألم الصدر جديدًا أو مختلفًا عن المعتاد فلا تفترض أنه قلق، واطلب التقييم الطبي.",
        ),
          S("{P}فجأة يجيني خوف شديد وضربات قلب سريعة وضيق نفس وأحس إني [بموت|سأموت]، وتخلص خلال ربع ساعة. صار لي هذا {count} مرات. [إيش هذا|ما هذا]؟",
            "هذا الوصف يتوافق مع نوبات الهلع، وهي نوبات خوف شديد مع أعراض جسدية تبلغ ذروتها خلال دقائق ثم تزول.",
            "رغم أن النوبة مخيفة جدًا، إلا أنها ليست خطيرة على القلب ولا تؤدي إلى الوفاة.",
            "من المهم في البداية التأكد من سلامة القلب والغدة الدرقية بفحوصات بسيطة، ثم علاج الهلع نفسه."),
          S("{P}عندي قلق طول الوقت وتفكير [زايد|زائد] في كل شيء {dur}، وما أقدر أرتاح. [إيش|ما] العلاج؟",
            "القلق المستمر والمبالغ فيه لأكثر من ستة أشهر مع صعوبة التحكم فيه يسمى اضطراب القلق المعمم.",
            "العلاج المعرفي السلوكي فعال جدًا، وقد تُستخدم أدوية مثل السيرترالين أو الإسيتالوبرام.",
            "تجنب الاعتماد على المهدئات من نوع البنزوديازيبين لأنها تسبب الإدمان مع الاستخدام الطويل."),
          S("{P}صرت أتجنب الأسواق والزحمة لأني أخاف [تجيني|تأتيني] نوبة هلع. كيف أتخلص من هذا؟",
            "تجنب الأماكن خوفًا من النوبات يسمى رهاب الساحة، وهو يزيد المشكلة مع الوقت.",
            "العلاج بالتعرض التدريجي، بإشراف معالج، يعلّم الدماغ أن هذه الأماكن آمنة.",
            "تمارين التنفس البطيء، كالشهيق في ٤ ثوانٍ والزفير في ٦، تساعد على تهدئة الأعراض أثناء النوبة."),
          ),
        T("insomnia", "MF", (22, 60), "chronic", (
            "اجعل غرفة النوم مظلمة وهادئة ومعتدلة الحرارة، واستخدم السرير للنوم فقط.",
            "إذا كان الأرق مصحوبًا بحزن أو قلق مستمر فقد يكون جزءًا من مشكلة نفسية تحتاج إلى علاج.",
        ),
          S("{P}ما أقدر أنام إلا بعد ٣ أو ٤ ساعات من دخول السرير {dur}، [وأصحى تعبان|وأستيقظ متعبًا]. [إيش|ما] الحل؟",
            "صعوبة بدء النوم المزمنة تُعالج أولًا بالعلاج المعرفي السلوكي للأرق، وهو أكثر فعالية من الحبوب على المدى الطويل.",
            "ثبّت وقت الاستيقاظ يوميًا حتى في العطلات، ولا تبقَ في السرير مستيقظًا أكثر من ٢٠ دقيقة؛ انهض وافعل شيئًا هادئًا ثم عد عند النعاس.",
            "تجنب الشاشات قبل النوم بساعة، والقهوة بعد العصر، والقيلولة الطويلة."),
          S("{P}هل حبوب الميلاتونين آمنة؟ [أبغى|أريد أن] آخذها كل يوم.",
            "الميلاتونين آمن نسبيًا على المدى القصير، ويفيد أكثر في اضطراب توقيت النوم كاختلاف التوقيت بعد السفر.",
            "الجرعات المستخدمة عادة من ١ إلى ٥ ملغ قبل النوم بساعة إلى ساعتين.",
            "لا يعالج الميلاتونين أسباب الأرق، لذا من الأفضل مناقشة استخدامه اليومي مع طبيبك."),
          S("زوجي يشخر بصوت [عالي|مرتفع] وأحيانًا يوقف نفسه وهو نايم، وبالنهار ينام وهو جالس. هل هذا خطير؟",
            "الشخير العالي مع توقف التنفس والنعاس الشديد نهارًا من أعراض انقطاع النفس الانسدادي أثناء النوم.",
            "هذه الحالة تزيد خطر ارتفاع الضغط واضطرابات القلب وحوادث السير بسبب النعاس، فيجب تشخيصها بدراسة النوم.",
            "العلاج الأكثر فعالية جهاز الضغط الهوائي المستمر أثناء النوم، مع إنقاص الوزن إذا كان هناك وزن زائد.",
            shared=False),
          ),
        T("ocd", "MF", (18, 45), "chronic", (
            "الوسواس القهري حالة شائعة وقابلة للعلاج، والتحسن يكون تدريجيًا خلال أسابيع إلى أشهر.",
            "الطمأنة المتكررة تخفف القلق مؤقتًا لكنها تغذي الوسواس على المدى الطويل.",
        ),
          S("{P}عندي وسواس في النظافة، أغسل يدي عشرات المرات باليوم [لين|حتى] تتشقق، وأعرف إنه زايد بس ما أقدر أوقف. [إيش|ما] الحل؟",
            "هذا يتوافق مع اضطراب الوسواس القهري، حيث تتكرر الأفكار المزعجة وتدفع إلى أفعال قهرية لتخفيف القلق.",
            "العلاج الأنجح هو العلاج السلوكي بالتعرض ومنع الاستجابة، ويُجرى تدريجيًا مع معالج مختص.",
            "للجلد المتشقق استخدم مرطبًا كثيفًا بعد كل غسل، إلى أن تقل مرات الغسل."),
          S("{P}تجيني أفكار مزعجة ما أبغاها وتخوفني، وأحاول أطردها وترجع أقوى {dur}. هل أنا {g:مجنون/مجنونة}؟",
            "لا، وجود أفكار مزعجة غير مرغوبة مع رفضك لها علامة على الوسواس القهري، وليس على الجنون أو على أنك تريد تنفيذها.",
            "محاولة طرد الفكرة بالقوة تجعلها تعود أقوى، والعلاج يعلّم طريقة مختلفة في التعامل معها.",
            "الأدوية من فئة مثبطات استرداد السيروتونين، مثل فلوكسيتين أو سيرترالين، فعالة وغالبًا بجرعات أعلى من جرعات الاكتئاب."),
          S("{C} عمر{h} {CAGE} وصار{pt} {t}رتب أغراض{h} بطريقة معينة و{t}عصب جدًا إذا أحد حركها. هل هذا وسواس؟",
            "بعض الطقوس والترتيب شائعة لدى الأطفال وتكون جزءًا من النمو الطبيعي، لكنها تصبح مشكلة إذا استهلكت وقتًا طويلًا أو سببت ضيقًا شديدًا.",
            "إذا استمرت أكثر من شهر وأثرت على الدراسة أو النوم أو العلاقات فيُنصح بتقييم لدى طبيب نفسي للأطفال.",
            "تجنبوا الدخول في الطقوس مع الطفل أو تنفيذها عنه، فذلك يعززها دون قصد.",
            ages=(7, 12)),
          ),
    ],
    "الأنف والأذن والحنجرة": [
        T("sinusitis", "MF", (18, 55), "acute", (
            "راجع الطوارئ إذا ظهر تورم حول العين أو ضعف في الرؤية أو صداع شديد مع تصلب في الرقبة.",
            "شرب السوائل الدافئة واستنشاق البخار يساعدان على تليين الإفرازات.",
        ),
          S("{P}عندي انسداد أنف وإفرازات [صفرا|صفراء] وألم في الوجه تحت العيون {dur}. هل أحتاج مضاد حيوي؟",
            "أغلب حالات التهاب الجيوب الأنفية الحاد سببها فيروسي، وتتحسن خلال ٧ إلى ١٠ أيام دون مضاد حيوي، ولون الإفرازات وحده لا يعني وجود بكتيريا.",
            "غسول الأنف بالمحلول الملحي وبخاخ الكورتيزون الأنفي والمسكنات البسيطة تخفف الأعراض.",
            "يُفكَّر في المضاد الحيوي إذا استمرت الأعراض أكثر من ١٠ أيام دون تحسن، أو ساءت بعد تحسن أولي، أو كانت الحرارة عالية."),
          S("{P}الجيوب الأنفية عندي ملتهبة على طول، وأي تغير بالجو ينسد أنفي [وتروح|وتختفي] حاسة الشم. [إيش|ما] الحل؟",
            "الأعراض المستمرة أكثر من ١٢ أسبوعًا تسمى التهاب الجيوب المزمن، وقد تكون مرتبطة بالحساسية أو الزوائد الأنفية (اللحميات).",
            "العلاج الأساسي بخاخ الكورتيزون الأنفي يوميًا لفترة طويلة مع غسول ملحي، ويحتاج عدة أسابيع ليظهر أثره.",
            "قد يطلب طبيب الأنف منظارًا للأنف وأشعة مقطعية للجيوب لتحديد السبب وإمكانية التدخل الجراحي."),
          S("{P}استخدمت بخاخ مزيل الاحتقان {dur} وصرت ما أقدر أتنفس بدونه. [إيش أسوي|ماذا أفعل]؟",
            "استخدام بخاخات مزيل الاحتقان مثل أوكسي ميتازولين أكثر من ٣ إلى ٥ أيام يسبب احتقانًا ارتداديًا يجعل الأنف يعتمد عليها.",
            "الحل إيقافها، ويمكن تسهيل ذلك بالتوقف في فتحة واحدة أولًا ثم الأخرى، مع استخدام بخاخ الكورتيزون الأنفي.",
            "يتحسن الانسداد عادة خلال أسبوع إلى أسبوعين بعد الإيقاف."),
          ),
        T("tonsillitis", "MF", (16, 40), "acute", (
            "أغلب التهابات الحلق فيروسية وتتحسن خلال أسبوع دون مضاد حيوي.",
            "يمكن تخفيف الألم بالباراسيتامول أو الإيبوبروفين حسب الجرعات المناسبة.",
        ),
          S("{P}عندي التهاب حلق شديد وحرارة {temp} وصعوبة بالبلع {dur}، ولوزي فيها نقط [بيضا|بيضاء]. [إيش|ما] العلاج؟",
            "الحرارة مع صديد على اللوزتين وغياب السعال ترفع احتمال التهاب الحلق البكتيري بالمكورات العقدية.",
            "يُؤكَّد ذلك بمسحة سريعة، وإذا كانت إيجابية فالعلاج عادة أموكسيسيلين أو بنسلين لمدة ١٠ أيام، مع إكمال الكورس كاملًا.",
            "الغرغرة بالماء الدافئ والملح والسوائل الباردة تخفف الألم."),
          S("{C} عمر{h} {CAGE} [وتجي{h}|وتصيب{h}] التهابات لوز أكثر من ٧ مرات بالسنة. هل لازم [نشيلها|نستأصلها]؟",
            "يُنظر في استئصال اللوزتين عادة إذا تكررت الالتهابات الموثقة ٧ مرات أو أكثر في سنة، أو ٥ مرات سنويًا لسنتين، أو ٣ مرات سنويًا لثلاث سنوات.",
            "كما يُنصح بالاستئصال إذا كانت اللوزتان متضخمتين وتسببان شخيرًا وتوقفًا في التنفس أثناء النوم.",
            "القرار يُتخذ مع طبيب الأنف والأذن بعد موازنة الفوائد والمخاطر.",
            ages=(4, 12)),
          S("{P}عندي ألم شديد في جهة [وحدة|واحدة] من الحلق وصعوبة في فتح الفم، وصوتي متغير كأن في فمي [بطاطا|بطاطس] حارة. [إيش هذا|ما هذا]؟",
            "هذه الأعراض توحي بخراج حول اللوزة، وهو تجمع صديدي يحتاج إلى تصريف وعلاج في المستشفى.",
            "توجه إلى الطوارئ أو طبيب الأنف والأذن اليوم، ولا تكتفِ بالمضاد الحيوي الفموي.",
            "إذا صاحب ذلك صعوبة في التنفس أو سيلان لعاب لا تستطيع بلعه فاتصل بالإسعاف.",
            shared=False),
          ),
        T("ear", "MF", (18, 55), "acute", (
            "إذا صاحب مشكلة الأذن دوخة شديدة أو ضعف في عضلات الوجه أو فقدان مفاجئ للسمع فراجع الطوارئ.",
            "لا تضع قطرات في الأذن إذا كان هناك احتمال ثقب في الطبلة دون استشارة الطبيب.",
        ),
          S("{C} عمر{h} {CAGE} وصحي{pt} من النوم {t}بكي و{t}مسك أذن{h}، وعند{h} حرارة. [إيش أسوي|ماذا أفعل]؟",
            "هذا يوحي بالتهاب الأذن الوسطى، وهو شائع جدًا بعد نزلات البرد لدى الأطفال.",
            "كثير من الحالات تتحسن خلال يومين إلى ثلاثة بالمسكنات فقط، وقد يصف الطبيب مضادًا حيويًا مثل الأموكسيسيلين حسب عمر الطفل وشدة الحالة.",
            "إذا خرج صديد من الأذن أو استمر الألم والحرارة أكثر من ٤٨ ساعة فيجب فحص الطفل.",
            ages=(1, 6)),
          S("{P}أذني مسدودة وأحس بثقل في السمع {dur} بعد ما استخدمت أعواد القطن. هل هو شمع؟",
            "انسداد الأذن بعد استخدام أعواد القطن سببه غالبًا دفع الشمع إلى الداخل وتكوّن سدادة.",
            "يمكن تليين الشمع بقطرات زيت الزيتون أو قطرات مخصصة لعدة أيام، وإذا لم يخرج يُزال في العيادة.",
            "تجنب أعواد القطن داخل الأذن، فالأذن تنظف نفسها بنفسها."),
          S("{P}رحت أسبح وصار عندي ألم بالأذن يزيد لما أسحب صيوان الأذن، وفي حكة وإفرازات. [إيش هذا|ما هذا]؟",
            "الألم عند سحب صيوان الأذن بعد السباحة يوحي بالتهاب الأذن الخارجية (أذن السباح).",
            "العلاج بقطرات أذن تحتوي على مضاد حيوي وكورتيزون لمدة ٧ أيام تقريبًا، مع إبقاء الأذن جافة.",
            "لا تدخل أي شيء في الأذن، وإذا كان لديك سكري وكان الألم شديدًا فراجع الطبيب سريعًا."),
          ),
        T("vertigo", "MF", (35, 70), "acute", (
            "إذا صاحب الدوخة صداع شديد أو ازدواج في الرؤية أو صعوبة في المشي أو الكلام فتوجه إلى الطوارئ فورًا.",
            "انهض ببطء من السرير، واجلس عند الشعور بالدوار لتجنب السقوط.",
        ),
          S("{P}كل ما أتقلب على السرير أو أرفع [راسي|رأسي] تدور فيني الدنيا ثواني وتوقف. [إيش|ما] السبب؟",
            "الدوار القصير المرتبط بتغيير وضعية الرأس هو الوصف المعتاد لدوار الوضعة الانتيابي الحميد، الناتج عن تحرك بلورات صغيرة في الأذن الداخلية.",
            "يُعالج غالبًا بمناورة إيبلي لإعادة البلورات إلى مكانها، ويمكن للطبيب أو أخصائي العلاج الطبيعي إجراؤها في العيادة.",
            "أدوية الدوار لا تفيد كثيرًا في هذا النوع، وقد تؤخر التعافي إذا استُخدمت طويلًا."),
          S("{P}صار عندي دوخة شديدة مستمرة مع استفراغ {dur} بعد زكام، [بس|لكن] ما عندي ضعف ولا مشاكل بالكلام. [إيش هي|ما هي]؟",
            "الدوار المستمر لأيام بعد عدوى فيروسية يوحي بالتهاب العصب الدهليزي.",
            "تفيد أدوية الغثيان والدوار في الأيام الأولى فقط، ثم تمارين التأهيل الدهليزي لتسريع التكيف.",
            "يتحسن أغلب المرضى خلال أسابيع، لكن يجب الفحص لاستبعاد جلطة في المخيخ خصوصًا لدى كبار السن ومن لديهم عوامل خطورة."),
          S("{P}تجيني نوبات دوخة تستمر ساعات مع طنين وضعف سمع في أذن [وحدة|واحدة] وإحساس بامتلاء فيها. [إيش|ما] التشخيص؟",
            "اجتماع الدوار لساعات مع الطنين ونقص السمع والامتلاء في أذن واحدة يوحي بمرض منيير.",
            "يُنصح بتقليل الملح والكافيين، وقد يصف الطبيب مدرًا للبول أو دواء بيتاهيستين.",
            "يُجرى تخطيط للسمع، وأحيانًا رنين مغناطيسي لاستبعاد ورم العصب السمعي."),
          ),
    ],
    "العظام": [
        T("back_pain", "MF", (25, 60), "subacute", (
            "راجع الطوارئ فورًا إذا صاحب ألم الظهر صعوبة في التحكم بالبول أو البراز، أو خدر في منطقة العجان، أو ضعف متزايد في الساقين.",
            "إنقاص الوزن الزائد والمشي المنتظم من أفضل الوسائل لمنع تكرار ألم الظهر.",
        ),
          S("{P}عندي ألم أسفل الظهر {dur} بعد ما [شلت|حملت] شيء ثقيل، وما ينزل على [رجولي|رجلي]. [إيش أسوي|ماذا أفعل]؟",
            "ألم أسفل الظهر بعد حمل شيء ثقيل دون امتداد إلى الساقين يكون غالبًا عضليًا، ويتحسن معظمه خلال أسابيع قليلة.",
            "استمر في الحركة والأنشطة الخفيفة قدر الإمكان، فالراحة التامة في السرير تؤخر التعافي.",
            "الكمادات الدافئة ومسكن مثل الإيبوبروفين لعدة أيام تساعد، إن لم يكن لديك مانع صحي."),
          S("{P}ألم الظهر عندي نازل على رجلي اليسرى [لحد|حتى] القدم مع تنميل {dur}. هل هو ديسك؟",
            "امتداد الألم إلى القدم مع التنميل يوحي بالتهاب العصب الوركي (عرق النسا)، وغالبًا سببه انزلاق غضروفي يضغط على جذر العصب.",
            "أغلب الحالات تتحسن خلال ٦ إلى ١٢ أسبوعًا بالعلاج التحفظي والعلاج الطبيعي، ولا تحتاج إلى جراحة.",
            "لا تُطلب صورة الرنين عادة إلا إذا استمرت الأعراض أكثر من ٦ أسابيع أو ظهر ضعف في الساق."),
          S("{P}أشتغل على المكتب طول اليوم وظهري [يألمني|يوجعني] آخر الدوام. [إيش|ما] التمارين [اللي|التي] تفيد؟",
            "الجلوس الطويل من أهم أسباب آلام الظهر المزمنة، فخذ استراحة قصيرة كل ٣٠ إلى ٤٥ دقيقة للوقوف والمشي.",
            "تمارين تقوية عضلات البطن والظهر، مثل تمرين الجسر والبلانك، وتمارين الإطالة اليومية تقلل الألم.",
            "اضبط ارتفاع الكرسي والشاشة بحيث تكون الشاشة بمستوى العين والقدمان على الأرض."),
          ),
        T("knee_oa", "MF", (50, 75), "chronic", (
            "المسكنات الموضعية مثل جل الديكلوفيناك آمنة نسبيًا وفعالة للركبة، خاصة لكبار السن.",
            "المشي على أرض مستوية والسباحة وركوب الدراجة الثابتة رياضات مناسبة لمرضى الخشونة.",
        ),
          S("{P}ركبتي [تألمني|توجعني] لما أطلع الدرج وأقوم من الجلسة {dur}، وفيها طقطقة. هل هي خشونة؟",
            "الألم مع الحركة والتيبس القصير بعد الجلوس والطقطقة من علامات خشونة الركبة (الفصال العظمي)، وهي شائعة مع التقدم في العمر.",
            "تقوية عضلات الفخذ الأمامية بالتمارين هي حجر الأساس في العلاج، وتخفف الحمل عن المفصل.",
            "إنقاص الوزن ولو بقدر بسيط يخفف الألم بشكل واضح، لأن كل كيلوغرام زائد يضاعف الحمل على الركبة."),
          S("{P}عندي خشونة بالركبة والدكتور اقترح إبرة بالركبة. [إيش|ما] الفرق بين إبرة الكورتيزون والبلازما؟",
            "حقن الكورتيزون تخفف الألم والالتهاب خلال أيام لفترة قد تمتد أسابيع إلى أشهر، ولا يُنصح بتكرارها كثيرًا.",
            "حقن البلازما الغنية بالصفائح والحمض الهيالوروني نتائجها متفاوتة في الدراسات، وتفيد بعض المرضى أكثر من غيرهم.",
            "الحقن عامل مساعد وليست بديلًا عن التمارين وإنقاص الوزن."),
          S("{P}الخشونة عندي متقدمة وما عاد أقدر أمشي أكثر من ١٠ [دقايق|دقائق]. متى تصير العملية ضرورية؟",
            "يُنظر في تغيير مفصل الركبة عندما يكون الألم شديدًا ويحد من الأنشطة اليومية والنوم رغم العلاج التحفظي الكامل.",
            "عملية تغيير المفصل ناجحة جدًا في تخفيف الألم لدى أغلب المرضى، لكنها تتطلب برنامج علاج طبيعي بعدها لعدة أشهر.",
            "ناقش مع جراح العظام حالتك الصحية العامة والتوقعات الواقعية قبل اتخاذ القرار."),
          ),
        T("ankle_sprain", "MF", (16, 45), "acute", (
            "الدعامة أو الرباط أثناء الرياضة لعدة أشهر بعد الإصابة يقلل خطر تكرار الالتواء.",
            "راجع الطبيب إذا كان هناك تنميل أو برودة في القدم، أو لم يتحسن الألم خلال أسبوع.",
        ),
          S("{P}التوى كاحلي وأنا ألعب [كورة|كرة] {dur}، ومتورم ومزرق [بس|لكن] أقدر أمشي عليه شوي. هل فيه كسر؟",
            "قدرتك على المشي بعدة خطوات مباشرة بعد الإصابة وعدم وجود ألم شديد عند الضغط على عظام الكاحل من الخلف يقللان احتمال الكسر كثيرًا.",
            "إذا لم تستطع المشي أربع خطوات، أو كان هناك ألم عند الضغط على حافة العظم الخارجية أو الداخلية، فتحتاج إلى صورة أشعة.",
            "الكدمة الزرقاء والتورم متوقعان في الالتواء وقد يمتدان إلى القدم خلال أيام."),
          S("{P}[إيش|ما] العلاج الصحيح لالتواء الكاحل؟ وكم يحتاج وقت [يطيب|حتى يشفى]؟",
            "في أول ٤٨ ساعة: الراحة النسبية، والثلج ٢٠ دقيقة كل بضع ساعات، والرباط الضاغط، ورفع القدم.",
            "بعدها ابدأ الحركة التدريجية وتمارين التوازن، فالحركة المبكرة المحمية تسرّع الشفاء.",
            "يتعافى الالتواء البسيط خلال أسبوعين إلى ستة أسابيع، والشديد قد يحتاج إلى ثلاثة أشهر."),
          S("{P}كاحلي يلتوي كثير حتى على الأرض المستوية، صار لي أكثر من ٥ مرات [هالسنة|هذه السنة]. ليش؟",
            "الالتواء المتكرر يدل غالبًا على ارتخاء مزمن في أربطة الكاحل وضعف في الإحساس بوضعية المفصل بعد إصابات سابقة.",
            "برنامج علاج طبيعي يركز على التوازن وتقوية عضلات الساق يحل المشكلة لدى أغلب المرضى.",
            "إذا استمر عدم الثبات رغم العلاج فقد يُنظر في إصلاح الأربطة جراحيًا."),
          ),
        T("osteoporosis", "F", (50, 75), "chronic", (
            "الإقلاع عن التدخين وتقليل الكافيين الزائد يحميان العظام.",
            "يُعاد تقييم العلاج عادة بعد ٣ إلى ٥ سنوات مع الطبيب.",
        ),
          S("{P}عملت فحص كثافة العظام وطلع عندي هشاشة عظام. [إيش|ما] العلاج؟",
            "علاج هشاشة العظام يهدف إلى تقليل خطر الكسور، وأكثر الأدوية استخدامًا البايفوسفونيت مثل ألندرونات أسبوعيًا.",
            "يؤخذ ألندرونات صباحًا على معدة فارغة مع كوب ماء كامل، مع البقاء جالسًا أو واقفًا ٣٠ دقيقة قبل الأكل.",
            "يُضاف الكالسيوم وفيتامين د إذا كان غذاؤك لا يكفي، بعد قياس مستوى فيتامين د."),
          S("{P}هل المشي يفيد العظام؟ [وإيش|وما] الأكل [اللي|الذي] يقويها؟",
            "التمارين التي تحمل وزن الجسم كالمشي وصعود الدرج وتمارين المقاومة تحافظ على كثافة العظام وتقوي العضلات.",
            "مصادر الكالسيوم الجيدة الحليب ومشتقاته والسردين بعظامه والسمسم والخضروات الورقية، والاحتياج اليومي نحو ١٠٠٠ إلى ١٢٠٠ ملغ.",
            "التعرض المعتدل لأشعة الشمس يساعد الجسم على إنتاج فيتامين د."),
          S("[أمي|والدتي] عمرها {oldage} [وطاحت|وسقطت] وانكسر رسغها من [طيحة|سقطة] بسيطة. هل هذا بسبب الهشاشة؟",
            "الكسر من سقطة بسيطة من وضعية الوقوف يُعد علامة قوية على هشاشة العظام، ويستحق تقييمًا وعلاجًا.",
            "يُنصح بفحص كثافة العظام وفيتامين د والكالسيوم ووظائف الغدة والكلى.",
            "تقييم خطر السقوط في البيت مهم أيضًا: إضاءة جيدة، وإزالة السجاد المنزلق، ومقابض في الحمام."),
          ),
    ],
    "طب الأسنان": [
        T("toothache", "MF", (18, 60), "acute", (
            "تفريش الأسنان مرتين يوميًا بمعجون يحتوي على الفلورايد واستخدام الخيط يوميًا أساس الوقاية من التسوس.",
            "لا تضع الأسبرين أو القرنفل المركز على اللثة مباشرة لأنه قد يسبب حروقًا.",
        ),
          S("{P}ضرسي [يألمني|يوجعني] ألم نابض يزيد بالليل ومع الأشياء الحارة {dur}. [إيش أسوي|ماذا أفعل] [لين|حتى] أروح للدكتور؟",
            "الألم النابض الذي يزيد ليلًا ومع الحرارة يدل غالبًا على التهاب في عصب السن، ويحتاج عادة إلى علاج عصب أو خلع.",
            "إلى حين الموعد يمكن استخدام الإيبوبروفين 400 ملغ كل ٨ ساعات بعد الأكل، مع الباراسيتامول إذا لزم.",
            "المضاد الحيوي لا يعالج ألم العصب بحد ذاته، ولا يغني عن علاج السن."),
          S("{P}صار عندي تورم في الخد عند الضرس المسوس {dur} مع حرارة. هل هو خراج؟",
            "التورم مع الحرارة يوحي بخراج سني، وهنا يحتاج الأمر إلى تصريف الصديد وعلاج السن، وقد يُضاف مضاد حيوي.",
            "راجع طبيب الأسنان اليوم أو غدًا على الأكثر.",
            "إذا امتد التورم إلى تحت الفك أو العين، أو صعب البلع أو فتح الفم أو التنفس، فتوجه إلى الطوارئ فورًا."),
          S("{C} عمر{h} {CAGE} وعند{h} تسوس في الأسنان اللبنية. هل لازم نعالجها وهي [بتطيح|ستسقط] أصلًا؟",
            "نعم، الأسنان اللبنية تحتاج إلى علاج لأنها تحافظ على مكان الأسنان الدائمة، والتسوس فيها قد يسبب ألمًا وخراجًا.",
            "المتابعة مع طبيب أسنان الأطفال كل ٦ أشهر، وتطبيق الفلورايد، يقللان التسوس.",
            "قلّلوا العصائر والحلويات بين الوجبات، ولا يُترك الطفل ينام والرضاعة في فمه.",
            ages=(3, 8), shared=False),
          ),
        T("gums", "MF", (20, 60), "subacute", (
            "غسول الفم بالكلورهيكسيدين قد يفيد لفترة قصيرة، لكنه لا يغني عن التنظيف ويسبب تصبغًا إذا استُخدم طويلًا.",
            "زر طبيب الأسنان كل ٦ أشهر للفحص والتنظيف.",
        ),
          S("{P}لثتي تنزف لما أفرش أسناني {dur}، وفيها احمرار. [إيش|ما] السبب؟",
            "نزيف اللثة عند التفريش مع الاحمرار علامة على التهاب اللثة، وسببه الأكثر شيوعًا تراكم البلاك والجير.",
            "لا تتوقف عن التفريش، بل استخدم فرشاة ناعمة بحركات لطيفة مرتين يوميًا مع الخيط، وسيخف النزيف خلال أسبوعين غالبًا.",
            "تنظيف الجير لدى طبيب الأسنان ضروري لأن الجير لا يُزال بالفرشاة."),
          S("{P}أنا حامل وصارت لثتي متورمة وتنزف بسهولة. هل هذا طبيعي؟",
            "التهاب اللثة الحملي شائع بسبب التغيرات الهرمونية، ويبلغ ذروته في الثلث الثاني.",
            "تنظيف الأسنان لدى الطبيب آمن أثناء الحمل، ويفضل إجراؤه في الثلث الثاني.",
            "العناية الجيدة بالفم أثناء الحمل مهمة لصحة الأم والجنين.",
            sex="F", ages=(22, 38)),
          S("{P}أسناني الأمامية صارت تتحرك [شوي|قليلًا] واللثة نازلة عنها، وعندي رائحة فم. هل ممكن أخسرها؟",
            "تحرك الأسنان وانحسار اللثة ورائحة الفم من علامات التهاب دواعم السن، وهو مرحلة متقدمة من أمراض اللثة.",
            "العلاج بتنظيف عميق تحت اللثة لدى طبيب اللثة، وقد تحتاج بعض الحالات إلى جراحة.",
            "التدخين والسكري غير المنضبط يسرّعان تدهور اللثة، وضبطهما جزء من العلاج."),
          ),
        T("wisdom_tooth", "MF", (18, 35), "acute", (
            "اتبع تعليمات ما بعد الخلع: عض على الشاش نصف ساعة، وتجنب الأكل الساخن في اليوم الأول، واستخدم كمادات باردة على الخد.",
            "راجع الطبيب إذا ظهرت حرارة أو تورم يزداد أو نزيف لا يتوقف بالضغط.",
        ),
          S("{P}ضرس العقل يطلع عندي واللثة فوقه متورمة [وتوجعني|ومؤلمة] {dur}، وصعب أفتح فمي. [إيش أسوي|ماذا أفعل]؟",
            "التهاب اللثة فوق ضرس العقل الجزئي البزوغ شائع، ويسبب ألمًا وصعوبة في فتح الفم.",
            "المضمضة بالماء الدافئ والملح عدة مرات يوميًا وتنظيف المنطقة بلطف ومسكن مناسب تخفف الأعراض.",
            "إذا تكرر الالتهاب فقد يُنصح بخلع الضرس بعد زوال الالتهاب الحاد."),
          S("{P}خلعت ضرس العقل قبل ٣ أيام [والحين|والآن] الألم زاد بدل ما يخف، وفي رائحة كريهة. هل هذا طبيعي؟",
            "زيادة الألم بعد اليوم الثاني أو الثالث من الخلع مع رائحة كريهة قد تدل على التهاب السنخ الجاف، أي فقدان الجلطة الدموية من مكان الخلع.",
            "راجع طبيب الأسنان لتنظيف المكان ووضع ضماد مسكن، وغالبًا يتحسن الألم بسرعة بعدها.",
            "تجنب التدخين والمص بالمصاصة والمضمضة القوية في الأيام الأولى بعد الخلع."),
          S("{P}طبيب الأسنان قال إن ضرس العقل مدفون [بس|لكنه] ما يألمني. هل لازم أخلعه؟",
            "ضرس العقل المدفون الذي لا يسبب أعراضًا ولا يضر الأسنان المجاورة لا يلزم خلعه في كل الحالات.",
            "يُتابع بالأشعة دوريًا، ويُنصح بخلعه إذا سبب التهابات متكررة أو تسوسًا في الضرس المجاور أو كيسًا.",
            "الخلع في سن مبكرة يكون عادة أسهل وأسرع في التعافي."),
          ),
        T("sensitivity", "MF", (20, 60), "subacute", (
            "إذا كانت الحساسية في سن واحد فقط فقد تكون بسبب تسوس أو شرخ، ويجب فحصها.",
            "استخدم فرشاة ناعمة وحركات دائرية لطيفة.",
        ),
          S("{P}أسناني تتحسس من البارد والحلو {dur}، وخصوصًا لما أشرب [ماي|ماء] بارد. [إيش|ما] السبب؟",
            "حساسية الأسنان تحدث عند انكشاف طبقة العاج بسبب تآكل المينا أو انحسار اللثة.",
            "معجون الأسنان المخصص للحساسية، المحتوي على نترات البوتاسيوم أو فلوريد القصدير، يحتاج أسبوعين إلى أربعة أسابيع ليظهر أثره.",
            "التفريش بقوة أو بفرشاة خشنة من الأسباب الشائعة لانحسار اللثة."),
          S("{P}بعد ما حشيت ضرسي صار يتحسس من البارد {dur}. هل الحشوة فيها مشكلة؟",
            "الحساسية الخفيفة بعد الحشوة شائعة وتتحسن عادة خلال أسابيع قليلة.",
            "إذا كان الألم يستمر طويلًا بعد زوال البارد، أو يزداد، أو تشعر بأن الحشوة مرتفعة عند العض، فراجع الطبيب.",
            "قد يحتاج ارتفاع الحشوة إلى تعديل بسيط يزيل الألم."),
          S("{P}أشرب مشروبات غازية [كثير|بكثرة] وأحس إن أسناني صارت شفافة من الأطراف وتتحسس. هل هذا تآكل؟",
            "الأطراف الشفافة مع الحساسية توحي بتآكل المينا الحمضي بسبب المشروبات الحمضية والغازية.",
            "قلل هذه المشروبات، واشربها بمصاصة ومرة واحدة مع الوجبة بدل رشفات متكررة خلال اليوم.",
            "لا تفرش أسنانك مباشرة بعد المشروب الحمضي، بل انتظر ٣٠ دقيقة على الأقل."),
          ),
    ],
    "العيون": [
        T("red_eye", "MF", (18, 55), "acute", (
            "راجع طبيب العيون فورًا إذا صاحب الاحمرارَ ألم شديد أو تشوش في الرؤية أو حساسية شديدة للضوء.",
            "تجنب العدسات اللاصقة والمكياج حول العين حتى يزول الالتهاب.",
        ),
          S("{P}عيني [حمرا|حمراء] ومدمعة وفيها إفرازات لزجة [بالصبح|في الصباح] {dur}، وانتقلت للعين الثانية. [إيش هذا|ما هذا]؟",
            "احمرار العين مع إفرازات وانتقالها للعين الأخرى يوحي بالتهاب الملتحمة المعدي، وهو غالبًا فيروسي ويتحسن خلال أسبوع إلى أسبوعين.",
            "الإفرازات الصفراء السميكة التي تلصق الجفون قد تشير إلى عدوى بكتيرية تستفيد من قطرة مضاد حيوي.",
            "التهاب الملتحمة معدٍ، فاغسل يديك كثيرًا ولا تشارك المناشف."),
          S("{P}عيوني تحكني بقوة وتدمع كل ربيع، ومعها عطاس. [إيش|ما] العلاج؟",
            "الحكة الشديدة الموسمية مع العطاس تدل على التهاب الملتحمة التحسسي.",
            "قطرات مضادة للحساسية مثل أولوباتادين فعالة، ويمكن البدء بها قبل بداية الموسم.",
            "الكمادات الباردة وغسل الوجه بعد الخروج وتجنب فرك العينين تخفف الأعراض."),
          S("{P}ألبس عدسات لاصقة، وصارت عيني تألمني بقوة مع احمرار وحساسية من الضوء. [إيش أسوي|ماذا أفعل]؟",
            "الألم الشديد مع الاحمرار والحساسية للضوء لدى مستخدمي العدسات قد يدل على قرحة في القرنية، وهي حالة طارئة.",
            "انزع العدسات فورًا ولا تلبسها مرة أخرى، وراجع طبيب العيون في اليوم نفسه مع أخذ العدسات وعلبتها.",
            "لا تستخدم قطرات الكورتيزون دون وصفة لأنها قد تزيد العدوى سوءًا."),
          ),
        T("dry_eye", "MF", (25, 65), "chronic", (
            "رطّب هواء الغرفة، وتجنب توجيه المكيف أو المروحة إلى الوجه، واشرب ماءً كافيًا.",
            "إذا ظهر ألم شديد أو ضعف في الرؤية فراجع طبيب العيون.",
        ),
          S("{P}أحس بحرقان [ورمل|وكأن فيها رمل] في عيوني خصوصًا آخر النهار {dur}، وأشتغل على الكمبيوتر ساعات. [إيش|ما] الحل؟",
            "هذه أعراض جفاف العين، ويزيده العمل الطويل على الشاشات لأن معدل الرمش يقل أثناء التركيز.",
            "اتبع قاعدة ٢٠-٢٠-٢٠: كل ٢٠ دقيقة انظر إلى شيء يبعد نحو ٦ أمتار لمدة ٢٠ ثانية.",
            "استخدم الدموع الاصطناعية الخالية من المواد الحافظة عدة مرات يوميًا."),
          S("{P}جفاف العين عندي مستمر {dur} رغم القطرات، وجفوني محمرة وفيها قشور. هل في سبب ثاني؟",
            "احمرار حواف الجفون والقشور يدلان على التهاب الجفن وخلل غدد ميبوميوس، وهو سبب شائع لجفاف العين.",
            "الكمادات الدافئة ٥ إلى ١٠ دقائق يوميًا مع تدليك لطيف للجفون وتنظيفها تحسن الحالة كثيرًا.",
            "قد يصف الطبيب علاجات إضافية إذا استمرت الأعراض."),
          S("{P}بعد انقطاع الدورة صارت عيوني [ناشفة|جافة] وتحرقني. هل للهرمونات علاقة؟",
            "نعم، جفاف العين أكثر شيوعًا لدى النساء بعد انقطاع الطمث بسبب التغيرات الهرمونية.",
            "بعض الأدوية مثل مضادات الهيستامين وبعض أدوية الضغط ومضادات الاكتئاب تزيد الجفاف أيضًا.",
            "إذا صاحب الجفافَ جفاف شديد في الفم أو آلام مفاصل فقد يُطلب فحص لمتلازمة شوغرن.",
            sex="F", ages=(48, 65)),
          ),
        T("floaters", "MF", (35, 70), "subacute", (
            "أي تغير مفاجئ في الرؤية يستحق فحصًا عاجلًا لدى طبيب العيون.",
            "القطرات لا تزيل العوائم، ونادرًا ما تحتاج إلى تدخل.",
        ),
          S("{P}صرت أشوف نقط [سودا|سوداء] وخيوط تتحرك قدام عيني {dur}، خصوصًا لما أنظر للسماء. هل هذا خطير؟",
            "العوائم أو الذباب الطائر شائعة مع التقدم في العمر وقصر النظر، وتنتج عن تغيرات طبيعية في السائل الزجاجي داخل العين.",
            "إذا كانت قديمة وثابتة العدد فهي غالبًا غير خطيرة ويتعود عليها الدماغ مع الوقت.",
            "يُنصح بفحص قاع العين مرة للاطمئنان."),
          S("{P}فجأة اليوم ظهرت عندي نقط سوداء كثيرة في عين [وحدة|واحدة] مع ومضات ضوء. [أنتظر لبكرة|هل أنتظر إلى الغد]؟",
            "الظهور المفاجئ لعوائم كثيرة مع ومضات ضوئية قد يدل على انفصال الجسم الزجاجي أو تمزق في الشبكية.",
            "لا تنتظر، راجع طبيب العيون أو الطوارئ اليوم لفحص الشبكية بعد توسيع الحدقة.",
            "إذا ظهر ستار أو ظل يغطي جزءًا من مجال الرؤية فهذه علامة انفصال شبكية وتحتاج علاجًا عاجلًا."),
          S("{P}عندي قصر نظر شديد، هل أنا معرض لانفصال الشبكية أكثر من غيري؟",
            "نعم، قصر النظر الشديد يزيد احتمال تمزق الشبكية وانفصالها لأن جدار العين يكون أطول وأرق.",
            "يُنصح بفحص دوري لقاع العين، ومعرفة الأعراض التحذيرية مثل الومضات والعوائم المفاجئة.",
            "تجنب الرياضات العنيفة التي قد تسبب ضربات على الرأس أو العين، واستخدم واقيًا عند الحاجة.",
            ages=(20, 45)),
          ),
        T("eye_screening", "MF", (40, 70), "chronic", (
            "الفحص الدوري للعين بعد سن الأربعين مهم للجميع، حتى دون أعراض.",
            "التزم بالقطرات الموصوفة في مواعيدها، لأن إهمالها يسمح بتلف العصب البصري بصمت.",
        ),
          S("{P}عندي سكري من {yrs} سنوات ونظري سليم، هل أحتاج فحص عيون؟",
            "نعم، يُنصح مرضى السكري بفحص قاع العين بعد توسيع الحدقة سنويًا، حتى لو كانت الرؤية سليمة.",
            "اعتلال الشبكية السكري قد لا يسبب أعراضًا في مراحله الأولى، واكتشافه مبكرًا يسمح بعلاجه قبل تأثر النظر.",
            "ضبط السكر والضغط والكوليسترول يقلل خطر الاعتلال وتقدمه."),
          S("{P}[أبوي|والدي] عنده [ماء أزرق|الماء الأزرق] (جلوكوما)، هل أنا معرض للإصابة؟",
            "نعم، وجود قريب من الدرجة الأولى مصاب بالجلوكوما يزيد خطر الإصابة عدة أضعاف.",
            "الجلوكوما المزمنة لا تسبب أعراضًا في البداية، وتُكتشف بقياس ضغط العين وفحص العصب البصري ومجال الرؤية.",
            "يُنصح بفحص شامل لدى طبيب العيون، وتكراره كل سنة إلى سنتين حسب النتائج."),
          S("{P}فجأة صار عندي ألم شديد في عيني مع صداع واستفراغ وأشوف هالات حول الأضواء. [إيش هذا|ما هذا]؟",
            "هذه الأعراض قد تدل على الجلوكوما الحادة مغلقة الزاوية، وهي حالة طارئة قد تسبب فقدان البصر خلال ساعات.",
            "توجه إلى طوارئ العيون فورًا لخفض ضغط العين بالأدوية ثم علاجها بالليزر.",
            "لا تستخدم أي قطرات أو أدوية موسعة للحدقة قبل التقييم.",
            shared=False),
          ),
    ],
}

# Persona and framing pieces for the questions ------------------------------------------------

AR_GREETINGS = ("", "", "", "السلام عليكم، ", "السلام عليكم دكتور، ", "مرحبا دكتور، ", "لو سمحت يا دكتور، ",
                "الله يعطيك العافية دكتور، ", "استشارة من فضلكم: ")
AR_EXTRAS_SELF = ("", "", "", " أرجو الإفادة.", " وجزاكم الله خيرًا.", " وشكرًا مقدمًا.",
                  " ولا أعاني من أمراض مزمنة.", " ولم أراجع أي طبيب حتى الآن.", " وأنا {g:قلق/قلقة} جدًا من الموضوع.")
AR_EXTRAS_OTHER = ("", "", " أرجو الرد.", " وشكرًا لكم.", " جزاكم الله خيرًا.")
AR_OPENERS = ("", "", "", "أهلًا بك، ", "شكرًا على سؤالك، ", "سلامتك، ", "مرحبًا بك، ")
AR_CLOSERS_ADULT = ("", "", "", "مع تمنياتي لك بالشفاء العاجل.", "ولا تتردد في مراجعة طبيبك إذا استمرت الأعراض.",
                    "أتمنى لك دوام الصحة والعافية.", "والله يعطيك العافية.")
AR_CLOSERS_CHILD = ("", "", "مع تمنياتي لطفلكم بالصحة والعافية.", "حفظ الله طفلكم.", "ولا تترددوا في مراجعة طبيب الأطفال عند القلق.")

AR_CHILD_NOUNS = {"M": ("ابني", "طفلي", "ولدي"), "F": ("ابنتي", "طفلتي", "بنتي")}

# Whole English sentences/clauses planted inside Arabic answers (residual English).
EN_RESIDUAL = (
    "Please take it after meals and don't skip any doses.",
    "You should see a doctor if it does not improve within a week.",
    "Drink plenty of fluids and get enough rest.",
    "This is usually not serious, but follow-up is important.",
    "Call emergency services right away if the symptoms get worse.",
    "Avoid self-medication and never use antibiotics without a prescription.",
    "Keep a diary of your symptoms to show your doctor.",
    "The prognosis is generally very good with proper treatment.",
    "Make sure to complete the full course of treatment.",
    "It is better to get a proper check-up as soon as possible.",
    "Follow up with your doctor in two weeks.",
    "Lifestyle changes are always the first step.",
    "In most cases it resolves on its own within a few days.",
    "Do not stop the medication suddenly without asking your doctor.",
    "Regular exercise and a balanced diet make a big difference.",
)

# Words swapped for a synonym to make a near duplicate.
AR_SYNONYMS = (("الطبيب", "الدكتور"), ("فورًا", "حالًا"), ("يُنصح", "يُستحسن"), ("غالبًا", "في الغالب"),
               ("شائع", "منتشر"), ("شديد", "قوي"), ("أيضًا", "كذلك"), ("يجب", "ينبغي"), ("مراجعة", "زيارة"),
               ("الأعراض", "العلامات"), ("تساعد", "تفيد"), ("عادة", "في العادة"))


# =============================================================================================
# Composing Arabic records
# =============================================================================================

def ar_decimal(text: str, rng: random.Random) -> str:
    """A decimal like 38.5, in Arabic-Indic digits with the Arabic decimal separator half the time."""
    return text.translate(_TO_ARABIC_DIGITS).replace(".", "٫") if rng.random() < 0.5 else text


def ar_years(n: int, rng: random.Random) -> str:
    if n == 1:
        return "سنة"
    if n == 2:
        return "سنتان"
    return f"{ar_digits(n, rng)} {'سنوات' if n <= 10 else 'سنة'}"


def ar_months(n: int, rng: random.Random) -> str:
    if n == 1:
        return "شهر واحد"
    if n == 2:
        return "شهران"
    return f"{ar_digits(n, rng)} {'أشهر' if n <= 10 else 'شهرًا'}"


def ar_duration(kind: str, rng: random.Random) -> str:
    def n(lo: int, hi: int) -> str:
        return ar_digits(rng.randint(lo, hi), rng)
    options: dict[str, list[Callable[[], str]]] = {
        "acute": [lambda: "منذ يومين", lambda: f"منذ {n(3, 6)} أيام", lambda: "من أمس", lambda: "منذ أسبوع تقريبًا",
                  lambda: "من ثلاثة أيام", lambda: "منذ ٤٨ ساعة", lambda: "من يوم الجمعة"],
        "subacute": [lambda: "منذ أسبوعين", lambda: f"منذ {n(3, 5)} أسابيع", lambda: "منذ شهر تقريبًا",
                     lambda: "من حوالي عشرة أيام", lambda: "منذ شهرين", lambda: "من أكثر من شهر"],
        "chronic": [lambda: f"منذ {n(3, 10)} أشهر", lambda: "منذ سنة", lambda: "منذ سنتين", lambda: "من فترة طويلة",
                    lambda: f"منذ أكثر من {n(3, 5)} سنوات", lambda: "من سنين"],
    }
    return rng.choice(options[kind])()


_MARRIED_CONTEXT = ("حامل", "متزوجة", "الولادة", "الجماع", "أجهض", "إجهاض", "الدورة متأخرة", "زوجي")


def adult_intro(rng: random.Random, sex: str, age: int, stem_text: str) -> str:
    a = ar_digits(age, rng)
    if sex == "M":
        options = [f"أنا رجل عمري {a} سنة، ", f"عمري {a} سنة، "]
        if age <= 30:
            options.append(f"أنا شاب عمري {a} سنة، ")
        if age >= 28:
            options.append(f"أنا متزوج وعمري {a} سنة، ")
        if age >= 60:
            options.append(f"أنا رجل كبير في السن، عمري {a} سنة، ")
    else:
        options = [f"أنا امرأة عمري {a} سنة، ", f"عمري {a} سنة، ", f"أنا سيدة عمري {a} سنة، "]
        if age <= 27 and not any(w in stem_text for w in _MARRIED_CONTEXT):
            options += [f"أنا فتاة عمري {a} سنة، ", f"أنا بنت عمري {a} سنة، "]
        if age >= 25:
            options.append(f"أنا متزوجة وعمري {a} سنة، ")
    return "" if rng.random() < 0.22 else rng.choice(options)


_GENDERED = re.compile(r"\{g:([^/{}]+)/([^{}]+)\}")


def fill_ar_question(topic: Topic, stem: Stem, rng: random.Random) -> tuple[str, bool, str]:
    """The question text, whether it is about a child, and the greeting used."""
    text = pick_alternatives(stem.text, rng)
    sex = stem.sex or rng.choice(topic.sex)
    text = _GENDERED.sub(lambda m: m.group(1) if sex == "M" else m.group(2), text)
    lo, hi = stem.ages or topic.ages
    age = rng.randint(lo, hi)
    child = "{C}" in text
    values: dict[str, str] = {
        "dur": ar_duration(topic.dur, rng),
        "bp": (lambda s, d: f"{ar_digits(s, rng, 1.0)}/{ar_digits(d, rng, 1.0)}" if rng.random() < 0.5
               else f"{s} على {d}")(*rng.choice([(150, 95), (160, 100), (155, 98), (165, 105), (148, 96), (170, 100)])),
        "ldl": f"{ar_digits(rng.choice([158, 165, 172, 180, 190, 205]), rng)} ملغ/دل",
        "temp": f"{ar_decimal(rng.choice(['38.5', '38.7', '38.9', '39', '39.2', '39.5']), rng)} درجة",
        "a1c": ar_decimal(rng.choice(["5.9", "6.1", "6.3", "6.8", "7.2", "7.9"]), rng),
        "fbs": f"{ar_digits(rng.randint(104, 168), rng)} ملغ/دل",
        "low": ar_digits(rng.randint(48, 66), rng),
        "gw": ar_digits(rng.randint(6, 12), rng),
        "oldage": ar_digits(rng.randint(62, 84), rng),
        "yrs": ar_digits(rng.randint(3, 10), rng),
        "count": ar_digits(rng.randint(3, 6), rng),
        "P": adult_intro(rng, sex, age, text) if "{P}" in text else "",
    }
    if child:
        male = sex == "M"
        values.update(C=rng.choice(AR_CHILD_NOUNS[sex]), h="ه" if male else "ها", t="ي" if male else "ت",
                      pt="" if male else "ت", hu="هو" if male else "هي",
                      CAGE=ar_years(age, rng), MAGE=ar_months(age, rng),
                      kg=ar_digits(2 * age + 8 + rng.randint(-2, 2), rng))
    question = text.format_map(values)
    greeting = rng.choice(AR_GREETINGS)
    extras = AR_EXTRAS_SELF if "{P}" in stem.text else AR_EXTRAS_OTHER
    extra = _GENDERED.sub(lambda m: m.group(1) if sex == "M" else m.group(2), rng.choice(extras))
    return greeting + question + extra, child, greeting


def compose_ar_answer(topic: Topic, stem: Stem, rng: random.Random, greeting: str, child: bool) -> str:
    # The first sentence of a stem answers the question itself and later ones may lean on it, so it always leads.
    specific = [pick_alternatives(s, rng) for s in stem.answers]
    extra = sorted(rng.sample(range(1, len(specific)), rng.choice([0, 1, 1, 2, 2])))
    body = [specific[i] for i in [0, *extra]]
    if stem.shared:
        shared = list(topic.shared)
        body += [shared[i] for i in sorted(rng.sample(range(len(shared)), rng.choice([0, 0, 1, 1, 2])))]
    if rng.random() < 0.1:
        return body[0]  # some doctors answer in one sentence
    if greeting.startswith("السلام") and rng.random() < 0.8:
        opener = "وعليكم السلام، "
    else:
        opener = rng.choice(AR_OPENERS)
    closer = rng.choice(AR_CLOSERS_CHILD if child else AR_CLOSERS_ADULT)
    return opener + " ".join(body) + (" " + closer if closer else "")


def ar_stem_bank() -> list[tuple[str, Topic, Stem, str]]:
    return [(category, topic, stem, f"{topic.key}/{i}")
            for category, topics in AR_TOPICS.items() for topic in topics for i, stem in enumerate(topic.stems)]


def generate_ar_qa(rng: random.Random, need: int, guard: DistinctnessGuard, qguard: DistinctnessGuard) -> list[Row]:
    """`need` distinct Arabic Q&A rows, cycling over the stems in shuffled order."""
    bank = ar_stem_bank()
    rows: list[Row] = []
    for _ in range(8):
        order = list(range(len(bank)))
        rng.shuffle(order)
        for i in order:
            if len(rows) >= need:
                return rows
            category, topic, stem, key = bank[i]
            for _attempt in range(8):
                question, child, greeting = fill_ar_question(topic, stem, rng)
                answer = compose_ar_answer(topic, stem, rng, greeting, child)
                qfp = qguard.check(question)
                fp = guard.check(question + "\n" + answer) if qfp else None
                if qfp and fp:
                    qguard.add(qfp)
                    guard.add(fp)
                    rows.append(Row({"Question": question, "Answer": answer, "Category": category}, key=key))
                    break
    raise RuntimeError(f"could only generate {len(rows)} of {need} distinct Arabic Q&A rows")


# ---- planted edits for Arabic text ---------------------------------------------------------

_AR_WORD = re.compile(r"[\u0621-\u064a]{4,}")
_NON_JOINING = set("اأإآءدذرزوؤةى")


def _edit_diacritic(text: str, rng: random.Random) -> str | None:
    words = list(_AR_WORD.finditer(text))
    if not words:
        return None
    m = rng.choice(words)
    pos = m.start() + 2
    return text[:pos] + rng.choice(["َ", "ّ", "ُ"]) + text[pos:]


def _edit_regex(pattern: str, replacement: str) -> Callable[[str, random.Random], str | None]:
    def edit(text: str, rng: random.Random) -> str | None:
        hits = list(re.finditer(pattern, text))
        if not hits:
            return None
        m = rng.choice(hits)
        return text[:m.start()] + replacement + text[m.end():]
    return edit


def _edit_tatweel(text: str, rng: random.Random) -> str | None:
    spots = [m.start() + j for m in _AR_WORD.finditer(text) for j in range(1, len(m.group()) - 1)
             if text[m.start() + j - 1] not in _NON_JOINING and text[m.start() + j - 1] != "ـ"]
    if not spots:
        return None
    pos = rng.choice(spots)
    return text[:pos] + "ـ" + text[pos:]


def _edit_punctuation(text: str, rng: random.Random) -> str | None:
    if text.endswith("؟"):
        return text + rng.choice(["؟", "!", "!!"])
    if text.endswith("."):
        return text[:-1] + rng.choice(["..", "!", " ."])
    return text + rng.choice(["؟", "."])


def _edit_whitespace(text: str, rng: random.Random) -> str | None:
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return None
    i = rng.choice(spaces)
    return text[:i] + "  " + text[i + 1:]


def _edit_synonym(text: str, rng: random.Random) -> str | None:
    pairs = list(AR_SYNONYMS)
    rng.shuffle(pairs)
    for word, synonym in pairs:
        hits = list(re.finditer(rf"(?<![\u0621-\u064a]){re.escape(word)}(?![\u0621-\u064a])", text))
        if hits:
            m = rng.choice(hits)
            return text[:m.start()] + synonym + text[m.end():]
    return None


AR_EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "diacritic": _edit_diacritic,
    "hamza": _edit_regex(r"(?<![\u0621-\u064a])[أإ]", "ا"),
    "ta_marbuta": _edit_regex(r"ة(?![\u0621-\u064a])", "ه"),
    "alef_maqsura": _edit_regex(r"ى(?![\u0621-\u064a])", "ي"),
    "tatweel": _edit_tatweel,
    "punctuation": _edit_punctuation,
    "whitespace": _edit_whitespace,
    "synonym": _edit_synonym,
}
EDIT_DESCRIPTIONS = {
    "diacritic": "a diacritic added", "hamza": "أ/إ written as bare ا", "ta_marbuta": "ة written as ه",
    "alef_maqsura": "ى written as ي", "tatweel": "a tatweel (ـ) inserted", "punctuation": "extra punctuation",
    "whitespace": "a doubled space", "synonym": "a word swapped for a synonym", "case": "letter case changed",
}


def apply_edits(data: dict[str, Any], plan: list[tuple[str, str]], edits: dict[str, Callable],
                rng: random.Random) -> dict[str, Any] | None:
    """Apply (field, edit kind) pairs to a copy of a record; None if an edit does not apply."""
    out = dict(data)
    for column, kind in plan:
        edited = edits[kind](out[column], rng)
        if edited is None or edited == out[column]:
            return None
        out[column] = edited
    return out


def near_similarity(a: str, b: str) -> float:
    return round(jaccard(char_grams(full_norm(a)), char_grams(full_norm(b))), 3)


def plant_near_duplicates(rng: random.Random, rows: list[Row], plans: list[list[tuple[str, str]]],
                          edits: dict[str, Callable], text_of: Callable[[Any], str],
                          pred: Callable[[Row], bool], label: Callable[[list[tuple[str, str]]], str]) -> None:
    """For each plan, edit a copy of an untouched row from the first 75% of the file and place it later."""
    for plan in plans:
        pool = [r for r in rows[: int(0.75 * len(rows))] if r.case is None and not r.taken and pred(r)]
        rng.shuffle(pool)
        for original in pool:
            edited = apply_edits(original.data, plan, edits, rng)
            if edited is None:
                continue
            score = near_similarity(text_of(original.data), text_of(edited))
            if score < NEAR_MIN:
                continue
            original.taken = True
            kind = label(plan)
            row = Row(edited, case="near_duplicate", ref=original,
                      detail={"edit": kind, "fields": sorted({c for c, _ in plan}), "similarity": score},
                      note=f"near duplicate ({kind}) of row {{ref}}")
            place_after(rows, row, rng)
            break
        else:
            raise RuntimeError(f"no row accepts near-duplicate edit {plan}")


def plant_exact_duplicates(rng: random.Random, rows: list[Row], k: int, copy: Callable[[Any], Any] = dict,
                           note: str = "exact duplicate of row {ref}") -> None:
    for original in choose(rng, rows, k, span=(0.0, 0.75)):
        place_after(rows, Row(copy(original.data), case="exact_duplicate", ref=original, note=note), rng)


def inject_english(answer: str, phrase: str, rng: random.Random) -> str:
    """Plant a whole English sentence or clause inside an Arabic answer."""
    style = rng.choice(["append", "middle", "clause"])
    if style == "middle":
        cut = answer.find(". ")
        if cut > 0:
            return answer[:cut + 1] + " " + phrase + answer[cut + 1:]
    if style == "clause":
        return answer.rstrip(".") + "، " + phrase[0].lower() + phrase[1:]
    return answer + " " + phrase


# =============================================================================================
# Builder: ahqad_sample.csv
# =============================================================================================

def ahqad_text(data: dict[str, Any]) -> str:
    return f"{data['Question']}\n{data['Answer']}"


def build_ahqad(rng: random.Random, guard: DistinctnessGuard, qguard: DistinctnessGuard) -> list[Row]:
    n_exact, n_near, n_malformed = 10, 12, 2
    rows = generate_ar_qa(rng, N_AHQAD - n_exact - n_near, guard, qguard)
    uses: dict[str, int] = {}
    for r in rows:
        uses[r.key] = uses.get(r.key, 0) + 1

    def single_use(r: Row) -> bool:
        return uses[r.key] == 1

    def csv_safe(r: Row) -> bool:
        return not any(ch in r.data[c] for c in ("Question", "Answer") for ch in ',"\n') and r.data["Answer"].count(". ") >= 1

    # Two rows become malformed lines with the wrong number of fields.
    short, long_ = choose(rng, rows, n_malformed, csv_safe, span=(0.15, 0.9))
    short.case, short.quarantine = "malformed", (None, "malformed_row")
    short.note = "3 fields: the Category field is missing"
    short.raw = lambda r, n: f"{n - 1},{r.data['Question']},{r.data['Answer']}"
    long_.case, long_.quarantine = "malformed", (None, "malformed_row")
    long_.note = "5 fields: an unquoted comma inside the Answer"
    long_.raw = lambda r, n: (f"{n - 1},{r.data['Question']},"
                              f"{r.data['Answer'].replace('. ', ', ', 1)},{r.data['Category']}")

    phrases = list(EN_RESIDUAL)
    rng.shuffle(phrases)
    for row, phrase in zip(choose(rng, rows, 15, lambda r: r.data["Answer"].count(".") >= 2), phrases):
        row.data["Answer"] = inject_english(row.data["Answer"], phrase, rng)
        row.case, row.note = "residual_english", f"English inside the Arabic answer: “{phrase}”"
    for row in choose(rng, rows, 4, single_use):
        row.data["Answer"] = ""
        row.case, row.quarantine, row.note = "empty_answer", ("Answer", "empty"), "empty Answer"
    for row in choose(rng, rows, 1, single_use):
        row.data["Question"] = ""
        row.case, row.quarantine, row.note = "empty_question", ("Question", "empty"), "empty Question"

    plant_exact_duplicates(rng, rows, n_exact, note="exact duplicate of row {ref} (same Question, Answer and Category; its own index)")
    plans = [[("Answer", "diacritic")], [("Answer", "hamza")], [("Answer", "ta_marbuta")],
             [("Answer", "alef_maqsura")], [("Answer", "tatweel")], [("Question", "punctuation")],
             [("Answer", "whitespace")], [("Answer", "synonym")], [("Question", "synonym")],
             [("Question", "diacritic"), ("Answer", "hamza")], [("Answer", "ta_marbuta"), ("Answer", "whitespace")],
             [("Answer", "synonym"), ("Question", "punctuation")]]
    plant_near_duplicates(rng, rows, plans, AR_EDITS, ahqad_text,
                          pred=lambda r: len(r.data["Answer"].split()) >= 25,
                          label=lambda plan: "+".join(k for _, k in plan))
    return rows


def render_csv(header: list[str], rows: list[Row], fields: Callable[[Row, int], list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        if row.raw:
            buf.write(row.raw(row, n) + "\n")
        else:
            writer.writerow(fields(row, n))
    return buf.getvalue().encode("utf-8")


def render_ahqad(rows: list[Row]) -> bytes:
    return render_csv(["", "Question", "Answer", "Category"], rows,
                      lambda r, n: [n - 1, r.data["Question"], r.data["Answer"], r.data["Category"]])


# =============================================================================================
# Content bank 2: Arabic instructions (CIDAR-shaped)
# =============================================================================================

CIDAR_EXPLAIN: list[tuple[str, str]] = [
    ("اشرح عملية البناء الضوئي بأسلوب مبسط.",
     "البناء الضوئي عملية تقوم بها النباتات الخضراء لصنع غذائها، إذ تمتص الأوراق ضوء الشمس بواسطة صبغة الكلوروفيل، وتأخذ ثاني أكسيد الكربون من الهواء والماء من التربة، ثم تحولها إلى سكر الغلوكوز وتطلق الأكسجين. ولهذه العملية أهمية كبرى لأنها مصدر الغذاء والأكسجين لمعظم الكائنات الحية."),
    ("ما هي دورة الماء في الطبيعة؟",
     "دورة الماء هي الحركة المستمرة للماء بين سطح الأرض والغلاف الجوي. تبدأ بتبخر الماء من البحار والأنهار بفعل حرارة الشمس، ثم يتكاثف البخار في طبقات الجو الباردة مكوّنًا السحب، وبعدها يهطل على شكل مطر أو ثلج، فيجري في الأنهار أو يتسرب إلى باطن الأرض، ليعود إلى البحر وتتكرر الدورة."),
    ("اشرح الفرق بين الطقس والمناخ.",
     "الطقس هو حالة الجو في مكان معين خلال فترة قصيرة، كيوم أو أسبوع، من حيث الحرارة والرياح والأمطار. أما المناخ فهو متوسط حالة الطقس في منطقة ما على مدى سنوات طويلة، عادةً ثلاثين سنة أو أكثر. فقولنا إن اليوم ممطر وصف للطقس، وقولنا إن صيف المنطقة حار وجاف وصف لمناخها."),
    ("وضّح معنى التضخم الاقتصادي مع مثال.",
     "التضخم هو الارتفاع المستمر في المستوى العام للأسعار، مما يعني انخفاض القوة الشرائية للنقود. فإذا كان مبلغ ١٠٠ ريال يكفي لشراء سلة من السلع في العام الماضي، ثم أصبحت السلة نفسها تكلف ١١٠ ريالات هذا العام، فإن معدل التضخم يقارب ١٠٪."),
    ("ما المقصود بالطاقة المتجددة؟ اذكر ثلاثة أمثلة.",
     "الطاقة المتجددة هي الطاقة المستمدة من مصادر طبيعية لا تنفد أو تتجدد باستمرار، على عكس النفط والفحم. ومن أمثلتها: الطاقة الشمسية التي تُجمع بالألواح الشمسية، وطاقة الرياح التي تُولَّد بالتوربينات، والطاقة الكهرومائية الناتجة عن حركة المياه في السدود."),
    ("اشرح كيف يعمل اللقاح في جسم الإنسان.",
     "يحتوي اللقاح على جزء غير ضار من الميكروب أو نسخة مضعفة منه أو تعليمات لصنع أحد بروتيناته. وعندما يدخل الجسم يتعرف عليه الجهاز المناعي ويصنع أجسامًا مضادة وخلايا ذاكرة، فإذا تعرض الإنسان لاحقًا للميكروب الحقيقي استطاع جسمه التعرف عليه ومقاومته بسرعة قبل أن يسبب مرضًا شديدًا."),
    ("ما الفرق بين الفيروس والبكتيريا؟",
     "البكتيريا كائنات حية وحيدة الخلية تستطيع التكاثر بنفسها، وبعضها مفيد كبكتيريا الأمعاء، وبعضها يسبب أمراضًا تُعالج بالمضادات الحيوية. أما الفيروسات فأصغر بكثير، ولا تتكاثر إلا داخل خلايا كائن آخر، ولا تؤثر فيها المضادات الحيوية، ويُعتمد في الوقاية منها على اللقاحات وفي علاج بعضها على أدوية مضادة للفيروسات."),
    ("اشرح ظاهرة خسوف القمر.",
     "يحدث خسوف القمر عندما تقع الأرض بين الشمس والقمر على خط واحد تقريبًا، فيسقط ظل الأرض على القمر ويحجب عنه ضوء الشمس. ولا يحدث إلا في ليلة البدر، وقد يكون كليًا أو جزئيًا، ويظهر القمر أثناء الخسوف الكلي بلون نحاسي محمر بسبب انكسار ضوء الشمس في الغلاف الجوي للأرض."),
    ("كيف تحدث الزلازل؟",
     "تتكون القشرة الأرضية من صفائح ضخمة تتحرك ببطء. وعندما تحتك هذه الصفائح أو تتصادم يتراكم الضغط في الصخور، فإذا تجاوز قدرتها على التحمل انكسرت فجأة وانطلقت طاقة هائلة على شكل موجات زلزالية تهز سطح الأرض."),
    ("ما هو الذكاء الاصطناعي؟ أجب في ثلاث جمل.",
     "الذكاء الاصطناعي فرع من علوم الحاسوب يهدف إلى بناء أنظمة تؤدي مهام تحتاج عادةً إلى ذكاء بشري. ومن أمثلته التعرف على الصور والكلام والترجمة الآلية واقتراح المحتوى. وتعتمد أغلب تطبيقاته الحديثة على تعلّم الأنماط من كميات كبيرة من البيانات."),
    ("اشرح مفهوم الاحتباس الحراري.",
     "الاحتباس الحراري هو ارتفاع متوسط درجة حرارة الأرض بسبب زيادة غازات مثل ثاني أكسيد الكربون والميثان في الغلاف الجوي. هذه الغازات تسمح بمرور أشعة الشمس لكنها تحبس جزءًا من الحرارة المنبعثة من الأرض، كما يفعل زجاج البيت المحمي. ومن أبرز أسباب زيادتها حرق الوقود الأحفوري وإزالة الغابات."),
    ("ما المقصود بالميزانية الشخصية؟ ولماذا هي مهمة؟",
     "الميزانية الشخصية خطة مكتوبة توزع فيها دخلك الشهري على بنود الإنفاق والادخار. وتكمن أهميتها في أنها تكشف أين يذهب مالك، وتساعدك على تجنب الديون، وتتيح لك الادخار لأهدافك وللطوارئ. ومن القواعد الشائعة تخصيص نحو ٢٠٪ من الدخل للادخار."),
    ("اشرح لماذا تبدو السماء زرقاء.",
     "يتكون ضوء الشمس من ألوان متعددة، وعندما يمر عبر الغلاف الجوي تصطدم أشعته بجزيئات الهواء الصغيرة فتتشتت. والضوء الأزرق ذو الطول الموجي القصير يتشتت أكثر بكثير من الأحمر، فينتشر في أرجاء السماء ويصل إلى أعيننا من كل الاتجاهات، فنراها زرقاء."),
    ("ما هو الجهاز المناعي؟",
     "الجهاز المناعي هو منظومة الدفاع في الجسم، ويتكون من خلايا الدم البيضاء والأجسام المضادة والغدد اللمفاوية والطحال وغيرها. وظيفته التعرف على الأجسام الغريبة كالبكتيريا والفيروسات والقضاء عليها، وتذكّرها لمقاومتها بسرعة عند التعرض لها مرة أخرى."),
    ("اشرح معنى المثل: «الوقت كالسيف إن لم تقطعه قطعك».",
     "يشبّه المثل الوقت بالسيف الحاد؛ فمن أحسن استغلاله في العمل النافع حقق أهدافه، ومن أهمله وأضاعه مضى عليه دون فائدة وخسر فرصه. والمقصود الحث على تنظيم الوقت وعدم التسويف."),
    ("اشرح المقصود بالتنمية المستدامة.",
     "التنمية المستدامة هي تلبية احتياجات الجيل الحاضر دون الإضرار بقدرة الأجيال القادمة على تلبية احتياجاتها. وتقوم على التوازن بين ثلاثة أبعاد: النمو الاقتصادي، والعدالة الاجتماعية، وحماية البيئة ومواردها."),
    ("كيف يعمل محرك البحث على الإنترنت بشكل مبسط؟",
     "يرسل محرك البحث برامج آلية تزور صفحات الإنترنت باستمرار وتجمع محتواها، ثم يرتب هذه المعلومات في فهرس ضخم. وعندما تكتب سؤالك يبحث في الفهرس عن الصفحات الأكثر صلة، ويرتبها حسب عوامل مثل تطابق الكلمات وجودة الصفحة وموثوقيتها."),
    ("ما الفرق بين الاسم العلمي والاسم الشائع للكائن الحي؟",
     "الاسم الشائع هو الاسم المتداول بين الناس، ويختلف من بلد لآخر ومن لغة لأخرى. أما الاسم العلمي فاسم لاتيني موحد عالميًا يتكون من جزأين: اسم الجنس واسم النوع، ويساعد العلماء على تجنب الالتباس عند الحديث عن الكائن نفسه."),
    ("اشرح أهمية النحل للبيئة.",
     "يؤدي النحل دورًا أساسيًا في تلقيح الأزهار، إذ ينقل حبوب اللقاح من زهرة إلى أخرى أثناء جمعه الرحيق، مما يساعد على تكوّن الثمار والبذور. ويعتمد جزء كبير من المحاصيل الغذائية على هذا التلقيح، فضلًا عن إنتاج النحل للعسل والشمع."),
    ("ما هي الطاقة الحركية؟",
     "الطاقة الحركية هي الطاقة التي يمتلكها الجسم بسبب حركته، وتعتمد على كتلته وسرعته، وتُحسب بالعلاقة: نصف الكتلة مضروبًا في مربع السرعة. لذلك إذا تضاعفت سرعة السيارة تضاعفت طاقتها الحركية أربع مرات."),
    ("اشرح دور الكبد في جسم الإنسان.",
     "الكبد أكبر غدة في الجسم، ويقوم بمهام كثيرة، منها تنقية الدم من السموم والأدوية، وإنتاج العصارة الصفراوية التي تساعد على هضم الدهون، وتخزين السكر على شكل غلايكوجين، وصنع بروتينات مهمة مثل الألبومين وعوامل تخثر الدم."),
    ("ما الفرق بين النجم والكوكب؟",
     "النجم جرم سماوي ضخم يُنتج ضوءه وحرارته بنفسه من خلال تفاعلات الاندماج النووي في باطنه، مثل الشمس. أما الكوكب فجرم لا يُنتج ضوءًا، بل يعكس ضوء النجم الذي يدور حوله، مثل الأرض والمريخ."),
    ("اشرح كيف تتكون الرياح.",
     "تنشأ الرياح بسبب اختلاف الضغط الجوي بين منطقتين. فعندما تسخّن الشمس سطح الأرض بشكل غير متساوٍ، يرتفع الهواء الساخن لأنه أخف، فينخفض الضغط في مكانه، ويتحرك الهواء من مناطق الضغط المرتفع إلى مناطق الضغط المنخفض، وهذه الحركة هي الرياح."),
]

CIDAR_PASSAGES: list[tuple[str, str]] = [
    ("تعد القراءة من أهم وسائل اكتساب المعرفة وتنمية الفكر. فهي توسع مدارك الإنسان وتعرّفه على تجارب الآخرين وثقافاتهم، كما تثري لغته وتحسن قدرته على التعبير. وقد أثبتت الدراسات أن القراءة المنتظمة تقوي الذاكرة وتساعد على التركيز، بل وتخفف التوتر. لذلك ينبغي أن نغرس حب القراءة في نفوس الأطفال منذ الصغر.",
     "القراءة تنمّي المعرفة واللغة والذاكرة وتخفف التوتر، ولذا يجب تعويد الأطفال عليها مبكرًا."),
    ("المشي من أبسط أنواع الرياضة وأكثرها فائدة، إذ لا يحتاج إلى أدوات أو اشتراكات. ويساعد المشي المنتظم لمدة نصف ساعة يوميًا على تقوية القلب وضبط ضغط الدم وسكر الدم، كما يحسن المزاج والنوم. ويمكن إدماجه في الحياة اليومية باستخدام الدرج بدل المصعد أو المشي إلى الأماكن القريبة.",
     "المشي اليومي رياضة سهلة ومجانية تفيد القلب والضغط والسكر والمزاج، ويمكن إدخالها بسهولة في الروتين اليومي."),
    ("يعاني كثير من دول العالم من شح المياه العذبة بسبب قلة الأمطار وتزايد عدد السكان والاستهلاك المفرط. وتلجأ بعض الدول إلى تحلية مياه البحر رغم تكلفتها العالية، بينما تعتمد أخرى على إعادة استخدام المياه المعالجة في الزراعة. ويبقى ترشيد الاستهلاك في المنازل والمزارع من أهم الحلول وأقلها كلفة.",
     "شح المياه مشكلة عالمية تُواجَه بالتحلية وإعادة الاستخدام، لكن الترشيد يظل الحل الأهم والأرخص."),
    ("انتقلت صناعة الورق من الصين إلى العالم الإسلامي في القرن الثامن الميلادي، وأُنشئت في بغداد مصانع للورق ازدهرت معها حركة التأليف والترجمة. وقد ساعد الورق، لرخصه مقارنة بالرق والبردي، على انتشار الكتب والمكتبات. ثم انتقلت هذه الصناعة عبر الأندلس وصقلية إلى أوروبا.",
     "انتقلت صناعة الورق من الصين إلى بغداد ثم إلى أوروبا، وأسهم رخصه في ازدهار التأليف وانتشار الكتب."),
    ("يحتاج البالغون إلى سبع ساعات من النوم على الأقل كل ليلة. وقلة النوم لا تسبب التعب فحسب، بل تضعف المناعة وتزيد خطر السمنة وارتفاع الضغط، وتؤثر سلبًا على التركيز واتخاذ القرارات. ومن أهم عادات النوم الصحي الالتزام بمواعيد ثابتة وتجنب الشاشات قبل النوم.",
     "النوم سبع ساعات على الأقل ضروري للصحة والتركيز، ويساعد على ذلك ثبات المواعيد وتجنب الشاشات ليلًا."),
    ("شهد التعليم الإلكتروني انتشارًا واسعًا في السنوات الأخيرة، فقد أتاح للطلاب التعلم من أي مكان وفي أي وقت، ووفر مصادر متنوعة كالمحاضرات المسجلة والاختبارات التفاعلية. لكنه يواجه تحديات، أبرزها ضعف الاتصال بالإنترنت في بعض المناطق، وحاجة الطالب إلى قدر عالٍ من الانضباط الذاتي، وقلة التفاعل المباشر مع المعلم والزملاء.",
     "التعليم الإلكتروني وفّر مرونة ومصادر متنوعة، لكنه يواجه تحديات الاتصال والانضباط الذاتي وضعف التفاعل المباشر."),
    ("تحتل النخلة مكانة خاصة في شبه الجزيرة العربية، فقد كانت مصدرًا رئيسيًا للغذاء بفضل التمر الغني بالسكريات والألياف والمعادن. واستُخدم جذعها في البناء، وسعفها في صناعة السلال والحصير، ونواها علفًا للماشية. ولا تزال زراعة النخيل من أهم الأنشطة الزراعية في المنطقة حتى اليوم.",
     "النخلة ذات أهمية كبيرة في الجزيرة العربية، فهي مصدر غذاء ومواد للبناء والصناعات اليدوية، وما زالت زراعتها مهمة."),
    ("مقاومة المضادات الحيوية من أخطر التحديات الصحية في عصرنا. وتحدث عندما تتكيف البكتيريا فتصبح الأدوية غير قادرة على قتلها، ويسهم في ذلك الإفراط في وصف المضادات الحيوية واستخدامها لعلاج نزلات البرد الفيروسية وعدم إكمال الجرعات. وللحد منها يجب ألا تُستخدم المضادات إلا بوصفة طبية وللمدة المحددة.",
     "مقاومة المضادات الحيوية خطر متزايد سببه سوء استخدامها، ويُحد منها باستخدامها بوصفة طبية وللمدة المحددة فقط."),
    ("أصبحت الأجهزة الذكية جزءًا من حياة الأطفال اليومية. ويرى المختصون أن الاستخدام المعتدل للمحتوى التعليمي قد يكون مفيدًا، لكن الإفراط فيه يرتبط بقلة النشاط البدني واضطرابات النوم وضعف التواصل الاجتماعي. وتوصي جهات صحية بعدم تعريض الأطفال دون سن الثانية للشاشات إلا في مكالمات الفيديو العائلية، وتحديد ساعة يوميًا لمن هم بين الثانية والخامسة.",
     "الاستخدام المعتدل للأجهزة الذكية قد يفيد الأطفال، لكن الإفراط فيه يضر نشاطهم ونومهم، ويُنصح بتقليل الشاشات لمن هم دون الخامسة."),
    ("يُعد الحسن بن الهيثم من أبرز علماء البصريات في التاريخ، وقد عاش بين القرنين العاشر والحادي عشر الميلاديين. وفي كتابه «المناظر» أثبت أن الرؤية تحدث بدخول الضوء إلى العين لا بخروج شعاع منها كما كان يُعتقد، واعتمد في أبحاثه على التجربة والملاحظة المنظمة، مما جعله من رواد المنهج العلمي.",
     "ابن الهيثم عالم بصريات بارز أثبت في كتاب «المناظر» أن الرؤية تنتج عن دخول الضوء إلى العين، وكان من رواد المنهج التجريبي."),
]
CIDAR_SUMMARY_PROMPTS = ("لخّص الفقرة التالية في جملة واحدة:\n{p}", "اكتب ملخصًا قصيرًا للنص الآتي:\n{p}",
                         "ما الفكرة الرئيسية في هذا النص؟\n{p}")

CIDAR_WRITE: list[tuple[str, str]] = [
    ("اكتب رسالة قصيرة لصديقك تهنئه فيها بنجاحه.",
     "عزيزي خالد،\nبلغني خبر نجاحك وتفوقك ففرحت كثيرًا، فأنت تستحق هذا النجاح بعد جهدك وسهرك طوال العام. أتمنى لك مزيدًا من التوفيق في المرحلة القادمة، وأرجو أن نحتفل معًا قريبًا.\nصديقك المخلص، سامي"),
    ("اكتب بريدًا إلكترونيًا رسميًا تطلب فيه إجازة لمدة ثلاثة أيام.",
     "الموضوع: طلب إجازة اعتيادية\n\nالسيد مدير الموارد البشرية المحترم،\nتحية طيبة وبعد،\nأرجو التكرم بالموافقة على منحي إجازة اعتيادية لمدة ثلاثة أيام، من يوم الأحد إلى يوم الثلاثاء من الأسبوع القادم، وذلك لظروف عائلية. وقد نسّقت مع زملائي لتغطية مهامي خلال فترة غيابي.\nوتفضلوا بقبول فائق الاحترام،\nمحمد العلي"),
    ("اكتب فقرة قصيرة عن أهمية الصداقة.",
     "الصداقة من أجمل العلاقات الإنسانية، فالصديق الحقيقي يشاركك أفراحك ويخفف عنك أحزانك، وينصحك بصدق حين تخطئ. وقد قيل: «الصديق وقت الضيق»، أي أن الصداقة تظهر قيمتها في الشدائد. لذلك ينبغي أن نحسن اختيار أصدقائنا ونحافظ عليهم بالوفاء والاحترام."),
    ("اكتب إعلانًا قصيرًا عن افتتاح مكتبة جديدة في الحي.",
     "يسرّ مكتبة «الضياء» أن تدعوكم لحضور حفل افتتاحها يوم الخميس القادم في الساعة الخامسة مساءً، بجوار مسجد الحي. تضم المكتبة ركنًا خاصًا للأطفال ومساحة هادئة للمذاكرة، وخصمًا بنسبة ٢٠٪ على جميع الكتب في أسبوع الافتتاح. بانتظاركم!"),
    ("اكتب خاطرة قصيرة عن المطر.",
     "حين يهطل المطر تهدأ الأرض وتتنفس، وتغتسل الأشجار من غبار الصيف، وتعلو رائحة التراب كأنها تحية من السماء. المطر رسالة أمل تقول إن بعد الجفاف خيرًا، وإن القلوب كالأرض، تحيا من جديد إذا سُقيت بالمحبة."),
    ("اكتب ثلاث نصائح للطلاب قبل الامتحانات.",
     "١. نظّم وقتك بجدول مراجعة واقعي يوزع المواد على الأيام المتبقية.\n٢. نم جيدًا في الليلة السابقة للامتحان، فالسهر يضعف التركيز والذاكرة.\n٣. تدرّب على حل أسئلة الامتحانات السابقة لتتعرف على نمط الأسئلة وتدير وقتك في القاعة."),
    ("اكتب وصفًا قصيرًا لغروب الشمس على البحر.",
     "انحدرت الشمس نحو الأفق كقرص من ذهب، فاصطبغت السماء بألوان البرتقالي والوردي، وانعكس ضوؤها على صفحة البحر خطًا لامعًا يمتد حتى الشاطئ. هدأت الأمواج شيئًا فشيئًا، وحلّقت النوارس عائدة إلى أعشاشها، حتى غابت الشمس وبدأ الليل يرخي سدوله."),
    ("اكتب رسالة شكر لمعلمتك.",
     "معلمتي الفاضلة،\nأتقدم إليك بجزيل الشكر والامتنان على صبرك وعطائك طوال هذا العام، فقد علّمتني أن أحب التعلم لا أن أحفظ فقط، وكنتِ دائمًا قدوة في الإخلاص والاحترام. أسأل الله أن يجزيك عني خير الجزاء.\nطالبتك المحبة، ريم"),
    ("اكتب تغريدة تشجع فيها الناس على التبرع بالدم.",
     "قطرة منك قد تنقذ حياة! التبرع بالدم آمن ولا يستغرق أكثر من نصف ساعة، وكيس واحد قد يساعد حتى ثلاثة مرضى. زر أقرب بنك دم وكن سببًا في فرحة أسرة. #تبرع_بالدم"),
    ("اكتب قصة قصيرة جدًا عن طفل يساعد جاره المسن.",
     "كان يوسف يرى جاره العم صالح يحمل أكياس الخبز كل صباح بخطوات بطيئة. وفي أحد الأيام أسرع إليه وحمل عنه الأكياس حتى باب بيته. ابتسم العم صالح وقال: «بارك الله فيك يا بني». ومنذ ذلك اليوم صار يوسف ينتظره كل صباح عند ناصية الشارع، وصارت بينهما صداقة لا تُنسى."),
    ("اكتب دعوة لحضور حفل تخرج.",
     "يتشرف خريجو دفعة علوم الحاسب بدعوتكم لحضور حفل تخرجهم، وذلك مساء يوم السبت القادم في قاعة الاحتفالات الكبرى بالجامعة، في تمام الساعة السابعة. حضوركم يسعدنا ويكمل فرحتنا."),
    ("اكتب اعتذارًا مهذبًا لعميل عن تأخر طلبه.",
     "عميلنا العزيز،\nنعتذر بصدق عن تأخر وصول طلبك عن الموعد المحدد، وذلك بسبب ضغط غير متوقع في عمليات الشحن. وقد تم شحن طلبك اليوم، وسيصلك خلال يومين، وأضفنا إلى حسابك قسيمة خصم تقديرًا لصبرك.\nمع خالص التحية، فريق خدمة العملاء"),
    ("اكتب مقدمة لموضوع تعبير عن الوطن.",
     "الوطن ليس مجرد أرض نسكنها، بل هو ذاكرة وهوية وانتماء، فيه وُلدنا وعلى ترابه كبرنا، ومن خيراته نعيش. وحب الوطن شعور فطري يدفعنا إلى العمل من أجل رفعته، والمحافظة على أمنه ومقدّراته، وفي هذا الموضوع نتحدث عن معنى الانتماء وكيف نترجمه إلى أفعال."),
    ("اكتب وصفة بسيطة لتحضير سلطة الفتوش.",
     "المكونات: خس مقطع، وخيارتان، وثلاث حبات طماطم، وفلفل أخضر، وبصل أخضر، وفجل، وبقدونس ونعناع، ورغيف خبز محمص مقطع مربعات.\nالصلصة: زيت زيتون، وعصير ليمون، ودبس الرمان، وسماق، وملح.\nالطريقة: تُقطَّع الخضار وتُخلط في وعاء كبير، ثم تُضاف الصلصة وتُقلَّب جيدًا، ويُضاف الخبز المحمص قبل التقديم مباشرة كي يبقى مقرمشًا."),
    ("اكتب حوارًا قصيرًا بين بائع ومشترٍ في سوق الخضار.",
     "المشتري: السلام عليكم، بكم كيلو الطماطم اليوم؟\nالبائع: وعليكم السلام، بخمسة ريالات، وهي طازجة من المزرعة صباح اليوم.\nالمشتري: أعطني كيلوين إذن، وهل عندك خيار؟\nالبائع: نعم، الكيلو بأربعة ريالات.\nالمشتري: حسنًا، كيلو واحد من فضلك.\nالبائع: تفضل، المجموع أربعة عشر ريالًا."),
    ("اكتب نصيحة لشخص يريد أن يبدأ ممارسة الرياضة.",
     "ابدأ بخطوات صغيرة وواقعية، كالمشي السريع عشرين دقيقة ثلاث مرات أسبوعيًا، ثم زد المدة تدريجيًا. اختر نشاطًا تستمتع به حتى تستمر عليه، ولا تنسَ الإحماء قبل التمرين وشرب الماء. وإذا كنت تعاني من مرض مزمن فاستشر طبيبك قبل البدء."),
    ("اكتب سيرة ذاتية مختصرة لممرضة حديثة التخرج.",
     "الاسم: نورة أحمد\nالمؤهل: بكالوريوس التمريض، بتقدير ممتاز.\nالتدريب: سنة امتياز في أقسام الباطنية والطوارئ والأطفال.\nالمهارات: قياس العلامات الحيوية، وإعطاء الأدوية بأمان، والتثقيف الصحي للمرضى، والعمل ضمن الفريق.\nالشهادات: دعم الحياة الأساسي.\nاللغات: العربية والإنجليزية."),
    ("اكتب شعارًا لحملة توعوية عن غسل اليدين.",
     "«يداك نظيفتان… صحتك في أمان».\nويمكن أن يرافقه شعار فرعي: «عشرون ثانية من الماء والصابون تحميك وتحمي من تحب»."),
]

# (english, arabic, plural or None, example sentence)
CIDAR_EN_AR = [
    ("hospital", "مستشفى", "مستشفيات", "نُقل المريض إلى المستشفى بسيارة الإسعاف."),
    ("knowledge", "معرفة", "معارف", "المعرفة تُكتسب بالقراءة والتجربة."),
    ("friendship", "صداقة", "صداقات", "جمعتهما صداقة طويلة منذ أيام الدراسة."),
    ("library", "مكتبة", "مكتبات", "قضيت المساء أقرأ في مكتبة الجامعة."),
    ("headache", "صداع", None, "شعرت بصداع بعد يوم طويل أمام الحاسوب."),
    ("butterfly", "فراشة", "فراشات", "حطّت فراشة ملونة على زهرة الياسمين."),
    ("environment", "بيئة", "بيئات", "يجب أن نحافظ على البيئة من التلوث."),
    ("responsibility", "مسؤولية", "مسؤوليات", "تحمّل المسؤولية علامة على النضج."),
    ("vegetables", "خضروات", None, "تناول الخضروات يوميًا مفيد للصحة."),
    ("bridge", "جسر", "جسور", "عبرنا الجسر الممتد فوق النهر."),
    ("freedom", "حرية", "حريات", "الحرية مسؤولية قبل أن تكون حقًا."),
    ("pharmacy", "صيدلية", "صيدليات", "اشتريت الدواء من الصيدلية المجاورة."),
    ("island", "جزيرة", "جزر", "زرنا جزيرة صغيرة في عرض البحر."),
    ("kidney", "كلية", "كُلى", "تنقي الكلية الدم من الفضلات."),
    ("honesty", "صدق", None, "الصدق أساس الثقة بين الناس."),
    ("neighbour", "جار", "جيران", "ساعدنا جارنا في نقل الأثاث."),
]
# (arabic, english, note)
CIDAR_AR_EN = [
    ("شجرة", "tree", "وجمعها في الإنجليزية trees."),
    ("سحابة", "cloud", "وتُستعمل أيضًا في سياق التخزين السحابي."),
    ("طبيب", "doctor", "ويُقال أيضًا physician للطبيب الباطني."),
    ("مطبخ", "kitchen", "وهي كلمة شائعة في وصف أجزاء المنزل."),
    ("قلب", "heart", "وتُستعمل مجازًا للتعبير عن العاطفة كما في العربية."),
    ("سعادة", "happiness", "وهي اسم مشتق من الصفة happy."),
    ("نافذة", "window", "وتعني أيضًا نافذة البرنامج على شاشة الحاسوب."),
    ("دواء", "medicine", "وفي السياق الطبي الدقيق تُستعمل أيضًا medication."),
]
CIDAR_EN_AR_PROMPTS = ("ترجم كلمة «{en}» إلى العربية.", "ما معنى كلمة {en} باللغة العربية؟",
                       "ما المقابل العربي للكلمة الإنجليزية \"{en}\"؟", "ترجم إلى العربية: {en}")
CIDAR_AR_EN_PROMPTS = ("ترجم كلمة «{ar}» إلى الإنجليزية.", "ما هي الكلمة الإنجليزية المقابلة لكلمة «{ar}»؟",
                       "كيف نقول «{ar}» بالإنجليزية؟")

CIDAR_PLURALS = [("كتاب", "كُتُب"), ("قلم", "أقلام"), ("مدينة", "مُدُن"), ("بيت", "بيوت"), ("شجرة", "أشجار"),
                 ("طالب", "طلاب"), ("نهر", "أنهار"), ("جبل", "جبال"), ("سفينة", "سُفُن"), ("وزير", "وزراء"),
                 ("صديق", "أصدقاء"), ("مريض", "مرضى"), ("درس", "دروس"), ("باب", "أبواب"), ("ولد", "أولاد"),
                 ("قرية", "قُرى"), ("رسالة", "رسائل"), ("مفتاح", "مفاتيح"), ("نجم", "نجوم"), ("عين", "عيون"),
                 ("حديقة", "حدائق"), ("سؤال", "أسئلة"), ("لون", "ألوان"), ("شارع", "شوارع")]
CIDAR_ANTONYMS = [("طويل", "قصير"), ("سريع", "بطيء"), ("قديم", "جديد"), ("غني", "فقير"), ("سهل", "صعب"),
                  ("قوي", "ضعيف"), ("فرح", "حزن"), ("نهار", "ليل"), ("صادق", "كاذب"), ("شجاع", "جبان"),
                  ("واسع", "ضيق"), ("ثقيل", "خفيف"), ("بارد", "حار"), ("نظيف", "متسخ"), ("قريب", "بعيد"),
                  ("كبير", "صغير"), ("مبكر", "متأخر"), ("حلو", "مر"), ("دخول", "خروج"), ("نجاح", "فشل"),
                  ("بداية", "نهاية"), ("أمام", "خلف"), ("صيف", "شتاء"), ("كثير", "قليل")]
CIDAR_SYNONYMS = [("سعيد", "مسرور"), ("جميل", "حسن"), ("بيت", "منزل"), ("أسد", "ليث"), ("مطر", "غيث"),
                  ("كريم", "جواد"), ("بدأ", "شرع"), ("رأى", "أبصر"), ("نور", "ضياء"), ("حزن", "أسى"),
                  ("ذكي", "نبيه"), ("طريق", "سبيل")]
CIDAR_WORD_PROMPTS = {
    "plural": ("اذكر جمع الكلمات التالية: {words}.", "ما جمع كل كلمة مما يأتي: {words}؟", "هات جمع: {words}."),
    "antonym": ("هات مضاد الكلمات الآتية: {words}.", "ما عكس كل من: {words}؟", "اذكر ضد الكلمات التالية: {words}."),
    "synonym": ("هات مرادف الكلمات الآتية: {words}.", "اذكر كلمة بمعنى كل مما يلي: {words}."),
}
CIDAR_WORD_LABEL = {"plural": "جمع", "antonym": "مضاد", "synonym": "مرادف"}

CIDAR_GRAMMAR: list[tuple[str, str]] = [
    ("أعرب الجملة: «ذهبَ الطالبُ إلى المدرسةِ».",
     "ذهبَ: فعل ماضٍ مبني على الفتح.\nالطالبُ: فاعل مرفوع وعلامة رفعه الضمة الظاهرة على آخره.\nإلى: حرف جر مبني على السكون.\nالمدرسةِ: اسم مجرور بـ«إلى» وعلامة جره الكسرة الظاهرة على آخره."),
    ("أعرب: «الشمسُ مشرقةٌ».",
     "الشمسُ: مبتدأ مرفوع وعلامة رفعه الضمة الظاهرة.\nمشرقةٌ: خبر مرفوع وعلامة رفعه الضمة الظاهرة."),
    ("أعرب كلمة «المعلمين» في جملة: «احترمتُ المعلمين».",
     "المعلمين: مفعول به منصوب وعلامة نصبه الياء لأنه جمع مذكر سالم."),
    ("أعرب: «كان الجوُّ جميلًا».",
     "كان: فعل ماضٍ ناقص مبني على الفتح.\nالجوُّ: اسم كان مرفوع وعلامة رفعه الضمة الظاهرة.\nجميلًا: خبر كان منصوب وعلامة نصبه الفتحة الظاهرة."),
    ("أعرب: «إنّ العلمَ نورٌ».",
     "إنّ: حرف توكيد ونصب مبني على الفتح.\nالعلمَ: اسم إنّ منصوب وعلامة نصبه الفتحة الظاهرة.\nنورٌ: خبر إنّ مرفوع وعلامة رفعه الضمة الظاهرة."),
    ("أعرب: «يكتبُ الطلابُ الدرسَ».",
     "يكتبُ: فعل مضارع مرفوع وعلامة رفعه الضمة الظاهرة.\nالطلابُ: فاعل مرفوع وعلامة رفعه الضمة الظاهرة.\nالدرسَ: مفعول به منصوب وعلامة نصبه الفتحة الظاهرة."),
    ("صحح الأخطاء الإملائية في الجملة: «ذهبت البنات الى المدرسه».",
     "الصواب: «ذهبت البنات إلى المدرسة». تُكتب «إلى» بهمزة قطع تحت الألف، وتُكتب «المدرسة» بالتاء المربوطة لأنها تُنطق تاءً عند الوصل."),
    ("صحح الخطأ النحوي في الجملة: «رأيت المعلمون في الساحة».",
     "الصواب: «رأيت المعلمين في الساحة»؛ لأن «المعلمين» مفعول به منصوب، وجمع المذكر السالم يُنصب بالياء."),
    ("صحح: «هاذا الكتاب مفيد جدن».",
     "الصواب: «هذا الكتاب مفيد جدًّا»، فاسم الإشارة «هذا» يُكتب دون ألف بعد الهاء، و«جدًّا» تُكتب بتنوين الفتح على الألف لا بالنون."),
    ("صحح الخطأ: «الطالبان مجتهدين».",
     "الصواب: «الطالبان مجتهدان»؛ لأن «مجتهدان» خبر المبتدأ مرفوع وعلامة رفعه الألف لأنه مثنى."),
    ("صحح الخطأ في: «الطقس جميلٌ اليوم، لاكن الرياح قوية».",
     "تُكتب «لكنّ» دون ألف بعد اللام رغم نطقها، فتصبح الجملة: «الطقس جميلٌ اليوم، لكنّ الرياح قوية»."),
    ("صحح الخطأ: «مررت بالطلاب المجتهدون».",
     "الصواب: «مررت بالطلاب المجتهدين»؛ لأن «المجتهدين» نعت تابع لمنعوته المجرور، وجمع المذكر السالم يُجر بالياء."),
    ("حدد نوع كل كلمة (اسم، فعل، حرف) في الجملة: «سافر أخي إلى القاهرة».",
     "سافر: فعل ماضٍ.\nأخي: اسم.\nإلى: حرف جر.\nالقاهرة: اسم."),
    ("ما مفرد الكلمات: أطباء، مساجد، أقلام؟", "مفرد «أطباء»: طبيب.\nمفرد «مساجد»: مسجد.\nمفرد «أقلام»: قلم."),
    ("حوّل الجملة إلى صيغة المؤنث: «الطالب المجتهد نجح في الامتحان».", "الطالبة المجتهدة نجحت في الامتحان."),
    ("حوّل الجملة إلى الجمع: «المهندس يعمل في المصنع».", "المهندسون يعملون في المصنع."),
    ("ما الفرق بين التاء المربوطة والتاء المفتوحة؟",
     "التاء المربوطة (ة) تأتي في آخر الأسماء، وتُنطق هاءً عند الوقف وتاءً عند الوصل، مثل: مدرسة وشجرة. أما التاء المفتوحة (ت) فتُنطق تاءً في الوصل والوقف، وتأتي في آخر الأفعال مثل: كتبتْ، وفي جمع المؤنث السالم مثل: معلمات، وفي بعض الأسماء مثل: بيت وصوت."),
    ("متى تُكتب الهمزة على الألف في أول الكلمة؟",
     "تُكتب همزة القطع فوق الألف إذا كانت مفتوحة أو مضمومة مثل: أكل وأُم، وتحتها إذا كانت مكسورة مثل: إسلام وإيمان، وتُنطق في الابتداء وفي درج الكلام. أما همزة الوصل فلا تُكتب ولا تُنطق إذا سبقها كلام، مثل: استماع وانطلاق."),
    ("اذكر أسماء الإشارة للمفرد المذكر والمفردة المؤنثة والجمع.",
     "هذا للمفرد المذكر، وهذه للمفردة المؤنثة، وهؤلاء للجمع بنوعيه."),
    ("ضع كلمة «بينما» في جملة مفيدة.", "كنت أقرأ كتابًا بينما كان أخي يلعب في الحديقة."),
    ("ما معنى كلمة «الوجل»؟", "الوجل هو الخوف والخشية، يقال: وَجِل الرجل أي خاف، فهو وَجِل."),
]

CIDAR_KNOWLEDGE: list[tuple[str, str]] = [
    ("ما عواصم الدول التالية: اليابان، كندا، أستراليا؟", "عاصمة اليابان طوكيو، وعاصمة كندا أوتاوا، وعاصمة أستراليا كانبرا."),
    ("اذكر عواصم: المغرب، تركيا، البرازيل.", "الرباط عاصمة المغرب، وأنقرة عاصمة تركيا، وبرازيليا عاصمة البرازيل."),
    ("ما عاصمة كل من مصر والأردن والسودان؟", "القاهرة عاصمة مصر، وعمّان عاصمة الأردن، والخرطوم عاصمة السودان."),
    ("ما عاصمة سويسرا؟ وما عاصمة نيوزيلندا؟", "عاصمة سويسرا برن، وليست جنيف أو زيورخ كما يظن كثيرون، وعاصمة نيوزيلندا ويلينغتون."),
    ("كم عدد كواكب المجموعة الشمسية؟ اذكرها.",
     "عددها ثمانية كواكب، مرتبة من الأقرب إلى الشمس: عطارد، والزهرة، والأرض، والمريخ، والمشتري، وزحل، وأورانوس، ونبتون."),
    ("ما أطول نهر في العالم؟",
     "يُعد نهر النيل أطول نهر في العالم بطول يقارب ٦٦٥٠ كيلومترًا، وإن كانت بعض القياسات الحديثة تضع نهر الأمازون قريبًا منه أو أطول."),
    ("ما أكبر محيط على سطح الأرض؟", "المحيط الهادئ هو أكبر المحيطات وأعمقها، ويغطي نحو ثلث مساحة سطح الأرض."),
    ("ما درجة غليان الماء عند مستوى سطح البحر؟",
     "يغلي الماء النقي عند ١٠٠ درجة مئوية عند مستوى سطح البحر، وتنخفض درجة الغليان كلما ارتفعنا عن سطح البحر لانخفاض الضغط الجوي."),
    ("من هو مخترع الهاتف؟",
     "يُنسب اختراع الهاتف إلى ألكسندر غراهام بيل الذي حصل على براءة الاختراع عام ١٨٧٦، مع أن مخترعين آخرين مثل أنطونيو ميوتشي عملوا على أجهزة مشابهة."),
    ("ما أصغر دولة في العالم من حيث المساحة؟", "الفاتيكان، إذ تبلغ مساحتها نحو نصف كيلومتر مربع، وتقع داخل مدينة روما."),
    ("كم عدد عظام جسم الإنسان البالغ؟",
     "يحتوي جسم الإنسان البالغ على ٢٠٦ عظام، بينما يولد الطفل بعدد أكبر يقارب ٣٠٠ عظمة يلتحم بعضها مع النمو."),
    ("ما العنصر الكيميائي الذي رمزه Fe؟", "الرمز Fe يدل على عنصر الحديد، وهو مأخوذ من اسمه اللاتيني، وعدده الذري ٢٦."),
    ("متى يحدث الاعتدال الربيعي؟",
     "يحدث الاعتدال الربيعي في نصف الكرة الشمالي نحو ٢٠ أو ٢١ مارس، حين تتعامد الشمس على خط الاستواء فيتساوى طول الليل والنهار تقريبًا."),
    ("ما هي أكبر قارة في العالم؟", "قارة آسيا هي الأكبر مساحةً وسكانًا، إذ تشغل نحو ٣٠٪ من مساحة اليابسة."),
    ("ما سرعة الضوء تقريبًا؟", "تبلغ سرعة الضوء في الفراغ نحو ٣٠٠ ألف كيلومتر في الثانية، وهي أعلى سرعة معروفة في الكون."),
    ("من مؤلف «المقدمة»؟ وبماذا اشتهرت؟",
     "مؤلفها عبد الرحمن بن خلدون، المؤرخ والمفكر المولود في تونس في القرن الرابع عشر الميلادي، واشتهرت مقدمته بتحليل العمران البشري وقيام الدول وسقوطها، ويُعد لذلك من رواد علم الاجتماع."),
    ("ما الفرق بين الكتلة والوزن؟",
     "الكتلة مقدار ما يحتويه الجسم من مادة، وتُقاس بالكيلوغرام ولا تتغير بتغير المكان. أما الوزن فهو قوة جذب الجاذبية للجسم، ويُقاس بالنيوتن، ولذلك يقل وزن الإنسان على سطح القمر بينما تبقى كتلته كما هي."),
    ("كم عدد أيام السنة الكبيسة؟",
     "السنة الكبيسة في التقويم الميلادي ٣٦٦ يومًا، إذ يُضاف يوم إلى شهر فبراير فيصبح ٢٩ يومًا، وتتكرر كل أربع سنوات في الغالب."),
    ("لماذا يطفو الجليد على الماء؟",
     "لأن كثافة الجليد أقل من كثافة الماء السائل؛ فعند التجمد تترتب جزيئات الماء في شبكة بلورية تترك فراغات بينها، فيزداد حجمه، وهذا ما يحمي الكائنات في البحيرات من التجمد في الشتاء."),
    ("ما وحدة قياس شدة التيار الكهربائي؟", "الأمبير، نسبةً إلى العالم الفرنسي أندريه ماري أمبير."),
]

CIDAR_MATH: list[tuple[str, str]] = [
    ("احسب ٢٥٪ من ٨٠.", "٢٥٪ من ٨٠ = ٨٠ × ٠٫٢٥ = ٢٠."),
    ("إذا كان ثمن ٣ أقلام ١٥ ريالًا، فكم ثمن ٧ أقلام؟", "ثمن القلم الواحد = ١٥ ÷ ٣ = ٥ ريالات، إذن ثمن ٧ أقلام = ٧ × ٥ = ٣٥ ريالًا."),
    ("قطار يسير بسرعة ٩٠ كم في الساعة، كم يقطع في ساعتين ونصف؟", "المسافة = السرعة × الزمن = ٩٠ × ٢٫٥ = ٢٢٥ كيلومترًا."),
    ("ما العدد التالي في المتتالية: ٢، ٤، ٨، ١٦، ...؟", "العدد التالي هو ٣٢، لأن كل حد يساوي ضعف الحد الذي قبله."),
    ("حوّل ٣ ساعات و١٥ دقيقة إلى دقائق.", "٣ ساعات = ١٨٠ دقيقة، ونضيف ١٥ دقيقة، فيكون المجموع ١٩٥ دقيقة."),
    ("احسب مساحة مستطيل طوله ١٢ سم وعرضه ٥ سم.", "مساحة المستطيل = الطول × العرض = ١٢ × ٥ = ٦٠ سنتيمترًا مربعًا."),
    ("إذا كان عمر سارة ضعف عمر أخيها، ومجموع عمريهما ٢٧ سنة، فكم عمر كل منهما؟",
     "نفرض أن عمر الأخ س، فيكون عمر سارة ٢س، و س + ٢س = ٢٧، إذن ٣س = ٢٧ و س = ٩. عمر الأخ ٩ سنوات، وعمر سارة ١٨ سنة."),
    ("ما ناتج ١٤٤ ÷ ١٢ + ٣ × ٤؟", "نبدأ بالقسمة والضرب قبل الجمع: ١٤٤ ÷ ١٢ = ١٢، و٣ × ٤ = ١٢، ثم ١٢ + ١٢ = ٢٤."),
]

CIDAR_HEALTH: list[tuple[str, str]] = [
    ("ما فوائد شرب الماء بكمية كافية؟",
     "يساعد الماء على تنظيم حرارة الجسم، ونقل العناصر الغذائية، والتخلص من الفضلات عبر الكلى، ويحافظ على ليونة المفاصل ونضارة البشرة، ويقي من الإمساك وحصوات الكلى. كما أن الجفاف البسيط قد يسبب الصداع وضعف التركيز."),
    ("اذكر خمس نصائح للحفاظ على صحة القلب.",
     "١. مارس نشاطًا بدنيًا معتدلًا ١٥٠ دقيقة أسبوعيًا.\n٢. قلّل الملح والدهون المشبعة وأكثر من الخضار والفواكه.\n٣. امتنع عن التدخين.\n٤. حافظ على وزن صحي.\n٥. افحص ضغطك وسكرك ودهون دمك بانتظام."),
    ("ما أعراض الجفاف عند البالغين؟",
     "من أعراض الجفاف العطش، وجفاف الفم، وقلة التبول مع بول داكن اللون، والتعب، والدوخة خاصة عند الوقوف، والصداع. وفي الحالات الشديدة قد يحدث تسارع في نبضات القلب وتشوش، وهنا يجب طلب المساعدة الطبية."),
    ("كيف أغسل يدي بالطريقة الصحيحة؟",
     "بلّل يديك بالماء، وضع الصابون، ثم افرك راحتي اليدين وظهريهما وبين الأصابع وحول الإبهامين وأطراف الأصابع لمدة ٢٠ ثانية على الأقل، ثم اشطفهما جيدًا وجففهما بمنديل نظيف."),
    ("ما هو ضغط الدم الطبيعي؟",
     "يُعد ضغط الدم طبيعيًا لدى البالغين إذا كان أقل من ١٢٠/٨٠ ملم زئبقي تقريبًا. وتُعتبر القراءات المتكررة بدءًا من ١٣٠/٨٠ أو ١٤٠/٩٠ حسب الإرشادات المعتمدة مرتفعة وتستحق المتابعة مع الطبيب."),
    ("ما الفرق بين السكري من النوع الأول والنوع الثاني؟",
     "في النوع الأول يهاجم جهاز المناعة خلايا البنكرياس المنتجة للإنسولين، فيحتاج المريض إلى الإنسولين منذ التشخيص، ويظهر غالبًا في الصغر. أما النوع الثاني، وهو الأكثر شيوعًا، فينتج عن مقاومة الجسم للإنسولين مع نقص نسبي فيه، ويرتبط بالوزن الزائد وقلة الحركة والوراثة، ويُعالج بتغيير نمط الحياة والأدوية."),
    ("ما أهمية فيتامين د؟ وكيف نحصل عليه؟",
     "فيتامين د ضروري لامتصاص الكالسيوم وصحة العظام والعضلات، ونقصه يسبب لين العظام وآلامها. ونحصل عليه من التعرض المعتدل لأشعة الشمس، ومن الأسماك الدهنية وصفار البيض والأطعمة المدعمة، وقد يحتاج بعض الناس إلى مكملات بعد قياس مستواه."),
    ("ما الأطعمة الغنية بالحديد؟",
     "من أغنى المصادر اللحوم الحمراء والكبد والدجاج والأسماك، ومن المصادر النباتية العدس والفاصوليا والسبانخ والحبوب المدعمة. ويساعد فيتامين ج، كعصير البرتقال، على زيادة امتصاص الحديد النباتي، بينما يقلله الشاي إذا شُرب مع الوجبة."),
    ("كيف أتصرف إذا أصيب شخص بجرح ينزف؟",
     "اضغط على الجرح مباشرة بقطعة قماش نظيفة أو شاش لمدة ١٠ دقائق دون رفعها، وارفع الطرف المصاب فوق مستوى القلب إن أمكن. وإذا استمر النزيف بغزارة أو كان الجرح عميقًا فاطلب الإسعاف، ولا تنزع أي جسم مغروس في الجرح."),
    ("ما الإسعافات الأولية للحروق البسيطة؟",
     "ضع المنطقة المصابة تحت ماء جارٍ فاتر أو بارد لمدة ٢٠ دقيقة، وانزع الخواتم أو الأساور قبل التورم، ثم غطِّ الحرق بغلاف بلاستيكي نظيف أو شاش غير لاصق. لا تضع الثلج أو معجون الأسنان أو الزبدة، وراجع الطبيب إذا كان الحرق كبيرًا أو في الوجه أو اليدين."),
    ("ما فوائد الرضاعة الطبيعية للطفل والأم؟",
     "حليب الأم غذاء متكامل سهل الهضم، ويحتوي على أجسام مضادة تحمي الطفل من الالتهابات، ويقلل خطر الحساسية والسمنة لاحقًا. أما للأم فتساعد على انقباض الرحم بعد الولادة، وتقلل خطر سرطان الثدي والمبيض، وتقوي الرابطة بينها وبين طفلها."),
    ("اشرح معنى مؤشر كتلة الجسم وكيف يُحسب.",
     "مؤشر كتلة الجسم مقياس تقريبي للعلاقة بين الوزن والطول، ويُحسب بقسمة الوزن بالكيلوغرام على مربع الطول بالمتر. فمن وزنه ٧٠ كغ وطوله ١٫٧٥ م يكون مؤشره ٧٠ ÷ ٣٫٠٦ ≈ ٢٢٫٩، ويُعد المؤشر بين ١٨٫٥ و٢٤٫٩ طبيعيًا لدى البالغين."),
    ("كيف أقي نفسي من ضربة الشمس في الصيف؟",
     "تجنب التعرض المباشر للشمس وقت الظهيرة، واشرب الماء بانتظام حتى دون عطش، والبس ملابس فاتحة واسعة وقبعة. وإذا ظهر على شخص ارتفاع شديد في الحرارة مع تشوش أو توقف التعرق فانقله إلى الظل وبرّد جسمه واطلب الإسعاف."),
    ("ما أضرار التدخين على الجسم؟",
     "التدخين سبب رئيسي لسرطان الرئة والحنجرة والمثانة، ولأمراض القلب والجلطات، والانسداد الرئوي المزمن. كما يسرّع شيخوخة الجلد، ويضعف الخصوبة، ويؤخر التئام الجروح، ويضر المحيطين بالمدخن عبر التدخين السلبي."),
    ("لماذا يجب إكمال جرعة المضاد الحيوي؟",
     "يجب الالتزام بالمدة التي يحددها الطبيب، لأن التحسن قد يسبق القضاء التام على البكتيريا، وإيقاف الدواء مبكرًا دون استشارة قد يؤدي إلى عودة العدوى أو إلى بقاء بكتيريا أقوى وأكثر مقاومة. ولا تحتفظ ببقايا المضاد لاستخدامها لاحقًا دون وصفة."),
    ("ما فوائد الألياف الغذائية؟",
     "الألياف تحسن حركة الأمعاء وتقي من الإمساك، وتمنح شعورًا بالشبع يساعد على ضبط الوزن، وتبطئ امتصاص السكر، وتساعد على خفض الكوليسترول. ومن مصادرها الشوفان والبقوليات والخضار والفواكه والحبوب الكاملة."),
    ("ما الإسعافات الأولية للاختناق لدى شخص بالغ؟",
     "إذا كان الشخص يسعل بقوة فشجعه على الاستمرار في السعال. أما إذا عجز عن الكلام أو التنفس، فأعطه حتى خمس ضربات بين لوحي الكتف، ثم حتى خمس ضغطات على البطن (مناورة هايمليك)، وكرر ذلك، واطلب الإسعاف فورًا إذا فقد وعيه."),
    ("كم ساعة يحتاج الأطفال في سن المدرسة من النوم؟",
     "يحتاج الأطفال من عمر ٦ إلى ١٢ سنة إلى ما بين ٩ و١٢ ساعة من النوم ليلًا، والمراهقون إلى ما بين ٨ و١٠ ساعات. والنوم الكافي يحسن التركيز والتحصيل الدراسي والمزاج والمناعة."),
    ("ما الفرق بين الإنفلونزا ونزلة البرد؟",
     "نزلة البرد تبدأ تدريجيًا بسيلان الأنف والعطاس والتهاب الحلق، وتكون خفيفة غالبًا. أما الإنفلونزا فتبدأ فجأة بحرارة مرتفعة وآلام شديدة في العضلات وإرهاق، وقد تسبب مضاعفات لدى كبار السن والحوامل وأصحاب الأمراض المزمنة، ويقي منها اللقاح السنوي."),
    ("ما النشاط البدني الموصى به للبالغين أسبوعيًا؟",
     "يوصى البالغون بما لا يقل عن ١٥٠ إلى ٣٠٠ دقيقة أسبوعيًا من النشاط المعتدل كالمشي السريع، أو ٧٥ إلى ١٥٠ دقيقة من النشاط الشديد كالجري، مع تمارين تقوية العضلات يومين في الأسبوع على الأقل."),
    ("ما فوائد تناول الخضروات والفواكه يوميًا؟",
     "الخضروات والفواكه غنية بالفيتامينات والمعادن والألياف ومضادات الأكسدة، وتناول خمس حصص منها يوميًا يرتبط بانخفاض خطر أمراض القلب والجلطات وبعض السرطانات، ويساعد على ضبط الوزن."),
    ("من يحتاج إلى لقاح الإنفلونزا الموسمي؟",
     "يوصى به سنويًا لكل من تجاوز عمره ستة أشهر، ويكون أكثر أهمية لكبار السن، والحوامل، والأطفال الصغار، وأصحاب الأمراض المزمنة كالسكري والربو وأمراض القلب، والعاملين في القطاع الصحي. ويُفضَّل أخذه قبل بداية موسم الإنفلونزا."),
    ("كيف أقرأ الملصق الغذائي على المنتجات؟",
     "ابدأ بحجم الحصة وعدد الحصص في العبوة، ثم انظر إلى السعرات الحرارية، وبعدها الدهون المشبعة والسكريات المضافة والصوديوم، وحاول اختيار المنتجات الأقل فيها. وتذكّر أن المكونات مرتبة من الأكثر إلى الأقل كمية."),
    ("ما خطورة الإفراط في تناول الملح؟",
     "الإفراط في الملح يرفع ضغط الدم، ويزيد خطر الجلطات وأمراض القلب والكلى، وقد يزيد احتباس السوائل. وتوصي الجهات الصحية بألا يتجاوز الاستهلاك اليومي ٥ غرامات من الملح، أي ما يقارب ملعقة صغيرة، مع الانتباه إلى الملح المخفي في الأطعمة المصنعة."),
    ("كيف أخزن الأدوية في المنزل بشكل آمن؟",
     "احفظ الأدوية في مكان بارد وجاف بعيدًا عن الشمس والرطوبة، وفي عبواتها الأصلية مع النشرة، وبعيدًا عن متناول الأطفال. وراجع تواريخ الانتهاء دوريًا، وتخلص من الأدوية المنتهية عبر الصيدليات، واحفظ ما يحتاج إلى تبريد في الثلاجة لا في بابها."),
    ("ما فوائد المشي بعد الأكل؟",
     "المشي الخفيف لمدة ١٠ إلى ١٥ دقيقة بعد الوجبة يساعد على خفض ارتفاع السكر بعد الأكل، ويحسن الهضم ويقلل الانتفاخ. ويُفضَّل أن يكون المشي هادئًا لا مجهدًا، خاصة بعد الوجبات الكبيرة."),
    ("عرّف فقر الدم.",
     "فقر الدم هو انخفاض مستوى الهيموغلوبين أو عدد كريات الدم الحمراء عن المعدل الطبيعي، مما يقلل قدرة الدم على نقل الأكسجين. ومن أعراضه التعب والشحوب وضيق النفس عند المجهود، وأشهر أسبابه نقص الحديد."),
    ("ماذا أفعل إذا تعرضت لعضة حيوان؟",
     "اغسل الجرح فورًا بالماء والصابون لمدة ١٥ دقيقة، ثم طهّره وغطّه بضماد نظيف. وراجع الطبيب في اليوم نفسه لتقييم الحاجة إلى مضاد حيوي أو لقاح الكزاز أو لقاح داء الكلب، خاصة إذا كان الحيوان ضالًا أو مجهولًا."),
]


CIDAR_MORE: list[tuple[str, str]] = [
    ("ما معنى المثل: «رُبّ ضارة نافعة»؟",
     "يعني المثل أن بعض ما يبدو لنا ضررًا أو مصيبة قد يحمل في طياته خيرًا لا نراه في حينه، كمن يفوته موعد سفر فيسلم من حادث. والمقصود ألا نيأس عند الشدائد."),
    ("اشرح المثل: «اللي ما يعرف الصقر يشويه».",
     "مثل شعبي يقال لمن يستهين بشيء ثمين لجهله بقيمته، كمن يملك صقرًا غالي الثمن فيعامله كطائر عادي. والمقصود أن الجهل بقيمة الأشياء والناس يؤدي إلى إضاعتها."),
    ("ما المقصود بالمثل: «في التأني السلامة وفي العجلة الندامة»؟",
     "يحث المثل على التروي والتفكير قبل اتخاذ القرارات، لأن التسرع كثيرًا ما يقود إلى أخطاء يندم عليها الإنسان، بينما يمنحه التأني فرصة لرؤية العواقب."),
    ("اشرح معنى: «القناعة كنز لا يفنى».",
     "أي أن الرضا بما قسمه الله للإنسان يمنحه راحة وطمأنينة لا تنفد، بخلاف المال الذي قد يزول. فالقنوع غني بنفسه وإن قلّ ماله."),
    ("ما معنى المثل: «إذا كان الكلام من فضة فالسكوت من ذهب»؟",
     "يبين المثل أن الكلام الطيب له قيمة، لكن الصمت في مواضع كثيرة أثمن، خاصة عند الغضب أو حين لا يفيد الكلام، لأنه يجنب الإنسان الزلل والندم."),
    ("صنّف الكلمات التالية إلى فواكه وخضروات: تفاح، جزر، موز، خيار، عنب، باذنجان.",
     "الفواكه: تفاح، موز، عنب.\nالخضروات: جزر، خيار، باذنجان."),
    ("استخرج الأفعال من الجملة: «استيقظ أحمد مبكرًا، فصلّى، ثم شرب الحليب وذهب إلى عمله».",
     "الأفعال هي: استيقظ، صلّى، شرب، ذهب."),
    ("رتّب الكلمات التالية لتكوين جملة مفيدة: (الحديقة – في – الأطفال – يلعب).", "يلعب الأطفال في الحديقة."),
    ("اقترح عنوانًا مناسبًا لنص يتحدث عن فوائد النوم المبكر.",
     "من العناوين المناسبة: «نم مبكرًا تعش أنشط»، أو «النوم المبكر: سر الصحة والتركيز»."),
    ("اكتب العدد ١٢٥٠ بالحروف.", "ألف ومئتان وخمسون."),
    ("صنّف الحيوانات التالية إلى أليفة ومفترسة: قط، نمر، حصان، ذئب، أرنب، أسد.",
     "الحيوانات الأليفة: قط، حصان، أرنب.\nالحيوانات المفترسة: نمر، ذئب، أسد."),
    ("اقترح خمس أفكار لقضاء عطلة نهاية الأسبوع مع العائلة.",
     "١. نزهة في حديقة عامة مع وجبة خفيفة.\n٢. زيارة متحف أو معرض علمي.\n٣. يوم طبخ جماعي لتجربة وصفة جديدة.\n٤. أمسية ألعاب لوحية في المنزل.\n٥. رحلة قصيرة إلى الشاطئ أو البر."),
    ("أعطني ثلاث أفكار لتقليل استهلاك الكهرباء في المنزل.",
     "١. إطفاء الأجهزة والأنوار عند مغادرة الغرفة.\n٢. ضبط المكيف على ٢٤ درجة واستخدام الستائر لحجب الشمس.\n٣. استبدال المصابيح القديمة بمصابيح موفرة للطاقة."),
    ("اقترح أسماء عربية لمقهى صغير يقدم القهوة المختصة.", "من الأسماء المقترحة: «بُنّ وحكايات»، و«ركن الهيل»، و«فنجان الصباح»، و«محمصة الديرة»."),
    ("ما الأشياء التي يجب أن تحتويها حقيبة الإسعافات الأولية في المنزل؟",
     "ضمادات لاصقة بمقاسات مختلفة، وشاش معقم ورباط ضاغط، ومطهر للجروح، ومقص وملقط، وقفازات طبية، وميزان حرارة، ومسكن وخافض حرارة مناسب للكبار والأطفال، وكمادة باردة فورية، ورقم الطوارئ مكتوبًا بوضوح."),
    ("اكتب ثلاث عادات صباحية مفيدة.",
     "١. شرب كوب من الماء بعد الاستيقاظ.\n٢. ممارسة تمارين تمدد خفيفة لعشر دقائق.\n٣. تناول فطور متوازن يحتوي على بروتين وألياف."),
    ("من هو أول من صعد إلى سطح القمر؟", "نيل آرمسترونغ، رائد الفضاء الأمريكي، عام ١٩٦٩ ضمن رحلة أبولو ١١."),
    ("ما أعلى قمة جبلية في العالم؟", "قمة إيفرست في سلسلة جبال الهيمالايا، ويبلغ ارتفاعها نحو ٨٨٤٩ مترًا فوق سطح البحر."),
    ("كم عدد قارات العالم؟ اذكرها.", "سبع قارات: آسيا، وأفريقيا، وأمريكا الشمالية، وأمريكا الجنوبية، وأنتاركتيكا، وأوروبا، وأستراليا (أوقيانوسيا)."),
    ("ما الغاز الأكثر وفرة في الغلاف الجوي للأرض؟", "النيتروجين، ويشكّل نحو ٧٨٪ من الهواء، يليه الأكسجين بنحو ٢١٪."),
    ("ما أكبر صحراء حارة في العالم؟", "الصحراء الكبرى في شمال أفريقيا، وتمتد على مساحة تقارب تسعة ملايين كيلومتر مربع."),
    ("ما اللغة الرسمية في البرازيل؟", "اللغة البرتغالية، بسبب الاستعمار البرتغالي للبلاد في القرن السادس عشر."),
    ("متى تأسست جامعة القرويين؟ وأين تقع؟",
     "تأسست جامعة القرويين في مدينة فاس بالمغرب عام ٨٥٩ م على يد فاطمة الفهرية، وتُعد من أقدم المؤسسات التعليمية التي ما زالت تعمل حتى اليوم."),
    ("ما هو الخوارزمي؟ وبماذا اشتهر؟",
     "محمد بن موسى الخوارزمي عالم رياضيات وفلك عاش في بغداد في القرن التاسع الميلادي، واشتهر بكتابه في الجبر الذي أعطى العلم اسمه، ومن اسمه اشتُقت كلمة «الخوارزمية»."),
    ("ما الفرق بين الحرارة ودرجة الحرارة؟",
     "الحرارة صورة من صور الطاقة تنتقل من الجسم الأسخن إلى الأبرد، وتُقاس بالجول. أما درجة الحرارة فمقياس لمدى سخونة الجسم أو برودته، أي لمتوسط طاقة حركة جزيئاته، وتُقاس بالدرجة المئوية أو الكلفن."),
    ("اشرح الفرق بين الطاقة الشمسية الحرارية والطاقة الشمسية الكهروضوئية.",
     "الطاقة الشمسية الحرارية تستخدم أشعة الشمس لتسخين الماء أو سائل آخر، كما في سخانات الماء الشمسية. أما الكهروضوئية فتحول ضوء الشمس مباشرة إلى كهرباء عبر خلايا مصنوعة غالبًا من السيليكون."),
    ("ما المقصود بالأمن الغذائي؟",
     "الأمن الغذائي هو أن يتمكن جميع الناس في جميع الأوقات من الحصول على غذاء كافٍ وآمن ومغذٍ يلبي احتياجاتهم لحياة نشطة وصحية، ويشمل توفر الغذاء والقدرة على شرائه وحسن استخدامه واستقرار إمداداته."),
    ("اشرح ما المقصود بالمواطنة الرقمية.",
     "المواطنة الرقمية هي مجموعة القواعد والسلوكيات التي تضمن الاستخدام المسؤول والآمن للتقنية والإنترنت، مثل احترام الآخرين في التعليق، وحماية البيانات الشخصية، والتحقق من المعلومات قبل نشرها، واحترام حقوق الملكية الفكرية."),
    ("كيف أعتني بصحة أسناني يوميًا؟",
     "افرش أسنانك مرتين يوميًا لمدة دقيقتين بمعجون يحتوي على الفلورايد، واستخدم الخيط مرة يوميًا، وقلل السكريات والمشروبات الغازية بين الوجبات، وزر طبيب الأسنان كل ستة أشهر للفحص والتنظيف."),
    ("ما هي علامات الإرهاق النفسي؟ وكيف أتعامل معه؟",
     "من علاماته التعب المستمر حتى بعد الراحة، وفقدان الحماس، وسرعة الانفعال، وضعف التركيز، واضطراب النوم. وللتعامل معه نظّم وقتك وخذ فترات راحة حقيقية، ومارس نشاطًا بدنيًا، وتحدث مع من تثق به، واطلب مساعدة مختص إذا استمرت الأعراض أو أثرت على حياتك."),
    ("ما فوائد الابتسامة؟",
     "الابتسامة تحسن المزاج وتخفف التوتر، وتجعل صاحبها أكثر قبولًا لدى الآخرين، وتساعد على بناء الثقة والعلاقات الطيبة، وهي في الثقافة العربية صدقة ومفتاح للقلوب."),
    ("ما أهمية وجبة الإفطار؟",
     "وجبة الإفطار تمد الجسم بالطاقة بعد ساعات الصيام الليلي، وتساعد على التركيز في الدراسة والعمل، وقد تقلل الإفراط في الأكل لاحقًا. ويُفضَّل أن تجمع بين البروتين كالبيض أو اللبن، والحبوب الكاملة، والفاكهة."),
    ("كيف أتعامل مع نوبة ربو لدى طفل إلى حين وصول المساعدة؟",
     "ساعد الطفل على الجلوس منتصبًا وهدّئه، وأعطه بخاخ الإنقاذ (الأزرق) عبر الفاصل حسب الخطة التي وصفها الطبيب، واتصل بالإسعاف إذا لم يتحسن أو عجز عن الكلام أو ازرقّت شفتاه."),
]


def cidar_items(rng: random.Random) -> list[tuple[str, str]]:
    """All CIDAR-style (instruction, output) pairs, with phrasing drawn at random where a bank has variants."""
    items = list(CIDAR_EXPLAIN) + list(CIDAR_WRITE) + list(CIDAR_GRAMMAR) + list(CIDAR_KNOWLEDGE)
    items += list(CIDAR_MATH) + list(CIDAR_HEALTH) + list(CIDAR_MORE)
    items += [(rng.choice(CIDAR_SUMMARY_PROMPTS).format(p=p), s) for p, s in CIDAR_PASSAGES]
    for en, ar, plural, example in CIDAR_EN_AR:
        prompt = rng.choice(CIDAR_EN_AR_PROMPTS).format(en=en)
        plural_part = f"، وجمعها «{plural}»" if plural else ""
        output = rng.choice([f"الترجمة: «{ar}»{plural_part}. مثال: {example}",
                             f"كلمة {en} تعني «{ar}»{plural_part}، كما في قولنا: {example}",
                             f"معناها بالعربية «{ar}»{plural_part}. ومن أمثلة استعمالها: {example}"])
        items.append((prompt, output))
    for ar, en, note in CIDAR_AR_EN:
        prompt = rng.choice(CIDAR_AR_EN_PROMPTS).format(ar=ar)
        items.append((prompt, f"تقابل كلمة «{ar}» في الإنجليزية كلمة {en}، {note}"))
    for kind, pairs in (("plural", CIDAR_PLURALS), ("antonym", CIDAR_ANTONYMS), ("synonym", CIDAR_SYNONYMS)):
        pairs = list(pairs)
        rng.shuffle(pairs)
        size = 4 if kind == "synonym" else 3
        for i in range(0, len(pairs) - size + 1, size):
            group = pairs[i:i + size]
            prompt = rng.choice(CIDAR_WORD_PROMPTS[kind]).format(words="، ".join(w for w, _ in group))
            label = CIDAR_WORD_LABEL[kind]
            items.append((prompt, "\n".join(f"{label} «{w}»: {a}" for w, a in group)))
    return items


# =============================================================================================
# Builder: cidar_sample.jsonl
# =============================================================================================

def cidar_text(data: dict[str, Any]) -> str:
    return f"{data['instruction']}\n{data['output']}"


def build_cidar(rng: random.Random, guard: DistinctnessGuard) -> list[Row]:
    n_exact, n_near = 3, 3
    items = cidar_items(rng)
    rng.shuffle(items)
    rows: list[Row] = []
    for instruction, output in items:
        if len(rows) == N_CIDAR - n_exact - n_near:
            break
        if guard.admit(f"{instruction}\n{output}"):
            rows.append(Row({"instruction": instruction, "output": output}))
    if len(rows) < N_CIDAR - n_exact - n_near:
        raise RuntimeError(f"CIDAR bank too small: {len(rows)} distinct items")
    def malformed(fraction: float) -> Callable[[Row], None]:
        def role(row: Row) -> None:
            row.case, row.quarantine = "malformed", (None, "malformed_json")
            row.raw = truncated(fraction, lambda r, n: {**r.data, "index": n - 1})
            row.note = f"JSON object cut off after {int(fraction * 100)}% of its characters"
        return role

    def wrong_type(row: Row) -> None:
        row.case, row.quarantine, row.note = "wrong_type", ("index", "wrong_type"), 'index is the string "abc"'
        row.detail = {"index": "abc"}

    def empty(row: Row) -> None:
        row.data["output"] = ""
        row.case, row.quarantine, row.note = "empty_answer", ("output", "empty"), "empty output"

    plant_roles(rng, rows, [malformed(0.55), malformed(0.8), wrong_type, empty, empty])
    plant_exact_duplicates(rng, rows, n_exact, note="exact duplicate of row {ref} (same instruction and output; its own index)")
    plans = [[("output", "hamza")], [("instruction", "punctuation")], [("output", "synonym")]]
    plant_near_duplicates(rng, rows, plans, AR_EDITS, cidar_text,
                          pred=lambda r: len(r.data["output"].split()) >= 20,
                          label=lambda plan: "+".join(k for _, k in plan))
    return rows


def render_jsonl(rows: list[Row], record: Callable[[Row, int], Any]) -> bytes:
    lines = []
    for n, row in enumerate(rows, start=1):
        lines.append(row.raw(row, n) if row.raw else json.dumps(record(row, n), ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_cidar(rows: list[Row]) -> bytes:
    return render_jsonl(rows, lambda r, n: {**r.data, "index": r.detail.get("index", n - 1)})


# =============================================================================================
# Content bank 3: a fictional clinic's own Q&A export (clinic_export_sample.csv)
# =============================================================================================

CLINIC_NAME = "عيادات الواحة الطبية"  # fictional
CLINIC_QA: list[tuple[str, str, str]] = [
    ("طب الأسرة", "هل أحتاج إلى فحص دوري سنوي رغم أني لا أشكو من شيء؟ عمري ٤٢ سنة.",
     "نعم، نوصي بفحص دوري يشمل قياس الضغط والوزن، وتحليل السكر والدهون كل سنة إلى ثلاث سنوات حسب النتائج وعوامل الخطورة. كما يُنصح بمناقشة فحوصات الكشف المبكر المناسبة لعمرك مع طبيب الأسرة."),
    ("طب الأسرة", "نتيجة فيتامين د عندي ١٢، هل هذا نقص؟ وما الجرعة المناسبة؟",
     "نعم، مستوى ١٢ نانوغرام/مل يعد نقصًا واضحًا. يصف الطبيب عادةً جرعة علاجية لمدة ٨ إلى ١٢ أسبوعًا ثم جرعة وقائية، ويُعاد التحليل بعد ٣ أشهر. لا تتناول جرعات عالية دون إشراف طبي لأن الزيادة قد تسبب ارتفاع الكالسيوم."),
    ("طب الأسرة", "عندي زكام وسعال من ٥ أيام، هل أحتاج مضادًا حيويًا؟",
     "غالبًا لا؛ فنزلات البرد فيروسية وتستمر من ٧ إلى ١٠ أيام، وقد يبقى السعال حتى ثلاثة أسابيع. ننصح بالراحة والسوائل الدافئة والباراسيتامول عند الحاجة. راجعنا إذا ارتفعت الحرارة فوق ٣٩ درجة أو ظهر ضيق في التنفس أو ألم في الصدر."),
    ("طب الأسرة", "كيف أقلع عن التدخين؟ حاولت أكثر من مرة وفشلت.",
     "الإقلاع ممكن، وتزيد فرص النجاح كثيرًا عند الجمع بين الدعم السلوكي والعلاج الدوائي مثل بدائل النيكوتين أو الفارينيكلين. حدد موعدًا للتوقف، وتخلص من السجائر والولاعات، وتجنب المواقف المرتبطة بالتدخين في الأسابيع الأولى. يمكنك حجز موعد في عيادة الإقلاع عن التدخين لدينا."),
    ("طب الأسرة", "أنا مسافر بعد شهر إلى بلد في أفريقيا، ما التطعيمات المطلوبة؟",
     "يعتمد ذلك على البلد ومدة الإقامة، لكن كثيرًا من الدول الأفريقية تتطلب لقاح الحمى الصفراء قبل السفر بعشرة أيام على الأقل، وقد يُنصح بلقاحي التيفوئيد والتهاب الكبد أ، إضافة إلى أدوية الوقاية من الملاريا. احجز موعدًا في عيادة السفر ومعك تفاصيل الرحلة."),
    ("طب الأسرة", "أشعر بالتعب طوال الوقت منذ شهرين، ما الفحوصات التي أحتاجها؟",
     "التعب المستمر له أسباب متعددة، منها فقر الدم وقصور الغدة الدرقية ونقص فيتامين د والسكري واضطرابات النوم والضغط النفسي. نبدأ عادة بصورة دم كاملة ومخزون الحديد ووظائف الغدة والسكر التراكمي ووظائف الكلى والكبد. احجز موعدًا ليتم تقييمك بشكل شامل."),
    ("طب الأسرة", "ضغطي في البيت ١٣٥/٨٥، هل هذا طبيعي؟",
     "قراءة ١٣٥/٨٥ في المنزل تقع على الحد الأعلى للطبيعي. ننصح بقياس الضغط مرتين صباحًا ومرتين مساءً لمدة أسبوع وأنت جالس ومرتاح، ثم إحضار القراءات إلى العيادة. وفي جميع الأحوال، تقليل الملح والمشي المنتظم مفيدان."),
    ("طب الأسرة", "هل يمكنني أخذ الإيبوبروفين مع دواء الضغط؟",
     "الاستخدام العرضي ليوم أو يومين لا بأس به غالبًا، لكن الاستخدام المتكرر للإيبوبروفين قد يرفع الضغط ويقلل فعالية بعض أدويته ويؤثر على الكلى. نفضل الباراسيتامول مسكنًا أول لمرضى الضغط، واستشر الطبيب قبل الاستخدام المنتظم."),
    ("طب الأسرة", "متى يجب أن أبدأ فحص سرطان القولون؟",
     "يُنصح عادة بالبدء بين سن ٤٥ و٥٠ سنة للأشخاص متوسطي الخطورة، إما بفحص البراز السنوي أو بمنظار القولون كل ١٠ سنوات. وإذا كان لديك قريب من الدرجة الأولى أصيب بسرطان القولون فقد تحتاج إلى البدء مبكرًا. ناقش الخيارات مع طبيب الأسرة."),
    ("طب الأسرة", "عندي صداع خفيف معظم الأيام في آخر النهار، ما السبب؟",
     "الصداع اليومي الخفيف في آخر النهار غالبًا ما يكون صداعًا توتريًا مرتبطًا بالإجهاد وقلة النوم والجلوس الطويل أمام الشاشات، وقد يسببه أيضًا الإفراط في المسكنات. ننصح بشرب الماء بانتظام وأخذ فترات راحة وتقليل المسكنات إلى أقل من ١٠ أيام في الشهر. إذا تغير نمط الصداع أو صاحبه أعراض عصبية فراجعنا فورًا."),
    ("طب الأسرة", "ما هي علامات الجلطة القلبية عند النساء؟",
     "قد تكون أعراض الجلطة القلبية عند النساء أقل وضوحًا، مثل ضيق النفس والتعب غير المعتاد والغثيان وألم في الظهر أو الفك أو أعلى البطن، وليس بالضرورة ألمًا شديدًا في الصدر. إذا ظهرت هذه الأعراض فجأة فاتصلي بالإسعاف فورًا."),
    ("طب الأسرة", "أعاني من حرقان في القدمين ليلًا، وليس لدي سكري. ما الأسباب الأخرى؟",
     "من الأسباب المحتملة نقص فيتامين ب١٢، وقصور الغدة الدرقية، والإفراط في الكحول، وأمراض الكلى، وبعض الأدوية، وأحيانًا لا يُعرف السبب. نطلب تحاليل دم لتحديد السبب، ونصف علاجًا للألم العصبي إذا لزم."),
    ("التغذية", "أريد إنقاص وزني ١٠ كيلو، ما أفضل رجيم؟",
     "أفضل نظام هو الذي تستطيع الاستمرار عليه. نوصي بعجز معتدل في السعرات يقارب ٥٠٠ سعرة يوميًا، وملء نصف الطبق بالخضار، واختيار البروتين قليل الدهن والحبوب الكاملة، مع نشاط بدني ١٥٠ دقيقة أسبوعيًا. إنقاص نصف كيلو إلى كيلو أسبوعيًا معدل صحي."),
    ("التغذية", "هل الصيام المتقطع مناسب لي؟ عندي سكري نوع ٢.",
     "الصيام المتقطع قد يساعد بعض مرضى السكري على إنقاص الوزن، لكنه قد يسبب هبوط السكر مع بعض الأدوية كالإنسولين ومحفزات إفراز الإنسولين. لا تبدأ به قبل مراجعة طبيبك لتعديل الأدوية ومواعيدها، مع قياس السكر بانتظام."),
    ("التغذية", "كم كوب ماء يجب أن أشرب يوميًا؟",
     "يحتاج معظم البالغين إلى نحو ٨ أكواب يوميًا من السوائل، وتزيد الحاجة في الجو الحار ومع الرياضة. وأفضل مؤشر هو لون البول؛ فالأصفر الفاتح يدل على ترطيب جيد. أما مرضى القلب والكلى فقد يحتاجون إلى كمية محددة حسب توجيه الطبيب."),
    ("التغذية", "ابني عمره ٣ سنوات ولا يأكل إلا أصنافًا قليلة، هل يحتاج مكملات؟",
     "انتقائية الطعام شائعة في هذا العمر. استمروا في تقديم الأطعمة الجديدة بكميات صغيرة دون ضغط، فقد يحتاج الطفل إلى تذوقها ١٠ إلى ١٥ مرة قبل قبولها. إذا كان نموه طبيعيًا فغالبًا لا يحتاج مكملات، ويمكن تقييم الحاجة إلى فيتامين د أو الحديد في زيارة المتابعة."),
    ("التغذية", "هل التمر مسموح لمرضى السكري؟",
     "نعم باعتدال؛ فالتمر غني بالألياف والمعادن لكنه مرتفع السكريات. يمكن تناول حبتين إلى ثلاث ضمن الوجبة بدلًا من حلويات أخرى، مع مراقبة قراءات السكر، وتجنب تناوله بكميات كبيرة وحده على معدة فارغة."),
    ("التغذية", "ما أفضل مصادر البروتين للنباتيين؟",
     "البقوليات كالعدس والحمص والفول، والصويا ومنتجاتها، والمكسرات والبذور، والحبوب الكاملة كالكينوا. والجمع بين البقوليات والحبوب يعطي بروتينًا متكاملًا. وننصح النباتيين الصرف بمكمل فيتامين ب١٢ وفحص الحديد دوريًا."),
    ("التغذية", "عندي ارتفاع في الدهون الثلاثية، ماذا آكل؟",
     "الدهون الثلاثية تستجيب جيدًا لتقليل السكريات والنشويات المكررة والعصائر والمشروبات المحلاة، وتجنب الكحول. أكثِر من الأسماك الدهنية والخضار والألياف، ومارس الرياضة بانتظام. نعيد التحليل بعد ٣ أشهر لتقييم الحاجة إلى دواء."),
    ("التغذية", "هل المكملات الغذائية ضرورية للحامل؟",
     "يُنصح كل حامل بحمض الفوليك منذ ما قبل الحمل حتى نهاية الأسبوع ١٢ على الأقل، وغالبًا بالحديد وفيتامين د حسب التحاليل. لا تتناولي مكملات فيتامين أ بجرعات عالية. وتحدد الطبيبة ما تحتاجينه حسب فحوصاتك."),
    ("التغذية", "هل الخبز الأسمر أفضل من الأبيض؟",
     "نعم، خبز القمح الكامل يحتوي على ألياف وفيتامينات أكثر، ويرفع السكر ببطء أكبر، ويمنح شعورًا أطول بالشبع. انتبه إلى أن بعض الخبز الأسمر التجاري ملوّن فقط، فاقرأ الملصق وابحث عن عبارة «قمح كامل» في أول المكونات."),
    ("التغذية", "هل شرب القهوة يوميًا مضر؟",
     "لمعظم البالغين الأصحاء تعد ٣ إلى ٤ أكواب يوميًا، أي حتى ٤٠٠ ملغ من الكافيين، آمنة. لكن يُنصح بالتقليل لدى الحوامل إلى ٢٠٠ ملغ يوميًا، ولمن يعانون من الأرق أو الخفقان أو الارتجاع. وتجنب القهوة قبل النوم بست ساعات."),
    ("الأمراض المعدية", "كيف أعرف إذا كان الإسهال من تسمم غذائي؟",
     "التسمم الغذائي يبدأ غالبًا خلال ساعات إلى يومين من تناول طعام ملوث، مع قيء وإسهال ومغص، وقد يصيب أكثر من شخص تناولوا الطعام نفسه. معظم الحالات تتحسن خلال يومين بالسوائل ومحلول الإرواء. راجع الطوارئ إذا ظهر دم في البراز أو حرارة عالية أو علامات جفاف."),
    ("الأمراض المعدية", "هل الإنفلونزا خطيرة؟ وهل أحتاج لقاحها كل سنة؟",
     "الإنفلونزا قد تكون شديدة لدى كبار السن والحوامل والأطفال الصغار ومرضى الأمراض المزمنة. ويتغير اللقاح كل سنة حسب السلالات المنتشرة، لذا يُنصح به سنويًا، ويفضل أخذه في بداية الخريف. اللقاح متوفر في العيادة دون موعد مسبق."),
    ("الأمراض المعدية", "تعرضت لوخزة إبرة مستعملة أثناء عملي، ماذا أفعل؟",
     "اغسل المكان فورًا بالماء والصابون دون فرك قوي، ولا تعصر الجرح. يجب التبليغ والتقييم خلال ساعات قليلة، لأن العلاج الوقائي من فيروس نقص المناعة يكون أكثر فعالية إذا بدأ مبكرًا، ويفضل خلال ساعتين وبحد أقصى ٧٢ ساعة، كما يُقيَّم التطعيم ضد التهاب الكبد ب. توجه الآن إلى الطوارئ أو قسم صحة الموظفين."),
    ("الأمراض المعدية", "ابنتي عندها جدري الماء، متى ترجع للمدرسة؟",
     "يمكن أن تعود إلى المدرسة عندما تجف جميع الحبوب وتتقشر، ويكون ذلك عادة بعد ٥ إلى ٧ أيام من ظهور الطفح. تجنبوا إعطاءها الأسبرين أو الإيبوبروفين، واستخدموا الباراسيتامول للحرارة، وقصوا أظافرها لتقليل الحك. راجعونا إذا ظهر احمرار حول الحبوب أو صعوبة في التنفس أو خمول شديد."),
    ("الأمراض المعدية", "هل يمكن علاج التهاب الكبد C؟",
     "نعم، تتوفر اليوم أدوية مضادة للفيروسات تؤخذ بالفم لمدة ٨ إلى ١٢ أسبوعًا، وتحقق الشفاء لدى أكثر من ٩٥٪ من المرضى. يحتاج المريض قبل العلاج إلى تحاليل لتحديد كمية الفيروس وتقييم الكبد. سنحولك إلى عيادة الكبد لاستكمال الخطة."),
    ("الأمراض المعدية", "عندي حرقة في البول وإفرازات، هل هي عدوى منقولة جنسيًا؟",
     "هذه الأعراض قد تكون بسبب التهاب المسالك البولية أو عدوى منقولة جنسيًا مثل الكلاميديا أو السيلان. نحتاج إلى فحص البول وأخذ مسحة لتحديد السبب بدقة، وكل ذلك يتم بسرية تامة. تجنب العلاقة الزوجية حتى تنتهي الفحوصات والعلاج، وقد يحتاج الشريك إلى علاج أيضًا."),
    ("الأمراض المعدية", "كم يستمر الشخص معديًا بعد الإصابة بالإنفلونزا؟",
     "يكون المصاب معديًا عادة من يوم قبل ظهور الأعراض حتى ٥ إلى ٧ أيام بعدها، وقد تطول المدة لدى الأطفال وضعيفي المناعة. ننصح بالبقاء في المنزل حتى يمضي ٢٤ ساعة على زوال الحرارة دون خافض حرارة، وتغطية الفم عند السعال، وغسل اليدين باستمرار."),
    ("الأمراض المعدية", "هل الجرب ينتقل للعائلة؟ وما علاجه؟",
     "نعم، الجرب ينتقل بالتلامس الجلدي المباشر والطويل وأحيانًا عبر الملابس والفراش. العلاج كريم البيرمثرين على كامل الجسم من الرقبة إلى القدمين، ويُكرر بعد أسبوع، ويجب أن يُعالج جميع أفراد الأسرة في الوقت نفسه. اغسلوا الملابس والمفارش بالماء الساخن، وقد تستمر الحكة أسابيع بعد العلاج."),
    ("الأمراض المعدية", "ظهرت عندي حبوب حول الفم فيها قشور عسلية، هل هي معدية؟",
     "هذا الوصف يتوافق مع القوباء (الحصف)، وهي عدوى بكتيرية سطحية معدية. تُعالج غالبًا بكريم مضاد حيوي أو بمضاد فموي إذا كانت منتشرة. تجنب لمس الحبوب ومشاركة المناشف، وراجعنا لتأكيد التشخيص."),
    ("الأمراض المعدية", "ما طرق الوقاية من التهاب الكبد ب؟",
     "أهم وسيلة هي اللقاح، ويُعطى في ثلاث جرعات. ومن وسائل الوقاية أيضًا عدم مشاركة الأدوات الحادة كشفرات الحلاقة وفرش الأسنان، والتأكد من تعقيم أدوات الحجامة والوشم، والعلاقة الآمنة. وتُفحص الحوامل لحماية المولود."),
    ("الأمراض المعدية", "متى تكون الحرارة عند البالغين خطيرة؟",
     "الحرارة بحد ذاتها مفيدة غالبًا، لكن راجع الطوارئ إذا تجاوزت ٣٩٫٥ درجة ولم تنخفض بالعلاج، أو صاحبها تصلب في الرقبة أو طفح أو ضيق تنفس أو تشوش، أو إذا كنت تتلقى علاجًا كيميائيًا أو كانت مناعتك ضعيفة."),
    ("التطعيمات", "ما التطعيمات التي يحتاجها الكبار فوق ٦٠ سنة؟",
     "ننصح عادة بلقاح الإنفلونزا سنويًا، ولقاح المكورات الرئوية، ولقاح الهربس النطاقي (الحزام الناري)، إضافة إلى جرعة منشطة من لقاح الكزاز والدفتيريا كل ١٠ سنوات. وقد تحتاج إلى لقاحات أخرى حسب حالتك الصحية."),
    ("التطعيمات", "هل لقاح الحصبة يسبب التوحد؟",
     "لا، فقد أثبتت دراسات كبيرة شملت ملايين الأطفال عدم وجود أي علاقة بين اللقاح والتوحد، وسُحبت الدراسة التي أثارت هذا الادعاء بسبب التلاعب بالبيانات. في المقابل، الحصبة مرض قد يسبب التهاب الرئة والدماغ، لذا نشجع على إعطاء اللقاح في موعده."),
    ("التطعيمات", "أنا حامل، هل يمكنني أخذ لقاح الإنفلونزا؟",
     "نعم، لقاح الإنفلونزا المعطل آمن في أي مرحلة من الحمل ويوصى به، لأن الحوامل أكثر عرضة لمضاعفات الإنفلونزا، كما تنتقل المناعة إلى المولود في شهوره الأولى. ويُنصح أيضًا بلقاح السعال الديكي بين الأسبوعين ٢٧ و٣٦ من كل حمل."),
    ("التطعيمات", "ابني أخذ تطعيم السنة، وظهر عنده طفح خفيف وحرارة بعد أسبوع. هل هذا طبيعي؟",
     "نعم، قد يظهر طفح خفيف وحرارة بعد ٧ إلى ١٢ يومًا من لقاح الحصبة والنكاف والحصبة الألمانية، وهو غير معدٍ ويزول خلال أيام. أعطه الباراسيتامول حسب الوزن عند الحاجة، وراجعنا إذا كانت الحرارة عالية جدًا أو استمرت أكثر من ٣ أيام أو ظهر خمول شديد."),
    ("التطعيمات", "هل أحتاج إلى لقاح الكزاز بعد جرح من مسمار صدئ؟",
     "يعتمد ذلك على تاريخ آخر جرعة؛ فإذا مضى أكثر من ٥ سنوات على آخر جرعة وكان الجرح ملوثًا فيُنصح بجرعة منشطة، وإذا لم تكن متأكدًا من تطعيماتك السابقة فقد تحتاج أيضًا إلى الغلوبولين المناعي. نظّف الجرح جيدًا وراجعنا اليوم."),
    ("التطعيمات", "هل يجب أن يأخذ طفلي لقاح الإنفلونزا؟",
     "نعم، يُنصح بلقاح الإنفلونزا سنويًا لكل الأطفال من عمر ٦ أشهر، خاصة المصابين بالربو أو الأمراض المزمنة. والأطفال دون ٩ سنوات الذين يأخذونه لأول مرة يحتاجون إلى جرعتين بينهما ٤ أسابيع."),
    ("الباطنية", "نتيجة وظائف الكبد عندي مرتفعة قليلًا (ALT ٦٥)، هل هذا خطير؟",
     "الارتفاع البسيط في إنزيمات الكبد شائع، وأكثر أسبابه الكبد الدهني المرتبط بالوزن الزائد، وكذلك بعض الأدوية والكحول والتهابات الكبد الفيروسية. نعيد التحليل مع فحوصات الفيروسات وأشعة صوتية للكبد، وإنقاص الوزن بنسبة ٧ إلى ١٠٪ يحسّن الكبد الدهني كثيرًا."),
    ("الباطنية", "عندي حصوة في المرارة اكتُشفت بالصدفة ولا أشعر بألم، هل أحتاج عملية؟",
     "الحصوات التي لا تسبب أعراضًا لا تحتاج غالبًا إلى استئصال المرارة، وتُتابع فقط. لكن إذا ظهر ألم في أعلى البطن من الجهة اليمنى بعد الأكل أو اصفرار في العينين أو حرارة فيجب المراجعة، لأن ذلك قد يستدعي التدخل."),
    ("الباطنية", "كرياتينين الدم عندي ١٫٤، ماذا يعني ذلك؟",
     "قد يدل على انخفاض بسيط في وظائف الكلى، لكن التفسير يعتمد على العمر والجنس والكتلة العضلية. نحسب معدل الترشيح الكبيبي ونعيد التحليل مع فحص الزلال في البول. ننصح بشرب الماء بانتظام وتجنب المسكنات من نوع مضادات الالتهاب حتى المراجعة."),
    ("الباطنية", "حمض اليوريك عندي مرتفع لكن ما عندي ألم مفاصل، هل أعالجه؟",
     "ارتفاع حمض اليوريك دون أعراض لا يحتاج عادة إلى دواء، بل إلى تعديلات في نمط الحياة: تقليل اللحوم الحمراء والأحشاء والمشروبات المحلاة بالفركتوز، وشرب الماء بكثرة، وإنقاص الوزن. ويُبدأ الدواء إذا حدثت نوبات نقرس متكررة أو حصوات في الكلى."),
    ("الباطنية", "أصاب بدوخة عند الوقوف بسرعة، هل هي من الضغط؟",
     "الدوخة عند الوقوف المفاجئ قد تكون بسبب انخفاض الضغط الانتصابي، خاصة مع الجفاف أو بعض أدوية الضغط والبروستاتا. قم ببطء من السرير، واشرب سوائل كافية، واحجز موعدًا لقياس الضغط وأنت مستلقٍ ثم واقف ومراجعة أدويتك."),
    ("الباطنية", "عندي خمول في الغدة وأخطط للحمل، هل يؤثر ذلك؟",
     "نفضّل أن يكون هرمون TSH منضبطًا قبل الحمل، ويُستحسن أن يكون أقل من ٢٫٥. وعند حدوث الحمل تتغير الحاجة إلى الدواء غالبًا، لذلك تواصلي معنا فور ظهور نتيجة الحمل الإيجابية لإجراء التحليل."),
    ("الباطنية", "ما الفرق بين الكوليسترول الجيد والضار؟",
     "الكوليسترول الضار (LDL) يترسب في جدران الشرايين ويزيد خطر الجلطات، أما الجيد (HDL) فيساعد على نقل الكوليسترول الزائد إلى الكبد للتخلص منه. والهدف خفض الضار ورفع الجيد بالرياضة والإقلاع عن التدخين والغذاء الصحي."),
    ("الباطنية", "عندي نقص في فيتامين ب١٢ وأنا آخذ ميتفورمين، هل هناك علاقة؟",
     "نعم، الاستخدام الطويل للميتفورمين قد يقلل امتصاص فيتامين ب١٢. ننصح بفحصه دوريًا، وتعويضه بالأقراص أو الحقن حسب مستوى النقص، دون الحاجة غالبًا إلى إيقاف الميتفورمين."),
    ("الباطنية", "عندي حكة في الجلد في كل الجسم بدون حبوب، ما السبب؟",
     "الحكة المعممة دون طفح لها أسباب كثيرة، أبسطها جفاف الجلد، وقد تنتج أيضًا عن أمراض الكبد أو الكلى أو الغدة الدرقية أو نقص الحديد أو بعض الأدوية. نبدأ بالمرطبات وتجنب الاستحمام بالماء الساخن، ونطلب تحاليل دم إذا استمرت الحكة أكثر من أسبوعين."),
    ("صحة المرأة", "متى يجب أن أبدأ فحص الثدي بالماموغرام؟",
     "للنساء متوسطات الخطورة يُنصح عادة بالماموغرام كل سنة إلى سنتين بدءًا من سن ٤٠ إلى ٥٠ حسب الإرشادات المعتمدة، وإذا كان لديك تاريخ عائلي قوي لسرطان الثدي فقد نبدأ مبكرًا. ونشجع على معرفة شكل الثدي الطبيعي ومراجعتنا عند ملاحظة أي كتلة أو تغير."),
    ("صحة المرأة", "ما أفضل وسيلة لمنع الحمل بعد الولادة وأنا مرضع؟",
     "من الخيارات المناسبة أثناء الرضاعة حبوب البروجستيرون وحده، واللولب النحاسي أو الهرموني، والغرسة تحت الجلد. أما الحبوب المركبة فيُفضَّل تأجيلها حتى ٦ أسابيع على الأقل بعد الولادة لأنها قد تقلل الحليب. نناقش الخيار الأنسب في زيارة ما بعد الولادة."),
    ("صحة المرأة", "عندي إفرازات مهبلية بيضاء مع حكة، ما السبب؟",
     "الإفرازات البيضاء الكثيفة مع الحكة توحي غالبًا بالتهاب فطري، ويُعالج بتحاميل أو كريم مضاد للفطريات أو قرص فلوكونازول. إذا كانت الإفرازات ذات رائحة كريهة أو لون رمادي أو أخضر، أو تكررت العدوى، فيلزم الفحص وأخذ مسحة."),
    ("صحة المرأة", "انقطعت الدورة عندي منذ سنة وعندي هبات حرارة مزعجة، ما العلاج؟",
     "الهبات الساخنة شائعة بعد انقطاع الطمث، وتخففها الملابس الخفيفة وتجنب المشروبات الساخنة والكافيين. والعلاج الهرموني فعال لكثير من النساء بعد تقييم الفوائد والمخاطر، وهناك بدائل غير هرمونية. احجزي موعدًا لمناقشة الخيارات."),
    ("صحة المرأة", "أنا في الأسبوع ٢٠ من الحمل وأحس بحرقة معدة شديدة، هل يمكنني أخذ دواء؟",
     "حرقة المعدة شائعة في الحمل. ابدئي بتناول وجبات صغيرة وتجنبي الاستلقاء بعد الأكل مباشرة. مضادات الحموضة التي تحتوي على الكالسيوم أو المغنيسيوم آمنة عادة، وإذا لم تكفِ فهناك أدوية أخرى آمنة يمكن أن تصفها الطبيبة."),
    ("صحة المرأة", "هل تؤثر حبوب منع الحمل على الخصوبة بعد إيقافها؟",
     "لا، تعود الخصوبة عادة خلال شهر إلى ثلاثة أشهر بعد إيقاف الحبوب، ولا تؤثر على القدرة على الحمل على المدى الطويل. ويُنصح ببدء حمض الفوليك عند التخطيط للحمل."),
    ("طب الأطفال", "طفلي عمره ٦ أشهر، متى أبدأ الطعام الصلب؟",
     "يمكن البدء بالأطعمة المكملة عند عمر ٦ أشهر تقريبًا مع الاستمرار في الرضاعة. ابدئي بالخضار المهروسة والحبوب المدعمة بالحديد، ثم أدخلي الأطعمة الجديدة تدريجيًا. لا يُعطى العسل قبل عمر السنة، ولا يُضاف الملح أو السكر."),
    ("طب الأطفال", "ابنتي عمرها سنتان ولا تتكلم إلا كلمات قليلة، هل أقلق؟",
     "في عمر السنتين يستخدم أغلب الأطفال ٥٠ كلمة على الأقل ويبدأون بجمل من كلمتين. إذا كانت الحصيلة أقل بكثير فيُنصح بتقييم السمع والنمو، ومتابعة التواصل البصري والاستجابة للاسم. التدخل المبكر يحقق نتائج أفضل، فاحجزي موعدًا للتقييم."),
    ("طب الأطفال", "ابني يمص إبهامه وعمره ٥ سنوات، هل يؤثر على أسنانه؟",
     "مص الإبهام بعد ظهور الأسنان الدائمة، أي من عمر ٦ سنوات تقريبًا، قد يؤثر على ترتيب الأسنان والفك. شجعوه بلطف وبالمكافآت بدل التوبيخ، وحاولوا معرفة أوقات حدوثه كالملل أو التعب. ويمكن أن يساعد طبيب الأسنان إذا استمرت العادة."),
    ("طب الأطفال", "ما كمية الحليب التي يحتاجها طفل عمره سنة؟",
     "بعد السنة يكفي نحو كوبين إلى ثلاثة أكواب، أي ٤٠٠ إلى ٥٠٠ مل من الحليب يوميًا، لأن الكميات الأكبر تقلل الشهية للطعام وقد تسبب نقص الحديد، ويصبح الطعام العائلي المتنوع هو الأساس."),
    ("طب الأطفال", "هل يمكن إعطاء طفلي ماء وعمره ٨ أشهر؟",
     "نعم، يمكن تقديم رشفات قليلة من الماء مع الوجبات بعد عمر ٦ أشهر، بينما يبقى الحليب المصدر الأساسي للسوائل. وتجنبوا العصائر والمشروبات المحلاة."),
    ("طب الأطفال", "ابني ١٠ سنوات ويقضي ٥ ساعات يوميًا على الألعاب الإلكترونية، كيف أنظم ذلك؟",
     "ننصح بوضع خطة عائلية واضحة لوقت الشاشات، مع ضمان ساعة نشاط بدني يوميًا على الأقل ونوم ٩ إلى ١٢ ساعة. أبعدوا الأجهزة عن غرفة النوم قبل النوم بساعة، وشاركوه أنشطة بديلة ممتعة، فالتدرج في التقليل أنجح من المنع المفاجئ."),
    ("طب الأطفال", "طفلي عنده إمساك منذ بدأنا الحليب الصناعي، ماذا أفعل؟",
     "تأكدي من تحضير الحليب بالنسبة الصحيحة من الماء والبودرة كما هو مكتوب على العلبة، فالتركيز الزائد يسبب الإمساك. وبعد عمر ٦ أشهر يمكن إعطاء قليل من الماء وهريس الخوخ أو الكمثرى. راجعينا إذا كان البراز صلبًا مع دم أو انتفاخ أو قيء."),
    ("طب الأطفال", "طفلي عمره شهر وعنده بقع بيضاء في فمه لا تزول بالمسح، ما هي؟",
     "هذه غالبًا فطريات الفم (السُلاق)، وهي شائعة عند الرضع. تُعالج بنقط أو جل مضاد للفطريات يصفه الطبيب، ويجب تعقيم الرضاعات واللهايات. وإذا كنتِ مرضعة وظهر ألم أو احمرار في الحلمة فقد تحتاجين إلى علاج أيضًا."),
]


# =============================================================================================
# Builder: clinic_export_sample.csv
# =============================================================================================

CLINIC_HEADER = ["رقم", "السؤال", "الإجابة", "التخصص", "تاريخ"]


def clinic_text(data: dict[str, Any]) -> str:
    return f"{data['q']}\n{data['a']}"


def build_clinic(rng: random.Random, guard: DistinctnessGuard, qguard: DistinctnessGuard) -> list[Row]:
    items = list(CLINIC_QA)
    rng.shuffle(items)
    rows: list[Row] = []
    for specialty, question, answer in items:
        if len(rows) == N_CLINIC - 1:
            break
        qfp = qguard.check(question)
        fp = guard.check(question + "\n" + answer) if qfp else None
        if qfp and fp:
            qguard.add(qfp)
            guard.add(fp)
            rows.append(Row({"q": question, "a": answer, "specialty": specialty}))
    if len(rows) < N_CLINIC - 1:
        raise RuntimeError(f"clinic bank too small: {len(rows)} distinct items")
    for row in choose(rng, rows, 1, span=(0.2, 0.8)):
        row.data["a"] = ""
        row.case, row.quarantine, row.note = "empty_answer", ("الإجابة", "empty"), "empty الإجابة (answer)"
    plant_exact_duplicates(rng, rows, 1, note="exact duplicate of row {ref} (same question, answer and specialty; new id and date)")
    # The export's own ids and dates (one question every few days through 2024).
    day = 6
    for n, row in enumerate(rows, start=1):
        day += rng.randint(1, 6)
        row.detail = {**row.detail, "id": 1000 + n, "date": _day_of_2024(day)}
    return rows


def _day_of_2024(day: int) -> str:
    months = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    month = 0
    while day > months[month]:
        day -= months[month]
        month += 1
    return f"2024-{month + 1:02d}-{day:02d}"


def render_clinic(rows: list[Row]) -> bytes:
    return render_csv(CLINIC_HEADER, rows, lambda r, n: [r.detail["id"], r.data["q"], r.data["a"],
                                                        r.data["specialty"], r.detail["date"]])


# =============================================================================================
# Content bank 4: English clinical conditions (alpaca instructions, chat, MedQA vignettes)
# =============================================================================================
#
# Each condition carries clinician-facing text (features / workup / management -> alpaca), lay text
# (lay_q / lay_b / lay_explain / self_care / lay_red_flags -> chat) and vignette material
# (complaints, findings, distractors -> MedQA).  Findings [0:4] build the diagnosis vignette and
# findings [3:6] the management vignette, so the two share at most one sentence.  Vignette slots:
# {he} {his} {him} {He} {His}; {R:a-b} integer, {F:a-b} decimal, {T:a-b} temperature in °C and °F.

@dataclass(frozen=True)
class Condition:
    key: str
    dx: str                          # correct diagnosis option
    ages: tuple[int, int]
    sexes: str                       # "M", "F" or "MF"
    acute: bool
    complaints: tuple[str, str]      # each starts with "because of" / "for"
    findings: tuple[str, ...]        # six sentences
    dx_wrong: tuple[str, str, str, str]
    tx: str                          # correct next step / treatment
    tx_wrong: tuple[str, str, str, str]
    name: str = ""                   # how clinicians name it in prose (alpaca)
    features: str = ""
    workup: str = ""
    management: str = ""
    lay: str = ""                    # lay name (chat)
    lay_q: str = ""                  # a patient describing symptoms
    lay_b: str = ""                  # a patient who already has the diagnosis (default from `lay`)
    lay_explain: str = ""
    self_care: str = ""
    lay_red_flags: str = ""
    child: bool = False              # vignette: brought by a parent
    months: bool = False             # ages are in months


CONDITIONS: list[Condition] = [
    Condition(
        key="cap", dx="Community-acquired pneumonia", ages=(25, 55), sexes="MF", acute=True,
        complaints=("because of a 3-day history of fever, cough productive of yellow-green sputum, and right-sided chest pain that worsens with deep inspiration",
                    "because of 4 days of fever, chills, and a worsening productive cough"),
        findings=("Temperature is {T:38.4-39.4}, pulse is {R:96-108}/min, respirations are {R:20-24}/min, and blood pressure is {R:118-132}/{R:70-82} mm Hg.",
                  "Examination shows dullness to percussion, increased tactile fremitus, and bronchial breath sounds over the right lower lung field.",
                  "Leukocyte count is {R:14-18},{R:1-9}00/mm3 with 84% neutrophils.",
                  "A chest x-ray shows a right lower lobe consolidation without pleural effusion.",
                  "Pulse oximetry on room air shows an oxygen saturation of {R:95-97}%, and {he} is alert and oriented.",
                  "{He} has no chronic medical conditions, takes no medications, and has no drug allergies."),
        dx_wrong=("Acute bronchitis", "Pulmonary embolism", "Spontaneous pneumothorax", "Lung abscess"),
        tx="Oral amoxicillin and outpatient follow-up",
        tx_wrong=("Intravenous vancomycin and piperacillin-tazobactam in the ICU", "Bronchoscopy with bronchoalveolar lavage",
                  "Oral prednisone", "CT pulmonary angiography"),
        name="community-acquired pneumonia",
        features="Community-acquired pneumonia typically presents with fever, cough (often productive), pleuritic chest pain, and breathlessness. Examination may reveal tachypnoea, crackles, bronchial breathing, and dullness to percussion over the affected lobe. Older adults may present atypically with confusion or falls and little fever.",
        workup="Diagnosis is clinical and confirmed by a chest radiograph showing a new infiltrate. Severity is assessed with a score such as CURB-65 (confusion, urea >7 mmol/L, respiratory rate ≥30/min, low blood pressure, age ≥65) together with oxygen saturation. Blood tests (full blood count, urea and electrolytes, CRP) and, in admitted patients, blood and sputum cultures help guide management.",
        management="Low-severity cases in otherwise healthy adults can be treated at home with oral amoxicillin (or doxycycline or a macrolide if allergic) for about 5 days. Moderate-to-severe cases need admission, oxygen to keep saturations in the target range, and intravenous or combination antibiotics according to local guidance. Review at 48-72 hours, and arrange follow-up to confirm resolution, with a repeat chest x-ray at about 6 weeks in smokers and patients over 50.",
        lay="pneumonia",
        lay_q="I've had a high temperature and a cough bringing up green phlegm for four days, and it hurts on the right side when I breathe in.",
        lay_explain="Fever, a productive cough and a sharp pain on breathing in can point to a chest infection such as pneumonia, although a viral bronchitis can look similar at first. Pneumonia needs a doctor to listen to your chest and sometimes an x-ray, because it is usually treated with antibiotics. I'd recommend booking an appointment with your GP today or tomorrow rather than waiting it out.",
        self_care="Rest, drink plenty of fluids, and use paracetamol for fever and pain. Take every dose of the antibiotic you were prescribed and finish the course even if you feel better. Don't smoke, and expect the cough and tiredness to linger for a few weeks even as the infection clears.",
        lay_red_flags="Get urgent help if you become breathless at rest, your lips look bluish, you feel confused or very drowsy, or you are not improving after two to three days of antibiotics."),
    Condition(
        key="asthma", dx="Acute asthma exacerbation", ages=(18, 40), sexes="MF", acute=True,
        complaints=("because of worsening shortness of breath, wheezing, and chest tightness that began several hours ago after exposure to smoke from a house fire",
                    "because of 2 days of progressive wheezing and a night-time cough following a cold"),
        findings=("{He} has a history of asthma and uses an albuterol inhaler as needed.",
                  "Pulse is {R:104-116}/min, respirations are {R:24-28}/min, and oxygen saturation on room air is {R:92-94}%.",
                  "Diffuse expiratory wheezes are heard over both lung fields with a prolonged expiratory phase; {he} is using accessory muscles.",
                  "Peak expiratory flow is about {R:50-60}% of {his} personal best.",
                  "{He} can speak in short sentences and is not drowsy.",
                  "There is no fever, and a chest x-ray shows hyperinflation without infiltrates or pneumothorax."),
        dx_wrong=("Congestive heart failure", "Foreign body aspiration", "Spontaneous pneumothorax", "Vocal cord dysfunction"),
        tx="Inhaled short-acting β2-agonist and ipratropium with oral corticosteroids",
        tx_wrong=("Intravenous furosemide", "Immediate endotracheal intubation", "Oral montelukast alone", "Inhaled long-acting β2-agonist alone"),
        name="an acute asthma exacerbation",
        features="An asthma exacerbation presents with increasing breathlessness, wheeze, cough, and chest tightness, often triggered by viral infections, allergens, smoke, or poor inhaler adherence. Severity is judged by the ability to speak, respiratory and heart rates, oxygen saturation, and peak expiratory flow. A silent chest, cyanosis, exhaustion, or confusion indicates a life-threatening attack.",
        workup="Assessment is clinical: measure peak expiratory flow as a percentage of best or predicted, oxygen saturation, and vital signs. Arterial blood gases are indicated when saturation is below 92% or the attack appears severe; a normal or rising PaCO2 in a breathless patient is an ominous sign. A chest x-ray is reserved for suspected pneumothorax, infection, or failure to respond.",
        management="Give oxygen to target saturations of 94-98%, repeated or nebulised short-acting β2-agonist, and nebulised ipratropium in moderate-to-severe attacks. Start oral prednisolone (for example 40-50 mg daily for 5 days) early. Consider intravenous magnesium sulfate for severe attacks and involve critical care if the patient deteriorates. Before discharge, check inhaler technique, step up maintenance therapy, and provide a written asthma action plan.",
        lay="an asthma flare-up",
        lay_q="My asthma has been getting worse since I caught a cold — I'm wheezing at night and using my blue inhaler every few hours.",
        lay_b="I ended up in A&E with an asthma flare-up last week. How do I stop it happening again?",
        lay_explain="Needing your reliever every few hours and waking at night with wheeze are signs that your asthma isn't controlled and that you may be having a flare-up, often set off by a cold. This usually needs a same-day review, because a short course of steroid tablets and a change to your preventer inhaler can stop it getting worse.",
        self_care="Keep using your preventer inhaler every day, even when you feel well, and use a spacer with your reliever. Follow your written asthma action plan, avoid smoke and known triggers, and get the yearly flu vaccine.",
        lay_red_flags="Call emergency services if your reliever isn't helping or is needed more often than every four hours, you are too breathless to speak in full sentences, or your lips or fingers look blue."),
    Condition(
        key="copd", dx="Acute exacerbation of chronic obstructive pulmonary disease", ages=(58, 80), sexes="MF", acute=True,
        complaints=("because of 3 days of increased shortness of breath and more purulent sputum than usual",
                    "because of worsening breathlessness and cough over the past week after a cold"),
        findings=("{He} has smoked 1 pack of cigarettes daily for {R:35-45} years.",
                  "Respirations are {R:22-26}/min, and oxygen saturation on room air is {R:86-89}%.",
                  "Examination shows a barrel-shaped chest, pursed-lip breathing, and scattered expiratory wheezes with reduced breath sounds.",
                  "Arterial blood gas analysis shows pH {F:7.33-7.36}, PaCO2 of {R:50-56} mm Hg, and PaO2 of {R:54-58} mm Hg.",
                  "Spirometry performed 1 year ago showed an FEV1/FVC ratio of 0.58.",
                  "A chest x-ray shows hyperinflated lungs with flattened diaphragms and no consolidation."),
        dx_wrong=("Acute decompensated heart failure", "Pulmonary embolism", "Community-acquired pneumonia", "Bronchiectasis"),
        tx="Nebulized bronchodilators, oral prednisone, antibiotics, and oxygen titrated to 88-92%",
        tx_wrong=("High-flow 100% oxygen via non-rebreather mask", "Intravenous heparin infusion", "Intravenous furosemide",
                  "Oral theophylline alone"),
        name="an acute exacerbation of COPD",
        features="A COPD exacerbation is an acute worsening of breathlessness, cough, and/or sputum beyond day-to-day variation, most often triggered by viral or bacterial infection. Patients may be tachypnoeic with wheeze, use accessory muscles, and show hypoxaemia; severe cases develop hypercapnia, drowsiness, or confusion.",
        workup="Check oxygen saturation and arterial blood gases to detect hypercapnia and acidosis. Obtain a chest radiograph to exclude pneumonia or pneumothorax, an ECG, a full blood count, electrolytes, and sputum culture if purulent. Consider alternative diagnoses such as heart failure and pulmonary embolism.",
        management="Give controlled oxygen to target saturations of 88-92% in patients at risk of hypercapnia, and nebulised short-acting bronchodilators. Add oral prednisolone 30-40 mg for 5 days, and antibiotics when sputum is purulent or there are signs of pneumonia. Non-invasive ventilation is indicated for persistent respiratory acidosis (pH below 7.35 with raised PaCO2) despite optimal medical treatment.",
        lay="a COPD flare-up",
        lay_q="I have COPD and for the last few days I've been more breathless than usual and coughing up thicker, yellow phlegm.",
        lay_b="I have COPD and keep getting flare-ups every winter. What can I do to help myself?",
        lay_explain="That sounds like a COPD flare-up (an exacerbation), which is often set off by a chest infection. Many people have a rescue pack of steroid tablets and antibiotics agreed with their doctor for exactly this situation; if you don't, contact your GP or COPD nurse today.",
        self_care="Use your inhalers exactly as prescribed and check your technique, keep active within your limits, and stop smoking — it is the single most effective step. Pulmonary rehabilitation classes and yearly flu and pneumococcal vaccines reduce future flare-ups.",
        lay_red_flags="Seek emergency care if you are too breathless to speak, become confused or unusually sleepy, your lips turn blue, or you develop chest pain."),
    Condition(
        key="pe", dx="Pulmonary embolism", ages=(30, 65), sexes="MF", acute=True,
        complaints=("because of sudden-onset shortness of breath and sharp left-sided chest pain that worsens with inspiration",
                    "because of acute breathlessness and light-headedness that began this morning"),
        findings=("Pulse is {R:112-124}/min, respirations are {R:24-30}/min, blood pressure is {R:118-130}/{R:72-80} mm Hg, and oxygen saturation on room air is {R:89-92}%.",
                  "The lungs are clear to auscultation; the right calf is swollen and tender.",
                  "An ECG shows sinus tachycardia without ST-segment elevation.",
                  "Ten days ago {he} underwent internal fixation of a right tibial fracture.",
                  "{He} remains hemodynamically stable and has no history of bleeding.",
                  "Serum creatinine is within the reference range."),
        dx_wrong=("Spontaneous pneumothorax", "Acute myocardial infarction", "Community-acquired pneumonia", "Fat embolism syndrome"),
        tx="Begin anticoagulation with heparin and obtain CT pulmonary angiography",
        tx_wrong=("Measure D-dimer and discharge if it is normal", "Systemic thrombolysis with alteplase",
                  "Inferior vena cava filter placement", "Repeat ECG in 24 hours"),
        name="pulmonary embolism",
        features="Pulmonary embolism classically causes sudden breathlessness, pleuritic chest pain, and tachycardia; haemoptysis, syncope, or signs of deep vein thrombosis may be present. Risk factors include recent surgery or immobilisation, active cancer, pregnancy, oestrogen therapy, and previous venous thromboembolism. Massive PE presents with hypotension and shock.",
        workup="Estimate clinical probability with the Wells score. In low-probability patients a negative D-dimer effectively excludes PE; in high-probability patients go straight to CT pulmonary angiography. A V/Q scan is an alternative when contrast is contraindicated. ECG and chest x-ray help exclude other causes, and echocardiography and troponin assess right ventricular strain.",
        management="Start anticoagulation promptly — usually a direct oral anticoagulant such as apixaban or rivaroxaban, or low-molecular-weight heparin — for at least 3 months. Systemic thrombolysis is reserved for massive PE with haemodynamic instability. Extended anticoagulation is considered for unprovoked events, and an IVC filter only when anticoagulation is contraindicated.",
        lay="a blood clot in the lung",
        lay_q="Two weeks after my leg operation I suddenly got short of breath and have a sharp pain in my chest when I breathe in.",
        lay_b="I was diagnosed with a blood clot in my lung and started on blood thinners. What should I do now?",
        lay_explain="Sudden breathlessness with sharp chest pain after recent surgery can be caused by a blood clot that has travelled to the lungs (a pulmonary embolism). This is a medical emergency that needs same-day hospital assessment with blood tests and a scan, so please call emergency services or go to the emergency department now rather than waiting.",
        self_care="Take your blood thinner exactly as prescribed and don't miss doses. Keep moving as much as you are able, stay hydrated on long journeys, and tell any doctor or dentist that you are on anticoagulants.",
        lay_red_flags="Call emergency services straight away for worsening breathlessness, fainting, coughing up blood, or chest pain; while on blood thinners, also seek help for black stools, vomiting blood, or a severe headache."),
    Condition(
        key="stemi", dx="Acute inferior ST-elevation myocardial infarction", ages=(50, 75), sexes="M", acute=True,
        complaints=("because of 45 minutes of crushing substernal chest pain radiating to the jaw, with sweating and nausea",
                    "because of severe chest pressure that began at rest an hour ago"),
        findings=("{He} has hypertension, type 2 diabetes mellitus, and a 30-pack-year smoking history.",
                  "Pulse is {R:58-66}/min and blood pressure is {R:100-110}/{R:60-68} mm Hg; {he} appears pale and diaphoretic.",
                  "Cardiac examination shows normal heart sounds without murmurs; the lungs are clear.",
                  "An ECG shows 3-mm ST-segment elevations in leads II, III, and aVF with reciprocal ST depression in leads I and aVL.",
                  "{He} has received aspirin in the ambulance.",
                  "A catheterization laboratory in the same hospital can perform percutaneous coronary intervention within 60 minutes."),
        dx_wrong=("Aortic dissection", "Acute pericarditis", "Pulmonary embolism", "Unstable angina"),
        tx="Primary percutaneous coronary intervention",
        tx_wrong=("Exercise stress testing", "Intravenous metoprolol and observation", "Repeat troponin in 6 hours before deciding",
                  "Elective coronary angiography next week"),
        name="acute ST-elevation myocardial infarction",
        features="Acute myocardial infarction typically presents with central, crushing chest pain lasting more than 20 minutes, radiating to the arm, neck, or jaw, with sweating, nausea, and breathlessness. Older, female, and diabetic patients may have atypical or silent presentations. Inferior infarcts can cause bradycardia and hypotension.",
        workup="Record a 12-lead ECG within 10 minutes of arrival: ST elevation in two contiguous leads, or new left bundle branch block with a compatible history, defines STEMI. High-sensitivity troponin confirms myocardial injury but must not delay reperfusion in STEMI. Echocardiography assesses wall motion and mechanical complications.",
        management="Give aspirin and arrange immediate reperfusion: primary PCI if it can be delivered within 120 minutes of diagnosis, otherwise fibrinolysis. Add a second antiplatelet agent and anticoagulation, analgesia, and oxygen only if hypoxic. Long-term secondary prevention includes dual antiplatelet therapy, a high-intensity statin, a beta-blocker, an ACE inhibitor, and cardiac rehabilitation.",
        lay="a heart attack",
        lay_q="My dad has had a crushing pain in the middle of his chest for half an hour and he's sweating a lot.",
        lay_b="I'm recovering from a heart attack I had last month. What can I do to help my heart?",
        lay_explain="Crushing central chest pain with sweating could be a heart attack, and every minute counts. Please call emergency services right now; if he isn't allergic and hasn't been told to avoid it, he can chew a regular 300 mg aspirin while you wait. Don't drive him to hospital yourself unless there's truly no alternative.",
        self_care="After a heart attack, cardiac rehabilitation, taking all prescribed heart medicines every day, stopping smoking, and gradually increasing activity make the biggest difference to recovery. Most people can return to driving and work after a few weeks, depending on the treatment they had.",
        lay_red_flags="Call emergency services for chest pain lasting more than a few minutes, pain spreading to the arm or jaw, breathlessness, fainting, or heavy sweating."),
    Condition(
        key="af", dx="Atrial fibrillation", ages=(75, 84), sexes="MF", acute=False,
        complaints=("because of 2 weeks of intermittent palpitations and fatigue",
                    "for evaluation of an irregular heartbeat noticed on a home blood pressure monitor"),
        findings=("Pulse is {R:110-126}/min and irregularly irregular; blood pressure is {R:132-144}/{R:80-88} mm Hg.",
                  "There is no murmur, and the lungs are clear.",
                  "{He} has a history of hypertension treated with amlodipine.",
                  "An ECG shows an irregularly irregular narrow-complex rhythm with no discernible P waves.",
                  "Thyroid-stimulating hormone concentration is within the reference range.",
                  "Transthoracic echocardiography shows a normal left ventricular ejection fraction and a mildly dilated left atrium."),
        dx_wrong=("Atrial flutter with 2:1 block", "Multifocal atrial tachycardia", "Sinus tachycardia with premature atrial contractions",
                  "Paroxysmal supraventricular tachycardia"),
        tx="Rate control with a β-blocker and oral anticoagulation with apixaban",
        tx_wrong=("Immediate synchronized cardioversion", "Aspirin alone for stroke prevention", "Intravenous adenosine",
                  "Catheter ablation of an accessory pathway"),
        name="atrial fibrillation",
        features="Atrial fibrillation causes an irregularly irregular pulse and may present with palpitations, breathlessness, fatigue, dizziness, or reduced exercise tolerance, though many patients are asymptomatic. Its major complication is thromboembolic stroke. Common associations include hypertension, heart failure, valvular disease, thyrotoxicosis, and alcohol excess.",
        workup="Confirm with a 12-lead ECG showing an irregularly irregular rhythm without P waves, or with ambulatory monitoring for paroxysmal AF. Check thyroid function, electrolytes, renal function, and a full blood count, and obtain an echocardiogram. Calculate stroke risk with CHA2DS2-VASc and bleeding risk before starting anticoagulation.",
        management="Haemodynamically unstable patients need emergency electrical cardioversion. Otherwise, control the ventricular rate with a beta-blocker or a non-dihydropyridine calcium-channel blocker, and offer anticoagulation (usually a direct oral anticoagulant) when the CHA2DS2-VASc score is 2 or more in men or 3 or more in women. Rhythm control with cardioversion, antiarrhythmic drugs, or ablation is considered for symptomatic patients.",
        lay="atrial fibrillation",
        lay_q="My smartwatch keeps telling me my heart rhythm is irregular, and I've been feeling my heart flutter and getting tired easily.",
        lay_explain="An irregular rhythm alert together with fluttering and tiredness can be a sign of atrial fibrillation, a common heart rhythm problem. It's worth seeing your doctor soon for an ECG, because if it's confirmed, treatment to control the heart rate and often a blood thinner to lower the risk of stroke may be recommended.",
        self_care="Take any blood thinner exactly as prescribed, keep alcohol to a minimum, manage your blood pressure and weight, and get snoring or sleep apnoea checked. Regular moderate exercise is safe for most people with atrial fibrillation.",
        lay_red_flags="Seek emergency care for chest pain, fainting, severe breathlessness, or signs of stroke such as face drooping, arm weakness, or slurred speech."),
    Condition(
        key="hf", dx="Acute decompensated heart failure", ages=(60, 80), sexes="MF", acute=True,
        complaints=("because of 1 week of progressive shortness of breath, needing 3 pillows to sleep, and swelling of the ankles",
                    "because of worsening breathlessness on exertion and waking at night gasping for air"),
        findings=("{He} had a myocardial infarction 3 years ago.",
                  "Pulse is {R:100-112}/min, respirations are {R:24-28}/min, and blood pressure is {R:142-156}/{R:88-94} mm Hg.",
                  "Examination shows jugular venous distention, bibasilar crackles, an S3 gallop, and pitting edema to the mid-shins.",
                  "A chest x-ray shows cardiomegaly, upper lobe pulmonary venous diversion, and small bilateral pleural effusions.",
                  "Serum B-type natriuretic peptide concentration is markedly elevated.",
                  "Echocardiography shows a left ventricular ejection fraction of 30%."),
        dx_wrong=("Community-acquired pneumonia", "Nephrotic syndrome", "Exacerbation of chronic obstructive pulmonary disease",
                  "Constrictive pericarditis"),
        tx="Intravenous furosemide",
        tx_wrong=("Intravenous normal saline bolus", "Oral verapamil", "Immediate pericardiocentesis", "Intravenous ceftriaxone and azithromycin"),
        name="heart failure with reduced ejection fraction",
        features="Heart failure presents with breathlessness on exertion, orthopnoea, paroxysmal nocturnal dyspnoea, fatigue, and fluid retention causing ankle swelling and weight gain. Signs include raised jugular venous pressure, bibasal crackles, a third heart sound, and peripheral oedema.",
        workup="Measure natriuretic peptides (BNP or NT-proBNP); a normal level makes heart failure unlikely. Echocardiography confirms the diagnosis and classifies it by ejection fraction. ECG, chest x-ray, renal function, electrolytes, full blood count, and thyroid function look for causes and precipitants.",
        management="Acute decompensation is treated with intravenous loop diuretics, oxygen if hypoxic, and daily weights with fluid-balance monitoring. For reduced ejection fraction, long-term therapy combines an ACE inhibitor or ARB (or sacubitril-valsartan), a beta-blocker, a mineralocorticoid receptor antagonist, and an SGLT2 inhibitor, titrated to tolerated doses. Device therapy (ICD or cardiac resynchronisation) is considered for selected patients.",
        lay="heart failure",
        lay_q="My ankles have been swelling and I get out of breath walking up the stairs; lately I need three pillows to sleep.",
        lay_explain="Ankle swelling with breathlessness, especially when you need extra pillows at night, can be a sign that the heart isn't pumping as well as it should (heart failure), although kidney and liver problems can also cause swelling. You should see your doctor within the next few days for an examination, blood tests, and a heart scan.",
        self_care="Weigh yourself every morning and report a gain of more than 2 kg over three days. Limit salt, follow any fluid advice you've been given, take your medicines every day even when you feel well, and stay as active as you comfortably can.",
        lay_red_flags="Go to the emergency department if you are breathless at rest or when lying flat, cough up pink frothy phlegm, have chest pain, or faint."),
    Condition(
        key="htn", dx="Primary (essential) hypertension", ages=(40, 60), sexes="MF", acute=False,
        complaints=("for a routine health maintenance examination",
                    "for follow-up of elevated blood pressure readings obtained at a pharmacy"),
        findings=("Home blood pressure readings over the past 2 weeks have averaged {R:146-152}/{R:92-96} mm Hg.",
                  "BMI is {R:29-32} kg/m2, and physical examination is otherwise unremarkable.",
                  "Serum creatinine and potassium concentrations are within the reference ranges, and urinalysis is normal.",
                  "Blood pressure is {R:152-162}/{R:96-100} mm Hg in the office today; it was similar at a visit 1 month ago.",
                  "{He} has followed a low-sodium diet and exercised regularly for 6 months without improvement in readings.",
                  "An ECG shows normal sinus rhythm without left ventricular hypertrophy."),
        dx_wrong=("Primary hyperaldosteronism", "Renal artery stenosis", "Pheochromocytoma", "White coat hypertension"),
        tx="Begin lisinopril therapy",
        tx_wrong=("Begin clonidine therapy", "Renal artery Doppler ultrasonography", "24-hour urine metanephrine measurement",
                  "Recheck blood pressure in 1 year without treatment"),
        name="primary hypertension",
        features="Primary (essential) hypertension is usually asymptomatic and discovered on routine measurement. Very high readings may cause headache or visual disturbance, and long-standing disease leads to target-organ damage: left ventricular hypertrophy, retinopathy, chronic kidney disease, stroke, and coronary disease.",
        workup="Confirm the diagnosis with repeated clinic readings plus ambulatory or home blood pressure monitoring. Assess cardiovascular risk and target-organ damage with a urine albumin-creatinine ratio, renal function and electrolytes, HbA1c, lipids, fundoscopy, and an ECG. Look for secondary causes in young patients, resistant hypertension, or unexplained hypokalaemia.",
        management="All patients should receive lifestyle advice: reduce salt, lose excess weight, limit alcohol, stop smoking, and exercise regularly. Drug therapy typically starts with an ACE inhibitor or ARB, a calcium-channel blocker, or a thiazide-like diuretic, with combinations added to reach a target generally below 130-140/80-90 mm Hg depending on age and comorbidity. Review every few weeks until controlled, then at least annually.",
        lay="high blood pressure",
        lay_q="The pharmacy machine said my blood pressure was 158 over 98, but I feel completely fine.",
        lay_explain="One high reading doesn't confirm high blood pressure, but 158/98 is high enough to be checked properly. Most people with high blood pressure feel perfectly well, which is why it's worth measuring it at home over a week or asking your doctor for a 24-hour monitor before deciding on treatment.",
        self_care="Cut down on salt, aim for a healthy weight, walk briskly most days, limit alcohol, and stop smoking. If you're prescribed tablets, take them every day, because they only work while you keep taking them.",
        lay_red_flags="Seek urgent care if your blood pressure is above 180/120 with a severe headache, chest pain, breathlessness, confusion, or changes in your vision."),
    Condition(
        key="t2dm", dx="Type 2 diabetes mellitus", ages=(40, 62), sexes="MF", acute=False,
        complaints=("because of increased thirst and frequent urination for 2 months",
                    "because of fatigue and a laboratory report showing an elevated blood glucose concentration"),
        findings=("{He} has gained weight over the past few years, and {his} mother has diabetes.",
                  "BMI is {R:31-35} kg/m2; blood pressure is {R:132-138}/{R:82-86} mm Hg.",
                  "Urinalysis shows glucosuria without ketones.",
                  "Fasting plasma glucose is {R:150-180} mg/dL, and hemoglobin A1c is {F:7.4-8.2}%.",
                  "A repeat hemoglobin A1c 2 weeks later confirms the elevated result.",
                  "Serum creatinine is normal, and the estimated glomerular filtration rate is above 90 mL/min/1.73 m2."),
        dx_wrong=("Type 1 diabetes mellitus", "Diabetes insipidus", "Primary polydipsia", "Cushing syndrome"),
        tx="Metformin and lifestyle modification",
        tx_wrong=("Basal-bolus insulin regimen", "Glipizide monotherapy at maximal dose", "Repeat testing in 1 year", "Hydrochlorothiazide"),
        name="type 2 diabetes mellitus",
        features="Type 2 diabetes is often asymptomatic and found on screening, but may cause thirst, polyuria, fatigue, blurred vision, recurrent infections, and slow wound healing. It is strongly associated with obesity, physical inactivity, family history, and certain ethnic backgrounds, and often coexists with hypertension and dyslipidaemia.",
        workup="Diagnosis requires HbA1c ≥6.5% (48 mmol/mol), fasting plasma glucose ≥126 mg/dL (7.0 mmol/L), a 2-hour glucose ≥200 mg/dL on an oral glucose tolerance test, or a random glucose ≥200 mg/dL with symptoms; without symptoms an abnormal result should be confirmed. At diagnosis check renal function, urine albumin, and lipids, and arrange retinal and foot screening.",
        management="Structured education, dietary change, physical activity, and weight loss form the foundation. Metformin is the usual first-line drug; an SGLT2 inhibitor or GLP-1 receptor agonist is added early in patients with cardiovascular disease, heart failure, or chronic kidney disease. Individualise the HbA1c target (often around 7%) and manage blood pressure, lipids, and smoking.",
        lay="type 2 diabetes",
        lay_q="I've been really thirsty and peeing a lot for the last couple of months, and I've lost some weight without trying.",
        lay_explain="Thirst, passing a lot of urine, and unexplained weight loss are classic symptoms of high blood sugar, so it's important to have a blood test for diabetes soon — ideally this week. If you also feel sick, are vomiting, or are breathing fast, go to the emergency department, because very high sugar can become dangerous.",
        self_care="Small, steady changes help most: fewer sugary drinks and refined carbohydrates, more vegetables and whole grains, at least 150 minutes of activity a week, and gradual weight loss if needed. Attend your yearly eye, foot, and kidney checks, and take metformin with meals to reduce stomach upset.",
        lay_red_flags="Get urgent help for vomiting, abdominal pain, rapid breathing, confusion, or blood sugar readings that stay very high; also seek care promptly for any foot wound that isn't healing."),
    Condition(
        key="dka", dx="Diabetic ketoacidosis", ages=(16, 28), sexes="MF", acute=True,
        complaints=("because of 1 day of nausea, vomiting, and diffuse abdominal pain",
                    "because of increasing drowsiness and vomiting over the past 24 hours"),
        findings=("{He} has type 1 diabetes mellitus and ran out of insulin 3 days ago.",
                  "Pulse is {R:118-130}/min, respirations are {R:28-34}/min and deep, and blood pressure is {R:98-106}/{R:58-64} mm Hg; the mucous membranes are dry.",
                  "A fruity odor is noted on the breath.",
                  "Serum studies show glucose {R:480-560} mg/dL, sodium {R:131-134} mEq/L, potassium {F:5.2-5.8} mEq/L, chloride {R:96-99} mEq/L, and bicarbonate {R:8-11} mEq/L; arterial pH is {F:7.12-7.20}.",
                  "Serum β-hydroxybutyrate is markedly elevated.",
                  "Urinalysis shows glucose and ketones."),
        dx_wrong=("Hyperosmolar hyperglycemic state", "Lactic acidosis", "Acute pancreatitis", "Alcoholic ketoacidosis"),
        tx="Intravenous 0.9% saline followed by an intravenous insulin infusion with potassium monitoring",
        tx_wrong=("Subcutaneous insulin glargine and discharge", "Intravenous sodium bicarbonate", "Intravenous 50% dextrose",
                  "Intravenous insulin bolus before any fluids"),
        name="diabetic ketoacidosis",
        features="Diabetic ketoacidosis develops over hours to days with polyuria, polydipsia, vomiting, abdominal pain, and dehydration, followed by drowsiness. Signs include tachycardia, hypotension, deep sighing (Kussmaul) respiration, and ketotic breath. It may be the first presentation of type 1 diabetes or be triggered by infection or missed insulin.",
        workup="Diagnosis requires ketonaemia (blood ketones ≥3 mmol/L or significant ketonuria), blood glucose above 11 mmol/L (200 mg/dL) or known diabetes, and acidosis (venous pH below 7.3 or bicarbonate below 15 mmol/L). Measure electrolytes (especially potassium), renal function, and a venous gas, and look for precipitants with an ECG, cultures, and a chest x-ray as indicated.",
        management="Replace fluids with intravenous 0.9% saline, start a fixed-rate intravenous insulin infusion, and replace potassium according to levels, because insulin drives potassium into cells. Add glucose to the infusion once blood glucose falls below about 14 mmol/L (250 mg/dL), continue the patient's long-acting insulin, and monitor ketones, glucose, and electrolytes every one to two hours. Treat the precipitating cause and provide education before discharge.",
        lay="diabetic ketoacidosis (DKA)",
        lay_q="My teenage son has type 1 diabetes and has been vomiting all day; his breath smells sweet and he's breathing fast.",
        lay_b="I was in hospital last month with DKA. How can I stop it happening again?",
        lay_explain="Vomiting, fast breathing, and sweet-smelling breath in someone with type 1 diabetes are warning signs of diabetic ketoacidosis, a dangerous build-up of ketones. He needs to be seen in the emergency department now — please don't wait to see whether it settles.",
        self_care="Never stop your long-acting insulin, even if you are not eating. On sick days check glucose and ketones every few hours, keep sipping fluids, and follow the sick-day rules from your diabetes team, contacting them early if ketones rise.",
        lay_red_flags="Go to the emergency department for repeated vomiting, blood ketones of 3 mmol/L or more, abdominal pain, fast or deep breathing, or drowsiness."),
    Condition(
        key="hypothyroid", dx="Hashimoto thyroiditis", ages=(30, 60), sexes="F", acute=False,
        complaints=("because of 6 months of fatigue, weight gain, and cold intolerance",
                    "because of constipation, dry skin, and heavier menstrual periods over several months"),
        findings=("She also reports constipation and thinning hair.",
                  "Pulse is {R:54-60}/min; the skin is dry and cool, and deep tendon reflexes show delayed relaxation.",
                  "The thyroid gland is diffusely enlarged, firm, and nontender.",
                  "Serum TSH is {F:12.0-18.0} μU/mL, and free thyroxine (T4) is decreased.",
                  "Serum anti-thyroid peroxidase antibodies are markedly elevated.",
                  "She has no history of heart disease and is not pregnant."),
        dx_wrong=("Subacute granulomatous thyroiditis", "Graves disease", "Central hypothyroidism", "Major depressive disorder"),
        tx="Oral levothyroxine",
        tx_wrong=("Propylthiouracil", "Radioactive iodine ablation", "Oral prednisone", "Total thyroidectomy"),
        name="primary hypothyroidism",
        features="Hypothyroidism causes fatigue, weight gain, cold intolerance, constipation, dry skin, hair thinning, menstrual irregularity, low mood, and slowed thinking. Signs include bradycardia, delayed relaxation of the tendon reflexes, periorbital puffiness, and sometimes a goitre.",
        workup="A raised TSH with low free T4 confirms primary hypothyroidism; a raised TSH with normal free T4 is subclinical hypothyroidism. Thyroid peroxidase antibodies support autoimmune (Hashimoto) thyroiditis. If TSH is low or normal with a low free T4, consider central (pituitary) disease.",
        management="Treat with levothyroxine taken on an empty stomach, starting at a full weight-based dose in most young adults and at a low dose in older patients or those with ischaemic heart disease. Recheck TSH 6-8 weeks after each dose change and annually once stable. Pregnancy usually requires a dose increase.",
        lay="an underactive thyroid",
        lay_q="I'm exhausted all the time, always cold, and I've put on weight even though I'm eating the same.",
        lay_explain="Tiredness, feeling cold, and weight gain together can be caused by an underactive thyroid gland, which is common and easily checked with a simple blood test. Other causes such as anaemia, low mood, or sleep problems are possible too, so it's worth seeing your doctor for a check-up and blood tests.",
        self_care="Take levothyroxine at the same time each day on an empty stomach, ideally 30-60 minutes before breakfast, and keep iron and calcium supplements at least four hours apart from it. It can take several weeks to feel the full benefit after a dose change.",
        lay_red_flags="See a doctor promptly if tiredness comes with chest pain, marked swelling, or confusion. Once you are on thyroid tablets, report chest pain or a racing heart, and tell your doctor if you become pregnant, because the dose usually needs adjusting."),
    Condition(
        key="graves", dx="Graves disease", ages=(20, 45), sexes="F", acute=False,
        complaints=("because of 3 months of palpitations, heat intolerance, and a 5-kg weight loss despite an increased appetite",
                    "because of anxiety, tremor, and frequent bowel movements for 2 months"),
        findings=("Pulse is {R:108-118}/min, and blood pressure is {R:134-142}/{R:68-74} mm Hg.",
                  "Examination shows a fine tremor of the outstretched hands, warm moist skin, and bilateral proptosis with lid lag.",
                  "The thyroid gland is diffusely enlarged and nontender, with a bruit heard over it.",
                  "Serum TSH is undetectable, and free T4 is elevated.",
                  "Thyroid-stimulating immunoglobulins are positive.",
                  "She is not pregnant and does not plan pregnancy in the near future."),
        dx_wrong=("Toxic multinodular goiter", "Subacute granulomatous thyroiditis", "Factitious thyrotoxicosis", "Pheochromocytoma"),
        tx="Propranolol and methimazole",
        tx_wrong=("Levothyroxine", "Observation alone", "Emergency thyroidectomy", "High-dose oral prednisone alone"),
        name="Graves disease",
        features="Graves disease is an autoimmune cause of hyperthyroidism producing weight loss despite a good appetite, heat intolerance, sweating, palpitations, tremor, anxiety, and frequent stools. Distinctive features include a diffuse goitre with a bruit, thyroid eye disease (proptosis, lid retraction), and occasionally pretibial myxoedema.",
        workup="A suppressed TSH with raised free T4 and/or T3 confirms hyperthyroidism. Positive TSH-receptor antibodies establish Graves disease; a radioiodine uptake scan shows diffuse uptake and helps distinguish it from thyroiditis and toxic nodules.",
        management="A beta-blocker such as propranolol controls adrenergic symptoms. Definitive options are antithyroid drugs (carbimazole or methimazole, with propylthiouracil preferred in the first trimester of pregnancy), radioactive iodine, or thyroidectomy. Warn patients on antithyroid drugs about agranulocytosis and to report a sore throat or fever immediately, and refer eye disease to a specialist.",
        lay="an overactive thyroid (Graves disease)",
        lay_q="I've lost weight even though I'm eating more, my hands shake, I feel hot all the time, and my heart races.",
        lay_explain="Weight loss with a big appetite, shaky hands, feeling hot, and a racing heart are typical of an overactive thyroid, which a simple blood test can confirm. It's very treatable, so book an appointment with your doctor in the next week or so.",
        self_care="Take your tablets exactly as prescribed and attend your blood tests, since the dose is adjusted according to the results. Stop smoking, as it makes thyroid eye disease worse, and use lubricating eye drops if your eyes feel gritty.",
        lay_red_flags="Seek urgent care for a very fast or irregular heartbeat, chest pain, a high fever with confusion, or eye pain or any change in vision. If you are later treated with carbimazole or methimazole, a sore throat, mouth ulcers, or fever need an urgent blood count the same day."),
    Condition(
        key="ida", dx="Iron deficiency anemia", ages=(25, 45), sexes="F", acute=False,
        complaints=("because of 4 months of fatigue and shortness of breath on exertion",
                    "because of increasing tiredness, brittle nails, and heavy menstrual periods over the past several months"),
        findings=("Her menstrual periods are heavy and last 7 to 8 days.",
                  "She appears pale; pulse is {R:92-100}/min.",
                  "Hemoglobin is {F:8.8-9.8} g/dL, and mean corpuscular volume is {R:68-74} μm3.",
                  "Serum ferritin is {R:5-9} ng/mL.",
                  "A peripheral blood smear shows hypochromic, microcytic erythrocytes with pencil cells.",
                  "She has no gastrointestinal symptoms, and celiac serology is negative."),
        dx_wrong=("β-Thalassemia minor", "Anemia of chronic disease", "Sideroblastic anemia", "Vitamin B12 deficiency"),
        tx="Oral ferrous sulfate and evaluation of heavy menstrual bleeding",
        tx_wrong=("Red blood cell transfusion", "Intramuscular vitamin B12", "Oral folic acid alone", "Bone marrow biopsy"),
        name="iron deficiency anaemia",
        features="Iron deficiency anaemia causes fatigue, breathlessness on exertion, palpitations, headache, and reduced concentration. Signs include pallor, koilonychia, angular cheilitis, and atrophic glossitis, and pica (craving ice or non-food substances) may occur. Common causes are menstrual loss, pregnancy, poor intake, malabsorption, and gastrointestinal bleeding.",
        workup="A full blood count shows a microcytic, hypochromic anaemia, and a low ferritin confirms iron deficiency (ferritin may be falsely normal with inflammation). Identify the cause: take a menstrual history, check coeliac serology, and in men and postmenopausal women arrange upper and lower gastrointestinal endoscopy to exclude malignancy.",
        management="Treat the cause and give oral iron, for example ferrous sulfate 200 mg once daily or on alternate days, which is often better tolerated. Check the haemoglobin after 2-4 weeks (expect a rise of about 2 g/dL in 3-4 weeks) and continue iron for 3 months after normalisation to replenish stores. Intravenous iron is used when oral iron is not tolerated or not absorbed.",
        lay="iron deficiency anaemia",
        lay_q="I've been tired and short of breath on the stairs for months; my periods are heavy and I crave ice.",
        lay_explain="Heavy periods, tiredness, breathlessness on the stairs, and craving ice are a classic combination for iron deficiency anaemia. A blood count and ferritin test will confirm it, and your doctor can also look at ways to make your periods lighter.",
        self_care="Take iron tablets with water or orange juice rather than tea, coffee, or milk, and ask about alternate-day dosing if they upset your stomach. Iron-rich foods include red meat, lentils, beans, and leafy greens; dark stools are expected while taking iron.",
        lay_red_flags="See a doctor urgently if you feel faint, have chest pain, notice black tarry stools that aren't explained by iron tablets, or see blood in your stool or vomit."),
    Condition(
        key="b12", dx="Pernicious anemia", ages=(50, 75), sexes="MF", acute=False,
        complaints=("because of 3 months of fatigue and tingling in both feet",
                    "because of progressive numbness in the feet and unsteadiness when walking in the dark"),
        findings=("{He} has autoimmune hypothyroidism treated with levothyroxine.",
                  "Examination shows a smooth, beefy-red tongue and decreased vibration and position sense in the lower extremities; the Romberg sign is positive.",
                  "Hemoglobin is {F:9.0-10.2} g/dL, and mean corpuscular volume is {R:112-120} μm3.",
                  "A peripheral blood smear shows hypersegmented neutrophils.",
                  "Serum methylmalonic acid and homocysteine concentrations are both elevated.",
                  "Anti-intrinsic factor antibodies are positive."),
        dx_wrong=("Folate deficiency", "Iron deficiency anemia", "Myelodysplastic syndrome", "Alcohol-related macrocytosis"),
        tx="Intramuscular vitamin B12 (hydroxocobalamin or cyanocobalamin)",
        tx_wrong=("Oral folic acid alone", "Oral ferrous sulfate", "Red blood cell transfusion", "Erythropoietin injections"),
        name="vitamin B12 deficiency",
        features="Vitamin B12 deficiency causes a macrocytic anaemia with fatigue and pallor, glossitis, and neurological features including peripheral neuropathy, loss of vibration and joint-position sense (subacute combined degeneration of the cord), memory problems, and mood change. Neurological damage can occur even without anaemia.",
        workup="Measure serum B12, adding methylmalonic acid or homocysteine when results are borderline; a blood film shows macrocytes and hypersegmented neutrophils. Anti-intrinsic factor antibodies support pernicious anaemia. Always check folate as well, since giving folate alone to a B12-deficient patient can worsen neurological damage.",
        management="Pernicious anaemia and neurological involvement are treated with intramuscular hydroxocobalamin: frequent loading injections followed by maintenance every 2-3 months for life. Dietary deficiency (for example in vegans) can be treated with oral cyanocobalamin. Monitor the blood count and potassium in the first weeks of treating severe anaemia.",
        lay="vitamin B12 deficiency",
        lay_q="My feet have been tingling for a few months, I'm very tired, and my tongue feels sore and looks red.",
        lay_explain="Tingling feet, tiredness, and a sore red tongue can be caused by a lack of vitamin B12, which is easily checked with a blood test. It's important to find and treat it promptly, because nerve symptoms can become permanent if left too long.",
        self_care="Keep every injection appointment — with pernicious anaemia, treatment is usually lifelong because the body can't absorb B12 from food. If you eat little or no animal produce, include fortified foods or take a regular B12 supplement.",
        lay_red_flags="Seek prompt medical review if you have worsening numbness or weakness, difficulty walking, or new confusion or memory problems."),
    Condition(
        key="cystitis", dx="Acute uncomplicated cystitis", ages=(20, 45), sexes="F", acute=False,
        complaints=("because of 2 days of painful urination, urinary frequency, and suprapubic discomfort",
                    "because of burning on urination and a constant urge to urinate since yesterday"),
        findings=("She is sexually active with one male partner; her last menstrual period was 2 weeks ago.",
                  "Temperature is 37°C (98.6°F); there is mild suprapubic tenderness and no costovertebral angle tenderness.",
                  "She has no vaginal discharge or itching.",
                  "Urine dipstick is positive for leukocyte esterase and nitrites.",
                  "A urine pregnancy test is negative.",
                  "She has no drug allergies and no history of kidney disease."),
        dx_wrong=("Acute pyelonephritis", "Chlamydia cervicitis", "Vulvovaginal candidiasis", "Interstitial cystitis"),
        tx="Oral nitrofurantoin for 5 days",
        tx_wrong=("Intravenous ceftriaxone and hospital admission", "CT scan of the abdomen and pelvis", "Cystoscopy",
                  "No treatment and a repeat urinalysis in 2 weeks"),
        name="acute uncomplicated cystitis in women",
        features="Acute uncomplicated cystitis causes dysuria, frequency, urgency, and suprapubic pain, sometimes with haematuria. Fever, rigors, flank pain, and vomiting suggest upper tract infection (pyelonephritis) instead, while vaginal discharge or itching points towards vaginitis or a sexually transmitted infection.",
        workup="In non-pregnant women with typical symptoms and no vaginal symptoms, the diagnosis can be made clinically or with a urine dipstick showing nitrites and leukocyte esterase. Send a urine culture in pregnancy, in men, in recurrent or treatment-failure cases, and when pyelonephritis is suspected. Check a pregnancy test where relevant.",
        management="First-line options include nitrofurantoin for 5 days, a single dose of fosfomycin, or trimethoprim or trimethoprim-sulfamethoxazole for 3 days where local resistance is low. Advise fluids and simple analgesia. Recurrent infections may warrant behavioural measures, vaginal oestrogen in postmenopausal women, or prophylaxis.",
        lay="a urine infection",
        lay_q="It burns when I pee and I need to go every few minutes; it started yesterday.",
        lay_explain="Burning and needing to pee often are typical of a bladder infection (cystitis), which is very common in women. A pharmacist or GP can usually confirm it quickly and give a short course of antibiotics; if you might be pregnant, mention it, because the treatment is different.",
        self_care="Drink plenty of water, take paracetamol or ibuprofen for discomfort, and finish the full antibiotic course. Cranberry products have only limited evidence, but staying well hydrated and not holding on when you need to go may reduce repeat infections.",
        lay_red_flags="See a doctor the same day if you develop a fever, shivering, pain in your back or side, vomiting, or blood in the urine, or if you are pregnant."),
    Condition(
        key="pyelo", dx="Acute pyelonephritis", ages=(20, 45), sexes="F", acute=True,
        complaints=("because of 2 days of fever, chills, and right flank pain",
                    "because of a high fever, chills, and pain in the right side of her back since yesterday"),
        findings=("She had burning on urination for 3 days before the fever began.",
                  "Temperature is {T:38.8-39.6}, pulse is {R:102-112}/min, and blood pressure is {R:112-122}/{R:70-78} mm Hg.",
                  "There is right costovertebral angle tenderness.",
                  "Urinalysis shows numerous leukocytes, leukocyte casts, and bacteria.",
                  "She is tolerating oral fluids, and a urine pregnancy test is negative.",
                  "Serum creatinine is within the reference range, and renal ultrasonography shows no hydronephrosis."),
        dx_wrong=("Acute cystitis", "Acute appendicitis", "Nephrolithiasis", "Pelvic inflammatory disease"),
        tx="Oral ciprofloxacin after obtaining a urine culture",
        tx_wrong=("Oral nitrofurantoin for 3 days", "Emergency nephrectomy", "Admission to the ICU for intravenous vancomycin",
                  "Observation without antibiotics"),
        name="acute pyelonephritis",
        features="Acute pyelonephritis presents with fever, rigors, flank or loin pain, nausea, and vomiting, often preceded by symptoms of cystitis. Costovertebral angle tenderness is typical. Older patients may present with confusion, and severe cases can progress to sepsis.",
        workup="Send a urine culture before starting antibiotics; urinalysis shows pyuria, bacteriuria, and sometimes white cell casts. Check a full blood count, renal function, and blood cultures if unwell. Imaging (ultrasound or CT) is indicated for suspected obstruction, stones, abscess, or failure to improve within 48-72 hours.",
        management="Patients who can take oral fluids can be treated at home with an oral fluoroquinolone (for example ciprofloxacin for 7 days) or another agent guided by local resistance and culture results. Admit patients who are septic, vomiting, pregnant, or obstructed, and give intravenous antibiotics such as ceftriaxone, switching to oral therapy once improving.",
        lay="a kidney infection",
        lay_q="I had a bladder infection last week and now I have a high fever, shivers, and pain in my back on one side.",
        lay_explain="Fever, shivering, and one-sided back pain after a bladder infection suggest the infection may have spread to the kidney (pyelonephritis). This needs to be seen by a doctor today, because it usually needs stronger antibiotics and sometimes hospital treatment.",
        self_care="Keep drinking fluids, take paracetamol for fever, rest, and complete the antibiotic course even when you feel better. You should feel noticeably better within two to three days.",
        lay_red_flags="Go to the emergency department if you can't keep fluids down, feel faint or confused, have a very fast heartbeat, or are pregnant."),
    Condition(
        key="renal_colic", dx="Ureteral calculus (nephrolithiasis)", ages=(25, 55), sexes="M", acute=True,
        complaints=("because of sudden-onset severe left flank pain radiating to the groin",
                    "because of colicky left-sided pain that comes in waves and makes it impossible to sit still"),
        findings=("{He} is restless and unable to find a comfortable position.",
                  "Temperature is 37°C (98.6°F), pulse is {R:96-106}/min, and blood pressure is {R:138-148}/{R:86-92} mm Hg.",
                  "There is mild left costovertebral angle tenderness, and the abdomen is soft without peritoneal signs.",
                  "Urinalysis shows microscopic hematuria without leukocytes or nitrites.",
                  "Noncontrast CT of the abdomen and pelvis shows a 4-mm calculus in the left distal ureter with mild hydronephrosis.",
                  "Serum creatinine is within the reference range."),
        dx_wrong=("Acute pyelonephritis", "Ruptured abdominal aortic aneurysm", "Acute appendicitis", "Testicular torsion"),
        tx="Analgesia with an NSAID and tamsulosin for medical expulsive therapy",
        tx_wrong=("Emergency percutaneous nephrolithotomy", "Immediate extracorporeal shock wave lithotripsy",
                  "Intravenous antibiotics for 14 days", "Open ureterolithotomy"),
        name="renal colic due to a ureteric stone",
        features="Renal colic causes sudden, severe, colicky flank pain radiating to the groin, with restlessness, nausea, and vomiting. Haematuria is common. Fever with an obstructed kidney suggests infection behind the stone, which is a urological emergency.",
        workup="Non-contrast CT of the kidneys, ureters, and bladder is the preferred test; ultrasound is used in pregnancy and young patients. Check urinalysis, renal function, calcium, and urate, plus a full blood count and CRP if infection is suspected. Analyse passed stones to guide prevention.",
        management="Treat pain with an NSAID such as diclofenac or ibuprofen (opioids if NSAIDs are contraindicated). Stones under about 5 mm usually pass spontaneously, and alpha-blockers such as tamsulosin may help distal ureteric stones of 5-10 mm. Obstruction with infection or kidney injury needs urgent decompression by stent or nephrostomy. Advise a high fluid intake to prevent recurrence.",
        lay="a kidney stone",
        lay_q="I suddenly got agonising pain in my left side that spreads to my groin; it comes in waves and I can't keep still.",
        lay_explain="Severe waves of pain moving from the side to the groin, making you restless, are typical of a kidney stone. Strong painkillers are usually needed, so it's reasonable to be seen in urgent care or the emergency department, especially if this is the first time.",
        self_care="Drink enough to keep your urine pale — around 2.5 to 3 litres a day — cut down on salt, and keep animal protein moderate. Don't cut out dairy calcium unless your doctor tells you to, as a normal calcium intake actually helps prevent common stones.",
        lay_red_flags="Go to the emergency department if you have a fever or shivers with the pain, can't pass urine, have only one kidney, or the pain can't be controlled."),
    Condition(
        key="appendicitis", dx="Acute appendicitis", ages=(14, 30), sexes="MF", acute=True,
        complaints=("because of abdominal pain that began around the umbilicus 18 hours ago and has moved to the right lower quadrant",
                    "because of right lower abdominal pain, loss of appetite, and nausea since last night"),
        findings=("{He} vomited once and has no appetite.",
                  "Temperature is {T:37.8-38.3}, and pulse is {R:96-106}/min.",
                  "There is tenderness with guarding at McBurney point, and palpation of the left lower quadrant causes pain in the right lower quadrant.",
                  "Leukocyte count is {R:13-16},{R:1-9}00/mm3 with a left shift.",
                  "Ultrasonography shows a noncompressible, dilated appendix measuring 9 mm with surrounding fat stranding.",
                  "Urinalysis is normal."),
        dx_wrong=("Mesenteric adenitis", "Meckel diverticulitis", "Viral gastroenteritis", "Right ureteral calculus"),
        tx="Appendectomy with preoperative intravenous antibiotics",
        tx_wrong=("Discharge with oral analgesia", "Colonoscopy", "Barium enema", "Repeat ultrasonography in 1 week"),
        name="acute appendicitis",
        features="Appendicitis classically begins with vague periumbilical pain that migrates to the right iliac fossa over 12-24 hours, with anorexia, nausea, and low-grade fever. Signs include tenderness at McBurney's point, guarding, rebound, and Rovsing's sign. Young children, older adults, and pregnant women often present atypically.",
        workup="Diagnosis is largely clinical, supported by a raised white cell count and CRP; scores such as Alvarado help stratify risk. Ultrasound is the first-line imaging in children and pregnancy, and CT is most accurate in adults. Perform a pregnancy test in women of reproductive age.",
        management="Give analgesia, intravenous fluids, and antibiotics, and proceed to appendicectomy, usually laparoscopic. Selected uncomplicated cases may be treated with antibiotics alone after discussion of the recurrence risk. Perforation with abscess may be managed with percutaneous drainage followed by interval surgery.",
        lay="appendicitis",
        lay_q="The pain started around my belly button yesterday, but now it's in the lower right side, it hurts to walk, and I don't want to eat.",
        lay_b="I had my appendix out three days ago. What should I do while I recover?",
        lay_explain="Pain that starts around the belly button and moves to the lower right side, with loss of appetite and pain on walking, is a typical pattern for appendicitis. Please go to the emergency department now so a doctor can examine you, and avoid eating or drinking until you've been assessed in case you need surgery.",
        self_care="After an appendix operation, walk little and often, take regular pain relief, and avoid heavy lifting for about two weeks after keyhole surgery (longer after open surgery). Keep the wounds clean and dry.",
        lay_red_flags="Seek urgent care if the pain becomes severe or spreads across the whole abdomen, you develop a high fever or repeated vomiting, or, after surgery, a wound becomes red, hot, or starts to leak."),
    Condition(
        key="cholecystitis", dx="Acute calculous cholecystitis", ages=(35, 60), sexes="F", acute=True,
        complaints=("because of 8 hours of constant right upper quadrant pain radiating to the right shoulder after a fatty meal",
                    "because of right upper abdominal pain, fever, and vomiting since last night"),
        findings=("She has had several shorter episodes of similar pain after meals over the past year.",
                  "Temperature is {T:38.1-38.7}, and pulse is {R:96-104}/min.",
                  "There is right upper quadrant tenderness, and deep palpation below the right costal margin causes her to stop inspiration.",
                  "Ultrasonography shows gallstones, a thickened gallbladder wall, and pericholecystic fluid.",
                  "Leukocyte count is {R:13-15},{R:1-9}00/mm3; serum bilirubin, alkaline phosphatase, and lipase are within the reference ranges.",
                  "The common bile duct is not dilated."),
        dx_wrong=("Acute cholangitis", "Choledocholithiasis", "Acute pancreatitis", "Perforated peptic ulcer"),
        tx="Intravenous antibiotics and early laparoscopic cholecystectomy",
        tx_wrong=("Endoscopic retrograde cholangiopancreatography", "Oral ursodeoxycholic acid and discharge",
                  "Extracorporeal shock wave lithotripsy", "Liver biopsy"),
        name="acute cholecystitis",
        features="Acute cholecystitis causes constant right upper quadrant or epigastric pain, often after a fatty meal and lasting more than 6 hours, with fever, nausea, and vomiting. Murphy's sign is typically positive. Jaundice suggests a stone in the common bile duct or cholangitis rather than simple cholecystitis.",
        workup="Ultrasound is the first-line investigation, showing gallstones, gallbladder wall thickening, pericholecystic fluid, and a sonographic Murphy sign. Blood tests include a full blood count, CRP, liver function tests, and lipase or amylase to check for pancreatitis. A HIDA scan can help when ultrasound is equivocal.",
        management="Management includes initial fasting, intravenous fluids, analgesia, and antibiotics, followed by laparoscopic cholecystectomy, ideally within a week of diagnosis. Patients too unwell for surgery may need percutaneous cholecystostomy. Suspected common bile duct stones are assessed with MRCP or endoscopic ultrasound and removed by ERCP.",
        lay="gallbladder inflammation",
        lay_q="I've had a constant pain under my right ribs since dinner last night, it goes to my shoulder, and now I have a temperature.",
        lay_b="I've been told I have gallstones and may need my gallbladder removed. What can I do in the meantime?",
        lay_explain="Constant pain under the right ribs that spreads to the shoulder, especially with a fever after a fatty meal, suggests an inflamed gallbladder, usually caused by gallstones. This needs same-day assessment, ideally in the emergency department, for blood tests and an ultrasound scan.",
        self_care="While you wait for surgery, smaller meals that are lower in fat may reduce attacks. After keyhole removal, most people are back to normal activities in one to two weeks and can gradually return to a normal diet.",
        lay_red_flags="Go to the emergency department urgently if you develop yellow skin or eyes, dark urine with pale stools, a high fever with shivering, or pain that won't settle."),
    Condition(
        key="pancreatitis", dx="Acute pancreatitis", ages=(35, 60), sexes="M", acute=True,
        complaints=("because of severe epigastric pain radiating to the back that began 12 hours ago after an evening of heavy drinking",
                    "because of constant upper abdominal pain with repeated vomiting since yesterday"),
        findings=("{He} drinks 6 to 8 beers daily.",
                  "Temperature is {T:37.8-38.2}, pulse is {R:108-118}/min, and blood pressure is {R:110-118}/{R:68-74} mm Hg.",
                  "The epigastrium is markedly tender, and bowel sounds are decreased.",
                  "Serum lipase is {R:8-12} times the upper limit of normal.",
                  "Serum triglycerides and calcium are within the reference ranges, and ultrasonography shows no gallstones.",
                  "{He} has received 1 L of intravenous fluid in the ambulance."),
        dx_wrong=("Perforated peptic ulcer", "Acute cholecystitis", "Acute mesenteric ischemia", "Ruptured abdominal aortic aneurysm"),
        tx="Intravenous crystalloid fluids and analgesia",
        tx_wrong=("Emergency laparotomy", "Prophylactic intravenous imipenem", "Endoscopic retrograde cholangiopancreatography",
                  "Total parenteral nutrition with nothing by mouth for 2 weeks"),
        name="acute pancreatitis",
        features="Acute pancreatitis presents with severe epigastric pain radiating to the back, often eased by sitting forward, with nausea and vomiting. The most common causes are gallstones and alcohol; others include hypertriglyceridaemia, hypercalcaemia, drugs, and ERCP. Severe cases cause hypotension, respiratory failure, and flank or periumbilical bruising.",
        workup="Diagnosis requires two of: typical pain, serum lipase or amylase at least three times the upper limit of normal, and characteristic imaging. Ultrasound looks for gallstones in every patient; contrast CT is reserved for diagnostic doubt or suspected complications after 72 hours. Check triglycerides, calcium, and markers of severity such as urea, haematocrit, and CRP.",
        management="Treatment is supportive: intravenous crystalloid fluids, adequate analgesia including opioids when needed, antiemetics, and early oral or enteral feeding as tolerated. Antibiotics are not given prophylactically but are used for confirmed infected necrosis. Gallstone pancreatitis needs cholecystectomy during the same admission, and urgent ERCP is indicated if there is cholangitis.",
        lay="pancreatitis",
        lay_q="I have a severe pain in the top of my stomach that goes through to my back, and I keep vomiting.",
        lay_b="I was discharged after a bout of pancreatitis. How can I avoid another one?",
        lay_explain="Severe upper abdominal pain that bores through to the back with repeated vomiting can be caused by pancreatitis, among other serious conditions. You need to be assessed in the emergency department today; please don't try to manage this at home.",
        self_care="After pancreatitis, avoiding alcohol completely is the most important step if drinking was the cause, and gallbladder removal is usually advised if gallstones were responsible. Eat regular, lower-fat meals as you recover, and stop smoking.",
        lay_red_flags="Seek urgent help for severe abdominal pain, yellowing of the skin, persistent vomiting, breathlessness, or feeling faint."),
    Condition(
        key="gerd", dx="Gastroesophageal reflux disease", ages=(30, 50), sexes="MF", acute=False,
        complaints=("because of 3 months of burning retrosternal pain after meals that worsens when lying down",
                    "because of a sour taste in the mouth and heartburn several times a week"),
        findings=("Symptoms are worse after large or spicy meals and at night.",
                  "{He} has no difficulty swallowing, weight loss, vomiting, or black stools.",
                  "BMI is {R:28-31} kg/m2, and physical examination is unremarkable.",
                  "An ECG is normal.",
                  "Symptoms improved partially with over-the-counter antacids.",
                  "{He} drinks 3 to 4 cups of coffee daily."),
        dx_wrong=("Eosinophilic esophagitis", "Achalasia", "Stable angina", "Esophageal adenocarcinoma"),
        tx="An 8-week trial of a proton pump inhibitor with lifestyle changes",
        tx_wrong=("Immediate upper endoscopy with biopsy", "Laparoscopic Nissen fundoplication", "Esophageal manometry",
                  "Empiric H. pylori eradication without testing"),
        name="gastro-oesophageal reflux disease",
        features="Gastro-oesophageal reflux disease causes heartburn and acid regurgitation, typically after meals, when lying flat, or on bending; atypical features include chronic cough, hoarseness, and non-cardiac chest pain. Alarm features such as dysphagia, weight loss, vomiting, anaemia, or gastrointestinal bleeding warrant endoscopy.",
        workup="Typical symptoms without alarm features justify an empirical trial of a proton pump inhibitor. Endoscopy is indicated for alarm features, age-related risk criteria, or treatment failure; ambulatory pH monitoring confirms reflux when endoscopy is normal. Exclude cardiac causes of chest pain when in doubt.",
        management="Lifestyle measures include weight loss, smaller meals, avoiding late eating, raising the head of the bed, and reducing triggers such as alcohol and smoking. A proton pump inhibitor for 4-8 weeks heals most oesophagitis, followed by stepping down to the lowest effective dose or on-demand use. Anti-reflux surgery is an option for selected patients.",
        lay="acid reflux",
        lay_q="I get a burning feeling behind my breastbone after dinner most nights, and it's worse when I lie down.",
        lay_explain="A burning feeling behind the breastbone after meals that gets worse lying down is typical of acid reflux. It's usually not serious and often improves with lifestyle changes and an acid-reducing medicine, but chest pain can occasionally come from the heart, so see a doctor if you're unsure.",
        self_care="Eat smaller meals, leave three hours between your last meal and bedtime, raise the head of your bed by 10 to 20 cm, and cut down on alcohol, coffee, and fatty foods. Losing weight if needed and stopping smoking make a real difference.",
        lay_red_flags="See a doctor promptly if food sticks when you swallow, you lose weight without trying, you vomit blood, or your stools turn black."),
    Condition(
        key="pud", dx="Duodenal ulcer associated with Helicobacter pylori", ages=(30, 55), sexes="MF", acute=False,
        complaints=("because of 2 months of burning epigastric pain that improves with meals and wakes {him} at night",
                    "because of intermittent upper abdominal pain relieved by eating"),
        findings=("{He} takes no regular medications and does not use NSAIDs.",
                  "Vital signs are within normal limits, and there is mild epigastric tenderness without guarding.",
                  "Hemoglobin is {F:12.8-14.0} g/dL.",
                  "A urea breath test is positive.",
                  "Upper endoscopy shows a 1-cm clean-based ulcer in the duodenal bulb.",
                  "{He} has no drug allergies."),
        dx_wrong=("Gastric adenocarcinoma", "Chronic pancreatitis", "Biliary colic", "Zollinger-Ellison syndrome"),
        tx="A proton pump inhibitor with clarithromycin and amoxicillin for 14 days",
        tx_wrong=("Proton pump inhibitor alone for 12 months", "Surgical vagotomy", "Octreotide infusion", "Sucralfate alone"),
        name="peptic ulcer disease",
        features="Peptic ulcer disease causes burning epigastric pain; duodenal ulcer pain classically improves with eating and may wake the patient at night, whereas gastric ulcer pain may worsen with food. Complications include bleeding (haematemesis, melaena), perforation with sudden severe pain, and gastric outlet obstruction. H. pylori and NSAIDs are the main causes.",
        workup="Test for H. pylori with a urea breath test or stool antigen (after stopping PPIs for 2 weeks), or by biopsy at endoscopy. Endoscopy is indicated for older patients and those with alarm features; gastric ulcers should be biopsied and re-scoped to confirm healing. Review NSAID and aspirin use.",
        management="Eradicate H. pylori with a proton pump inhibitor plus two antibiotics for 14 days, or bismuth-based quadruple therapy where clarithromycin resistance is high, and confirm eradication at least 4 weeks later. Stop NSAIDs where possible or add PPI protection. Bleeding ulcers require resuscitation and endoscopic therapy.",
        lay="a stomach ulcer",
        lay_q="I get a burning pain at the top of my stomach a couple of hours after eating, and it sometimes wakes me at night; eating seems to help.",
        lay_explain="A burning pain that eases with food and wakes you at night can be caused by an ulcer in the first part of the small bowel, often linked to a germ called Helicobacter pylori or to anti-inflammatory painkillers. Your doctor can test for the germ with a breath or stool test and treat it.",
        self_care="Complete the whole H. pylori treatment course even if you feel better, avoid anti-inflammatory painkillers such as ibuprofen unless your doctor agrees, stop smoking, and keep alcohol low. A test to confirm the germ has gone is usually done a month after finishing.",
        lay_red_flags="Go to the emergency department if you vomit blood or something like coffee grounds, pass black tarry stools, feel faint, or get sudden severe stomach pain."),
    Condition(
        key="celiac", dx="Celiac disease", ages=(20, 40), sexes="F", acute=False,
        complaints=("because of 6 months of bloating, loose stools, and fatigue",
                    "because of chronic diarrhea and an unintended 4-kg weight loss over the past year"),
        findings=("She has type 1 diabetes mellitus.",
                  "Hemoglobin is {F:10.2-11.0} g/dL with a low mean corpuscular volume and a low ferritin.",
                  "She has an itchy, blistering rash on the extensor surfaces of her elbows.",
                  "Serum IgA tissue transglutaminase antibodies are markedly elevated, and total IgA is normal.",
                  "Duodenal biopsy shows villous atrophy, crypt hyperplasia, and increased intraepithelial lymphocytes.",
                  "She takes insulin and no other medications."),
        dx_wrong=("Irritable bowel syndrome", "Crohn disease", "Lactose intolerance", "Tropical sprue"),
        tx="Lifelong strict gluten-free diet",
        tx_wrong=("Oral prednisone", "Oral metronidazole for 14 days", "Lactose-free diet only", "Oral mesalamine"),
        name="coeliac disease",
        features="Coeliac disease is an immune-mediated enteropathy triggered by gluten. It can cause diarrhoea, bloating, abdominal pain, weight loss, and fatigue, but many adults present with iron deficiency, osteoporosis, abnormal liver tests, or dermatitis herpetiformis. It is more common in people with type 1 diabetes, autoimmune thyroid disease, and affected relatives.",
        workup="First-line testing is IgA tissue transglutaminase antibody with total IgA, done while the patient is still eating gluten. Positive serology is usually confirmed by duodenal biopsy showing villous atrophy and intraepithelial lymphocytosis. Check iron, folate, B12, and vitamin D, and consider bone density.",
        management="Treatment is a strict, lifelong gluten-free diet supported by a dietitian. Correct nutritional deficiencies, and monitor symptoms and antibody levels to assess adherence. Persistent symptoms despite a strict diet need evaluation for inadvertent gluten exposure or refractory disease.",
        lay="coeliac disease",
        lay_q="I've had bloating and loose stools for months, I'm tired all the time, and my doctor says I'm low on iron.",
        lay_explain="Bloating and loose stools together with low iron can be caused by coeliac disease, a reaction to gluten that damages the lining of the gut and stops nutrients being absorbed. A simple blood test can screen for it — keep eating gluten until you've been tested, or the result may be falsely negative.",
        self_care="A strict gluten-free diet is the treatment: avoid wheat, barley, and rye, check labels, and watch for cross-contamination. Oats are fine for most people if they are labelled gluten-free, and a dietitian can help you plan balanced meals.",
        lay_red_flags="See your doctor if you keep losing weight, have persistent symptoms despite a careful gluten-free diet, or notice blood in your stool."),
    Condition(
        key="stroke", dx="Acute ischemic stroke", ages=(62, 80), sexes="MF", acute=True,
        complaints=("because of sudden weakness of the right arm and leg and difficulty speaking that began 90 minutes ago",
                    "because of an abrupt facial droop and slurred speech noticed by {his} family at breakfast"),
        findings=("{He} has hypertension and atrial fibrillation and stopped taking warfarin 2 months ago.",
                  "Blood pressure is {R:168-178}/{R:92-98} mm Hg, and pulse is {R:88-98}/min and irregularly irregular.",
                  "Examination shows a right-sided facial droop sparing the forehead, right hemiparesis, and expressive aphasia.",
                  "A noncontrast CT scan of the head shows no hemorrhage.",
                  "Fingerstick blood glucose is {R:105-125} mg/dL.",
                  "Symptom onset was witnessed 2 hours ago, and there are no contraindications to thrombolysis."),
        dx_wrong=("Intracerebral hemorrhage", "Todd paralysis", "Hypoglycemia", "Bell palsy"),
        tx="Intravenous alteplase",
        tx_wrong=("Full-dose heparin infusion", "Lowering blood pressure to below 120/80 mm Hg", "Intravenous dexamethasone",
                  "Restarting oral warfarin and discharge"),
        name="acute ischaemic stroke",
        features="Ischaemic stroke causes a sudden focal neurological deficit — unilateral weakness or numbness, facial droop, speech disturbance, visual field loss, or ataxia — depending on the vascular territory. Symptoms are typically maximal at onset. Atrial fibrillation, hypertension, diabetes, smoking, and carotid disease are major risk factors.",
        workup="Perform urgent non-contrast CT of the head to exclude haemorrhage, with CT angiography to identify large-vessel occlusion suitable for thrombectomy. Check blood glucose immediately to exclude hypoglycaemia, plus coagulation, electrolytes, and an ECG. Later investigations include carotid imaging, echocardiography, and rhythm monitoring.",
        management="Eligible patients receive intravenous thrombolysis within 4.5 hours of onset, and mechanical thrombectomy for proximal large-vessel occlusion within the appropriate window. Otherwise start aspirin once haemorrhage is excluded. Secondary prevention includes antiplatelet therapy or anticoagulation for atrial fibrillation, a statin, blood pressure control, and rehabilitation by a stroke team.",
        lay="a stroke",
        lay_q="My mother's face has suddenly dropped on one side and her speech is slurred; it started about twenty minutes ago.",
        lay_b="My husband is home after a stroke. How can we help his recovery?",
        lay_explain="A face drooping on one side with slurred speech that came on suddenly is a warning sign of a stroke. Call emergency services immediately — treatments that can reverse a stroke only work in the first few hours — and note the exact time the symptoms began.",
        self_care="Recovery after a stroke continues for months: keep up with physiotherapy and speech therapy, take blood thinners and cholesterol tablets every day, control blood pressure, and stop smoking. Low mood is common afterwards, and it's worth asking for support.",
        lay_red_flags="Call emergency services for any new face droop, arm or leg weakness, speech difficulty, sudden loss of vision, or a severe sudden headache."),
    Condition(
        key="migraine", dx="Migraine with aura", ages=(20, 40), sexes="F", acute=False,
        complaints=("because of recurrent episodes of throbbing unilateral headache for 2 years",
                    "because of headaches once or twice a month that force her to lie in a dark room"),
        findings=("The headaches last 8 to 24 hours and are accompanied by nausea and sensitivity to light and noise.",
                  "Some episodes are preceded by 20 minutes of flickering zigzag lines in her vision.",
                  "Her mother has similar headaches.",
                  "Neurologic examination between attacks is normal.",
                  "She uses ibuprofen during attacks, with partial relief, about 3 days per month.",
                  "She has no history of cardiovascular disease and takes no other medications."),
        dx_wrong=("Tension-type headache", "Cluster headache", "Idiopathic intracranial hypertension", "Trigeminal neuralgia"),
        tx="Oral sumatriptan at headache onset",
        tx_wrong=("Daily oral oxycodone", "Daily butalbital combination tablets", "Brain MRI before any treatment", "Lumbar puncture"),
        name="migraine",
        features="Migraine causes recurrent headaches lasting 4-72 hours that are typically unilateral, throbbing, moderate to severe, and worsened by activity, with nausea, photophobia, or phonophobia. About a third of patients experience aura — reversible visual, sensory, or speech symptoms developing over minutes before the headache.",
        workup="Diagnosis is clinical, based on the history and a normal neurological examination; a headache diary helps identify patterns and medication overuse. Neuroimaging is reserved for red flags such as thunderclap onset, new headache after 50, focal deficits, papilloedema, or systemic features.",
        management="Acute attacks are treated early with an NSAID or paracetamol, adding a triptan if needed, plus an antiemetic. Limit acute medication to fewer than 10 days a month to avoid medication-overuse headache. Prophylaxis (for example propranolol, amitriptyline, topiramate, or CGRP-targeted therapies) is offered when attacks are frequent or disabling, and combined hormonal contraception is avoided in migraine with aura.",
        lay="migraine",
        lay_q="Every few weeks I get a pounding headache on one side with nausea, and light hurts my eyes; sometimes I see zigzag lines first.",
        lay_explain="A one-sided pounding headache with nausea and sensitivity to light, sometimes preceded by zigzag lines, is very typical of migraine with aura. It's common and treatable, and a doctor can usually confirm it from your description and a normal examination.",
        self_care="Take painkillers early in an attack, rest in a dark, quiet room, and keep a headache diary to spot triggers such as missed meals, poor sleep, or stress. Try not to use painkillers on more than about ten days a month, as overuse can make headaches more frequent.",
        lay_red_flags="Get emergency help for a sudden 'worst ever' headache, a headache with fever and a stiff neck, new weakness or confusion, or aura symptoms lasting more than an hour."),
    Condition(
        key="meningitis", dx="Bacterial meningitis", ages=(18, 24), sexes="MF", acute=True,
        complaints=("because of 12 hours of fever, severe headache, and vomiting",
                    "because of fever, neck stiffness, and confusion that developed over the course of the day"),
        findings=("{He} lives in a university dormitory.",
                  "Temperature is {T:39.2-40.0}, pulse is {R:112-124}/min, and blood pressure is {R:104-112}/{R:62-70} mm Hg.",
                  "{He} is drowsy, and there is marked neck stiffness with photophobia; a non-blanching petechial rash is present on the trunk and legs.",
                  "Cerebrospinal fluid analysis shows an opening pressure of 32 cm H2O, a leukocyte count of {R:1800-2600}/mm3 (90% neutrophils), decreased glucose, and elevated protein.",
                  "Blood cultures have been drawn.",
                  "Gram stain of the cerebrospinal fluid shows gram-negative diplococci."),
        dx_wrong=("Viral meningitis", "Subarachnoid hemorrhage", "Herpes simplex encephalitis", "Tuberculous meningitis"),
        tx="Intravenous ceftriaxone and vancomycin with dexamethasone",
        tx_wrong=("Oral amoxicillin", "Intravenous acyclovir alone", "Await culture results before giving antibiotics", "Emergency craniotomy"),
        name="bacterial meningitis",
        features="Bacterial meningitis presents with fever, severe headache, neck stiffness, photophobia, and altered mental status, although fewer than half of adults have all three of fever, neck stiffness, and confusion. A non-blanching petechial or purpuric rash suggests meningococcal infection. Infants present non-specifically with irritability, poor feeding, and a bulging fontanelle.",
        workup="Take blood cultures immediately and perform a lumbar puncture if there are no contraindications; CT before LP is needed for focal signs, papilloedema, seizures, or reduced consciousness. Bacterial CSF typically shows a high neutrophil count, low glucose, and high protein. Antibiotics must not be delayed for imaging or LP.",
        management="Give empirical intravenous antibiotics immediately — typically ceftriaxone or cefotaxime, adding vancomycin where resistant pneumococci are common and ampicillin for Listeria in older or immunocompromised patients — with dexamethasone started before or with the first dose. Provide supportive care for sepsis and raised intracranial pressure. Close contacts of meningococcal cases receive chemoprophylaxis.",
        lay="meningitis",
        lay_q="My flatmate has a high fever, a terrible headache, a stiff neck, and now a rash that doesn't fade when I press a glass on it.",
        lay_b="I'm recovering from bacterial meningitis. What should I expect?",
        lay_explain="Fever, a severe headache, a stiff neck, and a rash that doesn't fade under a glass are warning signs of meningitis or septicaemia, which can become life-threatening within hours. Call emergency services now; don't wait for the rash to spread or for other symptoms to appear.",
        self_care="Recovery from meningitis can take weeks, and tiredness, headaches, and poor concentration are common. Attend the hearing test you're offered, rest, and return to study or work gradually. Close contacts may need preventive antibiotics, which the public health team will arrange.",
        lay_red_flags="Call emergency services for fever with a non-fading rash, a stiff neck, confusion, seizures, or extreme drowsiness."),
    Condition(
        key="parkinson", dx="Parkinson disease", ages=(60, 78), sexes="MF", acute=False,
        complaints=("because of a 1-year history of a tremor in {his} right hand",
                    "because of gradual slowing of movement and a shuffling walk over 18 months"),
        findings=("The tremor is most noticeable at rest and decreases with purposeful movement.",
                  "{His} handwriting has become smaller, and {his} spouse reports that {he} has less facial expression.",
                  "Examination shows cogwheel rigidity of the right wrist and bradykinesia on finger tapping.",
                  "{He} has never taken antipsychotic or antiemetic medications.",
                  "Gait is slow and shuffling with reduced arm swing on the right.",
                  "Cognition is intact, and there are no cerebellar signs."),
        dx_wrong=("Essential tremor", "Normal pressure hydrocephalus", "Drug-induced parkinsonism", "Progressive supranuclear palsy"),
        tx="Carbidopa-levodopa",
        tx_wrong=("Propranolol", "Haloperidol", "Ventriculoperitoneal shunt", "Donepezil"),
        name="Parkinson disease",
        features="Parkinson disease is defined by bradykinesia with rest tremor and/or rigidity, usually beginning asymmetrically. Other features include a shuffling gait, reduced arm swing, micrographia, hypomimia, and a soft voice; non-motor symptoms such as anosmia, constipation, REM sleep behaviour disorder, depression, and later cognitive decline are common.",
        workup="Diagnosis is clinical, made by identifying parkinsonism and supportive features while excluding red flags and drug causes (such as antipsychotics or metoclopramide). A clear response to levodopa supports the diagnosis. Imaging is not routinely needed, though dopamine transporter SPECT can help in uncertain cases.",
        management="Levodopa combined with a decarboxylase inhibitor is the most effective treatment; dopamine agonists and MAO-B inhibitors are alternatives in early disease. Physiotherapy, occupational therapy, and speech therapy are important throughout. Motor fluctuations in advanced disease may be managed with drug adjustments or deep brain stimulation.",
        lay="Parkinson's disease",
        lay_q="My father's right hand shakes when it's resting, he has become slow, and his handwriting has got very small.",
        lay_explain="A resting tremor, slowness, and shrinking handwriting are classic early features of Parkinson's disease, although other conditions and some medicines can cause similar signs. He should see his doctor, who may refer him to a neurologist for assessment.",
        self_care="Regular exercise — walking, cycling, dancing, or tai chi — is one of the most helpful things for Parkinson's. Take medicines at consistent times, make the home safer to prevent falls, and ask about physiotherapy and speech therapy.",
        lay_red_flags="Contact the care team promptly about falls, choking or difficulty swallowing, hallucinations, or sudden worsening, and never stop Parkinson's medication abruptly."),
    Condition(
        key="mdd", dx="Major depressive disorder", ages=(25, 50), sexes="MF", acute=False,
        complaints=("because of 2 months of low mood and loss of interest in activities {he} used to enjoy",
                    "because of poor sleep, tiredness, and difficulty concentrating at work for the past 6 weeks"),
        findings=("{He} wakes at 4 am most days and cannot fall back asleep, and {his} appetite has decreased.",
                  "{He} describes feeling worthless and has stopped seeing friends.",
                  "{He} denies any periods of elevated mood or decreased need for sleep, and does not use alcohol or drugs.",
                  "{He} has had passive thoughts that life is not worth living but has no plan or intent.",
                  "Thyroid function tests and a complete blood count are within the reference ranges.",
                  "{He} has no history of psychiatric illness and is willing to start treatment."),
        dx_wrong=("Bipolar disorder", "Adjustment disorder", "Generalized anxiety disorder", "Persistent depressive disorder"),
        tx="A selective serotonin reuptake inhibitor such as sertraline, with psychotherapy",
        tx_wrong=("Lithium monotherapy", "Electroconvulsive therapy", "Alprazolam as needed", "Haloperidol"),
        name="major depressive disorder",
        features="Major depressive disorder is defined by at least two weeks of low mood or loss of interest, with additional symptoms such as changes in sleep and appetite, fatigue, poor concentration, feelings of worthlessness or guilt, psychomotor change, and thoughts of death or suicide, causing significant impairment.",
        workup="Diagnosis is clinical, using DSM-5 or ICD criteria and tools such as the PHQ-9 to rate severity. Always ask directly about suicidal thoughts, plans, and protective factors. Screen for bipolar disorder and substance use, and check thyroid function and other tests when clinically indicated.",
        management="Mild depression may respond to guided self-help, behavioural activation, or psychological therapy. Moderate to severe depression is treated with psychotherapy (such as CBT) and/or an antidepressant, usually an SSRI, reviewed within 2-4 weeks and continued for at least 6 months after remission. Patients at high risk of suicide need urgent specialist assessment.",
        lay="depression",
        lay_q="For the past two months I've felt flat and hopeless, I don't enjoy anything any more, and I wake up at four every morning.",
        lay_explain="Feeling low and hopeless, losing enjoyment, and waking very early for two months are common symptoms of depression, which is an illness and not a weakness. Talking therapies and sometimes medication work well, so please book an appointment with your doctor to talk it through.",
        self_care="Keep a regular routine, get outside and move a little every day, stay in contact with people you trust, and limit alcohol. If you start an antidepressant, give it four to six weeks and don't stop suddenly without talking to your doctor.",
        lay_red_flags="If you have thoughts of ending your life or harming yourself, contact emergency services or a crisis line now, or go to the nearest emergency department."),
    Condition(
        key="gad", dx="Generalized anxiety disorder", ages=(25, 45), sexes="F", acute=False,
        complaints=("because of 8 months of constant worry about work, finances, and her family's health",
                    "because of difficulty relaxing, muscle tension, and trouble sleeping for nearly a year"),
        findings=("She finds it very hard to control the worry and feels restless and on edge most days.",
                  "She reports fatigue, irritability, and difficulty concentrating.",
                  "She does not have discrete panic attacks, and her symptoms are not limited to social situations.",
                  "Thyroid-stimulating hormone concentration is within the reference range.",
                  "She drinks 1 cup of coffee daily and does not use alcohol or drugs.",
                  "Physical examination is unremarkable, and she is interested in both medication and therapy."),
        dx_wrong=("Panic disorder", "Social anxiety disorder", "Major depressive disorder", "Hyperthyroidism"),
        tx="Cognitive behavioral therapy and a selective serotonin reuptake inhibitor",
        tx_wrong=("Long-term daily alprazolam", "Propranolol as the only treatment", "Quetiapine as first-line monotherapy",
                  "No treatment is indicated"),
        name="generalised anxiety disorder",
        features="Generalised anxiety disorder involves excessive, hard-to-control worry about many everyday matters on most days for at least six months, with restlessness, fatigue, poor concentration, irritability, muscle tension, and disturbed sleep. It frequently coexists with depression and other anxiety disorders.",
        workup="Diagnosis is clinical, supported by questionnaires such as the GAD-7. Exclude physical and substance-related causes where appropriate (thyroid disease, caffeine, stimulants, alcohol withdrawal) and screen for depression and suicide risk.",
        management="Stepped care starts with education and guided self-help, then individual cognitive behavioural therapy or applied relaxation. An SSRI such as sertraline is the first-line medication, with an SNRI or pregabalin as alternatives. Benzodiazepines should be avoided except for short-term crisis use.",
        lay="generalised anxiety",
        lay_q="I worry about everything all the time — work, money, my family — and I can't switch off; I'm tense and sleeping badly.",
        lay_explain="Worrying about lots of different things most days, feeling tense, and sleeping badly for months can be signs of generalised anxiety disorder. It's common and responds well to talking therapies such as CBT, sometimes with medication, so it's worth speaking to your doctor.",
        self_care="Regular exercise, cutting back on caffeine and alcohol, keeping a steady sleep routine, and practising slow breathing or mindfulness can all reduce anxiety. Setting aside a short 'worry time' each day helps some people contain their worries.",
        lay_red_flags="Seek help urgently if anxiety becomes overwhelming, you're using alcohol or drugs to cope, or you have thoughts of harming yourself."),
    Condition(
        key="gout", dx="Acute gouty arthritis", ages=(45, 65), sexes="M", acute=True,
        complaints=("because of sudden severe pain, redness, and swelling of the right great toe that woke {him} from sleep",
                    "because of an exquisitely painful, swollen big toe since last night"),
        findings=("{He} has hypertension treated with hydrochlorothiazide and drinks beer most evenings.",
                  "Temperature is 37.6°C (99.7°F); the first metatarsophalangeal joint is erythematous, warm, swollen, and extremely tender.",
                  "{He} cannot tolerate even the weight of the bed sheet on the toe.",
                  "Joint aspiration shows needle-shaped, negatively birefringent crystals and no organisms on Gram stain.",
                  "Serum creatinine is within the reference range.",
                  "{He} has no history of peptic ulcer disease or kidney disease."),
        dx_wrong=("Septic arthritis", "Calcium pyrophosphate deposition disease (pseudogout)", "Cellulitis", "Rheumatoid arthritis"),
        tx="Oral naproxen",
        tx_wrong=("Starting allopurinol alone during the attack", "Intravenous vancomycin", "Surgical joint washout", "Oral methotrexate"),
        name="acute gout",
        features="Acute gout causes sudden, severe pain, swelling, warmth, and redness of a single joint, most commonly the first metatarsophalangeal joint, often beginning overnight. Attacks may be triggered by alcohol, purine-rich food, dehydration, diuretics, or intercurrent illness. Chronic gout can lead to tophi and joint damage.",
        workup="The definitive test is joint aspiration showing needle-shaped, negatively birefringent urate crystals, and aspiration is essential when septic arthritis is possible. Serum urate may be normal during an attack, so recheck it 2-4 weeks later. Assess renal function and cardiovascular risk factors.",
        management="Treat attacks promptly with an NSAID, colchicine, or a short course of corticosteroid, plus rest, ice, and elevation. Urate-lowering therapy such as allopurinol is indicated for recurrent attacks, tophi, or erosions, titrated to a serum urate below 6 mg/dL (360 µmol/L), with colchicine or NSAID cover for the first months. Review diuretics and advise on alcohol, weight, and hydration.",
        lay="gout",
        lay_q="I woke up with my big toe red, swollen, and so painful I can't even bear the bedsheet touching it.",
        lay_explain="A sudden, very painful, red and swollen big toe is a typical attack of gout, caused by uric acid crystals in the joint. A doctor can confirm it and prescribe anti-inflammatory medicine; if you have a fever or feel generally unwell, get seen urgently, because an infected joint can look similar.",
        self_care="During an attack, rest and raise the foot, apply an ice pack wrapped in a towel, and start treatment early. To prevent attacks, cut down on alcohol (especially beer) and sugary drinks, keep well hydrated, and lose weight gradually if needed; if you're on allopurinol, keep taking it even during a flare.",
        lay_red_flags="Seek urgent care if you have a fever, feel shivery or unwell, or the painful joint is one with an artificial replacement."),
    Condition(
        key="ra", dx="Rheumatoid arthritis", ages=(35, 55), sexes="F", acute=False,
        complaints=("because of 3 months of pain and swelling in the small joints of both hands",
                    "because of morning stiffness in her hands lasting more than an hour for several months"),
        findings=("The metacarpophalangeal and proximal interphalangeal joints of both hands are swollen and tender; the distal interphalangeal joints are spared.",
                  "Morning stiffness lasts about 90 minutes.",
                  "Erythrocyte sedimentation rate is {R:42-58} mm/h.",
                  "Serum rheumatoid factor and anti-cyclic citrullinated peptide antibodies are positive.",
                  "X-rays of the hands show periarticular osteopenia and early marginal erosions.",
                  "Liver function tests, serum creatinine, and hepatitis serologies are normal, and she does not plan pregnancy."),
        dx_wrong=("Osteoarthritis", "Psoriatic arthritis", "Systemic lupus erythematosus", "Polymyalgia rheumatica"),
        tx="Methotrexate with folic acid",
        tx_wrong=("Long-term high-dose prednisone alone", "Allopurinol", "Oral colchicine", "Physical therapy only"),
        name="rheumatoid arthritis",
        features="Rheumatoid arthritis typically causes symmetrical pain, swelling, and prolonged morning stiffness in the small joints of the hands and feet, sparing the distal interphalangeal joints. Fatigue and malaise are common. Without treatment, erosions lead to deformity, and extra-articular features include nodules, lung disease, and vasculitis.",
        workup="Check rheumatoid factor and anti-CCP antibodies (anti-CCP is more specific), inflammatory markers, a full blood count, and renal and liver function. X-rays or ultrasound of the hands and feet detect erosions and synovitis. Refer urgently to rheumatology, as early treatment prevents joint damage.",
        management="Start a conventional DMARD — usually methotrexate with folic acid — as early as possible, often with short-term corticosteroid bridging. Treat to a target of remission or low disease activity, adding or switching to other DMARDs or biologics (such as TNF inhibitors) when needed. Monitor blood counts and liver function, and support patients with physiotherapy and occupational therapy.",
        lay="rheumatoid arthritis",
        lay_q="The knuckles in both my hands have been swollen and sore for three months, and it takes over an hour each morning for them to loosen up.",
        lay_explain="Swollen, painful knuckles in both hands with more than an hour of morning stiffness suggest an inflammatory arthritis such as rheumatoid arthritis. Early treatment really matters for protecting the joints, so ask your doctor for blood tests and a referral to a rheumatologist.",
        self_care="Keep active with gentle exercise to maintain movement and strength, pace your activities, and use heat for stiffness. If you take methotrexate, take it on the same day once a week, keep up with blood tests, and avoid drinking heavily.",
        lay_red_flags="Seek prompt care if a single joint becomes suddenly hot, swollen, and very painful, especially with a fever. Once on treatment such as methotrexate, also report fevers, a sore throat, or mouth ulcers straight away."),
    Condition(
        key="knee_oa", dx="Osteoarthritis of the knee", ages=(55, 75), sexes="MF", acute=False,
        complaints=("because of 2 years of progressive right knee pain that worsens with walking and climbing stairs",
                    "because of knee pain and stiffness after sitting that improves within a few minutes of moving"),
        findings=("Morning stiffness lasts less than 15 minutes.",
                  "BMI is {R:31-34} kg/m2.",
                  "Examination shows bony enlargement of the knee, crepitus on movement, and medial joint line tenderness without warmth or effusion.",
                  "Weight-bearing x-rays show medial joint space narrowing, osteophytes, and subchondral sclerosis.",
                  "Erythrocyte sedimentation rate and C-reactive protein are within the reference ranges.",
                  "{He} has tried acetaminophen with limited benefit and has not had physical therapy."),
        dx_wrong=("Rheumatoid arthritis", "Calcium pyrophosphate deposition disease (pseudogout)", "Septic arthritis", "Pes anserine bursitis"),
        tx="Structured exercise therapy, weight loss, and a topical NSAID",
        tx_wrong=("Total knee arthroplasty now", "Arthroscopic debridement", "Long-term oral opioid therapy", "Intravenous antibiotics"),
        name="knee osteoarthritis",
        features="Osteoarthritis of the knee causes activity-related pain, brief stiffness after rest (usually under 30 minutes), reduced function, crepitus, bony swelling, and sometimes deformity. It is more common with age, obesity, previous injury, and in women.",
        workup="Diagnosis can be made clinically in people over 45 with activity-related pain and morning stiffness of under 30 minutes. X-rays are not needed for diagnosis but show joint space narrowing, osteophytes, and sclerosis. Inflammatory markers are normal, and joint aspiration is reserved for effusions with suspected crystal or septic arthritis.",
        management="Core treatment is education, muscle-strengthening and aerobic exercise, and weight loss if overweight. Topical NSAIDs are first-line analgesics for the knee; oral NSAIDs at the lowest effective dose with gastroprotection may be added. Intra-articular steroid injections give short-term relief, and joint replacement is considered when symptoms severely affect quality of life despite conservative care.",
        lay="knee osteoarthritis",
        lay_q="My knee aches when I walk or climb stairs and it creaks; it's stiff for a few minutes when I get up from a chair.",
        lay_explain="An aching, creaking knee that's stiff for a few minutes after rest is typical of osteoarthritis, the common 'wear and tear' arthritis. It isn't dangerous, and exercise is actually one of the most effective treatments.",
        self_care="Strengthening exercises for the thigh muscles, low-impact activity such as swimming or cycling, weight loss if needed, and an anti-inflammatory gel on the knee all help. Supportive footwear and a walking stick in the opposite hand can ease pain on bad days.",
        lay_red_flags="See a doctor promptly if the knee becomes hot, red, and swollen, you have a fever, or you suddenly can't bear weight on it."),
    Condition(
        key="aom", dx="Acute otitis media", ages=(1, 4), sexes="MF", acute=True, child=True,
        complaints=("because of 2 days of fever, irritability, and pulling at the right ear",
                    "because of ear pain and poor sleep following a cold"),
        findings=("{He} had a runny nose and cough for 4 days before the ear symptoms began.",
                  "Temperature is {T:38.6-39.2}, and pulse is {R:120-135}/min.",
                  "The left tympanic membrane is normal.",
                  "Otoscopy shows a bulging, erythematous right tympanic membrane with decreased mobility on pneumatic otoscopy.",
                  "{He} has no drug allergies and has not received antibiotics in the past month.",
                  "{He} is drinking fluids and has normal urine output."),
        dx_wrong=("Otitis externa", "Otitis media with effusion", "Mastoiditis", "Cholesteatoma"),
        tx="Oral amoxicillin",
        tx_wrong=("Ciprofloxacin ear drops", "Tympanostomy tube placement", "Oral azithromycin as first choice",
                  "Intravenous ceftriaxone and admission"),
        name="acute otitis media in children",
        features="Acute otitis media presents with ear pain, fever, irritability, and poor sleep in young children, often after a viral upper respiratory infection; older children report earache and reduced hearing. Otoscopy shows a bulging, red or yellow tympanic membrane, and otorrhoea occurs if it perforates.",
        workup="Diagnosis is clinical and requires a bulging tympanic membrane or new otorrhoea, or mild bulging with recent ear pain or intense erythema. Pneumatic otoscopy shows reduced mobility. Investigations are not routinely needed, although tympanometry can help in uncertain cases.",
        management="Give analgesia (paracetamol or ibuprofen). Many children improve within 2-3 days without antibiotics, so watchful waiting is reasonable for mild cases in children over 6 months with reliable follow-up. Amoxicillin is first-line when antibiotics are indicated — for example under 2 years with bilateral disease, with otorrhoea, with severe symptoms, or with no improvement at 48-72 hours.",
        lay="an ear infection",
        lay_q="My 2-year-old has had a cold and now has a fever, is pulling at her ear, and is crying at night.",
        lay_b="My son was diagnosed with an ear infection yesterday. How can I make him more comfortable?",
        lay_explain="Ear-pulling, fever, and crying at night after a cold are typical of a middle ear infection in toddlers. Many settle within two to three days with pain relief alone, but a doctor should look in her ear, especially as she's under two, to decide whether antibiotics are needed.",
        self_care="Give regular paracetamol or ibuprofen at the right dose for your child's weight, offer plenty of fluids, and let him rest. Don't put anything into the ear, and if antibiotics are prescribed, finish the course.",
        lay_red_flags="Seek urgent care if your child becomes floppy or very drowsy, has a stiff neck, develops swelling or redness behind the ear, or still has a fever after 2-3 days."),
    Condition(
        key="strep", dx="Streptococcal pharyngitis", ages=(6, 14), sexes="MF", acute=True, child=True,
        complaints=("because of 2 days of sore throat, fever, and painful swallowing",
                    "because of a sudden sore throat and headache since yesterday"),
        findings=("{He} has no cough or runny nose.",
                  "Temperature is {T:38.6-39.3}.",
                  "The tonsils are enlarged with white exudates, and the anterior cervical lymph nodes are tender.",
                  "A rapid streptococcal antigen detection test is positive.",
                  "{He} has no known drug allergies.",
                  "There is no splenomegaly, and {he} is able to swallow fluids."),
        dx_wrong=("Infectious mononucleosis", "Viral pharyngitis", "Peritonsillar abscess", "Diphtheria"),
        tx="Oral amoxicillin for 10 days",
        tx_wrong=("Oral prednisone alone", "Tonsillectomy", "Oral ciprofloxacin", "No treatment is needed"),
        name="streptococcal pharyngitis",
        features="Group A streptococcal pharyngitis causes sudden sore throat, painful swallowing, fever, and tender anterior cervical lymphadenopathy, typically without cough or coryza. Tonsillar exudate, palatal petechiae, headache, and, in children, abdominal pain are common. A sandpaper-like rash indicates scarlet fever.",
        workup="Use the Centor or McIsaac score to estimate probability and test patients with intermediate scores using a rapid antigen test, backing up negative rapid tests in children with a throat culture. Patients with cough, coryza, and hoarseness most likely have a viral infection and usually need no testing.",
        management="Confirmed streptococcal pharyngitis is treated with penicillin V or amoxicillin for 10 days (a macrolide or cephalexin if penicillin-allergic) to shorten symptoms and prevent rheumatic fever and suppurative complications. Analgesia, fluids, and rest help symptoms, and children can return to school 24 hours after starting antibiotics.",
        lay="strep throat",
        lay_q="My 10-year-old has a sudden, very sore throat, a fever, and white patches on his tonsils, but no cough.",
        lay_explain="A sudden sore throat with fever and white patches on the tonsils but no cough can be strep throat, a bacterial infection that is treated with antibiotics. Your doctor or pharmacist can do a quick throat swab to check.",
        self_care="Give paracetamol or ibuprofen for pain and fever, offer cold drinks and soft food, and make sure the whole antibiotic course is finished. Children can go back to school 24 hours after starting antibiotics if they feel well.",
        lay_red_flags="Seek urgent care for trouble breathing, inability to swallow saliva, difficulty opening the mouth, a muffled voice, or signs of dehydration."),
    Condition(
        key="bronchiolitis", dx="Bronchiolitis", ages=(2, 9), sexes="MF", acute=True, child=True, months=True,
        complaints=("because of 3 days of runny nose and cough followed by increased work of breathing and poor feeding",
                    "because of rapid breathing and wheezing that began after a cold"),
        findings=("{His} older sibling has a cold.",
                  "Temperature is 38°C (100.4°F), respirations are {R:52-60}/min, and oxygen saturation on room air is {R:93-95}%.",
                  "Examination shows nasal flaring, mild subcostal retractions, and diffuse fine crackles with expiratory wheezes bilaterally.",
                  "{He} is taking about two-thirds of {his} usual feeds and has wet diapers.",
                  "{He} was born at term and has no history of heart or lung disease.",
                  "A nasal swab is positive for respiratory syncytial virus."),
        dx_wrong=("Asthma", "Bacterial pneumonia", "Foreign body aspiration", "Pertussis"),
        tx="Supportive care with nasal suctioning and hydration",
        tx_wrong=("Nebulized albuterol every 4 hours", "Oral prednisolone", "Intravenous ampicillin and gentamicin", "Chest physiotherapy"),
        name="bronchiolitis in infants",
        features="Bronchiolitis is a viral lower respiratory tract infection of infants, most often caused by RSV. It begins with coryza and cough, followed by tachypnoea, chest recession, wheeze, and fine crackles, peaking around days 3-5. Poor feeding, apnoea in young infants, and hypoxia indicate more severe disease.",
        workup="Diagnosis is clinical, based on age, season, and typical findings. Pulse oximetry assesses severity; chest x-ray and blood tests are not routinely needed. Nasopharyngeal viral testing may be used for infection control.",
        management="Treatment is supportive: nasal suction, small frequent feeds, supplemental oxygen if saturations are persistently low (for example below 90-92%), and nasogastric or intravenous fluids if feeding is poor. Bronchodilators, steroids, and antibiotics are not recommended. Infants with apnoea, severe distress, or inadequate intake need admission.",
        lay="bronchiolitis",
        lay_q="My 5-month-old had a cold and now she's breathing fast, her tummy sucks in under her ribs, and she's only drinking about half her usual milk.",
        lay_b="My baby has been diagnosed with bronchiolitis and we've been sent home. How do I look after her?",
        lay_explain="Fast breathing with the skin sucking in under the ribs and feeding less after a cold are signs of bronchiolitis, a common chest infection in babies. Because she's drinking much less than usual and working hard to breathe, she should be checked by a doctor today.",
        self_care="Offer smaller feeds more often, use saline drops and gentle suction to clear her nose before feeds, keep her upright when feeding, and keep her away from cigarette smoke. The cough can last two to three weeks even as she recovers.",
        lay_red_flags="Call emergency services if she has pauses in her breathing, turns blue or very pale, is grunting, is too breathless to feed, or has no wet nappy for 12 hours."),
    Condition(
        key="preeclampsia", dx="Preeclampsia", ages=(22, 38), sexes="F", acute=True,
        complaints=("because of a headache and swelling of her hands and face at 34 weeks' gestation",
                    "for a routine prenatal visit at 33 weeks' gestation, at which her blood pressure is 152/100 mm Hg"),
        findings=("This is her first pregnancy, and it had been uncomplicated; before pregnancy her blood pressure was normal.",
                  "Blood pressure is {R:150-158}/{R:98-104} mm Hg on 2 readings 4 hours apart.",
                  "Urine protein-to-creatinine ratio is {F:0.5-0.9}.",
                  "Platelet count, serum creatinine, and liver enzymes are within the reference ranges.",
                  "She has no visual disturbances or right upper quadrant pain, and the fetal heart rate tracing is reassuring.",
                  "Ultrasonography shows appropriate fetal growth and normal amniotic fluid volume."),
        dx_wrong=("Gestational hypertension", "Chronic hypertension", "HELLP syndrome", "Eclampsia"),
        tx="Close maternal and fetal monitoring with planned delivery at 37 weeks",
        tx_wrong=("Immediate cesarean delivery", "Discharge with routine prenatal care", "Oral lisinopril", "Intravenous furosemide"),
        name="pre-eclampsia",
        features="Pre-eclampsia is new hypertension after 20 weeks of pregnancy with proteinuria or evidence of maternal organ dysfunction. It may be asymptomatic or cause headache, visual disturbance, epigastric or right upper quadrant pain, vomiting, and rapidly increasing oedema. Complications include eclampsia, HELLP syndrome, placental abruption, and fetal growth restriction.",
        workup="Confirm hypertension (≥140/90 mm Hg on two occasions) and quantify proteinuria with a urine protein-creatinine ratio. Check a full blood count, creatinine, liver enzymes, and sometimes placental growth factor, and assess the fetus with ultrasound for growth, liquor volume, and Doppler studies, plus cardiotocography.",
        management="Manage with close maternal and fetal monitoring and antihypertensives such as labetalol or nifedipine to keep blood pressure below about 140/90 mm Hg. Give magnesium sulfate for severe features or eclampsia, and corticosteroids if preterm delivery is likely. Delivery is the definitive treatment: usually at 37 weeks for disease without severe features, and sooner if the maternal or fetal condition deteriorates.",
        lay="pre-eclampsia",
        lay_q="I'm 34 weeks pregnant and have a headache that won't go away, and my face and hands have suddenly got puffy.",
        lay_b="I've been told I have mild pre-eclampsia at 33 weeks. What should I do at home?",
        lay_explain="A persistent headache with sudden swelling of the face and hands late in pregnancy can be a sign of pre-eclampsia, a blood pressure condition of pregnancy. You need to be checked today: call your maternity unit or midwife now for a blood pressure and urine test.",
        self_care="Attend all your monitoring appointments, take any blood pressure tablets and aspirin exactly as prescribed, and rest when you can. Keep a note of your baby's movements and of any new symptoms.",
        lay_red_flags="Contact your maternity unit immediately for a severe headache, blurred vision or flashing lights, pain below the ribs, vomiting, sudden swelling, or reduced baby movements; call emergency services for a fit."),
    Condition(
        key="ectopic", dx="Ectopic pregnancy", ages=(20, 38), sexes="F", acute=True,
        complaints=("because of 6 hours of left lower abdominal pain and light vaginal spotting",
                    "because of sudden left-sided pelvic pain and dizziness"),
        findings=("Her last menstrual period was 7 weeks ago, and she has a history of pelvic inflammatory disease.",
                  "Pulse is {R:96-104}/min, and blood pressure is {R:112-118}/{R:70-76} mm Hg.",
                  "There is left adnexal tenderness without peritoneal signs, and the cervical os is closed.",
                  "Serum β-hCG concentration is {R:2100-2800} mIU/mL, and transvaginal ultrasonography shows no intrauterine gestational sac.",
                  "A 2.5-cm left adnexal mass without fetal cardiac activity is seen, with no free fluid.",
                  "She is hemodynamically stable, and liver and renal function tests are normal."),
        dx_wrong=("Threatened abortion", "Ovarian torsion", "Ruptured ovarian cyst", "Acute appendicitis"),
        tx="Intramuscular methotrexate",
        tx_wrong=("Dilation and curettage", "Immediate laparotomy", "Repeat ultrasonography in 2 weeks", "Oral misoprostol"),
        name="ectopic pregnancy",
        features="Ectopic pregnancy typically presents 6-8 weeks after the last menstrual period with lower abdominal or pelvic pain and vaginal bleeding; shoulder-tip pain, dizziness, or collapse suggest rupture with haemoperitoneum. Risk factors include a previous ectopic pregnancy, pelvic inflammatory disease, tubal surgery, IVF, and an intrauterine device in situ.",
        workup="Any woman of reproductive age with abdominal pain or bleeding needs a pregnancy test. If it is positive, transvaginal ultrasound looks for an intrauterine pregnancy or adnexal mass, and serial serum β-hCG measurements help when the location is unknown. Check haemoglobin and blood group, and give anti-D where indicated.",
        management="Haemodynamically unstable patients need resuscitation and emergency laparoscopy or laparotomy. Stable patients may be managed surgically (salpingectomy or salpingotomy), medically with methotrexate when criteria are met (for example a low β-hCG, a small unruptured mass, no fetal heartbeat, and the ability to attend follow-up), or expectantly in selected cases with falling hCG.",
        lay="an ectopic pregnancy",
        lay_q="My period is three weeks late, I have sharp pain low on the left side and some spotting, and a home test was positive.",
        lay_b="I've just been treated for an ectopic pregnancy. What should I do while I recover?",
        lay_explain="One-sided pelvic pain with spotting in early pregnancy needs urgent assessment to rule out an ectopic pregnancy, where the pregnancy grows outside the womb. Please go to your early pregnancy unit or the emergency department today for a scan and blood tests.",
        self_care="After treatment, rest, avoid heavy lifting for a couple of weeks, and attend every follow-up blood test. If you've had methotrexate, avoid alcohol, folic acid supplements, and anti-inflammatory painkillers until your team says otherwise, and wait the recommended time before trying to conceive.",
        lay_red_flags="Call emergency services if you have severe abdominal pain, pain in the tip of your shoulder, feel faint or collapse, or have heavy bleeding."),
    Condition(
        key="pcos", dx="Polycystic ovary syndrome", ages=(18, 32), sexes="F", acute=False,
        complaints=("because of irregular menstrual periods since menarche",
                    "because of excess facial hair and acne that have worsened over 2 years"),
        findings=("Her menses occur every 45 to 90 days.",
                  "BMI is {R:30-33} kg/m2; examination shows coarse hair on the upper lip and chin and acanthosis nigricans on the neck.",
                  "Serum total testosterone is mildly elevated; TSH and prolactin are within the reference ranges.",
                  "A urine pregnancy test is negative.",
                  "Transvaginal ultrasonography shows enlarged ovaries with more than 20 follicles each.",
                  "She does not wish to become pregnant at this time."),
        dx_wrong=("Nonclassic congenital adrenal hyperplasia", "Androgen-secreting ovarian tumor", "Hypothyroidism", "Cushing syndrome"),
        tx="Combined oral contraceptive pills with lifestyle modification",
        tx_wrong=("Clomiphene citrate", "Bilateral oophorectomy", "Levothyroxine", "No treatment is necessary"),
        name="polycystic ovary syndrome",
        features="Polycystic ovary syndrome commonly causes irregular or absent periods, hirsutism, acne, and subfertility, often with weight gain and insulin resistance (acanthosis nigricans). It increases the long-term risk of type 2 diabetes, dyslipidaemia, sleep apnoea, and endometrial hyperplasia.",
        workup="The Rotterdam criteria require two of: oligo- or anovulation, clinical or biochemical hyperandrogenism, and polycystic ovarian morphology on ultrasound, after excluding thyroid disease, hyperprolactinaemia, non-classic congenital adrenal hyperplasia, and androgen-secreting tumours. Screen for diabetes with HbA1c or an oral glucose tolerance test, and check lipids.",
        management="Lifestyle change and modest weight loss improve menstrual regularity and metabolic risk. For women not seeking pregnancy, combined hormonal contraception regulates cycles, protects the endometrium, and reduces hirsutism and acne; metformin may help metabolic features. For fertility, letrozole is the first-line drug for ovulation induction.",
        lay="PCOS",
        lay_q="My periods come every two or three months, I'm getting hair on my chin, and I've put on weight — could it be hormones?",
        lay_explain="Infrequent periods with extra facial hair and weight gain are common features of polycystic ovary syndrome (PCOS), a hormonal condition that affects many women. Your doctor can confirm it with blood tests and sometimes an ultrasound, and there are good treatments for each symptom.",
        self_care="Regular exercise and a balanced diet with fewer refined carbohydrates help with periods, weight, and long-term diabetes risk — even a 5% weight loss can make a difference. Ask about contraception options that also regulate periods, and have your blood sugar checked regularly.",
        lay_red_flags="See your doctor if you have no period for more than three months, very heavy bleeding, or if you've been trying to conceive for a year (six months if you're over 35) without success."),
    Condition(
        key="cellulitis", dx="Cellulitis", ages=(40, 70), sexes="MF", acute=True,
        complaints=("because of 3 days of increasing redness, warmth, and pain of the left lower leg",
                    "because of a spreading red, tender area on the shin that began after a scratch"),
        findings=("{He} has type 2 diabetes mellitus and tinea pedis between the toes.",
                  "Temperature is {T:38.0-38.5}, and pulse is {R:92-100}/min.",
                  "There is a warm, tender, poorly demarcated area of erythema and edema over the left shin without fluctuance or crepitus.",
                  "There is no pain out of proportion to the examination findings.",
                  "Leukocyte count is {R:12-14},{R:1-9}00/mm3.",
                  "{He} has no drug allergies and is able to take oral medication."),
        dx_wrong=("Deep vein thrombosis", "Necrotizing fasciitis", "Stasis dermatitis", "Erythema nodosum"),
        tx="Oral cephalexin",
        tx_wrong=("Surgical debridement", "Anticoagulation with heparin", "Topical mupirocin alone", "Oral fluconazole alone"),
        name="cellulitis",
        features="Cellulitis is a bacterial infection of the dermis and subcutaneous tissue, most commonly of the lower leg, causing spreading erythema, warmth, swelling, and tenderness, sometimes with fever. Entry points include cuts, insect bites, ulcers, and fungal infection between the toes. Pain out of proportion, rapid spread, crepitus, or skin necrosis suggests necrotising fasciitis.",
        workup="Diagnosis is clinical; mark the edge of the erythema to track progression. Blood tests and cultures are reserved for systemically unwell patients, ultrasound helps if an abscess is suspected, and Doppler if deep vein thrombosis is a differential. Bilateral red legs are rarely cellulitis.",
        management="Mild cases are treated with oral antibiotics active against streptococci and Staphylococcus aureus, such as flucloxacillin or cephalexin, for 5-7 days, with elevation of the limb. Intravenous antibiotics are needed for systemic toxicity, rapid progression, or failure of oral therapy. Treat predisposing factors such as tinea pedis and oedema.",
        lay="cellulitis",
        lay_q="I scratched my shin a few days ago and now the area is red, hot, swollen, and spreading, and I feel feverish.",
        lay_explain="A hot, red, swollen patch spreading from a scratch, with fever, sounds like cellulitis, a skin infection that usually needs antibiotics. Please see a doctor today; drawing around the edge of the redness with a pen helps show whether it's spreading.",
        self_care="Keep the leg raised when sitting, take the antibiotics until the course is finished, and drink plenty of fluids. Moisturise dry skin and treat athlete's foot to reduce the chance of it coming back.",
        lay_red_flags="Go to the emergency department if the redness spreads quickly, the pain is severe, you feel very unwell or confused, or the skin turns dark or blisters."),
    Condition(
        key="psoriasis", dx="Plaque psoriasis", ages=(20, 50), sexes="MF", acute=False,
        complaints=("because of 6 months of itchy, scaly plaques on the elbows and knees",
                    "because of a scaly rash on the scalp and elbows that has not improved with moisturizers"),
        findings=("Examination shows well-demarcated, erythematous plaques with silvery scale on the extensor surfaces of the elbows and knees.",
                  "Several fingernails show pitting and onycholysis.",
                  "Removing the scale causes pinpoint bleeding.",
                  "{His} father has a similar rash.",
                  "The plaques cover less than 5% of the body surface area.",
                  "{He} has no joint pain or swelling."),
        dx_wrong=("Atopic dermatitis", "Seborrheic dermatitis", "Tinea corporis", "Lichen planus"),
        tx="A topical corticosteroid combined with a vitamin D analogue",
        tx_wrong=("Oral prednisone", "Oral terbinafine", "Oral methotrexate as first-line therapy", "Topical mupirocin"),
        name="chronic plaque psoriasis",
        features="Chronic plaque psoriasis produces well-demarcated red plaques with silvery scale, typically on the extensor elbows and knees, the scalp, and the lower back. Nail pitting and onycholysis are common, and about a quarter of patients develop psoriatic arthritis. Flares may follow stress, infection, or drugs such as lithium and beta-blockers.",
        workup="Diagnosis is clinical, and biopsy is rarely needed. Assess the extent (body surface area) and the impact on quality of life, ask about joint symptoms, and screen for cardiovascular risk factors, which are increased in psoriasis.",
        management="Limited disease is treated with emollients and topical therapy — a potent corticosteroid combined with a vitamin D analogue such as calcipotriol. Extensive or resistant disease is referred for phototherapy, systemic agents (methotrexate, ciclosporin, acitretin), or biologics. Systemic corticosteroids should be avoided because withdrawal can trigger severe flares.",
        lay="psoriasis",
        lay_q="I've got thick, red, scaly patches on my elbows and knees that flake a lot, and my fingernails have little dents in them.",
        lay_explain="Thick red patches with silvery scales on the elbows and knees, especially with small dents in the nails, are typical of psoriasis. It isn't contagious, and although it tends to come and go, there are effective creams and other treatments.",
        self_care="Use a thick moisturiser every day, apply prescribed creams as directed, avoid picking the scales, and try to reduce alcohol and stop smoking, which can make psoriasis worse. Mention any joint pain to your doctor.",
        lay_red_flags="See a doctor urgently if the redness spreads over most of your body, you feel unwell or feverish, or you develop painful pus-filled spots."),
    Condition(
        key="acg", dx="Acute angle-closure glaucoma", ages=(55, 75), sexes="F", acute=True,
        complaints=("because of sudden severe pain in the right eye, blurred vision, and headache that began 2 hours ago in a dark cinema",
                    "because of acute right eye pain with nausea, vomiting, and halos around lights"),
        findings=("She is farsighted and wears reading glasses.",
                  "The right eye is red, with a hazy cornea and a fixed, mid-dilated pupil.",
                  "Visual acuity in the right eye is 20/200.",
                  "Intraocular pressure in the right eye is 56 mm Hg.",
                  "The left eye has a shallow anterior chamber and normal intraocular pressure.",
                  "She has no history of asthma or heart block."),
        dx_wrong=("Acute anterior uveitis", "Bacterial conjunctivitis", "Primary open-angle glaucoma", "Migraine with aura"),
        tx="Topical timolol and pilocarpine with intravenous acetazolamide",
        tx_wrong=("Topical atropine", "Topical corticosteroid alone", "Observation and follow-up in 1 week", "Topical erythromycin"),
        name="acute angle-closure glaucoma",
        features="Acute angle-closure glaucoma causes sudden, severe eye pain, headache, blurred vision, halos around lights, nausea, and vomiting. The eye is red with a hazy, oedematous cornea and a fixed, mid-dilated pupil, and feels hard. Risk factors include hypermetropia, older age, female sex, East Asian ancestry, and pupil dilation in dim light or from anticholinergic drugs.",
        workup="Measure intraocular pressure (often above 40-50 mm Hg) and examine the anterior chamber angle with gonioscopy. Assess visual acuity and examine the fellow eye, which usually has a narrow angle. This is an emergency requiring same-day ophthalmology assessment.",
        management="Lower intraocular pressure urgently with topical agents (a beta-blocker, an alpha-agonist, and a miotic such as pilocarpine once the pressure starts to fall) and systemic acetazolamide, with intravenous mannitol if needed. Definitive treatment is laser peripheral iridotomy in both eyes, because the fellow eye is at high risk.",
        lay="acute glaucoma",
        lay_q="My mum suddenly has a very painful red eye, blurred vision, and she's seeing rainbow circles around lights and feeling sick.",
        lay_b="I had laser treatment for angle-closure glaucoma. What should I watch out for?",
        lay_explain="A suddenly painful red eye with blurred vision, halos around lights, and nausea can be acute angle-closure glaucoma, where the pressure in the eye rises sharply. This can damage sight within hours, so take her to an eye casualty or emergency department immediately.",
        self_care="After laser treatment, use your eye drops exactly as prescribed and attend all follow-up pressure checks. Tell any doctor or pharmacist that you've had angle-closure glaucoma, because some medicines, including certain cold remedies and antihistamines, can trigger it.",
        lay_red_flags="Seek emergency eye care for sudden eye pain, loss or blurring of vision, halos around lights, or a red eye with headache and vomiting."),
    Condition(
        key="dvt", dx="Deep vein thrombosis", ages=(40, 70), sexes="MF", acute=True,
        complaints=("because of 3 days of swelling and aching of the left calf",
                    "because of a painful, swollen left leg that began after a 12-hour flight"),
        findings=("{He} returned from a long-haul flight 5 days ago.",
                  "Temperature is 37°C (98.6°F); the lungs are clear, and oxygen saturation is 98% on room air.",
                  "The left calf circumference is 4 cm greater than the right, with pitting edema and tenderness along the deep veins.",
                  "Compression ultrasonography shows a noncompressible left popliteal vein.",
                  "{He} has no history of bleeding disorders, and renal function is normal.",
                  "{He} has no chest pain or shortness of breath."),
        dx_wrong=("Cellulitis", "Ruptured Baker cyst", "Superficial thrombophlebitis", "Lymphedema"),
        tx="Oral apixaban",
        tx_wrong=("Inferior vena cava filter placement", "Catheter-directed thrombolysis", "Aspirin alone", "Bed rest without anticoagulation"),
        name="deep vein thrombosis",
        features="Deep vein thrombosis causes unilateral leg swelling, pain, warmth, and tenderness along the deep veins, although it can be asymptomatic. Risk factors include immobility, surgery, long-haul travel, cancer, pregnancy and the postpartum period, oestrogens, and thrombophilia. Its main danger is pulmonary embolism.",
        workup="Use the Wells score to estimate probability. If DVT is likely, perform a proximal leg compression ultrasound (with interim anticoagulation if it cannot be done within 4 hours); if unlikely, a negative D-dimer excludes DVT. Consider testing for underlying cancer when symptoms suggest it.",
        management="Anticoagulate with a direct oral anticoagulant such as apixaban or rivaroxaban (or low-molecular-weight heparin followed by warfarin) for at least 3 months for a provoked DVT, considering longer treatment for unprovoked clots. Compression stockings are not routinely recommended to prevent post-thrombotic syndrome, and IVC filters are reserved for patients who cannot be anticoagulated.",
        lay="a DVT (a clot in the leg)",
        lay_q="Since my long flight home, my left calf has been swollen, tight, and sore, and it's bigger than the right one.",
        lay_explain="A swollen, sore calf on one side after a long flight could be a deep vein thrombosis, a clot in a leg vein. It needs to be checked with an ultrasound scan the same day, because treatment with blood thinners stops the clot travelling to the lungs.",
        self_care="Take your anticoagulant exactly as prescribed, keep walking, and raise the leg when sitting. On future long journeys, walk around regularly, do calf exercises, and keep well hydrated.",
        lay_red_flags="Call emergency services if you become short of breath, have chest pain, or cough up blood; also seek urgent care for any heavy or unusual bleeding while on blood thinners."),
    Condition(
        key="addison", dx="Primary adrenal insufficiency (Addison disease)", ages=(25, 50), sexes="MF", acute=False,
        complaints=("because of 4 months of fatigue, weight loss, and dizziness on standing",
                    "because of salt craving, nausea, and darkening of the skin over several months"),
        findings=("Blood pressure is 98/60 mm Hg supine and 82/50 mm Hg standing.",
                  "Examination shows hyperpigmentation of the palmar creases and buccal mucosa.",
                  "Serum sodium is {R:126-130} mEq/L, potassium is {F:5.6-6.0} mEq/L, and glucose is {R:62-70} mg/dL.",
                  "An early-morning serum cortisol concentration is low, and plasma ACTH is markedly elevated.",
                  "Serum cortisol fails to rise after administration of cosyntropin.",
                  "21-Hydroxylase antibodies are positive."),
        dx_wrong=("Secondary adrenal insufficiency", "Syndrome of inappropriate antidiuretic hormone secretion", "Hemochromatosis",
                  "Primary hyperaldosteronism"),
        tx="Hydrocortisone and fludrocortisone replacement",
        tx_wrong=("Spironolactone", "Oral potassium chloride", "Dexamethasone suppression test", "Levothyroxine alone"),
        name="primary adrenal insufficiency (Addison disease)",
        features="Primary adrenal insufficiency develops insidiously with fatigue, weakness, weight loss, anorexia, nausea, abdominal pain, salt craving, and postural dizziness. Hyperpigmentation of skin creases, scars, and mucosa is characteristic. An adrenal crisis presents with shock, vomiting, and hypoglycaemia, often precipitated by intercurrent illness.",
        workup="Typical findings are hyponatraemia, hyperkalaemia, and sometimes hypoglycaemia. A low morning cortisol with a high ACTH suggests primary disease, confirmed by a failed response to the short Synacthen (cosyntropin) test. Adrenal autoantibodies identify autoimmune adrenalitis; otherwise consider tuberculosis, metastases, or haemorrhage.",
        management="Replace glucocorticoid with hydrocortisone in divided daily doses and mineralocorticoid with fludrocortisone. Teach sick-day rules (doubling hydrocortisone during febrile illness) and provide an emergency injection kit and a steroid alert card. An adrenal crisis is treated with immediate intravenous hydrocortisone and fluid resuscitation.",
        lay="Addison's disease",
        lay_q="I've been exhausted for months, lost weight, feel dizzy when I stand up, crave salt, and my skin looks darker even though I haven't been in the sun.",
        lay_b="I've just been diagnosed with Addison's disease. What do I need to know day to day?",
        lay_explain="Tiredness, weight loss, dizziness on standing, salt craving, and darkening skin together can point to the adrenal glands not making enough hormones (Addison's disease). It's uncommon but important, so please see your doctor soon for blood tests; if you start vomiting or feel faint, go to the emergency department.",
        self_care="Take your steroid tablets every day, follow the sick-day rules (usually doubling the dose during a fever), carry a steroid emergency card, and keep your emergency injection kit with you, making sure your family know how to use it.",
        lay_red_flags="Go to the emergency department if you start vomiting and can't keep fluids or tablets down, feel faint or confused, or have severe abdominal pain; if you have been given an emergency hydrocortisone injection, use it first."),
    Condition(
        key="anaphylaxis", dx="Anaphylaxis", ages=(18, 40), sexes="MF", acute=True,
        complaints=("because of sudden difficulty breathing and a rash 10 minutes after eating a dessert that contained peanuts",
                    "because of throat tightness, hives, and light-headedness shortly after a bee sting"),
        findings=("{He} has a known peanut allergy.",
                  "Pulse is {R:122-134}/min, respirations are {R:26-30}/min, and blood pressure is {R:78-86}/{R:44-50} mm Hg.",
                  "Examination shows diffuse urticaria, swelling of the lips, and bilateral expiratory wheezing.",
                  "Oxygen saturation on room air is {R:89-92}%.",
                  "{He} is anxious but alert and able to speak in short phrases.",
                  "{He} has not yet received any medication."),
        dx_wrong=("ACE inhibitor-induced angioedema", "Acute asthma exacerbation", "Vasovagal syncope", "Panic attack"),
        tx="Intramuscular epinephrine",
        tx_wrong=("Oral diphenhydramine alone", "Intravenous methylprednisolone alone", "Nebulized albuterol alone", "Observation for 30 minutes"),
        name="anaphylaxis",
        features="Anaphylaxis is a rapid-onset, potentially life-threatening allergic reaction involving the airway (throat swelling, stridor, hoarseness), breathing (wheeze, breathlessness), and/or circulation (hypotension, collapse), usually with skin changes such as urticaria and angioedema. Common triggers are foods, insect stings, and drugs.",
        workup="Anaphylaxis is a clinical diagnosis, and treatment must never be delayed for tests. Mast cell tryptase taken as soon as possible and again 1-2 hours later can support the diagnosis retrospectively. After recovery, refer to an allergy service to identify the trigger.",
        management="Give intramuscular adrenaline (epinephrine) 0.5 mg (0.5 mL of 1:1000) into the anterolateral thigh in adults, repeating after 5 minutes if there is no improvement; call for help and lay the patient flat with the legs raised, or sitting if breathing is difficult. Give high-flow oxygen and intravenous fluids for hypotension. Antihistamines and steroids are not first-line treatments. Observe for biphasic reactions and discharge with two adrenaline auto-injectors and training.",
        lay="anaphylaxis",
        lay_q="My friend just ate something with peanuts and her lips are swelling, she has hives everywhere, and she's wheezing.",
        lay_b="I had anaphylaxis to peanuts last month. How do I keep myself safe?",
        lay_explain="Swelling lips, widespread hives, and wheezing after eating peanuts are signs of anaphylaxis, a severe allergic reaction. If she has an adrenaline auto-injector, use it in her outer thigh now, call emergency services, and keep her lying down with her legs raised, or sitting up if breathing is hard.",
        self_care="Carry two adrenaline auto-injectors at all times, check their expiry dates, and make sure friends and family know how to use them. Read food labels carefully, tell restaurants about your allergy, and wear a medical alert bracelet.",
        lay_red_flags="Call emergency services and use an adrenaline auto-injector if one is available at the first sign of throat tightness, difficulty breathing, hoarseness, wheeze, or feeling faint — don't wait to see if it gets better."),
    Condition(
        key="shingles", dx="Herpes zoster", ages=(55, 80), sexes="MF", acute=True,
        complaints=("because of 3 days of burning pain on the left side of the chest followed by a rash",
                    "because of a painful blistering rash in a band around the right side of the trunk"),
        findings=("{He} had chickenpox as a child and has not received the zoster vaccine.",
                  "Examination shows grouped vesicles on an erythematous base in a band-like distribution along the left T5 dermatome that does not cross the midline.",
                  "Vital signs are within normal limits.",
                  "{He} is otherwise healthy and not immunocompromised.",
                  "The rash appeared 48 hours ago, and there is no involvement of the face or eye.",
                  "Renal function is normal."),
        dx_wrong=("Contact dermatitis", "Herpes simplex infection", "Bullous pemphigoid", "Impetigo"),
        tx="Oral valacyclovir for 7 days",
        tx_wrong=("Topical acyclovir alone", "Oral prednisone alone", "Intravenous vancomycin", "No treatment because the rash is self-limited"),
        name="herpes zoster (shingles)",
        features="Herpes zoster results from reactivation of latent varicella-zoster virus. It begins with burning or tingling pain in one dermatome, followed within a few days by grouped vesicles on a red base that do not cross the midline. Involvement of the tip of the nose suggests ophthalmic involvement, and post-herpetic neuralgia is the most common complication in older adults.",
        workup="Diagnosis is usually clinical from the characteristic dermatomal rash; PCR of vesicle fluid confirms atypical cases. Ophthalmic zoster needs urgent ophthalmology review, and immunocompromised or severely ill patients need specialist assessment.",
        management="Start an oral antiviral (valaciclovir, famciclovir, or aciclovir) within 72 hours of rash onset, particularly in people over 50, those with moderate-to-severe pain, or with a non-truncal rash. Provide analgesia and keep lesions covered. The recombinant zoster vaccine is recommended for older adults to prevent future episodes.",
        lay="shingles",
        lay_q="I had burning pain on one side of my chest for a few days, and now a band of blisters has appeared in the same place.",
        lay_explain="Burning pain on one side followed by a band of blisters in the same area is typical of shingles, a reactivation of the chickenpox virus. Antiviral tablets work best if started within three days of the rash appearing, so contact your doctor or pharmacist today.",
        self_care="Keep the rash clean, dry, and covered with loose clothing, take regular pain relief, and avoid contact with pregnant women, newborns, and anyone who hasn't had chickenpox until the blisters have crusted over. Ask about the shingles vaccine once you've recovered.",
        lay_red_flags="Seek urgent care if the rash is near your eye or on the tip of your nose, your immune system is weakened, the rash is spreading widely, or you develop a severe headache or confusion."),
    # MedQA-only conditions (no alpaca or chat text).
    Condition(
        key="minimal_change", dx="Minimal change disease", ages=(3, 6), sexes="MF", acute=False, child=True,
        complaints=("because of 1 week of swelling around the eyes and legs",
                    "because of puffy eyes in the morning and foamy urine for 10 days"),
        findings=("{He} had an upper respiratory tract infection 2 weeks ago.",
                  "Blood pressure is {R:96-104}/{R:60-66} mm Hg; there is periorbital and pitting pedal edema.",
                  "Urinalysis shows 4+ protein and no blood or casts.",
                  "Serum albumin is {F:1.6-2.1} g/dL, and serum cholesterol is elevated.",
                  "Serum creatinine and complement concentrations are within the reference ranges.",
                  "{He} has no rash, joint pain, or hematuria."),
        dx_wrong=("Poststreptococcal glomerulonephritis", "IgA nephropathy", "Membranous nephropathy", "Congestive heart failure"),
        tx="Oral prednisone",
        tx_wrong=("Intravenous cyclophosphamide", "Renal biopsy before any treatment", "Oral furosemide alone", "Evaluation for kidney transplantation")),
    Condition(
        key="kawasaki", dx="Kawasaki disease", ages=(2, 4), sexes="MF", acute=True, child=True,
        complaints=("because of 6 days of high fever that has not responded to antipyretics",
                    "because of a persistent fever and a rash for nearly a week"),
        findings=("Temperature is {T:39.2-39.8}.",
                  "Erythrocyte sedimentation rate and C-reactive protein are elevated, and the platelet count is {R:460-560},000/mm3.",
                  "A 2-cm unilateral cervical lymph node is palpable.",
                  "Examination shows bilateral nonexudative conjunctival injection, cracked red lips with a strawberry tongue, a polymorphous truncal rash, and edema of the hands and feet.",
                  "Echocardiography shows no coronary artery abnormalities.",
                  "Blood and urine cultures are negative."),
        dx_wrong=("Scarlet fever", "Measles", "Stevens-Johnson syndrome", "Systemic juvenile idiopathic arthritis"),
        tx="Intravenous immunoglobulin and aspirin",
        tx_wrong=("Oral amoxicillin", "Oral prednisone alone", "Supportive care only", "Intravenous acyclovir")),
    Condition(
        key="torsion", dx="Testicular torsion", ages=(13, 17), sexes="M", acute=True, child=True,
        complaints=("because of sudden onset of severe left scrotal pain 3 hours ago",
                    "because of acute scrotal pain with nausea and vomiting that woke {him} from sleep"),
        findings=("The pain began while {he} was sleeping, and {he} has vomited twice.",
                  "The left testis is high-riding, horizontally oriented, and exquisitely tender.",
                  "The left cremasteric reflex is absent, and elevating the testis does not relieve the pain.",
                  "Urinalysis shows no leukocytes.",
                  "Pulse is {R:98-108}/min, and {he} has had no recent sexual activity or trauma.",
                  "Doppler ultrasonography is not immediately available."),
        dx_wrong=("Epididymitis", "Torsion of the appendix testis", "Incarcerated inguinal hernia", "Mumps orchitis"),
        tx="Immediate surgical exploration",
        tx_wrong=("Oral antibiotics and scrotal support", "Observation for 24 hours", "Elective surgery in 1 week", "Ice packs and NSAIDs")),
    Condition(
        key="mono", dx="Infectious mononucleosis", ages=(16, 22), sexes="MF", acute=False,
        complaints=("because of 1 week of sore throat, fever, and fatigue",
                    "because of 2 weeks of profound tiredness and swollen glands in the neck"),
        findings=("Temperature is {T:38.2-38.7}.",
                  "Examination shows tonsillar enlargement with exudates and tender posterior cervical lymphadenopathy.",
                  "The spleen tip is palpable 2 cm below the left costal margin.",
                  "A complete blood count shows lymphocytosis with more than 10% atypical lymphocytes, and a heterophile antibody test is positive.",
                  "Serum alanine aminotransferase is mildly elevated.",
                  "{He} plays rugby for {his} college team."),
        dx_wrong=("Streptococcal pharyngitis", "Acute HIV infection", "Acute lymphoblastic leukemia", "Diphtheria"),
        tx="Supportive care and avoidance of contact sports for at least 3 to 4 weeks",
        tx_wrong=("Oral amoxicillin", "Oral acyclovir", "Splenectomy", "Oral prednisone")),
    Condition(
        key="bell", dx="Bell palsy", ages=(25, 55), sexes="MF", acute=True,
        complaints=("because of right facial weakness that {he} noticed on waking this morning",
                    "because of drooping of the right side of the face and difficulty closing the right eye since yesterday"),
        findings=("{He} had mild pain behind the right ear the day before.",
                  "There is weakness of the entire right side of the face, including the forehead, and {he} cannot fully close the right eye.",
                  "The remainder of the neurologic examination, including limb strength and speech, is normal.",
                  "There are no vesicles in the ear canal or on the palate.",
                  "Symptoms began less than 24 hours ago.",
                  "{He} has no history of diabetes mellitus or recent tick bites."),
        dx_wrong=("Ischemic stroke", "Ramsay Hunt syndrome", "Guillain-Barré syndrome", "Parotid gland tumor"),
        tx="Oral prednisone and eye protection",
        tx_wrong=("Intravenous alteplase", "Emergency CT angiography", "Surgical facial nerve decompression", "Intravenous immunoglobulin")),
    Condition(
        key="bppv", dx="Benign paroxysmal positional vertigo", ages=(45, 70), sexes="MF", acute=False,
        complaints=("because of brief episodes of spinning dizziness when turning over in bed for 1 week",
                    "because of recurrent vertigo lasting less than a minute whenever {he} looks up"),
        findings=("Each episode lasts less than 1 minute.",
                  "There is no hearing loss, tinnitus, or headache.",
                  "The neurologic examination is normal.",
                  "The Dix-Hallpike maneuver with the head turned to the right reproduces vertigo with upbeating torsional nystagmus after a brief latency.",
                  "The nystagmus fatigues with repeated testing.",
                  "Blood pressure and fingerstick glucose are normal."),
        dx_wrong=("Vestibular neuritis", "Meniere disease", "Vertebrobasilar transient ischemic attack", "Vestibular schwannoma"),
        tx="Epley (canalith repositioning) maneuver",
        tx_wrong=("Long-term meclizine", "Brain MRI with contrast", "Intratympanic gentamicin", "Oral prednisone")),
]


# =============================================================================================
# Content bank 5: drugs (alpaca + chat), laboratory interpretations and general items (alpaca),
# general health conversations (chat)
# =============================================================================================

@dataclass(frozen=True)
class Drug:
    name: str
    cls: str
    use: str            # what a patient would say it is for
    mechanism: str      # alpaca
    adverse: str        # alpaca
    counselling: str    # chat
    interactions: str   # chat


DRUGS: list[Drug] = [
    Drug("metformin", "biguanide", "type 2 diabetes",
         "Metformin reduces hepatic gluconeogenesis and improves peripheral insulin sensitivity, partly through activation of AMP-activated protein kinase. Because it does not stimulate insulin secretion, it rarely causes hypoglycaemia on its own and is weight-neutral.",
         "Gastrointestinal effects — nausea, diarrhoea, abdominal discomfort, and a metallic taste — are common at initiation and are reduced by slow titration or modified-release tablets. Long-term use can cause vitamin B12 deficiency. Lactic acidosis is rare and is associated with severe renal impairment, hypoxia, or sepsis.",
         "Take metformin with or just after meals and increase the dose gradually to reduce stomach upset. Pause it if you become dehydrated from vomiting or diarrhoea, and tell staff you take it before scans that use contrast dye. Your doctor will check your kidney function and B12 level from time to time.",
         "Moderate alcohol is usually fine, but heavy drinking raises the risk of lactic acidosis and low blood sugar. Contrast dye and some medicines that affect the kidneys may mean pausing it for a short time, so always check with your pharmacist."),
    Drug("atorvastatin", "statin", "high cholesterol",
         "Atorvastatin competitively inhibits HMG-CoA reductase, the rate-limiting enzyme of hepatic cholesterol synthesis. The fall in intracellular cholesterol upregulates hepatic LDL receptors, increasing LDL clearance from the blood and lowering LDL cholesterol by roughly 30-50% depending on the dose.",
         "Muscle aches are the most commonly reported adverse effect; true myopathy is uncommon and rhabdomyolysis rare. Transaminase elevations can occur, and there is a small increase in the risk of new-onset diabetes. Headache and gastrointestinal upset are occasionally reported.",
         "Atorvastatin can be taken at any time of day, but take it at the same time each day. It works best alongside a heart-healthy diet and regular exercise. Report unexplained muscle pain, weakness, or dark urine promptly.",
         "Avoid large amounts of grapefruit juice. Some antibiotics such as clarithromycin, some antifungals, and some HIV medicines increase statin levels and the risk of muscle problems, so mention your statin whenever a new medicine is prescribed."),
    Drug("warfarin", "vitamin K antagonist", "atrial fibrillation",
         "Warfarin inhibits vitamin K epoxide reductase, preventing regeneration of the reduced vitamin K needed for gamma-carboxylation of clotting factors II, VII, IX, and X and of proteins C and S. Its full effect takes several days, and it is monitored with the INR.",
         "Bleeding is the main adverse effect, ranging from bruising and nosebleeds to major gastrointestinal or intracranial haemorrhage. Warfarin is teratogenic and can rarely cause skin necrosis early in treatment, particularly in protein C deficiency.",
         "Take warfarin at the same time each day and attend your INR blood tests, because the dose is adjusted according to the results. Keep your intake of vitamin K-rich foods such as leafy greens fairly steady rather than avoiding them, and carry your anticoagulant card.",
         "Many medicines change warfarin's effect, including several antibiotics, antifungals, amiodarone, and anti-inflammatory painkillers, and so can herbal products like St John's wort. Avoid binge drinking, and check with a pharmacist before starting anything new."),
    Drug("amlodipine", "dihydropyridine calcium-channel blocker", "high blood pressure",
         "Amlodipine blocks L-type calcium channels in vascular smooth muscle, causing arterial vasodilation and a fall in peripheral resistance and blood pressure. As a dihydropyridine it has little effect on cardiac conduction, and its long half-life allows once-daily dosing.",
         "Dose-related ankle oedema is the most common adverse effect; flushing, headache, palpitations, and gum hypertrophy can also occur.",
         "Take amlodipine once a day at the same time; it can be taken with or without food. Ankle swelling is a common side effect, so mention it rather than stopping the tablets yourself, and get up slowly if you feel light-headed.",
         "Grapefruit juice can raise amlodipine levels a little. If you also take simvastatin, the statin dose may need to be limited, so make sure your prescriber knows about both."),
    Drug("omeprazole", "proton pump inhibitor", "acid reflux",
         "Omeprazole irreversibly inhibits the H+/K+-ATPase (proton pump) of gastric parietal cells, the final step of acid secretion. It is a prodrug activated in the acidic secretory canaliculus, which is why it works best when taken before a meal.",
         "Headache, diarrhoea, and abdominal pain are the most common adverse effects. Long-term use is associated with hypomagnesaemia, vitamin B12 deficiency, an increased risk of Clostridioides difficile infection, and possibly fractures.",
         "Take omeprazole 30 to 60 minutes before breakfast. Use the lowest dose that controls your symptoms, and review with your doctor whether you still need it after a few months; stopping after long use can cause temporary rebound heartburn.",
         "Omeprazole can reduce the effect of clopidogrel, so a different acid-reducing medicine may be chosen if you take clopidogrel. It can also change the levels of a few other medicines, so tell your pharmacist you take it."),
    Drug("sertraline", "selective serotonin reuptake inhibitor", "depression",
         "Sertraline selectively inhibits the serotonin transporter, increasing synaptic serotonin. Its therapeutic effect in depression and anxiety develops over several weeks, reflecting downstream receptor and neuroplastic changes.",
         "Common adverse effects include nausea, diarrhoea, headache, insomnia or drowsiness, sweating, and sexual dysfunction. Hyponatraemia can occur in older adults, bleeding risk increases with NSAIDs or anticoagulants, and young people may have more suicidal thoughts early in treatment.",
         "Take sertraline once a day, in the morning if it keeps you awake. Give it four to six weeks to work and don't stop it suddenly; your doctor will reduce the dose gradually when the time comes. Early side effects such as nausea usually settle within two weeks.",
         "Avoid combining it with other serotonergic medicines such as tramadol or St John's wort without advice, because of the risk of serotonin syndrome. Alcohol can worsen drowsiness and low mood, and anti-inflammatory painkillers increase the risk of bleeding."),
    Drug("amoxicillin", "aminopenicillin", "a chest infection",
         "Amoxicillin is a beta-lactam antibiotic that binds penicillin-binding proteins and inhibits cross-linking of peptidoglycan in the bacterial cell wall, leading to cell lysis. It is inactivated by beta-lactamases, which is why it is sometimes combined with clavulanic acid.",
         "Common adverse effects include diarrhoea, nausea, and rash; a non-allergic maculopapular rash is particularly common in patients with infectious mononucleosis. True IgE-mediated allergy can cause urticaria or anaphylaxis, and C. difficile infection is a risk with any antibiotic.",
         "Take amoxicillin at evenly spaced times and finish the course unless your doctor tells you otherwise; it can be taken with or without food. Stop and seek urgent help if you develop swelling of the face or lips, wheezing, or a widespread rash.",
         "Amoxicillin can increase the effect of warfarin, so extra INR checks may be needed. Alcohol doesn't interact directly, but it's best kept to a minimum while you're unwell."),
    Drug("ibuprofen", "non-steroidal anti-inflammatory drug", "back pain",
         "Ibuprofen reversibly inhibits the cyclo-oxygenase enzymes COX-1 and COX-2, reducing prostaglandin synthesis and producing analgesic, anti-inflammatory, and antipyretic effects.",
         "Gastrointestinal irritation, dyspepsia, and peptic ulceration or bleeding are the main risks, especially in older people. NSAIDs can also impair renal function, raise blood pressure, worsen heart failure, and trigger bronchospasm in some people with asthma.",
         "Take ibuprofen with or after food, use the lowest effective dose for the shortest time, and don't exceed the daily maximum on the packet without medical advice. Avoid it if you've had a stomach ulcer, kidney problems, or heart failure unless your doctor agrees.",
         "Don't combine it with other anti-inflammatories or with aspirin for pain. It increases the risk of bleeding with blood thinners and some antidepressants, and it can weaken some blood pressure medicines and strain the kidneys when taken with diuretics or ACE inhibitors."),
    Drug("lisinopril", "ACE inhibitor", "high blood pressure",
         "Lisinopril inhibits angiotensin-converting enzyme, reducing angiotensin II formation and aldosterone release, which lowers vascular resistance and sodium retention. ACE inhibition also reduces bradykinin breakdown, contributing both to benefit and to cough.",
         "Dry cough occurs in a significant minority of patients. Other effects include hyperkalaemia, a rise in creatinine, first-dose hypotension, and rarely angioedema. ACE inhibitors are contraindicated in pregnancy.",
         "Take lisinopril once a day; the first dose can make you dizzy, so some people take it at bedtime. You'll need blood tests to check your kidneys and potassium after starting or changing the dose, and tell your doctor if you develop a persistent dry cough.",
         "Avoid potassium supplements and salt substitutes that contain potassium unless advised. Anti-inflammatory painkillers can reduce its effect and harm the kidneys, and combining it with spironolactone needs careful monitoring."),
    Drug("salbutamol", "short-acting beta-2 agonist", "asthma",
         "Salbutamol is a short-acting beta-2 adrenoceptor agonist that relaxes bronchial smooth muscle by increasing intracellular cAMP, producing bronchodilation within minutes that lasts about 4-6 hours.",
         "Tremor, palpitations, tachycardia, headache, and muscle cramps are common, particularly at high doses, and large doses can cause hypokalaemia.",
         "Use your salbutamol inhaler when you're wheezy or breathless, ideally through a spacer. Needing it more than two or three times a week is a sign that your asthma isn't well controlled and your preventer treatment should be reviewed.",
         "Non-selective beta-blockers such as propranolol can block its effect and may trigger wheezing in people with asthma. High doses taken together with steroid tablets or diuretics can lower potassium."),
    Drug("prednisolone", "glucocorticoid", "a flare of arthritis",
         "Prednisolone is a glucocorticoid that binds intracellular receptors and alters gene transcription, suppressing pro-inflammatory cytokines and immune cell activity while increasing anti-inflammatory proteins.",
         "Short courses may cause insomnia, mood changes, increased appetite, indigestion, and raised blood glucose. Long-term use causes weight gain, osteoporosis, diabetes, hypertension, cataracts, skin thinning, infections, and adrenal suppression.",
         "Take prednisolone in the morning with food. If you've taken it for more than three weeks or had repeated courses, don't stop suddenly, because your body's own steroid production needs time to recover, and carry a steroid card if you're on long-term treatment.",
         "Combining it with anti-inflammatory painkillers increases the risk of stomach ulcers. It can raise blood sugar in people with diabetes, and live vaccines should be avoided while you're on high doses."),
    Drug("insulin glargine", "long-acting insulin analogue", "diabetes",
         "Insulin glargine is a long-acting insulin analogue that forms microprecipitates after subcutaneous injection and is released slowly, providing a relatively flat basal insulin level over about 24 hours. It suppresses hepatic glucose output between meals and overnight.",
         "Hypoglycaemia is the main risk; weight gain and injection-site lipohypertrophy also occur, particularly if sites are not rotated.",
         "Inject insulin glargine at the same time each day and rotate your injection sites within the same body area. Keep spare pens in the fridge and the pen in use at room temperature, learn the signs of low blood sugar, and always carry fast-acting glucose.",
         "Alcohol can cause delayed low blood sugar, so eat when you drink and check your glucose before bed. Beta-blockers may mask warning signs of a hypo such as a racing heart."),
    Drug("clopidogrel", "P2Y12 inhibitor", "a coronary stent",
         "Clopidogrel is a prodrug activated by hepatic CYP2C19 that irreversibly blocks the platelet P2Y12 ADP receptor, inhibiting platelet activation and aggregation for the lifespan of the platelet (about 7-10 days).",
         "Bleeding and bruising are the main adverse effects; gastrointestinal upset and rash can occur, and thrombotic thrombocytopenic purpura is rare.",
         "Take clopidogrel every day and never stop it without speaking to your cardiologist, especially if you have a coronary stent, because stopping early can cause the stent to block. Tell your dentist and any surgeon that you take it.",
         "Omeprazole and esomeprazole can reduce its effect, so a different stomach-protecting medicine may be chosen. Taking it with anti-inflammatory painkillers, other blood thinners, or some antidepressants increases the risk of bleeding."),
    Drug("furosemide", "loop diuretic", "heart failure",
         "Furosemide inhibits the Na-K-2Cl co-transporter in the thick ascending limb of the loop of Henle, causing a potent diuresis of sodium, chloride, and water, with increased potassium, magnesium, and calcium excretion.",
         "Adverse effects include dehydration, postural hypotension, hypokalaemia, hyponatraemia, hypomagnesaemia, gout, and a rise in creatinine; high intravenous doses can cause ototoxicity.",
         "Take furosemide in the morning (and early afternoon if you take a second dose) so you aren't up at night passing urine. If you have heart failure, weigh yourself daily and tell your doctor about dizziness, cramps, or severe thirst.",
         "Anti-inflammatory painkillers reduce its effect and can harm the kidneys. It raises lithium levels, and by lowering potassium it increases the risk of digoxin toxicity."),
    Drug("methotrexate", "antimetabolite DMARD", "rheumatoid arthritis",
         "At the low weekly doses used in rheumatoid arthritis and psoriasis, methotrexate acts largely through increased adenosine release, which is anti-inflammatory; at high doses it inhibits dihydrofolate reductase, blocking DNA synthesis in rapidly dividing cells.",
         "Adverse effects include nausea, mouth ulcers, hair thinning, raised liver enzymes, bone marrow suppression, and rarely pneumonitis. It is teratogenic, and folic acid is given to reduce side effects.",
         "Methotrexate for arthritis is taken once a week, on the same day each week — never daily. Take folic acid as prescribed, attend regular blood tests, and avoid pregnancy while taking it and for several months after stopping.",
         "Trimethoprim and co-trimoxazole can cause dangerous bone marrow suppression with methotrexate. Discuss regular anti-inflammatory use and alcohol with your doctor, and live vaccines are usually avoided."),
    Drug("apixaban", "direct factor Xa inhibitor", "a blood clot",
         "Apixaban is a direct, reversible inhibitor of factor Xa that reduces thrombin generation and clot formation. It has a predictable effect without routine monitoring and starts working within a few hours.",
         "Bleeding is the main adverse effect, including nosebleeds, bruising, heavy periods, and gastrointestinal or, rarely, intracranial bleeding. The dose is reduced for some patients according to age, weight, and kidney function.",
         "Take apixaban twice a day, about 12 hours apart. If you miss a dose, take it as soon as you remember on the same day, but never double up, and carry an anticoagulant alert card.",
         "Avoid anti-inflammatory painkillers such as ibuprofen unless your doctor agrees. Some antifungals, HIV medicines, and anticonvulsants such as carbamazepine, as well as St John's wort, change apixaban levels significantly."),
    Drug("bisoprolol", "cardioselective beta-blocker", "angina",
         "Bisoprolol is a cardioselective beta-1 adrenoceptor blocker that slows the heart rate, reduces myocardial contractility and oxygen demand, and lowers renin release — the basis of its use in angina, heart failure, and rate control of atrial fibrillation.",
         "Fatigue, cold extremities, bradycardia, dizziness, and sleep disturbance are common. It can worsen acute heart failure if started at too high a dose and may cause bronchospasm in susceptible patients.",
         "Take bisoprolol once a day at the same time, and don't stop it suddenly, as this can trigger angina or a fast heart rate. Feeling tired is common at first and often improves after a few weeks.",
         "Taking it with verapamil or diltiazem can slow the heart dangerously. It may also hide the warning signs of low blood sugar in people using insulin or sulfonylureas."),
    Drug("doxycycline", "tetracycline antibiotic", "a chest infection",
         "Doxycycline binds the 30S ribosomal subunit and blocks attachment of aminoacyl-tRNA, inhibiting bacterial protein synthesis. It is bacteriostatic with broad activity, including atypical organisms such as Mycoplasma, Chlamydia, and Rickettsia.",
         "Adverse effects include photosensitivity, nausea, and oesophageal irritation or ulceration; it causes tooth discolouration in children under 8 and is generally avoided in them and in pregnancy.",
         "Swallow doxycycline with a full glass of water while sitting or standing, and don't lie down for at least 30 minutes afterwards. Use sunscreen and avoid strong sun, as it makes your skin burn more easily.",
         "Antacids and iron, calcium, or zinc supplements reduce its absorption, so take them two to three hours apart from it."),
]

LAB_CASES: list[tuple[str, str]] = [
    ("A 24-year-old woman with vomiting. Arterial blood gas: pH 7.21, PaCO2 22 mm Hg, HCO3- 9 mEq/L. Na+ 134 mEq/L, Cl- 98 mEq/L. Glucose 512 mg/dL.",
     "There is a primary metabolic acidosis (low pH and low bicarbonate). The anion gap is 134 - (98 + 9) = 27 mEq/L, so it is a high anion gap acidosis. Winter's formula predicts a PaCO2 of 1.5 × 9 + 8 = 21.5 ± 2 mm Hg, so the measured 22 mm Hg reflects appropriate respiratory compensation. With marked hyperglycaemia, diabetic ketoacidosis is the most likely cause: measure ketones and start fluids, insulin, and potassium replacement."),
    ("68-year-old man with long-standing COPD, clinically stable. pH 7.36, PaCO2 58 mm Hg, HCO3- 31 mEq/L, PaO2 60 mm Hg on room air.",
     "The raised PaCO2 indicates a respiratory acidosis, and the near-normal pH with a raised bicarbonate shows metabolic compensation, consistent with a chronic, compensated respiratory acidosis. In chronic compensation bicarbonate rises by about 3.5-4 mEq/L for every 10 mm Hg rise in PaCO2, predicting about 30-31 mEq/L, which matches. This is typical of chronic hypercapnic respiratory failure; oxygen should be titrated to saturations of 88-92%."),
    ("38-year-old woman, tired for months. Hb 9.1 g/dL, MCV 71 fL, MCH 22 pg, RDW 17.5% (high), platelets 420 × 10^9/L, ferritin 6 ng/mL.",
     "This is a microcytic, hypochromic anaemia with a very low ferritin and a high RDW, which is diagnostic of iron deficiency; the mild thrombocytosis is a common reactive finding. The next step is to find the cause, starting with a menstrual history and coeliac serology, and to start oral iron."),
    ("72-year-old woman with numb feet. Hb 9.6 g/dL, MCV 118 fL, WBC 3.8 × 10^9/L, platelets 130 × 10^9/L, serum B12 95 pg/mL (low), folate normal.",
     "There is a macrocytic anaemia with mild leucopenia and thrombocytopenia and a low B12, consistent with megaloblastic anaemia due to vitamin B12 deficiency; the numb feet suggest neurological involvement. Check anti-intrinsic factor antibodies and start intramuscular hydroxocobalamin promptly."),
    ("45-year-old woman with mild fatigue. TSH 7.2 mIU/L (0.4-4.0), free T4 14 pmol/L (10-22).",
     "A raised TSH with a normal free T4 indicates subclinical hypothyroidism. Repeat the tests in 2-3 months with thyroid peroxidase antibodies, since mild rises can be transient. Treatment is usually considered if TSH stays above 10, or at lower levels if she is symptomatic, pregnant, or planning pregnancy."),
    ("31-year-old woman with palpitations. TSH <0.01 mIU/L, free T4 48 pmol/L (10-22), free T3 15 pmol/L (3.1-6.8).",
     "Suppressed TSH with markedly raised free T4 and T3 indicates overt primary hyperthyroidism. The common causes are Graves disease, toxic nodular goitre, and thyroiditis; TSH-receptor antibodies and, if needed, a radioiodine uptake scan distinguish them. A beta-blocker can control symptoms in the meantime."),
    ("54-year-old man. AST 182 U/L, ALT 78 U/L, GGT 410 U/L, ALP 130 U/L, bilirubin 1.4 mg/dL, MCV 104 fL.",
     "The hepatocellular enzymes are raised with an AST:ALT ratio above 2, together with a markedly raised GGT and macrocytosis. This pattern strongly suggests alcohol-related liver injury. Take a careful alcohol history, check synthetic function (albumin, INR), and arrange a liver ultrasound."),
    ("66-year-old man with painless jaundice. ALP 520 U/L, GGT 480 U/L, bilirubin 4.8 mg/dL (mainly conjugated), ALT 95 U/L, AST 70 U/L.",
     "There is a cholestatic pattern, with ALP and GGT raised far more than the transaminases and a conjugated hyperbilirubinaemia. In an older patient with painless jaundice, obstruction of the bile duct by a pancreatic or biliary malignancy must be excluded; start with an abdominal ultrasound to look for duct dilatation, followed by CT."),
    ("70-year-old woman on lisinopril and spironolactone. K+ 6.8 mmol/L, creatinine 3.1 mg/dL (baseline 1.0). ECG: peaked T waves.",
     "This is severe hyperkalaemia with ECG changes in the setting of acute kidney injury, likely worsened by the ACE inhibitor and spironolactone. It is an emergency: give intravenous calcium gluconate to stabilise the myocardium, insulin with glucose to shift potassium into cells, stop the offending drugs, and monitor on a cardiac monitor while treating the kidney injury."),
    ("62-year-old man, euvolaemic on examination. Na+ 126 mmol/L, serum osmolality 262 mOsm/kg, urine osmolality 480 mOsm/kg, urine Na+ 45 mmol/L; TSH and cortisol normal.",
     "This is hypotonic hyponatraemia with inappropriately concentrated urine and a high urine sodium in a euvolaemic patient with normal thyroid and adrenal function, consistent with SIADH. Look for causes such as drugs, lung disease, or malignancy, and treat with fluid restriction, correcting the sodium slowly."),
    ("52-year-old man who smokes and has hypertension. Total cholesterol 6.8 mmol/L, LDL 4.6 mmol/L, HDL 1.0 mmol/L, triglycerides 2.6 mmol/L.",
     "The LDL cholesterol is high and the HDL low, with moderately raised triglycerides. Combined with smoking and hypertension, his 10-year cardiovascular risk is likely to be elevated, so calculate it formally. Advise stopping smoking, diet, and exercise, and a statin is likely to be recommended."),
    ("Urine dipstick in a 29-year-old woman with dysuria: leukocyte esterase 3+, nitrite positive, blood 1+, protein trace. Microscopy: >50 WBC/hpf, bacteria present.",
     "The combination of positive leukocyte esterase and nitrites with pyuria and bacteriuria strongly supports a urinary tract infection. In a non-pregnant woman with typical symptoms and no fever or flank pain, this fits uncomplicated cystitis, which can be treated with a short course of a first-line antibiotic."),
    ("CSF from a 30-year-old man with headache and fever: opening pressure 18 cm H2O, WBC 120/μL (90% lymphocytes), protein 0.7 g/L, glucose 3.4 mmol/L (serum glucose 5.6 mmol/L).",
     "There is a lymphocytic pleocytosis with mildly raised protein and a normal CSF-to-serum glucose ratio (about 0.6), a pattern most consistent with viral meningitis. Send CSF PCR for enteroviruses and herpes simplex virus, and consider aciclovir if there are any features of encephalitis."),
    ("55-year-old woman whose chest pain resolved 6 hours ago; ECG normal. High-sensitivity troponin T: 0 h 8 ng/L, 1 h 9 ng/L.",
     "Both values are low, below the 99th-percentile upper reference limit, with a negligible change over one hour. With pain onset more than 3 hours before the first sample and a normal ECG, most rapid rule-out pathways would classify acute myocardial infarction as very unlikely, subject to the assay-specific thresholds in local use. Further outpatient assessment of the chest pain may still be appropriate."),
    ("47-year-old man at a check-up. Fasting plasma glucose 112 mg/dL; HbA1c 6.1%.",
     "Both results fall in the prediabetes range (fasting glucose 100-125 mg/dL and HbA1c 5.7-6.4%). He should receive structured lifestyle advice aimed at 5-7% weight loss and 150 minutes of activity a week, have his other cardiovascular risk factors addressed, and be retested annually."),
    ("73-year-old man on warfarin for atrial fibrillation, no bleeding. INR 6.2.",
     "The INR is well above the usual target range of 2-3, but there is no bleeding. Withhold one or two doses of warfarin, look for the cause (new medicines such as antibiotics, illness, or a dosing error), and recheck the INR within 1-2 days. Oral vitamin K is generally reserved for higher INRs or a high bleeding risk, depending on local guidelines."),
]
LAB_PROMPTS = ("Interpret the following laboratory results.", "Interpret these results and give the most likely explanation.",
               "What do these findings indicate, and what should be done next?")

ALPACA_GENERAL: list[tuple[str, str, str]] = [
    ("Explain the difference between the sensitivity and specificity of a diagnostic test.", "",
     "Sensitivity is the proportion of people with the disease who test positive (true positives divided by all with the disease); a highly sensitive test rarely misses disease, so a negative result helps rule it out. Specificity is the proportion of people without the disease who test negative; a highly specific test rarely gives false alarms, so a positive result helps rule the disease in."),
    ("Calculate the body mass index for the patient below and classify it.", "Weight 92 kg, height 1.75 m.",
     "BMI = weight / height² = 92 / (1.75 × 1.75) = 92 / 3.06 ≈ 30.0 kg/m². A BMI of 30.0 or more falls in the obese range (class I obesity: 30.0-34.9)."),
    ("List the components of the Apgar score.", "",
     "The Apgar score rates five signs from 0 to 2 at 1 and 5 minutes after birth: appearance (skin colour), pulse (heart rate), grimace (reflex irritability), activity (muscle tone), and respiration (breathing effort). The total ranges from 0 to 10, and a score of 7 or more is generally reassuring."),
    ("What is the Glasgow Coma Scale, and what does it assess?", "",
     "The Glasgow Coma Scale grades level of consciousness from 3 to 15 using three responses: eye opening (1-4), best verbal response (1-5), and best motor response (1-6). A score of 8 or less indicates severe impairment, and the components should be reported separately (for example E2 V3 M5)."),
    ("Describe the steps of adult basic life support.", "",
     "Check for danger, then for a response. If the person is unresponsive and not breathing normally, call emergency services and send someone for a defibrillator. Start chest compressions in the centre of the chest at 100-120 per minute and 5-6 cm deep, giving 2 rescue breaths after every 30 compressions if trained, and attach and follow the defibrillator as soon as it arrives."),
    ("Explain the number needed to treat (NNT) using a worked example.", "",
     "The NNT is the number of patients who must be treated for one additional patient to benefit, calculated as 1 divided by the absolute risk reduction. If a drug lowers the risk of stroke from 10% to 6% over five years, the absolute risk reduction is 4%, so the NNT is 1 / 0.04 = 25: treating 25 people for five years prevents one stroke."),
    ("Summarise the key elements of valid informed consent.", "",
     "Valid consent requires that the patient has the capacity to decide, receives adequate information about the nature, benefits, risks, and alternatives of the proposed treatment (including doing nothing), and makes a voluntary decision without coercion. Consent should be documented and can be withdrawn at any time."),
    ("Calculate the dose for the child described below.", "An 18-kg child needs amoxicillin 25 mg/kg/day divided twice daily. The suspension contains 250 mg in 5 mL.",
     "The daily dose is 25 × 18 = 450 mg, so each of the two doses is 225 mg. With a 250 mg/5 mL suspension, 225 mg is 225 / 50 = 4.5 mL twice daily."),
    ("Explain the difference between type 1 and type 2 respiratory failure.", "",
     "Type 1 respiratory failure is hypoxaemia (PaO2 below 8 kPa or 60 mm Hg) with a normal or low PaCO2, caused by ventilation-perfusion mismatch, as in pneumonia or pulmonary oedema. Type 2 is hypoxaemia with hypercapnia (PaCO2 above 6 kPa or 45 mm Hg), caused by alveolar hypoventilation, as in COPD, neuromuscular disease, or opioid overdose."),
    ("List the WHO five moments for hand hygiene.", "",
     "Clean your hands: 1) before touching a patient, 2) before a clean or aseptic procedure, 3) after a risk of exposure to body fluids, 4) after touching a patient, and 5) after touching a patient's surroundings."),
    ("Explain the difference between a screening test and a diagnostic test.", "",
     "A screening test is applied to people without symptoms to identify those who may have a disease and need further testing; it should be cheap, safe, acceptable, and sensitive. A diagnostic test is used in people with symptoms or a positive screen to confirm or exclude the disease, and it prioritises accuracy, particularly specificity."),
    ("Rewrite the sentence below in plain language for a patient.", "The patient has a history of hypertension and hyperlipidemia and is status post percutaneous coronary intervention.",
     "You have high blood pressure and high cholesterol, and you have previously had a procedure in which a narrowed artery supplying your heart was opened with a small tube called a stent."),
]

CHAT_GENERAL: list[tuple[str, str]] = [
    ("I can never fall asleep before 2 am and then I'm exhausted at work. Any tips?",
     "A few habits help most people: get up at the same time every day, even at weekends, get daylight in the morning, and avoid caffeine after lunchtime. Keep screens out of the last hour before bed and only go to bed when you feel sleepy. If you're awake for more than about 20 minutes, get up and do something calm until you feel drowsy. If this has gone on for months, ask your doctor about CBT for insomnia, which works better long term than sleeping tablets."),
    ("I'm 45 and haven't exercised in years. How should I start?",
     "Start small and build up: a brisk 10-15 minute walk most days is a great beginning, adding a few minutes each week until you reach about 150 minutes a week. Add simple strength exercises such as sit-to-stands or wall press-ups twice a week. Choose something you enjoy so you keep it up, and if you have heart disease, chest pain on exertion, or another long-term condition, check with your doctor first."),
    ("Is it worth getting the flu jab this year? I'm healthy.",
     "For most adults it's a sensible choice: it lowers your chance of getting flu and of passing it to more vulnerable people around you. It is especially recommended if you're over 65, pregnant, have a long-term condition such as asthma or diabetes, or care for someone vulnerable. The vaccine can't give you flu; a sore arm or feeling a bit off for a day is the most common reaction."),
    ("I want to quit smoking. What actually works?",
     "Combining support with medication roughly doubles or triples your chances compared with willpower alone. Options include nicotine replacement (using a patch plus a faster form such as gum or spray works best) or prescription tablets such as varenicline. Set a quit date, tell people around you, and plan how you'll handle your usual trigger moments. Your local stop-smoking service or pharmacist can help, and many people need a few attempts before it sticks."),
    ("How much water should I drink a day?",
     "There's no single number for everyone. Most healthy adults do well with roughly 1.5-2 litres of fluid a day from all drinks, more in hot weather or when exercising. A simple guide is your urine colour: pale straw means you're well hydrated. If you have heart failure or kidney disease, follow the fluid advice from your own doctor, as it may be different."),
    ("Which sunscreen should I use and how often?",
     "Use a broad-spectrum sunscreen with SPF 30 or higher that also protects against UVA. Apply it generously 15-30 minutes before going out and reapply every two hours and after swimming or sweating. Shade, a hat, and sunglasses matter too, especially between 11 am and 3 pm, and show a doctor any mole that changes in size, shape, or colour."),
    ("My 8-year-old spends hours on his tablet. How much screen time is OK?",
     "Rather than a strict number, aim for a balance: daily physical activity of at least an hour, 9-12 hours of sleep, homework, and time with family should come first. Keep screens out of the bedroom and switch them off an hour before bed, and favour active or educational content. Agreeing on a family media plan together usually works better than sudden bans."),
    ("I've been really stressed at work lately. What can I do?",
     "Some things that genuinely help: regular exercise, protecting your sleep, short breaks during the day, and talking things through with someone you trust. Try to pin down the specific sources of stress and what's within your control, and consider raising workload with your manager. If stress is affecting your sleep, mood, or appetite for more than a few weeks, or you're using alcohol to cope, speak to your doctor."),
    ("How much sugar is too much?",
     "Health guidelines suggest keeping free sugars — sugar added to food and drinks plus that in honey, syrups, and fruit juice — below 10% of your daily energy, and ideally below 5%, which is about 25-30 g (six to seven teaspoons) a day for an adult. Sugary drinks are the biggest source for many people, so swapping them for water or unsweetened drinks makes the largest difference."),
    ("I'm travelling to East Africa in two months. What should I sort out health-wise?",
     "Book a travel health appointment now, as some vaccines need several weeks. Depending on where you're going, you may need yellow fever (with a certificate), typhoid, hepatitis A, and a check that your routine vaccines are up to date, plus malaria tablets and mosquito bite prevention. Pack a basic first-aid kit, take out travel insurance, and carry enough of any regular medicines."),
    ("Is it safe to take paracetamol and ibuprofen together?",
     "For most healthy adults, yes: they work differently and can be taken together or alternated for short periods, as long as you stay within the maximum daily dose of each (for paracetamol usually 4 g a day, less if you weigh under 50 kg or drink heavily). Avoid ibuprofen if you've had a stomach ulcer, have kidney problems or heart failure, are in late pregnancy, or take blood thinners, unless your doctor has said it's fine."),
    ("How can I lower my cholesterol without tablets?",
     "Diet and activity can lower LDL cholesterol by roughly 10-20%. Swap butter and fatty meats for olive oil, fish, beans, and nuts; add soluble fibre such as oats and lentils; and cut back on biscuits, pastries, and processed meats. Regular exercise, losing excess weight, and stopping smoking also help your overall heart risk. Whether you also need a statin depends on your total cardiovascular risk, which your doctor can calculate."),
    ("How fast is it healthy to lose weight?",
     "A steady loss of about 0.5-1 kg a week is realistic and easier to keep off than rapid weight loss. That usually means eating around 500-600 kcal a day less than you burn, mostly by cutting sugary drinks, snacks, and large portions, plus regular activity. Very low-calorie diets should only be followed with medical supervision."),
    ("Should I take a vitamin D supplement?",
     "Many people don't get enough vitamin D from sunlight, especially in winter, if they cover their skin, have darker skin, or spend most of the day indoors. A daily supplement of 10 micrograms (400 IU) is a common, safe recommendation for adults in those groups. Higher doses should be guided by a blood test and your doctor, because too much vitamin D can raise calcium levels."),
    ("How do I know if a cut needs stitches?",
     "A cut probably needs to be seen if it is deep enough to show fat or muscle, gapes open, is longer than about 2 cm on the face or over a joint, or keeps bleeding after 10 minutes of firm pressure. Also get help for cuts with dirt or glass in them, animal or human bites, or numbness beyond the wound. Wounds are best closed within several hours, and check that your tetanus vaccination is up to date."),
    ("How can I tell if I'm dehydrated?",
     "Early signs are thirst, a dry mouth, passing less urine than usual, dark yellow urine, tiredness, and headache. Drinking water or an oral rehydration drink usually fixes mild dehydration. Seek medical help if you feel dizzy or confused, have a racing heart, can't keep fluids down, or haven't passed urine for many hours."),
    ("Is intermittent fasting safe?",
     "For most healthy adults, time-restricted eating such as a 16:8 pattern is safe and can help with weight loss, though studies suggest it works about as well as ordinary calorie reduction. It isn't suitable for pregnant or breastfeeding women, people with a history of eating disorders, or children, and people on insulin or some diabetes tablets need medical advice first because of the risk of low blood sugar."),
    ("How often should I get my blood pressure checked?",
     "If your blood pressure has been normal, a check at least every five years is reasonable for most adults, and yearly from about 40 or if you have risk factors such as diabetes, kidney disease, or a family history. If you've been told it's borderline or you're on treatment, your doctor will suggest more frequent checks, often including home readings."),
    ("Can I keep exercising now that I'm pregnant?",
     "In an uncomplicated pregnancy, yes — regular moderate activity such as brisk walking, swimming, or pregnancy yoga is safe and helpful, aiming for about 150 minutes a week. Avoid contact sports, activities with a risk of falling, scuba diving, and lying flat on your back for long periods after about 16 weeks. Stop and seek advice if you have bleeding, chest pain, dizziness, leaking fluid, or regular painful contractions."),
    ("How do I use my asthma inhaler with a spacer properly?",
     "Remove the cap, shake the inhaler, and fit it into the end of the spacer. Breathe out gently, seal your lips around the mouthpiece, press the inhaler once, and then either take one slow deep breath and hold it for about 10 seconds or breathe normally in and out for five breaths. Wait about 30 seconds before a second puff, and rinse your mouth after using a steroid inhaler."),
    ("What counts as a healthy amount of alcohol?",
     "There's no completely safe level, but the risks stay low if you keep to no more than about 14 units a week, spread over three or more days, with several alcohol-free days. A unit is roughly a small glass of wine or half a pint of ordinary beer. Avoid alcohol entirely in pregnancy and with medicines that interact with it."),
    ("My teenager is always tired. Is that normal?",
     "Teenagers need 8-10 hours of sleep, and their body clock naturally shifts later, so late nights with early school starts often explain the tiredness; phones in the bedroom make it worse. If tiredness persists despite enough sleep, or comes with weight loss, low mood, heavy periods, or frequent infections, see a doctor to check for problems such as anaemia, thyroid disease, or depression."),
]

CHAT_SYSTEM_PROMPTS = (
    "You are a careful medical information assistant. Give accurate, evidence-based information, avoid definitive diagnoses, and encourage in-person care when it is needed.",
    "You are a friendly assistant for a hospital's patient-information line. Use plain language and short paragraphs.",
    "You are a clinical assistant. Be concise, and always mention red-flag symptoms that need urgent care.",
    "You are a helpful health assistant. You are not a doctor; explain clearly and say when someone should seek medical help.",
)


# =============================================================================================
# Content bank 6: MedMCQA-style exam items (subject, topic, question, correct, distractors, explanation)
# =============================================================================================

MCQ = tuple[str, str, str, str, tuple[str, str, str], str | None]
MCQS: list[MCQ] = [
    # Anatomy
    ("Anatomy", "Upper limb", "Winging of the scapula results from injury to which nerve?", "Long thoracic nerve",
     ("Thoracodorsal nerve", "Axillary nerve", "Suprascapular nerve"),
     "The long thoracic nerve (C5-C7) supplies serratus anterior; its paralysis causes medial winging of the scapula."),
    ("Anatomy", "Upper limb", "Wrist drop is caused by injury to the:", "Radial nerve",
     ("Ulnar nerve", "Median nerve", "Musculocutaneous nerve"),
     "The radial nerve supplies the extensors of the wrist and fingers; injury in the spiral groove classically causes wrist drop."),
    ("Anatomy", "Lower limb", "Foot drop after a fracture of the neck of the fibula is due to injury of the:", "Common peroneal nerve",
     ("Tibial nerve", "Sural nerve", "Femoral nerve"),
     "The common peroneal (fibular) nerve winds around the fibular neck; its deep branch supplies the ankle dorsiflexors."),
    ("Anatomy", "Head and neck", "The only abductor of the vocal cords is the:", "Posterior cricoarytenoid",
     ("Lateral cricoarytenoid", "Cricothyroid", "Thyroarytenoid"),
     "The posterior cricoarytenoid is the sole abductor of the vocal folds and is supplied by the recurrent laryngeal nerve."),
    ("Anatomy", "Thorax", "In most people the sinoatrial nodal artery arises from the:", "Right coronary artery",
     ("Left anterior descending artery", "Left marginal artery", "Diagonal artery"),
     "In about 60% of people the sinoatrial nodal artery arises from the right coronary artery; in most others it arises from the circumflex."),
    ("Anatomy", "Head and neck", "The parotid duct opens into the oral cavity opposite the:", "Upper second molar tooth",
     ("Lower second molar tooth", "Upper first premolar tooth", "Sublingual papilla"),
     "The parotid (Stensen) duct pierces the buccinator and opens on the buccal mucosa opposite the crown of the upper second molar."),
    ("Anatomy", "Lower limb", "Unlocking of the knee joint at the beginning of flexion is brought about by the:", "Popliteus",
     ("Biceps femoris", "Sartorius", "Gastrocnemius"),
     "The popliteus rotates the femur laterally on the fixed tibia to unlock the fully extended knee."),
    ("Anatomy", "Neuroanatomy", "Which cranial nerve has the longest intracranial course?", "Trochlear nerve",
     ("Abducent nerve", "Oculomotor nerve", "Facial nerve"),
     "The trochlear nerve is the thinnest cranial nerve, has the longest intracranial course, and is the only one to emerge from the dorsal brainstem."),
    ("Anatomy", "Abdomen and pelvis", "The narrowest part of the ureter is at the:", "Ureterovesical junction",
     ("Pelviureteric junction", "Crossing of the pelvic brim", "Crossing of the gonadal vessels"),
     "Of the ureter's three constrictions, the ureterovesical junction is the narrowest and a common site of stone impaction."),
    ("Anatomy", "Upper limb", "Which artery crosses the floor of the anatomical snuffbox?", "Radial artery",
     ("Ulnar artery", "Anterior interosseous artery", "Princeps pollicis artery"), None),
    ("Anatomy", "Thorax", "The thoracic duct usually drains into the:", "Junction of the left subclavian and left internal jugular veins",
     ("Superior vena cava directly", "Azygos vein", "Right brachiocephalic vein"), None),
    ("Anatomy", "Head and neck", "The skin over the angle of the mandible is supplied by the:", "Great auricular nerve",
     ("Mandibular nerve", "Lesser occipital nerve", "Transverse cervical nerve"),
     "The angle of the mandible is supplied by the great auricular nerve (C2, C3), not by the trigeminal nerve."),
    ("Anatomy", "Lower limb", "The chief flexor of the hip joint is the:", "Iliopsoas",
     ("Rectus femoris", "Sartorius", "Pectineus"), None),
    ("Anatomy", "Embryology", "The thyroid gland develops from an endodermal diverticulum at the:", "Foramen caecum of the tongue",
     ("Third pharyngeal pouch", "Fourth pharyngeal pouch", "First pharyngeal cleft"),
     "The thyroid arises at the foramen caecum and descends along the thyroglossal duct; the third pouch forms the inferior parathyroids and thymus."),
    ("Anatomy", "Abdomen and pelvis", "McBurney's point lies one-third of the way along a line from the right anterior superior iliac spine to the:", "Umbilicus",
     ("Pubic symphysis", "Xiphoid process", "Right pubic tubercle"), None),
    ("Anatomy", "Abdomen and pelvis", "Which structure passes through the deep inguinal ring in males?", "Spermatic cord",
     ("Ilioinguinal nerve", "Inferior epigastric artery", "Round ligament"),
     "The spermatic cord passes through the deep ring; the ilioinguinal nerve enters the canal through its wall and leaves via the superficial ring."),
    # Physiology
    ("Physiology", "Cardiovascular", "The first heart sound is produced by closure of the:", "Mitral and tricuspid valves",
     ("Aortic and pulmonary valves", "Mitral and aortic valves", "Pulmonary and tricuspid valves"),
     "S1 results from closure of the atrioventricular valves at the onset of ventricular systole."),
    ("Physiology", "Renal", "Most of the filtered sodium is reabsorbed in the:", "Proximal convoluted tubule",
     ("Thick ascending limb of the loop of Henle", "Distal convoluted tubule", "Collecting duct"),
     "About two-thirds of filtered sodium is reabsorbed in the proximal tubule."),
    ("Physiology", "Respiratory", "The oxygen-haemoglobin dissociation curve shifts to the right with:", "Increased 2,3-bisphosphoglycerate",
     ("Decreased temperature", "Alkalosis", "Increased fetal haemoglobin"),
     "A right shift (reduced oxygen affinity) occurs with increased CO2, H+, temperature, and 2,3-BPG."),
    ("Physiology", "Nerve and muscle", "The resting membrane potential of a neuron lies closest to the equilibrium potential of:", "Potassium",
     ("Sodium", "Calcium", "Magnesium"),
     "At rest the membrane is far more permeable to K+, so the resting potential (about -70 mV) lies close to the potassium equilibrium potential."),
    ("Physiology", "Endocrine", "Which hormone acts through an intracellular (nuclear) receptor?", "Thyroxine",
     ("Glucagon", "Adrenaline", "Insulin"), None),
    ("Physiology", "Cardiovascular", "Cardiac output is the product of:", "Heart rate and stroke volume",
     ("Stroke volume and peripheral resistance", "Heart rate and mean arterial pressure", "End-diastolic volume and ejection fraction"),
     "End-diastolic volume multiplied by ejection fraction gives stroke volume, not cardiac output."),
    ("Physiology", "Gastrointestinal", "Intrinsic factor is secreted by the:", "Parietal cells",
     ("Chief cells", "G cells", "Mucous neck cells"), None),
    ("Physiology", "Respiratory", "Which lung volume cannot be measured by simple spirometry?", "Residual volume",
     ("Tidal volume", "Inspiratory reserve volume", "Vital capacity"),
     "Residual volume, and therefore functional residual capacity and total lung capacity, needs helium dilution, nitrogen washout, or body plethysmography."),
    ("Physiology", "Renal", "The hormone that increases the water permeability of the collecting duct is:", "Antidiuretic hormone",
     ("Aldosterone", "Atrial natriuretic peptide", "Renin"), None),
    ("Physiology", "Blood", "The normal lifespan of a human red blood cell is about:", "120 days",
     ("30 days", "60 days", "240 days"), None),
    ("Physiology", "Nerve and muscle", "Saltatory conduction occurs in:", "Myelinated nerve fibres",
     ("Unmyelinated nerve fibres", "Skeletal muscle fibres", "Cardiac muscle fibres"),
     "Action potentials jump between nodes of Ranvier in myelinated axons, which greatly increases conduction velocity."),
    ("Physiology", "Endocrine", "Secretion of which hormone increases during hypoglycaemia?", "Glucagon",
     ("Insulin", "Calcitonin", "Aldosterone"), None),
    ("Physiology", "Cardiovascular", "Arterial baroreceptors that respond to a rise in blood pressure are located in the:", "Carotid sinus",
     ("Carotid body", "Medulla oblongata", "Hypothalamus"),
     "Baroreceptors lie in the carotid sinus and aortic arch; the carotid body is a chemoreceptor."),
    ("Physiology", "Nerve and muscle", "The neurotransmitter at the skeletal neuromuscular junction is:", "Acetylcholine",
     ("Noradrenaline", "Dopamine", "Glycine"), None),
    ("Physiology", "Respiratory", "In a healthy person at rest, the main chemical stimulus for breathing is:", "Arterial PCO2 acting through central chemoreceptors",
     ("Arterial PO2 acting on the carotid bodies", "Blood pH acting on the aortic bodies", "Lung stretch receptors"),
     "Central chemoreceptors respond to CO2-driven changes in CSF pH; hypoxic drive becomes important only at low PO2."),
    # Biochemistry
    ("Biochemistry", "Vitamins", "Scurvy is caused by deficiency of:", "Vitamin C",
     ("Vitamin B1", "Vitamin D", "Vitamin K"),
     "Vitamin C is needed for hydroxylation of proline and lysine during collagen synthesis."),
    ("Biochemistry", "Vitamins", "Wernicke encephalopathy is caused by deficiency of:", "Thiamine",
     ("Niacin", "Riboflavin", "Pyridoxine"), None),
    ("Biochemistry", "Lipids", "The rate-limiting enzyme of cholesterol synthesis is:", "HMG-CoA reductase",
     ("HMG-CoA synthase", "Acetyl-CoA carboxylase", "Squalene synthase"), "HMG-CoA reductase is the target of statins."),
    ("Biochemistry", "Amino acids", "Classic phenylketonuria is due to deficiency of:", "Phenylalanine hydroxylase",
     ("Tyrosinase", "Homogentisate oxidase", "Fumarylacetoacetate hydrolase"), None),
    ("Biochemistry", "Carbohydrates", "The rate-limiting enzyme of glycolysis is:", "Phosphofructokinase-1",
     ("Hexokinase", "Pyruvate kinase", "Aldolase"), None),
    ("Biochemistry", "Vitamins", "Dermatitis, diarrhoea, and dementia (pellagra) result from deficiency of:", "Niacin",
     ("Thiamine", "Folic acid", "Vitamin B12"), None),
    ("Biochemistry", "Molecular biology", "Which of the following codons is a stop codon?", "UAA",
     ("AUG", "UGG", "GUA"), "UAA, UAG, and UGA are stop codons; AUG is the start codon."),
    ("Biochemistry", "Lipids", "Dietary triglycerides are carried from the intestine by:", "Chylomicrons",
     ("VLDL", "LDL", "HDL"), None),
    ("Biochemistry", "Nucleotides", "Lesch-Nyhan syndrome results from deficiency of:", "Hypoxanthine-guanine phosphoribosyltransferase",
     ("Adenosine deaminase", "Xanthine oxidase", "PRPP synthetase"),
     "HGPRT deficiency impairs purine salvage, causing hyperuricaemia and self-mutilating behaviour."),
    ("Biochemistry", "Proteins", "In sickle cell anaemia, valine replaces glutamic acid at position 6 of the:", "β-globin chain",
     ("α-globin chain", "γ-globin chain", "δ-globin chain"), None),
    # Pathology
    ("Pathology", "Cell injury", "Which change indicates irreversible cell injury?", "Karyorrhexis (nuclear fragmentation)",
     ("Cellular swelling", "Fatty change", "Formation of membrane blebs"), None),
    ("Pathology", "Inflammation", "The predominant cell in the first 24 hours of acute inflammation is the:", "Neutrophil",
     ("Lymphocyte", "Monocyte", "Plasma cell"), None),
    ("Pathology", "Endocrine", "Psammoma bodies are characteristically seen in:", "Papillary carcinoma of the thyroid",
     ("Follicular carcinoma of the thyroid", "Medullary carcinoma of the thyroid", "Anaplastic carcinoma of the thyroid"), None),
    ("Pathology", "Haematology", "Reed-Sternberg cells are characteristic of:", "Hodgkin lymphoma",
     ("Burkitt lymphoma", "Multiple myeloma", "Chronic lymphocytic leukaemia"), None),
    ("Pathology", "Cardiovascular", "Aschoff bodies are pathognomonic of:", "Rheumatic heart disease",
     ("Infective endocarditis", "Viral myocarditis", "Dilated cardiomyopathy"), None),
    ("Pathology", "Haematology", "The translocation t(9;22) is characteristic of:", "Chronic myeloid leukaemia",
     ("Burkitt lymphoma", "Follicular lymphoma", "Acute promyelocytic leukaemia"),
     "The Philadelphia chromosome creates the BCR-ABL1 fusion tyrosine kinase."),
    ("Pathology", "Renal", "The most common cause of nephrotic syndrome in young children is:", "Minimal change disease",
     ("Membranous nephropathy", "IgA nephropathy", "Post-streptococcal glomerulonephritis"), None),
    ("Pathology", "Cell injury", "Caseous necrosis is typically seen in:", "Tuberculosis",
     ("Myocardial infarction", "Acute pancreatitis", "Cerebral infarction"),
     "Myocardial infarction shows coagulative necrosis, pancreatitis fat necrosis, and cerebral infarction liquefactive necrosis."),
    ("Pathology", "Haematology", "Howell-Jolly bodies on a peripheral smear suggest:", "Asplenia",
     ("Iron deficiency", "Lead poisoning", "Aplastic anaemia"), None),
    ("Pathology", "Hepatobiliary", "Mallory-Denk bodies are most characteristic of:", "Alcoholic hepatitis",
     ("Hepatitis A infection", "Haemochromatosis", "Gilbert syndrome"), None),
    ("Pathology", "Respiratory", "The most common type of lung cancer in people who have never smoked is:", "Adenocarcinoma",
     ("Squamous cell carcinoma", "Small cell carcinoma", "Large cell carcinoma"), None),
    ("Pathology", "Neoplasia", "Which tumour suppressor gene is most frequently mutated in human cancers?", "TP53",
     ("RB1", "APC", "BRCA1"), None),
    # Pharmacology
    ("Pharmacology", "Antimicrobials", "Which antitubercular drug colours urine red-orange?", "Rifampicin",
     ("Isoniazid", "Ethambutol", "Pyrazinamide"), None),
    ("Pharmacology", "Antimicrobials", "Optic neuritis with red-green colour blindness is an adverse effect of:", "Ethambutol",
     ("Rifampicin", "Streptomycin", "Pyrazinamide"), None),
    ("Pharmacology", "Toxicology", "The antidote for paracetamol (acetaminophen) overdose is:", "N-acetylcysteine",
     ("Flumazenil", "Naloxone", "Fomepizole"), None),
    ("Pharmacology", "Toxicology", "Naloxone reverses toxicity due to:", "Opioids",
     ("Benzodiazepines", "Organophosphates", "Tricyclic antidepressants"), None),
    ("Pharmacology", "Autonomic", "Atropine is used in organophosphate poisoning because it:", "Blocks muscarinic receptors",
     ("Reactivates acetylcholinesterase", "Blocks nicotinic receptors at the neuromuscular junction", "Increases acetylcholine release"),
     "Atropine antagonises the muscarinic effects; pralidoxime reactivates the enzyme if given early."),
    ("Pharmacology", "Cardiovascular", "Dry cough is a characteristic adverse effect of:", "Enalapril",
     ("Losartan", "Amlodipine", "Hydrochlorothiazide"), "ACE inhibitors raise bradykinin levels, causing cough; ARBs do not."),
    ("Pharmacology", "Cardiovascular", "Which antihypertensive is contraindicated in pregnancy because of fetal renal toxicity?", "Lisinopril",
     ("Methyldopa", "Labetalol", "Nifedipine"), None),
    ("Pharmacology", "Endocrine", "Which oral antidiabetic drug is most likely to cause hypoglycaemia?", "Glibenclamide",
     ("Metformin", "Pioglitazone", "Acarbose"), None),
    ("Pharmacology", "CNS", "Gingival hyperplasia is a characteristic adverse effect of:", "Phenytoin",
     ("Levetiracetam", "Lamotrigine", "Ethosuximide"), None),
    ("Pharmacology", "CNS", "Which antiepileptic is particularly associated with Stevens-Johnson syndrome when the dose is escalated rapidly?", "Lamotrigine",
     ("Levetiracetam", "Gabapentin", "Pregabalin"), None),
    ("Pharmacology", "Antimicrobials", "'Red man syndrome' on rapid intravenous infusion is associated with:", "Vancomycin",
     ("Gentamicin", "Ceftriaxone", "Clindamycin"), None),
    ("Pharmacology", "Antimicrobials", "Tendon rupture is a recognised adverse effect of:", "Ciprofloxacin",
     ("Amoxicillin", "Doxycycline", "Azithromycin"), None),
    ("Pharmacology", "Haematology", "The anticoagulant effect of unfractionated heparin is reversed by:", "Protamine sulfate",
     ("Vitamin K", "Tranexamic acid", "Idarucizumab"),
     "Idarucizumab reverses dabigatran, and vitamin K reverses warfarin."),
    ("Pharmacology", "Haematology", "Warfarin therapy is monitored with the:", "International normalised ratio",
     ("Activated partial thromboplastin time", "Bleeding time", "Platelet count"), None),
    ("Pharmacology", "Autonomic", "Which of the following is a cardioselective β1-blocker?", "Metoprolol",
     ("Propranolol", "Labetalol", "Timolol"), None),
    ("Pharmacology", "General pharmacology", "For a drug with first-order kinetics, steady state is reached after approximately:", "4 to 5 half-lives",
     ("1 half-life", "2 half-lives", "10 half-lives"), None),
    ("Pharmacology", "Endocrine", "Which drug is a GLP-1 receptor agonist?", "Liraglutide",
     ("Sitagliptin", "Empagliflozin", "Glimepiride"), "Sitagliptin is a DPP-4 inhibitor and empagliflozin an SGLT2 inhibitor."),
    ("Pharmacology", "CNS", "Which antipsychotic requires regular white cell count monitoring because of agranulocytosis?", "Clozapine",
     ("Haloperidol", "Risperidone", "Aripiprazole"), None),
    ("Pharmacology", "Respiratory", "Which asthma drug is a leukotriene receptor antagonist?", "Montelukast",
     ("Salmeterol", "Tiotropium", "Theophylline"), None),
    ("Pharmacology", "Antimicrobials", "The treatment of choice for Pneumocystis jirovecii pneumonia is:", "Trimethoprim-sulfamethoxazole",
     ("Fluconazole", "Amphotericin B", "Azithromycin"), None),
    ("Pharmacology", "Gastrointestinal", "Omeprazole acts by inhibiting:", "H+/K+-ATPase in parietal cells",
     ("H2 receptors", "Muscarinic M1 receptors", "Gastrin receptors"), None),
    ("Pharmacology", "Toxicology", "The antidote for methanol poisoning is:", "Fomepizole",
     ("Dimercaprol", "Deferoxamine", "Physostigmine"), None),
    # Microbiology
    ("Microbiology", "Bacteriology", "The causative agent of syphilis is:", "Treponema pallidum",
     ("Neisseria gonorrhoeae", "Chlamydia trachomatis", "Haemophilus ducreyi"), None),
    ("Microbiology", "Bacteriology", "Which organism is both catalase-positive and coagulase-positive?", "Staphylococcus aureus",
     ("Staphylococcus epidermidis", "Streptococcus pyogenes", "Enterococcus faecalis"), None),
    ("Microbiology", "Bacteriology", "Rice-water stools are characteristic of infection with:", "Vibrio cholerae",
     ("Shigella dysenteriae", "Salmonella Typhi", "Campylobacter jejuni"), None),
    ("Microbiology", "Virology", "Koplik spots are seen in:", "Measles",
     ("Rubella", "Mumps", "Chickenpox"), None),
    ("Microbiology", "Bacteriology", "Ziehl-Neelsen staining is used to identify:", "Acid-fast bacilli",
     ("Gram-negative cocci", "Fungal hyphae", "Spirochaetes"), None),
    ("Microbiology", "Parasitology", "The form of Plasmodium injected into humans by the mosquito is the:", "Sporozoite",
     ("Merozoite", "Gametocyte", "Trophozoite"), None),
    ("Microbiology", "Virology", "Which hepatitis virus has a DNA genome?", "Hepatitis B virus",
     ("Hepatitis A virus", "Hepatitis C virus", "Hepatitis E virus"), None),
    ("Microbiology", "Bacteriology", "Tetanus toxin produces spastic paralysis by:", "Blocking release of glycine and GABA from inhibitory interneurons",
     ("Blocking acetylcholine release at the neuromuscular junction", "Inactivating elongation factor 2", "Increasing intracellular cAMP"),
     "Tetanospasmin cleaves synaptobrevin in inhibitory interneurons, whereas botulinum toxin blocks acetylcholine release."),
    ("Microbiology", "Mycology", "India ink staining of cerebrospinal fluid is used to detect:", "Cryptococcus neoformans",
     ("Candida albicans", "Aspergillus fumigatus", "Histoplasma capsulatum"), None),
    ("Microbiology", "Bacteriology", "The most common bacterial cause of community-acquired pneumonia is:", "Streptococcus pneumoniae",
     ("Klebsiella pneumoniae", "Staphylococcus aureus", "Pseudomonas aeruginosa"), None),
    ("Microbiology", "Virology", "HIV primarily infects cells that express:", "CD4",
     ("CD8", "CD19", "CD56"), None),
    ("Microbiology", "Parasitology", "Chagas disease is caused by:", "Trypanosoma cruzi",
     ("Trypanosoma brucei", "Leishmania donovani", "Toxoplasma gondii"), None),
    ("Microbiology", "Bacteriology", "The most common cause of urinary tract infection is:", "Escherichia coli",
     ("Proteus mirabilis", "Klebsiella pneumoniae", "Staphylococcus saprophyticus"), None),
    ("Microbiology", "Immunology", "Which immunoglobulin crosses the placenta?", "IgG",
     ("IgM", "IgA", "IgE"), None),
    ("Microbiology", "Sterilisation", "The standard autoclave cycle for sterilisation is:", "121 °C for 15 minutes at 15 psi",
     ("100 °C for 30 minutes at atmospheric pressure", "160 °C for 1 hour", "70 °C for 10 minutes"),
     "Dry heat in a hot-air oven uses 160 °C for about 2 hours."),
    # Medicine
    ("Medicine", "Cardiology", "The most common cause of mitral stenosis worldwide is:", "Rheumatic heart disease",
     ("Infective endocarditis", "Congenital mitral stenosis", "Carcinoid syndrome"), None),
    ("Medicine", "Endocrinology", "HbA1c reflects the average blood glucose over approximately the preceding:", "2 to 3 months",
     ("1 week", "2 weeks", "6 months"), None),
    ("Medicine", "Nephrology", "The most common cause of chronic kidney disease worldwide is:", "Diabetes mellitus",
     ("Polycystic kidney disease", "Analgesic nephropathy", "Alport syndrome"), None),
    ("Medicine", "Gastroenterology", "Which tumour marker is most useful in monitoring hepatocellular carcinoma?", "Alpha-fetoprotein",
     ("CA 19-9", "CEA", "CA-125"), None),
    ("Medicine", "Haematology", "The key drug in the treatment of acute promyelocytic leukaemia is:", "All-trans retinoic acid",
     ("Imatinib", "Rituximab", "Hydroxyurea"), None),
    ("Medicine", "Cardiology", "Pulsus paradoxus is characteristically seen in:", "Cardiac tamponade",
     ("Aortic regurgitation", "Hypertrophic cardiomyopathy", "Mitral stenosis"), None),
    ("Medicine", "Endocrinology", "The typical electrolyte abnormality in primary hyperaldosteronism is:", "Hypokalaemia",
     ("Hyperkalaemia", "Hypercalcaemia", "Hyperphosphataemia"), None),
    ("Medicine", "Neurology", "The most common cause of non-traumatic subarachnoid haemorrhage is:", "Rupture of a saccular (berry) aneurysm",
     ("Arteriovenous malformation", "Hypertensive haemorrhage", "Cerebral amyloid angiopathy"), None),
    ("Medicine", "Respiratory", "The gold-standard investigation for obstructive sleep apnoea is:", "Polysomnography",
     ("Spirometry", "Overnight pulse oximetry", "Epworth sleepiness scale"), None),
    ("Medicine", "Infectious diseases", "The WHO-recommended treatment for uncomplicated falciparum malaria is:", "Artemisinin-based combination therapy",
     ("Chloroquine", "Primaquine alone", "Mefloquine monotherapy"), None),
    ("Medicine", "Rheumatology", "Anti-double-stranded DNA antibodies are most specific for:", "Systemic lupus erythematosus",
     ("Rheumatoid arthritis", "Systemic sclerosis", "Sjögren syndrome"), None),
    ("Medicine", "Cardiology", "Which ECG finding is characteristic of hyperkalaemia?", "Peaked T waves",
     ("Prominent U waves", "Delta waves", "Osborn (J) waves"), None),
    ("Medicine", "Endocrinology", "A recommended screening test for Cushing syndrome is the:", "Overnight 1-mg dexamethasone suppression test",
     ("Short Synacthen test", "Serum ACTH alone", "Water deprivation test"), None),
    ("Medicine", "Nephrology", "Red blood cell casts in the urine indicate:", "Glomerulonephritis",
     ("Acute tubular necrosis", "Pyelonephritis", "Nephrolithiasis"),
     "White cell casts suggest pyelonephritis, and muddy-brown granular casts suggest acute tubular necrosis."),
    ("Medicine", "Haematology", "Target cells are classically seen in:", "Thalassaemia",
     ("Hereditary spherocytosis", "Autoimmune haemolytic anaemia", "Microangiopathic haemolytic anaemia"), None),
    ("Medicine", "Gastroenterology", "The most common cause of upper gastrointestinal bleeding is:", "Peptic ulcer disease",
     ("Mallory-Weiss tear", "Gastric carcinoma", "Dieulafoy lesion"), None),
    # Pediatrics
    ("Pediatrics", "Growth", "A healthy infant usually doubles the birth weight by about:", "5 months",
     ("2 months", "9 months", "12 months"), "Birth weight doubles by about 5 months and triples by 1 year."),
    ("Pediatrics", "Development", "A social smile usually appears by the age of:", "6 to 8 weeks",
     ("2 weeks", "4 months", "6 months"), None),
    ("Pediatrics", "Neonatology", "Physiological jaundice in a term newborn typically first appears:", "After 24 hours of life",
     ("Within the first 24 hours", "After 3 weeks", "Only in breastfed infants"),
     "Jaundice appearing within the first 24 hours is always considered pathological."),
    ("Pediatrics", "Infectious diseases", "Fever for more than 5 days with bilateral non-purulent conjunctivitis, strawberry tongue, and swollen hands in a toddler suggests:", "Kawasaki disease",
     ("Scarlet fever", "Measles", "Infectious mononucleosis"), None),
    ("Pediatrics", "Genetics", "The most common mechanism of Down syndrome is:", "Meiotic non-disjunction producing trisomy 21",
     ("Robertsonian translocation", "Mosaicism", "Uniparental disomy"), None),
    ("Pediatrics", "Neonatology", "Respiratory distress syndrome due to surfactant deficiency mainly affects:", "Preterm infants",
     ("Post-term infants", "Infants of hypothyroid mothers", "Term infants born vaginally"), None),
    ("Pediatrics", "Nutrition", "The WHO recommends exclusive breastfeeding for the first:", "6 months",
     ("3 months", "4 months", "12 months"), None),
    ("Pediatrics", "Respiratory", "The most common cause of bronchiolitis in infants is:", "Respiratory syncytial virus",
     ("Parainfluenza virus", "Adenovirus", "Influenza B virus"), None),
    ("Pediatrics", "Cardiology", "The most common congenital heart defect (excluding bicuspid aortic valve) is:", "Ventricular septal defect",
     ("Atrial septal defect", "Tetralogy of Fallot", "Patent ductus arteriosus"), None),
    ("Pediatrics", "Gastroenterology", "Projectile non-bilious vomiting in a 4-week-old boy with a palpable olive-shaped epigastric mass suggests:", "Hypertrophic pyloric stenosis",
     ("Duodenal atresia", "Malrotation with volvulus", "Intussusception"), None),
    # Gynaecology & Obstetrics
    ("Gynaecology & Obstetrics", "Obstetrics", "The drug of choice for preventing and treating eclamptic seizures is:", "Magnesium sulfate",
     ("Phenytoin", "Diazepam", "Levetiracetam"), None),
    ("Gynaecology & Obstetrics", "Obstetrics", "Periconceptional folic acid supplementation reduces the risk of:", "Neural tube defects",
     ("Cleft palate", "Congenital heart block", "Down syndrome"), None),
    ("Gynaecology & Obstetrics", "Obstetrics", "The most common cause of primary postpartum haemorrhage is:", "Uterine atony",
     ("Retained placenta", "Genital tract trauma", "Coagulopathy"), None),
    ("Gynaecology & Obstetrics", "Gynaecology", "The most common benign tumour of the uterus is the:", "Leiomyoma",
     ("Adenomyoma", "Endometrial polyp", "Mature teratoma"), None),
    ("Gynaecology & Obstetrics", "Obstetrics", "A standard urine pregnancy test detects:", "Human chorionic gonadotropin",
     ("Human placental lactogen", "Progesterone", "Oestriol"), None),
    ("Gynaecology & Obstetrics", "Gynaecology", "The human papillomavirus types most strongly associated with cervical cancer are:", "Types 16 and 18",
     ("Types 6 and 11", "Types 1 and 2", "Types 3 and 10"), None),
    ("Gynaecology & Obstetrics", "Obstetrics", "Anti-D immunoglobulin is given to:", "Rh-negative unsensitised women carrying an Rh-positive fetus",
     ("Rh-positive women carrying an Rh-negative fetus", "All primigravidae regardless of blood group", "Rh-negative women who are already sensitised"), None),
    ("Gynaecology & Obstetrics", "Gynaecology", "The first-line drug for ovulation induction in polycystic ovary syndrome is now:", "Letrozole",
     ("Bromocriptine", "Danazol", "Mifepristone"), None),
    ("Gynaecology & Obstetrics", "Obstetrics", "Gestational diabetes is usually screened for with an oral glucose tolerance test at:", "24 to 28 weeks of gestation",
     ("8 to 10 weeks of gestation", "36 to 38 weeks of gestation", "6 weeks after delivery"), None),
    ("Gynaecology & Obstetrics", "Gynaecology", "'Chocolate cysts' of the ovary are seen in:", "Endometriosis",
     ("Polycystic ovary syndrome", "Dermoid cyst", "Serous cystadenoma"), None),
    ("Gynaecology & Obstetrics", "Obstetrics", "Fetal lie describes the relationship of the long axis of the fetus to the:", "Long axis of the mother",
     ("Maternal pelvic inlet", "Fetal head", "Placenta"), None),
    ("Gynaecology & Obstetrics", "Gynaecology", "Which is an absolute contraindication to combined oral contraceptive pills?", "Migraine with aura",
     ("Dysmenorrhoea", "Acne", "Irregular menses"), None),
    # Surgery
    ("Surgery", "Trauma", "In the primary survey of a trauma patient, the first priority is:", "Airway with cervical spine protection",
     ("Breathing and ventilation", "Circulation with haemorrhage control", "Disability"), None),
    ("Surgery", "Burns", "By the rule of nines, one entire upper limb of an adult represents what percentage of body surface area?", "9%",
     ("18%", "4.5%", "1%"), None),
    ("Surgery", "Hepatobiliary", "Charcot's triad consists of fever, right upper quadrant pain, and:", "Jaundice",
     ("Hypotension", "Confusion", "Vomiting"), "Reynolds' pentad adds hypotension and confusion."),
    ("Surgery", "Vascular", "The most common site of an atherosclerotic aneurysm is the:", "Infrarenal abdominal aorta",
     ("Thoracic aorta", "Popliteal artery", "Splenic artery"), None),
    ("Surgery", "Breast", "The most common cause of a discrete, mobile, painless breast lump in a 20-year-old woman is:", "Fibroadenoma",
     ("Invasive ductal carcinoma", "Breast abscess", "Fat necrosis"), None),
    ("Surgery", "Urology", "Suspected testicular torsion should ideally be explored surgically within:", "6 hours of onset",
     ("24 hours of onset", "48 hours of onset", "1 week of onset"), None),
    ("Surgery", "Fluids", "Which intravenous fluid is isotonic with plasma?", "0.9% sodium chloride",
     ("3% sodium chloride", "0.45% sodium chloride", "10% dextrose"), None),
    ("Surgery", "Gastrointestinal", "Gas under the diaphragm on an erect chest x-ray most strongly suggests:", "Perforation of a hollow viscus",
     ("Acute pancreatitis", "Small bowel obstruction", "Acute cholecystitis"), None),
    # Ophthalmology
    ("Ophthalmology", "Cornea", "Dendritic corneal ulcers are characteristic of:", "Herpes simplex keratitis",
     ("Fungal keratitis", "Acanthamoeba keratitis", "Pseudomonas keratitis"), None),
    ("Ophthalmology", "Retina", "A cherry-red spot at the macula is seen in:", "Central retinal artery occlusion",
     ("Central retinal vein occlusion", "Retinal detachment", "Diabetic retinopathy"), None),
    ("Ophthalmology", "Glaucoma", "Which drug class lowers intraocular pressure mainly by increasing uveoscleral outflow?", "Prostaglandin analogues",
     ("Beta-blockers", "Carbonic anhydrase inhibitors", "Osmotic agents"), None),
    ("Ophthalmology", "Paediatric ophthalmology", "Leukocoria in a young child should first raise suspicion of:", "Retinoblastoma",
     ("Congenital glaucoma", "Allergic conjunctivitis", "Refractive error"), None),
    ("Ophthalmology", "Neuro-ophthalmology", "A relative afferent pupillary defect is best elicited by the:", "Swinging flashlight test",
     ("Cover-uncover test", "Schirmer test", "Confrontation visual field test"), None),
    # ENT
    ("ENT", "Ear", "A negative Rinne test in the left ear with Weber lateralising to the left indicates:", "Conductive hearing loss in the left ear",
     ("Sensorineural hearing loss in the left ear", "Normal hearing", "Conductive hearing loss in the right ear"), None),
    ("ENT", "Nose", "The most common site of anterior epistaxis is:", "Little's area (Kiesselbach plexus)",
     ("Woodruff plexus", "Inferior turbinate", "Middle meatus"), None),
    ("ENT", "Ear", "Cholesteatoma is best described as:", "Keratinising squamous epithelium trapped in the middle ear",
     ("A benign neoplasm of cholesterol crystals", "A malignant tumour of the ear canal", "A vascular tumour of the middle ear"), None),
    ("ENT", "Larynx", "The most common benign vocal cord lesion in professional voice users is:", "Vocal nodules",
     ("Laryngeal papilloma", "Laryngeal carcinoma", "Vocal cord palsy"), None),
    ("ENT", "Head and neck", "Which nerve is most at risk during parotid surgery?", "Facial nerve",
     ("Hypoglossal nerve", "Glossopharyngeal nerve", "Spinal accessory nerve"), None),
    # Social & Preventive Medicine
    ("Social & Preventive Medicine", "Epidemiology", "Incidence is defined as the number of:", "New cases occurring in a population during a specified period",
     ("Existing cases at a point in time", "Deaths from a disease in a year", "Cases per hospital admission"), None),
    ("Social & Preventive Medicine", "Biostatistics", "The sensitivity of a test is the proportion of:", "People with the disease who test positive",
     ("People without the disease who test negative", "Positive tests that are true positives", "All tests that give a correct result"), None),
    ("Social & Preventive Medicine", "Immunisation", "Which of the following is a live attenuated vaccine?", "MMR",
     ("Tetanus toxoid", "Hepatitis B vaccine", "Inactivated polio vaccine"), None),
    ("Social & Preventive Medicine", "Epidemiology", "A study that compares people with a disease to people without it and looks back at past exposures is a:", "Case-control study",
     ("Cohort study", "Randomised controlled trial", "Cross-sectional survey"), None),
    ("Social & Preventive Medicine", "Nutrition", "Night blindness is an early sign of deficiency of:", "Vitamin A",
     ("Vitamin B2", "Vitamin E", "Vitamin K"), None),
    ("Social & Preventive Medicine", "Biostatistics", "In a positively skewed distribution:", "The mean is greater than the median",
     ("The mean equals the median", "The median is greater than the mean", "The mode is greater than the mean"), None),
    # Forensic Medicine
    ("Forensic Medicine", "Toxicology", "Cherry-red postmortem lividity is characteristic of poisoning with:", "Carbon monoxide",
     ("Organophosphates", "Arsenic", "Opium"), None),
    ("Forensic Medicine", "Toxicology", "Pinpoint pupils are typical of poisoning with:", "Opioids",
     ("Atropine", "Cocaine", "Amphetamines"), None),
    ("Forensic Medicine", "Toxicology", "A garlic odour of the breath is characteristic of poisoning with:", "Arsenic",
     ("Cyanide", "Carbon monoxide", "Methanol"), None),
    # Dental
    ("Dental", "Dental anatomy", "A complete adult permanent dentition has how many teeth?", "32",
     ("20", "28", "36"), None),
    ("Dental", "Preventive dentistry", "Fluoride prevents dental caries mainly by:", "Forming fluorapatite, which resists acid dissolution",
     ("Killing all oral bacteria", "Increasing saliva production", "Hardening the dental pulp"), None),
    ("Dental", "Oral surgery", "Dry socket (alveolar osteitis) most commonly follows extraction of a:", "Mandibular third molar",
     ("Maxillary central incisor", "Maxillary canine", "Mandibular first premolar"), None),
]


# =============================================================================================
# English helpers
# =============================================================================================

def _edit_en_case(text: str, rng: random.Random) -> str | None:
    lowered = text.lower()
    return lowered if lowered != text else None


def _edit_en_punctuation(text: str, rng: random.Random) -> str | None:
    if text.endswith("?"):
        return text + "?"
    if text.endswith("."):
        return text[:-1]
    return text + "."


EN_EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "case": _edit_en_case, "punctuation": _edit_en_punctuation, "whitespace": _edit_whitespace,
}

_NUMBER_SLOT = re.compile(r"\{([TRF]):([\d.]+)-([\d.]+)\}")


def fill_vignette(text: str, rng: random.Random, sex: str) -> str:
    """Resolve pronoun slots and {R:a-b} / {F:a-b} / {T:a-b} number slots in vignette text."""
    def number(m: re.Match[str]) -> str:
        kind, lo, hi = m.group(1), m.group(2), m.group(3)
        if kind == "R":
            return str(rng.randint(int(lo), int(hi)))
        if kind == "F":
            decimals = len(lo.split(".")[1]) if "." in lo else 1
            return f"{rng.uniform(float(lo), float(hi)):.{decimals}f}"
        celsius = round(rng.uniform(float(lo), float(hi)), 1)
        return f"{celsius:.1f}°C ({celsius * 9 / 5 + 32:.1f}°F)"
    text = _NUMBER_SLOT.sub(number, text)
    male = sex == "M"
    for slot, (m_word, f_word) in {"{he}": ("he", "she"), "{He}": ("He", "She"), "{his}": ("his", "her"),
                                   "{His}": ("His", "Her"), "{him}": ("him", "her")}.items():
        text = text.replace(slot, m_word if male else f_word)
    return text


def truncated(fraction: float, record: Callable[[Row, int], Any]) -> Callable[[Row, int], str]:
    """A renderer for a JSONL line cut off part-way through its object (never valid JSON)."""
    def render(row: Row, n: int) -> str:
        full = json.dumps(record(row, n), ensure_ascii=False)
        return full[: max(10, int(len(full) * fraction))].rstrip("\\")
    return render


def take_distinct(candidates: Iterable[tuple[Any, str]], guard: DistinctnessGuard, need: int, label: str) -> list[Row]:
    rows: list[Row] = []
    for data, text in candidates:
        if len(rows) == need:
            break
        if guard.admit(text):
            rows.append(Row(data))
    if len(rows) < need:
        raise RuntimeError(f"{label}: only {len(rows)} distinct items for {need} rows")
    return rows


# =============================================================================================
# Builder: med42_alpaca_sample.jsonl
# =============================================================================================

ALPACA_PROMPTS = {
    "features": ("What are the typical clinical features of {name}?", "Describe the presenting symptoms and signs of {name}.",
                 "How does {name} usually present?", "List the key clinical features of {name}."),
    "workup": ("How is {name} diagnosed?", "Outline the diagnostic work-up for suspected {name}.",
               "What investigations are used to confirm {name}?", "Describe the diagnostic approach to a patient with suspected {name}."),
    "management": ("Outline the management of {name}.", "How should {name} be treated?",
                   "What is the recommended treatment approach for {name}?", "Summarise the initial and long-term management of {name}."),
    "mechanism": ("Explain the mechanism of action of {name}.", "How does {name} work?", "Describe the pharmacology of {name}, a {cls}."),
    "adverse": ("What are the main adverse effects of {name}?", "List the common and serious side effects of {name}.",
                "Which adverse effects should be monitored in a patient taking {name}?"),
}


def alpaca_text(data: dict[str, Any]) -> str:
    return "\n".join(str(data.get(k, "")) for k in ("instruction", "input", "output"))


def alpaca_items(rng: random.Random) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for c in CONDITIONS:
        if not c.features:
            continue
        for kind in ("features", "workup", "management"):
            prompt = rng.choice(ALPACA_PROMPTS[kind]).format(name=c.name)
            items.append({"instruction": prompt[0].upper() + prompt[1:], "input": "", "output": getattr(c, kind)})
    for d in DRUGS:
        for kind in ("mechanism", "adverse"):
            items.append({"instruction": rng.choice(ALPACA_PROMPTS[kind]).format(name=d.name, cls=d.cls), "input": "",
                          "output": getattr(d, kind)})
    for lab_input, interpretation in LAB_CASES:
        items.append({"instruction": rng.choice(LAB_PROMPTS), "input": lab_input, "output": interpretation})
    for instruction, extra, output in ALPACA_GENERAL:
        items.append({"instruction": instruction, "input": extra, "output": output})
    rng.shuffle(items)
    return items


def build_alpaca(rng: random.Random, guard: DistinctnessGuard) -> list[Row]:
    n_exact, n_near = 3, 3
    items = alpaca_items(rng)
    rows = take_distinct(((d, alpaca_text(d)) for d in items), guard, N_ALPACA - n_exact - n_near, ALPACA)
    def malformed(row: Row) -> None:
        row.case, row.quarantine, row.note = "malformed", (None, "malformed_json"), "JSON object cut off after 60% of its characters"
        row.raw = truncated(0.6, lambda r, n: r.data)

    def missing(row: Row) -> None:
        del row.data["instruction"]
        row.case, row.quarantine, row.note = "missing_field", ("instruction", "missing"), "no `instruction` key"

    def empty(row: Row) -> None:
        row.data["output"] = ""
        row.case, row.quarantine, row.note = "empty_answer", ("output", "empty"), "empty output"

    plant_roles(rng, rows, [malformed, missing, empty, empty])
    plant_exact_duplicates(rng, rows, n_exact)
    plans = [[("instruction", "case")], [("output", "whitespace")], [("instruction", "punctuation"), ("output", "whitespace")]]
    plant_near_duplicates(rng, rows, plans, EN_EDITS, alpaca_text, pred=lambda r: "instruction" in r.data,
                          label=lambda plan: "+".join(k for _, k in plan))
    return rows


def render_alpaca(rows: list[Row]) -> bytes:
    return render_jsonl(rows, lambda r, n: r.data)


# =============================================================================================
# Builder: med42_chat_sample.jsonl
# =============================================================================================

CHAT_OPENERS = ("", "", "", "Hi. ", "Hello! ", "Hi there. ")
CHAT_A_SUFFIXES = ("", " What could it be?", " Should I be worried?", " What should I do?")
CHAT_FOLLOW_RED = ("When should I be worried?", "What signs would mean I need urgent help?",
                   "Is there anything that means I should go to hospital straight away?", "OK, thanks. What should make me seek help sooner?")
CHAT_FOLLOW_HOME = ("What can I do at home to help?", "Is there anything I can do myself in the meantime?", "Thanks. How can I look after myself?")
CHAT_B_TEMPLATES = ("I was recently diagnosed with {lay}. What can I do to help myself?",
                    "My doctor says I have {lay}. Is there anything I can do at home?",
                    "I've just been told I have {lay}. Any self-care tips?")
CHAT_DRUG_TEMPLATES = ("I've just been prescribed {name} for {use}. Is there anything I should know?",
                       "My doctor started me on {name} for {use}. How should I take it?",
                       "I'm starting {name} for {use} tomorrow. Any advice?")
CHAT_DRUG_FOLLOW = ("Can I take it with other medicines or drink alcohol?", "Does it interact with anything?",
                    "Is there anything I should avoid while taking it?")
# lay_q describes someone else, so a follow-up about home care for the asker would not fit.
THIRD_PERSON = {"stemi", "dka", "stroke", "parkinson", "meningitis", "acg", "anaphylaxis", "aom", "strep", "bronchiolitis"}


def chat_text(data: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content", "")) for m in data["messages"])


def _conversation(rng: random.Random, turns: list[tuple[str, str]]) -> dict[str, Any]:
    messages: list[dict[str, str]] = []
    if rng.random() < 0.4:
        messages.append({"role": "system", "content": rng.choice(CHAT_SYSTEM_PROMPTS)})
    for user, assistant in turns:
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    return {"messages": messages}


def chat_items(rng: random.Random) -> list[dict[str, Any]]:
    convs: list[dict[str, Any]] = []
    for c in CONDITIONS:
        if not c.lay_q:
            continue
        a_turn = (rng.choice(CHAT_OPENERS) + c.lay_q + rng.choice(CHAT_A_SUFFIXES), c.lay_explain)
        b_turn = (c.lay_b or rng.choice(CHAT_B_TEMPLATES).format(lay=c.lay), c.self_care)
        red = (rng.choice(CHAT_FOLLOW_RED), c.lay_red_flags)
        patterns = ["A2+B1", "A1+B2", "A1+B1", "A2", "B2"] + ([] if c.key in THIRD_PERSON else ["AB", "AB"])
        pattern = rng.choice(patterns)
        if pattern == "AB":
            convs.append(_conversation(rng, [a_turn, (rng.choice(CHAT_FOLLOW_HOME), c.self_care), red]))
            continue
        for part in pattern.split("+"):
            first = a_turn if part[0] == "A" else b_turn
            convs.append(_conversation(rng, [first, red] if part[1] == "2" else [first]))
    for d in DRUGS:
        turns = [(rng.choice(CHAT_DRUG_TEMPLATES).format(name=d.name, use=d.use), d.counselling)]
        if rng.random() < 0.5:
            turns.append((rng.choice(CHAT_DRUG_FOLLOW), d.interactions))
        convs.append(_conversation(rng, turns))
    for question, answer in CHAT_GENERAL:
        convs.append(_conversation(rng, [(question, answer)]))
    rng.shuffle(convs)
    return convs


def build_chat(rng: random.Random, guard: DistinctnessGuard) -> list[Row]:
    n_exact = 2
    rows = take_distinct(((c, chat_text(c)) for c in chat_items(rng)), guard, N_CHAT - n_exact, CHAT)

    def assistant_turns(r: Row) -> list[int]:
        return [i for i, m in enumerate(r.data["messages"]) if m["role"] == "assistant"]

    for row in choose(rng, rows, 1, lambda r: len(assistant_turns(r)) >= 2):
        i = assistant_turns(row)[0]
        row.data["messages"][i]["role"] = "doctor"
        row.case, row.quarantine = "invalid", (f"messages[{i}].role", "invalid")
        row.note = f"messages[{i}] has role \"doctor\" (not system/user/assistant)"
    for row in choose(rng, rows, 1, lambda r: len(assistant_turns(r)) == 1):
        row.data["messages"] = [m for m in row.data["messages"] if m["role"] != "assistant"]
        row.case, row.quarantine, row.note = "invalid", ("messages", "invalid"), "no assistant turn"
    for row in choose(rng, rows, 1, lambda r: len(assistant_turns(r)) >= 2):
        i = assistant_turns(row)[-1]
        row.data["messages"][i]["content"] = ""
        row.case, row.quarantine = "empty_answer", (f"messages[{i}].content", "empty")
        row.note = f"messages[{i}] (assistant) has empty content"
    plant_exact_duplicates(rng, rows, n_exact, copy=lambda d: json.loads(json.dumps(d)))
    return rows


def render_chat(rows: list[Row]) -> bytes:
    return render_jsonl(rows, lambda r, n: r.data)


# =============================================================================================
# Builder: medqa_sample.jsonl
# =============================================================================================

MEDQA_DX_QUESTIONS = ("Which of the following is the most likely diagnosis?",
                      "Which of the following is the most likely cause of this patient's symptoms?")
MEDQA_TX_QUESTIONS = ("Which of the following is the most appropriate next step in management?",
                      "Which of the following is the most appropriate management at this time?")
LETTERS = "ABCDE"


def vignette(c: Condition, kind: str, rng: random.Random) -> str:
    sex = rng.choice(c.sexes)
    age = rng.randint(*c.ages)
    if c.months:
        who = f"{age}-month-old {'boy' if sex == 'M' else 'girl'}"
    elif age < 18:
        who = f"{age}-year-old {'boy' if sex == 'M' else 'girl'}"
    else:
        who = f"{age}-year-old {'man' if sex == 'M' else 'woman'}"
    complaint = c.complaints[0] if kind == "dx" else c.complaints[1]
    place = "emergency department" if c.acute else "physician"
    if c.child:
        parent = rng.choice(["{his} mother", "{his} father", "{his} parents"])
        intro = f"A {who} is brought to the {place} by {parent} {complaint}."
    elif c.acute:
        intro = f"A {who} {rng.choice(['comes to', 'is brought to'])} the emergency department {complaint}."
    else:
        intro = f"A {who} comes to {rng.choice(['the physician', 'the office', 'the clinic'])} {complaint}."
    findings = c.findings[0:4] if kind == "dx" else c.findings[3:6]
    question = rng.choice(MEDQA_DX_QUESTIONS if kind == "dx" else MEDQA_TX_QUESTIONS)
    return fill_vignette(" ".join([intro, *findings, question]), rng, sex)


def medqa_text(data: dict[str, Any]) -> str:
    options = data["options"].values() if isinstance(data["options"], dict) else data["options"]
    return data["question"] + "\n" + "\n".join(options)


def medqa_items(rng: random.Random) -> list[dict[str, Any]]:
    items = []
    for c in CONDITIONS:
        for kind in ("dx", "tx"):
            correct, wrong = (c.dx, c.dx_wrong) if kind == "dx" else (c.tx, c.tx_wrong)
            choices = [correct, *wrong]
            rng.shuffle(choices)
            options = dict(zip(LETTERS, choices))
            answer_idx = LETTERS[choices.index(correct)]
            items.append({"question": vignette(c, kind, rng), "options": options, "answer_idx": answer_idx,
                          "answer": correct, "meta_info": "step1" if kind == "dx" else "step2&3"})
    rng.shuffle(items)
    return items


def build_medqa(rng: random.Random, guard: DistinctnessGuard) -> list[Row]:
    n_exact = 1
    rows = take_distinct(((d, medqa_text(d)) for d in medqa_items(rng)), guard, N_MEDQA - n_exact, MEDQA)
    def bad_key(row: Row) -> None:
        row.data["answer_idx"] = "F"
        row.case, row.quarantine, row.note = "invalid", ("answer_idx", "invalid"), 'answer_idx "F" is not among the options A-E'

    def options_list(row: Row) -> None:
        row.data["options"] = list(row.data["options"].values())
        row.case, row.quarantine, row.note = "wrong_type", ("options", "wrong_type"), "options is a list, not a letter -> text object"

    plant_roles(rng, rows, [bad_key, options_list])
    plant_exact_duplicates(rng, rows, n_exact, copy=lambda d: json.loads(json.dumps(d)))
    return rows


def render_medqa(rows: list[Row]) -> bytes:
    return render_jsonl(rows, lambda r, n: r.data)


# =============================================================================================
# Builder: medmcqa_sample.parquet
# =============================================================================================

MEDMCQA_SCHEMA = pa.schema([
    ("id", pa.string()), ("question", pa.string()), ("opa", pa.string()), ("opb", pa.string()),
    ("opc", pa.string()), ("opd", pa.string()), ("cop", pa.int64()), ("choice_type", pa.string()),
    ("exp", pa.string()), ("subject_name", pa.string()), ("topic_name", pa.string()),
])


def medmcqa_text(data: dict[str, Any]) -> str:
    return "\n".join([data["question"], data["opa"], data["opb"], data["opc"], data["opd"]])


def new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def medmcqa_items(rng: random.Random) -> list[dict[str, Any]]:
    items = []
    for subject, topic, question, correct, wrong, explanation in MCQS:
        options = [correct, *wrong]
        rng.shuffle(options)
        items.append({"id": new_id(rng), "question": question, "opa": options[0], "opb": options[1],
                      "opc": options[2], "opd": options[3], "cop": options.index(correct), "choice_type": "single",
                      "exp": explanation, "subject_name": subject, "topic_name": None if rng.random() < 0.15 else topic})
    rng.shuffle(items)
    return items


def build_medmcqa(rng: random.Random, guard: DistinctnessGuard) -> list[Row]:
    n_exact = 2
    rows = take_distinct(((d, medmcqa_text(d)) for d in medmcqa_items(rng)), guard, N_MEDMCQA - n_exact, MEDMCQA)
    def cop_out_of_range(row: Row) -> None:
        row.data["cop"] = 7
        row.case, row.quarantine, row.note = "invalid", ("cop", "invalid"), "cop = 7 (not an option index 0-3)"

    def cop_null(row: Row) -> None:
        row.data["cop"] = None
        row.case, row.quarantine, row.note = "invalid", ("cop", "empty"), "cop is null (no answer key)"

    def empty_opc(row: Row) -> None:
        row.data["opc"] = ""
        row.case, row.quarantine, row.note = "empty_option", ("opc", "empty"), "opc is an empty string (the answer is another option)"

    plant_roles(rng, rows, [cop_out_of_range, cop_null, empty_opc], pred=lambda r: r.data["cop"] != 2)
    plant_exact_duplicates(rng, rows, n_exact, copy=lambda d: {**d, "id": new_id(rng)},
                           note="exact duplicate of row {ref} (same question, options, answer and explanation; new id)")
    return rows


def render_medmcqa(rows: list[Row]) -> bytes:
    table = pa.Table.from_pylist([r.data for r in rows], schema=MEDMCQA_SCHEMA)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", store_schema=True)
    return sink.getvalue().to_pybytes()


# =============================================================================================
# The files, in build order
# =============================================================================================

@dataclass(frozen=True)
class FileSpec:
    name: str
    imitates: str
    fmt: str                       # csv / jsonl / parquet
    language: str
    render: Callable[[list[Row]], bytes]
    about: str                     # README paragraph; {rows} and {planted} are filled in


FILE_SPECS: list[FileSpec] = [
    FileSpec(AHQAD, "AHQAD", "csv", "ar", render_ahqad,
             "Imitates **AHQAD** (Arabic Healthcare Question-Answer Dataset) as pandas writes it: a UTF-8 CSV whose header is "
             "`,Question,Answer,Category` (an unnamed index column, values 0..N-1), patient questions in Modern Standard Arabic "
             "with Gulf/Levantine colloquial phrasing, doctor answers of one to six sentences, and Arabic specialty names as "
             "categories ({n_specialties} specialties, {n_topics} topics, {n_stems} question stems). {rows} data rows, {planted} of them planted."),
    FileSpec(CIDAR, "CIDAR", "jsonl", "ar", render_cidar,
             "Imitates **CIDAR** (Arabic instruction tuning): one JSON object per line, `{{\"instruction\", \"output\", \"index\"}}`, "
             "mixing explanations, summaries, writing tasks, word translation, grammar and spelling, general knowledge, "
             "arithmetic and health questions. Translation items contain single English words by design (at most 2 in a row); "
             "they are not residual English. {rows} lines, {planted} planted."),
    FileSpec(ALPACA, "Med42-v2 public mix: alpaca-style instructions", "jsonl", "en", render_alpaca,
             "Imitates the **alpaca-style** English medical instructions of the public parts of **Med42-v2**'s training mix: "
             "`{{\"instruction\", \"input\", \"output\"}}`, with `input` usually empty and sometimes a laboratory panel or a case "
             "detail (clinical features, work-up and management of {n_alpaca_conditions} conditions, pharmacology of {n_drugs} drugs, "
             "{n_labs} laboratory interpretations, general clinical skills). {rows} lines, {planted} planted."),
    FileSpec(CHAT, "Med42-v2 public mix: chat", "jsonl", "en", render_chat,
             "Imitates **chat** data of the Med42-v2 public mix: `{{\"messages\": [{{\"role\": \"system\"|\"user\"|\"assistant\", "
             "\"content\"}}]}}`, single-turn and multi-turn (up to 3 user turns), some with a system prompt: patients describing "
             "symptoms, living with a diagnosis, starting a medicine, and general health questions. {rows} lines, {planted} planted."),
    FileSpec(MEDQA, "MedQA (USMLE)", "jsonl", "en", render_medqa,
             "Imitates **MedQA** (USMLE-style): `{{\"question\": <clinical vignette>, \"options\": {{\"A\"..\"E\"}}, \"answer_idx\", "
             "\"answer\", \"meta_info\": \"step1\"|\"step2&3\"}}`, a diagnosis vignette (step1) and a management vignette "
             "(step2&3) for each of {n_conditions} conditions, with plausible distractors and randomised ages, sexes and vital signs. "
             "{rows} lines, {planted} planted."),
    FileSpec(MEDMCQA, "MedMCQA", "parquet", "en", render_medmcqa,
             "Imitates **MedMCQA** (Indian medical entrance exam MCQs), written with pyarrow: `id` (uuid string), `question`, "
             "`opa`..`opd`, `cop` (int64, 0-based index of the correct option), `choice_type` (\"single\"), `exp` (string or "
             "null), `subject_name`, `topic_name` (string or null), across {n_subjects} subjects. {rows} rows, {planted} planted."),
    FileSpec(CLINIC, "a user's own Q&A export", "csv", "ar", render_clinic,
             "A (fictional) clinic's own patient-portal export, to exercise the generic column-mapping adapter: header "
             "`رقم,السؤال,الإجابة,التخصص,تاريخ` (id, question, answer, specialty, date), Arabic, written in the voice of "
             "\"" + CLINIC_NAME + "\" (family medicine, nutrition, infectious disease, vaccination, internal medicine, "
             "women's health, paediatrics). {rows} data rows, {planted} planted."),
]

CASE_GLOSSARY = {
    "exact_duplicate": "same content as an earlier row (`duplicate_of`); only the row's own id/index (and date) differ",
    "near_duplicate": "a copy of an earlier row (`original`) with small edits (`edit`): diacritics, hamza/ta marbuta/alef maqsura "
                      "spelling, tatweel, punctuation, spacing, letter case, or a synonym; `similarity` is the normalised "
                      "character 5-gram Jaccard with the original",
    "residual_english": "an Arabic answer containing a whole English sentence or clause",
    "empty_answer": "the answer/output (for chat: one assistant message) is an empty string",
    "empty_question": "the question is an empty string",
    "empty_option": "one of the options is an empty string",
    "malformed": "the row cannot be parsed: wrong number of CSV fields, or a JSON object cut off part-way",
    "missing_field": "a required key is absent",
    "wrong_type": "a field has the wrong type (a non-numeric string index; options as a list)",
    "invalid": "well-formed but fails validation (a role that is not system/user/assistant, no assistant turn, "
               "an answer key outside the options, a null answer key)",
}
NUMBERING = {
    "csv": "data row 1 is the first line after the header (physical line 2); no field contains a line break, so data row n is physical line n + 1",
    "jsonl": "line 1 is the first line of the file",
    "parquet": "row 1 is the first row",
}


def build_rows() -> dict[str, list[Row]]:
    """Every file's rows with their planted cases; random state derives only from SEED."""
    master = random.Random(SEED)
    seeds = {spec.name: master.getrandbits(64) for spec in FILE_SPECS}
    ar_guard, en_guard = DistinctnessGuard(SIM_LIMIT), DistinctnessGuard(SIM_LIMIT)
    ar_questions = DistinctnessGuard(QUESTION_SIM_LIMIT)
    rng = {name: random.Random(seed) for name, seed in seeds.items()}
    return {
        AHQAD: build_ahqad(rng[AHQAD], ar_guard, ar_questions),
        CIDAR: build_cidar(rng[CIDAR], ar_guard),
        ALPACA: build_alpaca(rng[ALPACA], en_guard),
        CHAT: build_chat(rng[CHAT], en_guard),
        MEDQA: build_medqa(rng[MEDQA], en_guard),
        MEDMCQA: build_medmcqa(rng[MEDMCQA], en_guard),
        CLINIC: build_clinic(rng[CLINIC], ar_guard, ar_questions),
    }


# =============================================================================================
# Verification: re-read the bytes and check them against the planted record
# =============================================================================================

class VerificationError(Exception):
    pass


def _expect(label: str, observed: Iterable[int], planted: Iterable[int], problems: list[str]) -> None:
    observed, planted = sorted(set(observed)), sorted(set(planted))
    if observed != planted:
        problems.append(f"{label}: found rows {observed}, planted {planted}")


def _parse_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    text = data.decode("utf-8")
    if not text.endswith("\n") or "\r" in text:
        raise VerificationError("CSV must use \\n line endings and end with a newline")
    lines = text[:-1].split("\n")
    if sum(1 for _ in csv.reader(io.StringIO(text))) != len(lines):
        raise VerificationError("a CSV field spans lines")
    return next(csv.reader([lines[0]])), [next(csv.reader([line])) for line in lines[1:]]


def _parse_jsonl(data: bytes) -> list[Any]:
    out = []
    for line in data.decode("utf-8").rstrip("\n").split("\n"):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            out.append(None)
    return out


def _duplicates(keys: list[tuple[int, Any]]) -> dict[int, int]:
    """row -> first earlier row with the same key."""
    first: dict[Any, int] = {}
    dups: dict[int, int] = {}
    for n, key in keys:
        if key in first:
            dups[n] = first[key]
        else:
            first[key] = n
    return dups


def _check_duplicates(label: str, dups: dict[int, int], summary: dict[str, Any], problems: list[str]) -> None:
    planted = {e["row"]: e["duplicate_of"] for e in summary["cases"].get("exact_duplicate", [])}
    if dups != planted:
        problems.append(f"{label}: exact duplicates found {dups}, planted {planted}")


def _check_near(label: str, texts: dict[int, str], summary: dict[str, Any], problems: list[str]) -> None:
    for e in summary["cases"].get("near_duplicate", []):
        a, b = texts.get(e["original"]), texts.get(e["row"])
        if a is None or b is None or a == b or near_similarity(a, b) < NEAR_MIN:
            problems.append(f"{label}: near duplicate row {e['row']} is not a near copy of row {e['original']}")


def verify(outputs: dict[str, bytes], summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Check every planted case against the written bytes; returns distinctness statistics for the README."""
    problems: list[str] = []
    clean_texts: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}   # (label, text) of unplanted rows
    clean_questions: list[tuple[str, str]] = []
    for name, data in outputs.items():
        if len(data) >= MAX_FILE_BYTES:
            problems.append(f"{name}: {len(data)} bytes, limit {MAX_FILE_BYTES}")
    categories = set(AR_TOPICS)

    def planted_rows(name: str) -> set[int]:
        return {e if isinstance(e, int) else e["row"] for v in summaries[name]["cases"].values() for e in v}

    def case(name: str, key: str) -> list[int]:
        return case_rows(summaries[name], key)

    # ahqad_sample.csv
    header, rows = _parse_csv(outputs[AHQAD])
    if header != ["", "Question", "Answer", "Category"]:
        problems.append(f"{AHQAD}: header {header}")
    good = {n: r for n, r in enumerate(rows, 1) if len(r) == 4}
    _expect(f"{AHQAD} malformed", [n for n, r in enumerate(rows, 1) if len(r) != 4], case(AHQAD, "malformed"), problems)
    for n, r in enumerate(rows, 1):
        if r[0] != str(n - 1):
            problems.append(f"{AHQAD} row {n}: index {r[0]!r}")
    for n, r in good.items():
        if r[3] not in categories:
            problems.append(f"{AHQAD} row {n}: unknown category {r[3]!r}")
    _expect(f"{AHQAD} empty_answer", [n for n, r in good.items() if r[2] == ""], case(AHQAD, "empty_answer"), problems)
    _expect(f"{AHQAD} empty_question", [n for n, r in good.items() if r[1] == ""], case(AHQAD, "empty_question"), problems)
    _expect(f"{AHQAD} residual_english", [n for n, r in good.items() if latin_run(r[2]) >= 4], case(AHQAD, "residual_english"), problems)
    _check_duplicates(AHQAD, _duplicates([(n, tuple(r[1:])) for n, r in good.items()]), summaries[AHQAD], problems)
    _check_near(AHQAD, {n: f"{r[1]}\n{r[2]}" for n, r in good.items()}, summaries[AHQAD], problems)
    skip = planted_rows(AHQAD)
    for n, r in good.items():
        if n not in skip:
            if latin_run(r[2]) > 2:
                problems.append(f"{AHQAD} row {n}: unplanted answer has {latin_run(r[2])} Latin words in a row")
            clean_texts["ar"].append((f"{AHQAD}:{n}", f"{r[1]}\n{r[2]}"))
            clean_questions.append((f"{AHQAD}:{n}", r[1]))

    # cidar_sample.jsonl
    objs = _parse_jsonl(outputs[CIDAR])
    good = {n: o for n, o in enumerate(objs, 1) if isinstance(o, dict)}
    _expect(f"{CIDAR} malformed", [n for n, o in enumerate(objs, 1) if o is None], case(CIDAR, "malformed"), problems)
    _expect(f"{CIDAR} wrong_type", [n for n, o in good.items() if type(o.get("index")) is not int], case(CIDAR, "wrong_type"), problems)
    for n, o in good.items():
        if type(o.get("index")) is int and o["index"] != n - 1:
            problems.append(f"{CIDAR} line {n}: index {o['index']}")
    _expect(f"{CIDAR} empty_answer", [n for n, o in good.items() if o.get("output") == ""], case(CIDAR, "empty_answer"), problems)
    _check_duplicates(CIDAR, _duplicates([(n, (o["instruction"], o["output"])) for n, o in good.items()]), summaries[CIDAR], problems)
    _check_near(CIDAR, {n: cidar_text(o) for n, o in good.items()}, summaries[CIDAR], problems)
    skip = planted_rows(CIDAR)
    for n, o in good.items():
        if n not in skip:
            if latin_run(o["output"]) > 2:
                problems.append(f"{CIDAR} line {n}: output has {latin_run(o['output'])} Latin words in a row")
            clean_texts["ar"].append((f"{CIDAR}:{n}", cidar_text(o)))

    # med42_alpaca_sample.jsonl
    objs = _parse_jsonl(outputs[ALPACA])
    good = {n: o for n, o in enumerate(objs, 1) if isinstance(o, dict)}
    _expect(f"{ALPACA} malformed", [n for n, o in enumerate(objs, 1) if o is None], case(ALPACA, "malformed"), problems)
    _expect(f"{ALPACA} missing_field", [n for n, o in good.items() if "instruction" not in o], case(ALPACA, "missing_field"), problems)
    _expect(f"{ALPACA} empty_answer", [n for n, o in good.items() if o.get("output") == ""], case(ALPACA, "empty_answer"), problems)
    _check_duplicates(ALPACA, _duplicates([(n, (o.get("instruction"), o.get("input"), o.get("output"))) for n, o in good.items()]),
                      summaries[ALPACA], problems)
    _check_near(ALPACA, {n: alpaca_text(o) for n, o in good.items()}, summaries[ALPACA], problems)
    skip = planted_rows(ALPACA)
    clean_texts["en"] += [(f"{ALPACA}:{n}", alpaca_text(o)) for n, o in good.items() if n not in skip]

    # med42_chat_sample.jsonl
    objs = _parse_jsonl(outputs[CHAT])
    if any(o is None for o in objs):
        problems.append(f"{CHAT}: unparseable line")
    good = {n: o for n, o in enumerate(objs, 1) if isinstance(o, dict)}
    roles = {"system", "user", "assistant"}
    invalid = [n for n, o in good.items()
               if any(m.get("role") not in roles for m in o["messages"]) or not any(m.get("role") == "assistant" for m in o["messages"])]
    _expect(f"{CHAT} invalid", invalid, case(CHAT, "invalid"), problems)
    _expect(f"{CHAT} empty_answer", [n for n, o in good.items()
                                     if any(m.get("role") == "assistant" and m.get("content") == "" for m in o["messages"])],
            case(CHAT, "empty_answer"), problems)
    _check_duplicates(CHAT, _duplicates([(n, json.dumps(o, sort_keys=True)) for n, o in good.items()]), summaries[CHAT], problems)
    skip = planted_rows(CHAT)
    clean_texts["en"] += [(f"{CHAT}:{n}", chat_text(o)) for n, o in good.items() if n not in skip]

    # medqa_sample.jsonl
    objs = _parse_jsonl(outputs[MEDQA])
    if any(o is None for o in objs):
        problems.append(f"{MEDQA}: unparseable line")
    good = {n: o for n, o in enumerate(objs, 1) if isinstance(o, dict)}
    _expect(f"{MEDQA} wrong_type", [n for n, o in good.items() if not isinstance(o["options"], dict)], case(MEDQA, "wrong_type"), problems)
    _expect(f"{MEDQA} invalid", [n for n, o in good.items() if isinstance(o["options"], dict) and o["answer_idx"] not in o["options"]],
            case(MEDQA, "invalid"), problems)
    for n, o in good.items():
        if isinstance(o["options"], dict) and o["answer_idx"] in o["options"] and o["options"][o["answer_idx"]] != o["answer"]:
            problems.append(f"{MEDQA} line {n}: answer text does not match answer_idx")
    _check_duplicates(MEDQA, _duplicates([(n, json.dumps(o, sort_keys=True)) for n, o in good.items()]), summaries[MEDQA], problems)
    skip = planted_rows(MEDQA)
    clean_texts["en"] += [(f"{MEDQA}:{n}", medqa_text(o)) for n, o in good.items() if n not in skip]

    # medmcqa_sample.parquet
    table = pq.read_table(pa.BufferReader(outputs[MEDMCQA]))
    if not table.schema.equals(MEDMCQA_SCHEMA):
        problems.append(f"{MEDMCQA}: schema {table.schema}")
    recs = dict(enumerate(table.to_pylist(), 1))
    _expect(f"{MEDMCQA} invalid", [n for n, r in recs.items() if r["cop"] not in (0, 1, 2, 3)], case(MEDMCQA, "invalid"), problems)
    _expect(f"{MEDMCQA} empty_option", [n for n, r in recs.items() if "" in (r["opa"], r["opb"], r["opc"], r["opd"])],
            case(MEDMCQA, "empty_option"), problems)
    if len({r["id"] for r in recs.values()}) != len(recs) or any(r["choice_type"] != "single" for r in recs.values()):
        problems.append(f"{MEDMCQA}: ids not unique or choice_type not 'single'")
    _check_duplicates(MEDMCQA, _duplicates([(n, tuple((k, v) for k, v in r.items() if k != "id")) for n, r in recs.items()]),
                      summaries[MEDMCQA], problems)
    skip = planted_rows(MEDMCQA)
    clean_texts["en"] += [(f"{MEDMCQA}:{n}", medmcqa_text(r)) for n, r in recs.items() if n not in skip]

    # clinic_export_sample.csv
    header, rows = _parse_csv(outputs[CLINIC])
    if header != CLINIC_HEADER or any(len(r) != 5 for r in rows):
        problems.append(f"{CLINIC}: header or field count")
    rows_by_n = dict(enumerate(rows, 1))
    if [r[0] for r in rows] != [str(1000 + n) for n in rows_by_n] or [r[4] for r in rows] != sorted(r[4] for r in rows):
        problems.append(f"{CLINIC}: ids not sequential or dates not ascending")
    _expect(f"{CLINIC} empty_answer", [n for n, r in rows_by_n.items() if r[2] == ""], case(CLINIC, "empty_answer"), problems)
    _check_duplicates(CLINIC, _duplicates([(n, (r[1], r[2], r[3])) for n, r in rows_by_n.items()]), summaries[CLINIC], problems)
    skip = planted_rows(CLINIC)
    for n, r in rows_by_n.items():
        if n not in skip:
            if latin_run(r[2]) > 2:
                problems.append(f"{CLINIC} row {n}: answer has {latin_run(r[2])} Latin words in a row")
            clean_texts["ar"].append((f"{CLINIC}:{n}", f"{r[1]}\n{r[2]}"))
            clean_questions.append((f"{CLINIC}:{n}", r[1]))

    # Unplanted rows are pairwise distinct (per language), so only planted near duplicates are near duplicates.
    stats: dict[str, Any] = {}
    for language, items in clean_texts.items():
        worst, pair = _max_pairwise(items)
        stats[language] = {"records": len(items), "max_similarity": round(worst, 3), "pair": pair}
        if worst >= SIM_LIMIT:
            problems.append(f"unplanted {language} records {pair} have similarity {worst:.3f} >= {SIM_LIMIT}")
    worst, pair = _max_pairwise(clean_questions)
    stats["ar_questions"] = {"records": len(clean_questions), "max_similarity": round(worst, 3), "pair": pair}
    if worst >= QUESTION_SIM_LIMIT:
        problems.append(f"unplanted Arabic questions {pair} have similarity {worst:.3f} >= {QUESTION_SIM_LIMIT}")
    if problems:
        raise VerificationError("\n".join(problems))
    return stats


def _max_pairwise(items: list[tuple[str, str]]) -> tuple[float, tuple[str, str] | None]:
    fps = [(label, fingerprint(text)) for label, text in items]
    worst, pair = 0.0, None
    for i, (la, fa) in enumerate(fps):
        for lb, fb in fps[i + 1:]:
            s = similarity(fa, fb, floor=worst)
            if s > worst:
                worst, pair = s, (la, lb)
    return worst, pair


# =============================================================================================
# planted.json and README.md
# =============================================================================================

def planted_document(summaries: dict[str, dict[str, Any]], stats: dict[str, Any]) -> dict[str, Any]:
    files = {}
    for spec in FILE_SPECS:
        files[spec.name] = {"imitates": spec.imitates, "format": spec.fmt, "language": spec.language,
                            "numbering": NUMBERING[spec.fmt], **summaries[spec.name]}
    return {
        "generator": "scripts/make_sample_data.py",
        "seed": SEED,
        "row_numbering": NUMBERING,
        "case_keys": CASE_GLOSSARY,
        "quarantine_reasons": "reason is the first word of jisr's ingest reason: malformed_row, malformed_json, empty, missing, "
                              "wrong_type or invalid; field is null for rows that cannot be parsed at all",
        "distinctness": {"sim_limit": SIM_LIMIT, "question_sim_limit": QUESTION_SIM_LIMIT, "near_min": NEAR_MIN,
                         "measure": "max(Jaccard of character 5-grams, Jaccard of word 3-grams) after normalisation "
                                    "(NFKC, lower case, no diacritics or tatweel, folded alef/ya/ta marbuta, ASCII digits, no punctuation)",
                         "unplanted_max_similarity": {k: v["max_similarity"] for k, v in stats.items()}},
        "files": files,
    }


def _detail(entry: Any, summary: dict[str, Any], n: int) -> str:
    return summary["notes"][str(n)] + (f"; similarity {entry['similarity']}" if isinstance(entry, dict) and "similarity" in entry else "")


BANK_COUNTS = {
    "n_specialties": len(AR_TOPICS),
    "n_topics": sum(len(topics) for topics in AR_TOPICS.values()),
    "n_stems": sum(len(t.stems) for topics in AR_TOPICS.values() for t in topics),
    "n_alpaca_conditions": sum(1 for c in CONDITIONS if c.features),
    "n_conditions": len(CONDITIONS),
    "n_drugs": len(DRUGS),
    "n_labs": len(LAB_CASES),
    "n_subjects": len({m[0] for m in MCQS}),
}


def readme_text(summaries: dict[str, dict[str, Any]], stats: dict[str, Any]) -> str:
    out = ["# jisr sample corpus", "",
           "Small files shaped like the public sources jisr ingests, written for this project (original text, nothing "
           "copied from the real datasets) and used by `jisr build` when it is run without a config "
           "(see `build.yaml`). Every file plants known defects so that each branch of the main job is exercised: "
           "ingest, quarantine of malformed and invalid rows, exact and near-duplicate removal, residual English inside "
           "Arabic answers, and empty answers.", "",
           "**Do not edit these files by hand.** They are generated, byte for byte reproducibly, by "
           "`python scripts/make_sample_data.py` (seed 2501), which also writes this README and `planted.json` from the "
           "same bookkeeping that placed the defects, and re-reads the files to check them before writing. "
           "`python scripts/make_sample_data.py --check` fails if the files here differ from a fresh build.", "",
           "## Files", ""]
    for spec in FILE_SPECS:
        s = summaries[spec.name]
        out += [f"**`{spec.name}`** — " + spec.about.format(rows=s["rows"], planted=s["planted_rows"], **BANK_COUNTS), ""]
    out += ["## Row numbering", "",
            f"- CSV: {NUMBERING['csv']}.",
            f"- JSONL: {NUMBERING['jsonl']}.",
            f"- Parquet: {NUMBERING['parquet']}.",
            "", "These are the numbers jisr's readers report for quarantined rows.", "",
            "## Guarantees", "",
            f"- Unplanted records are pairwise distinct within a language across all files: the larger of the character "
            f"5-gram and word 3-gram Jaccard similarities, after normalisation, stays below {SIM_LIMIT} (largest observed: "
            f"Arabic {stats['ar']['max_similarity']}, English {stats['en']['max_similarity']}). Unplanted Arabic questions "
            f"compared on their own stay below {QUESTION_SIM_LIMIT} (largest observed: {stats['ar_questions']['max_similarity']}). "
            "So every near duplicate a detector finds should be a planted one.",
            f"- Planted near duplicates differ from their original in the bytes, with normalised character 5-gram similarity "
            f"of at least {NEAR_MIN}.",
            "- Unplanted Arabic answers contain at most 2 consecutive Latin-script words (drug names, `TSH`, `Anti-D`); planted "
            "residual-English answers contain at least 4.",
            "- Exact duplicates repeat the content of an earlier row; the row's own index/id (and, in the clinic export, date) differ.",
            "", "## Planted rows", "",
            "Machine-readable in `planted.json`: per file, `cases` lists the row numbers per case (for `exact_duplicate` and "
            "`near_duplicate`, objects naming the original row), `quarantine` what jisr's ingest should report for the row "
            "(field and reason), and `notes` a description.", "",
            "| Case | Meaning |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in CASE_GLOSSARY.items()]
    out += ["", "| File | Row | Case | Detail | At ingest |", "|---|---:|---|---|---|"]
    for spec in FILE_SPECS:
        s = summaries[spec.name]
        quarantine = {q["row"]: q for q in s["quarantine"]}
        entries = sorted(((e if isinstance(e, int) else e["row"], key, e) for key, es in s["cases"].items() for e in es),
                         key=lambda t: t[0])
        for n, key, e in entries:
            q = quarantine.get(n)
            ingest = f"quarantined ({q['field'] or 'row'}: {q['reason']})" if q else "kept, for curation"
            out.append(f"| `{spec.name}` | {n} | `{key}` | {_detail(e, s, n)} | {ingest} |")
    return "\n".join(out) + "\n"


# =============================================================================================
# Main
# =============================================================================================

def build_all() -> dict[str, bytes]:
    rows = build_rows()
    outputs = {spec.name: spec.render(rows[spec.name]) for spec in FILE_SPECS}
    summaries = {spec.name: planted_summary(rows[spec.name]) for spec in FILE_SPECS}
    stats = verify(outputs, summaries)
    document = planted_document(summaries, stats)
    outputs["planted.json"] = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    outputs["README.md"] = readme_text(summaries, stats).encode("utf-8")
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: corpus/sample)")
    parser.add_argument("--check", action="store_true", help="compare the folder with a fresh build instead of writing")
    args = parser.parse_args(argv)
    try:
        outputs = build_all()
    except VerificationError as exc:
        print(f"verification failed:\n{exc}", file=sys.stderr)
        return 2
    if args.check:
        stale = [name for name, data in outputs.items()
                 if not (args.out / name).exists() or (args.out / name).read_bytes() != data]
        for name in stale:
            print(f"differs from a fresh build: {args.out / name}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    document = json.loads(outputs["planted.json"])
    for name, data in outputs.items():
        (args.out / name).write_bytes(data)
        rows = document["files"].get(name, {}).get("rows", "")
        print(f"{name:32} {rows!s:>5} {len(data):>8} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
