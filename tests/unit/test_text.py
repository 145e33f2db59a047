"""Links made from what people write, in one place: a message's bare addresses, a page's paragraphs and its
[words](https://…) links, everything else escaped (pure)."""
import pytest

from mentoring import text

REL = 'rel="nofollow noopener noreferrer"'


@pytest.mark.parametrize("written, shown", [
    ("no address here", "no address here"),
    ("see https://example.org.", f'see <a href="https://example.org" {REL}>https://example.org</a>.'),
    ("HTTPS://EXAMPLE.ORG/X", f'<a href="HTTPS://EXAMPLE.ORG/X" {REL}>HTTPS://EXAMPLE.ORG/X</a>'),
    ("a?b=1&c=2 https://x.org/?b=1&c=2!", f'a?b=1&amp;c=2 <a href="https://x.org/?b=1&amp;c=2" {REL}>'
                                           'https://x.org/?b=1&amp;c=2</a>!'),
    ("ftp://x.org javascript:alert(1)", "ftp://x.org javascript:alert(1)"),
    ("[Docs](https://d.io/x)", '[Docs](<a href="https://d.io/x" ' + REL + '>https://d.io/x</a>)'),  # not on a message
])
def test_a_message_links_bare_addresses_only(written, shown):
    assert text.linked(written) == shown


@pytest.mark.parametrize("written, shown", [
    ("[Docs](https://d.io/x)", f'<a href="https://d.io/x" {REL}>Docs</a>'),
    ("read [the <b>guide</b>](https://d.io/g) first",
     f'read <a href="https://d.io/g" {REL}>the &lt;b&gt;guide&lt;/b&gt;</a> first'),
    ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
    ('[x](https://d.io/"onmouseover=alert(1))', f'[x](<a href="https://d.io/" {REL}>https://d.io/</a>'
                                                "&#34;onmouseover=alert(1))"),
    ("[two\nlines](https://d.io)", f'[two\nlines](<a href="https://d.io" {REL}>https://d.io</a>)'),
    ("both [a](https://a.io) and https://b.io.", f'both <a href="https://a.io" {REL}>a</a> and '
                                                 f'<a href="https://b.io" {REL}>https://b.io</a>.'),
])
def test_a_page_also_links_words_to_an_address(written, shown):
    assert text.linked(written, labelled=True) == shown


@pytest.mark.parametrize("written, shown", [
    ("One\ntwo\n\nThree", "<p>One<br>two</p><p>Three</p>"),
    ("  \r\n\r\n Only one \r\n\r\n\r\n", "<p>Only one</p>"),
    ("See https://example.org.", f'<p>See <a href="https://example.org" {REL}>https://example.org</a>.</p>'),
    ("[Docs](https://d.io/x)", f'<p><a href="https://d.io/x" {REL}>Docs</a></p>'),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ('<b>"hi"</b>', "<p>&lt;b&gt;&#34;hi&#34;&lt;/b&gt;</p>"),
    ("\n\n", ""),
])
def test_a_page_keeps_paragraphs_and_line_breaks_and_its_links(written, shown):
    assert text.page_html(written) == shown


def test_a_message_and_a_page_make_the_same_link_of_the_same_address():
    address = "https://en.wikipedia.org/wiki/Foo_(bar)"
    assert text.page_html(address) == f"<p>{text.message_html(address)}</p>"
