"""Text people type, tidied the same way wherever it arrives: a form, a spreadsheet, a stored row (pure)."""
import re
from functools import lru_cache

from markupsafe import Markup

# What str.splitlines() breaks a line at, and the tab: in a one-line value each run of them becomes one space.
_LINE_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
# Control characters, and the bidi embeddings, overrides and isolates that make a name read backwards.
_HIDDEN = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
# The same in a text of several lines, which keeps its tabs and line breaks.
_HIDDEN_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text):
    """`text` on one line: line breaks and tabs become a space, control and bidi characters are dropped, and so
    are the spaces around it (a name or a title can never carry a line into a mail header)."""
    return _LINE_BREAKS.sub(" ", _HIDDEN.sub("", text)).strip()


def lines(text):
    """`text` keeping its lines and tabs, without control and bidi characters or the spaces around it."""
    return _HIDDEN_IN_LINES.sub("", text).strip()


_ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# On a page, a link may also carry words: [the guide](https://…); the address is one a bare link would make.
_LABELLED_OR_ADDRESS = re.compile(r"\[(?P<label>[^\]\n]+)\]\((?P<target>https?://[^\s()<>\"']+)\)|" + _ADDRESS.pattern,
                                  re.IGNORECASE)
_NOT_LINKED_AT_END = ".,;:!?'\""
_PARAGRAPHS = re.compile(r"\n\s*\n")
_MAY_END_A_SENTENCE = frozenset(_NOT_LINKED_AT_END + ")")


def linked(text, labelled=False):
    """`text` as HTML: escaped, each http(s) address a link (a sentence's last stop or an unopened bracket left
    outside it); with `labelled`, [words](https://…) too becomes a link of those words. The one place links are
    made from what people write."""
    return Markup(_linked(text, labelled))


@lru_cache(maxsize=2048)
def message_html(text):
    """The message as HTML: its links made (see `linked`) and each line break kept (a pure function, kept for the
    messages a page shows again)."""
    return Markup(_linked(text, False).replace("\n", "<br>"))


def _linked(text, labelled):
    """`linked` as a plain string, built with as few calls as can be (a conversation page shows fifty messages, and
    a Markup for each piece, and Markup.format for each link, cost more than the rest of the page)."""
    html, written = "", 0
    for found in (_LABELLED_OR_ADDRESS if labelled else _ADDRESS).finditer(text):
        start = found.start()
        if labelled and found.group("label"):
            address, end, label = found.group("target"), found.end(), escaped(found.group("label"))
            shown = escaped(address)
        else:
            address = found.group(0)
            if address[-1] in _MAY_END_A_SENTENCE:
                address = _trimmed(address)
            end = start + len(address)
            shown = label = escaped(address)
        html += f'{escaped(text[written:start])}<a href="{shown}" rel="nofollow noopener noreferrer">{label}</a>'
        written = end
    return html + escaped(text[written:])


def escaped(text):
    """`text` with the characters HTML gives a meaning replaced as markupsafe's escape does (twice as fast for a
    short text, and a str: the caller makes one Markup of the whole)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def page_html(text):
    """A page written in the app as HTML: blank lines part paragraphs, a line break stays one, links are made as in a
    message and [words](https://…) links too; nothing else typed becomes HTML."""
    paragraphs = [part.strip() for part in _PARAGRAPHS.split(text.replace("\r\n", "\n")) if part.strip()]
    return Markup("").join(Markup("<p>{0}</p>").format(linked(part, labelled=True).replace("\n", Markup("<br>")))
                           for part in paragraphs)


def _trimmed(address):
    """`address` without the punctuation that ends the sentence around it, or a ")" it did not open."""
    while address and (address[-1] in _NOT_LINKED_AT_END
                       or address[-1] == ")" and address.count(")") > address.count("(")):
        address = address[:-1]
    return address
