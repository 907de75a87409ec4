"""Zero-shot prompts in English and Arabic, and the option letters each language answers with.

English:                      Arabic (shown right-to-left):
    Context: ...                  السياق: ...
    Question: ...                 السؤال: ...
    A. ...                        أ. ...
    B. ...                        ب. ...
    Answer:                       الإجابة:

Arabic prompts use Arabic labels and the abjad option letters أ ب ج د ه و, the letters jisr's Arabic
multiple-choice training records use (jisr.corpus.sources.adapters), so a fine-tuned model sees the format it
learnt. Right-to-left: every line opens with an Arabic word or letter, so its first strong character
makes the Unicode bidi algorithm lay the line out right-to-left in any bidi-aware viewer, while the
text stays in logical order. No bidi control characters (RLM, RLE) are inserted: they would be
tokens the model never met in training and would change its scores.
"""

from __future__ import annotations

from jisr.corpus.sources.adapters import OPTION_LETTERS

LABELS = {
    "en": {"context": "Context", "question": "Question", "answer": "Answer"},
    "ar": {"context": "السياق", "question": "السؤال", "answer": "الإجابة"},
}


def letters(language: str, count: int) -> list[str]:
    """Option letters; languages other than Arabic answer with A-F."""
    return list(OPTION_LETTERS.get(language, OPTION_LETTERS["en"])[:count])


def render(question: str, options: tuple[str, ...], context: str | None, language: str) -> str:
    """The prompt up to the answer label; the scored continuation follows after a space."""
    label = LABELS.get(language, LABELS["en"])
    lines = [f"{label['context']}: {context}"] if context else []
    lines.append(f"{label['question']}: {question}")
    lines += [f"{letter}. {option}" for letter, option in zip(letters(language, len(options)), options)]
    lines.append(f"{label['answer']}:")
    return "\n".join(lines)
