"""Arabic patient questions and doctor answers composed from banks/ahqad_topics.yaml and arabic_framing.yaml.

A question is a stem with its [a|b] alternatives and {g:m/f} forms resolved, then its {slots} filled:
a persona, a duration, measurements (blood pressure, LDL, temperature ...) and, for a child, the
child's noun, age and pronoun suffixes.  The answer leads with the stem's first sentence, adds some of
its other sentences and the topic's shared ones, and is framed by an opener and a closer.
"""

from __future__ import annotations

import random
from typing import Any

from . import banks
from .banks import Stem, Topic
from .rows import Row
from .templates import fill_counts, pick_alternatives, pick_gendered
from .text import Guards, ar_decimal, ar_digits


def _framing() -> dict[str, Any]:
    return banks.load("arabic_framing.yaml")


def ar_age(n: int, unit: str, rng: random.Random) -> str:
    """A child's age in "years" or "months", with the number agreement of arabic_framing.yaml's age_words."""
    words = _framing()["age_words"][unit]
    if n == 1:
        return words["one"]
    if n == 2:
        return words["two"]
    return f"{ar_digits(n, rng)} {words['few'] if n <= 10 else words['many']}"


def adult_intro(rng: random.Random, sex: str, age: int, stem_text: str) -> str:
    """A persona ("I am a woman aged 34, "), or nothing about a fifth of the time."""
    framing = _framing()
    a = ar_digits(age, rng)
    married = any(w in stem_text for w in framing["married_words"])
    options = [p["text"].format(age=a) for p in framing["personas"][sex]
               if p.get("min_age", 0) <= age <= p.get("max_age", 200) and not (p.get("unmarried") and married)]
    return "" if rng.random() < 0.22 else rng.choice(options)


def slot_values(topic: Topic, sex: str, age: int, text: str, rng: random.Random) -> dict[str, str]:
    """The {slot} values of a question; drawn in a fixed order, whether the stem uses them or not."""
    values: dict[str, str] = {
        "dur": fill_counts(rng.choice(_framing()["durations"][topic.duration]), rng),
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
    if "{C}" in text:
        male = sex == "M"
        values.update(C=rng.choice(_framing()["child_nouns"][sex]), h="ه" if male else "ها", t="ي" if male else "ت",
                      pt="" if male else "ت", hu="هو" if male else "هي",
                      CAGE=ar_age(age, "years", rng), MAGE=ar_age(age, "months", rng),
                      kg=ar_digits(2 * age + 8 + rng.randint(-2, 2), rng))
    return values


def fill_ar_question(topic: Topic, stem: Stem, rng: random.Random) -> tuple[str, bool, str]:
    """The question text, whether it is about a child, and the greeting used."""
    text = pick_alternatives(stem.text, rng)
    sex = stem.sex or rng.choice(topic.sex)
    text = pick_gendered(text, sex)
    lo, hi = stem.ages or topic.ages
    age = rng.randint(lo, hi)
    question = text.format_map(slot_values(topic, sex, age, text, rng))
    framing = _framing()
    greeting = rng.choice(framing["greetings"])
    extras = framing["extras_self"] if "{P}" in stem.text else framing["extras_other"]
    extra = pick_gendered(rng.choice(extras), sex)
    return greeting + question + extra, "{C}" in text, greeting


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
    framing = _framing()
    if greeting.startswith("السلام") and rng.random() < 0.8:
        opener = "وعليكم السلام، "
    else:
        opener = rng.choice(framing["openers"])
    closer = rng.choice(framing["closers_child"] if child else framing["closers_adult"])
    return opener + " ".join(body) + (" " + closer if closer else "")


def stem_bank() -> list[tuple[str, Topic, Stem, str]]:
    """(category, topic, stem, key) of every question stem, in bank order."""
    return [(category, topic, stem, f"{topic.key}/{i}")
            for category, topics in banks.ahqad_topics().items()
            for topic in topics for i, stem in enumerate(topic.stems)]


def generate_ar_qa(rng: random.Random, need: int, guards: Guards) -> list[Row]:
    """`need` distinct Arabic Q&A rows, cycling over the stems in shuffled order."""
    bank = stem_bank()
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
                if guards.admit_arabic_qa(question, answer):
                    rows.append(Row({"Question": question, "Answer": answer, "Category": category}, key=key))
                    break
    raise RuntimeError(f"could only generate {len(rows)} of {need} distinct Arabic Q&A rows")
