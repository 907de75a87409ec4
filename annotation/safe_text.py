"""Untrusted text made inert before it becomes markdown on the review page, and read back after.

Record texts (web-forum questions, LLM outputs) are shown in Argilla's markdown fields, which Argilla
2.8.0 renders with `marked` and sanitises with DOMPurify: scripts go, but `<style>`, `<form>`,
`<img src=http://...>`, `<object data=...>` and markdown images, links and autolinks survive, so a
text could draw a fake sign-in over the page or make every reviewer's browser fetch another host.
`html.escape` covers only `<>&"'`; markdown needs more (`![x](http://...)`, `[x]: http://...`,
`http://...` and `a@b.c` autolinks, emphasis, headings, lists, code).

`escape` writes every ASCII punctuation character as a numeric character reference (`&#60;` for `<`)
and each line's leading spaces and tabs the same way (so no indented code block appears). A
character reference is never markdown syntax and the browser shows it as the character itself, so
the reviewer reads the text unchanged while no tag, link, image, heading or list can form.
`unescape` undoes exactly that, so `unescape(escape(t)) == t` for every text.

Why not a library: markdown-it/mistune escapers target one dialect's syntax characters (and leave
`www.` or `a@b.c` autolinks of GitHub's dialect alone); encoding all ASCII punctuation needs no
knowledge of the renderer's dialect, which is what makes it safe on a frozen frontend.

`markup_in` finds HTML in a reviewer's correction: corrections are untrusted too, and one carrying
markup is quarantined by pull rather than kept as training text.
"""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser

ESCAPED = frozenset(string.punctuation)
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")
_LEADING = re.compile(r"^[ \t]+", re.M)
_REFERENCE = re.compile(r"&#(\d{1,3});")
_DECODED = ESCAPED | {" ", "\t"}


def _reference(match: re.Match) -> str:
    return "".join(f"&#{ord(c)};" for c in match[0])


def escape(text: str) -> str:
    """`text` as markdown that renders as exactly that text, with no markup of any kind."""
    return _LEADING.sub(_reference, _PUNCTUATION.sub(_reference, text))


def unescape(text: str) -> str:
    """The inverse of `escape`: the references it writes become their characters again (others stay)."""
    return _REFERENCE.sub(lambda m: chr(int(m[1])) if chr(int(m[1])) in _DECODED else m[0], text)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.found.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.found.append("<!-- -->")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl.split()[0] if decl.split() else ''}>")

    def handle_pi(self, data: str) -> None:
        self.found.append("<?...>")

    def unknown_decl(self, data: str) -> None:
        self.found.append("<![...]>")


def markup_in(text: str) -> list[str]:
    """The HTML constructs (tags, comments, declarations) in `text`, in order; [] for plain text.

    A bare `<` that starts no tag ("BP < 140", "<5 mg") is text, as a browser would read it.
    """
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.found
