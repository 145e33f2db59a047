"""Text people type, tidied the same way wherever it arrives: a form, a spreadsheet, a stored row (pure)."""
import re

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
_NOT_LINKED_AT_END = ".,;:!?'\""
_MAY_END_A_SENTENCE = frozenset(_NOT_LINKED_AT_END + ")")


def message_html(text):
    """The message as HTML: escaped, each http(s) address a link (a sentence's last stop or an unopened bracket
    left outside it), each line break kept. (Built as one string, escaped as markupsafe does, with as few calls as
    can be: a conversation page shows fifty messages, and a Markup for each piece cost more than the rest of it.)"""
    if "://" not in text:
        return Markup(_escaped(text).replace("\n", "<br>"))
    html, written = "", 0
    for found in _ADDRESS.finditer(text):
        address, start = found.group(0), found.start()
        if address[-1] in _MAY_END_A_SENTENCE:
            address = _trimmed(address)
        before, shown = _escaped(text[written:start]), _escaped(address)
        html += f'{before}<a href="{shown}" rel="nofollow noopener noreferrer">{shown}</a>'
        written = start + len(address)
    html += _escaped(text[written:])
    return Markup(html.replace("\n", "<br>"))


def _escaped(text):
    """`text` with the characters HTML gives a meaning replaced as markupsafe's escape does (twice as fast for a
    short text, and a str: the caller makes one Markup of the whole)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def _trimmed(address):
    """`address` without the punctuation that ends the sentence around it, or a ")" it did not open."""
    while address and (address[-1] in _NOT_LINKED_AT_END
                       or address[-1] == ")" and address.count(")") > address.count("(")):
        address = address[:-1]
    return address
