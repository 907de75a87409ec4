"""The review page's text safety (annotation/safe_text.py): escaping is exact and leaves no markup."""

import re

from hypothesis import given, settings, strategies as st

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
