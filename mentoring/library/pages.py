"""A library page's text as HTML: escaped first, then paragraphs, line breaks and http(s) links; nothing else (pure)."""
import re

from markupsafe import Markup, escape

_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s()<]+)\)|(https?://[^\s<]+[^\s<.,;:!?)'\"])")
_PARAGRAPHS = re.compile(r"\n\s*\n")


def _link(match):
    label, target, bare = match.groups()
    href = target or bare
    return f'<a href="{href}" rel="nofollow noopener">{label or bare}</a>'


def to_html(text):
    """`text` as safe HTML: blank lines part paragraphs, a line break stays one, and [label](https://…) or a bare
    http(s) address becomes a link; every character typed is escaped before any of it."""
    paragraphs = [part.strip() for part in _PARAGRAPHS.split(text.replace("\r\n", "\n")) if part.strip()]
    html = "".join(f"<p>{_LINK.sub(_link, str(escape(part))).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return Markup(html)
