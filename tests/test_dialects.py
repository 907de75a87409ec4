"""Arabic as it is written: dialect answers are Arabic through a whole build, with their variety kept.

Texts written for jisr: an Egyptian answer fastText labels `arz`, Gulf, Levantine and Maghrebi
answers, an Egyptian answer with an English sentence in it, and Persian and Urdu answers wrongly
declared Arabic (other languages in Arabic script, which must not fold into Arabic).
"""

import pytest
from click.testing import CliRunner

from catalog_rows import rows
from jisr.cli import main
from jisr.curation.lid import fold, identify_variety

ANSWERS = {
    "egyptian": "المرض ده بيجى للناس اللى عندهم سكر و هو بيعمل وجع فى الرجلين و لازم يروحو للدكتور بتاعهم",
    "gulf": "شوف يا خوي، لازم تشرب ماي وايد وتاكل زين، واذا ما خف الصداع بعد يومين روح المستشفى عشان يشوفونك.",
    "levantine": "هلق لازم تشرب مي كتير وترتاح، وإذا ضل الوجع أكتر من يومين روح لعند الدكتور يشوفك، وما تاخد دوا من حالك.",
    "maghrebi": "خاصك تشرب الما بزاف وترتاح مزيان، وإلا بقا الوجع كثر من يومين سير عند الطبيب باش يشوفك، وما تاخذش الدوا بلا وصفة.",
    "egyptian-english": "لازم تاخد الدوا ده بعد الأكل، you should take it after meals every day عشان المعدة.",
    "persian": "باید آب زیاد بنوشید و استراحت کنید، و اگر درد بیشتر از دو روز ادامه داشت حتما به پزشک مراجعه کنید.",
    "urdu": "آپ کو زیادہ پانی پینا چاہیے اور آرام کرنا چاہیے، اگر درد دو دن سے زیادہ رہے تو ڈاکٹر سے ضرور ملیں۔",
}
EXPECTED = {"egyptian": None, "gulf": None, "levantine": None, "maghrebi": None,
            "egyptian-english": "residual_english", "persian": "wrong_language", "urdu": "wrong_language"}


def test_labels_fold_arabic_varieties_only():
    assert [fold(x) for x in ("__label__ar", "__label__arz", "ary_Arab", "apc", "arb_Arab")] == ["ar"] * 5
    assert [fold(x) for x in ("__label__fa", "__label__ur", "ps", "ckb", "azb", "mt", "en")] == \
        ["fa", "ur", "ps", "ckb", "azb", "mt", "en"]
    language, score, variety, variety_score = identify_variety(ANSWERS["egyptian"])
    assert (language, variety) == ("ar", "arz") and score >= variety_score >= 0.65


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("dialects")
    (root / "forum.csv").write_text("id,question,answer\n" + "".join(
        f'{name},"عندي وجع، أعمل إيه يا دكتور؟ ({name})","{text}"\n' for name, text in ANSWERS.items()), encoding="utf-8")
    (root / "build.yaml").write_text("""
name: dialects
tokenizers: [llama3]
curation: [language_id, quality]
sources:
  - {name: forum, adapter: mapped, path: forum.csv, language: ar, kind: qa,
     columns: {prompt: question, response: answer, id: id}}
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["--home", str(root / "home"), "build", str(root / "build.yaml")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "home"


def test_dialects_are_kept_and_other_arabic_script_languages_are_not(home):
    got = dict(rows(home, "SELECT upstream_id, drop_reason FROM records"))
    assert got == EXPECTED


def test_variety_and_score_are_signals_and_composition_breaks_arabic_down(home):
    signals = dict(rows(home, """SELECT r.upstream_id, s.text FROM signals s JOIN records r USING (record_id)
                                 WHERE s.name = 'response_variety'"""))
    assert signals["egyptian"] == "arz" and signals["gulf"] == "ar" and signals["persian"] == "fa"
    by_variety = {v: n for v, n in rows(home, "SELECT variety, records FROM arabic_varieties WHERE tokenizer = 'llama3'")}
    assert by_variety == {"arz": 1, "ar": 3}
