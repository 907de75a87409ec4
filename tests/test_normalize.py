"""Arabic matching keys, character by character."""

import pytest

from jisr.curation.normalize import normalize_key


@pytest.mark.parametrize(
    "variant, plain",
    [
        ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"),  # alef variants
        ("ى", "ي"),  # alef maqsura
        ("ة", "ه"),  # ta marbuta
        ("كـــتاب", "كتاب"),  # tatweel
        ("كَتَبَ", "كتب"), ("مُدَرِّسٌ", "مدرس"), ("كتابًا", "كتابا"), ("بِسْمِ", "بسم"),  # harakat, shadda, sukun, tanwin
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic digits
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Persian digits
        ("ما العلاج؟", "ما العلاج"), ("صداع، وحمى؛", "صداع وحمي"),  # Arabic punctuation
        ("Fever  AND\tcough!", "fever and cough"),  # Latin case, whitespace, punctuation
        ("ﻻ", "لا"),  # presentation form (NFKC)
    ],
)
def test_folds(variant, plain):
    assert normalize_key(variant) == plain


def test_keeps_distinct_words_distinct():
    assert normalize_key("سكري") != normalize_key("سكر")
    assert normalize_key("500 mg") != normalize_key("50 mg")


def test_whole_sentence():
    assert normalize_key("هَلْ يُسَبِّبُ الأنسولين زيادةَ الوزن؟") == normalize_key("هل يسبب الانسولين زياده الوزن")
