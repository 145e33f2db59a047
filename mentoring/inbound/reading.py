"""One raw email read: a calendar's answer, a bounce, an auto-reply, a person's reply, or unreadable (pure: the
standard library's email and the icalendar package only).

The service that stores and acts on mail that comes back reads every message through `read`, whichever way it
arrived (IMAP, stdin, LMTP). Nothing here decides whether the sender may answer: the service compares `sender`
with a calendar's `attendee` and the token with what it sent.
"""
import re
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser
from typing import NamedTuple

from icalendar import Calendar as VCalendar

from mentoring.text import lines, one_line

TOKEN = r"[A-Za-z0-9_-]{8,80}"
_WHOLE_TOKEN = re.compile(TOKEN)
_SUBJECT_TOKEN = re.compile(rf"\[#({TOKEN})\]")
ANSWER_METHODS = ("REPLY", "COUNTER")


class Calendar(NamedTuple):
    """One VEVENT of a METHOD:REPLY or METHOD:COUNTER part: who answers which event (or occurrence), and how."""

    method: str  # "REPLY" or "COUNTER"
    uid: str
    recurrence_id: datetime | None  # aware UTC when the answer is for one occurrence
    attendee: str  # the answering ATTENDEE's address, lower-case, "mailto:" stripped ("" if none)
    partstat: str  # "ACCEPTED", "DECLINED", "TENTATIVE" (upper-case; "" if none)
    proposed_start: datetime | None  # COUNTER: the new DTSTART as aware UTC; REPLY: None
    proposed_end: datetime | None
    comment: str


class Incoming(NamedTuple):
    """What one email is, and what of it the service acts on."""

    message_id: str  # without <>, "" when missing
    sender: str  # From's address, lower-case
    recipients: tuple[str, ...]  # from Delivered-To, X-Original-To, To, Cc, in that order, lower-case, once each
    subject: str
    token: str  # "" when none
    kind: str  # "calendar", "bounce", "auto", "reply" (a text body from someone), or "unreadable"
    calendars: tuple[Calendar, ...]
    text: str  # the sender's own words: quoted history and signature left out
    bounced: tuple[str, ...]  # for a bounce: the failed recipients, lower-case
    attachments: tuple[tuple[str, str, bytes], ...]  # (file name, content type, data)
    bounced_message_id: str = ""  # for a bounce: the returned message's Message-ID, without <> ("" when not returned)


UNREADABLE = Incoming("", "", (), "", "", "unreadable", (), "", (), ())


def read(raw, local_part):
    """What the raw email `raw` is, for the app's mailbox `local_part`; never raises (what breaks is unreadable)."""
    try:
        # headers kept as written (compat32): the default policy parses a header again at each look, which made
        # reading five times slower; the one header read for its words, Subject, is decoded where it is read
        return _read(message_from_bytes(raw, _class=EmailMessage, policy=policy.compat32), local_part)
    except Exception:  # any message the parser, a charset or a calendar part chokes on
        return UNREADABLE


def _read(message, local_part):
    """`read` for a parsed message."""
    sender = next(iter(_addresses(message.get_all("From", []))), "").lower()
    addressed_to = _addresses(value for name in ("Delivered-To", "X-Original-To", "To", "Cc")
                              for value in message.get_all(name, []))
    subject = one_line(str(make_header(decode_header(str(message.get("Subject", ""))))))
    token = token_in(addressed_to, subject, str(message.get("X-Mentoring-Token", "")), local_part)
    parts = list(_leaves(message, "mixed"))
    text = _own_words(parts)
    bounced = _failed_recipients(message, parts, sender)
    calendars = () if bounced is not None else _calendars(parts, sender)
    if bounced is not None:
        kind = "bounce" if bounced else "auto"  # a report of delay or delivery asks nothing of anyone
    elif calendars:
        kind = "calendar"
    elif _is_auto_reply(message, subject):
        kind = "auto"
    elif text is not None and sender:
        kind = "reply"
    else:
        kind = "unreadable"
    attachments = _attachments(parts) if kind in ("calendar", "reply") else ()
    return Incoming(
        message_id=str(message.get("Message-ID", "")).strip().removeprefix("<").removesuffix(">"),
        sender=sender,
        recipients=tuple(dict.fromkeys(address.lower() for address in addressed_to)),
        subject=subject,
        token=token,
        kind=kind,
        calendars=calendars,
        text=text or "",
        bounced=bounced or (),
        attachments=attachments,
        bounced_message_id=_returned_message_id(parts) if kind == "bounce" else "",
    )


def token_in(addresses, subject, headers_token, local_part):
    """The token a message carries: from the first of `addresses` that is `<local_part>+<token>@…`, else the
    X-Mentoring-Token header's value, else `[#<token>]` in `subject`; "" when none. The token keeps its case."""
    plus_address = re.compile(rf"{re.escape(local_part)}\+({TOKEN})@", re.IGNORECASE)
    for address in addresses:
        if found := plus_address.match(address):
            return found.group(1)
    headers_token = (headers_token or "").strip()
    if _WHOLE_TOKEN.fullmatch(headers_token):
        return headers_token
    found = _SUBJECT_TOKEN.search(subject or "")
    return found.group(1) if found else ""


def _addresses(values):
    """The addresses (as written) in header values, in order; names, groups and empty entries left out."""
    return [address for _, address in getaddresses([str(value) for value in values]) if "@" in address]


class _Leaf(NamedTuple):
    """A part with content, its headers read once (each read parses them again): the subtype of the multipart
    holding it, its content type, its file name ("" when none), and whether it is marked as an attachment."""

    part: object
    container: str
    type: str
    filename: str
    attached: bool


def _leaves(part, container):
    """Each part with content, in order (a _Leaf); a message attached or returned inside counts as one part, never
    read into."""
    content_type = part.get_content_type()
    if content_type.startswith("multipart/"):
        for inner in part.iter_parts():
            yield from _leaves(inner, content_type.partition("/")[2])
    else:
        yield _Leaf(part, container, content_type, part.get_filename() or "",
                    part.get_content_disposition() == "attachment")


# Auto-replies: RFC 3834 §5 (Auto-Submitted other than "no"); Microsoft's MS-OXCMAIL §2.2.3.2.14
# (X-Auto-Response-Suppress, which Exchange sets on its out-of-office answers); X-Autoreply and X-Autorespond
# as vacation programs (and the Sieve/Exim autoreply set-ups) write them; Precedence and the subjects as
# Discourse's Email::Receiver#is_auto_generated? checks them (lib/email/receiver.rb).
_AUTO_PRECEDENCE = {"auto_reply", "bulk", "junk"}
_AUTO_SUBJECT = re.compile(r"\s*(out of office|automatic reply|auto:|autoreply|auto-reply|abwesenheitsnotiz|"
                           r"automatische antwort|réponse automatique|respuesta automática)", re.IGNORECASE)
_AWAY_SUBJECT = re.compile(r"out of (the )?office|automatic reply|auto-?reply|abwesen|absence|absent|vacation|"
                           r"holiday|urlaub|congé", re.IGNORECASE)


def _is_auto_reply(message, subject):
    """Whether a machine answered on someone's behalf: an out-of-office or another automatic answer."""
    auto_submitted = str(message.get("Auto-Submitted", "")).split(";")[0].strip().lower()
    suppress = {value.strip().lower() for value in str(message.get("X-Auto-Response-Suppress", "")).split(",")}
    return bool(
        (auto_submitted and auto_submitted != "no")
        or "X-Autoreply" in message
        or "X-Autorespond" in message
        or str(message.get("Precedence", "")).strip().lower() in _AUTO_PRECEDENCE
        or ("all" in suppress and _AWAY_SUBJECT.search(subject))
        or _AUTO_SUBJECT.match(subject)
    )


# Who sends delivery reports: Postfix and Sendmail as MAILER-DAEMON, Exchange as postmaster or a
# "MicrosoftExchange<hex>" address (MS-OXCMAIL; RFC 3464 for the report itself).
_REPORTERS = re.compile(r"(mailer-daemon|postmaster|microsoftexchange[0-9a-f]*)@", re.IGNORECASE)


def _failed_recipients(message, parts, sender):
    """For a delivery report, the addresses it failed to deliver to (lower-case, perhaps none); None for any
    other message. Read from RFC 3464's per-recipient blocks with Action: failed (Original-Recipient first,
    it is the address as sent), or Exim's X-Failed-Recipients."""
    is_report = message.get_content_type() == "multipart/report" and (
        message.get_param("report-type", "").lower() == "delivery-status" or _REPORTERS.match(sender))
    failed = [address for value in message.get_all("X-Failed-Recipients", []) for address in _addresses([value])]
    if not is_report and not failed:
        return None
    for leaf in parts:
        if leaf.type != "message/delivery-status":
            continue
        for block in leaf.part.get_payload()[1:]:  # the first block is about the message, each next one a recipient
            if str(block.get("Action", "")).strip().lower() == "failed":
                recipient = block.get("Original-Recipient") or block.get("Final-Recipient") or ""
                failed.append(str(recipient).rpartition(";")[2].strip().strip("<>"))
    return tuple(dict.fromkeys(address.lower() for address in failed if "@" in address))


def _returned_message_id(parts):
    """The Message-ID of the message a delivery report returns (its headers as text/rfc822-headers, or the whole
    message as message/rfc822), without <>; "" when it returns none."""
    for leaf in parts:
        if leaf.type == "text/rfc822-headers":
            returned = message_from_bytes(leaf.part.get_payload(decode=True) or b"", policy=policy.compat32)
        elif leaf.type == "message/rfc822":
            returned = leaf.part.get_payload(0)
        else:
            continue
        return str(returned.get("Message-ID", "")).strip().removeprefix("<").removesuffix(">")
    return ""


def _is_calendar_part(leaf):
    """Whether a part is an iCalendar object: text/calendar, or an .ics file."""
    return leaf.type in ("text/calendar", "application/ics") or leaf.filename.lower().endswith(".ics")


def _calendars(parts, sender):
    """The REPLY and COUNTER answers of a message's calendar parts, each once (Gmail sends the same one inline
    and as invite.ics); the text/calendar parts are read when there are any, else the .ics files."""
    calendar_parts = ([leaf.part for leaf in parts if leaf.type == "text/calendar"]
                      or [leaf.part for leaf in parts if _is_calendar_part(leaf)])
    answers = [answer for part in calendar_parts for answer in _answers(part, sender)]
    return tuple(dict.fromkeys(answers))


def _answers(part, sender):
    """The answers in one calendar part; METHOD from the VCALENDAR, else from the MIME type's method parameter."""
    vcalendar = VCalendar.from_ical(part.get_payload(decode=True))
    method = str(vcalendar.get("METHOD") or part.get_param("method", "")).strip().upper()
    if method not in ANSWER_METHODS:
        return []
    return [_answer(method, event, sender) for event in vcalendar.walk("VEVENT")]


def _answer(method, event, sender):
    """One VEVENT of a REPLY or COUNTER (ORGANIZER may be missing: outlook.com leaves it out of replies)."""
    attendee = _answering_attendee(event.get("ATTENDEE"), sender)
    start = end = None
    if method == "COUNTER" and "DTSTART" in event:
        start = _utc(event.decoded("DTSTART"))
        if "DTEND" in event:
            end = _utc(event.decoded("DTEND"))
        elif "DURATION" in event and start is not None:
            end = start + event.decoded("DURATION")
    return Calendar(
        method=method,
        uid=str(event.get("UID", "")).strip(),
        recurrence_id=_utc(event.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in event else None,
        attendee=_calendar_address(attendee) if attendee is not None else "",
        partstat=str(attendee.params.get("PARTSTAT", "")).upper() if attendee is not None else "",
        proposed_start=start,
        proposed_end=end,
        comment="\n".join(lines(str(comment)) for comment in _listed(event.get("COMMENT"))),
    )


def _answering_attendee(attendees, sender):
    """The ATTENDEE who answers: the only one, or (when a client lists several) the sender, else the first who
    has answered, else the first."""
    attendees = _listed(attendees)
    return next((attendee for attendee in attendees if _calendar_address(attendee) == sender),
                next((attendee for attendee in attendees
                      if str(attendee.params.get("PARTSTAT", "")).upper() not in ("", "NEEDS-ACTION")),
                     next(iter(attendees), None)))


def _listed(value):
    """A property that may appear once or several times, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _calendar_address(address):
    """`mailto:Ann@Example.org` as `ann@example.org`."""
    address = str(address).strip()
    return (address[len("mailto:"):] if address.lower().startswith("mailto:") else address).strip().lower()


def _utc(moment):
    """A DATE-TIME as aware UTC (a floating time taken as UTC); a DATE, which names no moment, as None."""
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if isinstance(moment, date):
        return None
    raise ValueError(f"not a date or time: {moment!r}")


def _is_body(leaf):
    """Whether a part is the message's own text (not a text file attached)."""
    return leaf.type in ("text/plain", "text/html") and not leaf.attached and not leaf.filename


def _own_words(parts):
    """The sender's own words from the first text/plain body (else the first text/html one, made text); None when
    the message has no text body."""
    bodies = [leaf for leaf in parts if _is_body(leaf)]
    body = next((leaf for leaf in bodies if leaf.type == "text/plain"), None) or next(iter(bodies), None)
    if body is None:
        return None
    text = _decoded(body.part)
    if body.type == "text/html":
        text = _html_text(text)
    elif body.part.get_param("format", "").lower() == "flowed":
        text = _unflowed(text, body.part.get_param("delsp", "").lower() == "yes")
    return _without_quotes(text)


def _decoded(part):
    """A text part's content as a string (an unknown charset read as UTF-8, what cannot be read replaced)."""
    data = part.get_payload(decode=True) or b""
    try:
        return data.decode(part.get_content_charset() or "ascii", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _unflowed(text, delete_space):
    """A format=flowed text (RFC 3676) with its soft line breaks (a line ending in a space) joined."""
    joined = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line[1:] if line.startswith(" ") else line  # space-stuffing undone
        if joined and joined[-1].endswith(" ") and joined[-1] != "-- ":
            joined[-1] = (joined[-1][:-1] if delete_space else joined[-1]) + line
        else:
            joined.append(line)
    return "\n".join(joined)


class _HtmlText(HTMLParser):
    """The text of an HTML body: a line break where the page breaks a line; quoted blocks, scripts and styles
    left out; entities unescaped."""

    BREAKING = {"br", "p", "div", "tr", "li", "ul", "ol", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
    HIDDEN = {"head", "script", "style", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BREAKING and not self.hidden:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKING and tag != "br" and not self.hidden:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append(re.sub(r"\s+", " ", data))


def _html_text(html):
    """An HTML body as plain text, one line for each line the page shows."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "\n".join(line.strip() for line in "".join(parser.pieces).split("\n"))


# Where quoted history begins. Gmail and Apple Mail: "On Tue, 1 Dec 2026 at 10:00, Ann <a@x> wrote:" (Gmail
# wraps it over two lines when it is long); Thunderbird: "On 01/12/2026 10:00, Ann wrote:"; German and French
# clients: "Am … schrieb Ann:", "Le … a écrit :".
_ATTRIBUTION = re.compile(r"(On\s.*\bwrote|Am\s.*\bschrieb\b.*|Le\s.*\ba\s+écrit)\s*:", re.IGNORECASE)
# Outlook: "-----Original Message-----" (and in German, French), a line of underscores, or a header block
# "From: … Sent: … To: … Subject: …" (bold in HTML: "*From:*").
_ORIGINAL_MESSAGE = re.compile(r"-{3,}\s*(original message|ursprüngliche nachricht|message d'origine)\s*-{3,}",
                               re.IGNORECASE)
_UNDERSCORES = re.compile(r"_{20,}")
_HEADER_FROM = re.compile(r"\*?(from|von|de)\s?:\*?\s", re.IGNORECASE)
_HEADER_SENT = re.compile(r"\*?(sent|date|gesendet|envoyé)\s?:\*?\s", re.IGNORECASE)


def _without_quotes(text):
    """A reply's own words: everything from the quoted history's first line or the signature ("-- ") on left
    out, and every line quoted with ">", trimmed."""
    kept = [line.rstrip() for line in lines(text.replace("\r\n", "\n")).split("\n")]
    end = next((number for number in range(len(kept)) if _history_begins(kept, number)), len(kept))
    kept = [line for line in kept[:end] if not line.lstrip().startswith(">")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _history_begins(kept, number):
    """Whether quoted history (or the signature) begins at line `number`."""
    line = kept[number].strip()
    following = [other.strip() for other in kept[number + 1:number + 4]]
    return bool(
        line == "--"
        or _ATTRIBUTION.fullmatch(line)
        or (following and re.match(r"(On|Am|Le)\s", line) and _ATTRIBUTION.fullmatch(f"{line} {following[0]}"))
        or _ORIGINAL_MESSAGE.fullmatch(line)
        or _UNDERSCORES.fullmatch(line)
        or (_HEADER_FROM.match(line) and any(_HEADER_SENT.match(other) for other in following))
    )


def _attachments(parts):
    """(file name, content type, data) of each file the message carries: not its text bodies, not its calendar
    parts, not the pictures an HTML body shows (parts of a multipart/related named by Content-ID)."""
    return tuple(
        (leaf.filename, leaf.type, _data(leaf))
        for leaf in parts
        if not _is_body(leaf) and not _is_calendar_part(leaf)
        and not (leaf.container == "related" and leaf.part.get("Content-ID"))
    )


def _data(leaf):
    """A part's bytes: decoded from its transfer encoding, or a message attached inside as it was written."""
    if leaf.type.startswith("message/"):
        return leaf.part.get_payload(0).as_bytes()
    return leaf.part.get_payload(decode=True) or b""
