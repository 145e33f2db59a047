"""Tables of mail that comes back, read as the inbound service will act on it: calendar answers from Google, Outlook,
Apple and Thunderbird, bounces, auto-replies and people's replies. Each message in tests/unit/mail/ says in its
X-Shape header which client's shape it follows and where that shape is documented."""
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentoring.inbound.reading import Calendar, read, token_in

MAIL = Path(__file__).parent / "mail"
MAILBOX = "mentoring"


def mail(name):
    return (MAIL / name).read_bytes()


def at(day, hour):
    """A moment in December 2026, in UTC."""
    return datetime(2026, 12, day, hour, tzinfo=UTC)


@pytest.mark.parametrize("name, sender, token, calendar", [
    # Google: the answer inline and again as invite.ics, read once; the TZID resolved through its VTIMEZONE
    ("reply-google.eml", "ann.lee@gmail.com", "s7Kp2QxZ9mWv",
     Calendar("REPLY", "meeting-41-series@mentoring.example.org", None, "ann.lee@gmail.com", "ACCEPTED",
              None, None, "")),
    # Google, one occurrence of a series: RECURRENCE-ID 10:00 Berlin is 09:00 UTC; the note is the COMMENT
    ("reply-google-occurrence.eml", "ann.lee@gmail.com", "s7Kp2QxZ9mWv",
     Calendar("REPLY", "meeting-41-series@mentoring.example.org", at(10, 9), "ann.lee@gmail.com", "DECLINED",
              None, None, "Travelling that week, sorry!")),
    # Outlook: base64, no ORGANIZER, Windows TZID; its COMMENT's trailing line break trimmed
    ("reply-outlook.eml", "ben.okafor@outlook.com", "Hq4-Vz_81kPd",
     Calendar("REPLY", "meeting-42@mentoring.example.org", None, "ben.okafor@outlook.com", "TENTATIVE",
              None, None, "I may be ten minutes late.")),
    # Outlook's new time: 15:00-16:00 in W. Europe Standard Time is 14:00-15:00 UTC
    ("counter-outlook.eml", "ben.okafor@outlook.com", "Hq4-Vz_81kPd",
     Calendar("COUNTER", "meeting-42@mentoring.example.org", None, "ben.okafor@outlook.com", "TENTATIVE",
              at(3, 14), at(3, 15), "Could we move it to the afternoon?")),
    # Apple: an .ics attachment, METHOD only in the VCALENDAR; From (iCloud) is not the ATTENDEE (work): the
    # service sees both and decides
    ("reply-apple.eml", "carla.diaz@icloud.com", "c0FfEe-42xyz",
     Calendar("REPLY", "meeting-43@mentoring.example.org", None, "carla.diaz@northwind.example", "ACCEPTED",
              None, None, "")),
    # Thunderbird: MAILTO in upper case, an address in mixed case
    ("reply-thunderbird.eml", "dan@northwind.example", "Dn-7777aaaa",
     Calendar("REPLY", "meeting-44@mentoring.example.org", None, "dan@northwind.example", "DECLINED",
              None, None, "Ill this week – next one?")),
])
def test_a_calendar_answer_is_read_from_each_client(name, sender, token, calendar):
    incoming = read(mail(name), MAILBOX)
    assert (incoming.kind, incoming.sender, incoming.token, incoming.calendars) == ("calendar", sender, token,
                                                                                    (calendar,))
    assert incoming.attachments == ()  # the calendar parts are not files to keep


def test_a_calendar_method_only_in_the_mime_type_is_enough():
    raw = mail("reply-thunderbird.eml").replace(b"VERSION:2.0\nMETHOD:REPLY\n", b"VERSION:2.0\n")
    assert [calendar.partstat for calendar in read(raw, MAILBOX).calendars] == ["DECLINED"]


def test_a_calendar_that_asks_rather_than_answers_is_no_answer():
    raw = mail("reply-thunderbird.eml").replace(b"method=REPLY", b"method=REQUEST").replace(b"METHOD:REPLY",
                                                                                            b"METHOD:REQUEST")
    incoming = read(raw, MAILBOX)
    assert (incoming.kind, incoming.calendars, incoming.text) == ("reply", (), "Dan Brown has declined your event "
                                                                               "invitation.")


@pytest.mark.parametrize("name, token, bounced, returned", [
    # Postfix: one recipient failed (its Original-Recipient, as sent), one only delayed; Auto-Submitted too; the
    # returned message's headers as text/rfc822-headers
    ("dsn-postfix.eml", "bounce-Zx81QmPp", ("nobody@northwind.example",), "sent-9001@mentoring.example.org"),
    # Exchange Online: "rfc822;" without a space, the original returned as message/rfc822 holding a REQUEST
    ("ndr-exchange.eml", "bounce-Yy72LnOo", ("eve@contoso.com",), "sent-9002@mentoring.example.org"),
])
def test_a_bounce_names_the_recipients_that_failed_and_the_message_returned(name, token, bounced, returned):
    incoming = read(mail(name), MAILBOX)
    assert (incoming.kind, incoming.token, incoming.bounced, incoming.calendars, incoming.bounced_message_id) == (
        "bounce", token, bounced, (), returned)


@pytest.mark.parametrize("name, cut", [
    ("dsn-postfix.eml", b"Message-Id: <sent-9001@mentoring.example.org>\n"),  # the headers returned, without it
    ("ndr-exchange.eml", b"Message-ID: <sent-9002@mentoring.example.org>\nMIME"),  # the message returned, without it
])
def test_a_bounce_that_returns_no_message_id_names_none(name, cut):
    raw = mail(name).replace(cut, b"MIME" if cut.endswith(b"MIME") else b"")
    incoming = read(raw, MAILBOX)
    assert (incoming.kind, incoming.bounced_message_id) == ("bounce", "")


def test_only_a_bounce_names_a_returned_message():
    assert read(mail("quote-thunderbird.eml"), MAILBOX).bounced_message_id == ""


def test_an_exchange_report_without_its_report_type_is_known_by_its_sender():
    raw = mail("ndr-exchange.eml").replace(b"multipart/report; report-type=delivery-status;", b"multipart/report;")
    assert read(raw, MAILBOX).bounced == ("eve@contoso.com",)


def test_a_report_of_delay_only_asks_nothing():
    raw = mail("dsn-postfix.eml").replace(b"Action: failed", b"Action: delayed")
    incoming = read(raw, MAILBOX)
    assert (incoming.kind, incoming.bounced) == ("auto", ())


def test_an_out_of_office_is_an_automatic_answer_with_its_token():
    incoming = read(mail("ooo-outlook.eml"), MAILBOX)
    assert (incoming.kind, incoming.sender, incoming.token) == ("auto", "ben.okafor@outlook.com", "s7Kp2QxZ9mWv")


def short_mail(headers="", subject="Re: Check-in", body="Fine by me."):
    return (f"From: Ann <ann@example.org>\nTo: mentoring@mentoring.example.org\nSubject: {subject}\n{headers}"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}\n").encode()


@pytest.mark.parametrize("headers, subject, kind", [
    ("Auto-Submitted: auto-replied\n", "Re: Check-in", "auto"),  # RFC 3834
    ("Auto-Submitted: auto-generated; owner-email=ann@example.org\n", "Re: Check-in", "auto"),
    ("Auto-Submitted: no\n", "Re: Check-in", "reply"),
    ("X-Autoreply: yes\n", "Re: Check-in", "auto"),
    ("X-Autorespond: Ann is away\n", "Re: Check-in", "auto"),
    ("Precedence: auto_reply\n", "Re: Check-in", "auto"),
    ("Precedence: bulk\n", "Re: Check-in", "auto"),
    ("Precedence: junk\n", "Re: Check-in", "auto"),
    ("Precedence: first-class\n", "Re: Check-in", "reply"),
    ("X-Auto-Response-Suppress: All\n", "Abwesend: Check-in", "auto"),  # Exchange's OOF, a German subject
    ("X-Auto-Response-Suppress: All\n", "Re: Check-in", "reply"),  # the header alone is no absence
    ("", "Out of Office: Check-in", "auto"),
    ("", "Automatic reply: Check-in", "auto"),
    ("", "AUTO: Ann Lee is out of the office", "auto"),  # Lotus Notes / HCL Notes
    ("", "Autoreply: Check-in", "auto"),
    ("", "Abwesenheitsnotiz: Check-in", "auto"),
    ("", "Re: Out of office plans", "reply"),
])
def test_automatic_answers_are_told_from_people(headers, subject, kind):
    assert read(short_mail(headers, subject), MAILBOX).kind == kind


@pytest.mark.parametrize("name, token, text", [
    # Gmail: the attribution wrapped over two lines, a "-- " signature before it
    ("quote-gmail.eml", "s7Kp2QxZ9mWv", "Thanks, Thursday works for me.\nI'll bring the draft CV."),
    # Outlook: the underscore rule and its From/Sent/To/Subject block; Windows-1252's dash read
    ("quote-outlook.eml", "Hq4-Vz_81kPd", "Hi Ann,\n\nSounds good – see you Thursday.\n\nBen"),
    # Apple Mail: the attribution quoted too; sent to the plain mailbox, so no token
    ("quote-apple.eml", "", "Yes please — the café near the station is fine."),
    # Thunderbird: format=flowed joined into one line
    ("quote-thunderbird.eml", "Dn-7777aaaa",
     "Here is the agenda I mentioned; we can go through it point by point on Friday."),
    # HTML only: entities unescaped, line breaks kept, the gmail_quote's blockquote left out
    ("reply-html-only.eml", "s7Kp2QxZ9mWv", "Fish & chips after?\nMeet at 10 <sharp>."),
])
def test_a_reply_keeps_only_its_own_words(name, token, text):
    incoming = read(mail(name), MAILBOX)
    assert (incoming.kind, incoming.token, incoming.text, incoming.calendars) == ("reply", token, text, ())


@pytest.mark.parametrize("body, text", [
    ("Yes.\n\n-----Original Message-----\nFrom: Mentoring\nSent: Tuesday\n\nOld", "Yes."),
    ("Yes.\n\nFrom: Mentoring <mentoring@mentoring.example.org>\nSent: Tuesday, December 1, 2026 10:00\n"
     "To: Ann\nSubject: Check-in\n\nOld", "Yes."),
    ("Yes.\n\n*From:* Mentoring\n*Date:* Tuesday\n\nOld", "Yes."),
    ("Ja.\n\nAm Di., 1. Dez. 2026 um 10:00 Uhr schrieb Mentoring <mentoring@mentoring.example.org>:\n> Alt",
     "Ja."),
    ("Oui.\n\nLe mar. 1 déc. 2026 à 10:00, Mentoring <mentoring@mentoring.example.org> a écrit\u00a0:\n> Ancien",
     "Oui."),
    ("On Tuesday I'm free.\nThursday too.", "On Tuesday I'm free.\nThursday too."),  # "On" alone starts no history
    ("> Can you do Thursday?\nYes.\n> And Friday?\nNo.", "Yes.\nNo."),  # answered between the quoted lines
    ("From: now on, Thursdays.", "From: now on, Thursdays."),
])
def test_quoted_history_is_left_out_in_every_shape(body, text):
    assert read(short_mail(body=body), MAILBOX).text == text


def test_a_reply_keeps_its_files_but_not_the_pictures_of_its_html():
    assert read(mail("quote-thunderbird.eml"), MAILBOX).attachments == (
        ("agenda.pdf", "application/pdf", b"%PDF-1.4\n% agenda\n"),)
    assert read(mail("reply-html-only.eml"), MAILBOX).attachments == ()


def test_a_message_forwarded_inside_a_reply_is_a_file_as_it_was_written():
    forwarded = b"From: ben@example.org\nSubject: My CV\n\nAttached.\n"
    raw = (b"From: ann@example.org\nTo: mentoring@mentoring.example.org\nSubject: Fwd: My CV\n"
           b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nSee below.\n"
           b"--b\nContent-Type: message/rfc822\n\n" + forwarded + b"--b--\n")
    incoming = read(raw, MAILBOX)
    assert (incoming.kind, incoming.text) == ("reply", "See below.")
    assert [(name, kind, b"Subject: My CV" in data) for name, kind, data in incoming.attachments] == [
        ("", "message/rfc822", True)]


def test_a_message_names_who_sent_it_and_to_whom():
    incoming = read(mail("quote-thunderbird.eml"), MAILBOX)
    assert incoming.message_id == "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0@northwind.example"
    assert incoming.sender == "dan@northwind.example"
    # Delivered-To first, then To and Cc; the plus-address in Cc again is kept once; all lower-case
    assert incoming.recipients == ("mentoring+dn-7777aaaa@mentoring.example.org", "carla.diaz@icloud.com")
    assert incoming.subject == "Re: Your pair, Carla and Dan"


@pytest.mark.parametrize("raw", [
    b"",
    b"\x00\xff\xfe not a message at all",
    # a calendar part that is no calendar
    b"From: a@example.org\nContent-Type: text/calendar; method=REPLY\n\nBEGIN:VCALENDAR\nBEGIN:VEVENT\n",
])
def test_what_cannot_be_read_is_unreadable_and_never_raises(raw):
    assert read(raw, MAILBOX).kind == "unreadable"


@pytest.mark.parametrize("addresses, subject, header, token", [
    (["mentoring+AbCdEf12@x.org"], "", "", "AbCdEf12"),
    (["MENTORING+AbCdEf12@x.org"], "", "", "AbCdEf12"),  # the local part in any case, the token as written
    (["ann@x.org", "mentoring+first-token@x.org", "mentoring+second-tok@x.org"], "", "", "first-token"),
    (["mentoring+short@x.org"], "", "", ""),  # under 8 characters
    (["mentoring+" + "a" * 81 + "@x.org"], "", "", ""),  # over 80
    (["mentoring+bad.token1@x.org"], "", "", ""),  # a dot is no token character
    (["xmentoring+AbCdEf12@x.org", "mentoringx+AbCdEf12@x.org"], "", "", ""),  # another mailbox
    (["mentoring@x.org"], "Re: [#SubjectTok1]", "Header_Tok1", "Header_Tok1"),  # the header before the subject
    (["mentoring+PlusTok12@x.org"], "Re: [#SubjectTok1]", "Header_Tok1", "PlusTok12"),  # the address first
    (["mentoring@x.org"], "Re: Check-in [#SubjectTok1]", "", "SubjectTok1"),
    (["mentoring@x.org"], "Re: Check-in [SubjectTok1]", "not a token!", ""),
    ([], "", " Header_Tok1 ", "Header_Tok1"),
])
def test_token_in(addresses, subject, header, token):
    assert token_in(addresses, subject, header, "mentoring") == token
