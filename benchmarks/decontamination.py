"""Benchmark: decontamination recall and precision on planted contamination of every shape.

Everything is written by this script (no third-party data). Two English eval sets are registered in
a fresh catalog: PubMedQA-like items (a 150-250-word abstract + a question, yes/no/maybe) and
MedMCQA-like items (a question + four options). The catalog also gets Arabic translations of
every item's question and options, stored as `jisr translate-mcq` stores them (rows of
`generations`), and an earlier build of English records that already held some questions, kept
then because no eval set was registered yet.

The measured build reads clean records (English and Arabic, many near-topic: same drugs, diseases
and exam phrasing as the items, and clean Arabic translations linked to clean English records)
plus planted contamination of each shape:

- question: an item's question alone, with an answer that is not the item's;
- question_answer: the question and its gold answer (PubMedQA: the decision and a sentence);
- near_copy: the question with 2-3 words changed (a synonym, a dropped or inserted word), with or
  without its answer;
- mcq_shuffled: an MCQ item with its options shuffled and relettered, and the answer;
- translation: the Arabic translation of an item's question (with 0-2 words changed) and answer;
- translation_pair: an Arabic record whose `parent_id` is an earlier English record holding an item,
  its text a different Arabic wording than the catalog's translation.

Each shape is scored against the same clean records: recall = planted records dropped by
`decontaminate`, precision = those over those plus clean records dropped. `reason` is the share of a
shape's catches that got the expected drop reason.

Run: `python benchmarks/decontamination.py [--items 500] [--clean 20000] [--planted 200]`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from string import Formatter

import yaml

from jisr.build import run_build
from jisr.catalog import Catalog
from jisr.catalog.generations import record_calls
from jisr.config import load_config
from jisr.corpus.generation.templates import load_template
from jisr.curation.decontaminate import REASON, TRANSLATION_REASON
from jisr.evaluation.runner import register_sets
from jisr.evaluation.sets import SetSpec

DISEASES = [("heart failure", "قصور القلب"), ("type 2 diabetes", "السكري من النوع الثاني"),
            ("chronic kidney disease", "مرض الكلى المزمن"), ("asthma", "الربو"), ("COPD", "الانسداد الرئوي المزمن"),
            ("hypertension", "ارتفاع ضغط الدم"), ("atrial fibrillation", "الرجفان الأذيني"), ("stroke", "السكتة الدماغية"),
            ("sepsis", "الإنتان"), ("pneumonia", "الالتهاب الرئوي"), ("tuberculosis", "السل"), ("hepatitis C", "التهاب الكبد C"),
            ("cirrhosis", "تليف الكبد"), ("Crohn's disease", "داء كرون"), ("ulcerative colitis", "التهاب القولون التقرحي"),
            ("rheumatoid arthritis", "التهاب المفاصل الروماتويدي"), ("osteoporosis", "هشاشة العظام"),
            ("major depression", "الاكتئاب الشديد"), ("schizophrenia", "الفصام"), ("epilepsy", "الصرع"),
            ("migraine", "الصداع النصفي"), ("psoriasis", "الصدفية"), ("breast cancer", "سرطان الثدي"),
            ("prostate cancer", "سرطان البروستاتا"), ("colorectal cancer", "سرطان القولون والمستقيم"),
            ("lung cancer", "سرطان الرئة"), ("iron deficiency anaemia", "فقر الدم بعوز الحديد"),
            ("hypothyroidism", "قصور الغدة الدرقية"), ("obesity", "السمنة"), ("preeclampsia", "تسمم الحمل"),
            ("gestational diabetes", "سكري الحمل"), ("bronchiolitis", "التهاب القصيبات"), ("malaria", "الملاريا"),
            ("HIV infection", "عدوى فيروس نقص المناعة"), ("sickle cell disease", "فقر الدم المنجلي"),
            ("acute pancreatitis", "التهاب البنكرياس الحاد"), ("gout", "النقرس"), ("glaucoma", "الزرق"),
            ("coeliac disease", "الداء البطني"), ("endometriosis", "الانتباذ البطاني الرحمي")]
DRUGS = ["metformin", "insulin glargine", "empagliflozin", "dapagliflozin", "sitagliptin", "atorvastatin",
         "rosuvastatin", "aspirin", "clopidogrel", "warfarin", "apixaban", "rivaroxaban", "heparin", "enoxaparin",
         "amlodipine", "lisinopril", "losartan", "bisoprolol", "carvedilol", "spironolactone", "furosemide", "digoxin",
         "amiodarone", "levothyroxine", "prednisolone", "methotrexate", "adalimumab", "infliximab", "omeprazole",
         "pantoprazole", "amoxicillin", "azithromycin", "ceftriaxone", "vancomycin", "doxycycline", "ciprofloxacin",
         "fluoxetine", "sertraline", "olanzapine", "lithium", "valproate", "levetiracetam", "sumatriptan",
         "allopurinol", "colchicine", "cholecalciferol", "iron sucrose", "folic acid", "magnesium sulfate", "oxytocin"]
POPULATIONS = [("elderly patients", "المرضى المسنين"), ("children", "الأطفال"), ("pregnant women", "النساء الحوامل"),
               ("adolescents", "المراهقين"), ("postmenopausal women", "النساء بعد انقطاع الطمث"),
               ("obese adults", "البالغين البدناء"), ("preterm infants", "الرضع الخدج"), ("smokers", "المدخنين"),
               ("kidney transplant recipients", "متلقي زراعة الكلى"), ("critically ill patients", "المرضى الحرجين"),
               ("outpatients", "مرضى العيادات الخارجية"), ("nursing home residents", "نزلاء دور الرعاية"),
               ("athletes", "الرياضيين"), ("healthcare workers", "العاملين الصحيين"), ("veterans", "المحاربين القدامى")]
OUTCOMES = [("mortality", "الوفيات"), ("hospital readmission", "إعادة الدخول للمستشفى"), ("length of stay", "مدة الإقامة"),
            ("postoperative infection", "العدوى بعد الجراحة"), ("quality of life", "جودة الحياة"),
            ("major bleeding", "النزيف الشديد"), ("recurrence", "النكس"), ("cognitive decline", "التدهور المعرفي"),
            ("fracture risk", "خطر الكسور"), ("treatment failure", "فشل العلاج"), ("weight gain", "زيادة الوزن"),
            ("renal function", "وظائف الكلى"), ("pain scores", "درجات الألم"), ("blood pressure control", "ضبط الضغط"),
            ("glycaemic control", "ضبط سكر الدم"), ("adverse events", "الأحداث الضائرة"), ("sleep quality", "جودة النوم"),
            ("functional recovery", "التعافي الوظيفي"), ("depressive symptoms", "أعراض الاكتئاب"),
            ("viral load", "الحمل الفيروسي")]
PROCEDURES = [("cardiac surgery", "جراحة القلب"), ("hip replacement", "استبدال الورك"),
              ("laparoscopic cholecystectomy", "استئصال المرارة بالمنظار"), ("colonoscopy", "تنظير القولون"),
              ("caesarean section", "العملية القيصرية"), ("coronary angioplasty", "رأب الشريان التاجي"),
              ("bariatric surgery", "جراحة السمنة"), ("cataract surgery", "جراحة الساد"), ("kidney biopsy", "خزعة الكلى"),
              ("mechanical ventilation", "التهوية الآلية"), ("haemodialysis", "الغسيل الكلوي"),
              ("knee arthroscopy", "تنظير الركبة")]
MARKERS = [("C-reactive protein", "البروتين التفاعلي C"), ("serum albumin", "ألبومين المصل"), ("troponin", "التروبونين"),
           ("HbA1c", "HbA1c"), ("vitamin D", "فيتامين D"), ("ferritin", "الفيريتين"), ("procalcitonin", "البروكالسيتونين"),
           ("lactate", "اللاكتات"), ("NT-proBNP", "NT-proBNP"), ("D-dimer", "دي دايمر"), ("uric acid", "حمض اليوريك"),
           ("platelet count", "عدد الصفائح")]
SYMPTOMS = [("fever", "حمى"), ("night sweats", "تعرق ليلي"), ("weight loss", "فقدان الوزن"), ("chest pain", "ألم الصدر"),
            ("breathlessness", "ضيق التنفس"), ("palpitations", "خفقان"), ("cough", "سعال"), ("haemoptysis", "نفث الدم"),
            ("abdominal pain", "ألم البطن"), ("jaundice", "يرقان"), ("diarrhoea", "إسهال"), ("vomiting", "قيء"),
            ("headache", "صداع"), ("neck stiffness", "تيبس الرقبة"), ("joint swelling", "تورم المفاصل"), ("rash", "طفح جلدي"),
            ("fatigue", "تعب"), ("pallor", "شحوب"), ("leg swelling", "تورم الساقين"), ("confusion", "تشوش"),
            ("polyuria", "كثرة التبول"), ("blurred vision", "تشوش الرؤية"), ("back pain", "ألم الظهر"), ("syncope", "إغماء")]
ADVERSE = ["lactic acidosis", "hypoglycaemia", "angioedema", "hyperkalaemia", "ototoxicity", "QT prolongation",
           "pulmonary fibrosis", "gingival hyperplasia", "tendon rupture", "hepatotoxicity", "agranulocytosis",
           "peripheral neuropathy", "photosensitivity", "myopathy", "pancreatitis", "hair loss", "dry cough", "gout flare"]
DESIGNS = ["randomised controlled trial", "prospective cohort study", "retrospective cohort study", "case-control study",
           "cross-sectional survey", "pragmatic multicentre trial"]
# Exam and study stock phrasing that many items share: what must not be taken for contamination.
STEMS = ["Which of the following is the most likely diagnosis?", "Which of the following is the most appropriate next step?",
         "What is the most likely cause of these findings?", "Which investigation should be done first?"]
SYNONYMS = {"reduce": "lower", "increased": "higher", "associated": "linked", "patients": "people", "risk": "chance",
            "improve": "enhance", "performed": "done", "safely": "safely and effectively", "predict": "forecast",
            "receive": "are given", "lower": "reduced", "preferred": "favoured", "recognised": "known",
            "best": "most reliably", "drugs": "medicines", "treatment": "therapy", "following": "listed"}

# PubMedQA-like question frames, English and Arabic (the Arabic is the catalog's translation).
YESNO = [
    ("Does {drug} reduce {out} in {pop} with {dis}?", "هل يقلل {drug} {out} لدى {pop} المصابين ب{dis}؟"),
    ("Is a high {mark} level associated with {out} after {proc} in {pop}?",
     "هل يرتبط ارتفاع {mark} ب{out} بعد {proc} لدى {pop}؟"),
    ("Are {pop} with {dis} at increased risk of {out} when treated with {drug}?",
     "هل {pop} المصابون ب{dis} أكثر عرضة ل{out} عند علاجهم ب{drug}؟"),
    ("Can {proc} be performed safely in {pop} with {dis} without worsening {out}?",
     "هل يمكن إجراء {proc} بأمان لدى {pop} المصابين ب{dis} دون تفاقم {out}؟"),
    ("Should {mark} be measured before {proc} to predict {out} in {pop} with {dis}?",
     "هل ينبغي قياس {mark} قبل {proc} للتنبؤ ب{out} لدى {pop} المصابين ب{dis}؟"),
    ("Does adding {drug} to {drug2} improve {out} in {pop} with {dis}?",
     "هل تحسن إضافة {drug} إلى {drug2} {out} لدى {pop} المصابين ب{dis}؟"),
    ("Is {dis} in {pop} an independent predictor of {out} after {proc}?",
     "هل {dis} لدى {pop} عامل مستقل للتنبؤ ب{out} بعد {proc}؟"),
    ("Do {pop} who receive {drug} before {proc} have lower {out}?",
     "هل ينخفض {out} لدى {pop} الذين يتلقون {drug} قبل {proc}؟"),
]
# A second Arabic wording of each frame: a translation made elsewhere, not the catalog's.
YESNO_OTHER = ["هل يخفض دواء {drug} من {out} عند {pop} الذين لديهم {dis}؟",
               "هل توجد علاقة بين مستوى {mark} المرتفع و{out} عقب {proc} عند {pop}؟",
               "هل يزيد خطر {out} عند {pop} الذين لديهم {dis} ويعالجون ب{drug}؟",
               "هل من الآمن إجراء {proc} عند {pop} الذين لديهم {dis} دون زيادة {out}؟",
               "هل يفيد قياس {mark} قبل {proc} في توقع {out} عند {pop} الذين لديهم {dis}؟",
               "هل يؤدي الجمع بين {drug} و{drug2} إلى تحسين {out} عند {pop} الذين لديهم {dis}؟",
               "هل يتنبأ وجود {dis} عند {pop} ب{out} عقب {proc} بشكل مستقل؟",
               "هل يكون {out} أقل عند {pop} الذين يأخذون {drug} قبل {proc}؟"]
MCQ = [
    ("A {age}-year-old {sex} presents with {sym1}, {sym2} and {sym3} for {days} days. {stem}",
     "مريض عمره {age} سنة يشكو من {sym1} و{sym2} و{sym3} منذ {days} أيام. ما التشخيص الأرجح؟", "dis"),
    ("Which of the following drugs is preferred for {dis} in {pop} who also have {dis2}?",
     "أي من الأدوية التالية يفضل لعلاج {dis} لدى {pop} المصابين أيضا ب{dis2}؟", "drug"),
    ("Which laboratory marker best predicts {out} in {pop} with {dis} treated with {drug}?",
     "أي واسم مخبري يتنبأ بشكل أفضل ب{out} لدى {pop} المصابين ب{dis} المعالجين ب{drug}؟", "mark"),
    ("Which of the following is a recognised adverse effect of {drug} in {pop} with {dis}?",
     "أي مما يلي من الآثار الجانبية المعروفة ل{drug} لدى {pop} المصابين ب{dis}؟", "adverse"),
]
# Clean near-topic questions: the items' drugs, diseases and populations, other frames.
CLEAN_EN = ["What are the common side effects of {drug} in {pop}?", "How is {dis} diagnosed in {pop}?",
            "My mother has {dis}; is {drug} safe for her?", "Can {pop} with {dis} exercise safely?",
            "What should I eat if I have {dis}?", "How long does recovery from {proc} take?",
            "Why would a doctor order a {mark} test?", "Is {out} a concern for {pop} taking {drug}?",
            "What is the usual dose of {drug} for {dis}?", "How does {dis} affect {out}?"]
CLEAN_AR = ["ما الآثار الجانبية الشائعة ل{drug} لدى {pop}؟", "كيف يشخص {dis} لدى {pop}؟",
            "والدتي مصابة ب{dis}، هل {drug} آمن لها؟", "هل يمكن ل{pop} المصابين ب{dis} ممارسة الرياضة؟",
            "ماذا آكل إذا كنت مصابا ب{dis}؟", "كم يستغرق التعافي بعد {proc}؟", "لماذا يطلب الطبيب تحليل {mark}؟"]
ANSWER_EN = ["Talk to your doctor about {drug}; in {pop} with {dis} it is usually started at a low dose and "
             "reviewed after a few weeks, watching {out} and kidney function.",
             "{dis} is managed with lifestyle changes and medicines such as {drug}; regular follow-up checks {mark}.",
             "Most {pop} recover well; the main risks are {out} and infection, which are lower with early mobilisation."]
ANSWER_AR = ["يبدأ {drug} عادة بجرعة منخفضة لدى {pop} المصابين ب{dis} مع متابعة {out} ووظائف الكلى.",
             "يعالج {dis} بتغيير نمط الحياة وأدوية مثل {drug} مع متابعة {mark} بانتظام."]


def _fill(rng: random.Random, ar: bool = False) -> dict[str, str]:
    pick = 1 if ar else 0
    dis, dis2 = rng.sample(DISEASES, 2)
    sym = rng.sample(SYMPTOMS, 3)
    drug, drug2 = rng.sample(DRUGS, 2)
    return {"drug": drug, "drug2": drug2, "dis": dis[pick], "dis2": dis2[pick], "pop": rng.choice(POPULATIONS)[pick],
            "out": rng.choice(OUTCOMES)[pick], "proc": rng.choice(PROCEDURES)[pick], "mark": rng.choice(MARKERS)[pick],
            "sym1": sym[0][pick], "sym2": sym[1][pick], "sym3": sym[2][pick], "age": str(rng.randint(18, 85)),
            "sex": rng.choice(["man", "woman"]), "days": str(rng.randint(2, 20)), "stem": rng.choice(STEMS)}


def _arabic(fill: dict[str, str]) -> dict[str, str]:
    """The Arabic of the same slots (drug names stay in Latin script, as the translation template asks)."""
    table = {en: ar for group in (DISEASES, POPULATIONS, OUTCOMES, PROCEDURES, MARKERS, SYMPTOMS) for en, ar in group}
    return {k: table.get(v, v) for k, v in fill.items()}


def _abstract(rng: random.Random, f: dict[str, str]) -> str:
    n1, n2 = rng.randint(40, 900), rng.randint(40, 900)
    a, b = rng.randint(3, n1 // 3), rng.randint(3, n2 // 3)
    sentences = [
        f"{f['dis'].capitalize()} is a frequent cause of {f['out']} among {f['pop']}, and {f['drug']} has been "
        f"proposed to change its course.",
        f"We conducted a {rng.choice(DESIGNS)} of {n1 + n2} {f['pop']} with {f['dis']} treated at {rng.randint(2, 40)} "
        f"centres between {rng.randint(1995, 2012)} and {rng.randint(2013, 2024)}.",
        f"The primary end point was {f['out']} at {rng.randint(3, 60)} months; secondary end points included "
        f"{rng.choice(OUTCOMES)[0]} and {rng.choice(OUTCOMES)[0]}.",
        f"{f['out'].capitalize()} occurred in {a} of {n1} patients ({100 * a / n1:.1f}%) given {f['drug']} and in "
        f"{b} of {n2} ({100 * b / n2:.1f}%) given {f['drug2']} (hazard ratio {rng.uniform(0.4, 1.6):.2f}; 95% "
        f"confidence interval {rng.uniform(0.2, 0.9):.2f} to {rng.uniform(1.0, 2.4):.2f}; p = {rng.uniform(0.001, 0.6):.3f}).",
        f"{f['mark']} changed by a mean of {rng.uniform(-12, 12):.1f} units in the {f['drug']} group and "
        f"{rng.uniform(-12, 12):.1f} units with {f['drug2']}.",
        f"Adverse events were reported in {rng.randint(2, 40)}% and {rng.randint(2, 40)}% of patients, most often "
        f"{rng.choice(ADVERSE)} and {rng.choice(ADVERSE)}; {rng.randint(0, 30)} patients stopped treatment.",
        f"Subgroup analyses by age, sex, {rng.choice(MARKERS)[0]} and prior {rng.choice(PROCEDURES)[0]} showed "
        f"{rng.choice(['no', 'a weak', 'a consistent'])} interaction (p for interaction = {rng.uniform(0.01, 0.9):.2f}).",
        f"After {f['proc']}, {rng.randint(1, 30)}% of {f['pop']} needed a second intervention within "
        f"{rng.randint(1, 24)} months.",
        f"In {f['pop']} with {f['dis']}, {f['drug']} {rng.choice(['lowered', 'did not change', 'modestly raised'])} "
        f"{f['out']}, and larger trials with longer follow-up are needed.",
    ]
    return " ".join(sentences)


def _near_copy(rng: random.Random, text: str) -> str:
    """2-3 small edits: a synonym where one fits, else a dropped or an inserted word."""
    words = text.split()
    for _ in range(rng.randint(2, 3)):
        spots = [i for i, w in enumerate(words) if w.lower().strip("?,.") in SYNONYMS]
        if spots and rng.random() < 0.6:
            i = rng.choice(spots)
            words[i] = SYNONYMS[words[i].lower().strip("?,.")] + ("?" if words[i].endswith("?") else "")
        elif rng.random() < 0.5 and len(words) > 6:
            del words[rng.randrange(1, len(words) - 1)]
        else:
            words.insert(rng.randrange(1, len(words)), rng.choice(["really", "actually", "also", "usually"]))
    return " ".join(words)


def _arabic_edit(rng: random.Random, text: str, edits: int) -> str:
    words = text.split()
    for _ in range(edits):
        words.insert(rng.randrange(1, len(words)), rng.choice(["فعلا", "أيضا", "عادة"]))
    return " ".join(words)


CONTENT = {"drug", "drug2", "dis", "dis2", "pop", "out", "proc", "mark", "sym1", "sym2", "sym3"}


def _slots(frame: str, fill: dict[str, str]) -> tuple[str, ...]:
    return tuple(fill[name] for _, name, _, _ in Formatter().parse(frame) if name in CONTENT)


def _distinct(rng: random.Random, frame: str, taken: dict[str, list[set[str]]], item: bool) -> dict[str, str] | None:
    """Slots for `frame` sharing at most one content value (drug, disease, ...) with each item written
    in it: a question of the same kind about something else, not a near copy of one (an item takes
    the last of 200 draws if none is, as near twins exist in real sets too). An item's slots are
    added to `taken`; a clean record that finds no such slots is None."""
    for _ in range(200):
        fill = _fill(rng)
        mine = set(_slots(frame, fill))
        if all(len(mine & other) <= 1 for other in taken.get(frame, ())):
            break
    else:
        if not item:
            return None
    if item:
        taken.setdefault(frame, []).append(mine)
    return fill


def make_items(rng: random.Random, count: int, taken: dict, item: bool = True) -> tuple[list[dict], list[dict]]:
    """PubMedQA-like and MedMCQA-like items, each with its Arabic translation (question, options).
    `taken` collects each frame's slot values (and keeps new items from nearly copying earlier ones)."""
    pubmed, mcq = [], []
    for i in range(count):
        f = None
        while f is None:  # a clean record tries another frame
            frame_en, frame_ar = rng.choice(YESNO)
            f = _distinct(rng, frame_en, taken, item)
        arabic = frame_ar.format(**_arabic(f))
        other = YESNO_OTHER[YESNO.index((frame_en, frame_ar))].format(**_arabic(f))
        pubmed.append({"pubid": 90000 + i, "question": frame_en.format(**f), "final_decision": rng.choice(
            ["yes", "no", "maybe"]), "context": {"contexts": [_abstract(rng, f)], "labels": ["ABSTRACT"]},
            "long_answer": f"In {f['pop']} with {f['dis']}, {f['drug']} changed {f['out']}.",
            "_ar": arabic, "_ar_other": other, "_options_ar": ["نعم", "لا", "ربما"]})
    for i in range(count):
        f = None
        while f is None:
            frame_en, frame_ar, kind = rng.choice(MCQ)
            f = _distinct(rng, frame_en, taken, item)
        pool = {"dis": [d for d, _ in DISEASES], "drug": DRUGS, "mark": [m for m, _ in MARKERS], "adverse": ADVERSE}[kind]
        options = rng.sample(pool, 4)
        ar_pool = {en: ar for en, ar in DISEASES + MARKERS}
        mcq.append({"id": f"syn-{i}", "question": frame_en.format(**f), "opa": options[0], "opb": options[1],
                    "opc": options[2], "opd": options[3], "cop": rng.randrange(4), "subject_name": "Medicine",
                    "_ar": frame_ar.format(**_arabic(f)), "_options_ar": [ar_pool.get(o, o) for o in options]})
    return pubmed, mcq


def _options(item: dict) -> list[str]:
    return [item[k] for k in ("opa", "opb", "opc", "opd")] if "opa" in item else ["yes", "no", "maybe"]


def _answer(item: dict) -> str:
    return item["opa opb opc opd".split()[item["cop"]]] if "opa" in item else item["final_decision"]


def translation_calls(items: list[dict]) -> list[dict]:
    """`generations` rows as `jisr translate-mcq` writes them: the question and each option, one call each."""
    template = load_template("translate-en-ar")
    now = datetime.now(timezone.utc)
    rows = []
    for item in items:
        for source, output in zip([item["question"], *_options(item)], [item["_ar"], *item["_options_ar"]]):
            rows.append({"call_key": f"bench-{len(rows)}", "run_id": "benchmark-translate", "task": "translate_mcq",
                         "backend": "http", "model": "benchmark-translator", "template_id": template.ref,
                         "template_sha256": template.sha256, "sampling": json.dumps({"temperature": 0}),
                         "messages": json.dumps(template.render(source), ensure_ascii=False), "output": output,
                         "finish_reason": "stop", "prompt_tokens": None, "completion_tokens": None, "latency_s": None,
                         "attempts": 1, "error": None, "created_at": now, "outcome": "ok"})
    return rows


def _mcq_prompt(rng: random.Random, item: dict) -> tuple[str, str]:
    options = _options(item)
    order = rng.sample(range(len(options)), len(options))
    letters = "ABCD"
    lines = [f"{letters[k]}. {options[j]}" for k, j in enumerate(order)]
    answer = letters[order.index(item["cop"])]
    return item["question"] + "\n\n" + "\n".join(lines), f"{answer}. {_answer(item)}"


def planted(rng: random.Random, shape: str, pubmed: list[dict], mcq: list[dict]) -> dict:
    """One training record of `shape` (see the module docstring)."""
    item = rng.choice(pubmed if shape in ("question", "question_answer") or rng.random() < 0.5 else mcq)
    other = ANSWER_EN[rng.randrange(len(ANSWER_EN))].format(**_fill(rng))
    if shape == "question":
        return {"language": "en", "prompt": item["question"], "response": other}
    if shape == "question_answer":
        return {"language": "en", "prompt": item["question"],
                "response": f"{_answer(item).capitalize()}. {item.get('long_answer', '')}".strip()}
    if shape == "near_copy":
        answer = f"{_answer(item).capitalize()}." if rng.random() < 0.5 else other
        return {"language": "en", "prompt": _near_copy(rng, item["question"]), "response": answer}
    if shape == "mcq_shuffled":
        prompt, response = _mcq_prompt(rng, rng.choice(mcq))
        return {"language": "en", "prompt": prompt, "response": response}
    if shape == "translation":
        answer = item["_options_ar"][_options(item).index(_answer(item))]
        return {"language": "ar", "prompt": _arabic_edit(rng, item["_ar"], rng.randint(0, 2)), "response": answer}
    raise ValueError(shape)


def clean(rng: random.Random, taken: dict) -> dict:
    """A clean record, most of them near-topic (`taken`: see `make_items`)."""
    roll = rng.random()
    if roll < 0.35:
        f = _fill(rng)
        return {"language": "en", "prompt": rng.choice(CLEAN_EN).format(**f), "response": rng.choice(ANSWER_EN).format(**f)}
    if roll < 0.55:
        f = _arabic(_fill(rng, ar=False))
        return {"language": "ar", "prompt": rng.choice(CLEAN_AR).format(**f), "response": rng.choice(ANSWER_AR).format(**f)}
    if roll < 0.75:  # an exam vignette of its own, with the stock stems
        prompt, response = _mcq_prompt(rng, make_items(rng, 1, taken, item=False)[1][0])
        return {"language": "en", "prompt": prompt, "response": response}
    if roll < 0.9:  # a study question of the items' frames, with slots of its own
        item = make_items(rng, 1, taken, item=False)[0][0]
        return {"language": "en", "prompt": item["question"], "response": item["long_answer"]}
    f = _fill(rng)  # a study summary: the items' abstract phrasing, other numbers and slots
    return {"language": "en", "prompt": f"Summarise this study of {f['drug']} in {f['dis']}.",
            "response": _abstract(rng, f)}


SHAPES = ("question", "question_answer", "near_copy", "mcq_shuffled", "translation", "translation_pair")
EXPECTED = {s: TRANSLATION_REASON if s.startswith("translation") else REASON for s in SHAPES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500, help="items per eval set (two sets)")
    parser.add_argument("--clean", type=int, default=20_000)
    parser.add_argument("--planted", type=int, default=200, help="records per shape")
    parser.add_argument("--seed", type=int, default=2501)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jisr-decontamination-"))
    folder.mkdir(parents=True, exist_ok=True)
    home, catalog_path = folder / "home", folder / "home" / "catalog.ducklake"
    try:
        taken: dict[str, list[tuple[str, ...]]] = {}
        pubmed, mcq = make_items(rng, args.items, taken)
        for name, items in (("pubmedqa-en.jsonl", pubmed), ("medmcqa-en.jsonl", mcq)):
            (folder / name).write_text("".join(json.dumps({k: v for k, v in i.items() if not k.startswith("_")},
                                                          ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        # An earlier build, before any eval set was registered: English records, some holding an item.
        parents = [rng.choice(pubmed) for _ in range(args.planted)]
        earlier = [{"language": "en", "prompt": p["question"], "response": p["long_answer"]} for p in parents]
        earlier_clean = [clean(rng, taken) for _ in range(args.planted)]
        earlier_clean = [r for r in earlier_clean if r["language"] == "en"]
        _write(folder / "earlier.jsonl", earlier + earlier_clean)
        _build(folder, "earlier", "earlier.jsonl", catalog_path)
        register_sets(home, [SetSpec("pubmedqa", "en", folder / "pubmedqa-en.jsonl"),
                             SetSpec("medmcqa", "en", folder / "medmcqa-en.jsonl")])
        with Catalog.open(catalog_path) as catalog:
            record_calls(catalog, translation_calls(pubmed + mcq))
            ids = dict(catalog.con.execute("SELECT prompt || '\n' || response, record_id FROM records").fetchall())
        rows: list[tuple[str, dict]] = []
        for shape in SHAPES[:-1]:
            rows += [(shape, planted(rng, shape, pubmed, mcq)) for _ in range(args.planted)]
        for parent, record in zip(parents, earlier):  # their Arabic translations, worded unlike the catalog's
            rid = ids[record["prompt"] + "\n" + record["response"]]
            rows.append(("translation_pair", {"language": "ar", "prompt": parent["_ar_other"], "response": "نعم.",
                                              "parent_id": rid, "pair_id": rid}))
        for record in earlier_clean:  # clean translations of clean earlier records
            rid = ids[record["prompt"] + "\n" + record["response"]]
            f = _arabic(_fill(rng))
            rows.append(("clean", {"language": "ar", "prompt": rng.choice(CLEAN_AR).format(**f),
                                   "response": rng.choice(ANSWER_AR).format(**f), "parent_id": rid, "pair_id": rid}))
        rows += [("clean", clean(rng, taken)) for _ in range(args.clean)]
        rng.shuffle(rows)
        _write(folder / "train.jsonl", [r for _, r in rows])
        (folder / "shapes.json").write_text(json.dumps([s for s, _ in rows]), encoding="utf-8")
        started = time.perf_counter()
        result = _build(folder, "train", "train.jsonl", catalog_path)
        seconds = time.perf_counter() - started
        with Catalog.open(catalog_path, read_only=True) as catalog:
            verdicts = dict((row, (kept, reason)) for row, kept, reason in catalog.con.execute("""
                SELECT p."row", d.kept, d.reason FROM provenance p JOIN decisions d USING (run_id, record_id)
                WHERE d.step = 'decontaminate' AND p.run_id = ?""", [result.run_id]).fetchall())
        _report(rows, verdicts, seconds, result.seconds.get("decontaminate"))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _build(folder: Path, name: str, file: str, catalog_path: Path):
    config = folder / f"{name}.yaml"
    config.write_text(yaml.safe_dump({"name": name, "tokenizers": ["llama3"], "curation": ["decontaminate"],
                                      "sources": [{"name": name, "adapter": "jisr", "path": file}]}),
                      encoding="utf-8")
    return run_build(load_config(config), catalog_path)


def _report(rows: list[tuple[str, dict]], verdicts: dict[int, tuple[bool, str]], seconds: float,
            step_seconds: float | None) -> None:
    dropped = {shape: [verdicts[i + 1][1] for i, (s, _) in enumerate(rows) if s == shape and not verdicts[i + 1][0]]
               for shape in (*SHAPES, "clean")}
    total = {shape: sum(s == shape for s, _ in rows) for shape in (*SHAPES, "clean")}
    false = len(dropped["clean"])
    print(f"{'shape':<18}{'planted':>8}{'caught':>8}{'recall':>9}{'precision':>11}{'reason':>9}")
    for shape in SHAPES:
        caught = len(dropped[shape])
        right = sum(r == EXPECTED[shape] for r in dropped[shape])
        print(f"{shape:<18}{total[shape]:>8,}{caught:>8,}{caught / total[shape]:>9.1%}"
              f"{caught / max(1, caught + false):>11.1%}{right / max(1, caught):>9.0%}")
    planted_total = sum(total[s] for s in SHAPES)
    caught_total = sum(len(dropped[s]) for s in SHAPES)
    print(f"{'all shapes':<18}{planted_total:>8,}{caught_total:>8,}{caught_total / planted_total:>9.1%}"
          f"{caught_total / max(1, caught_total + false):>11.1%}")
    print(f"clean records: {total['clean']:,}, of them dropped: {false:,}")
    print(f"build {seconds:,.1f} s, decontaminate step {step_seconds or 0:,.1f} s")


if __name__ == "__main__":
    main()
