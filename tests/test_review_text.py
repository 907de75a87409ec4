"""The review page's text: escaping is exact and leaves no markup (annotation/safe_text.py); a pair shown in the
correction box reads back as it was (annotation/question_answer.py)."""

import re

from hypothesis import given, settings, strategies as st

from jisr.annotation import question_answer
from jisr.annotation.safe_text import escape, markup_in, unescape

# Arabic, ASCII (every punctuation mark), whitespace and references that look like ours.
TEXT = st.text(st.one_of(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
                         st.characters(min_codepoint=0x20, max_codepoint=0x7E), st.sampled_from("\n\t\r &#;")))
HOSTILE = ['</div><div style="position:fixed;top:0"><form action="http://127.0.0.1:9/x"><input name=p></form></div>',
           "<style>body{display:none}</style>", "![x](http://127.0.0.1:9/i.png)", "[ref]: http://127.0.0.1:9/r",
           "<http://127.0.0.1:9/a> www.example.com a@b.co", "    indented code", "# heading\n- list\n1. item",
           '<object data="javascript:alert(1)"></object>', "&#60;script&#62; &lt;", "**الجواب** `code`"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.text()))
def test_escape_round_trips_any_text(text):
    escaped = escape(text)
    assert unescape(escaped) == text
    # Nothing markdown or HTML can read as syntax is left: no ASCII punctuation outside a reference,
    # no line starting with a blank.
    bare = re.sub(r"&#\d+;", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", bare)
    assert not re.search(r"^[ \t]", escaped, re.M)


def test_hostile_texts_escape_to_plain_text():
    for text in HOSTILE:
        assert unescape(escape(text)) == text
        assert markup_in(escape(text)) == []


def test_markup_in_finds_html_not_comparisons():
    assert markup_in("ضغط الدم < 140 و <5 ملغ، a<b") == []
    assert markup_in("نص <img src=x onerror=alert(1)> آخر") == ["<img>"]
    assert markup_in("<!-- x --><b>غامق</b>") == ["<!-- -->", "<b>", "</b>"]


def test_correction_box_starts_free_of_markup():
    """The pre-filled correction carries no markup of jisr's (no `**` to jump sides in a right-to-left
    box), and pull reads it back, edited or not, to the texts it came from."""
    import json

    from jisr.annotation.push import suggested_correction
    from jisr.annotation.turns import parse

    chat = [{"role": "user", "content": "ما جرعة الباراسيتامول؟"},
            {"role": "assistant", "content": "500 ملغ.\n\n[2] Smith et al., 2020"}]
    qa = {"translated_messages": None, "translated_prompt": "ما هو الربو؟", "translated_response": "مرض مزمن."}
    shown_qa = suggested_correction(qa)
    shown_chat = suggested_correction({**qa, "translated_messages": json.dumps(chat, ensure_ascii=False)})
    assert shown_qa == "[السؤال]\n\nما هو الربو؟\n\n[الجواب]\n\nمرض مزمن."
    assert shown_chat.splitlines()[0] == "[1] المستخدم"
    for shown in (shown_qa, shown_chat):
        assert not re.search(r"\*|#|<|`|^\s*[-+>]", shown, re.M)
    assert question_answer.parse(shown_qa.replace("مزمن", "مزمن يصيب الرئتين"), "x") == ("ما هو الربو؟",
                                                                                   "مرض مزمن يصيب الرئتين.")
    assert parse(shown_chat, chat) == chat  # a citation line `[2] Smith ...` is text, not a turn heading


# A pair's text: anything but the answer heading itself (which ends the question wherever it stands) and the
# right-to-left wrapper (taken off a correction as the page's own markup), given as stored (no outer blanks).
PAIR_TEXT = st.one_of(TEXT, st.text()).map(str.strip).filter(
    lambda t: not any(f.format("الجواب") in t for f in (question_answer.PLAIN, question_answer.MARKDOWN))
    and question_answer.unwrap(t) == t)


@settings(max_examples=300, deadline=None)
@given(PAIR_TEXT, PAIR_TEXT, st.sampled_from([question_answer.PLAIN, question_answer.MARKDOWN]), st.booleans())
def test_a_pair_shown_for_review_reads_back_as_it_was(prompt, response, heading, wrapped):
    shown = question_answer.show(prompt, response, heading=heading)
    if wrapped:  # as a reviewer copies it out of a right-to-left field
        shown = question_answer.rtl(shown)
    assert question_answer.parse(shown, "machine question") == (prompt, response)
    edited = question_answer.show(prompt, response + " مصحح", heading=heading)
    assert question_answer.parse(edited, "machine question") == (prompt, (response + " مصحح").strip())


def test_a_correction_keeps_question_and_answer_apart():
    assert question_answer.parse("[السؤال]\n\nس\n\n[الجواب]\n\nج", "old") == ("س", "ج")
    assert question_answer.parse("**السؤال**\n\nس\n\n**الجواب**\n\nج", "old") == ("س", "ج")  # an older dataset's
    assert question_answer.parse('<div dir="rtl">\n**السؤال** س **الجواب** ج\n</div>', "old") == ("س", "ج")
    assert question_answer.parse("جواب فقط", "السؤال الأصلي") == ("السؤال الأصلي", "جواب فقط")
